//! Browser tests of the components with logic: mounted into a real DOM in headless chromium,
//! driven with real DOM events, checked through their callbacks and the DOM.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use std::sync::{Arc, Mutex};
use ticklist::components::add_item::AddItem;
use ticklist::components::item_row::ItemRow;
use ticklist::components::save_status::SaveIndicator;
use ticklist::state::edit::Edit as Action;
use ticklist::state::saver::SaveStatus;
use ticklist_core::{Item, ItemKind, StatusSet};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

mod support;
use support::wait_ms;
use web_sys::{HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

fn container() -> HtmlElement {
    let doc = web_sys::window().unwrap().document().unwrap();
    let el: HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    doc.body().unwrap().append_child(&el).unwrap();
    el
}

fn find<T: JsCast>(root: &HtmlElement, testid: &str) -> Option<T> {
    root.query_selector(&format!("[data-testid={testid}]"))
        .unwrap()
        .map(|e| e.unchecked_into())
}

fn key(target: &web_sys::EventTarget, key: &str, alt: bool) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_alt_key(alt);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let ev = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    target.dispatch_event(&ev).unwrap();
}

fn typed(input: &HtmlInputElement, text: &str) {
    input.set_value(text);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    input
        .dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
}

fn item(status: &str) -> Item {
    Item {
        id: "i1".into(),
        text: "Write **tests**".into(),
        status: status.into(),
        mandatory: false,
        kind: ItemKind::Item,
        details: String::new(),
        assignee: None,
        due: None,
        issue: None,
        follow: false,
    }
}

fn recorder() -> (Arc<Mutex<Vec<Action>>>, Callback<Action, bool>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let s = seen.clone();
    (
        seen,
        Callback::new(move |a| {
            s.lock().unwrap().push(a);
            true
        }),
    )
}

#[wasm_bindgen_test]
async fn item_row_toggles_edits_and_cancels() {
    let el = container();
    let (seen, on_action) = recorder();
    let data = RwSignal::new(Some(item("todo")));
    let _h = leptos::mount::mount_to(el.clone(), move || {
        view! { <ItemRow item=data statuses=StatusSet::default() can_edit=true on_action=on_action /> }
    });
    leptos::task::tick().await;
    // Markdown renders as elements built from text, not HTML.
    assert_eq!(
        el.query_selector("strong")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap(),
        "tests"
    );
    find::<HtmlInputElement>(&el, "item-toggle")
        .unwrap()
        .click();
    assert_eq!(
        seen.lock().unwrap().last(),
        Some(&Action::Toggle("i1".into()))
    );

    // Edit: Enter commits the new text.
    find::<HtmlElement>(&el, "item-text").unwrap().click();
    leptos::task::tick().await;
    let edit = find::<HtmlInputElement>(&el, "item-edit").expect("editor open");
    assert_eq!(edit.value(), "Write **tests**");
    typed(&edit, "Write more tests");
    key(&edit, "Enter", false);
    leptos::task::tick().await;
    assert_eq!(
        seen.lock().unwrap().last(),
        Some(&Action::Edit("i1".into(), "Write more tests".into()))
    );
    assert!(find::<HtmlInputElement>(&el, "item-edit").is_none());

    // Escape cancels: no action, editor closed.
    let before = seen.lock().unwrap().len();
    find::<HtmlElement>(&el, "item-text").unwrap().click();
    leptos::task::tick().await;
    let edit = find::<HtmlInputElement>(&el, "item-edit").unwrap();
    typed(&edit, "nope");
    key(&edit, "Escape", false);
    leptos::task::tick().await;
    assert_eq!(seen.lock().unwrap().len(), before);

    // Alt+↓ asks to move down.
    key(
        &find::<HtmlInputElement>(&el, "item-toggle").unwrap(),
        "ArrowDown",
        true,
    );
    assert_eq!(
        seen.lock().unwrap().last(),
        Some(&Action::Move("i1".into(), 1))
    );

    // A remote change of the item shows without remounting.
    data.set(Some(Item {
        status: "done".into(),
        ..item("done")
    }));
    leptos::task::tick().await;
    assert!(find::<HtmlInputElement>(&el, "item-toggle")
        .unwrap()
        .checked());
}

#[wasm_bindgen_test]
async fn item_row_read_only_offers_no_edits_and_keeps_unknown_status() {
    let el = container();
    let (seen, on_action) = recorder();
    let _h = leptos::mount::mount_to(el.clone(), move || {
        view! { <ItemRow item=Signal::stored(Some(item("qa-review"))) statuses=StatusSet::default() can_edit=false on_action=on_action /> }
    });
    leptos::task::tick().await;
    assert!(find::<HtmlInputElement>(&el, "item-toggle")
        .unwrap()
        .disabled());
    assert!(find::<HtmlElement>(&el, "item-delete").is_none());
    assert!(find::<HtmlElement>(&el, "item-edit-button").is_none());
    find::<HtmlElement>(&el, "item-text").unwrap().click();
    leptos::task::tick().await;
    assert!(find::<HtmlInputElement>(&el, "item-edit").is_none());
    let picker = find::<HtmlElement>(&el, "item-status").unwrap();
    assert_eq!(
        picker.get_attribute("data-value").as_deref(),
        Some("qa-review")
    );
    assert!(picker.text_content().unwrap().contains("Unknown status"));
    assert!(seen.lock().unwrap().is_empty());
}

