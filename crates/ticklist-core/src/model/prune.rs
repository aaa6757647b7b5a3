//! Forgetting deleted items without bringing them back.
//!
//! A delete leaves a [`Tombstone`](super::Tombstone) so that a replica still holding the live
//! item cannot re-add it when it merges. Kept forever, tombstones fill the 16-part cap of a
//! checklist that is emptied and re-filled from a template every sprint. Pruning happens in two
//! steps, each with its own horizon:
//!
//! 1. A tombstone older than [`TOMBSTONE_HORIZON_MS`] becomes a bare id in a *batch* of pruned
//!    ids (about a tenth of its size). A batch is part of the join: merging a document that lists
//!    an id as pruned removes that item from the result, however live the other side holds it.
//!    So a replica that never saw the delete still loses the item when it next reads.
//! 2. A batch older than [`BATCH_HORIZON_MS`] is dropped, and the document's watermark
//!    (`before`) moves up to the cutoff. A replica whose last read of the stored document is older
//!    than the watermark may hold items from a dropped batch; [`Document::forget_pruned`] drops
//!    every item it had read from the store that the store no longer has. Nothing else can make
//!    a stored item disappear, so the rule removes only deleted items.
//!
//! The watermark assumes that a replica which read after a batch was made saw that batch. A
//! stale write (read before the batch, written after) can erase it from the store until the
//! pruning replica writes again; an open panel does within a minute (its catch-up), which the
//! property test `pruning_never_brings_a_deleted_item_back` models. A replica that read in
//! that minute and then stayed away past the batch's horizon could bring the item back.
//!
//! The default checklist keeps its tombstone: its id is fixed (two replicas that create it at once
//! create the same list), so pruning it would delete every re-created default list.

use super::ids::{ItemId, ListId};
use super::register::{ItemEntry, ListEntry};
use super::{Document, DEFAULT_LIST};
use std::collections::{BTreeMap, BTreeSet};

/// How old a delete must be before its tombstone is reduced to an id: longer than any open
/// panel goes without reading (they re-read on focus and after every save).
pub const TOMBSTONE_HORIZON_MS: u64 = 7 * DAY_MS;
/// How long pruned ids are kept: a replica offline for longer than this falls back on the
/// watermark rule.
pub const BATCH_HORIZON_MS: u64 = 90 * DAY_MS;
const DAY_MS: u64 = 24 * 60 * 60 * 1000;

/// Ids pruned from a document, by the time they were pruned, and the watermark below which
/// batches are gone.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pruned {
    pub batches: BTreeMap<u64, Batch>,
    /// Batches made before this time (ms) have been dropped.
    pub before: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Batch {
    pub items: BTreeSet<ItemId>,
    pub lists: BTreeSet<ListId>,
}

impl Pruned {
    pub fn is_empty(&self) -> bool {
        self.batches.is_empty() && self.before == 0
    }

    fn has_item(&self, id: &ItemId) -> bool {
        self.batches.values().any(|b| b.items.contains(id))
    }

    fn has_list(&self, id: &ListId) -> bool {
        self.batches.values().any(|b| b.lists.contains(id))
    }

    pub(crate) fn join_assign(&mut self, other: &Self) {
        self.before = self.before.max(other.before);
        for (at, b) in &other.batches {
            let mine = self.batches.entry(*at).or_default();
            mine.items.extend(b.items.iter().cloned());
            mine.lists.extend(b.lists.iter().cloned());
        }
        let before = self.before;
        keep_only(&mut self.batches, |at, _| *at >= before);
    }
}

impl Document {
    /// Removes every entry a batch lists (part of the join, see the module docs).
    pub(crate) fn drop_pruned_entries(&mut self) {
        if self.pruned.batches.is_empty() {
            return;
        }
        let pruned = &self.pruned;
        keep_only(&mut self.items, |id, _| !pruned.has_item(id));
        keep_only(&mut self.lists, |id, _| !pruned.has_list(id));
    }

    /// Prunes at `now_ms`: tombstones older than the horizon become ids in a new batch, batches
    /// older than theirs are dropped. Returns how many entries changed form; 0 leaves the
    /// document exactly as it was (so a save that prunes nothing writes nothing more).
    pub fn prune_tombstones(&mut self, now_ms: u64) -> usize {
        let cutoff = now_ms.saturating_sub(TOMBSTONE_HORIZON_MS);
        let mut batch = Batch::default();
        keep_only(&mut self.items, |id, e| match e {
            ItemEntry::Deleted(t) if t.at_ms < cutoff => {
                batch.items.insert(id.clone());
                false
            }
            _ => true,
        });
        keep_only(&mut self.lists, |id, e| match e {
            ListEntry::Deleted(t) if t.at_ms < cutoff && id.as_str() != DEFAULT_LIST => {
                batch.lists.insert(id.clone());
                false
            }
            _ => true,
        });
        let mut changed = batch.items.len() + batch.lists.len();
        if changed > 0 {
            let mine = self.pruned.batches.entry(now_ms).or_default();
            mine.items.extend(batch.items);
            mine.lists.extend(batch.lists);
        }
        let expire = now_ms.saturating_sub(BATCH_HORIZON_MS);
        let old = self.pruned.batches.range(..expire).count();
        if old > 0 {
            keep_only(&mut self.pruned.batches, |at, _| *at >= expire);
            self.pruned.before = self.pruned.before.max(expire);
            changed += old;
        }
        changed
    }

