//! The checklists of an issue: a progress bar each, the items, and the add-item input.

use super::add_item::AddItem;
use super::after_paint::AfterFirstPaint;
use super::item_details::item_details;
use super::item_row::{ItemRow, DRAG_TYPE, OPENS_DETAILS};
use crate::state::edit::Edit;
use crate::state::filter::Filter;
use crate::state::people::Directory;
use crate::strings as s;
use leptos::prelude::*;
use std::collections::HashMap;
use ticklist_core::model::Change;
use ticklist_core::{Item, ItemId, List, ListId, StatusSet};

#[component]
pub fn ChecklistView(
    #[prop(into)] lists: Signal<Vec<List>>,
    #[prop(optional)] statuses: Option<StatusSet>,
    #[prop(into, optional)] can_edit: Signal<bool>,
    #[prop(into, optional)] on_action: Option<Callback<Edit, bool>>,
    /// People search for the assignee picker (results arrive through `people`).
    #[prop(into, optional)]
    on_search: Option<Callback<String>>,
    /// Which items to show (headers always stay).
    #[prop(into, optional)]
    filter: Signal<Filter>,
    #[prop(into, optional)] people: Signal<Directory>,
    /// The settings page: the lists are templates (wording, and a Duplicate button).
    #[prop(optional)]
    templates: bool,
    /// Duplicate a template: (template, name of the copy). Settings page only.
    #[prop(into, optional)]
    on_duplicate: Option<Callback<(ListId, String)>>,
    /// Who changed an item and when, for its details.
    #[prop(optional)]
    history: Option<Callback<ItemId, Vec<Change>>>,
) -> impl IntoView {
    let statuses = statuses.unwrap_or_default();
    let on_action = on_action.unwrap_or_else(|| Callback::new(|_| true));
    let on_search = on_search.unwrap_or_else(|| Callback::new(|_| {}));
    // One signal per item, set only when that item changed. (Measured: with a shared index memo
    // every change fanned out to all rows, and reactive_graph's subscriber bookkeeping made a
    // toggle on 1,000 items quadratic: most of its ~30 ms.)
    let cells: StoredValue<HashMap<ItemId, RwSignal<Option<Item>>>> =
        StoredValue::new(HashMap::new());
    // Cells belong to the list view, not to the row that first asks: a row that is filtered out
    // and shown again (or moved) must find its cell alive.
    let owner = StoredValue::new(Owner::current().expect("ChecklistView runs inside an owner"));
    let cell_for = move |id: &ItemId| -> RwSignal<Option<Item>> {
        if let Some(c) = cells.with_value(|m| m.get(id).copied()) {
            return c;
        }
        let current = lists.with_untracked(|ls| {
            ls.iter()
                .flat_map(|l| l.items.iter())
                .find(|i| i.id == *id)
                .cloned()
        });
        let c = owner.with_value(|o| o.with(|| RwSignal::new(current)));
        cells.update_value(|m| {
            m.insert(id.clone(), c);
        });
        c
    };
    Effect::new(move |_| {
        let mut changed: Vec<(RwSignal<Option<Item>>, Option<Item>)> = Vec::new();
        lists.with(|ls| {
            cells.update_value(|m| {
                let mut live = std::collections::HashSet::with_capacity(m.len());
                for item in ls.iter().flat_map(|l| l.items.iter()) {
                    live.insert(&item.id);
                    if let Some(c) = m.get(&item.id) {
                        if c.with_untracked(|v| v.as_ref() != Some(item)) {
                            changed.push((*c, Some(item.clone())));
                        }
                    }
                }
                m.retain(|id, c| {
                    let keep = live.contains(id);
                    if !keep {
                        changed.push((*c, None));
                    }
                    keep
                });
            });
        });
        for (c, v) in changed {
            c.set(v);
        }
    });
    let del_label = if templates {
        s::DELETE_TEMPLATE
    } else {
        s::DELETE_LIST
    };
    // Keyed by the plain string: every `For` in the bundle then shares one keyed-diff routine
    // (measured: a key type per loop cost ~3 KB brotli).
    let list_ids = move || lists.with(|ls| ls.iter().map(|l| l.id.clone()).collect::<Vec<_>>());
    view! {
        <div class="tl-lists" data-testid="checklists">
            <For
                each=list_ids
                key=|id: &ListId| id.as_str().to_owned()
                children=move |list_id: ListId| {
                    // Read the list in place: no per-change copy of its items.
                    let lid = list_id.clone();
                    let name = Memo::new(move |_| {
                        lists.with(|ls| ls.iter().find(|l| l.id == lid).map(|l| l.name.clone()).unwrap_or_default())
                    });
                    let lid = list_id.clone();
                    let st = statuses.clone();
                    let item_ids = Memo::new(move |_| {
                        let filter = filter.get();
                        lists.with(|ls| {
                            ls.iter()
                                .find(|l| l.id == lid)
                                .map(|l| {
                                    l.items
                                        .iter()
                                        .filter(|i| filter.shows(i, &st))
                                        .map(|i| i.id.clone())
                                        .collect::<Vec<_>>()
                                })
                                .unwrap_or_default()
                        })
                    });
                    let lid = list_id.clone();
                    let st = statuses.clone();
                    let progress = Memo::new(move |_| {
                        lists.with(|ls| {
                            ls.iter().find(|l| l.id == lid).map(|l| l.progress(&st)).unwrap_or_default()
                        })
                    });
                    let percent = move || progress.get().percent();
                    let row_statuses = statuses.clone();
                    let add_list = list_id.clone();
                    let lid = list_id.clone();
                    // Items of the list (shown or not): what deleting it removes.
                    let size = Memo::new(move |_| lists.with(|ls| ls.iter().find(|l| l.id == lid).map_or(0, |l| l.items.len())));
                    let confirm_label = move || if templates {
                        format!("{} ({} {})", s::CONFIRM_DELETE_TEMPLATE, size.get(), s::ITEMS)
                    } else {
                        format!("{} {} {}?", s::CONFIRM_DELETE_LIST, size.get(), s::ITEMS)
                    };
                    let lid = list_id.clone();
                    let st = statuses.clone();
                    // The list has items but the filter shows none of them: say why.
                    let nothing_shown = Memo::new(move |_| {
                        let f = filter.get();
                        f != Filter::All && lists.with(|ls| ls.iter().find(|l| l.id == lid).is_some_and(|l| {
                            let mut checkable = l.items.iter().filter(|i| !i.is_header()).peekable();
                            checkable.peek().is_some() && !checkable.any(|i| f.shows(i, &st))
                        }))
                    });
                    let renaming = RwSignal::new(false);
                    let confirm_delete = RwSignal::new(false);
                    let id_for = StoredValue::new(list_id.clone());
                    let drop_list = StoredValue::new(list_id.clone());
                    view! {
                        <section class="tl-list" data-testid="checklist" data-list=list_id.as_str().to_owned()>
                            <header class="tl-list__head">
                                <Show
                                    when=move || renaming.get()
                                    fallback=move || view! {
                                        <h2 class="tl-list__name" data-testid="list-name"
                                            on:click=move |_| if can_edit.get_untracked() { renaming.set(true) }>
                                            {move || name.get()}
                                        </h2>
                                    }
                                >
                                    <input class="tl-list__rename" data-testid="list-rename" aria-label=s::LIST_NAME_LABEL
                                        prop:value=move || name.get_untracked() autofocus=true
                                        on:keydown=move |ev| match ev.key().as_str() {
                                            "Enter" => {
                                                // A refused name (blank, too long) keeps the field open.
                                                let name_now = event_target_value(&ev);
                                                if name_now == name.get_untracked() || on_action.run(Edit::RenameList(id_for.get_value(), name_now)) {
                                                    renaming.set(false);
                                                }
                                            }
                                            "Escape" => renaming.set(false),
                                            _ => {}
                                        }
                                        // Leaving the field keeps what was typed, as item edits do.
                                        on:blur=move |ev| {
                                            if renaming.get_untracked() {
                                                let name_now = event_target_value(&ev);
                                                if name_now != name.get_untracked() {
                                                    on_action.run(Edit::RenameList(id_for.get_value(), name_now));
                                                }
                                                renaming.set(false);
                                            }
                                        }
                                    />
                                </Show>
                                <span class="tl-list__count" data-testid="progress">
                                    {move || progress.with(|p| format!("{}/{}", p.done, p.total))}
                                </span>
                                <Show when=move || progress.with(|p| p.mandatory_open != 0)>
                                    <span class="tl-list__mandatory" data-testid="mandatory-open">
                                        {move || format!("{} {}", progress.with(|p| p.mandatory_open), s::MANDATORY_OPEN)}
                                    </span>
                                </Show>
                                <Show when=move || can_edit.get()>
                                    <span class="tl-list__tools">
                                        <button class="tl-button tl-button--icon" title=s::MOVE_LIST_UP aria-label=s::MOVE_LIST_UP
                                            on:click=move |_| { on_action.run(Edit::MoveList(id_for.get_value(), -1)); }>"↑"</button>
                                        <button class="tl-button tl-button--icon" title=s::MOVE_LIST_DOWN aria-label=s::MOVE_LIST_DOWN
                                            on:click=move |_| { on_action.run(Edit::MoveList(id_for.get_value(), 1)); }>"↓"</button>
                                        {templates.then(|| view! {
                                            <button class="tl-button tl-button--icon" data-testid="list-duplicate" title=s::DUPLICATE aria-label=s::DUPLICATE
                                                on:click=move |_| if let Some(d) = on_duplicate { d.run((id_for.get_value(), format!("{} {}", name.get_untracked(), s::COPY_SUFFIX))) }>"⧉"</button>
                                        })}
                                        <button class="tl-button tl-button--icon" data-testid="list-delete" title=del_label aria-label=del_label
                                            on:click=move |_| confirm_delete.set(true)>"×"</button>
                                    </span>
                                </Show>
                            </header>
                            <Show when=move || confirm_delete.get()>
                                <div class="tl-confirm" role="alertdialog" aria-label=confirm_label data-testid="confirm-delete-list">
                                    <span>{confirm_label}</span>
                                    <button class="tl-button tl-button--danger" data-testid="confirm-delete"
                                        on:click=move |_| { confirm_delete.set(false); on_action.run(Edit::DeleteList(id_for.get_value())); }>{s::DELETE}</button>
                                    <button class="tl-button" on:click=move |_| confirm_delete.set(false)>{s::CANCEL}</button>
                                </div>
                            </Show>
                            <div class="tl-progress" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow=percent
                                aria-label=move || format!("{}: {}", s::PROGRESS, name.get())>
                                <div class="tl-progress__bar" style:width=move || format!("{}%", percent())></div>
                            </div>
                            <ul class="tl-list__items" role="list" class:tl-list__items--readonly=move || !can_edit.get()
                                on:dragstart=move |ev| {
                                    let row = drag_source(&ev);
                                    match (row, ev.data_transfer()) {
                                        (Some(id), Some(dt)) if can_edit.get_untracked() => {
                                            let _ = dt.set_data(DRAG_TYPE, &id);
                                            dt.set_effect_allowed("move");
                                        }
                                        _ => ev.prevent_default(),
                                    }
                                }
                                on:dragover=move |ev| {
                                    if ev.data_transfer().is_some_and(|d| d.types().includes(&DRAG_TYPE.into(), 0)) {
                                        ev.prevent_default();
                                        mark_drop(drop_row(&ev));
                                    }
                                }
                                on:dragleave=move |_| mark_drop(None)
                                // One listener per list, not two per row.
                                on:pointerover=move |ev| if targets(&ev, OPENS_DETAILS) { item_details::prefetch() }
                                on:focusin=move |ev| if targets(&ev, OPENS_DETAILS) { item_details::prefetch() }
                                on:drop=move |ev| {
                                    mark_drop(None);
                                    let Some(id) = ev.data_transfer().and_then(|d| d.get_data(DRAG_TYPE).ok()).filter(|i| !i.is_empty()) else { return };
                                    ev.prevent_default();
                                    let list = drop_list.get_value();
                                    // Index among the list's other items: before the row under the pointer, or after it.
                                    let index = lists.with_untracked(|ls| {
                                        let others: Vec<&str> = ls.iter().find(|l| l.id == list)
                                            .map(|l| l.items.iter().map(|i| i.id.as_str()).filter(|i| *i != id).collect())
                                            .unwrap_or_default();
                                        match drop_row(&ev) {
                                            Some((row, after)) => others.iter().position(|i| *i == row)
                                                .map_or(others.len(), |p| p + usize::from(after)),
                                            None => others.len(),
                                        }
                                    });
                                    on_action.run(Edit::MoveTo { id: ItemId::from(id), list, index });
                                }
                            >
                                <For
                                    each=move || item_ids.get()
                                    key=|id: &ItemId| id.as_str().to_owned()
                                    children=move |item_id: ItemId| {
                                        let item = cell_for(&item_id);
                                        view! { <ItemRow item=item statuses=row_statuses.clone() can_edit=can_edit on_action=on_action on_search=on_search people=people history=history /> }
                                    }
                                />
                            </ul>
                            <Show when=move || nothing_shown.get()>
                                <p class="tl-note" data-testid="filter-empty">{move || match filter.get() {
                                    Filter::Open => s::ALL_DONE,
                                    Filter::Mine(None) => s::WHO_AM_I,
                                    _ => s::NONE_MINE,
                                }}</p>
                            </Show>
                            <AfterFirstPaint>{
                                let add_list = add_list.clone();
                                view! {
                                    <Show when=move || can_edit.get()>
                                        {
                                            let add_list = add_list.clone();
                                            view! { <AddItem on_add=Callback::new(move |texts| on_action.run(Edit::Add { list: add_list.clone(), texts })) /> }
                                        }
                                    </Show>
                                }
                            }</AfterFirstPaint>
                        </section>
                    }
                }
            />
            <AfterFirstPaint><Show when=move || can_edit.get()>
                <NewList templates=templates on_add=Callback::new(move |name| { on_action.run(Edit::AddList(name)); }) />
            </Show></AfterFirstPaint>
        </div>
    }
}

