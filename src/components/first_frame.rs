//! The issue panel's first frame: its checklists drawn once from the data, with the live panel's
//! markup but no signals and no handlers, until the live panel takes over.
//!
//! Building the live panel (a reactive node per visible part of each row, its handlers, the
//! framework code behind them) was ~60 % of the work after the wasm started, and its code most of
//! what the browser compiled before the first rows. Drawn this way, the first rows need only this
//! module's code; the live panel's comes with the cold module (`after_paint.rs`), and it replaces
//! the first frame once the first paint is done and that code is in, or at once when someone
//! clicks, taps, tabs or types in the first frame. Then what they did is done again on the live
//! panel: focus goes to the same element, a click is clicked again and the keys pressed until
//! the focus is back are pressed again there (the two have the same elements in the same
//! places, which `e2e/firstframe.spec.mjs` checks), so nothing done early is lost. A link is left
//! to the browser.

use super::after_paint::{provide_first_paint, provide_first_paint_done, when_painted};
use super::item_row::{is_overdue, lozenge_look, STATUS_COLOUR};
use super::linked_issue::ChipLook;
use crate::state::filter::Filter;
use crate::state::page::{mark, LIVE_MARK};
use crate::state::people::Directory;
use crate::strings as s;
use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;
use ticklist_core::inline::{parse, Span};
use ticklist_core::{Item, List, StatusSet};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, HtmlElement, HtmlInputElement, KeyboardEvent, KeyboardEventInit};

/// The root both frames share; where a path into the first frame starts.
const ROOT: &str = "tl-panel";

/// What someone did in the first frame, to do again on the live panel. An element is named by
/// its path from the panel's root (element children only, by index).
#[derive(Clone, Default)]
struct Early {
    focus: Option<Vec<u32>>,
    click: Option<Vec<u32>>,
    /// Keys pressed before the live panel had the focus, pressed again on it in order.
    keys: Vec<Key>,
}

/// A key press to do again. Only its handlers run again (a made-up event has no default
/// action), so the keys whose default the first frame already did are not kept: Tab moved the
/// focus and Space or Enter clicked, which are kept as such. Pressed in the gap (the first
/// frame gone, the focus on the page), Space and Enter clicked nothing: they are kept, and
/// their click is done on the live panel. Tab is never kept: it has moved the focus already.
#[derive(Clone)]
struct Key {
    key: String,
    code: String,
    alt: bool,
    ctrl: bool,
    shift: bool,
    meta: bool,
    /// Its default, a click on a button or a checkbox, is still to do.
    activate: bool,
}

impl Key {
    fn of(ev: &Event, in_gap: bool) -> Option<Self> {
        let k = ev.dyn_ref::<KeyboardEvent>()?;
        let key = k.key();
        let activate = matches!(key.as_str(), " " | "Enter");
        (key != "Tab" && (in_gap || !activate)).then(|| Key {
            code: k.code(),
            alt: k.alt_key(),
            ctrl: k.ctrl_key(),
            shift: k.shift_key(),
            meta: k.meta_key(),
            activate,
            key,
        })
    }

    /// Presses it on `el`: its handlers, then the click Space or Enter would have made there,
    /// unless a handler prevented it.
    fn press_on(&self, el: &Element) {
        if self.dispatch_on(el) && self.activate && self.clicks(el) {
            if let Some(el) = el.dyn_ref::<HtmlElement>() {
                el.click();
            }
        }
    }

    /// What the browser clicks for this key: a button for Space or Enter, a checkbox for Space.
    fn clicks(&self, el: &Element) -> bool {
        match el.tag_name().as_str() {
            "BUTTON" => true,
            "INPUT" => {
                self.key == " "
                    && el
                        .dyn_ref::<HtmlInputElement>()
                        .is_some_and(|i| i.type_() == "checkbox")
            }
            _ => false,
        }
    }

    /// The keydown alone; false when a handler prevented its default.
    fn dispatch_on(&self, el: &Element) -> bool {
        let init = KeyboardEventInit::new();
        init.set_key(&self.key);
        init.set_code(&self.code);
        init.set_alt_key(self.alt);
        init.set_ctrl_key(self.ctrl);
        init.set_shift_key(self.shift);
        init.set_meta_key(self.meta);
        init.set_bubbles(true);
        init.set_cancelable(true);
        KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init)
            .ok()
            .and_then(|ev| el.dispatch_event(&ev).ok())
            .unwrap_or(false)
    }
}