    /// Before merging into `stored`: if batches were dropped since this replica last read the
    /// store (`base`, read at `base_read_ms`), items and lists that `base` had and `stored`
    /// lacks were deleted and pruned, so they go from this copy too instead of coming back.
    pub fn forget_pruned(&mut self, base: &Document, base_read_ms: u64, stored: &Document) {
        if base_read_ms >= stored.pruned.before {
            return;
        }
        keep_only(&mut self.items, |id, _| {
            !base.items.contains_key(id) || stored.items.contains_key(id)
        });
        keep_only(&mut self.lists, |id, _| {
            !base.lists.contains_key(id) || stored.lists.contains_key(id)
        });
    }
}

/// `BTreeMap::retain` without its node-removal code (about 10 KB of the wasm every issue view
/// downloads, for something that happens once a week): the map is rebuilt by insertion, and
/// only when something goes.
fn keep_only<K: Ord, V>(map: &mut BTreeMap<K, V>, mut keep: impl FnMut(&K, &V) -> bool) {
    if map.iter().all(|(k, v)| keep(k, v)) {
        return;
    }
    for (k, v) in std::mem::take(map) {
        if keep(&k, &v) {
            map.insert(k, v);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::merge::merge;
    use crate::{Clock, Limits, NewItem};

    const NOW: u64 = 400 * DAY_MS;

    fn doc_with(n: usize) -> (Document, Clock, Vec<ItemId>) {
        let mut d = Document::new();
        let mut c = Clock::new("a");
        let list = d.ensure_list(&mut c);
        let ids = (0..n)
            .map(|i| {
                d.add_item(
                    &mut c,
                    &list,
                    &NewItem::text(format!("i{i}")),
                    &Limits::default(),
                )
                .unwrap()
            })
            .collect();
        (d, c, ids)
    }

    #[test]
    fn only_old_tombstones_become_ids_and_nothing_changes_otherwise() {
        let (mut d, mut c, ids) = doc_with(3);
        d.delete_item(&mut c, &ids[0], NOW - 8 * DAY_MS).unwrap();
        d.delete_item(&mut c, &ids[1], NOW - DAY_MS).unwrap();
        let before = d.clone();
        assert_eq!(d.clone().prune_tombstones(NOW - 2 * DAY_MS), 0);
        let mut same = before.clone();
        same.prune_tombstones(NOW - 2 * DAY_MS);
        assert_eq!(same, before, "nothing old enough: untouched");
        assert_eq!(d.prune_tombstones(NOW), 1);
        assert!(!d.items.contains_key(&ids[0]));
        assert!(matches!(d.items[&ids[1]], ItemEntry::Deleted(_)));
        assert!(d.pruned.batches[&NOW].items.contains(&ids[0]));
    }

    #[test]
    fn a_replica_holding_the_live_item_loses_it_on_merge() {
        let (base, mut c, ids) = doc_with(2);
        let stale = base.clone();
        let mut stored = base;
        stored
            .delete_item(&mut c, &ids[0], NOW - 30 * DAY_MS)
            .unwrap();
        stored.prune_tombstones(NOW);
        for m in [merge(&stale, &stored), merge(&stored, &stale)] {
            assert!(m.item(&ids[0]).is_none());
            assert!(m.item(&ids[1]).is_some());
        }
    }

    #[test]
    fn after_the_batch_expires_the_watermark_rule_still_forgets_the_item() {
        let (base, mut c, ids) = doc_with(2);
        let mut stale = base.clone();
        let mut stored = base.clone();
        stored
            .delete_item(&mut c, &ids[0], NOW - 30 * DAY_MS)
            .unwrap();
        stored.prune_tombstones(NOW);
        stored.prune_tombstones(NOW + 91 * DAY_MS);
        assert!(stored.pruned.batches.is_empty());
        assert!(stored.pruned.before > NOW);
        // Without the rule, the stale copy brings the item back.
        assert!(merge(&stale, &stored).item(&ids[0]).is_some());
        // A new item made offline stays; the pruned one goes.
        let list = stale.lists()[0].id.clone();
        let mut c2 = Clock::new("b");
        c2.observe(stale.max_counter());
        let new = stale
            .add_item(
                &mut c2,
                &list,
                &NewItem::text("offline"),
                &Limits::default(),
            )
            .unwrap();
        stale.forget_pruned(&base, NOW - 31 * DAY_MS, &stored);
        let m = merge(&stored, &stale);
        assert!(m.item(&ids[0]).is_none());
        assert!(m.item(&new).is_some());
        assert!(m.item(&ids[1]).is_some());
        // A replica that read after the watermark is left alone.
        let mut fresh = base.clone();
        fresh.forget_pruned(&base, stored.pruned.before, &stored);
        assert_eq!(fresh, base);
    }

    #[test]
    fn the_default_list_is_never_pruned() {
        let (mut d, mut c, _) = doc_with(1);
        let other = d.add_list(&mut c, "Other", &Limits::default()).unwrap();
        d.delete_list(&mut c, &ListId::default_list(), NOW - 30 * DAY_MS)
            .unwrap();
        d.delete_list(&mut c, &other, NOW - 30 * DAY_MS).ok();
        d.prune_tombstones(NOW);
        assert!(matches!(
            d.lists[&ListId::default_list()],
            ListEntry::Deleted(_)
        ));
        assert!(d
            .pruned
            .batches
            .values()
            .all(|b| !b.lists.contains(&ListId::default_list())));
    }
}
