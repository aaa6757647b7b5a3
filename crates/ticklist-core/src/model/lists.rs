//! Operations on checklists: create, rename, reorder, delete.

use super::document::Document;
use super::ids::{list_id, ListId};
use super::register::{ItemEntry, ListEntry, ListState, Lww, Tombstone};
use super::validate::check_list_name;
use super::{DEFAULT_LIST, DEFAULT_LIST_NAME};
use crate::error::OpError;
use crate::limits::{Limit, Limits};
use crate::order::{self, key_at};
use crate::stamp::Clock;

impl Document {
    /// The first live checklist's id, creating the default one when there is none. (Items whose
    /// checklist was deleted show in the first checklist; when every checklist is gone, this
    /// creates one for them to show in, instead of naming a list that does not exist.)
    pub fn ensure_list(&mut self, clock: &mut Clock) -> ListId {
        if let Some(first) = self.first_list_id() {
            return first;
        }
        let stamp = clock.tick();
        self.lists.insert(
            DEFAULT_LIST.into(),
            ListEntry::Live(ListState {
                name: Lww::new(DEFAULT_LIST_NAME.into(), stamp.clone()),
                order: Lww::new(order::between(None, None), stamp),
            }),
        );
        DEFAULT_LIST.into()
    }

    /// Adds a named checklist at the end.
    pub fn add_list(
        &mut self,
        clock: &mut Clock,
        name: &str,
        limits: &Limits,
    ) -> Result<ListId, OpError> {
        let name = check_list_name(name, limits)?;
        let count = self.live_list_count();
        if count >= limits.lists_per_issue {
            return Err(OpError::Limit {
                limit: Limit::ListsPerIssue,
                max: limits.lists_per_issue,
                value: count + 1,
            });
        }
        let last = self.lists().last().map(|l| self.list_order(&l.id));
        let stamp = clock.tick();
        let id = list_id(&stamp);
        self.lists.insert(
            id.clone(),
            ListEntry::Live(ListState {
                name: Lww::new(name, stamp.clone()),
                order: Lww::new(order::between(last.as_deref(), None), stamp),
            }),
        );
        Ok(id)
    }

    pub(super) fn list_order(&self, id: &ListId) -> String {
        self.live_list(id)
            .map(|l| l.order.value.clone())
            .unwrap_or_default()
    }

    pub fn rename_list(
        &mut self,
        clock: &mut Clock,
        id: &ListId,
        name: &str,
        limits: &Limits,
    ) -> Result<(), OpError> {
        let name = check_list_name(name, limits)?;
        self.live_list(id)?;
        let stamp = clock.tick();
        if let Some(ListEntry::Live(l)) = self.lists.get_mut(id) {
            l.name = Lww::new(name, stamp);
        }
        Ok(())
    }

    /// Moves a checklist to `index` among the live checklists.
    pub fn move_list(
        &mut self,
        clock: &mut Clock,
        id: &ListId,
        index: usize,
    ) -> Result<(), OpError> {
        self.live_list(id)?;
        let others: Vec<String> = self
            .lists()
            .iter()
            .filter(|l| l.id != id)
            .map(|l| self.list_order(&l.id))
            .collect();
        let key = key_at(&others, index);
        let stamp = clock.tick();
        if let Some(ListEntry::Live(l)) = self.lists.get_mut(id) {
            l.order = Lww::new(key, stamp);
        }
        Ok(())
    }

    /// Deletes a checklist and every item in it.
    pub fn delete_list(
        &mut self,
        clock: &mut Clock,
        id: &ListId,
        now_ms: u64,
    ) -> Result<(), OpError> {
        self.live_list(id)?;
        let stamp = clock.tick();
        for (_, item) in self.ordered_ids(id) {
            self.items.insert(
                item,
                ItemEntry::Deleted(Tombstone {
                    stamp: stamp.clone(),
                    at_ms: now_ms,
                }),
            );
        }
        self.lists.insert(
            id.into(),
            ListEntry::Deleted(Tombstone {
                stamp,
                at_ms: now_ms,
            }),
        );
        Ok(())
    }
}