/// Hands the first frame's events to the live panel; the first frame's root listens with it.
struct Handover {
    /// Puts the live panel in place of the first frame; taken when that starts.
    live: RefCell<Option<Box<dyn FnOnce()>>>,
    /// A pointer is down on the first frame. Until its click has landed the frame must stay:
    /// an element removed between press and release gets no click. (The first event handled
    /// here may itself load the cold code, which would otherwise bring the live panel at once.)
    pressed: Cell<bool>,
    /// The first paint is done and the cold code is in.
    painted: Cell<bool>,
    early: RefCell<Early>,
}

impl Handover {
    /// Keeps a key pressed before the live panel has the focus (see `Key`).
    fn keep_key(&self, ev: &Event, in_gap: bool) {
        if let Some(key) = Key::of(ev, in_gap) {
            if key.activate {
                // Space would scroll the page it was pressed on; its click comes later.
                ev.prevent_default();
            }
            self.early.borrow_mut().keys.push(key);
        }
    }

    /// The live panel replaces the first frame, once, after the event being handled.
    fn take_over(&self) {
        if let Some(live) = self.live.borrow_mut().take() {
            leptos::task::spawn_local(async move { live() });
        }
    }

    /// For the first frame's root: `pointerdown`, `pointerup`, `pointercancel`, `click`,
    /// `focusin`, `keydown`.
    fn on_event(self: &Rc<Self>, ev: &Event) {
        let target = ev.target().and_then(|t| t.dyn_into::<Element>().ok());
        let path = || target.as_ref().and_then(path_of);
        match ev.type_().as_str() {
            "pointerdown" => self.pressed.set(true),
            // A release, or a touch that turned into a scroll (no click follows that one).
            "pointerup" | "pointercancel" => {
                // After the click this release makes, if it makes one.
                let me = self.clone();
                set_timeout(
                    move || {
                        me.pressed.set(false);
                        me.take_over();
                    },
                    Duration::ZERO,
                );
            }
            "click" => {
                let on_link = target
                    .as_ref()
                    .is_some_and(|t| t.closest("a").ok().flatten().is_some());
                if !on_link {
                    self.early.borrow_mut().click = path();
                }
                self.take_over();
            }
            "focusin" => {
                self.early.borrow_mut().focus = path();
                if !self.pressed.get() {
                    self.take_over();
                }
            }
            "keydown" => {
                self.keep_key(ev, false);
                self.take_over();
            }
            _ => self.take_over(),
        }
    }

    /// Mounts `live` in `main`, where the first frame was, then does again there what was done
    /// on the first frame.
    fn go_live(self: &Rc<Self>, main: &Element, live: impl FnOnce() -> AnyView + 'static) {
        let painted = self.painted.get();
        if let Some(main) = main.dyn_ref::<HtmlElement>() {
            leptos::mount::mount_to(main.clone(), move || {
                if painted {
                    provide_first_paint_done();
                } else {
                    provide_first_paint();
                }
                live()
            })
            .forget();
        }
        // Until the focus is back, keys go to the page (the focused element is gone): kept too.
        // Only keys with nowhere to go: one that reaches an element of the live panel is its own.
        let me = self.clone();
        let gap = Closure::<dyn FnMut(Event)>::new(move |ev: Event| {
            let on_page = ev
                .target()
                .and_then(|t| t.dyn_into::<Element>().ok())
                .is_none_or(|t| matches!(t.tag_name().as_str(), "BODY" | "HTML"));
            if on_page {
                me.keep_key(&ev, true);
            }
        });
        let _ = document().add_event_listener_with_callback_and_bool(
            "keydown",
            gap.as_ref().unchecked_ref(),
            true,
        );
        let me = self.clone();
        set_timeout(
            move || {
                let _ = document().remove_event_listener_with_callback_and_bool(
                    "keydown",
                    gap.as_ref().unchecked_ref(),
                    true,
                );
                mark(LIVE_MARK);
                let early = me.early.take();
                if let Some(el) = early.focus.as_deref().and_then(at_path) {
                    let _ = el.focus();
                }
                if let Some(el) = early.click.as_deref().and_then(at_path) {
                    el.click();
                }
                if let Some(focused) = document().active_element() {
                    for key in &early.keys {
                        key.press_on(&focused);
                    }
                }
            },
            Duration::ZERO,
        );
    }
}