/// "Add checklist": a button that turns into a name input.
#[component]
fn NewList(#[prop(into)] on_add: Callback<String>, templates: bool) -> impl IntoView {
    let open = RwSignal::new(false);
    let (add, label) = if templates {
        (s::ADD_TEMPLATE, s::TEMPLATE_NAME_LABEL)
    } else {
        (s::ADD_LIST, s::LIST_NAME_LABEL)
    };
    view! {
        <Show
            when=move || open.get()
            fallback=move || view! {
                <button class="tl-button tl-button--link tl-lists__add" data-testid="add-list" on:click=move |_| open.set(true)>
                    "+ " {add}
                </button>
            }
        >
            <input class="tl-add" data-testid="new-list-name" aria-label=label placeholder=label autofocus=true
                on:keydown=move |ev| match ev.key().as_str() {
                    "Enter" => {
                        let name = event_target_value(&ev);
                        if !name.trim().is_empty() {
                            on_add.run(name);
                        }
                        open.set(false);
                    }
                    "Escape" => open.set(false),
                    _ => {}
                }
            />
        </Show>
    }
}

/// Whether the event happened on (or inside) an element that `selector` matches.
fn targets(ev: &web_sys::Event, selector: &str) -> bool {
    use wasm_bindgen::JsCast;
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|t| t.closest(selector).ok().flatten().is_some())
}

