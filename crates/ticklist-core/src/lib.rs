//! Ticklist's pure domain: the checklist model and its operations, the text format, importers
//! for other apps' formats, the storage codec, the merge that keeps concurrent edits, and the
//! summary Jira indexes. No web dependencies: everything here is tested natively.

pub mod codec;
pub mod date;
pub mod error;
pub mod import;
pub mod inline;
pub mod limits;
pub mod merge;
pub mod model;
pub mod order;
pub mod settings;
pub mod sort;
pub mod stamp;
pub mod status;
pub mod summary;
pub mod text;

pub use date::Date;
pub use error::OpError;
pub use limits::{Limit, Limits};
pub use merge::merge;
pub use model::{
    ApplyMode, Document, IssueRef, Item, ItemId, ItemKind, List, ListId, NewItem, Progress,
};
pub use stamp::{Clock, Stamp};
pub use status::{Category, Status, StatusId, StatusSet};
pub use summary::Summary;
