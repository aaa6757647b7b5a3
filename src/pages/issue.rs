//! The issue panel page: the checklists with their toolbar (filter, templates, text mode, save
//! indicator), notices, the default-template offer and the undo bar. State opens it and does
//! everything; this page arranges what state exposes.

use super::{EditsWaiting, PageShell, LOADING_AFTER};
use crate::components::after_paint::{once_painted, when_cold_code_is_in, AfterFirstPaint};
use crate::components::checklist::ChecklistView;
use crate::components::dropdown::{closed_face, Choice, Dropdown};
use crate::components::first_frame::{el, first_lists, first_then_live, FirstLists, Inert};
use crate::components::focus::focus_selector;
use crate::components::import_box::{ImportBox, ImportButton};
use crate::components::locale::{normalize, Locale};
use crate::components::save_status::{self, SaveIndicator};
use crate::components::template_menu::TemplateMenu;
use crate::components::text_mode::{TextMode, TextModeButton};
use crate::components::undo_bar::UndoBar;
use crate::host::Host;
use crate::state::edit::Edit;
use crate::state::filter::FilterChoice;
use crate::state::page::{opening, retry_when_back, warn_before_leaving, Phase};
use crate::state::panel::{self, Glance, Opened, Panel};
use crate::state::people::Directory;
use crate::state::saver::SaveStatus;
use crate::strings as s;
use leptos::prelude::*;
use std::rc::Rc;
use ticklist_core::{ApplyMode, ItemId};

/// Starts the issue panel (`host` is whatever the composition root picked): the page's frame and
/// loading note, then the first frame and the live panel (`components/first_frame.rs`). Until
/// the live panel, all of it is plain DOM: the framework's code runs only after the first paint.
/// Anything but a readable checklist goes to the frame both pages share, once the cold code is in.
pub fn start(host: Rc<dyn Host>) {
    // Leptos's tasks run on wasm-bindgen's executor, which mounting would start (an error only
    // says it had started already).
    let _ = any_spawner::Executor::init_wasm_bindgen();
    let note = el("p", "tl-note")
        .testid("loading")
        .flag("hidden", true)
        .text(s::LOADING)
        .into_element();
    let main = el("main", "tl-app").testid("ticklist").into_element();
    let _ = main.append_child(&note);
    if let Some(body) = document().body() {
        let _ = body.append_child(&main);
    }
    // As the shared frame does: the note only when opening takes a while.
    set_timeout(
        {
            let note = note.clone();
            move || {
                if note.is_connected() {
                    let _ = note.remove_attribute("hidden");
                }
            }
        },
        LOADING_AFTER,
    );
    let opening = opening(&host, panel::open);
    leptos::task::spawn_local(async move {
        match opening.await {
            Phase::Ready(opened) => {
                note.remove();
                let glance = opened.glance();
                first_then_live(
                    &main,
                    move || first_panel(glance),
                    move || {
                        let panel = opened.into_panel();
                        view! { <PanelView panel=panel /> }.into_any()
                    },
                );
            }
            // Failed or unreadable: the shared frame shows it; it never becomes ready here.
            other => when_cold_code_is_in(move || {
                main.remove();
                leptos::mount::mount_to_body(move || {
                    view! { <PageShell phase=RwSignal::new_local(other) loading=s::LOADING ready=|_: Opened| () /> }
                });
            }),
        }
    });
}

