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

use crate::date::Date;
use crate::error::OpError;
use crate::limits::{Limit, Limits};
use crate::order;
use crate::stamp::{Clock, Stamp};
use crate::status::{valid_status_id, StatusId, StatusSet, TODO};
use std::collections::BTreeMap;

pub type ItemId = String;
pub type ListId = String;
/// A Jira account id (for assignees and mentions).
pub type AccountId = String;

/// The list every document has unless a user deletes it; a fixed id so that two replicas that
/// create it at once create the same list.
pub const DEFAULT_LIST: &str = "main";
pub const DEFAULT_LIST_NAME: &str = "Checklist";

/// A last-writer-wins register.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lww<T> {
    pub value: T,
    pub stamp: Stamp,
}

impl<T: Clone + Ord> Lww<T> {
    pub fn new(value: T, stamp: Stamp) -> Self {
        Self { value, stamp }
    }

    /// The later of two writes. Equal stamps only arise from the same write, but the value
    /// breaks the tie anyway so merging stays commutative whatever the input.
    pub fn join(&self, other: &Self) -> Self {
        match self.stamp.cmp(&other.stamp) {
            std::cmp::Ordering::Greater => self.clone(),
            std::cmp::Ordering::Less => other.clone(),
            std::cmp::Ordering::Equal if self.value >= other.value => self.clone(),
            std::cmp::Ordering::Equal => other.clone(),
        }
    }
}

/// What is left of a deleted item or list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tombstone {
    pub stamp: Stamp,
    /// Wall-clock milliseconds of the delete, used only to decide when pruning is safe.
    pub at_ms: u64,
}

impl Tombstone {
    pub fn join(&self, other: &Self) -> Self {
        if (&self.stamp, self.at_ms) >= (&other.stamp, other.at_ms) {
            self.clone()
        } else {
            other.clone()
        }
    }
}

/// Whether an item is a normal checkable item or a section header.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum ItemKind {
    #[default]
    Item,
    Header,
}

/// The registers of a live item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ItemState {
    pub list: Lww<ListId>,
    pub order: Lww<String>,
    pub text: Lww<String>,
    pub status: Lww<StatusId>,
    pub mandatory: Lww<bool>,
    pub kind: Lww<ItemKind>,
    pub details: Lww<String>,
    pub assignee: Lww<Option<AccountId>>,
    pub due: Lww<Option<Date>>,
}

impl ItemState {
    fn new(list: ListId, order: String, item: &NewItem, stamp: &Stamp) -> Self {
        let s = || stamp.clone();
        Self {
            list: Lww::new(list, s()),
            order: Lww::new(order, s()),
            text: Lww::new(item.text.clone(), s()),
            status: Lww::new(item.status.clone(), s()),
            mandatory: Lww::new(item.mandatory, s()),
            kind: Lww::new(item.kind, s()),
            details: Lww::new(item.details.clone(), s()),
            assignee: Lww::new(item.assignee.clone(), s()),
            due: Lww::new(item.due, s()),
        }
    }

    pub fn join(&self, o: &Self) -> Self {
        Self {
            list: self.list.join(&o.list),
            order: self.order.join(&o.order),
            text: self.text.join(&o.text),
            status: self.status.join(&o.status),
            mandatory: self.mandatory.join(&o.mandatory),
            kind: self.kind.join(&o.kind),
            details: self.details.join(&o.details),
            assignee: self.assignee.join(&o.assignee),
            due: self.due.join(&o.due),
        }
    }

    /// The highest stamp in any register.
    pub fn max_stamp(&self) -> &Stamp {
        [
            &self.list.stamp,
            &self.order.stamp,
            &self.text.stamp,
            &self.status.stamp,
            &self.mandatory.stamp,
            &self.kind.stamp,
            &self.details.stamp,
            &self.assignee.stamp,
            &self.due.stamp,
        ]
        .into_iter()
        .max()
        .expect("nine registers")
    }
}

/// An item entry: live, or a tombstone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ItemEntry {
    Live(Box<ItemState>),
    Deleted(Tombstone),
}

/// The registers of a live list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListState {
    pub name: Lww<String>,
    pub order: Lww<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ListEntry {
    Live(ListState),
    Deleted(Tombstone),
}

