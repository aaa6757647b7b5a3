//! The settings pages: Jira administration (global settings, Jira admins) and a project's
//! settings (project admins). Templates are edited with the panel's own checklist editor; rules,
//! statuses and options are single fields. Every change goes through state's dispatcher and is
//! saved like a checklist edit (merge, so two admins at once both keep their changes).

mod defaults;
mod migrate;
mod statuses;
mod transfer;

use super::{EditsWaiting, PageShell};
use crate::components::checklist::ChecklistView;
use crate::components::save_status::SaveIndicator;
use crate::components::text_mode::{TextMode, TextModeButton};
use crate::components::undo_bar::UndoBar;
use crate::host::Host;
use crate::state::edit::{Edit, SettingChange};
use crate::state::page::{open_page, retry_when_back, warn_before_leaving, Phase, Unreadable};
use crate::state::saver::SaveStatus;
use crate::state::settings::SettingsScope;
use crate::state::settings_page::{self, replace_unreadable, SettingsPage};
use crate::strings as s;
use defaults::DefaultRules;
use leptos::prelude::*;
use migrate::MigrationSection;
use statuses::StatusEditor;
use std::rc::Rc;
use ticklist_core::settings::{self as core, Flag};
use ticklist_core::{Document, OpError};
use transfer::{Transfer, TransferBox};

/// The settings bundle's root: which settings, who may change them, then the page.
#[component]
pub fn SettingsApp(host: Rc<dyn Host>) -> impl IntoView {
    let phase = open_page(&host, settings_page::open);
    let host = StoredValue::new_local(host);
    let replace = Callback::new(move |u: Unreadable| {
        replace_unreadable(host.get_value(), &u, move |e| phase.set(Phase::Failed(e)));
    });
    let unreadable = Callback::new(move |u: Unreadable| {
        view! { <ReplaceableData unreadable=u replace=replace /> }.into_any()
    });
    view! {
        <PageShell phase=phase loading=s::LOADING_SETTINGS unreadable=unreadable
            ready=|p: SettingsPage| view! { <SettingsView page=p /> } />
    }
}

#[component]
fn SettingsView(page: SettingsPage) -> impl IntoView {
    let settings = page.settings();
    let SettingsPage {
        opened,
        editor,
        item_statuses,
        migration,
    } = page;
    let saver = editor.saver;
    let notice = editor.notice;
    let dispatch = move |e: Edit| editor.dispatch(e);
    let change = move |c: SettingChange| editor.change(c);
    let global_scope = opened.scope == SettingsScope::Global;
    let templates = Memo::new(move |_| saver.doc.with(Document::lists));
    let text_mode = RwSignal::new(false);
    let transfer = RwSignal::new(None::<Transfer>);
    let on_action = Callback::new(move |e: Edit| dispatch(e).is_ok());
    warn_before_leaving(saver.dirty.into(), s::UNSAVED_WARNING);
    retry_when_back(saver);
    editor.fetch_code();
    let who = if global_scope {
        s::ONLY_JIRA_ADMINS
    } else {
        s::ONLY_PROJECT_ADMINS
    };
    let can_edit = saver.can_edit;
    let global = opened.global.clone();
    let migrate_project = match &opened.scope {
        SettingsScope::Project { key, .. } => Some(key.clone()),
        SettingsScope::Global => None,
    };
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
            <EditsWaiting editor=editor />
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
                    <TextModeButton open=text_mode can_edit=can_edit />
                    <button class="tl-button tl-button--link" data-testid="export-settings"
                        on:click=move |_| transfer.set(Some(Transfer::Export(settings.with_untracked(core::export))))>{s::EXPORT_SETTINGS}</button>
                    <Show when=move || can_edit.get()>
                        <button class="tl-button tl-button--link" data-testid="import-settings"
                            on:click=move |_| transfer.set(Some(Transfer::Import))>{s::IMPORT_SETTINGS}</button>
                    </Show>
                </div>
                <TextMode open=text_mode editor=editor on_action=on_action />
                <TransferBox transfer=transfer on_import=Callback::new(move |json: String| {
                    if change(SettingChange::Import(json)).is_ok() {
                        transfer.set(None);
                    }
                }) />
                <ChecklistView lists=templates statuses=item_statuses can_edit=can_edit on_action=on_action templates=true
                    on_duplicate=Callback::new(move |(template, name)| { let _ = change(SettingChange::Duplicate { template, name }); }) />
                <UndoBar undo=editor.undo on_undo=Callback::new(move |_| editor.undo_last()) />
            </section>

            <section class="tl-settings__section" aria-labelledby="tl-defaults">
                <h2 id="tl-defaults">{s::DEFAULT_TEMPLATES}</h2>
                <p class="tl-note">{s::DEFAULTS_HINT}</p>
                <DefaultRules types=types settings=settings global=global.clone() can_edit=can_edit
                    on_set=Callback::new(move |c| { let _ = change(SettingChange::Rule(c)); }) />
            </section>

            {global_scope.then(|| view! {
                <section class="tl-settings__section" aria-labelledby="tl-statuses">
                    <h2 id="tl-statuses">{s::STATUSES}</h2>
                    <p class="tl-note">{s::STATUSES_HINT}</p>
                    <StatusEditor settings=settings can_edit=can_edit
                        on_set=Callback::new(move |(st, pos)| { let _ = change(SettingChange::Status(st, pos)); })
                        on_invalid=Callback::new(move |msg| notice.set(Some(msg))) />
                </section>
            })}

            <section class="tl-settings__section" aria-labelledby="tl-options">
                <h2 id="tl-options">{s::OPTIONS}</h2>
                <label class="tl-settings__option">
                    <input type="checkbox" data-testid="opt-collapse-done" prop:disabled=move || !can_edit.get()
                        prop:checked=move || settings.with(|s| s.collapse_done.unwrap_or(false))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            let _ = change(SettingChange::Option(Flag::CollapseDone, on));
                        } />
                    " " {s::OPT_COLLAPSE_DONE}
                </label>
                {(!global_scope).then(|| view! {
                    <label class="tl-settings__option">
                        <input type="checkbox" data-testid="opt-hide-global" prop:disabled=move || !can_edit.get()
                            prop:checked=move || settings.with(|s| s.hide_global_templates)
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                let _ = change(SettingChange::Option(Flag::HideGlobalTemplates, on));
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
                                match max {
                                    Ok(m) => { let _ = change(SettingChange::MaxItems(m)); }
                                    Err(e) => notice.set(Some(e.to_string())),
                                }
                            } />
                    </label>
                })}
            </section>

            <Show when=move || can_edit.get()>
                <MigrationSection migration=migration project=migrate_project.clone() />
            </Show>
        </div>
    }
}

/// Settings that cannot be read: shown, kept, and replaced only on an admin's explicit say.
#[component]
fn ReplaceableData(unreadable: Unreadable, replace: Callback<Unreadable>) -> impl IntoView {
    let confirm = RwSignal::new(false);
    let Unreadable { message, raw, .. } = unreadable.clone();
    let unreadable = StoredValue::new(unreadable);
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
                    <button class="tl-button tl-button--danger" data-testid="confirm-replace"
                        on:click=move |_| replace.run(unreadable.get_value())>{s::REPLACE_SETTINGS}</button>
                    <button class="tl-button" on:click=move |_| confirm.set(false)>{s::CANCEL}</button>
                </div>
            </Show>
        </div>
    }
}
