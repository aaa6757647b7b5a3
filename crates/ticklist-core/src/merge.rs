//! Merging two copies of a document that diverged from a common past.
//!
//! `merge` is a join: commutative, associative and idempotent, so every client that reads the
//! stored copy, merges its own and writes the result keeps every change it has seen, in any order.
//!
//! Rules:
//! - each field of each item or list: the write with the later [`Stamp`](crate::Stamp) wins;
//!   concurrent edits of different fields or different items all survive;
//! - delete against edit of the same item or list: **delete wins**; the tombstone keeps the
//!   latest delete stamp. (Undo of a delete re-creates the item under a new id.)
//! - order: each item's order key is a field like any other; ties sort by item id.

use crate::model::{Document, ItemEntry, ListEntry};
use std::collections::BTreeMap;

/// The join of two documents.
pub fn merge(a: &Document, b: &Document) -> Document {
    Document {
        lists: join_maps(&a.lists, &b.lists, |x, y| match (x, y) {
            (ListEntry::Deleted(t), ListEntry::Deleted(u)) => ListEntry::Deleted(t.join(u)),
            (ListEntry::Deleted(t), _) | (_, ListEntry::Deleted(t)) => {
                ListEntry::Deleted(t.clone())
            }
            (ListEntry::Live(l), ListEntry::Live(m)) => ListEntry::Live(crate::model::ListState {
                name: l.name.join(&m.name),
                order: l.order.join(&m.order),
            }),
        }),
        items: join_maps(&a.items, &b.items, |x, y| match (x, y) {
            (ItemEntry::Deleted(t), ItemEntry::Deleted(u)) => ItemEntry::Deleted(t.join(u)),
            (ItemEntry::Deleted(t), _) | (_, ItemEntry::Deleted(t)) => {
                ItemEntry::Deleted(t.clone())
            }
            (ItemEntry::Live(s), ItemEntry::Live(t)) => ItemEntry::Live(Box::new(s.join(t))),
        }),
        meta: join_maps(&a.meta, &b.meta, |x, y| x.join(y)),
    }
}

/// Whether `stored` already holds everything in `local` (so writing `local` would add nothing).
/// A save cycle re-reads after writing and repeats until this holds: that is what makes a change
/// "acknowledged" even when another writer overwrote the property in between.
pub fn contains(stored: &Document, local: &Document) -> bool {
    merge(stored, local) == *stored
}

/// Merges `other` into `doc` in place.
pub fn merge_into(doc: &mut Document, other: &Document) {
    *doc = merge(doc, other);
}

fn join_maps<K: Ord + Clone, V: Clone>(
    a: &BTreeMap<K, V>,
    b: &BTreeMap<K, V>,
    join: impl Fn(&V, &V) -> V,
) -> BTreeMap<K, V> {
    let mut out = a.clone();
    for (k, v) in b {
        let joined = match out.get(k) {
            Some(mine) => join(mine, v),
            None => v.clone(),
        };
        out.insert(k.clone(), joined);
    }
    out
}
