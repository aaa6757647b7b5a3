//! The issue panel page: loads the checklist and the user's permissions through the host, then
//! lets the user edit with every change shown at once and saved in the background.

use crate::components::checklist::ChecklistView;
use crate::components::save_status::SaveIndicator;
use crate::components::text_editor::TextEditor;
use crate::components::{Action, Filter, People, TextFormat};
use crate::host::permissions::{self, On};
use crate::host::users;
use crate::host::{FlagKind, Host};
use crate::state::load::{issue_of, read_document, ReadError};
use crate::state::saver::Saver;
use crate::state::sync::Target;
use crate::strings as s;
use leptos::prelude::*;
use std::rc::Rc;
use std::time::Duration;
use ticklist_core::model::{DEFAULT_LIST, DEFAULT_LIST_NAME};
use ticklist_core::text::{self, Ids};
use ticklist_core::{import, Date, Document, Limits, List, NewItem, OpError, StatusSet};

#[derive(Clone)]
enum Phase {
    Loading,
    /// The saver and the user's locale.
    Ready(Box<Saver>, String),
    /// Stored data we cannot read: shown, kept, exportable, never written over.
    Unreadable {
        message: String,
        raw: String,
    },
    Failed(String),
}

/// A deleted item that can still be put back.
#[derive(Clone, Debug, PartialEq)]
struct Undo {
    list: String,
    index: usize,
    item: NewItem,
}

/// A random id for this tab's writes (see ticklist_core::stamp).
fn replica_id() -> String {
    let n = (js_sys::Math::random() * 2f64.powi(40)) as u64;
    let mut out = String::new();
    let mut v = n;
    for _ in 0..8 {
        let d = (v % 36) as u8;
        out.push(if d < 10 {
            (b'0' + d) as char
        } else {
            (b'a' + d - 10) as char
        });
        v /= 36;
    }
    out
}

fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// The panel. `host` is whatever the composition root picked.
#[component]
pub fn App(host: Rc<dyn Host>) -> impl IntoView {
    let phase = RwSignal::new_local(Phase::Loading);
    host.enable_theme();
    {
        let host = host.clone();
        leptos::task::spawn_local(async move {
            let next = open(host.clone()).await;
            phase.try_set(next);
            host.resize();
        });
    }
    let host = StoredValue::new_local(host);
    Effect::new(move |_| {
        // Any change of what is shown may change the height.
        phase.track();
        host.with_value(|h| h.resize());
    });
    view! {
        <main class="tl-app" data-testid="ticklist">
            {move || match phase.get() {
                Phase::Loading => view! { <p class="tl-note" data-testid="loading">{s::LOADING}</p> }.into_any(),
                Phase::Ready(saver, locale) => view! { <Panel saver=*saver host=host.get_value() locale=locale /> }.into_any(),
                Phase::Unreadable { message, raw } => view! {
                    <div class="tl-note tl-note--error" role="alert" data-testid="unreadable">
                        <p>{message} " " {s::KEPT_UNTOUCHED}</p>
                        <details>
                            <summary>{s::EXPORT}</summary>
                            <textarea class="tl-export" readonly=true data-testid="export" rows="6">{raw}</textarea>
                        </details>
                    </div>
                }.into_any(),
                Phase::Failed(msg) => view! {
                    <p class="tl-note tl-note--error" role="alert" data-testid="failed">{msg}</p>
                }.into_any(),
            }}
        </main>
    }
}

