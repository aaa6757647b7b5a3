//! Every change a user can make, as state types applied in this one module: [`Edit`] for
//! checklists (the issue panel's, and the settings page's templates, which are checklists too),
//! [`SettingChange`] for the rest of a settings document. Both go through the page's [`Saver`].
//! Queries (people search) are not edits.

use crate::state::saver::Saver;
use crate::state::time::now_ms;
pub use crate::state::undo::Undo;
use leptos::prelude::*;
use ticklist_core::settings::{self, ApplyWhen, Flag, Template};
use ticklist_core::text;
use ticklist_core::{
    import, ApplyMode, Date, Document, IssueRef, ItemId, Limits, List, ListId, NewItem, OpError,
    Status, StatusId, StatusSet,
};

/// One edit intent.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// New items at the end of `list` (one per text; `## ` starts a section header).
    Add {
        list: ListId,
        texts: Vec<String>,
    },
    Toggle(ItemId),
    SetStatus(ItemId, StatusId),
    /// New text for an item.
    Edit(ItemId, String),
    SetMandatory(ItemId, bool),
    Delete(ItemId),
    /// Move by this many places within its checklist (−1 up, +1 down).
    Move(ItemId, i32),
    /// Drag and drop: put the item into `list` at `index` (among the other items).
    MoveTo {
        id: ItemId,
        list: ListId,
        index: usize,
    },
    SetDetails(ItemId, String),
    /// `None` clears the due date (the input parses the date).
    SetDue(ItemId, Option<Date>),
    /// `None` unassigns.
    SetAssignee(ItemId, Option<String>),
    /// The Jira issue the item became (`None`: forget it), and whether the item follows it.
    LinkIssue(ItemId, Option<IssueRef>, bool),
    /// Start or stop following the linked issue.
    Follow(ItemId, bool),
    AddList(String),
    RenameList(ListId, String),
    DeleteList(ListId),
    MoveList(ListId, i32),
    /// The text editor's result, in Ticklist's format: replaces the checklists, keeping the
    /// identity of the items it still lists.
    SaveText(String),
    /// Another app's checklists, as the import form parsed and previewed them (the parsers
    /// live in the form's part, not in the start-up module), added or replacing ours.
    Import {
        lists: Vec<List>,
        replace: bool,
    },
    /// Put a template on the panel's checklist (a new issue gets the template's own item ids,
    /// so two people applying it at once get one copy).
    ApplyTemplate(Template, ApplyMode),
    /// Put back what an earlier edit removed.
    Restore(Undo),
}

/// A default-template rule edit: for an issue type (`None`: any type), which template and how
/// (`None`: no default).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleChange {
    pub issue_type: Option<String>,
    pub rule: Option<(ListId, ApplyWhen)>,
}

/// What an applied edit leaves behind.
#[derive(Clone, Debug, PartialEq)]
pub enum Applied {
    Done,
    /// The edit removed something that [`Edit::Restore`] can put back.
    Undoable(Undo),
}

impl Edit {
    /// Whether the edit can remove items (then it is offered for undo, and a page asks before
    /// one that removes more than one).
    pub fn may_remove(&self) -> bool {
        matches!(
            self,
            Edit::Delete(_)
                | Edit::DeleteList(_)
                | Edit::SaveText(_)
                | Edit::Import { replace: true, .. }
                | Edit::ApplyTemplate(_, ApplyMode::Replace)
        )
    }
}

/// Applies `edit` to the page's document through its saver (which saves it in the background).
/// A refused edit changes nothing and says why; one that removed items says what, for undo.
pub fn apply(saver: &Saver, edit: Edit) -> Result<Applied, OpError> {
    let (statuses, limits) = (saver.statuses(), saver.limits());
    let before = edit
        .may_remove()
        .then(|| saver.doc.with_untracked(Document::lists));
    saver.edit(|d, c| change(d, c, edit, &statuses, &limits))?;
    Ok(match before {
        Some(before) => {
            let undo = saver
                .doc
                .with_untracked(|d| Undo::between(&before, &d.lists()));
            if undo.is_empty() {
                Applied::Done
            } else {
                Applied::Undoable(undo)
            }
        }
        None => Applied::Done,
    })
}

/// How many items `edit` would remove from `doc` (0 for an edit that would be refused), for
/// "this removes N items" before it happens.
pub fn removals(doc: &Document, edit: &Edit, statuses: &StatusSet, limits: &Limits) -> usize {
    if !edit.may_remove() {
        return 0;
    }
    let mut trial = doc.clone();
    let mut clock = ticklist_core::Clock::new("count");
    clock.observe(doc.max_counter());
    match change(&mut trial, &mut clock, edit.clone(), statuses, limits) {
        Ok(()) => Undo::between(&doc.lists(), &trial.lists()).count(),
        Err(_) => 0,
    }
}