/// [`PanelView`] as it looks before its first paint, drawn once: the toolbar, the notes, the
/// checklists. Every element is where the live panel will have it.
fn first_panel(glance: Glance) -> Inert {
    let Glance {
        can_edit,
        status,
        stalled,
        choice,
        filter,
        has_templates,
        lists,
        statuses,
        site_url,
        locale,
        offer,
        recovered,
        notice,
    } = glance;
    let note = |class: &str, testid: &str, text: &str| el("p", class).testid(testid).text(text);
    let mut bar = el("div", "tl-panel__bar").child(
        el("span", "tl-filter")
            .child(
                el("span", "")
                    .attr("aria-hidden", "true")
                    .text(s::FILTER_LABEL)
                    .text(" "),
            )
            .child(closed_face(
                "filter",
                s::FILTER_LABEL,
                choice.as_str(),
                filter_name(choice),
            )),
    );
    if can_edit {
        if has_templates {
            bar = bar.child(
                el("span", "tl-filter tl-filter--template")
                    .child(
                        el("span", "")
                            .attr("aria-hidden", "true")
                            .text(s::APPLY_TEMPLATE)
                            .text(" "),
                    )
                    .child(closed_face("apply-template", s::APPLY_TEMPLATE, "", "—")),
            );
        }
        bar = bar
            .child(
                el("button", "tl-button tl-button--link")
                    .testid("text-mode")
                    .text(s::TEXT_MODE),
            )
            .child(
                el("button", "tl-button tl-button--link")
                    .testid("import-open")
                    .text(s::IMPORT_FROM),
            );
    }
    let read_only = matches!(status, SaveStatus::ReadOnly(_));
    if can_edit || status != SaveStatus::Saved {
        let (class, text, title, retry) = save_status::look(status);
        let indicator = el("div", &format!("tl-save {class}"))
            .attr("role", "status")
            .attr("aria-live", "polite")
            .testid("save-status")
            .attr("title", &title)
            .child(el("span", "").text(&text));
        bar = bar.child(indicator.maybe(retry.then(|| {
            el("button", "tl-button tl-button--link")
                .testid("retry")
                .text(s::RETRY)
        })));
    }
    let lists = FirstLists {
        lists,
        statuses,
        can_edit,
        filter,
        // No names are known before the panel asks Jira for them.
        people: Directory::default(),
        site_url,
        locale: normalize(&locale),
    };
    let is_empty = lists.lists.iter().all(|l| l.items.is_empty());
    let offer = offer.map(|name| {
        el("div", "tl-offer")
            .attr("role", "status")
            .testid("default-offer")
            .child(el("span", "").text(&format!("{} “{}”?", s::OFFER_DEFAULT, name)))
            .child(
                el("button", "tl-button tl-button--primary")
                    .testid("offer-apply")
                    .text(s::APPLY_TEMPLATE),
            )
    });
    el("div", "tl-panel")
        .child(bar)
        .maybe((!can_edit && !read_only).then(|| note("tl-note", "read-only", s::READ_ONLY)))
        .maybe(recovered.then(|| note("tl-note", "recovered", s::RECOVERED).attr("role", "status")))
        .maybe(notice.map(|n| note("tl-note tl-note--error", "notice", &n).attr("role", "alert")))
        .maybe(stalled.then(|| {
            note(
                "tl-note tl-note--error",
                "editing-unloaded",
                s::EDITING_UNLOADED,
            )
            .attr("role", "alert")
        }))
        .maybe(is_empty.then(|| note("tl-note", "empty", s::EMPTY)))
        .maybe(offer)
        .child(first_lists(&lists))
}

