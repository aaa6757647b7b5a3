//! Ticklist: checklists on Jira issues, stored in Jira itself.
//!
//! Layers (see the README): `host` talks to Jira, `state` joins host and core, `components`
//! render. `main.rs` is the composition root that picks the host.

pub mod app;
pub mod components;
pub mod host;
pub mod pages;
pub mod state;
pub mod strings;
