//! "Import from another app" on the issue panel: pick the app, paste its text, see what it
//! would create (and every line that was kept as plain text, and why) before anything is
//! written, then add it or replace the checklists (which asks first and can be undone).

use super::focus::focus_selector;
use super::lazy::{lazy_part, split_part};
use crate::state::edit::Edit;
use crate::state::editor::Editor;
use crate::strings as s;
use leptos::prelude::*;
use ticklist_core::import::{import, Format, Imported, Unclear};

/// The toolbar button, shown to editors while the import is closed.
#[component]
pub fn ImportButton(open: RwSignal<bool>, #[prop(into)] can_edit: Signal<bool>) -> impl IntoView {
    view! {
        <Show when=move || can_edit.get() && !open.get()>
            <button class="tl-button tl-button--link" data-testid="import-open" on:click=move |_| open.set(true)
                on:pointerenter=move |_| import_box::prefetch() on:focus=move |_| import_box::prefetch()>{s::IMPORT_FROM}</button>
        </Show>
    }
}

/// The import, while `open` (its code is fetched the first time it opens).
#[component]
pub fn ImportBox(
    open: RwSignal<bool>,
    editor: Editor,
    #[prop(into)] on_action: Callback<Edit, bool>,
) -> impl IntoView {
    view! {
        <Show when=move || open.get()>
            {lazy_part(move || import_box::load(open, editor, on_action))}
        </Show>
    }
}

split_part! {
    // The settings pages have no import form: their bundle must not export this point.
    #[split_when(split_issue_view)]
    import_box: fn(open: RwSignal<bool>, editor: Editor, on_action: Callback<Edit, bool>) {
        view! { <ImportForm open=open editor=editor on_action=on_action /> }.into_any()
    }
}

#[component]
fn ImportForm(
    open: RwSignal<bool>,
    editor: Editor,
    on_action: Callback<Edit, bool>,
) -> impl IntoView {
    let format = RwSignal::new(Format::HeroCoders);
    let text = RwSignal::new(String::new());
    let replace = RwSignal::new(false);
    // Items a replace would remove, while the user is asked.
    let asking = RwSignal::new(None::<usize>);
    let statuses = editor.saver.statuses();
    let preview = Memo::new(move |_| text.with(|t| import(format.get(), t, &statuses)));
    // What the preview shows is what is imported.
    let edit = move || Edit::Import {
        lists: preview.with_untracked(|p| p.lists.clone()),
        replace: replace.get_untracked(),
    };
    let close = move || {
        open.set(false);
        text.set(String::new());
        // Opening again starts from adding: replacing is chosen each time, never remembered.
        replace.set(false);
        asking.set(None);
        focus_selector("[data-testid=import-open]");
    };
    let run = move || {
        if on_action.run(edit()) {
            close();
        }
    };
    let try_run = move || {
        let n = editor.removals(&edit());
        if n > 1 {
            asking.set(Some(n));
        } else {
            run();
        }
    };
    let summary_statuses = StoredValue::new(editor.saver.statuses());
    view! {
            <section class="tl-text tl-import" aria-label=s::IMPORT_FROM data-testid="import-box"
                on:keydown=move |ev| if ev.key() == "Escape" { close() }>
                <label class="tl-text__format">
                    {s::IMPORT_SOURCE} " "
                    <select class="tl-select" data-testid="import-format"
                        on:change=move |ev| format.set(Format::parse(&event_target_value(&ev)).unwrap_or(Format::HeroCoders))>
                        {Format::ALL.into_iter().map(|f| view! {
                            <option value=f.as_str() selected=move || format.get() == f>{format_name(f)}</option>
                        }).collect_view()}
                    </select>
                </label>
                <textarea class="tl-text__area" rows="8" data-testid="import-text" aria-label=s::IMPORT_TEXT
                    placeholder=move || example(format.get())
                    prop:value=move || text.get()
                    on:input=move |ev| { asking.set(None); text.set(event_target_value(&ev)); }></textarea>
                <p class="tl-import__summary" role="status" data-testid="import-summary">
                    {move || preview.with(|p| summary_statuses.with_value(|st| summary(p, st)))}
                </p>
                <Show when=move || preview.with(|p| !p.unclear.is_empty())>
                    <div class="tl-import__unclear">
                        <p class="tl-import__unclear-title">{s::IMPORT_UNCLEAR}</p>
                        <ul data-testid="import-unclear">
                            {move || preview.with(|p| p.unclear.iter().map(|u| {
                                let line = format!("{} {}: ", s::LINE, u.line);
                                let why = reason(&u.why);
                                view! {
                                    <li class="tl-import__line" data-testid="import-unclear-line">
                                        <span class="tl-import__line-no">{line}</span>
                                        <code class="tl-import__line-text">{u.text.clone()}</code>
                                        <span class="tl-import__why">{format!(" — {why}")}</span>
                                    </li>
                                }
                            }).collect_view())}
                        </ul>
                    </div>
                </Show>
                <fieldset class="tl-import__mode">
                    <legend>{s::IMPORT_MODE}</legend>
                    <label><input type="radio" name="tl-import-mode" data-testid="import-append"
                        prop:checked=move || !replace.get() on:change=move |_| { asking.set(None); replace.set(false) } />
                        " " {s::IMPORT_APPEND}</label>
                    <label><input type="radio" name="tl-import-mode" data-testid="import-replace"
                        prop:checked=move || replace.get() on:change=move |_| replace.set(true) />
                        " " {s::IMPORT_REPLACE}</label>
                </fieldset>
                <Show
                    when=move || asking.get().is_some()
                    fallback=move || view! {
                        <div class="tl-text__actions">
                            <button class="tl-button tl-button--primary" data-testid="import-run"
                                prop:disabled=move || preview.with(Imported::is_empty)
                                on:click=move |_| try_run()>{s::IMPORT}</button>
                            <button class="tl-button" data-testid="import-cancel" on:click=move |_| close()>{s::CANCEL}</button>
                        </div>
                    }
                >
                    <div class="tl-confirm" role="alertdialog" aria-label=s::IMPORT_REPLACES data-testid="import-confirm">
                        <span>{move || format!("{} {} {}.", s::IMPORT_REPLACES, asking.get().unwrap_or(0), s::ITEMS)}</span>
                        <button class="tl-button tl-button--danger" data-testid="import-confirm-run" on:click=move |_| run()>{s::IMPORT_REPLACE_ANYWAY}</button>
                        <button class="tl-button" data-testid="import-back" on:click=move |_| asking.set(None)>{s::KEEP_EDITING}</button>
                    </div>
                </Show>
            </section>
    }
}

