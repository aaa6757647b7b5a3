//! The status table: rename, recolour, category, counts-as-done, retire/restore, add.

use crate::strings as s;
use leptos::prelude::*;
use ticklist_core::settings::{self as core, Settings};
use ticklist_core::status::valid_colour;
use ticklist_core::{Category, Status, StatusSet};

/// Statuses: rename, recolour, category, counts-as-complete, retire/restore, add.
#[component]
pub fn StatusEditor(
    settings: Memo<Settings>,
    can_edit: RwSignal<bool>,
    on_set: Callback<(Status, u32)>,
    /// Something typed that is not a status value (a colour name, say): what to tell the admin.
    on_invalid: Callback<String>,
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
                            <td><select class="tl-select" data-testid="status-category" aria-label=s::CATEGORY prop:disabled=move || !can_edit.get()
                                on:change=move |ev| {
                                    if let Ok(c) = event_target_value(&ev).parse::<Category>() {
                                        change(sid.get_value(), Box::new(move |s| s.category = c));
                                    }
                                }>
                                {Category::ALL.into_iter().map(|c| view! {
                                    <option value=c.as_str() selected=move || st.with(|s| s.as_ref().is_some_and(|s| s.category == c))>{category_name(c)}</option>
                                }).collect_view()}
                            </select></td>
                            <td><input type="checkbox" data-testid="status-complete" aria-label=s::COUNTS_AS_DONE prop:disabled=move || !can_edit.get()
                                prop:checked=move || st.with(|s| s.as_ref().is_some_and(|s| s.complete))
                                on:change=move |ev| { let on = event_target_checked(&ev); change(sid.get_value(), Box::new(move |s| s.complete = on)); } /></td>
                            <td class="tl-settings__colour-cell">
                                <input type="color" class="tl-settings__picker" data-testid="status-colour-picker" aria-label=s::COLOUR_PICKER
                                    prop:value=field(|s| s.color.as_deref().and_then(valid_colour).unwrap_or_else(|| "#dfe1e6".into()))
                                    prop:disabled=move || !can_edit.get()
                                    on:change=move |ev| {
                                        let v = event_target_value(&ev);
                                        change(sid.get_value(), Box::new(move |s| s.color = valid_colour(&v)));
                                    } />
                                <input class="tl-settings__colour" data-testid="status-colour" aria-label=s::COLOUR placeholder="#22a06b"
                                    prop:value=field(|s| s.color.clone().unwrap_or_default()) prop:disabled=move || !can_edit.get()
                                    on:change=move |ev| {
                                        let v = event_target_value(&ev);
                                        match (v.trim().is_empty(), valid_colour(&v)) {
                                            (true, _) => change(sid.get_value(), Box::new(|s| s.color = None)),
                                            (false, Some(c)) => change(sid.get_value(), Box::new(move |s| s.color = Some(c))),
                                            // Said, not silently dropped: what was typed stays in the field.
                                            (false, None) => on_invalid.run(format!("“{}” {}", v.trim(), s::NOT_A_COLOUR)),
                                        }
                                    } />
                            </td>
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

fn category_name(c: Category) -> &'static str {
    match c {
        Category::Todo => s::CATEGORY_TODO,
        Category::InProgress => s::CATEGORY_IN_PROGRESS,
        Category::Done => s::CATEGORY_DONE,
    }
}