#[wasm_bindgen_test]
async fn add_item_adds_on_enter_and_splits_pasted_lines() {
    let el = container();
    let seen: Arc<Mutex<Vec<Vec<String>>>> = Arc::default();
    let s = seen.clone();
    let _h = leptos::mount::mount_to(el.clone(), move || {
        let s = s.clone();
        view! { <AddItem on_add=Callback::new(move |t: Vec<String>| {
            // The checklist refuses anything containing "refuse" (as a too-long item would be).
            let ok = !t.iter().any(|l| l.contains("refuse"));
            s.lock().unwrap().push(t);
            ok
        }) /> }
    });
    leptos::task::tick().await;
    let input = find::<HtmlInputElement>(&el, "add-item").unwrap();
    typed(&input, "  first  ");
    key(&input, "Enter", false);
    leptos::task::tick().await;
    assert_eq!(
        seen.lock().unwrap().last().unwrap(),
        &vec!["first".to_string()]
    );
    assert_eq!(input.value(), "", "cleared for the next item");
    key(&input, "Enter", false);
    assert_eq!(seen.lock().unwrap().len(), 1, "blank input adds nothing");
    typed(&input, "please refuse me");
    key(&input, "Enter", false);
    leptos::task::tick().await;
    assert_eq!(
        input.value(),
        "please refuse me",
        "a refused item keeps its text"
    );
    typed(&input, "");

    let data = web_sys::DataTransfer::new().unwrap();
    data.set_data("text", "- a\n\n- b").unwrap();
    let init = web_sys::ClipboardEventInit::new();
    init.set_clipboard_data(Some(&data));
    init.set_bubbles(true);
    init.set_cancelable(true);
    let paste = web_sys::ClipboardEvent::new_with_event_init_dict("paste", &init).unwrap();
    input.dispatch_event(&paste).unwrap();
    assert!(paste.default_prevented());
    // One line each; the checklist reads their bullets (ticklist_core::text::parse_line).
    assert_eq!(
        seen.lock().unwrap().last().unwrap(),
        &vec!["- a".to_string(), "- b".to_string()]
    );
}

#[wasm_bindgen_test]
async fn save_indicator_offers_retry_whenever_something_is_not_saved() {
    let el = container();
    let status = RwSignal::new(SaveStatus::Saving);
    let retries = Arc::new(Mutex::new(0));
    let r = retries.clone();
    let _h = leptos::mount::mount_to(el.clone(), move || {
        let r = r.clone();
        view! { <SaveIndicator status=status on_retry=Callback::new(move |_| *r.lock().unwrap() += 1) /> }
    });
    leptos::task::tick().await;
    assert!(find::<HtmlElement>(&el, "retry").is_none());
    status.set(SaveStatus::Retrying {
        reason: "Jira answered 500".into(),
        offline: false,
    });
    leptos::task::tick().await;
    assert!(el.text_content().unwrap().contains("retrying"));
    find::<web_sys::HtmlButtonElement>(&el, "retry")
        .unwrap()
        .click();
    assert_eq!(*retries.lock().unwrap(), 1);
    status.set(SaveStatus::Retrying {
        reason: String::new(),
        offline: true,
    });
    leptos::task::tick().await;
    assert!(el.text_content().unwrap().contains("Offline"));
    assert!(find::<HtmlElement>(&el, "retry").is_some());
    status.set(SaveStatus::Failed("Jira answered 500".into()));
    leptos::task::tick().await;
    find::<web_sys::HtmlButtonElement>(&el, "retry")
        .unwrap()
        .click();
    assert_eq!(*retries.lock().unwrap(), 2);
    status.set(SaveStatus::Saved);
    leptos::task::tick().await;
    assert!(find::<HtmlElement>(&el, "retry").is_none());
}

#[wasm_bindgen_test]
fn due_dates_follow_the_hosts_locale() {
    use ticklist::components::locale::{format_date, normalize};
    let d = ticklist_core::Date::new(2026, 12, 1).unwrap();
    assert_eq!(format_date(d, &normalize("en_US")), "Dec 1, 2026");
    assert_eq!(format_date(d, &normalize("fr_FR")), "1 déc. 2026");
    assert_eq!(format_date(d, &normalize("de-DE")), "1. Dez. 2026");
}

