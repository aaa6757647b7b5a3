//! The checklist editing actions every page shares (the issue panel, and the settings page
//! where templates are checklists), applied to the local document through the saver.

use crate::components::Action;
use crate::components::TextFormat;
use crate::state::saver::Saver;
use leptos::prelude::*;
use ticklist_core::model::DEFAULT_LIST_NAME;
use ticklist_core::text;
use ticklist_core::{import, Date, Document, Limits, NewItem, OpError, StatusSet};

fn clamp_move(index: usize, delta: i32, len: usize) -> usize {
    (index as i64 + i64::from(delta)).clamp(0, len as i64 - 1) as usize
}

/// Applies `action`. `None`: not a plain edit; the page handles it (delete with undo, user
/// search, text mode).
pub fn apply(
    saver: &Saver,
    action: &Action,
    limits: &Limits,
    statuses: &StatusSet,
) -> Option<Result<(), OpError>> {
    let lim = limits;
    Some(match action.clone() {
        Action::Add { list, texts } => {
            // "## " starts a section header, as in the text format.
            let items: Vec<NewItem> = texts
                .into_iter()
                .map(|t| match t.strip_prefix("## ") {
                    Some(h) => NewItem::header(h),
                    None => NewItem::text(t),
                })
                .collect();
            saver
                .edit(|d, c| {
                    let list = if d.has_list(&list) {
                        list
                    } else {
                        d.ensure_list(c)
                    };
                    d.insert_items(c, &list, usize::MAX, &items, lim)
                })
                .map(drop)
        }
        Action::Toggle(id) => saver.edit(|d, c| d.toggle(c, &id, statuses)).map(drop),
        Action::SetStatus(id, status) => saver.edit(|d, c| d.set_status(c, &id, &status)),
        Action::Edit(id, text) => saver.edit(|d, c| d.edit_text(c, &id, &text, lim)),
        Action::SetMandatory(id, on) => saver.edit(|d, c| d.set_mandatory(c, &id, on)),
        Action::Move(id, delta) => {
            let place = saver.doc.with_untracked(|d| {
                d.lists().into_iter().find_map(|l| {
                    l.items
                        .iter()
                        .position(|i| i.id == id)
                        .map(|i| (l.id.clone(), i, l.items.len()))
                })
            });
            match place {
                Some((list, index, len)) if clamp_move(index, delta, len) != index => {
                    // Index among the others (the moved item excluded).
                    let to = clamp_move(index, delta, len);
                    saver.edit(|d, c| d.move_item(c, &id, &list, to))
                }
                _ => Ok(()),
            }
        }
        Action::MoveTo { id, list, index } => saver.edit(|d, c| d.move_item(c, &id, &list, index)),
        Action::SetDetails(id, details) => saver.edit(|d, c| d.set_details(c, &id, &details, lim)),
        Action::SetDue(id, due) => match due.trim() {
            "" => saver.edit(|d, c| d.set_due(c, &id, None)),
            text => match text.parse::<Date>() {
                Ok(date) => saver.edit(|d, c| d.set_due(c, &id, Some(date))),
                Err(()) => Err(OpError::InvalidDate(text.to_owned())),
            },
        },
        Action::SetAssignee(id, account) => {
            saver.edit(|d, c| d.set_assignee(c, &id, account.as_deref()))
        }
        Action::AddList(name) => saver.edit(|d, c| d.add_list(c, &name, lim)).map(drop),
        Action::RenameList(id, name) => saver.edit(|d, c| {
            let id = if d.lists().is_empty() {
                d.ensure_list(c)
            } else {
                id
            };
            d.rename_list(c, &id, &name, lim)
        }),
        Action::DeleteList(id) => saver.edit(|d, c| d.delete_list(c, &id, now_ms())),
        Action::MoveList(id, delta) => {
            let place = saver.doc.with_untracked(|d| {
                let ls = d.lists();
                ls.iter().position(|l| l.id == id).map(|i| (i, ls.len()))
            });
            match place {
                Some((index, len)) if clamp_move(index, delta, len) != index => {
                    let to = clamp_move(index, delta, len);
                    saver.edit(|d, c| d.move_list(c, &id, to))
                }
                _ => Ok(()),
            }
        }
        Action::DuplicateList(id) => {
            let name = saver.doc.with_untracked(|d: &Document| {
                d.lists()
                    .into_iter()
                    .find(|l| l.id == id)
                    .map(|l| format!("{} {}", l.name, crate::strings::COPY_SUFFIX))
            });
            match name {
                Some(name) => saver
                    .edit(|d, c| ticklist_core::settings::duplicate_template(d, c, &id, &name))
                    .map(drop),
                None => Err(OpError::ListNotFound(id)),
            }
        }
        Action::Delete(_) | Action::SearchUsers(_) | Action::SaveText(..) => return None,
    })
}

pub fn now_ms() -> u64 {
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::Date::now() as u64
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0
    }
}

/// Text mode's save: Ticklist's format replaces the checklists (items keep their identity, so
/// what others changed meanwhile survives the merge); other apps' text is added.
pub fn save_text(
    saver: &Saver,
    text: &str,
    format: TextFormat,
    limits: &Limits,
) -> Result<(), OpError> {
    match format {
        TextFormat::Ticklist => {
            let current = saver.doc.with_untracked(Document::lists);
            let mut parsed = text::parse(text);
            text::match_ids(&mut parsed, &current);
            saver.edit(|d, c| d.reconcile(c, &parsed, limits, now_ms()))
        }
        TextFormat::SmartChecklist | TextFormat::HeroCoders => {
            let imported = if format == TextFormat::SmartChecklist {
                import::smart_checklist(text)
            } else {
                import::herocoders(text)
            };
            saver.edit(|d, c| {
                for list in &imported {
                    let existing = d.lists();
                    let target = match existing.iter().find(|l| l.name == list.name) {
                        Some(l) => l.id.clone(),
                        None if list.name == DEFAULT_LIST_NAME => d.ensure_list(c),
                        None => d.add_list(c, &list.name, limits)?,
                    };
                    let items: Vec<NewItem> = list.items.iter().map(NewItem::from).collect();
                    d.insert_items(c, &target, usize::MAX, &items, limits)?;
                }
                Ok(())
            })
        }
    }
}
