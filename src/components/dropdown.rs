//! A dropdown that looks and behaves like Jira's own: a button that shows the current choice
//! (as a lozenge for statuses) and opens a list of choices. The keyboard works as in Jira's
//! dropdowns: Enter, Space or ↓ opens it on the current choice, ↑/↓ (Home/End) move, Enter or
//! Space chooses, Escape or Tab closes, and focus returns to the button.

use super::first_frame::{el, Inert};
use super::item_row::STATUS_COLOUR;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, KeyboardEvent};

/// Tells the page that something outside the normal flow (an open list) changed its height, so
/// the host can fit the iframe to it (see `state::page`).
pub const LAYOUT_EVENT: &str = "ticklist:layout";

fn layout_changed() {
    if let Ok(ev) = web_sys::Event::new(LAYOUT_EVENT) {
        let _ = window().dispatch_event(&ev);
    }
}

/// One choice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    /// What is chosen (an id).
    pub value: String,
    pub label: String,
    /// Shown as a lozenge in this category's colours (`todo`, `in-progress`, `done`).
    pub category: Option<&'static str>,
    /// The admin's colour for it, `#rrggbb`, as a bar on the lozenge.
    pub colour: Option<String>,
}

impl Choice {
    pub fn plain(value: impl Into<String>, label: impl Into<String>) -> Self {
        Self {
            value: value.into(),
            label: label.into(),
            category: None,
            colour: None,
        }
    }
}

fn focus(el: Option<Element>) {
    if let Some(h) = el.and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
        let _ = h.focus();
    }
}

#[component]
pub fn Dropdown(
    #[prop(into)] choices: Signal<Vec<Choice>>,
    /// The current choice's value.
    #[prop(into)]
    value: Signal<String>,
    /// What the button is for (its accessible name starts with it).
    label: &'static str,
    testid: &'static str,
    #[prop(into)] on_choose: Callback<String>,
    #[prop(into, optional)] disabled: Signal<bool>,
    /// Shown when no choice has the current value.
    #[prop(into, optional)]
    fallback: Signal<String>,
    /// Choices are statuses: shown as lozenges.
    #[prop(optional)]
    lozenges: bool,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let root = NodeRef::<leptos::html::Div>::new();
    let button = NodeRef::<leptos::html::Button>::new();
    let current = Memo::new(move |_| {
        let v = value.get();
        choices.with(|cs| cs.iter().find(|c| c.value == v).cloned())
    });
    let shown = move || {
        current
            .with(|c| c.as_ref().map(|c| c.label.clone()))
            .unwrap_or_else(|| fallback.get())
    };
    let close = move |refocus: bool| {
        open.set(false);
        layout_changed();
        if refocus {
            focus(button.get_untracked().map(Into::into));
        }
    };
    // Opening focuses the current choice (or the first) once the list is in the DOM.
    let open_list = move || {
        open.set(true);
        leptos::task::spawn_local(async move {
            leptos::task::tick().await;
            let Some(root) = root.get_untracked() else {
                return;
            };
            let el: &Element = root.as_ref();
            let target = el
                .query_selector("[role=option][aria-selected=true]")
                .ok()
                .flatten()
                .or_else(|| el.query_selector("[role=option]").ok().flatten());
            focus(target);
            layout_changed();
        });
    };
    let choose = move |v: String| {
        close(true);
        if v != value.get_untracked() {
            on_choose.run(v);
        }
    };
    let on_list_key = move |ev: KeyboardEvent| {
        let Some(active) = document().active_element() else {
            return;
        };
        let step = |next: bool| {
            if next {
                active.next_element_sibling()
            } else {
                active.previous_element_sibling()
            }
        };
        let list = active.parent_element();
        match ev.key().as_str() {
            "ArrowDown" => focus(step(true)),
            "ArrowUp" => focus(step(false)),
            "Home" => focus(list.and_then(|l| l.first_element_child())),
            "End" => focus(list.and_then(|l| l.last_element_child())),
            "Enter" | " " => {
                if let Some(v) = active.get_attribute("data-value") {
                    choose(v);
                }
            }
            "Escape" => close(true),
            "Tab" => {
                close(false);
                return;
            }
            _ => return,
        }
        ev.prevent_default();
    };
    view! {
        <div class="tl-dropdown" node_ref=root
            // Leaving the dropdown (a click elsewhere, focus moving on) closes it.
            on:focusout=move |ev| {
                let inside = ev
                    .related_target()
                    .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
                    .zip(root.get_untracked())
                    .is_some_and(|(n, r)| r.contains(Some(&n)));
                if !inside {
                    open.set(false);
                }
            }>
            <button type="button" node_ref=button
                class=if lozenges { "tl-select tl-select--lozenge" } else { "tl-select" }
                data-testid=testid
                data-value=move || value.get()
                data-category=move || current.with(|c| c.as_ref().and_then(|c| c.category))
                style=(STATUS_COLOUR, move || current.with(|c| c.as_ref().and_then(|c| c.colour.clone())))
                aria-haspopup="listbox"
                aria-expanded=move || open.get().to_string()
                aria-label=move || format!("{label}: {}", shown())
                disabled=move || disabled.get()
                on:click=move |_| if open.get_untracked() { close(true) } else { open_list() }
                on:keydown=move |ev| {
                    if matches!(ev.key().as_str(), "ArrowDown" | "ArrowUp") && !open.get_untracked() {
                        ev.prevent_default();
                        open_list();
                    }
                }>
                {shown}
            </button>
            <Show when=move || open.get()>
                <ul class="tl-dropdown__menu" role="listbox" aria-label=label data-testid=format!("{testid}-menu")
                    on:keydown=on_list_key>
                    {move || choices.get().into_iter().map(|c| {
                        let selected = value.with_untracked(|v| *v == c.value);
                        let pick = c.value.clone();
                        let colour = c.colour.clone();
                        view! {
                            <li role="option" tabindex="-1" class="tl-dropdown__option"
                                aria-selected=selected.to_string() data-value=c.value.clone()
                                on:click=move |_| choose(pick.clone())>
                                <span class=if lozenges { "tl-lozenge" } else { "tl-dropdown__label" }
                                    data-category=c.category style=(STATUS_COLOUR, colour)>{c.label}</span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </Show>
        </div>
    }
}

/// A closed dropdown of plain choices without its behaviour: the issue panel's first frame
/// (`first_frame.rs`) draws it so, and a click on it is handed to the live [`Dropdown`].
pub fn closed_face(testid: &str, label: &str, value: &str, shown: &str) -> Inert {
    el("div", "tl-dropdown").child(
        el("button", "tl-select")
            .attr("type", "button")
            .testid(testid)
            .attr("data-value", value)
            .attr("aria-haspopup", "listbox")
            .attr("aria-expanded", "false")
            .attr("aria-label", &format!("{label}: {shown}"))
            .text(shown),
    )
}
