//! The settings pages: Jira administration (global settings, Jira admins) and a project's
//! settings (project admins). Templates are edited with the panel's own checklist editor; rules,
//! statuses and options are single fields. Every change is saved like a checklist edit (merge,
//! so two admins at once both keep their changes).

use crate::components::checklist::ChecklistView;
use crate::components::save_status::SaveIndicator;
use crate::components::text_editor::TextEditor;
use crate::components::Action;
use crate::host::Host;
use crate::state::actions;
use crate::state::saver::{SaveStatus, Saver};
use crate::state::settings::{discard_unreadable, IssueType, OpenError, Opened, SettingsScope};
use crate::state::sync::Target;
use crate::strings as s;
use leptos::prelude::*;
use std::rc::Rc;
use ticklist_core::settings::{self as core, ApplyWhen, Flag, Settings};
use ticklist_core::status::valid_colour;
use ticklist_core::text::{self, Ids};
use ticklist_core::{Category, Document, OpError, Status, StatusSet};

#[derive(Clone)]
enum Phase {
    Loading,
    Ready(Box<(Opened, Saver)>),
    /// Settings we cannot read: kept until an admin chooses to replace them.
    Unreadable {
        message: String,
        raw: String,
        target: Target,
    },
    Failed(String),
}

/// The settings bundle's root: which settings, who may change them, then the page.
#[component]
pub fn SettingsApp(host: Rc<dyn Host>) -> impl IntoView {
    let phase = super::open_page(&host, Phase::Loading, open);
    let host = StoredValue::new_local(host);
    view! {
        <main class="tl-app" data-testid="ticklist">
            {move || match phase.get() {
                Phase::Loading => view! { <p class="tl-note" data-testid="loading">{s::LOADING_SETTINGS}</p> }.into_any(),
                Phase::Ready(b) => {
                    let (opened, saver) = *b;
                    view! { <SettingsPage opened=opened saver=saver host=host.get_value() /> }.into_any()
                }
                Phase::Unreadable { message, raw, target } => {
                    let target = StoredValue::new(target);
                    view! { <UnreadableSettings message=message raw=raw on_replace=Callback::new(move |_| {
                        let host = host.get_value();
                        let target = target.get_value();
                        leptos::task::spawn_local(async move {
                            match discard_unreadable(host.as_ref(), &target).await {
                                Ok(_) => { let _ = window().location().reload(); }
                                Err(e) => { phase.try_set(Phase::Failed(e.to_string())); }
                            }
                        });
                    }) /> }.into_any()
                }
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
    match crate::state::settings::open(host.as_ref(), &context).await {
        Ok(opened) => {
            // Template items show with the statuses the panel will use.
            let statuses = match &opened.global {
                Some(g) => g.statuses.clone(),
                None => core::read(&opened.doc).statuses,
            }
            .unwrap_or_default();
            let saver = Saver::new(
                host,
                opened.target.clone(),
                opened.doc.clone(),
                &crate::state::saver::replica_id(),
                opened.can_edit,
                statuses,
                core::limits(),
            );
            if opened.copies_differ && opened.can_edit {
                // Bring every copy up to date (a save cycle writes the copies that differ).
                saver.refresh();
            }
            Phase::Ready(Box::new((opened, saver)))
        }
        Err(OpenError::Unreadable { error, target }) => Phase::Unreadable {
            message: error.to_string(),
            raw: error.raw,
            target,
        },
        Err(e) => Phase::Failed(e.to_string()),
    }
}

#[component]
fn SettingsPage(opened: Opened, saver: Saver, host: Rc<dyn Host>) -> impl IntoView {
    let global_scope = opened.scope == SettingsScope::Global;
    let settings = Memo::new(move |_| saver.doc.with(core::read));
    let templates = Memo::new(move |_| saver.doc.with(Document::lists));
    let notice = RwSignal::new(None::<String>);
    let text_mode = RwSignal::new(false);
    let transfer = RwSignal::new(None::<Transfer>);
    let limits = core::limits();
    // Template items show with the statuses the panel will use.
    let statuses = match &opened.global {
        Some(g) => g.statuses.clone().unwrap_or_default(),
        None => saver
            .doc
            .with_untracked(core::read)
            .statuses
            .unwrap_or_default(),
    };
    let report = move |r: Result<(), OpError>| match r {
        Ok(()) => notice.set(None),
        Err(e) => notice.set(Some(e.to_string())),
    };
    let st = statuses.clone();
    let lim = limits.clone();
    let on_action = Callback::new(move |action: Action| {
        let r = match action {
            Action::Delete(id) => saver.edit(|d, c| d.delete_item(c, &id, actions::now_ms())),
            Action::SaveText(t, f) => {
                let r = actions::save_text(&saver, &t, f, &lim);
                if r.is_ok() {
                    text_mode.set(false);
                }
                r
            }
            other => actions::apply(&saver, &other, &lim, &st).unwrap_or(Ok(())),
        };
        report(r);
    });
    let host_sv = StoredValue::new_local(host);
    let unload = window_event_listener(leptos::ev::beforeunload, move |ev| {
        if saver.dirty.get_untracked() {
            ev.prevent_default();
            ev.set_return_value(s::UNSAVED_WARNING);
        }
    });
    on_cleanup(move || unload.remove());
    Effect::new(move |_| {
        settings.track();
        notice.track();
        text_mode.track();
        transfer.track();
        saver.status.track();
        request_animation_frame(move || host_sv.with_value(|h| h.resize()));
    });
    let who = if global_scope {
        s::ONLY_JIRA_ADMINS
    } else {
        s::ONLY_PROJECT_ADMINS
    };
    let can_edit = saver.can_edit;
    let global = opened.global.clone();
    let types = opened.issue_types.clone();
    view! {
        <div class="tl-settings" data-testid="settings">
            <div class="tl-panel__bar">
                <span class="tl-settings__scope" data-testid="settings-scope">
                    {match &opened.scope {
                        SettingsScope::Global => s::GLOBAL_SETTINGS.to_owned(),
                        SettingsScope::Project { key, .. } => format!("{} {key}", s::PROJECT_SETTINGS),
                    }}
                </span>
                <SaveIndicator status=saver.status on_retry=Callback::new(move |_| saver.retry_now()) />
            </div>
            <Show when=move || !can_edit.get() && !matches!(saver.status.get(), SaveStatus::ReadOnly(_))>
                <p class="tl-note" role="note" data-testid="settings-read-only">{who}</p>
            </Show>
            <Show when=move || notice.get().is_some()>
                <p class="tl-note tl-note--error" role="alert" data-testid="notice">{move || notice.get().unwrap_or_default()}</p>
            </Show>
            <Show when=move || settings.with(|s| !s.problems.is_empty())>
                <div class="tl-note tl-note--error" role="alert" data-testid="settings-problems">
                    <p>{s::SETTINGS_PROBLEMS}</p>
                    <ul>{move || settings.with(|s| s.problems.iter().map(|p| view! { <li>{p.clone()}</li> }).collect_view())}</ul>
                </div>
            </Show>

            <section class="tl-settings__section" aria-labelledby="tl-templates">
                <h2 id="tl-templates">{s::TEMPLATES}</h2>
                <p class="tl-note">{s::TEMPLATES_HINT}</p>
                <div class="tl-settings__tools">
                    <Show when=move || can_edit.get() && !text_mode.get()>
                        <button class="tl-button tl-button--link" data-testid="text-mode" on:click=move |_| text_mode.set(true)>{s::TEXT_MODE}</button>
                    </Show>
                    <button class="tl-button tl-button--link" data-testid="export-settings"
                        on:click=move |_| transfer.set(Some(Transfer::Export(settings.with_untracked(core::export))))>{s::EXPORT_SETTINGS}</button>
                    <Show when=move || can_edit.get()>
                        <button class="tl-button tl-button--link" data-testid="import-settings"
                            on:click=move |_| transfer.set(Some(Transfer::Import(String::new())))>{s::IMPORT_SETTINGS}</button>
                    </Show>
                </div>
                <Show when=move || text_mode.get()>
                    <TextEditor
                        initial=text::print(&saver.doc.with_untracked(Document::lists), Ids::Omit)
                        on_save=Callback::new(move |(t, f)| on_action.run(Action::SaveText(t, f)))
                        on_cancel=Callback::new(move |_| text_mode.set(false))
                    />
                </Show>
                <TransferBox transfer=transfer on_import=Callback::new(move |json: String| {
                    let r = saver.edit(|d, c| core::import(d, c, &json).map_err(|e| OpError::Import(e.to_string())));
                    if r.is_ok() {
                        transfer.set(None);
                    }
                    report(r.map(drop));
                }) />
                <ChecklistView lists=templates statuses=statuses.clone() can_edit=can_edit on_action=on_action templates=true />
            </section>

            <section class="tl-settings__section" aria-labelledby="tl-defaults">
                <h2 id="tl-defaults">{s::DEFAULT_TEMPLATES}</h2>
                <p class="tl-note">{s::DEFAULTS_HINT}</p>
                <DefaultRules types=types settings=settings global=global.clone() can_edit=can_edit
                    on_set=Callback::new(move |(ty, rule): RuleChange| {
                        report(saver.edit(|d, c| {
                            core::set_default(d, c, ty.as_deref(), rule.as_ref().map(|(t, a)| (t.as_str(), *a)));
                            Ok(())
                        }));
                    }) />
            </section>

            {global_scope.then(|| view! {
                <section class="tl-settings__section" aria-labelledby="tl-statuses">
                    <h2 id="tl-statuses">{s::STATUSES}</h2>
                    <p class="tl-note">{s::STATUSES_HINT}</p>
                    <StatusEditor settings=settings can_edit=can_edit
                        on_set=Callback::new(move |(st, pos): (Status, u32)| {
                            report(saver.edit(|d, c| core::set_status(d, c, &st, Some(pos))));
                        }) />
                </section>
            })}

            <section class="tl-settings__section" aria-labelledby="tl-options">
                <h2 id="tl-options">{s::OPTIONS}</h2>
                <label class="tl-settings__option">
                    <input type="checkbox" data-testid="opt-collapse-done" prop:disabled=move || !can_edit.get()
                        prop:checked=move || settings.with(|s| s.collapse_done.unwrap_or(false))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            report(saver.edit(|d, c| { core::set_flag(d, c, Flag::CollapseDone, on); Ok(()) }));
                        } />
                    " " {s::OPT_COLLAPSE_DONE}
                </label>
                {(!global_scope).then(|| view! {
                    <label class="tl-settings__option">
                        <input type="checkbox" data-testid="opt-hide-global" prop:disabled=move || !can_edit.get()
                            prop:checked=move || settings.with(|s| s.hide_global_templates)
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                report(saver.edit(|d, c| { core::set_flag(d, c, Flag::HideGlobalTemplates, on); Ok(()) }));
                            } />
                        " " {s::OPT_HIDE_GLOBAL}
                    </label>
                })}
                {global_scope.then(|| view! {
                    <label class="tl-settings__option">
                        {s::OPT_MAX_ITEMS} " "
                        <input type="number" min="1" max="2000" class="tl-settings__number" data-testid="opt-max-items"
                            prop:disabled=move || !can_edit.get()
                            prop:value=move || settings.with(|s| s.max_items.map(|n| n.to_string()).unwrap_or_default())
                            on:change=move |ev| {
                                let v = event_target_value(&ev);
                                let max = match v.trim() {
                                    "" => Ok(None),
                                    t => t.parse::<usize>().map(Some).map_err(|_| OpError::Import(format!("\"{t}\" is not a number"))),
                                };
                                report(max.and_then(|m| saver.edit(|d, c| core::set_max_items(d, c, m))));
                            } />
                    </label>
                })}
            </section>
        </div>
    }
}

/// The export text, or the import box.
#[derive(Clone, Debug, PartialEq)]
enum Transfer {
    Export(String),
    Import(String),
}

#[component]
fn TransferBox(transfer: RwSignal<Option<Transfer>>, on_import: Callback<String>) -> impl IntoView {
    let text = RwSignal::new(String::new());
    move || {
        match transfer.get() {
        None => ().into_any(),
        Some(Transfer::Export(json)) => view! {
            <div class="tl-text" data-testid="export-box">
                <textarea class="tl-text__area" readonly=true rows="10" aria-label=s::EXPORT_SETTINGS data-testid="export-json">{json}</textarea>
                <div class="tl-text__actions">
                    <button class="tl-button" on:click=move |_| transfer.set(None)>{s::CLOSE}</button>
                </div>
            </div>
        }
        .into_any(),
        Some(Transfer::Import(_)) => view! {
            <div class="tl-text" data-testid="import-box">
                <textarea class="tl-text__area" rows="10" aria-label=s::IMPORT_SETTINGS data-testid="import-json"
                    placeholder=s::IMPORT_HINT on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                <div class="tl-text__actions">
                    <button class="tl-button tl-button--primary" data-testid="import-run"
                        on:click=move |_| on_import.run(text.get_untracked())>{s::IMPORT}</button>
                    <button class="tl-button" on:click=move |_| transfer.set(None)>{s::CANCEL}</button>
                </div>
            </div>
        }
        .into_any(),
    }
    }
}

/// A default-rule edit: the issue type (`None`: any type) and its new rule (`None`: no default).
type RuleChange = (Option<String>, Option<(String, ApplyWhen)>);

/// One row per issue type, plus "any issue type": which template, applied or offered.
#[component]
fn DefaultRules(
    types: Vec<IssueType>,
    settings: Memo<Settings>,
    global: Option<Settings>,
    can_edit: RwSignal<bool>,
    on_set: Callback<RuleChange>,
) -> impl IntoView {
    let mut rows: Vec<(Option<String>, String)> = vec![(None, s::ANY_ISSUE_TYPE.to_owned())];
    rows.extend(types.into_iter().map(|t| (Some(t.id), t.name)));
    let global = StoredValue::new(global);
    // Templates a rule can name: this scope's, then (project page) the global ones unless hidden.
    let choices = Memo::new(move |_| {
        let own = settings.with(|s| {
            s.templates
                .iter()
                .map(|t| (t.id.clone(), t.name.clone()))
                .collect::<Vec<_>>()
        });
        let hide = settings.with(|s| s.hide_global_templates);
        let mut all = own;
        if !hide {
            global.with_value(|g| {
                if let Some(g) = g {
                    all.extend(
                        g.templates
                            .iter()
                            .map(|t| (t.id.clone(), format!("{} {}", t.name, s::GLOBAL_SUFFIX))),
                    );
                }
            });
        }
        all
    });
    view! {
        <table class="tl-settings__table" data-testid="default-rules">
            <thead><tr><th scope="col">{s::ISSUE_TYPE}</th><th scope="col">{s::TEMPLATE}</th><th scope="col">{s::WHEN}</th></tr></thead>
            <tbody>
                {rows.into_iter().map(|(ty, name)| {
                    let slug = ty.clone().unwrap_or_else(|| "any".into());
                    let ty = StoredValue::new(ty);
                    let rule = Memo::new(move |_| {
                        let t = ty.get_value();
                        settings.with(|s| s.defaults.iter().find(|r| r.issue_type_id == t).map(|r| (r.template_id.clone(), r.apply)))
                    });
                    let label = format!("{}: {name}", s::TEMPLATE);
                    let when_label = format!("{}: {name}", s::WHEN);
                    view! {
                        <tr>
                            <th scope="row">{name.clone()}</th>
                            <td>
                                <select data-testid=format!("default-template-{slug}") aria-label=label prop:disabled=move || !can_edit.get()
                                    on:change=move |ev| {
                                        let v = event_target_value(&ev);
                                        let apply = rule.get_untracked().map_or(ApplyWhen::Offer, |r| r.1);
                                        on_set.run((ty.get_value(), (!v.is_empty()).then_some((v, apply))));
                                    }>
                                    <option value="" selected=move || rule.with(Option::is_none)>{s::NO_TEMPLATE}</option>
                                    {move || choices.get().into_iter().map(|(id, n)| {
                                        let chosen = rule.with(|r| r.as_ref().is_some_and(|r| r.0 == id));
                                        view! { <option value=id selected=chosen>{n}</option> }
                                    }).collect_view()}
                                </select>
                            </td>
                            <td>
                                <select data-testid=format!("default-apply-{slug}") aria-label=when_label
                                    prop:disabled=move || !can_edit.get() || rule.with(Option::is_none)
                                    on:change=move |ev| {
                                        let apply = if event_target_value(&ev) == "auto" { ApplyWhen::Auto } else { ApplyWhen::Offer };
                                        if let Some((t, _)) = rule.get_untracked() {
                                            on_set.run((ty.get_value(), Some((t, apply))));
                                        }
                                    }>
                                    <option value="offer" selected=move || rule.with(|r| !matches!(r, Some((_, ApplyWhen::Auto))))>{s::APPLY_OFFER}</option>
                                    <option value="auto" selected=move || rule.with(|r| matches!(r, Some((_, ApplyWhen::Auto))))>{s::APPLY_AUTO}</option>
                                </select>
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// Statuses: rename, recolour, category, counts-as-complete, retire/restore, add.
#[component]
fn StatusEditor(
    settings: Memo<Settings>,
    can_edit: RwSignal<bool>,
    on_set: Callback<(Status, u32)>,
) -> impl IntoView {
    let set = Memo::new(move |_| settings.with(|s| s.statuses.clone().unwrap_or_default()));
    let ids = move || {
        set.with(|s| {
            s.statuses
                .iter()
                .map(|st| st.id.clone())
                .collect::<Vec<_>>()
        })
    };
    let pos_of = move |id: &str| -> u32 {
        set.with_untracked(|s| s.statuses.iter().position(|x| x.id == id).unwrap_or(0) as u32 * 10)
    };
    let change = move |id: String, f: Box<dyn FnOnce(&mut Status)>| {
        if let Some(mut st) = set.with_untracked(|s| s.get(&id).cloned()) {
            f(&mut st);
            on_set.run((st, pos_of(&id)));
        }
    };
    let new_name = RwSignal::new(String::new());
    let add = move || {
        let name = new_name.get_untracked();
        if name.trim().is_empty() {
            return;
        }
        let current: StatusSet = set.get_untracked();
        let st = Status {
            id: core::status_id_for(&name, &current),
            name: name.trim().to_owned(),
            category: Category::InProgress,
            complete: false,
            color: None,
            retired: false,
        };
        on_set.run((st, current.statuses.len() as u32 * 10));
        new_name.set(String::new());
    };
    view! {
        <table class="tl-settings__table" data-testid="statuses">
            <thead><tr>
                <th scope="col">{s::STATUS_NAME}</th><th scope="col">{s::CATEGORY}</th>
                <th scope="col">{s::COUNTS_AS_DONE}</th><th scope="col">{s::COLOUR}</th><th scope="col">{s::IN_TEMPLATES}</th><th></th>
            </tr></thead>
            <tbody>
                <For each=ids key=|id| id.clone() children=move |id: String| {
                    let sid = StoredValue::new(id.clone());
                    let st = Memo::new(move |_| set.with(|s| s.get(&sid.get_value()).cloned()));
                    let field = move |f: fn(&Status) -> String| move || st.with(|s| s.as_ref().map(f).unwrap_or_default());
                    let uses = move || settings.with(|s| core::status_use(s, &sid.get_value()));
                    let retired = move || st.with(|s| s.as_ref().is_some_and(|s| s.retired));
                    view! {
                        <tr data-testid=format!("status-{id}") class:tl-retired=retired>
                            <td><input class="tl-settings__input" data-testid="status-name" aria-label=s::STATUS_NAME
                                prop:value=field(|s| s.name.clone()) prop:disabled=move || !can_edit.get()
                                on:change=move |ev| { let v = event_target_value(&ev); change(sid.get_value(), Box::new(move |s| s.name = v)); } /></td>
                            <td><select data-testid="status-category" aria-label=s::CATEGORY prop:disabled=move || !can_edit.get()
                                on:change=move |ev| {
                                    let c = match event_target_value(&ev).as_str() { "done" => Category::Done, "todo" => Category::Todo, _ => Category::InProgress };
                                    change(sid.get_value(), Box::new(move |s| s.category = c));
                                }>
                                <option value="todo" selected=move || st.with(|s| s.as_ref().is_some_and(|s| s.category == Category::Todo))>{s::CATEGORY_TODO}</option>
                                <option value="inprogress" selected=move || st.with(|s| s.as_ref().is_some_and(|s| s.category == Category::InProgress))>{s::CATEGORY_IN_PROGRESS}</option>
                                <option value="done" selected=move || st.with(|s| s.as_ref().is_some_and(|s| s.category == Category::Done))>{s::CATEGORY_DONE}</option>
                            </select></td>
                            <td><input type="checkbox" data-testid="status-complete" aria-label=s::COUNTS_AS_DONE prop:disabled=move || !can_edit.get()
                                prop:checked=move || st.with(|s| s.as_ref().is_some_and(|s| s.complete))
                                on:change=move |ev| { let on = event_target_checked(&ev); change(sid.get_value(), Box::new(move |s| s.complete = on)); } /></td>
                            <td><input class="tl-settings__colour" data-testid="status-colour" aria-label=s::COLOUR placeholder="#22a06b"
                                prop:value=field(|s| s.color.clone().unwrap_or_default()) prop:disabled=move || !can_edit.get()
                                on:change=move |ev| {
                                    let v = event_target_value(&ev);
                                    change(sid.get_value(), Box::new(move |s| s.color = valid_colour(&v)));
                                } /></td>
                            <td data-testid="status-uses">{uses}</td>
                            <td>
                                <Show when=move || can_edit.get()>
                                    <button class="tl-button tl-button--link" data-testid="status-retire"
                                        on:click=move |_| change(sid.get_value(), Box::new(|s| s.retired = !s.retired))>
                                        {move || if retired() { s::RESTORE } else { s::RETIRE }}
                                    </button>
                                </Show>
                                <Show when=retired>
                                    <span class="tl-note" data-testid="status-retired-note">{move || format!("{} ({} {})", s::RETIRED_NOTE, uses(), s::TEMPLATE_ITEMS)}</span>
                                </Show>
                            </td>
                        </tr>
                    }
                } />
            </tbody>
        </table>
        <Show when=move || can_edit.get()>
            <input class="tl-add" data-testid="new-status" aria-label=s::NEW_STATUS placeholder=s::NEW_STATUS
                prop:value=move || new_name.get()
                on:input=move |ev| new_name.set(event_target_value(&ev))
                on:keydown=move |ev| if ev.key() == "Enter" { add() } />
        </Show>
    }
}

/// What is stored cannot be read: shown, kept, and replaced only on an admin's explicit say.
#[component]
fn UnreadableSettings(
    message: String,
    raw: String,
    #[prop(into)] on_replace: Callback<()>,
) -> impl IntoView {
    let confirm = RwSignal::new(false);
    view! {
        <div class="tl-note tl-note--error" role="alert" data-testid="unreadable">
            <p>{s::SETTINGS_UNREADABLE} " " {message} " " {s::KEPT_UNTOUCHED}</p>
            <details open=true>
                <summary>{s::EXPORT}</summary>
                <textarea class="tl-export" readonly=true data-testid="export" rows="6">{raw}</textarea>
            </details>
            <Show when=move || confirm.get() fallback=move || view! {
                <button class="tl-button" data-testid="replace-settings" on:click=move |_| confirm.set(true)>{s::REPLACE_SETTINGS}</button>
            }>
                <div class="tl-confirm" role="alertdialog" aria-label=s::CONFIRM_REPLACE>
                    <span>{s::CONFIRM_REPLACE}</span>
                    <button class="tl-button tl-button--danger" data-testid="confirm-replace" on:click=move |_| on_replace.run(())>{s::REPLACE_SETTINGS}</button>
                    <button class="tl-button" on:click=move |_| confirm.set(false)>{s::CANCEL}</button>
                </div>
            </Show>
        </div>
    }
}