async fn open(host: Rc<dyn Host>) -> Phase {
    let context = match host.context().await {
        Ok(c) => c,
        Err(e) => return Phase::Failed(e.to_string()),
    };
    let Some(issue) = issue_of(&context) else {
        return Phase::Failed("Ticklist was opened outside an issue".into());
    };
    let key = context.issue_key.clone().unwrap_or_else(|| issue.clone());
    // The checklist and the permissions in parallel: opening costs one round trip.
    let (stored, perms) = futures_util::future::join(
        read_document(host.as_ref(), &issue),
        permissions::mine(host.as_ref(), On::Issue(&key)),
    )
    .await;
    let stored = match stored {
        Ok(s) => s,
        Err(ReadError::Unreadable(e)) => {
            return Phase::Unreadable {
                message: e.to_string(),
                raw: e.raw,
            }
        }
        Err(ReadError::Host(e)) => return Phase::Failed(e.to_string()),
    };
    // If Jira could not tell, offer editing: Jira still refuses a write the user may not make,
    // and the panel then turns read-only.
    let can_edit = perms.map(|p| p.edit_issues).unwrap_or(true);
    let locale =
        crate::components::locale::normalize(context.locale.as_deref().unwrap_or_default());
    let saver = Saver::new(
        host,
        Target::issue(&issue),
        key,
        stored.doc,
        &replica_id(),
        can_edit,
        StatusSet::default(),
        Limits::default(),
    );
    Phase::Ready(Box::new(saver), locale)
}

