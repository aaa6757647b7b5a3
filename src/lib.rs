//! Ticklist: checklists on Jira issues, stored in Jira itself.
//!
//! Layers (docs/ARCHITECTURE.md; `tests/layers.rs` enforces them): `host` talks to Jira,
//! `state` decides (opening, edits, saving, merging), `components` and `pages` show. The
//! composition roots (`main.rs`, `bin/ticklist-settings.rs`) pick the host.

pub mod components;
pub mod host;
pub mod pages;
pub mod state;
pub mod strings;
