//! The registers a document is made of, and their join: every field of every item and list is
//! a last-writer-wins register, a deleted item or list a tombstone.

use super::ids::{AccountId, ListId};
use super::view::{IssueRef, ItemKind, NewItem};
use crate::date::Date;
use crate::stamp::Stamp;
use crate::status::StatusId;

/// A last-writer-wins register.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lww<T> {
    pub value: T,
    pub stamp: Stamp,
}

impl<T> Lww<T> {
    pub fn new(value: T, stamp: Stamp) -> Self {
        Self { value, stamp }
    }
}

/// A join-semilattice: merging in place is commutative, associative and idempotent, so
/// replicas that merge what they see in any order end up equal. Every register, entry and the
/// document implement it; merging touches only what the other side changes (no copy of the
/// whole document).
pub trait Join {
    fn join_assign(&mut self, other: &Self);
}

impl<T: Clone + Ord> Join for Lww<T> {
    /// The later of two writes. Equal stamps only arise from the same write, but the value
    /// breaks the tie anyway so merging stays commutative whatever the input.
    fn join_assign(&mut self, other: &Self) {
        let other_wins = match self.stamp.cmp(&other.stamp) {
            std::cmp::Ordering::Greater => false,
            std::cmp::Ordering::Less => true,
            std::cmp::Ordering::Equal => {
                // The same write: keep its time and author from whichever copy has them.
                let mine = self.stamp.clone();
                if other.value > self.value {
                    self.clone_from(other);
                }
                self.stamp.annotate_from(&mine);
                self.stamp.annotate_from(&other.stamp);
                return;
            }
        };
        if other_wins {
            self.clone_from(other);
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

impl Join for Tombstone {
    fn join_assign(&mut self, other: &Self) {
        if (&other.stamp, other.at_ms) > (&self.stamp, self.at_ms) {
            let mine = self.stamp.clone();
            self.clone_from(other);
            if self.stamp == mine {
                self.stamp.annotate_from(&mine);
            }
        } else if self.stamp == other.stamp {
            self.stamp.annotate_from(&other.stamp);
        }
    }
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
    pub issue: Lww<Option<IssueRef>>,
    pub follow: Lww<bool>,
}

impl ItemState {
    pub(super) fn new(list: ListId, order: String, item: &NewItem, stamp: &Stamp) -> Self {
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
            issue: Lww::new(None, s()),
            follow: Lww::new(false, s()),
        }
    }

    /// Every register's stamp, in the stored order (l o t s m h d a u i f; see `codec.rs`).
    pub fn stamps(&self) -> [&Stamp; 11] {
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
            &self.issue.stamp,
            &self.follow.stamp,
        ]
    }

    /// The highest stamp in any register.
    pub fn max_stamp(&self) -> &Stamp {
        self.stamps().into_iter().max().expect("eleven registers")
    }
}

impl Join for ItemState {
    fn join_assign(&mut self, o: &Self) {
        self.list.join_assign(&o.list);
        self.order.join_assign(&o.order);
        self.text.join_assign(&o.text);
        self.status.join_assign(&o.status);
        self.mandatory.join_assign(&o.mandatory);
        self.kind.join_assign(&o.kind);
        self.details.join_assign(&o.details);
        self.assignee.join_assign(&o.assignee);
        self.due.join_assign(&o.due);
        self.issue.join_assign(&o.issue);
        self.follow.join_assign(&o.follow);
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

impl Join for ListState {
    fn join_assign(&mut self, o: &Self) {
        self.name.join_assign(&o.name);
        self.order.join_assign(&o.order);
    }
}

/// Delete wins over a concurrent edit of the same item; two deletes keep the later one.
impl Join for ItemEntry {
    fn join_assign(&mut self, other: &Self) {
        match (&mut *self, other) {
            (ItemEntry::Deleted(t), ItemEntry::Deleted(u)) => t.join_assign(u),
            (ItemEntry::Deleted(_), ItemEntry::Live(_)) => {}
            (ItemEntry::Live(_), ItemEntry::Deleted(u)) => *self = ItemEntry::Deleted(u.clone()),
            (ItemEntry::Live(s), ItemEntry::Live(o)) => s.join_assign(o),
        }
    }
}

impl Join for ListEntry {
    fn join_assign(&mut self, other: &Self) {
        match (&mut *self, other) {
            (ListEntry::Deleted(t), ListEntry::Deleted(u)) => t.join_assign(u),
            (ListEntry::Deleted(_), ListEntry::Live(_)) => {}
            (ListEntry::Live(_), ListEntry::Deleted(u)) => *self = ListEntry::Deleted(u.clone()),
            (ListEntry::Live(s), ListEntry::Live(o)) => s.join_assign(o),
        }
    }
}

/// Keys present on either side; entries on both are joined.
impl<K: Ord + Clone, V: Join + Clone> Join for std::collections::BTreeMap<K, V> {
    fn join_assign(&mut self, other: &Self) {
        for (k, v) in other {
            match self.get_mut(k) {
                Some(mine) => mine.join_assign(v),
                None => {
                    self.insert(k.clone(), v.clone());
                }
            }
        }
    }
}
