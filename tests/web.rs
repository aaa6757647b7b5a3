//! Browser tests (wasm-bindgen-test in headless chromium): components rendered into a real DOM.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use ticklist::components::checklist::ChecklistView;
use ticklist_core::{Clock, Document, Limits, NewItem, StatusSet};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn container() -> web_sys::HtmlElement {
    let doc = web_sys::window().unwrap().document().unwrap();
    let el: web_sys::HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    doc.body().unwrap().append_child(&el).unwrap();
    el
}

use wasm_bindgen::JsCast;

#[wasm_bindgen_test]
async fn checklist_shows_progress_and_never_injects_item_html() {
    let mut doc = Document::new();
    let mut clock = Clock::new("t");
    let list = doc.ensure_list(&mut clock);
    let l = Limits::default();
    let a = doc
        .add_item(
            &mut clock,
            &list,
            &NewItem::text("<b id=\"inj\">bold?</b>"),
            &l,
        )
        .unwrap();
    doc.add_item(&mut clock, &list, &NewItem::text("second"), &l)
        .unwrap();
    doc.toggle(&mut clock, &a, &StatusSet::default()).unwrap();
    let lists = RwSignal::new(doc.lists());
    let el = container();
    let _handle =
        leptos::mount::mount_to(el.clone(), move || view! { <ChecklistView lists=lists /> });
    leptos::task::tick().await;
    let text = el.text_content().unwrap_or_default();
    assert!(text.contains("<b id=\"inj\">bold?</b>"), "{text}");
    assert!(
        el.query_selector("#inj").unwrap().is_none(),
        "item text became HTML"
    );
    let progress = el
        .query_selector("[data-testid=progress]")
        .unwrap()
        .unwrap();
    assert_eq!(progress.text_content().unwrap(), "1/2");
    // Updating the signal re-renders.
    let id2 = doc.lists()[0].items[1].id.clone();
    doc.toggle(&mut clock, &id2, &StatusSet::default()).unwrap();
    lists.set(doc.lists());
    leptos::task::tick().await;
    let progress = el
        .query_selector("[data-testid=progress]")
        .unwrap()
        .unwrap();
    assert_eq!(progress.text_content().unwrap(), "2/2");
}
