//! The document: every register of one issue's checklists, and its projection into the plain
//! lists the UI shows.

use super::ids::{ItemId, ListId};
use super::prune::Pruned;
use super::register::{ItemEntry, ItemState, ListEntry, ListState, Lww};
use super::view::{Item, ItemKind, List};
use super::{DEFAULT_LIST, DEFAULT_LIST_NAME};
use crate::error::OpError;
use crate::stamp::Clock;
use crate::status::TODO;
use std::collections::BTreeMap;

/// Everything stored for one issue's checklists.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Document {
    pub lists: BTreeMap<ListId, ListEntry>,
    pub items: BTreeMap<ItemId, ItemEntry>,
    /// Small named facts, e.g. which default template was applied automatically.
    pub meta: BTreeMap<String, Lww<String>>,
    /// Deleted items forgotten for good (see `prune.rs`).
    pub pruned: Pruned,
}

impl Document {
    pub fn new() -> Self {
        Self::default()
    }

    /// The highest Lamport counter anywhere in the document; a clock must observe it before
    /// writing so that its writes win over everything it has seen.
    pub fn max_counter(&self) -> u64 {
        let items = self.items.values().map(|e| match e {
            ItemEntry::Live(s) => s.max_stamp().counter,
            ItemEntry::Deleted(t) => t.stamp.counter,
        });
        let lists = self.lists.values().map(|e| match e {
            ListEntry::Live(l) => l.name.stamp.counter.max(l.order.stamp.counter),
            ListEntry::Deleted(t) => t.stamp.counter,
        });
        let meta = self.meta.values().map(|m| m.stamp.counter);
        items.chain(lists).chain(meta).max().unwrap_or(0)
    }

    /// The live checklists in order, each with its live items in order.
    ///
    /// Items whose checklist was deleted while someone added to it concurrently are not lost:
    /// they show in the first checklist.
    pub fn lists(&self) -> Vec<List> {
        let mut lists: Vec<(&str, &ListId, &ListState)> = self
            .lists
            .iter()
            .filter_map(|(id, e)| match e {
                ListEntry::Live(l) => Some((l.order.value.as_str(), id, l)),
                ListEntry::Deleted(_) => None,
            })
            .collect();
        crate::sort::sort_by(&mut lists, |a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        let mut out: Vec<List> = lists
            .iter()
            .map(|(_, id, l)| List {
                id: (*id).clone(),
                name: l.name.value.clone(),
                items: Vec::new(),
            })
            .collect();
        let mut items: Vec<(&str, &ItemId, &ItemState)> = self
            .items
            .iter()
            .filter_map(|(id, e)| match e {
                ItemEntry::Live(s) => Some((s.order.value.as_str(), id, s.as_ref())),
                ItemEntry::Deleted(_) => None,
            })
            .collect();
        crate::sort::sort_by(&mut items, |a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        let mut orphans = Vec::new();
        for (_, id, s) in items {
            // A header has no status: a concurrent toggle of an item that became a header stays
            // stored (it would matter again if it became an item) but is not shown.
            let header = s.kind.value == ItemKind::Header;
            let item = Item {
                id: id.clone(),
                text: s.text.value.clone(),
                status: if header {
                    TODO.into()
                } else {
                    s.status.value.clone()
                },
                mandatory: s.mandatory.value && !header,
                kind: s.kind.value,
                details: s.details.value.clone(),
                assignee: s.assignee.value.clone(),
                due: s.due.value,
                issue: s.issue.value.clone(),
                follow: s.follow.value && s.issue.value.is_some() && !header,
            };
            match out.iter_mut().find(|l| l.id == s.list.value) {
                Some(list) => list.items.push(item),
                None => orphans.push(item),
            }
        }
        if !orphans.is_empty() {
            match out.first_mut() {
                Some(first) => first.items.extend(orphans),
                None => out.push(List {
                    id: DEFAULT_LIST.into(),
                    name: DEFAULT_LIST_NAME.into(),
                    items: orphans,
                }),
            }
        }
        out
    }

    /// One live item by id.
    pub fn item(&self, id: &ItemId) -> Option<Item> {
        self.lists()
            .into_iter()
            .flat_map(|l| l.items)
            .find(|i| i.id == id)
    }

    pub(super) fn live_item_mut(&mut self, id: &ItemId) -> Result<&mut ItemState, OpError> {
        match self.items.get_mut(id) {
            Some(ItemEntry::Live(s)) => Ok(s),
            _ => Err(OpError::ItemNotFound(id.clone())),
        }
    }

    pub(super) fn checkable_item_mut(&mut self, id: &ItemId) -> Result<&mut ItemState, OpError> {
        let s = self.live_item_mut(id)?;
        if s.kind.value == ItemKind::Header {
            return Err(OpError::NotCheckable);
        }
        Ok(s)
    }

    pub(super) fn live_list(&self, id: &ListId) -> Result<&ListState, OpError> {
        match self.lists.get(id) {
            Some(ListEntry::Live(l)) => Ok(l),
            _ => Err(OpError::ListNotFound(id.clone())),
        }
    }

    /// Whether a live checklist with this id exists (without building the view).
    pub fn has_list(&self, id: &ListId) -> bool {
        self.live_list(id).is_ok()
    }

    /// The first live checklist in display order, read from the registers directly.
    pub(super) fn first_list_id(&self) -> Option<ListId> {
        self.lists
            .iter()
            .filter_map(|(id, e)| match e {
                ListEntry::Live(l) => Some((l.order.value.as_str(), id)),
                ListEntry::Deleted(_) => None,
            })
            .min()
            .map(|(_, id)| id.clone())
    }

    pub(super) fn live_list_count(&self) -> usize {
        self.lists
            .values()
            .filter(|e| matches!(e, ListEntry::Live(_)))
            .count()
    }

    /// Item ids of a list in display order (orphans excluded).
    pub(super) fn ordered_ids(&self, list: &ListId) -> Vec<(String, ItemId)> {
        let mut v: Vec<(String, ItemId)> = self
            .items
            .iter()
            .filter_map(|(id, e)| match e {
                ItemEntry::Live(s) if s.list.value == list => {
                    Some((s.order.value.clone(), id.clone()))
                }
                _ => None,
            })
            .collect();
        crate::sort::sort(&mut v);
        v
    }

    /// Reads a small named fact.
    pub fn meta(&self, key: &str) -> Option<&str> {
        self.meta.get(key).map(|m| m.value.as_str())
    }

    pub fn set_meta(&mut self, clock: &mut Clock, key: &str, value: &str) {
        self.meta
            .insert(key.into(), Lww::new(value.into(), clock.tick()));
    }
}
