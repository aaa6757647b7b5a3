//! Where the core and the host meet: loading (and later saving) an issue's checklist.

pub mod actions;
pub mod load;
pub mod saver;
pub mod settings;
pub mod sync;
