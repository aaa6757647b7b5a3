//! The plain view of a document that the UI and the text format use: lists of items in order,
//! without stamps or tombstones.

use super::ids::{AccountId, ItemId, ListId};
use crate::date::Date;
use crate::status::{StatusId, StatusSet, TODO};

/// Whether an item is a normal checkable item or a section header.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum ItemKind {
    #[default]
    Item,
    Header,
}

/// The Jira issue an item became (created from it, or linked to it). The id is what stays true
/// when the issue moves to another project; the key is what people read, as it was when linked.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IssueRef {
    pub id: String,
    pub key: String,
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
    /// The Jira issue this item became, if any.
    pub issue: Option<IssueRef>,
    /// Whether the item's status follows that issue's (done when it is done).
    pub follow: bool,
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

/// How far a checklist is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// Complete items (headers do not count).
    pub done: usize,
    /// Checkable items (headers do not count).
    pub total: usize,
    /// Mandatory items not complete yet.
    pub mandatory_open: usize,
}

impl Progress {
    /// 0–100, rounded down; 0 for a checklist without items.
    pub fn percent(&self) -> usize {
        (self.done * 100).checked_div(self.total).unwrap_or(0)
    }
}

impl List {
    pub fn progress(&self, statuses: &StatusSet) -> Progress {
        let mut p = Progress::default();
        for i in self.items.iter().filter(|i| !i.is_header()) {
            p.total += 1;
            if statuses.is_complete(&i.status) {
                p.done += 1;
            } else if i.mandatory {
                p.mandatory_open += 1;
            }
        }
        p
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_counts_checkable_items_and_open_mandatory_ones() {
        let item = |id: &str, status: &str, mandatory: bool, kind: ItemKind| Item {
            id: ItemId::from(id),
            status: status.into(),
            mandatory,
            kind,
            text: id.into(),
            details: String::new(),
            assignee: None,
            due: None,
            issue: None,
            follow: false,
        };
        let list = List {
            id: ListId::from("l"),
            name: "L".into(),
            items: vec![
                item("h", "todo", false, ItemKind::Header),
                item("a", "done", true, ItemKind::Item),
                item("b", "todo", true, ItemKind::Item),
                item("c", "skipped", false, ItemKind::Item),
            ],
        };
        let p = list.progress(&StatusSet::default());
        assert_eq!(
            p,
            Progress {
                done: 2,
                total: 3,
                mandatory_open: 1
            }
        );
        assert_eq!(p.percent(), 66);
        assert_eq!(Progress::default().percent(), 0);
    }
}
