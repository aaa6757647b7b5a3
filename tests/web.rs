//! Browser tests (wasm-bindgen-test in headless chromium): components rendered into a real DOM.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use ticklist::components::checklist::ChecklistView;
use ticklist_core::{Clock, Document, Limits, NewItem, StatusSet};
use wasm_bindgen_test::*;

mod support;
use support::wait_ms;

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

/// A save that failed on the network waits for its backoff (a second at first) unless
/// something says to try now: the window getting focus, the browser coming online, or an edit.
#[wasm_bindgen_test]
async fn a_save_waiting_on_its_backoff_starts_at_once_when_the_window_gets_focus() {
    use std::rc::Rc;
    use ticklist::host::memory::MemoryHost;
    use ticklist::host::HostError;
    use ticklist::state::page::retry_when_back;
    use ticklist::state::saver::{SaveStatus, Saver};
    use ticklist::state::sync::{Base, Target};

    let owner = Owner::new();
    owner.set();
    let host = Rc::new(MemoryHost::new("10100"));
    let saver = Saver::new(
        host.clone(),
        Target::issue("10100"),
        Base::new(Document::new(), 0, 1),
        "web",
        true,
        StatusSet::default(),
        Limits::default(),
    );
    retry_when_back(saver);
    let saved = || {
        host.store
            .borrow()
            .contains_key("/rest/api/3/issue/10100/properties/ticklist.checklist")
    };
    for trigger in ["focus", "online", "edit"] {
        host.faults
            .borrow_mut()
            .push_back(HostError::Network("offline".into()));
        saver
            .edit(|doc, clock| {
                let list = doc.ensure_list(clock);
                doc.add_item(clock, &list, &NewItem::text(trigger), &Limits::default())
            })
            .unwrap();
        wait_ms(500).await; // the debounce, then the failing cycle
        assert!(
            matches!(
                saver.status.get_untracked(),
                SaveStatus::Retrying { offline: true, .. }
            ),
            "{trigger}: {:?}",
            saver.status.get_untracked()
        );
        host.store.borrow_mut().clear();
        match trigger {
            "edit" => {
                saver
                    .edit(|doc, clock| {
                        let list = doc.ensure_list(clock);
                        doc.add_item(clock, &list, &NewItem::text("again"), &Limits::default())
                    })
                    .unwrap();
            }
            name => {
                let ev = web_sys::Event::new(name).unwrap();
                web_sys::window().unwrap().dispatch_event(&ev).unwrap();
            }
        }
        // Well before the 1 s backoff would end (the edit adds its 350 ms debounce).
        wait_ms(if trigger == "edit" { 600 } else { 150 }).await;
        assert!(saved(), "{trigger}: not saved yet");
        assert_eq!(saver.status.get_untracked(), SaveStatus::Saved, "{trigger}");
    }
}

/// Opening only reads: the first frame is drawn from plain data, and the panel built from that
/// data after the first paint shows the same. Opening that edits the checklist (edits a closed
/// tab never saved, recovered) builds the panel first and draws from it.
#[wasm_bindgen_test]
async fn opening_gives_data_the_built_panel_agrees_with_and_builds_it_when_it_edits() {
    use std::rc::Rc;
    use ticklist::host::memory::MemoryHost;
    use ticklist::state::page::Phase;
    use ticklist::state::panel::{open, Opened};
    use ticklist::state::saver::SaveStatus;
    use ticklist::state::unsaved;

    let _ = any_spawner::Executor::init_wasm_bindgen();
    let owner = Owner::new();
    owner.set();
    let issue = "10177";
    let host = Rc::new(MemoryHost::new(issue));
    host.store.borrow_mut().insert(
        format!("/rest/api/3/issue/{issue}/properties/ticklist.checklist"),
        r#"{"app":"ticklist","v":1,"lists":[{"id":"main","name":"Steps","items":[
            {"id":"a","text":"one","status":"done"},{"id":"b","text":"two","status":"todo"}]}]}"#
            .into(),
    );
    let Phase::Ready(opened) = open(host.clone()).await else {
        panic!("the issue did not open");
    };
    assert!(
        matches!(opened, Opened::Read(_)),
        "nothing to edit: data only"
    );
    let glance = opened.glance();
    let texts = |g: &ticklist::state::panel::Glance| -> Vec<String> {
        g.lists[0].items.iter().map(|i| i.text.clone()).collect()
    };
    assert_eq!(texts(&glance), ["one", "two"]);
    assert!(glance.can_edit && !glance.recovered);
    let panel = opened.into_panel();
    assert_eq!(panel.glance(), glance);

    // An edit kept from a tab closed while saving failed: recovered on the next open.
    let mut kept = panel.editor.saver.doc.get_untracked();
    let mut clock = Clock::new("closed-tab");
    clock.observe(kept.max_counter());
    let list = kept.ensure_list(&mut clock);
    kept.add_item(
        &mut clock,
        &list,
        &NewItem::text("three"),
        &Limits::default(),
    )
    .unwrap();
    unsaved::keep(issue, None, &kept);
    let Phase::Ready(opened) = open(host.clone()).await else {
        panic!("the issue did not open again");
    };
    assert!(matches!(opened, Opened::Built(_)), "recovering is an edit");
    let glance = opened.glance();
    assert_eq!(texts(&glance), ["one", "two", "three"]);
    assert!(glance.recovered);
    assert_eq!(glance.status, SaveStatus::Saving);
    let panel = opened.into_panel();
    assert_eq!(panel.glance(), glance);
    for _ in 0..30 {
        if panel.editor.saver.status.get_untracked() == SaveStatus::Saved {
            break;
        }
        wait_ms(100).await;
    }
    assert_eq!(panel.editor.saver.status.get_untracked(), SaveStatus::Saved);
    assert!(host.store.borrow().values().any(|v| v.contains("three")));
    unsaved::clear(issue, None);
}
