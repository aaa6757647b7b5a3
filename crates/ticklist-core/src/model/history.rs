//! Who changed an item and when, read from the stamps its registers already carry.
//!
//! Each register keeps the stamp of its last write, and a stamp records the author and the
//! minute (see `stamp.rs`). So an item's history is its registers grouped by stamp: one entry per
//! write that is still visible, newest first. Older writes to the same field are gone (a
//! last-writer-wins register keeps one value); that is the price of a history that costs a few
//! characters per item instead of a log that would not fit 2,000 items in Jira's properties.

use super::document::Document;
use super::ids::{item_id, ItemId};
use super::register::{ItemEntry, ItemState, ListEntry, Lww};
use crate::stamp::Stamp;

/// A field of an item, as a change names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    /// Where the item sits (checklist and position).
    Place,
    Text,
    Status,
    Mandatory,
    Kind,
    Details,
    Assignee,
    Due,
    /// The Jira issue the item became.
    Issue,
    /// Whether the item follows that issue's status.
    Follow,
}

/// One write still visible on an item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// Every field has this write's value: the item was added then and not changed since.
    pub added: bool,
    /// The fields whose current value this write set (all of them when `added`).
    pub fields: Vec<Field>,
    /// Account id, when recorded.
    pub by: Option<String>,
    /// Milliseconds since the epoch (minute precision), when recorded.
    pub at_ms: Option<u64>,
}

impl Document {
    /// Calls `f` with every stamp in the document: registers of live items and lists,
    /// tombstones, facts.
    pub fn for_each_stamp(&self, mut f: impl FnMut(&Stamp)) {
        for e in self.items.values() {
            match e {
                ItemEntry::Live(s) => s.stamps().into_iter().for_each(&mut f),
                ItemEntry::Deleted(t) => f(&t.stamp),
            }
        }
        for e in self.lists.values() {
            match e {
                ListEntry::Live(l) => {
                    f(&l.name.stamp);
                    f(&l.order.stamp);
                }
                ListEntry::Deleted(t) => f(&t.stamp),
            }
        }
        self.meta.values().for_each(|m: &Lww<String>| f(&m.stamp));
    }

    /// The writes still visible on a live item, newest first (empty for unknown ids).
    pub fn changes(&self, id: &ItemId) -> Vec<Change> {
        let Some(ItemEntry::Live(s)) = self.items.get(id) else {
            return Vec::new();
        };
        let regs = registers(s);
        // Newest first, each write once: eleven registers, so an insertion by hand (a library
        // sort would add its own code to the wasm for this one use).
        let mut stamps: Vec<&Stamp> = Vec::with_capacity(regs.len());
        for (_, s) in &regs {
            if !stamps.contains(s) {
                let at = stamps.iter().position(|t| *t < *s).unwrap_or(stamps.len());
                stamps.insert(at, s);
            }
        }
        stamps
            .into_iter()
            .map(|stamp| {
                let mut fields: Vec<Field> = regs
                    .iter()
                    .filter(|(_, s)| *s == stamp)
                    .map(|(f, _)| *f)
                    .collect();
                fields.dedup();
                // Only adding writes several fields at once (a move writes list and order, both
                // `Place`); an item keeps the id its adding write made, unless a template or an
                // import chose it.
                let added = fields.len() > 1 || item_id(stamp) == *id;
                Change {
                    added,
                    fields,
                    by: crate::stamp::author_name(stamp.by),
                    at_ms: stamp.at_ms(),
                }
            })
            .collect()
    }
}

/// The field each register belongs to, in `ItemState::stamps` order (list and order both are
/// the item's place).
const FIELDS: [Field; 11] = [
    Field::Place,
    Field::Place,
    Field::Text,
    Field::Status,
    Field::Mandatory,
    Field::Kind,
    Field::Details,
    Field::Assignee,
    Field::Due,
    Field::Issue,
    Field::Follow,
];