/// The element's path from the panel's root, if it is inside it.
fn path_of(el: &Element) -> Option<Vec<u32>> {
    let mut path = Vec::new();
    let mut at = el.clone();
    while !at.class_list().contains(ROOT) {
        let parent = at.parent_element()?;
        let children = parent.children();
        let index = (0..children.length()).find(|i| children.item(*i).as_ref() == Some(&at))?;
        path.push(index);
        at = parent;
    }
    path.reverse();
    Some(path)
}

/// The live panel's element at `path`.
fn at_path(path: &[u32]) -> Option<HtmlElement> {
    let mut at = document()
        .query_selector(&format!(".{ROOT}"))
        .ok()
        .flatten()?;
    for i in path {
        at = at.children().item(*i)?;
    }
    at.dyn_into().ok()
}

/// Shows the first frame `first` builds in `main`, then `live` in its place, once the first
/// paint is done and the cold code is in, or at once when someone acts on the first frame.
/// The first frame is plain DOM and this is plain code: until the live panel, the page runs
/// none of the framework's code (no reactive owner, no view, no effect), so none of it is
/// compiled before the first rows. The framework mounts `live` in `main`.
pub fn first_then_live(
    main: &Element,
    first: impl FnOnce() -> Inert,
    live: impl FnOnce() -> AnyView + 'static,
) {
    let root = first().0;
    let handover = Rc::new(Handover {
        live: RefCell::new(None),
        pressed: Cell::new(false),
        painted: Cell::new(false),
        early: RefCell::default(),
    });
    let listen = Closure::<dyn FnMut(Event)>::new({
        let h = handover.clone();
        move |ev: Event| h.on_event(&ev)
    });
    for kind in [
        "pointerdown",
        "pointerup",
        "pointercancel",
        "click",
        "focusin",
        "keydown",
    ] {
        let _ = root.add_event_listener_with_callback(kind, listen.as_ref().unchecked_ref());
    }
    let _ = main.append_child(&root);
    let (h, main) = (handover.clone(), main.clone());
    *handover.live.borrow_mut() = Some(Box::new(move || {
        root.remove();
        // The first frame is gone with its listener.
        drop(listen);
        h.go_live(&main, live);
    }));
    when_painted(move || {
        handover.painted.set(true);
        if !handover.pressed.get() {
            handover.take_over();
        }
    });
}

/// An element of the first frame. Text goes in as text nodes, never as markup.
pub struct Inert(Element);

/// A new element; `class` may be empty.
pub fn el(tag: &str, class: &str) -> Inert {
    let e = document()
        .create_element(tag)
        .expect("the document creates elements");
    if !class.is_empty() {
        e.set_class_name(class);
    }
    Inert(e)
}

impl Inert {
    pub fn into_element(self) -> Element {
        self.0
    }

    pub fn attr(self, name: &str, value: &str) -> Self {
        let _ = self.0.set_attribute(name, value);
        self
    }

    /// One style property, set through the CSSOM as the live panel's `style:` sets it: Forge's
    /// content security policy refuses a `style` attribute written as text.
    pub fn style(self, name: &str, value: &str) -> Self {
        if let Some(e) = self.0.dyn_ref::<HtmlElement>() {
            let _ = e.style().set_property(name, value);
        }
        self
    }

    /// A boolean attribute (`disabled`), present or not.
    pub fn flag(self, name: &str, on: bool) -> Self {
        if on {
            let _ = self.0.set_attribute(name, "");
        }
        self
    }

    pub fn testid(self, id: &str) -> Self {
        self.attr("data-testid", id)
    }

    pub fn text(self, text: &str) -> Self {
        let _ = self.0.append_with_str_1(text);
        self
    }

    pub fn child(self, child: Inert) -> Self {
        let _ = self.0.append_child(&child.0);
        self
    }

    pub fn maybe(self, child: Option<Inert>) -> Self {
        match child {
            Some(c) => self.child(c),
            None => self,
        }
    }
}

