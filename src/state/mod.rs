//! Where the core and the host meet: opening each page, the edits users make, saving them in
//! the background, and keeping up with other people's changes. No UI here: pages and
//! components read this layer's signals and call its functions.

pub mod cold;
pub mod deferred;
pub mod edit;
pub mod editor;
pub mod filter;
pub mod linked;
pub mod load;
pub mod local;
pub mod migration;
pub mod page;
pub mod panel;
pub mod people;
pub mod saver;
pub mod settings;
pub mod settings_cache;
pub mod settings_page;
pub mod sync;
pub mod time;
pub mod undo;
pub mod unsaved;
