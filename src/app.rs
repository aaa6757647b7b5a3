//! The issue panel page: loads the checklist and the user's permissions through the host, then
//! lets the user edit with every change shown at once and saved in the background.

use crate::components::checklist::ChecklistView;
use crate::components::save_status::SaveIndicator;
use crate::components::template_menu::TemplateMenu;
use crate::components::text_editor::TextEditor;
use crate::components::{Action, Filter, People};
use crate::host::permissions::{self, On};
use crate::host::users;
use crate::host::{FlagKind, Host, Page};
use crate::state::actions;
use crate::state::load::{issue_of, read_document, ReadError};
use crate::state::saver::{replica_id, Saver};
use crate::state::settings::cache as settings_cache;
use crate::state::settings::{read_for_panel, PanelSettings};
use crate::state::sync::Target;
use crate::strings as s;
use leptos::prelude::*;
use std::rc::Rc;
use std::time::Duration;
use ticklist_core::model::{DEFAULT_LIST, DEFAULT_LIST_NAME};
use ticklist_core::settings::{self, ApplyWhen, Template};
use ticklist_core::text::{self, Ids};
use ticklist_core::{ApplyMode, Document, List, NewItem, OpError};

#[derive(Clone)]
enum Phase {
    Loading,
    /// The saver and what the panel shows besides the checklist.
    Ready(Box<(Saver, PanelExtras)>),
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

/// The panel. `host` is whatever the composition root picked.
#[component]
pub fn App(host: Rc<dyn Host>) -> impl IntoView {
    let phase = crate::pages::open_page(&host, Phase::Loading, open);
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
                Phase::Ready(b) => {
                    let (saver, extras) = *b;
                    view! { <Panel saver=saver host=host.get_value() extras=extras /> }.into_any()
                }
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
    if context.page != Page::Issue {
        // The settings pages are their own, smaller bundle (settings/), so the issue view
        // never downloads them; a descriptor pointing here is a packaging mistake.
        return Phase::Failed("This page of Ticklist is served from settings/".into());
    }
    let Some(issue) = issue_of(&context) else {
        return Phase::Failed("Ticklist was opened outside an issue".into());
    };
    let key = context.issue_key.clone().unwrap_or_else(|| issue.clone());
    let type_id = context.issue_type_id.clone();
    let project_id = context.project_id.clone();
    let (ty, pr) = (type_id.as_deref(), project_id.as_deref());
    // Settings and the user's edit permission come from this iframe's cache when it has them
    // (both are checked again once the panel shows), so opening reads the checklist alone.
    let cached = settings_cache::load(ty, pr);
    let cached_edit = settings_cache::load_can_edit(pr);
    let warm = cached.is_some() && cached_edit.is_some();
    let (stored, perms, fresh) = if warm {
        (read_document(host.as_ref(), &issue).await, None, None)
    } else {
        let (stored, perms, fresh) = futures_util::future::join3(
            read_document(host.as_ref(), &issue),
            permissions::mine(host.as_ref(), On::Issue(&key)),
            read_for_panel(host.as_ref(), ty, pr),
        )
        .await;
        (stored, Some(perms), Some(fresh))
    };
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
    // A new issue's default template depends on the settings and permissions as they are now.
    let never_had_items = settings::should_auto_apply(&stored.doc);
    let (perms, fresh) = if warm && never_had_items {
        let (p, f) = futures_util::future::join(
            permissions::mine(host.as_ref(), On::Issue(&key)),
            read_for_panel(host.as_ref(), ty, pr),
        )
        .await;
        (Some(p), Some(f))
    } else {
        (perms, fresh)
    };
    // If Jira could not tell, offer editing: Jira still refuses a write the user may not make,
    // and the panel then turns read-only.
    let can_edit = match &perms {
        Some(Ok(p)) => {
            settings_cache::store_can_edit(pr, p.edit_issues);
            p.edit_issues
        }
        Some(Err(_)) => true,
        None => cached_edit.unwrap_or(true),
    };
    let new_issue = can_edit && never_had_items;
    let checked_now = fresh.is_some();
    let panel_settings = match (fresh, cached) {
        (Some(Ok(s)), _) => {
            settings_cache::store(ty, pr, &s);
            s
        }
        (_, Some(c)) => {
            if !checked_now {
                refresh_settings_later(host.clone(), type_id.clone(), project_id.clone());
            }
            c
        }
        // Settings could not be read: the panel works with the defaults.
        (_, None) => PanelSettings::default(),
    };
    let effective = panel_settings.effective();
    let locale =
        crate::components::locale::normalize(context.locale.as_deref().unwrap_or_default());
    let saver = Saver::new(
        host,
        // Stored under the issue's id, which stays when the issue moves project.
        Target::issue(&issue),
        stored.doc,
        &replica_id(),
        can_edit,
        effective.statuses.clone(),
        effective.limits.clone(),
    );
    if perms.is_none() {
        check_permission_later(saver, key.clone(), project_id.clone());
    }
    let default = type_id
        .as_deref()
        .and_then(|t| effective.default_for(t))
        .map(|(t, a)| (t.clone(), a));
    let mut offer = None;
    if new_issue {
        match default {
            Some((template, ApplyWhen::Auto)) => {
                let lim = effective.limits.clone();
                if let Err(e) = saver.edit(|d, c| settings::apply_default(d, c, &template, &lim)) {
                    leptos::logging::warn!("Ticklist: default template not applied: {e}");
                }
            }
            Some((template, ApplyWhen::Offer)) => offer = Some(template),
            None => {}
        }
    }
    let extras = PanelExtras {
        issue_key: key,
        locale,
        templates: effective.templates.into_iter().map(|(_, t)| t).collect(),
        offer,
        collapse_done: effective.collapse_done,
    };
    Phase::Ready(Box::new((saver, extras)))
}

/// What the panel needs besides the checklist.
#[derive(Clone)]
pub struct PanelExtras {
    /// User search takes the issue's key, not its id.
    issue_key: String,
    locale: String,
    templates: Vec<Template>,
    /// A default template to offer on this new issue.
    offer: Option<Template>,
    collapse_done: bool,
}

/// Asks Jira whether the user may edit, right after the panel showed with the cached answer,
/// and follows Jira's answer (a 403 on save would turn the panel read-only anyway).
fn check_permission_later(saver: Saver, key: String, project: Option<String>) {
    let Some(host) = saver.host() else {
        return;
    };
    // Once the panel has shown (it does not wait for this).
    let check = async move {
        if let Ok(p) = permissions::mine(host.as_ref(), On::Issue(&key)).await {
            settings_cache::store_can_edit(project.as_deref(), p.edit_issues);
            let refused = matches!(
                saver.status.try_get_untracked(),
                Some(crate::state::saver::SaveStatus::ReadOnly(_))
            );
            if !refused {
                saver.can_edit.try_set(p.edit_issues);
            }
        }
    };
    // After the first frame with the checklist on screen, and a moment more.
    request_animation_frame(move || {
        set_timeout(
            move || leptos::task::spawn_local(check),
            Duration::from_millis(300),
        )
    });
}

/// Brings the settings cache up to date for the next page load, once the panel has shown.
fn refresh_settings_later(host: Rc<dyn Host>, ty: Option<String>, pr: Option<String>) {
    set_timeout(
        move || {
            leptos::task::spawn_local(async move {
                if let Ok(s) = read_for_panel(host.as_ref(), ty.as_deref(), pr.as_deref()).await {
                    settings_cache::store(ty.as_deref(), pr.as_deref(), &s);
                }
            })
        },
        Duration::from_secs(2),
    );
}

#[component]
fn Panel(saver: Saver, host: Rc<dyn Host>, extras: PanelExtras) -> impl IntoView {
    let PanelExtras {
        issue_key,
        locale,
        templates,
        offer,
        collapse_done,
    } = extras;
    provide_context(crate::components::locale::Locale(locale));
    let statuses = saver.statuses();
    let limits = saver.limits();
    let notice = RwSignal::new(None::<String>);
    let text_mode = RwSignal::new(false);
    let filter = RwSignal::new(if collapse_done {
        Filter::Open
    } else {
        Filter::All
    });
    let people = RwSignal::new(People::default());
    let me = RwSignal::new(None::<String>);
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
                let r = saver.edit(|d, c| d.delete_item(c, &id, actions::now_ms()));
                if r.is_ok() {
                    undo.set(found);
                    set_timeout(move || undo.set(None), Duration::from_secs(8));
                }
                r
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
            Action::SaveText(text, format) => {
                let r = actions::save_text(&saver, &text, format, &lim);
                if r.is_ok() {
                    text_mode.set(false);
                }
                r
            }
            other => actions::apply(&saver, &other, &lim, &st).unwrap_or(Ok(())),
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
    let menu: Vec<(String, String)> = templates
        .iter()
        .map(|t| (t.id.clone(), t.name.clone()))
        .collect();
    let has_templates = !menu.is_empty();
    let templates = StoredValue::new(templates);
    let offered = StoredValue::new(offer);
    let lim = limits.clone();
    let apply_template = Callback::new(move |(id, mode): (String, ApplyMode)| {
        let found = templates.with_value(|ts| ts.iter().find(|t| t.id == id).cloned());
        let Some(t) = found.or_else(|| offered.get_value().filter(|o| o.id == id)) else {
            return;
        };
        let r = saver.edit(|d, c| {
            if settings::should_auto_apply(d) {
                // A new issue: the same items two people applying it at once would create.
                settings::apply_default(d, c, &t, &lim)
            } else {
                let list = d.ensure_list(c);
                d.apply_template(c, &list, &t.new_items(), mode, &lim, actions::now_ms())
                    .map(drop)
            }
        });
        match r {
            Ok(()) => notice.set(None),
            Err(e) => notice.set(Some(e.to_string())),
        }
    });
    let show_offer = Memo::new(move |_| {
        offered.with_value(Option::is_some)
            && saver.can_edit.get()
            && saver.doc.with(settings::should_auto_apply)
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
                        <option value="all" selected=!collapse_done>{s::SHOW_ALL}</option>
                        <option value="open" selected=collapse_done>{s::SHOW_OPEN}</option>
                        <option value="mine">{s::SHOW_MINE}</option>
                    </select>
                </label>
                {has_templates.then(|| view! {
                    <Show when=move || saver.can_edit.get()>
                        <TemplateMenu templates=menu.clone() is_empty=is_empty on_apply=apply_template />
                    </Show>
                })}
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
            <Show when=move || show_offer.get()>
                <div class="tl-offer" role="status" data-testid="default-offer">
                    <span>{move || offered.with_value(|o| o.as_ref().map(|t| format!("{} “{}”?", s::OFFER_DEFAULT, t.name)).unwrap_or_default())}</span>
                    <button class="tl-button tl-button--primary" data-testid="offer-apply"
                        on:click=move |_| if let Some(t) = offered.get_value() { apply_template.run((t.id, ApplyMode::Append)) }>{s::APPLY_TEMPLATE}</button>
                </div>
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
