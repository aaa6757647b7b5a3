//! Pages: each picks its data from `state` and composes components.

pub mod settings;