/// An importable app's name, as the pickers show it.
pub fn format_name(f: Format) -> &'static str {
    match f {
        Format::HeroCoders => s::FORMAT_HEROCODERS,
        Format::SmartChecklist => s::FORMAT_SMART,
        Format::Okapya => s::FORMAT_OKAPYA,
    }
}

fn example(f: Format) -> &'static str {
    match f {
        Format::HeroCoders => s::EXAMPLE_HEROCODERS,
        Format::SmartChecklist => s::EXAMPLE_SMART,
        Format::Okapya => s::EXAMPLE_OKAPYA,
    }
}

fn summary(p: &Imported, statuses: &ticklist_core::StatusSet) -> String {
    if p.is_empty() {
        return s::IMPORT_NOTHING.into();
    }
    let c = p.counts(statuses);
    let mut out = format!(
        "{} {} {}, {} {} ({} {}, {} {})",
        s::IMPORT_WILL_CREATE,
        c.lists,
        if c.lists == 1 {
            s::CHECKLIST
        } else {
            s::CHECKLISTS
        },
        c.items,
        s::ITEMS,
        c.mandatory,
        s::MANDATORY_LOWER,
        c.done,
        s::DONE_LOWER,
    );
    if c.headers > 0 {
        out.push_str(&format!(
            ", {} {}",
            c.headers,
            if c.headers == 1 {
                s::HEADER
            } else {
                s::HEADERS
            }
        ));
    }
    out.push('.');
    out
}

fn reason(why: &Unclear) -> String {
    match why {
        Unclear::NoMarker => s::WHY_NO_MARKER.into(),
        Unclear::NoText => s::WHY_NO_TEXT.into(),
        Unclear::DetailWithoutItem => s::WHY_DETAIL.into(),
        Unclear::UnknownStatus(name) => format!("{} “{name}”", s::WHY_STATUS),
        Unclear::NotAnItem => s::WHY_NOT_ITEM.into(),
    }
}
