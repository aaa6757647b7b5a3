//! Replacing a document's content with edited lists (text mode) while keeping item identity.

use super::document::Document;
use super::ids::{item_id, list_id, ListId};
use super::register::ItemState;
use super::register::{ItemEntry, ListEntry, ListState, Lww};
use super::validate::{check_list_name, check_new_item, check_text, normalize_details};
use super::view::{Item, List, NewItem};
use crate::error::OpError;
use crate::limits::{Limit, Limits};
use crate::order::reorder_keys;
use crate::stamp::Clock;

impl Document {
    /// Replaces the content of the document with `lists` (the text editor's result), touching only
    /// what differs so that concurrent edits by others to anything else survive the merge.
    /// Items keep their identity by id; items absent from `lists` are deleted.
    pub fn reconcile(
        &mut self,
        clock: &mut Clock,
        lists: &[List],
        limits: &Limits,
        now_ms: u64,
    ) -> Result<(), OpError> {
        if lists.len() > limits.lists_per_issue {
            return Err(OpError::Limit {
                limit: Limit::ListsPerIssue,
                max: limits.lists_per_issue,
                value: lists.len(),
            });
        }
        for l in lists {
            check_list_name(&l.name, limits)?;
            if l.items.len() > limits.items_per_list {
                return Err(OpError::Limit {
                    limit: Limit::ItemsPerList,
                    max: limits.items_per_list,
                    value: l.items.len(),
                });
            }
            for i in &l.items {
                check_new_item(&NewItem::from(i), limits)?;
            }
        }
        let mut next = self.clone();
        let current = next.lists();
        // Lists: keep ids that exist, create the others, delete those not mentioned.
        let list_keys = reorder_keys(
            &lists
                .iter()
                .map(|l| next.live_list(&l.id).ok().map(|s| s.order.value.clone()))
                .collect::<Vec<_>>(),
        );
        // A list without an id, or whose id was deleted (delete wins), is a new list.
        let list_ids: Vec<ListId> = lists
            .iter()
            .map(|l| match next.lists.get(&l.id) {
                Some(ListEntry::Deleted(_)) => list_id(&clock.tick()),
                _ if l.id.is_empty() => list_id(&clock.tick()),
                _ => l.id.clone(),
            })
            .collect();
        let mut seen_items = std::collections::BTreeSet::new();
        for ((l, key), lid) in lists.iter().zip(list_keys).zip(&list_ids) {
            let name = check_list_name(&l.name, limits)?;
            match next.lists.get_mut(lid) {
                Some(ListEntry::Live(s)) => {
                    if s.name.value != name {
                        s.name = Lww::new(name, clock.tick());
                    }
                    if s.order.value != key {
                        s.order = Lww::new(key, clock.tick());
                    }
                }
                _ => {
                    let stamp = clock.tick();
                    next.lists.insert(
                        lid.clone(),
                        ListEntry::Live(ListState {
                            name: Lww::new(name, stamp.clone()),
                            order: Lww::new(key, stamp),
                        }),
                    );
                }
            }
            let item_keys = reorder_keys(
                &l.items
                    .iter()
                    .map(|i| match next.items.get(&i.id) {
                        Some(ItemEntry::Live(s)) if s.list.value == *lid => {
                            Some(s.order.value.clone())
                        }
                        _ => None,
                    })
                    .collect::<Vec<_>>(),
            );
            for (item, key) in l.items.iter().zip(item_keys) {
                let item = Item {
                    text: check_text(&item.text, limits)?,
                    details: normalize_details(&item.details),
                    ..item.clone()
                };
                seen_items.insert(item.id.clone());
                next.upsert_item(clock, lid, key, &item);
            }
        }
        for l in &current {
            if !list_ids.contains(&l.id) {
                next.delete_list(clock, &l.id, now_ms)?;
            }
            for i in &l.items {
                if !seen_items.contains(&i.id) {
                    // An item may already have gone with its list above.
                    let _ = next.delete_item(clock, &i.id, now_ms);
                }
            }
        }
        *self = next;
        Ok(())
    }

    fn upsert_item(&mut self, clock: &mut Clock, list: &ListId, key: String, item: &Item) {
        match self.items.get_mut(&item.id) {
            Some(ItemEntry::Live(s)) => {
                set_if_changed(&mut s.list, list.to_owned(), clock);
                set_if_changed(&mut s.order, key, clock);
                set_if_changed(&mut s.text, item.text.clone(), clock);
                set_if_changed(&mut s.status, item.status.clone(), clock);
                set_if_changed(&mut s.mandatory, item.mandatory, clock);
                set_if_changed(&mut s.kind, item.kind, clock);
                set_if_changed(&mut s.details, item.details.clone(), clock);
                set_if_changed(&mut s.assignee, item.assignee.clone(), clock);
                set_if_changed(&mut s.due, item.due, clock);
            }
            // Unknown or deleted id: a new item (a deleted id is never brought back, since delete
            // wins, so it gets a fresh id).
            existing => {
                let id = if existing.is_some() || item.id.is_empty() {
                    None
                } else {
                    Some(item.id.clone())
                };
                let stamp = clock.tick();
                let id = id.unwrap_or_else(|| item_id(&stamp));
                self.items.insert(
                    id,
                    ItemEntry::Live(Box::new(ItemState::new(
                        list.into(),
                        key,
                        &NewItem::from(item),
                        &stamp,
                    ))),
                );
            }
        }
    }
}

fn set_if_changed<T: Clone + Ord>(reg: &mut Lww<T>, value: T, clock: &mut Clock) {
    if reg.value != value {
        *reg = Lww::new(value, clock.tick());
    }
}
