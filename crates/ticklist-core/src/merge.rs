//! Merging two copies of a document that diverged from a common past.
//!
//! `merge` is a join: commutative, associative and idempotent, so every client that reads the
//! stored copy, merges its own and writes the result keeps every change it has seen, in any order.
//!
//! Rules (the [`Join`] implementations in `model/register.rs`):
//! - each field of each item or list: the write with the later [`Stamp`](crate::Stamp) wins;
//!   concurrent edits of different fields or different items all survive;
//! - delete against edit of the same item or list: **delete wins**; the tombstone keeps the
//!   latest delete stamp. (Undo of a delete re-creates the item under a new id.)
//! - order: each item's order key is a field like any other; ties sort by item id.

use crate::model::{Document, Join};

impl Join for Document {
    fn join_assign(&mut self, other: &Self) {
        self.lists.join_assign(&other.lists);
        self.items.join_assign(&other.items);
        self.meta.join_assign(&other.meta);
        self.pruned.join_assign(&other.pruned);
        self.drop_pruned_entries();
    }
}

/// The join of two documents.
pub fn merge(a: &Document, b: &Document) -> Document {
    let mut out = a.clone();
    out.join_assign(b);
    out
}

/// Whether `stored` already holds everything in `local` (so writing `local` would add nothing).
/// A save cycle re-reads after writing and repeats until this holds: that is what makes a change
/// "acknowledged" even when another writer overwrote the property in between.
pub fn contains(stored: &Document, local: &Document) -> bool {
    merge(stored, local) == *stored
}