/// What the first frame's checklists need, read once.
pub struct FirstLists {
    pub lists: Vec<List>,
    pub statuses: StatusSet,
    pub can_edit: bool,
    pub filter: Filter,
    pub people: Directory,
    /// The Jira site, for links to issues (no status is read before the first frame).
    pub site_url: Option<String>,
    pub locale: String,
}

/// The checklists as `ChecklistView` shows them before its first paint: list heads, progress,
/// and the rows without their tools.
pub fn first_lists(f: &FirstLists) -> Inert {
    let mut root = el("div", "tl-lists").testid("checklists");
    for list in &f.lists {
        root = root.child(first_list(list, f));
    }
    root
}

fn first_list(list: &List, f: &FirstLists) -> Inert {
    let progress = list.progress(&f.statuses);
    let percent = progress.percent().to_string();
    let mut head = el("header", "tl-list__head")
        .child(
            el("h2", "tl-list__name")
                .testid("list-name")
                .text(&list.name),
        )
        .child(
            el("span", "tl-list__count")
                .testid("progress")
                .text(&format!("{}/{}", progress.done, progress.total)),
        );
    if progress.mandatory_open != 0 {
        let open = format!("{} {}", progress.mandatory_open, s::MANDATORY_OPEN);
        head = head.child(
            el("span", "tl-list__mandatory")
                .testid("mandatory-open")
                .text(&open),
        );
    }
    if f.can_edit {
        let icon = |label: &str, glyph: &str| {
            el("button", "tl-button tl-button--icon")
                .attr("title", label)
                .attr("aria-label", label)
                .text(glyph)
        };
        head = head.child(
            el("span", "tl-list__tools")
                .child(icon(s::MOVE_LIST_UP, "↑"))
                .child(icon(s::MOVE_LIST_DOWN, "↓"))
                .child(icon(s::DELETE_LIST, "×").testid("list-delete")),
        );
    }
    let bar = el("div", "tl-progress")
        .attr("role", "progressbar")
        .attr("aria-valuemin", "0")
        .attr("aria-valuemax", "100")
        .attr("aria-valuenow", &percent)
        .attr("aria-label", &format!("{}: {}", s::PROGRESS, list.name))
        .child(el("div", "tl-progress__bar").style("width", &format!("{percent}%")));
    let items_class = if f.can_edit {
        "tl-list__items"
    } else {
        "tl-list__items tl-list__items--readonly"
    };
    let mut items = el("ul", items_class).attr("role", "list");
    let mut any_checkable_shown = false;
    for item in list.items.iter().filter(|i| f.filter.shows(i, &f.statuses)) {
        any_checkable_shown |= !item.is_header();
        items = items.child(first_row(item, f));
    }
    let has_checkable = list.items.iter().any(|i| !i.is_header());
    let nothing_shown =
        (f.filter != Filter::All && has_checkable && !any_checkable_shown).then(|| {
            let why = match f.filter {
                Filter::Open => s::ALL_DONE,
                Filter::Mine(None) => s::WHO_AM_I,
                _ => s::NONE_MINE,
            };
            el("p", "tl-note").testid("filter-empty").text(why)
        });
    el("section", "tl-list")
        .testid("checklist")
        .attr("data-list", list.id.as_str())
        .child(head)
        .child(bar)
        .child(items)
        .maybe(nothing_shown)
}

