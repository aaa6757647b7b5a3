//! Random documents built the way users build them: through operations on replicas.
#![allow(dead_code)]

use proptest::prelude::*;
use ticklist_core::status::StatusSet;
use ticklist_core::{Clock, Date, Document, ItemId, ItemKind, Limits, ListId, NewItem};

/// One user action, with indexes resolved against whatever exists when it runs.
#[derive(Clone, Debug)]
pub enum Op {
    Add(String),
    Header(String),
    Edit(usize, String),
    Toggle(usize),
    Status(usize, &'static str),
    Mandatory(usize, bool),
    Details(usize, String),
    Assignee(usize, Option<String>),
    Due(usize, Option<(u16, u8, u8)>),
    /// Link to issue `n` (none: unlink), following or not.
    Link(usize, Option<u16>, bool),
    Move(usize, usize),
    Delete(usize),
    AddList(String),
    MoveToList(usize, usize),
}

pub fn text() -> impl Strategy<Value = String> {
    // Printable text, including characters the text format must escape.
    prop_oneof![
        "[a-zA-Z0-9 ]{1,20}",
        "[!\\\\{}#>\\[\\]=x~ a-z-]{1,12}",
        "\\PC{1,10}",
    ]
    .prop_filter("non-blank", |s| !s.trim().is_empty())
}

pub fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => text().prop_map(Op::Add),
        1 => text().prop_map(Op::Header),
        2 => (any::<usize>(), text()).prop_map(|(i, t)| Op::Edit(i, t)),
        3 => any::<usize>().prop_map(Op::Toggle),
        1 => (any::<usize>(), prop::sample::select(vec!["todo", "inprogress", "blocked", "qa-review"]))
            .prop_map(|(i, s)| Op::Status(i, s)),
        1 => (any::<usize>(), any::<bool>()).prop_map(|(i, b)| Op::Mandatory(i, b)),
        1 => (any::<usize>(), "[a-z ]{0,8}(\n[a-z ]{0,8}){0,2}").prop_map(|(i, d)| Op::Details(i, d)),
        1 => (any::<usize>(), proptest::option::of("[0-9]{6}:[a-f0-9]{4}")).prop_map(|(i, a)| Op::Assignee(i, a)),
        1 => (any::<usize>(), proptest::option::of((2020u16..2030, 1u8..13, 1u8..29)))
            .prop_map(|(i, d)| Op::Due(i, d)),
        1 => (any::<usize>(), proptest::option::of(1u16..50), any::<bool>())
            .prop_map(|(i, n, f)| Op::Link(i, n, f)),
        2 => (any::<usize>(), any::<usize>()).prop_map(|(i, j)| Op::Move(i, j)),
        2 => any::<usize>().prop_map(Op::Delete),
        1 => "[A-Z][a-z]{1,8}".prop_map(Op::AddList),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(i, j)| Op::MoveToList(i, j)),
    ]
}

fn pick<T: Clone>(v: &[T], i: usize) -> Option<T> {
    if v.is_empty() {
        None
    } else {
        Some(v[i % v.len()].clone())
    }
}

/// Applies `op`; refused operations (limits, missing items) leave the document unchanged.
pub fn apply(doc: &mut Document, clock: &mut Clock, op: &Op, now: u64) {
    let limits = Limits::default();
    let statuses = StatusSet::default();
    let list = doc.ensure_list(clock);
    let items: Vec<ItemId> = doc
        .lists()
        .iter()
        .flat_map(|l| l.items.iter().map(|i| i.id.clone()))
        .collect();
    let lists: Vec<ListId> = doc.lists().iter().map(|l| l.id.clone()).collect();
    let _ = match op {
        Op::Add(t) => doc
            .add_item(clock, &list, &NewItem::text(t.clone()), &limits)
            .map(drop),
        Op::Header(t) => doc
            .insert_item(clock, &list, 0, &NewItem::header(t.clone()), &limits)
            .map(drop),
        Op::Edit(i, t) => match pick(&items, *i) {
            Some(id) => doc.edit_text(clock, &id, t, &limits),
            None => Ok(()),
        },
        Op::Toggle(i) => match pick(&items, *i) {
            Some(id) => doc.toggle(clock, &id, &statuses).map(drop),
            None => Ok(()),
        },
        Op::Status(i, s) => match pick(&items, *i) {
            Some(id) => doc.set_status(clock, &id, s),
            None => Ok(()),
        },
        Op::Mandatory(i, b) => match pick(&items, *i) {
            Some(id) => doc.set_mandatory(clock, &id, *b),
            None => Ok(()),
        },
        Op::Details(i, d) => match pick(&items, *i) {
            Some(id) => doc.set_details(clock, &id, d, &limits),
            None => Ok(()),
        },
        Op::Assignee(i, a) => match pick(&items, *i) {
            Some(id) => doc.set_assignee(clock, &id, a.as_deref()),
            None => Ok(()),
        },
        Op::Due(i, d) => match pick(&items, *i) {
            Some(id) => doc.set_due(clock, &id, d.and_then(|(y, m, dd)| Date::new(y, m, dd))),
            None => Ok(()),
        },
        Op::Link(i, n, follow) => match pick(&items, *i) {
            Some(id) => doc.link_issue(
                clock,
                &id,
                n.map(|n| ticklist_core::IssueRef {
                    id: format!("{}", 10_000 + n),
                    key: format!("TL-{n}"),
                }),
                *follow,
            ),
            None => Ok(()),
        },
        Op::Move(i, j) => match pick(&items, *i) {
            Some(id) => doc.move_item(clock, &id, &list, j % (items.len() + 1)),
            None => Ok(()),
        },
        Op::Delete(i) => match pick(&items, *i) {
            Some(id) => doc.delete_item(clock, &id, now),
            None => Ok(()),
        },
        Op::AddList(n) => doc.add_list(clock, n, &limits).map(drop),
        Op::MoveToList(i, j) => match (pick(&items, *i), pick(&lists, *j)) {
            (Some(id), Some(l)) => doc.move_item(clock, &id, &l, 0),
            _ => Ok(()),
        },
    };
    let _ = ItemKind::Item;
}

/// A document after `ops` by one replica.
/// Writes record who and when (as the panel's do), except the "base" replica's, like documents
/// written before that was recorded: the stored form has to carry both kinds.
pub fn build(replica: &str, ops: &[Op]) -> (Document, Clock) {
    let mut doc = Document::new();
    let mut clock = Clock::new(replica);
    for (n, op) in ops.iter().enumerate() {
        stamp_time(&mut clock, replica, n as u64);
        apply(&mut doc, &mut clock, op, n as u64);
    }
    (doc, clock)
}

fn stamp_time(clock: &mut Clock, replica: &str, n: u64) {
    if replica != "base" {
        clock.set_author(&format!("5b10ac8d82e05b22cc7d{replica}"));
        clock.set_time_ms(1_764_000_000_000 + n * 61_000);
    }
}

/// Continues `base` on a new replica.
pub fn fork(base: &Document, replica: &str, ops: &[Op]) -> Document {
    let mut doc = base.clone();
    let mut clock = Clock::new(replica);
    clock.observe(doc.max_counter());
    for (n, op) in ops.iter().enumerate() {
        stamp_time(&mut clock, replica, 1_000 + n as u64);
        apply(&mut doc, &mut clock, op, 1_000 + n as u64);
    }
    doc
}
