//! One undo for every edit that removes: an item, a checklist, the items a text save dropped,
//! the items a template replaced. What was removed is worked out by comparing the checklists
//! before and after, so every such edit gets the same undo without code of its own.
//! Restoring re-creates items (and checklists) under new ids: a delete wins in merges. What the
//! edit added at the same time (a replace's new items) goes again, so undo returns to before.

use std::collections::HashSet;
use ticklist_core::{Clock, Document, ItemId, Limits, List, ListId, NewItem, OpError};

/// What an edit removed, and where it was.
#[derive(Clone, Debug, PartialEq)]
pub struct Undo {
    /// Checklists that went: (id, name, position among the checklists), in order.
    lists: Vec<(ListId, String, usize)>,
    /// Items that went: (checklist, position in it, content), in order.
    items: Vec<(ListId, usize, NewItem)>,
    /// Items and checklists the same edit created (a replace's new ones).
    added_items: Vec<ItemId>,
    added_lists: Vec<ListId>,
}

impl Undo {
    /// What is in `before` and no longer in `after`.
    pub fn between(before: &[List], after: &[List]) -> Self {
        let live_lists: HashSet<&ListId> = after.iter().map(|l| &l.id).collect();
        let live_items: HashSet<&ItemId> = after
            .iter()
            .flat_map(|l| l.items.iter().map(|i| &i.id))
            .collect();
        let old_lists: HashSet<&ListId> = before.iter().map(|l| &l.id).collect();
        let old_items: HashSet<&ItemId> = before
            .iter()
            .flat_map(|l| l.items.iter().map(|i| &i.id))
            .collect();
        let mut undo = Undo {
            lists: Vec::new(),
            items: Vec::new(),
            added_lists: after
                .iter()
                .filter(|l| !old_lists.contains(&l.id))
                .map(|l| l.id.clone())
                .collect(),
            added_items: after
                .iter()
                .flat_map(|l| &l.items)
                .filter(|i| !old_items.contains(&i.id))
                .map(|i| i.id.clone())
                .collect(),
        };
        for (n, l) in before.iter().enumerate() {
            if !live_lists.contains(&l.id) {
                undo.lists.push((l.id.clone(), l.name.clone(), n));
            }
            for (index, i) in l.items.iter().enumerate() {
                if !live_items.contains(&i.id) {
                    undo.items.push((l.id.clone(), index, NewItem::from(i)));
                }
            }
        }
        undo
    }

    pub fn is_empty(&self) -> bool {
        self.lists.is_empty() && self.items.is_empty()
    }

    /// How many items were removed.
    pub fn count(&self) -> usize {
        self.items.len()
    }

    /// The text of the first removed item (for "Deleted “…”").
    pub fn first_text(&self) -> &str {
        self.items.first().map_or("", |(_, _, i)| i.text.as_str())
    }

    /// The name of the removed checklist, when a whole one went.
    pub fn list_name(&self) -> Option<&str> {
        self.lists.first().map(|(_, name, _)| name.as_str())
    }

    /// Puts everything back where it was: checklists first (at their places, new ids), then
    /// items at their places, in the original order so that positions line up again.
    pub fn restore(&self, d: &mut Document, c: &mut Clock, limits: &Limits) -> Result<(), OpError> {
        let mut trial = d.clone();
        let now = crate::state::time::now_ms();
        for id in &self.added_items {
            if trial.item(id).is_some() {
                trial.delete_item(c, id, now)?;
            }
        }
        for id in &self.added_lists {
            let empty = trial
                .lists()
                .iter()
                .any(|l| l.id == *id && l.items.is_empty());
            if empty {
                trial.delete_list(c, id, now)?;
            }
        }
        let mut renamed: Vec<(&ListId, ListId)> = Vec::new();
        for (old, name, at) in &self.lists {
            let new = trial.add_list(c, name, limits)?;
            trial.move_list(c, &new, *at)?;
            renamed.push((old, new));
        }
        for (list, index, item) in &self.items {
            let list = match renamed.iter().find(|(old, _)| *old == list) {
                Some((_, new)) => new.clone(),
                None if trial.has_list(list) => list.clone(),
                // Its checklist is gone for another reason: the first one takes it.
                None => trial.ensure_list(c),
            };
            trial.insert_item(c, &list, *index, item, limits)?;
        }
        *d = trial;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ticklist_core::text;

    fn doc(src: &str) -> (Document, Clock) {
        let mut d = Document::new();
        let mut c = Clock::new("a");
        d.reconcile(&mut c, &text::parse(src), &Limits::default(), 0)
            .unwrap();
        (d, c)
    }

    fn printed(d: &Document) -> String {
        text::print(&d.lists(), text::Ids::Omit)
    }

    #[test]
    fn a_text_save_that_drops_items_is_undone_in_place() {
        let (mut d, mut c) = doc("# A\n- [ ] one\n- [x] two\n- [ ] three\n- [ ] four\n");
        let before = d.lists();
        let original = printed(&d);
        let mut kept = text::parse("# A\n- [ ] one\n- [ ] four\n");
        text::match_ids(&mut kept, &before);
        d.reconcile(&mut c, &kept, &Limits::default(), 0).unwrap();
        let undo = Undo::between(&before, &d.lists());
        assert_eq!(undo.count(), 2);
        assert_eq!(undo.first_text(), "two");
        undo.restore(&mut d, &mut c, &Limits::default()).unwrap();
        assert_eq!(printed(&d), original);
    }

    #[test]
    fn a_deleted_checklist_comes_back_in_its_place_with_its_items() {
        let (mut d, mut c) = doc("# A\n- [ ] a1\n# B\n- [x] b1\n- [ ] ! b2\n# C\n- [ ] c1\n");
        let before = d.lists();
        let original = printed(&d);
        d.delete_list(&mut c, &before[1].id, 0).unwrap();
        let undo = Undo::between(&before, &d.lists());
        assert_eq!((undo.count(), undo.list_name()), (2, Some("B")));
        undo.restore(&mut d, &mut c, &Limits::default()).unwrap();
        assert_eq!(printed(&d), original);
    }

    #[test]
    fn undoing_a_replace_also_takes_away_what_it_added() {
        let (mut d, mut c) = doc("# A\n- [ ] one\n- [x] two\n");
        let before = d.lists();
        let original = printed(&d);
        let mut replaced = text::parse("# A\n- [ ] new\n# B\n- [ ] other\n");
        text::match_ids(&mut replaced, &before);
        d.reconcile(&mut c, &replaced, &Limits::default(), 0)
            .unwrap();
        let undo = Undo::between(&before, &d.lists());
        assert_eq!(undo.count(), 2);
        undo.restore(&mut d, &mut c, &Limits::default()).unwrap();
        assert_eq!(printed(&d), original);
    }

    #[test]
    fn nothing_removed_is_nothing_to_undo() {
        let (d, _) = doc("# A\n- [ ] one\n");
        assert!(Undo::between(&d.lists(), &d.lists()).is_empty());
    }
}
