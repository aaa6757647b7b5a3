//! The checklist document: what one issue stores, and every operation a user can make on it.
//!
//! The document is a state-based CRDT so that two people editing at once both keep their changes
//! (see [`crate::merge`]):
//! - every field of every item and list is a last-writer-wins register ([`Lww`]) carrying the
//!   [`Stamp`] of its last write, so concurrent edits of *different* fields or items all survive;
//! - a deleted item or list becomes a [`Tombstone`]: delete wins over a concurrent edit of the same
//!   item (the one rule for that conflict), and tombstones are small and prunable;
//! - order is a fractional key per item ([`crate::order`]), so moves touch only the moved item.
//!
//! What the UI shows is derived: [`Document::lists`] returns plain [`List`]s of [`Item`]s.

mod document;
mod history;
mod ids;
mod items;
mod linked;
mod lists;
mod prune;
mod reconcile;
mod register;
mod validate;
mod view;

pub use document::Document;
pub use history::{Change, Field};
pub(crate) use ids::radix36;
pub use ids::{AccountId, ItemId, ListId};
pub use prune::{Batch, Pruned, BATCH_HORIZON_MS, TOMBSTONE_HORIZON_MS};
pub use register::{ItemEntry, ItemState, Join, ListEntry, ListState, Lww, Tombstone};
pub use validate::{check_text, normalize_details};
pub use view::{IssueRef, Item, ItemKind, List, NewItem, Progress};

/// The list every document has unless a user deletes it; a fixed id so that two replicas that
/// create it at once create the same list.
pub const DEFAULT_LIST: &str = "main";
pub const DEFAULT_LIST_NAME: &str = "Checklist";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApplyMode {
    Append,
    Replace,
}
