//! Components: props in, callbacks out; they never call the host.

pub mod checklist;
