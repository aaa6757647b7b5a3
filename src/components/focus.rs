//! Where keyboard focus goes after an action changes the page under it. A moved row is the
//! same DOM node in a new place, but moving it drops focus; a deleted row takes its focus with
//! it. These put focus where a keyboard user expects it, after the DOM has been updated.

use crate::state::deferred::when_loaded;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

/// What a row's keyboard user lands on: its checkbox, else (a header) ⋯ or its first tool,
/// whichever this width shows.
const ROW_TARGET: &str = "input.tl-item__check, .tl-item__more, .tl-item__tools button";

/// The first element under `root` matching `selector` that is laid out (not `display: none`),
/// so it can take focus.
fn first_shown(root: &Element, selector: &str) -> Option<Element> {
    let all = root.query_selector_all(selector).ok()?;
    (0..all.length())
        .filter_map(|n| all.get(n)?.dyn_into::<Element>().ok())
        .find(|e| e.get_client_rects().length() > 0)
}

/// Runs `f` once the pending DOM updates are done: before the next key press is handled (a
/// frame later would drop a fast second Alt+↓). An edit made before the editing code was in is
/// applied when it arrives, so this waits for that too.
fn after_update(f: impl FnOnce() + 'static) {
    when_loaded(move || {
        leptos::task::spawn_local(async move {
            leptos::task::tick().await;
            f();
        })
    });
}

fn focus(el: Option<Element>) {
    if let Some(h) = el.and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
        let _ = h.focus();
    }
}

/// Focuses `el` once the DOM is updated.
fn focus_later(el: Element) {
    after_update(move || focus(Some(el)));
}

/// Runs `f`, which may move the focused element in the DOM, and gives focus back to it.
pub fn keeping_focus(f: impl FnOnce()) {
    let focused = document().active_element();
    f();
    if let Some(el) = focused {
        focus_later(el);
    }
}

/// Runs `f`, which removes the row around `from`, and moves focus to the row that takes its
/// place (the next one, else the previous one), else to the checklist's add box.
pub fn to_neighbour(from: Option<Element>, f: impl FnOnce()) {
    let row = from.and_then(|e| e.closest("li.tl-item").ok().flatten());
    let next = row.as_ref().and_then(|r| {
        r.next_element_sibling()
            .or_else(|| r.previous_element_sibling())
    });
    let list = row
        .as_ref()
        .and_then(|r| r.closest("section").ok().flatten());
    f();
    let target = next
        .and_then(|n| first_shown(&n, ROW_TARGET))
        .or_else(|| list.and_then(|l| l.query_selector("[data-testid=add-item]").ok().flatten()));
    if let Some(t) = target {
        focus_later(t);
    }
}

/// Focuses the first element matching `selector` once the DOM is updated.
pub fn focus_selector(selector: &'static str) {
    after_update(move || focus(document().query_selector(selector).ok().flatten()));
}