/// Waits (up to 2 s) until every row has its tools, and says if one never got them.
async fn every_row_gets_its_turn(rows: &[Signal<bool>]) {
    for _ in 0..200 {
        if rows.iter().all(|r| r.get_untracked()) {
            break;
        }
        wait_ms(10).await;
    }
    assert!(
        rows.iter().all(|r| r.get_untracked()),
        "every row had its turn"
    );
}

/// The issue panel's rows get their tools after the first paint, a turn of rows per task, in
/// the order the rows were built; where nobody asked to wait (the settings pages), at once.
#[wasm_bindgen_test]
async fn rows_get_their_tools_in_turns_after_the_first_paint() {
    use std::cell::Cell;
    use std::rc::Rc;
    use ticklist::components::after_paint::{provide_first_paint, row_turn, ROWS_PER_TURN};

    let owner = Owner::new();
    let rows = owner.with(|| {
        provide_first_paint();
        (0..ROWS_PER_TURN * 2 + 3)
            .map(|_| row_turn())
            .collect::<Vec<_>>()
    });
    assert!(
        rows.iter().all(|r| !r.get_untracked()),
        "nothing before the first paint"
    );
    // Effects run before the next task: what the first turn left undone is seen here.
    let first_turn = Rc::new(Cell::new(None));
    let seen = first_turn.clone();
    let (first, last_of_turn, next) = (rows[0], rows[ROWS_PER_TURN - 1], rows[ROWS_PER_TURN]);
    owner.with(|| {
        Effect::new(move |_| {
            if first.get() && seen.get().is_none() {
                seen.set(Some((last_of_turn.get_untracked(), next.get_untracked())));
            }
        })
    });
    every_row_gets_its_turn(&rows).await;
    assert_eq!(
        first_turn.get(),
        Some((true, false)),
        "one turn, then the next task"
    );
    // A row built after every turn is done gets its tools at once.
    assert!(owner.with(row_turn).get_untracked());
    // Without the panel asking to wait: at once.
    assert!(Owner::new().with(row_turn).get_untracked());
}

/// The issue panel's live view is mounted after the first paint (its first frame was plain
/// DOM): what waits for the paint is built at once, and its rows still get their tools in turns,
/// starting after the task that built them.
#[wasm_bindgen_test]
async fn a_view_built_after_the_first_paint_still_gives_rows_their_tools_in_turns() {
    use ticklist::components::after_paint::{
        after_first_paint, provide_first_paint_done, row_turn, ROWS_PER_TURN,
    };

    let owner = Owner::new();
    let (painted, rows) = owner.with(|| {
        provide_first_paint_done();
        let rows = (0..ROWS_PER_TURN + 1)
            .map(|_| row_turn())
            .collect::<Vec<_>>();
        (after_first_paint(), rows)
    });
    assert!(painted.get_untracked(), "the paint is done already");
    assert!(
        rows.iter().all(|r| !r.get_untracked()),
        "no row's tools in the task that built them"
    );
    every_row_gets_its_turn(&rows).await;
    assert!(
        owner.with(row_turn).get_untracked(),
        "a row built after the turns gets its tools at once"
    );
}

/// The release build's glue says with the promise `__ticklistCold` when the code the start-up
/// never calls is in: what follows the first paint waits for it.
#[wasm_bindgen_test]
async fn what_follows_the_first_paint_waits_for_the_cold_code() {
    use std::cell::RefCell;
    use std::rc::Rc;
    use ticklist::components::after_paint::{after_first_paint, provide_first_paint, row_turn};

    let resolve: Rc<RefCell<Option<js_sys::Function>>> = Rc::default();
    let keep = resolve.clone();
    let cold = js_sys::Promise::new(&mut |res, _| *keep.borrow_mut() = Some(res));
    let global = js_sys::global();
    js_sys::Reflect::set(&global, &"__ticklistCold".into(), &cold).unwrap();
    let owner = Owner::new();
    let (painted, row) = owner.with(|| {
        provide_first_paint();
        (after_first_paint(), row_turn())
    });
    // Several frames and tasks: the first paint is long done.
    wait_ms(100).await;
    assert!(
        !painted.get_untracked() && !row.get_untracked(),
        "nothing before the cold code"
    );
    let done = resolve.borrow_mut().take().expect("the promise's resolve");
    done.call0(&wasm_bindgen::JsValue::NULL).unwrap();
    for _ in 0..100 {
        if row.get_untracked() {
            break;
        }
        wait_ms(10).await;
    }
    js_sys::Reflect::delete_property(
        global.unchecked_ref::<js_sys::Object>(),
        &"__ticklistCold".into(),
    )
    .unwrap();
    assert!(painted.get_untracked(), "after the paint, once it is in");
    assert!(row.get_untracked(), "the row's tools too");
}
