//! The plain view of a document that the UI and the text format use: lists of items in order,
//! without stamps or tombstones.

use super::ids::{AccountId, ItemId, ListId};
use crate::date::Date;
use crate::status::{StatusId, TODO};

/// Whether an item is a normal checkable item or a section header.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum ItemKind {
    #[default]
    Item,
    Header,
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