#[component]
fn PanelView(panel: Panel) -> impl IntoView {
    let editor = panel.editor;
    let saver = editor.saver;
    provide_context(Locale(normalize(&panel.locale.get_value())));
    provide_context(panel.links);
    provide_context(editor);
    // Keeping the panel current (linked issues' statuses, other people's saves, names, saves
    // waiting for the network) starts once the first rows are painted: nothing to keep before
    // them, and their effects' first runs were part of the time to the first rows.
    once_painted(move || {
        panel.links.watch(saver.doc.into());
        panel.links.keep_following(editor);
        panel.keep_current(s::SAVE_FAILED, s::UNSAVED_WARNING);
        warn_before_leaving(saver.dirty.into(), s::UNSAVED_WARNING);
        retry_when_back(saver);
    });
    let statuses = saver.statuses();
    let text_mode = RwSignal::new(false);
    let importing = RwSignal::new(false);
    let lists = panel.lists();
    let is_empty = Memo::new(move |_| lists.with(|ls| ls.iter().all(|l| l.items.is_empty())));
    // What "replace" would remove: the items of the first checklist, where templates go.
    let replaces = Memo::new(move |_| lists.with(|ls| ls.first().map_or(0, |l| l.items.len())));
    let on_action = Callback::new(move |e: Edit| editor.dispatch(e).is_ok());
    let menu = panel.template_menu();
    let has_templates = !menu.is_empty();
    let offered = panel.offered();
    // The code behind edits and saves (state/deferred.rs) is fetched when someone points at
    // or moves into the panel: most issue views only look at it.
    let wants_to_edit = move || editor.fetch_code();
    view! {
        <div class="tl-panel" on:pointerover=move |_| wants_to_edit() on:focusin=move |_| wants_to_edit()>
            <div class="tl-panel__bar">
                <span class="tl-filter">
                    <span aria-hidden="true">{s::FILTER_LABEL} " "</span>
                    <Dropdown testid="filter" label=s::FILTER_LABEL
                        choices=Signal::stored(FilterChoice::ALL.into_iter().map(|c| Choice::plain(c.as_str(), filter_name(c))).collect::<Vec<_>>())
                        value=Signal::derive(move || panel.choice.get().as_str().to_owned())
                        on_choose=Callback::new(move |v: String| panel.choose_filter(v.parse().unwrap_or_default())) />
                </span>
                {has_templates.then(|| view! {
                    <Show when=move || saver.can_edit.get()>
                        <TemplateMenu templates=menu.clone() replaces=replaces
                            on_apply=Callback::new(move |(id, mode)| panel.apply_template(&id, mode)) />
                    </Show>
                })}
                <TextModeButton open=text_mode can_edit=saver.can_edit />
                <ImportButton open=importing can_edit=saver.can_edit />
                // Someone who cannot edit has nothing being saved: no "Saved" to read.
                <Show when=move || saver.can_edit.get() || saver.status.with(|st| *st != SaveStatus::Saved)>
                    <SaveIndicator status=saver.status on_retry=Callback::new(move |_| saver.retry_now()) />
                </Show>
            </div>
            <TextMode open=text_mode editor=editor on_action=on_action />
            <ImportBox open=importing editor=editor on_action=on_action />
            <Show when=move || !saver.can_edit.get() && !matches!(saver.status.get(), SaveStatus::ReadOnly(_))>
                <p class="tl-note" data-testid="read-only">{s::READ_ONLY}</p>
            </Show>
            <Show when=move || panel.recovered.get()>
                <p class="tl-note" role="status" data-testid="recovered">{s::RECOVERED}</p>
            </Show>
            <Show when=move || editor.notice.get().is_some()>
                <p class="tl-note tl-note--error" role="alert" data-testid="notice">{move || editor.notice.get().unwrap_or_default()}</p>
            </Show>
            <EditsWaiting editor=editor />
            <Show when=move || is_empty.get()>
                <p class="tl-note" data-testid="empty">{s::EMPTY}</p>
            </Show>
            <Show when=move || offered.with(Option::is_some)>
                <div class="tl-offer" role="status" data-testid="default-offer">
                    <span>{move || offered.with(|o| o.as_ref().map(|t| format!("{} “{}”?", s::OFFER_DEFAULT, t.name)).unwrap_or_default())}</span>
                    <button class="tl-button tl-button--primary" data-testid="offer-apply"
                        on:click=move |_| if let Some(t) = offered.get_untracked() { panel.apply_template(&t.id, ApplyMode::Append) }>{s::APPLY_TEMPLATE}</button>
                </div>
            </Show>
            <ChecklistView lists=lists statuses=statuses can_edit=saver.can_edit on_action=on_action
                on_search=Callback::new(move |q| panel.people.search(q))
                filter=panel.filter() people=panel.people.directory
                history=Callback::new(move |id: ItemId| {
                    let changes = saver.doc.with(|d| d.changes(&id));
                    panel.people.name_accounts(changes.iter().filter_map(|c| c.by.clone()));
                    changes
                }) />
            <AfterFirstPaint>
                <UndoBar undo=editor.undo on_undo=Callback::new(move |_| {
                    editor.undo_last();
                    focus_selector("[data-testid=add-item]");
                }) />
            </AfterFirstPaint>
        </div>
    }
}

fn filter_name(c: FilterChoice) -> &'static str {
    match c {
        FilterChoice::All => s::SHOW_ALL,
        FilterChoice::Open => s::SHOW_OPEN,
        FilterChoice::Mine => s::SHOW_MINE,
    }
}
