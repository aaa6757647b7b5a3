//! Items that became Jira issues: the link, following the issue's status, and what following
//! asks of the item when the issue's status is known.

use super::document::Document;
use super::ids::ItemId;
use super::register::{ItemEntry, Lww};
use super::view::IssueRef;
use crate::error::OpError;
use crate::stamp::Clock;
use crate::status::{StatusId, StatusSet, DONE, TODO};
use std::collections::BTreeSet;

impl Document {
    /// Records the Jira issue an item became (`None` forgets it) and whether the item follows
    /// it. Separate writes, so the history tells linking from following; nothing is written
    /// for a register that already holds the value. Headers link to nothing.
    pub fn link_issue(
        &mut self,
        clock: &mut Clock,
        id: &ItemId,
        issue: Option<IssueRef>,
        follow: bool,
    ) -> Result<(), OpError> {
        let s = self.checkable_item_mut(id)?;
        let follow = follow && issue.is_some();
        if s.issue.value != issue {
            s.issue = Lww::new(issue, clock.tick());
        }
        if s.follow.value != follow {
            s.follow = Lww::new(follow, clock.tick());
        }
        Ok(())
    }

    /// Starts or stops following the linked issue.
    pub fn set_follow(&mut self, clock: &mut Clock, id: &ItemId, on: bool) -> Result<(), OpError> {
        let s = self.checkable_item_mut(id)?;
        if s.issue.value.is_none() {
            return Err(OpError::NotLinked);
        }
        if s.follow.value != on {
            s.follow = Lww::new(on, clock.tick());
        }
        Ok(())
    }

    /// The ids of the Jira issues live items link to, each once. Read from the registers, not
    /// from [`Document::lists`]: the panel asks on every change, and building the lists sorts
    /// every item.
    pub fn linked_issue_ids(&self) -> BTreeSet<String> {
        let mut ids = BTreeSet::new();
        for e in self.items.values() {
            if let ItemEntry::Live(s) = e {
                if let Some(i) = &s.issue.value {
                    ids.insert(i.id.clone());
                }
            }
        }
        ids
    }

    /// The status changes following asks for, given which linked issues are done
    /// (`issue_done(issue id)`, `None` when unknown: not read, or not visible to this user).
    /// An item following a done issue is done; one following an issue that is not done is no
    /// longer complete (to do). Items already there, and unknown issues, ask for nothing.
    pub fn follow_changes(
        &self,
        statuses: &StatusSet,
        issue_done: impl Fn(&str) -> Option<bool>,
    ) -> Vec<(ItemId, StatusId)> {
        let mut out = Vec::new();
        for item in self.lists().into_iter().flat_map(|l| l.items) {
            let (true, Some(issue)) = (item.follow, &item.issue) else {
                continue;
            };
            let Some(done) = issue_done(&issue.id) else {
                continue;
            };
            let complete = statuses.is_complete(&item.status);
            if done && item.status != DONE {
                out.push((item.id, DONE.into()));
            } else if !done && complete {
                out.push((item.id, TODO.into()));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limits::Limits;
    use crate::merge::merge;
    use crate::NewItem;

    fn doc_with(texts: &[&str]) -> (Document, Clock, Vec<ItemId>) {
        let mut c = Clock::new("a");
        let mut d = Document::new();
        let list = d.ensure_list(&mut c);
        let ids = texts
            .iter()
            .map(|t| {
                d.add_item(&mut c, &list, &NewItem::text(*t), &Limits::default())
                    .unwrap()
            })
            .collect();
        (d, c, ids)
    }

    fn issue(id: &str, key: &str) -> IssueRef {
        IssueRef {
            id: id.into(),
            key: key.into(),
        }
    }

    #[test]
    fn a_link_and_its_follow_flag_survive_concurrent_edits_of_the_item() {
        let (base, _, ids) = doc_with(&["Write notes"]);
        let mut a = base.clone();
        let mut ca = Clock::new("a2");
        ca.observe(base.max_counter());
        a.link_issue(&mut ca, &ids[0], Some(issue("10104", "TL-4")), true)
            .unwrap();
        let mut b = base.clone();
        let mut cb = Clock::new("b");
        cb.observe(base.max_counter());
        b.toggle(&mut cb, &ids[0], &StatusSet::default()).unwrap();
        let m = merge(&a, &b);
        let item = m.item(&ids[0]).unwrap();
        assert_eq!(item.issue, Some(issue("10104", "TL-4")));
        assert!(item.follow);
        assert_eq!(item.status, DONE);
        assert_eq!(m, merge(&b, &a));
    }

    #[test]
    fn following_asks_for_done_and_back_to_do_and_nothing_else() {
        let (mut d, mut c, ids) = doc_with(&[
            "follows done",
            "follows open",
            "linked only",
            "plain",
            "follows unknown",
        ]);
        d.link_issue(&mut c, &ids[0], Some(issue("1", "TL-1")), true)
            .unwrap();
        d.link_issue(&mut c, &ids[1], Some(issue("2", "TL-2")), true)
            .unwrap();
        d.link_issue(&mut c, &ids[2], Some(issue("3", "TL-3")), false)
            .unwrap();
        d.link_issue(&mut c, &ids[4], Some(issue("9", "TL-9")), true)
            .unwrap();
        let s = StatusSet::default();
        d.toggle(&mut c, &ids[1], &s).unwrap(); // done, but its issue reopened
        let done = |id: &str| match id {
            "1" | "3" => Some(true),
            "2" => Some(false),
            _ => None,
        };
        let asks = d.follow_changes(&s, done);
        assert_eq!(
            asks,
            vec![(ids[0].clone(), DONE.into()), (ids[1].clone(), TODO.into())]
        );
        // Once applied, following asks for nothing more.
        for (id, st) in &asks {
            d.set_status(&mut c, id, st).unwrap();
        }
        assert!(d.follow_changes(&s, done).is_empty());
    }

    #[test]
    fn headers_and_unlinked_items_cannot_follow() {
        let (mut d, mut c, ids) = doc_with(&["x"]);
        assert_eq!(d.set_follow(&mut c, &ids[0], true), Err(OpError::NotLinked));
        let list = d.ensure_list(&mut c);
        let h = d
            .add_item(
                &mut c,
                &list,
                &NewItem::header("Section"),
                &Limits::default(),
            )
            .unwrap();
        assert_eq!(
            d.link_issue(&mut c, &h, Some(issue("1", "TL-1")), true),
            Err(OpError::NotCheckable)
        );
        // Deleted items link to nothing; two items linked to one issue name it once.
        let (mut d2, mut c2, ids2) = doc_with(&["a", "b", "gone"]);
        for id in &ids2 {
            d2.link_issue(&mut c2, id, Some(issue("1", "TL-1")), false)
                .unwrap();
        }
        d2.link_issue(&mut c2, &ids2[2], Some(issue("2", "TL-2")), false)
            .unwrap();
        d2.delete_item(&mut c2, &ids2[2], 0).unwrap();
        assert_eq!(d2.linked_issue_ids().into_iter().collect::<Vec<_>>(), ["1"]);
        // Unlinking clears following too.
        d.link_issue(&mut c, &ids[0], Some(issue("1", "TL-1")), true)
            .unwrap();
        d.link_issue(&mut c, &ids[0], None, true).unwrap();
        let item = d.item(&ids[0]).unwrap();
        assert!(item.issue.is_none() && !item.follow);
    }
}
