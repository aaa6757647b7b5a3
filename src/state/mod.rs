//! Where the core and the host meet: loading (and later saving) an issue's checklist.

pub mod load;
pub mod saver;
pub mod sync;