/// Everything stored for one issue's checklists.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Document {
    pub lists: BTreeMap<ListId, ListEntry>,
    pub items: BTreeMap<ItemId, ItemEntry>,
    /// Small named facts, e.g. which default template was applied automatically.
    pub meta: BTreeMap<String, Lww<String>>,
}

/// A plain item, as the UI and the text format see it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Item {
    pub id: ItemId,
    pub text: String,
    pub status: StatusId,
    pub mandatory: bool,
    pub kind: ItemKind,
    pub details: String,
    pub assignee: Option<AccountId>,
    pub due: Option<Date>,
}

impl Item {
    pub fn is_header(&self) -> bool {
        self.kind == ItemKind::Header
    }
}

/// A plain checklist with its items in order.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct List {
    pub id: ListId,
    pub name: String,
    pub items: Vec<Item>,
}

/// The content of an item to create (no id yet).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewItem {
    pub text: String,
    pub status: StatusId,
    pub mandatory: bool,
    pub kind: ItemKind,
    pub details: String,
    pub assignee: Option<AccountId>,
    pub due: Option<Date>,
}

impl NewItem {
    pub fn text(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            status: TODO.into(),
            mandatory: false,
            kind: ItemKind::Item,
            details: String::new(),
            assignee: None,
            due: None,
        }
    }

    pub fn header(text: impl Into<String>) -> Self {
        Self {
            kind: ItemKind::Header,
            ..Self::text(text)
        }
    }
}

impl From<&Item> for NewItem {
    fn from(i: &Item) -> Self {
        Self {
            text: i.text.clone(),
            status: i.status.clone(),
            mandatory: i.mandatory,
            kind: i.kind,
            details: i.details.clone(),
            assignee: i.assignee.clone(),
            due: i.due,
        }
    }
}

/// How a template joins an existing checklist.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApplyMode {
    Append,
    Replace,
}

fn item_id(stamp: &Stamp) -> ItemId {
    format!("{}-{}", stamp.replica, radix36(stamp.counter))
}

fn radix36(mut n: u64) -> String {
    const D: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(D[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).expect("ascii digits")
}

/// Checks item text: one line, not blank, within the limit. Returns it trimmed.
pub fn check_text(text: &str, limits: &Limits) -> Result<String, OpError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(OpError::EmptyText);
    }
    if t.contains(['\n', '\r']) {
        return Err(OpError::MultiLineText);
    }
    check_len(t, limits.item_text_chars, Limit::ItemText)?;
    Ok(t.to_owned())
}

fn check_len(s: &str, max: usize, limit: Limit) -> Result<(), OpError> {
    let n = s.chars().count();
    if n > max {
        return Err(OpError::Limit {
            limit,
            max,
            value: n,
        });
    }
    Ok(())
}

/// Details keep their lines but lose trailing spaces and leading or trailing blank lines, so what the text
/// format prints and parses back is exactly what is stored.
pub fn normalize_details(details: &str) -> String {
    let lines: Vec<&str> = details.lines().map(str::trim_end).collect();
    lines
        .join("\n")
        .trim_end()
        .trim_start_matches('\n')
        .to_owned()
}