/// An item's registers with the field each belongs to.
fn registers(s: &ItemState) -> [(Field, &Stamp); 11] {
    let stamps = s.stamps();
    std::array::from_fn(|i| (FIELDS[i], stamps[i]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limits::Limits;
    use crate::stamp::Clock;
    use crate::status::StatusSet;
    use crate::NewItem;

    fn clock(name: &str, who: &str, ms: u64) -> Clock {
        let mut c = Clock::new(name);
        c.set_author(who);
        c.set_time_ms(ms);
        c
    }

    #[test]
    fn an_item_shows_who_added_it_and_who_ticked_it_newest_first() {
        let mut doc = Document::new();
        let mut ann = clock("a", "acc-ann", 60_000 * 1_000);
        let list = doc.ensure_list(&mut ann);
        let id = doc
            .add_item(&mut ann, &list, &NewItem::text("Ship"), &Limits::default())
            .unwrap();
        let added = doc.changes(&id);
        assert_eq!(added.len(), 1);
        assert!(added[0].added);
        assert_eq!(added[0].by.as_deref(), Some("acc-ann"));
        assert_eq!(added[0].at_ms, Some(60_000 * 1_000));

        let mut bob = clock("b", "acc-bob", 60_000 * 2_000);
        bob.observe(doc.max_counter());
        doc.toggle(&mut bob, &id, &StatusSet::default()).unwrap();
        let after = doc.changes(&id);
        assert_eq!(after.len(), 2);
        assert_eq!(after[0].fields, vec![Field::Status]);
        assert!(!after[0].added);
        assert_eq!(after[0].by.as_deref(), Some("acc-bob"));
        assert_eq!(after[0].at_ms, Some(60_000 * 2_000));
        assert_eq!(after[1].by.as_deref(), Some("acc-ann"));
        assert!(after[1].added, "the rest is still as it was added");
        assert!(!after[1].fields.contains(&Field::Status));
    }

    #[test]
    fn the_adding_write_stays_known_when_most_fields_changed_since() {
        let mut doc = Document::new();
        let mut ann = clock("a", "acc-ann", 60_000);
        let list = doc.ensure_list(&mut ann);
        let l = Limits::default();
        let id = doc
            .add_item(&mut ann, &list, &NewItem::text("x"), &l)
            .unwrap();
        let mut bob = clock("b", "acc-bob", 120_000);
        bob.observe(doc.max_counter());
        doc.move_item(&mut bob, &id, &list, 0).unwrap();
        doc.toggle(&mut bob, &id, &StatusSet::default()).unwrap();
        doc.set_mandatory(&mut bob, &id, true).unwrap();
        doc.set_details(&mut bob, &id, "d", &l).unwrap();
        doc.set_assignee(&mut bob, &id, Some("acc-cy")).unwrap();
        doc.set_due(&mut bob, &id, Some("2026-12-01".parse().unwrap()))
            .unwrap();
        let issue = crate::model::IssueRef {
            id: "10104".into(),
            key: "TL-4".into(),
        };
        doc.link_issue(&mut bob, &id, Some(issue), true).unwrap();
        let ch = doc.changes(&id);
        assert_eq!(ch.len(), 9, "{ch:?}");
        let first = ch.last().unwrap();
        assert!(first.added);
        // A move within its checklist writes the order alone; the list stays as added.
        assert_eq!(first.fields, vec![Field::Place, Field::Text, Field::Kind]);
        assert!(ch[..8].iter().all(|c| !c.added && c.fields.len() == 1));
        // Linking and following are two writes, each named.
        assert_eq!(ch[0].fields, vec![Field::Follow]);
        assert_eq!(ch[1].fields, vec![Field::Issue]);
        assert_eq!(ch[2].fields, vec![Field::Due]);
    }

    #[test]
    fn writes_from_before_authors_were_recorded_say_so() {
        let mut doc = Document::new();
        let mut c = Clock::new("old");
        let list = doc.ensure_list(&mut c);
        let id = doc
            .add_item(&mut c, &list, &NewItem::text("x"), &Limits::default())
            .unwrap();
        let ch = doc.changes(&id);
        assert_eq!((ch[0].by.as_deref(), ch[0].at_ms), (None, None));
        assert!(doc.changes(&ItemId::from("nope")).is_empty());
    }
}
