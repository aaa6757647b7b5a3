//! Putting imported checklists into a document: the panel's import (fresh ids, append or
//! replace) and the migration (ids from the source, so a second run adds nothing).

use super::source_ids;
use crate::error::OpError;
use crate::limits::Limits;
use crate::model::{Document, ItemId, List, ListId, NewItem, DEFAULT_LIST_NAME};
use crate::stamp::Clock;

/// How imported items get their ids.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ids {
    /// New ids: importing the same text twice adds it twice (the user asked twice).
    Fresh,
    /// Ids derived from the source ([`source_ids`]): items already present, live or deleted,
    /// are skipped.
    FromSource,
}

/// Puts `lists` into `doc`, all or nothing: each into the checklist of the same name (the
/// unnamed default one into the first checklist), creating the ones missing. `replace` first
/// removes every item, and afterwards every checklist the import left empty except the first.
/// Returns how many items were added.
pub fn put(
    doc: &mut Document,
    clock: &mut Clock,
    lists: &[List],
    replace: bool,
    ids: Ids,
    limits: &Limits,
    now_ms: u64,
) -> Result<usize, OpError> {
    let mut trial = doc.clone();
    if replace {
        for item in trial.lists().iter().flat_map(|l| &l.items) {
            trial.delete_item(clock, &item.id, now_ms)?;
        }
    }
    let mut filled: Vec<ListId> = Vec::new();
    let mut added = 0;
    for list in lists {
        let items: Vec<(ItemId, NewItem)> = match ids {
            Ids::Fresh => list
                .items
                .iter()
                .map(|i| (ItemId::default(), NewItem::from(i)))
                .collect(),
            Ids::FromSource => source_ids(list)
                .into_iter()
                .zip(list.items.iter().map(NewItem::from))
                .filter(|(id, _)| !trial.items.contains_key(id))
                .collect(),
        };
        if items.is_empty() {
            continue;
        }
        let target = target_list(&mut trial, clock, &list.name, limits)?;
        added += match ids {
            Ids::Fresh => {
                let new: Vec<NewItem> = items.into_iter().map(|(_, i)| i).collect();
                trial.insert_items(clock, &target, usize::MAX, &new, limits)?
            }
            Ids::FromSource => trial.insert_items_as(clock, &target, &items, limits)?,
        }
        .len();
        filled.push(target);
    }
    if replace {
        for l in trial.lists().iter().skip(1) {
            if l.items.is_empty() && !filled.contains(&l.id) {
                trial.delete_list(clock, &l.id, now_ms)?;
            }
        }
    }
    *doc = trial;
    Ok(added)
}

fn target_list(
    d: &mut Document,
    clock: &mut Clock,
    name: &str,
    limits: &Limits,
) -> Result<ListId, OpError> {
    if let Some(l) = d.lists().into_iter().find(|l| l.name == name) {
        return Ok(l.id);
    }
    if name == DEFAULT_LIST_NAME {
        return Ok(d.ensure_list(clock));
    }
    d.add_list(clock, name, limits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::{import, Format};
    use crate::StatusSet;

    fn lists(text: &str) -> Vec<List> {
        import(Format::HeroCoders, text, &StatusSet::default()).lists
    }

    fn texts(d: &Document) -> Vec<(String, Vec<String>)> {
        d.lists()
            .into_iter()
            .map(|l| (l.name, l.items.into_iter().map(|i| i.text).collect()))
            .collect()
    }

    #[test]
    fn from_source_twice_adds_nothing_and_keeps_later_edits() {
        let mut d = Document::new();
        let mut c = Clock::new("m");
        let l = Limits::default();
        let src = lists("# DoD\none\ntwo\n# QA\nthree");
        assert_eq!(
            put(&mut d, &mut c, &src, false, Ids::FromSource, &l, 0).unwrap(),
            3
        );
        // Someone ticks "one" and deletes "two"; the migration runs again.
        let dod = d.lists()[0].clone();
        d.toggle(&mut c, &dod.items[0].id, &StatusSet::default())
            .unwrap();
        d.delete_item(&mut c, &dod.items[1].id, 5).unwrap();
        let before = d.clone();
        assert_eq!(
            put(&mut d, &mut c, &src, false, Ids::FromSource, &l, 9).unwrap(),
            0
        );
        assert_eq!(d, before);
        assert_eq!(
            texts(&d),
            [
                ("DoD".into(), vec!["one".into()]),
                ("QA".into(), vec!["three".into()])
            ]
        );
    }

    #[test]
    fn replace_removes_what_was_there_and_append_keeps_it() {
        let mut c = Clock::new("m");
        let l = Limits::default();
        let mut d = Document::new();
        put(
            &mut d,
            &mut c,
            &lists("old\n# Extra\nx"),
            false,
            Ids::Fresh,
            &l,
            0,
        )
        .unwrap();
        let mut appended = d.clone();
        put(
            &mut appended,
            &mut c,
            &lists("new"),
            false,
            Ids::Fresh,
            &l,
            0,
        )
        .unwrap();
        assert_eq!(
            texts(&appended),
            [
                ("Checklist".into(), vec!["old".into(), "new".into()]),
                ("Extra".into(), vec!["x".into()])
            ]
        );
        put(&mut d, &mut c, &lists("new"), true, Ids::Fresh, &l, 0).unwrap();
        assert_eq!(texts(&d), [("Checklist".into(), vec!["new".into()])]);
    }

    #[test]
    fn a_refused_import_changes_nothing() {
        let mut c = Clock::new("m");
        let l = Limits {
            items_per_list: 2,
            ..Limits::default()
        };
        let mut d = Document::new();
        put(&mut d, &mut c, &lists("a"), false, Ids::Fresh, &l, 0).unwrap();
        let before = d.clone();
        assert!(put(&mut d, &mut c, &lists("b\nc"), true, Ids::Fresh, &l, 0).is_ok());
        let mut d2 = before.clone();
        assert!(put(&mut d2, &mut c, &lists("b\nc"), false, Ids::Fresh, &l, 0).is_err());
        assert_eq!(d2, before);
    }
}