fn check_new_item(item: &NewItem, limits: &Limits) -> Result<NewItem, OpError> {
    let text = check_text(&item.text, limits)?;
    let details = normalize_details(&item.details);
    check_len(&details, limits.details_chars, Limit::Details)?;
    if !valid_status_id(&item.status) {
        return Err(OpError::InvalidStatus(item.status.clone()));
    }
    Ok(NewItem {
        text,
        details,
        ..item.clone()
    })
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
        lists.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
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
        items.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
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
    pub fn item(&self, id: &str) -> Option<Item> {
        self.lists()
            .into_iter()
            .flat_map(|l| l.items)
            .find(|i| i.id == id)
    }

    fn live_item_mut(&mut self, id: &str) -> Result<&mut ItemState, OpError> {
        match self.items.get_mut(id) {
            Some(ItemEntry::Live(s)) => Ok(s),
            _ => Err(OpError::ItemNotFound(id.into())),
        }
    }

    fn checkable_item_mut(&mut self, id: &str) -> Result<&mut ItemState, OpError> {
        let s = self.live_item_mut(id)?;
        if s.kind.value == ItemKind::Header {
            return Err(OpError::NotCheckable);
        }
        Ok(s)
    }

    fn live_list(&self, id: &str) -> Result<&ListState, OpError> {
        match self.lists.get(id) {
            Some(ListEntry::Live(l)) => Ok(l),
            _ => Err(OpError::ListNotFound(id.into())),
        }
    }

    /// Whether a live checklist with this id exists (without building the view).
    pub fn has_list(&self, id: &str) -> bool {
        self.live_list(id).is_ok()
    }

    /// The first live checklist in display order, read from the registers directly.
    fn first_list_id(&self) -> Option<ListId> {
        self.lists
            .iter()
            .filter_map(|(id, e)| match e {
                ListEntry::Live(l) => Some((l.order.value.as_str(), id)),
                ListEntry::Deleted(_) => None,
            })
            .min()
            .map(|(_, id)| id.clone())
    }

    fn live_list_count(&self) -> usize {
        self.lists
            .values()
            .filter(|e| matches!(e, ListEntry::Live(_)))
            .count()
    }

    /// Item ids of a list in display order (orphans excluded).
    fn ordered_ids(&self, list: &str) -> Vec<(String, ItemId)> {
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
        v.sort();
        v
    }

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
        let id = format!("l{}", item_id(&stamp));
        self.lists.insert(
            id.clone(),
            ListEntry::Live(ListState {
                name: Lww::new(name, stamp.clone()),
                order: Lww::new(order::between(last.as_deref(), None), stamp),
            }),
        );
        Ok(id)
    }

    fn list_order(&self, id: &str) -> String {
        self.live_list(id)
            .map(|l| l.order.value.clone())
            .unwrap_or_default()
    }

    pub fn rename_list(
        &mut self,
        clock: &mut Clock,
        id: &str,
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
    pub fn move_list(&mut self, clock: &mut Clock, id: &str, index: usize) -> Result<(), OpError> {
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
    pub fn delete_list(&mut self, clock: &mut Clock, id: &str, now_ms: u64) -> Result<(), OpError> {
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

    /// Inserts an item into `list` at `index` (clamped to the end).
    pub fn insert_item(
        &mut self,
        clock: &mut Clock,
        list: &str,
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
        list: &str,
        item: &NewItem,
        limits: &Limits,
    ) -> Result<ItemId, OpError> {
        self.insert_item(clock, list, usize::MAX, item, limits)
    }

    /// Inserts several items (a paste, a template) at `index`; all or none.
    pub fn insert_items(
        &mut self,
        clock: &mut Clock,
        list: &str,
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
        list: &str,
        items: &[NewItem],
        prefix: &str,
        limits: &Limits,
    ) -> Result<Vec<ItemId>, OpError> {
        self.insert_checked(clock, list, usize::MAX, items, Some(prefix), limits)
    }

    /// Checks every item and the list's limit first (all or none), then inserts at `index`
    /// under fresh ids, or under `prefix` + position when given.
    fn insert_checked(
        &mut self,
        clock: &mut Clock,
        list: &str,
        index: usize,
        items: &[NewItem],
        prefix: Option<&str>,
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
            let fixed = prefix.map(|p| format!("{p}{n}"));
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
        id: &str,
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

    pub fn set_status(&mut self, clock: &mut Clock, id: &str, status: &str) -> Result<(), OpError> {
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
        id: &str,
        statuses: &StatusSet,
    ) -> Result<StatusId, OpError> {
        let s = self.checkable_item_mut(id)?;
        let next = statuses.toggled(&s.status.value);
        s.status = Lww::new(next.clone(), clock.tick());
        Ok(next)
    }

    pub fn set_mandatory(&mut self, clock: &mut Clock, id: &str, on: bool) -> Result<(), OpError> {
        let s = self.checkable_item_mut(id)?;
        s.mandatory = Lww::new(on, clock.tick());
        Ok(())
    }

    pub fn set_kind(&mut self, clock: &mut Clock, id: &str, kind: ItemKind) -> Result<(), OpError> {
        let s = self.live_item_mut(id)?;
        s.kind = Lww::new(kind, clock.tick());
        Ok(())
    }

    pub fn set_details(
        &mut self,
        clock: &mut Clock,
        id: &str,
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
        id: &str,
        assignee: Option<&str>,
    ) -> Result<(), OpError> {
        let s = self.live_item_mut(id)?;
        s.assignee = Lww::new(assignee.map(str::to_owned), clock.tick());
        Ok(())
    }

    pub fn set_due(
        &mut self,
        clock: &mut Clock,
        id: &str,
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
        id: &str,
        list: &str,
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

    pub fn delete_item(&mut self, clock: &mut Clock, id: &str, now_ms: u64) -> Result<(), OpError> {
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

    /// Deletes the complete items of a list; returns how many.
    pub fn clear_done(
        &mut self,
        clock: &mut Clock,
        list: &str,
        statuses: &StatusSet,
        now_ms: u64,
    ) -> Result<usize, OpError> {
        self.live_list(list)?;
        let done: Vec<ItemId> = self
            .ordered_ids(list)
            .into_iter()
            .filter(|(_, id)| match self.items.get(id) {
                Some(ItemEntry::Live(s)) => {
                    s.kind.value == ItemKind::Item && statuses.is_complete(&s.status.value)
                }
                _ => false,
            })
            .map(|(_, id)| id)
            .collect();
        for id in &done {
            self.delete_item(clock, id, now_ms)?;
        }
        Ok(done.len())
    }

    /// Adds a template's items to a list, at the end or in place of its items.
    pub fn apply_template(
        &mut self,
        clock: &mut Clock,
        list: &str,
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

    /// Reads a small named fact.
    pub fn meta(&self, key: &str) -> Option<&str> {
        self.meta.get(key).map(|m| m.value.as_str())
    }

    pub fn set_meta(&mut self, clock: &mut Clock, key: &str, value: &str) {
        self.meta
            .insert(key.into(), Lww::new(value.into(), clock.tick()));
    }

    /// Drops tombstones deleted before `before_ms`. Safe once every replica that could still
    /// hold the live item has merged the delete: open panels re-read within minutes, so callers
    /// use a horizon of days. A replica older than that would re-add the item, never lose one.
    pub fn prune_tombstones(&mut self, before_ms: u64) -> usize {
        let before = self.items.len() + self.lists.len();
        self.items
            .retain(|_, e| !matches!(e, ItemEntry::Deleted(t) if t.at_ms < before_ms));
        self.lists
            .retain(|_, e| !matches!(e, ListEntry::Deleted(t) if t.at_ms < before_ms));
        before - self.items.len() - self.lists.len()
    }

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
                Some(ListEntry::Deleted(_)) => format!("l{}", item_id(&clock.tick())),
                _ if l.id.is_empty() => format!("l{}", item_id(&clock.tick())),
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

    fn upsert_item(&mut self, clock: &mut Clock, list: &str, key: String, item: &Item) {
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

fn check_list_name(name: &str, limits: &Limits) -> Result<String, OpError> {
    let n = name.trim();
    if n.is_empty() {
        return Err(OpError::EmptyText);
    }
    if n.contains(['\n', '\r']) {
        return Err(OpError::MultiLineText);
    }
    check_len(n, limits.list_name_chars, Limit::ListName)?;
    Ok(n.to_owned())
}

/// The order key for position `index` among `others` (sorted keys, the moved element excluded).
fn key_at(others: &[String], index: usize) -> String {
    let index = index.min(others.len());
    let lo = index.checked_sub(1).map(|i| others[i].as_str());
    let hi = others.get(index).map(String::as_str);
    order::between(lo, hi)
}

/// Order keys for a sequence whose elements may already have keys: existing keys that are
/// already increasing are kept (so an unchanged order writes nothing), the rest get keys between
/// their kept neighbours.
fn reorder_keys(existing: &[Option<String>]) -> Vec<String> {
    let mut keep = vec![false; existing.len()];
    let mut last: Option<&str> = None;
    for (i, k) in existing.iter().enumerate() {
        if let Some(k) = k {
            if last.is_none_or(|l| k.as_str() > l) && order::is_valid(k) {
                keep[i] = true;
                last = Some(k);
            }
        }
    }
    let mut out: Vec<String> = Vec::with_capacity(existing.len());
    let mut i = 0;
    while i < existing.len() {
        if keep[i] {
            out.push(existing[i].clone().expect("kept keys exist"));
            i += 1;
            continue;
        }
        // A run of items without a usable key goes between its kept neighbours in one go.
        let end = (i..existing.len())
            .find(|&j| keep[j])
            .unwrap_or(existing.len());
        let lo = out.last().cloned();
        let hi = existing.get(end).and_then(|k| k.as_deref());
        out.extend(order::sequence(lo.as_deref(), hi, end - i));
        i = end;
    }
    out
}
