//! Operations on items: insert (one, several, a template), edit each field, move, delete.

use super::document::Document;
use super::ids::{item_id, ItemId, ListId};
use super::register::{ItemEntry, ItemState, Lww, Tombstone};
use super::validate::{check_len, check_new_item, check_text, normalize_details};
use super::view::NewItem;
use super::ApplyMode;
use crate::date::Date;
use crate::error::OpError;
use crate::limits::{Limit, Limits};
use crate::order::{self, key_at};
use crate::stamp::Clock;
use crate::status::{valid_status_id, StatusId, StatusSet};

impl Document {
    /// Inserts an item into `list` at `index` (clamped to the end).
    pub fn insert_item(
        &mut self,
        clock: &mut Clock,
        list: &ListId,
        index: usize,
        item: &NewItem,
        limits: &Limits,
    ) -> Result<ItemId, OpError> {
        Ok(self
            .insert_items(clock, list, index, std::slice::from_ref(item), limits)?
            .remove(0))
    }

    /// Appends an item to `list`.
    pub fn add_item(
        &mut self,
        clock: &mut Clock,
        list: &ListId,
        item: &NewItem,
        limits: &Limits,
    ) -> Result<ItemId, OpError> {
        self.insert_item(clock, list, usize::MAX, item, limits)
    }

    /// Inserts several items (a paste, a template) at `index`; all or none.
    pub fn insert_items(
        &mut self,
        clock: &mut Clock,
        list: &ListId,
        index: usize,
        items: &[NewItem],
        limits: &Limits,
    ) -> Result<Vec<ItemId>, OpError> {
        self.insert_checked(clock, list, index, items, None, limits)
    }

    /// Appends items under ids made of `prefix` and their position, so that replicas inserting
    /// the same items this way (a default template put on a new issue by two people at once)
    /// create the same items, which merge into one copy. Ids already present, live or deleted,
    /// are left as they are.
    pub fn insert_items_with_ids(
        &mut self,
        clock: &mut Clock,
        list: &ListId,
        items: &[NewItem],
        prefix: &str,
        limits: &Limits,
    ) -> Result<Vec<ItemId>, OpError> {
        let ids: Vec<ItemId> = (0..items.len())
            .map(|n| ItemId::from(format!("{prefix}{n}")))
            .collect();
        self.insert_checked(clock, list, usize::MAX, items, Some(&ids), limits)
    }

    /// Appends items under the given ids (a migration's ids derived from its source), skipping
    /// ids already present, live or deleted: inserting the same items again adds nothing and
    /// undoes no later edit or delete.
    pub fn insert_items_as(
        &mut self,
        clock: &mut Clock,
        list: &ListId,
        items: &[(ItemId, NewItem)],
        limits: &Limits,
    ) -> Result<Vec<ItemId>, OpError> {
        let (ids, items): (Vec<ItemId>, Vec<NewItem>) = items
            .iter()
            .filter(|(id, _)| !self.items.contains_key(id))
            .cloned()
            .unzip();
        self.insert_checked(clock, list, usize::MAX, &items, Some(&ids), limits)
    }

    /// Checks every item and the list's limit first (all or none), then inserts at `index`
    /// under fresh ids, or under the given ones (those already present are skipped).
    fn insert_checked(
        &mut self,
        clock: &mut Clock,
        list: &ListId,
        index: usize,
        items: &[NewItem],
        fixed_ids: Option<&[ItemId]>,
        limits: &Limits,
    ) -> Result<Vec<ItemId>, OpError> {
        self.live_list(list)?;
        let checked = items
            .iter()
            .map(|i| check_new_item(i, limits))
            .collect::<Result<Vec<_>, _>>()?;
        let existing = self.ordered_ids(list);
        let total = existing.len() + checked.len();
        if total > limits.items_per_list {
            return Err(OpError::Limit {
                limit: Limit::ItemsPerList,
                max: limits.items_per_list,
                value: total,
            });
        }
        let index = index.min(existing.len());
        let lo = index.checked_sub(1).map(|i| existing[i].0.as_str());
        let hi = existing.get(index).map(|e| e.0.as_str());
        let keys = order::sequence(lo, hi, checked.len());
        let mut ids = Vec::with_capacity(checked.len());
        for (n, (item, key)) in checked.iter().zip(keys).enumerate() {
            let fixed = fixed_ids.map(|ids| ids[n].clone());
            if fixed.as_ref().is_some_and(|id| self.items.contains_key(id)) {
                continue;
            }
            let stamp = clock.tick();
            let id = fixed.unwrap_or_else(|| item_id(&stamp));
            self.items.insert(
                id.clone(),
                ItemEntry::Live(Box::new(ItemState::new(list.into(), key, item, &stamp))),
            );
            ids.push(id);
        }
        Ok(ids)
    }