/// The core operations behind each edit, on a document.
fn change(
    d: &mut Document,
    c: &mut ticklist_core::Clock,
    edit: Edit,
    statuses: &StatusSet,
    lim: &Limits,
) -> Result<(), OpError> {
    match edit {
        Edit::Add { list, texts } => {
            let items: Vec<NewItem> = texts
                .iter()
                .filter_map(|t| text::parse_line(t))
                .map(|i| NewItem::from(&i))
                .collect();
            let list = if d.has_list(&list) {
                list
            } else {
                d.ensure_list(c)
            };
            d.insert_items(c, &list, usize::MAX, &items, lim).map(drop)
        }
        Edit::Toggle(id) => d.toggle(c, &id, statuses).map(drop),
        Edit::SetStatus(id, status) => d.set_status(c, &id, &status),
        Edit::Edit(id, text) => d.edit_text(c, &id, &text, lim),
        Edit::SetMandatory(id, on) => d.set_mandatory(c, &id, on),
        Edit::Delete(id) => d.delete_item(c, &id, now_ms()),
        Edit::Move(id, delta) => {
            let place = d.lists().into_iter().find_map(|l| {
                let len = l.items.len();
                l.items
                    .iter()
                    .position(|i| i.id == id)
                    .map(|i| (l.id, i, len))
            });
            match place {
                Some((list, index, len)) if clamp_move(index, delta, len) != index => {
                    // Index among the others (the moved item excluded).
                    d.move_item(c, &id, &list, clamp_move(index, delta, len))
                }
                _ => Ok(()),
            }
        }
        Edit::MoveTo { id, list, index } => d.move_item(c, &id, &list, index),
        Edit::SetDetails(id, details) => d.set_details(c, &id, &details, lim),
        Edit::SetDue(id, due) => d.set_due(c, &id, due),
        Edit::SetAssignee(id, account) => d.set_assignee(c, &id, account.as_deref()),
        Edit::LinkIssue(id, issue, follow) => d.link_issue(c, &id, issue, follow),
        Edit::Follow(id, on) => d.set_follow(c, &id, on),
        Edit::AddList(name) => d.add_list(c, &name, lim).map(drop),
        Edit::RenameList(id, name) => {
            // The panel shows an empty checklist before one exists: renaming it creates it.
            let id = if d.lists().is_empty() {
                d.ensure_list(c)
            } else {
                id
            };
            d.rename_list(c, &id, &name, lim)
        }
        Edit::DeleteList(id) => d.delete_list(c, &id, now_ms()),
        Edit::MoveList(id, delta) => {
            let ls = d.lists();
            match ls.iter().position(|l| l.id == id) {
                Some(index) if clamp_move(index, delta, ls.len()) != index => {
                    d.move_list(c, &id, clamp_move(index, delta, ls.len()))
                }
                _ => Ok(()),
            }
        }
        Edit::SaveText(text) => {
            let mut parsed = text::parse(&text);
            text::match_ids(&mut parsed, &d.lists());
            d.reconcile(c, &parsed, lim, now_ms())
        }
        Edit::Import { lists, replace } => {
            import::put(d, c, &lists, replace, import::Ids::Fresh, lim, now_ms()).map(drop)
        }
        Edit::ApplyTemplate(template, mode) => {
            if settings::should_auto_apply(d) {
                // A new issue: the same items two people applying it at once would create.
                settings::apply_default(d, c, &template, lim)
            } else {
                let list = d.ensure_list(c);
                d.apply_template(c, &list, &template.new_items(), mode, lim, now_ms())
                    .map(drop)
            }
        }
        Edit::Restore(undo) => undo.restore(d, c, lim),
    }
}

/// A change to what a settings document says besides its templates (which are checklists and
/// change through [`Edit`]). Only the settings pages make these; a function of its own, so the
/// issue panel's bundle does not carry the settings editor's code.
#[derive(Clone, Debug, PartialEq)]
pub enum SettingChange {
    /// The default template for an issue type.
    Rule(RuleChange),
    /// Add or change a status at a display position.
    Status(Status, u32),
    Option(Flag, bool),
    /// Items per checklist (`None`: the built-in limit).
    MaxItems(Option<usize>),
    /// A JSON export from another site.
    Import(String),
    /// Copy a template under the given name.
    Duplicate {
        template: ListId,
        name: String,
    },
}

/// Applies a settings change through the settings page's saver.
pub fn apply_setting(saver: &Saver, change: SettingChange) -> Result<(), OpError> {
    saver.edit(|d, c| match change {
        SettingChange::Rule(RuleChange { issue_type, rule }) => {
            let rule = rule.as_ref().map(|(t, a)| (t, *a));
            settings::set_default(d, c, issue_type.as_deref(), rule);
            Ok(())
        }
        SettingChange::Status(status, pos) => settings::set_status(d, c, &status, Some(pos)),
        SettingChange::Option(flag, on) => {
            settings::set_flag(d, c, flag, on);
            Ok(())
        }
        SettingChange::MaxItems(max) => settings::set_max_items(d, c, max),
        SettingChange::Import(json) => settings::import(d, c, &json)
            .map(drop)
            .map_err(|e| OpError::Import(e.to_string())),
        SettingChange::Duplicate { template, name } => {
            settings::duplicate_template(d, c, &template, &name).map(drop)
        }
    })
}

fn clamp_move(index: usize, delta: i32, len: usize) -> usize {
    (index as i64 + i64::from(delta)).clamp(0, len as i64 - 1) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    fn three_items() -> Document {
        let mut d = Document::new();
        let mut c = ticklist_core::Clock::new("t");
        d.reconcile(
            &mut c,
            &text::parse("# A\n- [ ] one\n- [ ] two\n- [x] three\n"),
            &Limits::default(),
            0,
        )
        .unwrap();
        d
    }

    #[test]
    fn removals_count_what_an_edit_would_take() {
        let d = three_items();
        let (s, l) = (StatusSet::default(), Limits::default());
        let count = |e: Edit| removals(&d, &e, &s, &l);
        assert_eq!(count(Edit::SaveText(String::new())), 3);
        assert_eq!(count(Edit::SaveText("# A\n- [ ] two\n".into())), 2);
        let import = |replace| Edit::Import {
            lists: import::import(import::Format::HeroCoders, "- one", &s).lists,
            replace,
        };
        assert_eq!(count(import(true)), 3);
        let list = d.lists()[0].id.clone();
        assert_eq!(count(Edit::DeleteList(list)), 3);
        // An import that adds, and a toggle, remove nothing.
        assert_eq!(count(import(false)), 0);
        let first = d.lists()[0].items[0].id.clone();
        assert_eq!(count(Edit::Toggle(first)), 0);
    }
}