/// One row as `ItemRow` shows it before its tools are built.
fn first_row(item: &Item, f: &FirstLists) -> Inert {
    let header = item.is_header();
    let complete = f.statuses.is_complete(&item.status);
    let overdue = is_overdue(complete, item.due);
    let mandatory = item.mandatory && !header;
    let mut class = String::from("tl-item");
    for (on, name) in [
        (complete, " tl-item--done"),
        (header, " tl-item--header"),
        (overdue, " tl-item--overdue"),
        (mandatory, " tl-item--mandatory"),
    ] {
        if on {
            class.push_str(name);
        }
    }
    let check = (!header).then(|| {
        let input = el("input", "tl-item__check")
            .attr("type", "checkbox")
            .testid("item-toggle")
            .flag("disabled", !f.can_edit || item.follow)
            .attr("aria-label", &format!("{}: {}", s::TOGGLE_LABEL, item.text));
        if let Some(i) = input.0.dyn_ref::<HtmlInputElement>() {
            i.set_checked(complete);
        }
        if item.follow {
            let key = item
                .issue
                .as_ref()
                .map(|i| i.key.as_str())
                .unwrap_or_default();
            input.attr("title", &format!("{} {key}", s::ISSUE_FOLLOWS))
        } else {
            input
        }
    });
    let mut text = el("span", "tl-item__text").testid("item-text");
    for span in parse(&item.text) {
        text = text.child(first_span(span));
    }
    let mut meta = el("span", "tl-item__meta");
    if let Some((name, colour)) = lozenge_look(&item.status, header, &f.statuses) {
        let lozenge = el("span", "tl-lozenge").testid("item-lozenge");
        let lozenge = match colour {
            Some(c) => lozenge.style(STATUS_COLOUR, &c),
            None => lozenge,
        };
        meta = meta.child(lozenge.text(&name));
    }
    if let Some(issue) = &item.issue {
        let ChipLook {
            key,
            href,
            name,
            category,
        } = ChipLook::unread(issue, f.site_url.as_deref());
        let link = el("a", "")
            .attr("target", "_blank")
            .attr("rel", "noopener noreferrer")
            .testid("item-issue-key")
            .attr("title", &format!("{}: {key}", s::ISSUE_LINKED));
        let link = match href {
            Some(h) => link.attr("href", &h),
            None => link,
        };
        meta = meta.child(
            el("span", "tl-item__issue")
                .testid("item-issue")
                .child(link.text(&key))
                .child(
                    el("span", "tl-issue-status")
                        .testid("item-issue-status")
                        .attr("data-category", &category)
                        .text(&name),
                ),
        );
    }
    if let Some(a) = &item.assignee {
        meta = meta.child(
            el("span", "tl-item__assignee")
                .testid("item-assignee")
                .attr("title", s::ASSIGNEE)
                .text("@")
                .child(el("bdi", "").text(&f.people.name_of(a))),
        );
    }
    if let Some(d) = item.due {
        let title = format!("{} {d}", if overdue { s::OVERDUE } else { s::DUE });
        meta = meta.child(
            el("span", "tl-item__due")
                .testid("item-due-chip")
                .attr("title", &title)
                .text(&super::locale::format_date(d, &f.locale)),
        );
    }
    let row = el("div", "tl-item__row")
        .child(
            el("span", "tl-item__grip")
                .attr("draggable", "true")
                .attr("aria-hidden", "true")
                .testid("item-grip")
                .attr("title", s::DRAG)
                .text("⠿"),
        )
        .maybe(check)
        .child(text)
        .maybe(mandatory.then(|| {
            el("span", "tl-sr-only")
                .testid("item-mandatory")
                .text(s::MANDATORY)
        }))
        .child(meta)
        .child(
            el("button", "tl-button tl-button--icon tl-item__more")
                .testid("item-more")
                .attr("aria-expanded", "false")
                .attr("title", s::MORE_ACTIONS)
                .attr("aria-label", &format!("{}: {}", s::MORE_ACTIONS, item.text))
                .text("⋯"),
        );
    let preview = item
        .details
        .lines()
        .next()
        .map(|first| el("div", "tl-item__details-preview").text(first));
    el("li", &class)
        .testid("item")
        .attr("data-id", item.id.as_str())
        .attr("data-status", &item.status)
        .attr("data-category", f.statuses.category(&item.status).as_str())
        .child(row)
        .maybe(preview)
}

/// One span of an item's text, as `RichText` shows it.
fn first_span(span: Span) -> Inert {
    match span {
        Span::Text(t) => el("span", "").text(&t),
        Span::Bold(t) => el("strong", "").text(&t),
        Span::Italic(t) => el("em", "").text(&t),
        Span::Code(t) => el("code", "tl-code").text(&t),
        Span::Link { text, url } => el("a", "tl-link")
            .attr("href", &url)
            .attr("target", "_blank")
            .attr("rel", "noopener noreferrer")
            .text(&text),
        Span::Mention(a) => el("span", "tl-mention")
            .attr("title", &a)
            .text("@")
            .text(&a),
    }
}