    pub fn edit_text(
        &mut self,
        clock: &mut Clock,
        id: &ItemId,
        text: &str,
        limits: &Limits,
    ) -> Result<(), OpError> {
        let text = check_text(text, limits)?;
        let s = self.live_item_mut(id)?;
        if s.text.value != text {
            s.text = Lww::new(text, clock.tick());
        }
        Ok(())
    }

    pub fn set_status(
        &mut self,
        clock: &mut Clock,
        id: &ItemId,
        status: &str,
    ) -> Result<(), OpError> {
        if !valid_status_id(status) {
            return Err(OpError::InvalidStatus(status.into()));
        }
        let s = self.checkable_item_mut(id)?;
        s.status = Lww::new(status.into(), clock.tick());
        Ok(())
    }

    /// Done ↔ to do with one click; returns the new status.
    pub fn toggle(
        &mut self,
        clock: &mut Clock,
        id: &ItemId,
        statuses: &StatusSet,
    ) -> Result<StatusId, OpError> {
        let s = self.checkable_item_mut(id)?;
        let next = statuses.toggled(&s.status.value);
        s.status = Lww::new(next.clone(), clock.tick());
        Ok(next)
    }

    pub fn set_mandatory(
        &mut self,
        clock: &mut Clock,
        id: &ItemId,
        on: bool,
    ) -> Result<(), OpError> {
        let s = self.checkable_item_mut(id)?;
        s.mandatory = Lww::new(on, clock.tick());
        Ok(())
    }

    pub fn set_details(
        &mut self,
        clock: &mut Clock,
        id: &ItemId,
        details: &str,
        limits: &Limits,
    ) -> Result<(), OpError> {
        let details = normalize_details(details);
        check_len(&details, limits.details_chars, Limit::Details)?;
        let s = self.live_item_mut(id)?;
        s.details = Lww::new(details, clock.tick());
        Ok(())
    }

    pub fn set_assignee(
        &mut self,
        clock: &mut Clock,
        id: &ItemId,
        assignee: Option<&str>,
    ) -> Result<(), OpError> {
        let s = self.live_item_mut(id)?;
        s.assignee = Lww::new(assignee.map(str::to_owned), clock.tick());
        Ok(())
    }

    pub fn set_due(
        &mut self,
        clock: &mut Clock,
        id: &ItemId,
        due: Option<Date>,
    ) -> Result<(), OpError> {
        let s = self.live_item_mut(id)?;
        s.due = Lww::new(due, clock.tick());
        Ok(())
    }

    /// Moves an item to `index` in `list` (which may be another checklist).
    pub fn move_item(
        &mut self,
        clock: &mut Clock,
        id: &ItemId,
        list: &ListId,
        index: usize,
    ) -> Result<(), OpError> {
        self.live_list(list)?;
        self.live_item_mut(id)?;
        let others: Vec<String> = self
            .ordered_ids(list)
            .into_iter()
            .filter(|(_, i)| i != id)
            .map(|(k, _)| k)
            .collect();
        let key = key_at(&others, index);
        let stamp = clock.tick();
        let s = self.live_item_mut(id)?;
        if s.list.value != list {
            s.list = Lww::new(list.into(), stamp.clone());
        }
        s.order = Lww::new(key, stamp);
        Ok(())
    }

    pub fn delete_item(
        &mut self,
        clock: &mut Clock,
        id: &ItemId,
        now_ms: u64,
    ) -> Result<(), OpError> {
        self.live_item_mut(id)?;
        self.items.insert(
            id.into(),
            ItemEntry::Deleted(Tombstone {
                stamp: clock.tick(),
                at_ms: now_ms,
            }),
        );
        Ok(())
    }

    /// Adds a template's items to a list, at the end or in place of its items.
    pub fn apply_template(
        &mut self,
        clock: &mut Clock,
        list: &ListId,
        template: &[NewItem],
        mode: ApplyMode,
        limits: &Limits,
        now_ms: u64,
    ) -> Result<Vec<ItemId>, OpError> {
        self.live_list(list)?;
        // Check the whole template before deleting anything, so a refused template changes nothing.
        template
            .iter()
            .map(|i| check_new_item(i, limits))
            .collect::<Result<Vec<_>, _>>()?;
        let mut trial = self.clone();
        if mode == ApplyMode::Replace {
            for (_, id) in trial.ordered_ids(list) {
                trial.delete_item(clock, &id, now_ms)?;
            }
        }
        let ids = trial.insert_items(clock, list, usize::MAX, template, limits)?;
        *self = trial;
        Ok(ids)
    }
}