#[component]
fn Panel(saver: Saver, host: Rc<dyn Host>, locale: String) -> impl IntoView {
    provide_context(crate::components::locale::Locale(locale));
    let statuses = saver.statuses();
    let limits = saver.limits();
    let notice = RwSignal::new(None::<String>);
    let text_mode = RwSignal::new(false);
    let filter = RwSignal::new(Filter::All);
    let people = RwSignal::new(People::default());
    let me = RwSignal::new(None::<String>);
    let issue_key = saver.issue_key();
    let host_sv = StoredValue::new_local(host.clone());
    // Names of the people already assigned (one lookup per person, after the checklist shows).
    {
        let assignees: std::collections::BTreeSet<String> = saver.doc.with_untracked(|d| {
            d.lists()
                .iter()
                .flat_map(|l| l.items.iter().filter_map(|i| i.assignee.clone()))
                .collect()
        });
        let key = issue_key.clone();
        leptos::task::spawn_local(async move {
            let Some(host) = host_sv.try_get_value() else {
                return;
            };
            for account in assignees {
                if let Ok(Some(u)) = users::by_account(host.as_ref(), &key, &account).await {
                    people.try_update(|p| p.names.insert(u.account_id, u.display_name));
                }
            }
        });
    }
    let undo = RwSignal::new(None::<Undo>);

    // Other people's changes: Jira's event, coming back to the tab, and a modest interval.
    host.on_issue_changed(Box::new(move || saver.refresh()));
    let focus = window_event_listener(leptos::ev::focus, move |_| saver.refresh());
    let interval = set_interval_with_handle(move || saver.refresh(), Duration::from_secs(60)).ok();
    let unload = window_event_listener(leptos::ev::beforeunload, move |ev| {
        if saver.dirty.get_untracked() {
            ev.prevent_default();
            ev.set_return_value(s::UNSAVED_WARNING);
        }
    });
    on_cleanup(move || {
        focus.remove();
        unload.remove();
        if let Some(i) = interval {
            i.clear();
        }
    });

    // An issue without a checklist shows an empty one under the id the first item creates
    // (`ensure_list`), so the add input stays the same element, and keeps focus, after it.
    let lists = Memo::new(move |_| {
        let lists = saver.doc.with(Document::lists);
        if lists.is_empty() {
            vec![List {
                id: DEFAULT_LIST.into(),
                name: DEFAULT_LIST_NAME.into(),
                items: Vec::new(),
            }]
        } else {
            lists
        }
    });
    let is_empty = Memo::new(move |_| lists.with(|ls| ls.iter().all(|l| l.items.is_empty())));
    let st = statuses.clone();
    let lim = limits.clone();
    let on_action = Callback::new(move |action: Action| {
        let result: Result<(), OpError> = match action {
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
                        d.insert_items(c, &list, usize::MAX, &items, &lim)
                    })
                    .map(drop)
            }
            Action::Toggle(id) => saver.edit(|d, c| d.toggle(c, &id, &st)).map(drop),
            Action::SetStatus(id, status) => saver.edit(|d, c| d.set_status(c, &id, &status)),
            Action::Edit(id, text) => saver.edit(|d, c| d.edit_text(c, &id, &text, &lim)),
            Action::SetMandatory(id, on) => saver.edit(|d, c| d.set_mandatory(c, &id, on)),
            Action::Delete(id) => {
                let found = lists.with_untracked(|ls| {
                    ls.iter().find_map(|l| {
                        l.items.iter().position(|i| i.id == id).map(|index| Undo {
                            list: l.id.clone(),
                            index,
                            item: NewItem::from(&l.items[index]),
                        })
                    })
                });
                let r = saver.edit(|d, c| d.delete_item(c, &id, now_ms()));
                if r.is_ok() {
                    undo.set(found);
                    set_timeout(move || undo.set(None), Duration::from_secs(8));
                }
                r
            }
            Action::Move(id, delta) => {
                let place = lists.with_untracked(|ls| {
                    ls.iter().find_map(|l| {
                        l.items
                            .iter()
                            .position(|i| i.id == id)
                            .map(|i| (l.id.clone(), i, l.items.len()))
                    })
                });
                match place {
                    Some((list, index, len)) => {
                        let to =
                            (index as i64 + i64::from(delta)).clamp(0, len as i64 - 1) as usize;
                        if to == index {
                            Ok(())
                        } else {
                            // Index among the others (the moved item excluded).
                            saver.edit(|d, c| d.move_item(c, &id, &list, to))
                        }
                    }
                    None => Ok(()),
                }
            }
            Action::SetDetails(id, details) => {
                saver.edit(|d, c| d.set_details(c, &id, &details, &lim))
            }
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
            Action::SearchUsers(query) => {
                let key = issue_key.clone();
                leptos::task::spawn_local(async move {
                    let Some(host) = host_sv.try_get_value() else {
                        return;
                    };
                    if let Ok(found) = users::assignable(host.as_ref(), &key, &query).await {
                        people.try_update(|p| {
                            for u in &found {
                                p.names.insert(u.account_id.clone(), u.display_name.clone());
                            }
                            p.results = found;
                        });
                    }
                });
                Ok(())
            }
            Action::AddList(name) => saver.edit(|d, c| d.add_list(c, &name, &lim)).map(drop),
            Action::RenameList(id, name) => saver.edit(|d, c| {
                let id = if d.lists().is_empty() {
                    d.ensure_list(c)
                } else {
                    id
                };
                d.rename_list(c, &id, &name, &lim)
            }),
            Action::DeleteList(id) => saver.edit(|d, c| d.delete_list(c, &id, now_ms())),
            Action::MoveList(id, delta) => {
                let place = lists
                    .with_untracked(|ls| ls.iter().position(|l| l.id == id).map(|i| (i, ls.len())));
                match place {
                    Some((index, len)) => {
                        let to =
                            (index as i64 + i64::from(delta)).clamp(0, len as i64 - 1) as usize;
                        if to == index {
                            Ok(())
                        } else {
                            saver.edit(|d, c| d.move_list(c, &id, to))
                        }
                    }
                    None => Ok(()),
                }
            }
            Action::SaveText(text, format) => {
                let r = save_text(&saver, &text, format, &lim);
                if r.is_ok() {
                    text_mode.set(false);
                }
                r
            }
        };
        match result {
            Ok(()) => notice.set(None),
            Err(e) => notice.set(Some(e.to_string())),
        }
    });
    let lim = limits.clone();
    let undo_delete = Callback::new(move |_: ()| {
        if let Some(u) = undo.get_untracked() {
            undo.set(None);
            // Delete wins in merges, so the item comes back under a new id.
            let r = saver.edit(|d, c| d.insert_item(c, &u.list, u.index, &u.item, &lim));
            if let Err(e) = r {
                notice.set(Some(e.to_string()));
            }
        }
    });
    Effect::new(move |prev: Option<bool>| {
        // Tell the user once, in Jira's own flag, when saving turns into a failure.
        let failed = matches!(
            saver.status.get(),
            crate::state::saver::SaveStatus::Failed(_)
        );
        if failed && prev == Some(false) {
            host_sv.with_value(|h| h.flag(FlagKind::Error, s::SAVE_FAILED, s::UNSAVED_WARNING));
        }
        failed
    });
    // Fit the iframe after every change of what is shown (Connect needs AP.resize; Forge sizes
    // itself and ignores it). After the DOM update, hence the animation frame.
    Effect::new(move |_| {
        lists.track();
        notice.track();
        undo.track();
        saver.status.track();
        request_animation_frame(move || host_sv.with_value(|h| h.resize()));
    });
    view! {
        <div class="tl-panel">
            <div class="tl-panel__bar">
                <label class="tl-filter">
                    {s::FILTER_LABEL} " "
                    <select data-testid="filter" on:change=move |ev| match event_target_value(&ev).as_str() {
                        "open" => filter.set(Filter::Open),
                        "mine" => match me.get_untracked() {
                            Some(id) => filter.set(Filter::Mine(id)),
                            // Who "me" is costs a request, so it is asked only when needed.
                            None => leptos::task::spawn_local(async move {
                                let Some(host) = host_sv.try_get_value() else { return };
                                match users::myself(host.as_ref()).await {
                                    Ok(u) => {
                                        me.try_set(Some(u.account_id.clone()));
                                        filter.try_set(Filter::Mine(u.account_id));
                                    }
                                    Err(e) => {
                                        notice.try_set(Some(e.to_string()));
                                    }
                                }
                            }),
                        },
                        _ => filter.set(Filter::All),
                    }>
                        <option value="all" selected=true>{s::SHOW_ALL}</option>
                        <option value="open">{s::SHOW_OPEN}</option>
                        <option value="mine">{s::SHOW_MINE}</option>
                    </select>
                </label>
                <Show when=move || saver.can_edit.get() && !text_mode.get()>
                    <button class="tl-button tl-button--link" data-testid="text-mode" on:click=move |_| text_mode.set(true)>{s::TEXT_MODE}</button>
                </Show>
                <SaveIndicator status=saver.status on_retry=Callback::new(move |_| saver.retry_now()) />
            </div>
            <Show when=move || text_mode.get()>
                <TextEditor
                    initial=text::print(&saver.doc.with_untracked(Document::lists), Ids::Omit)
                    on_save=Callback::new(move |(t, f)| on_action.run(Action::SaveText(t, f)))
                    on_cancel=Callback::new(move |_| text_mode.set(false))
                />
            </Show>
            <Show when=move || !saver.can_edit.get() && !matches!(saver.status.get(), crate::state::saver::SaveStatus::ReadOnly(_))>
                <p class="tl-note" data-testid="read-only">{s::READ_ONLY}</p>
            </Show>
            <Show when=move || notice.get().is_some()>
                <p class="tl-note tl-note--error" role="alert" data-testid="notice">{move || notice.get().unwrap_or_default()}</p>
            </Show>
            <Show when=move || is_empty.get()>
                <p class="tl-note" data-testid="empty">{s::EMPTY}</p>
            </Show>
            <ChecklistView lists=lists statuses=statuses.clone() can_edit=saver.can_edit on_action=on_action filter=filter people=people />
            <Show when=move || undo.get().is_some()>
                <div class="tl-undo" role="status" data-testid="undo-bar">
                    <span>{move || format!("{} “{}”", s::DELETED, undo.get().map(|u| u.item.text).unwrap_or_default())}</span>
                    <button class="tl-button tl-button--link" data-testid="undo" on:click=move |_| undo_delete.run(())>{s::UNDO}</button>
                </div>
            </Show>
        </div>
    }
}

/// Text mode's save: Ticklist's format replaces the checklists (items keep their identity, so
/// what others changed meanwhile survives the merge); other apps' text is added.
fn save_text(
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
