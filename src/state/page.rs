//! What both pages share before and around their content: Jira's theme, the one-time open,
//! the phases a page goes through, and an iframe that follows the content's height.

use crate::host::Host;
use crate::state::saver::Saver;
use crate::state::sync::Target;
use leptos::prelude::*;
use std::future::Future;
use std::rc::Rc;
use ticklist_core::codec::DecodeError;

/// Where a page is.
#[derive(Clone)]
pub enum Phase<R> {
    Loading,
    Ready(R),
    /// Stored data we cannot read: shown, kept, exportable, never written over.
    Unreadable(Unreadable),
    Failed(String),
}

/// Stored data that cannot be read, and where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unreadable {
    pub message: String,
    pub raw: String,
    pub target: Target,
}

impl Unreadable {
    pub fn new(error: DecodeError, target: Target) -> Self {
        Self {
            message: error.to_string(),
            raw: error.raw,
            target,
        }
    }
}

/// Starts a page: applies Jira's theme, keeps the iframe as tall as the content, runs `open`
/// once and puts its result in place of `Loading`.
pub fn open_page<R, F>(
    host: &Rc<dyn Host>,
    open: impl FnOnce(Rc<dyn Host>) -> F + 'static,
) -> RwSignal<Phase<R>, LocalStorage>
where
    R: 'static,
    F: Future<Output = Phase<R>> + 'static,
{
    let phase = RwSignal::new_local(Phase::Loading);
    let opening = opening(host, open);
    leptos::task::spawn_local(async move {
        phase.try_set(opening.await);
    });
    phase
}

/// Starts opening a page without the framework (the issue panel's first frame is plain DOM):
/// applies Jira's theme, keeps the iframe as tall as the content, and gives `open`'s result.
pub fn opening<R, F>(
    host: &Rc<dyn Host>,
    open: impl FnOnce(Rc<dyn Host>) -> F,
) -> impl Future<Output = Phase<R>>
where
    F: Future<Output = Phase<R>>,
{
    host.enable_theme();
    follow_content_size(host.clone());
    let opened = open(host.clone());
    async move {
        let next = opened.await;
        mark(OPENED_MARK);
        next
    }
}

/// The user-timing mark set when a page has what it opens with and starts building its view:
/// it splits start-up into reading and showing, in DevTools' performance panel and in the perf
/// report (e2e/perf.spec.mjs).
const OPENED_MARK: &str = "ticklist-opened";

/// The mark set when the issue panel's live view has replaced its first frame
/// (`components/first_frame.rs`): from then on everything in it answers.
pub const LIVE_MARK: &str = "ticklist-live";

/// `performance.mark(name)`, where there is a `performance` (no web-sys feature for one call).
pub fn mark(name: &str) {
    #[cfg(target_arch = "wasm32")]
    {
        use js_sys::{Function, Reflect};
        use wasm_bindgen::JsCast;
        let Ok(perf) = Reflect::get(&js_sys::global(), &"performance".into()) else {
            return;
        };
        if let Some(f) = Reflect::get(&perf, &"mark".into())
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok())
        {
            let _ = f.call1(&perf, &name.into());
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = name;
}

/// Asks the host to fit the iframe whenever the page's content changes size (Connect needs
/// `AP.resize`; Forge sizes itself). Observing the size, rather than the signals that might
/// change it, covers every state: text mode, details, offers, notices, filters.
fn follow_content_size(host: Rc<dyn Host>) {
    #[cfg(target_arch = "wasm32")]
    {
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::JsCast;
        let Some(body) = document().body() else {
            return;
        };
        let on_resize = Closure::<dyn Fn()>::new(move || host.resize());
        // An open dropdown list overflows the content without changing its size: components
        // say so with this event.
        let _ = window().add_event_listener_with_callback(
            "ticklist:layout",
            on_resize.as_ref().unchecked_ref(),
        );
        if let Ok(observer) = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()) {
            observer.observe(&body);
        }
        // The page lives as long as the iframe: so do the observer and its callback.
        on_resize.forget();
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = host;
}

/// Warns before the page is left while `dirty` says edits are not stored yet.
/// A save waiting for the network starts as soon as the browser says it is back, and when the
/// tab or this frame comes to the front again; going offline shows at once.
pub fn retry_when_back(saver: Saver) {
    let handles = [
        window_event_listener(leptos::ev::online, move |_| saver.nudge()),
        window_event_listener(leptos::ev::focus, move |_| saver.nudge()),
        // Fired at the document; it bubbles to the window.
        window_event_listener(leptos::ev::visibilitychange, move |_| {
            if document().visibility_state() == web_sys::VisibilityState::Visible {
                saver.nudge();
            }
        }),
        window_event_listener(leptos::ev::offline, move |_| saver.went_offline()),
    ];
    on_cleanup(move || handles.into_iter().for_each(|h| h.remove()));
}

pub fn warn_before_leaving(dirty: Signal<bool>, message: &'static str) {
    let unload = window_event_listener(leptos::ev::beforeunload, move |ev| {
        if dirty.get_untracked() {
            ev.prevent_default();
            ev.set_return_value(message);
        }
    });
    on_cleanup(move || unload.remove());
}