/// The item id of the row whose grip started a drag.
fn drag_source(ev: &web_sys::DragEvent) -> Option<String> {
    use wasm_bindgen::JsCast;
    let target: web_sys::Element = ev.target()?.dyn_into().ok()?;
    if !target.class_list().contains("tl-item__grip") {
        return None;
    }
    target
        .closest("li[data-id]")
        .ok()??
        .get_attribute("data-id")
}

/// The row under the pointer during a drag, and whether the pointer is in its lower half.
fn drop_row(ev: &web_sys::DragEvent) -> Option<(String, bool)> {
    use wasm_bindgen::JsCast;
    let target: web_sys::Element = ev.target()?.dyn_into().ok()?;
    let row = target.closest("li[data-id]").ok()??;
    let rect = row.get_bounding_client_rect();
    let after = f64::from(ev.client_y()) > rect.top() + rect.height() / 2.0;
    Some((row.get_attribute("data-id")?, after))
}

/// Shows where a dragged item will land (a line above or below the row), directly on the DOM:
/// one drag must not touch a reactive node per row.
fn mark_drop(at: Option<(String, bool)>) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Ok(Some(old)) = doc.query_selector(".tl-drop-before, .tl-drop-after") {
        let _ = old.class_list().remove_2("tl-drop-before", "tl-drop-after");
    }
    if let Some((id, after)) = at {
        let selector = format!("li[data-id=\"{}\"]", id.replace(['"', '\\'], ""));
        if let Ok(Some(row)) = doc.query_selector(&selector) {
            let _ = row.class_list().add_1(if after {
                "tl-drop-after"
            } else {
                "tl-drop-before"
            });
        }
    }
}
