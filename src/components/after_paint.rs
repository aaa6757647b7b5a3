//! Work that the first rows do not need waits until they have been painted.
//!
//! A row's tools (status, details, mandatory, move, delete) stay invisible until the row is
//! hovered, focused or opened with "⋯", yet they were most of what building a row cost. Each
//! list's add box, "Add checklist" and the undo bar, below the rows, are not needed to read them
//! either. The issue panel builds all of them after its first paint; pages that do not ask for
//! this (the settings pages) build them at once. (The toolbar above the rows and each list's
//! tools beside its name are built at once: appearing later, they would push the rows down,
//! the tools wherever a narrow panel wraps them under a long name.) Rows get their tools in
//! turns of [`ROWS_PER_TURN`], one task each: 1,000 rows' tools in one task kept the page from
//! answering a click or a key for about 0.2 s. The release build leaves all of it out of the
//! start-up wasm (it is measured as not called before the first paint), so "after the first
//! paint" also means "once that code is in".

use crate::state::cold::cold_code;
use leptos::prelude::*;
use std::collections::VecDeque;
use std::time::Duration;

/// Rows whose tools are built in one task.
pub const ROWS_PER_TURN: usize = 50;

#[derive(Clone, Copy)]
struct FirstPaint {
    painted: Signal<bool>,
    /// Rows waiting for their tools, in the order they were built.
    turns: StoredValue<VecDeque<RwSignal<bool>>>,
    /// Every row built so far has had its turn; rows built from now on get their tools at once.
    settled: StoredValue<bool>,
}

impl FirstPaint {
    /// Provided to everything below; `painted` says when the first paint is done.
    fn provide(painted: Signal<bool>) -> Self {
        let fp = FirstPaint {
            painted,
            turns: StoredValue::new(VecDeque::new()),
            settled: StoredValue::new(false),
        };
        provide_context(fp);
        fp
    }

    /// The rows built so far get their tools in turns, starting after this task (after the
    /// views built in its microtasks), instead of all at once.
    fn start_turns(self) {
        let (turns, settled) = (self.turns, self.settled);
        set_timeout(move || next_turn(turns, settled), Duration::ZERO);
    }
}

/// Marks everything below as able to wait for the first paint.
pub fn provide_first_paint() {
    let painted = RwSignal::new(false);
    let fp = FirstPaint::provide(painted.into());
    when_painted(move || {
        painted.set(true);
        fp.start_turns();
    });
}

/// Like [`provide_first_paint`], for a view built after the first paint (the issue panel's live
/// view replacing its first frame, `first_frame.rs`): what waits for the paint is built at once,
/// and the rows still get their tools in turns, starting after this task.
pub fn provide_first_paint_done() {
    FirstPaint::provide(Signal::stored(true)).start_turns();
}

/// Runs `f` once the page has been painted and the code a start-up never calls is in. The frame
/// callback runs before that paint; the timeout after it. What comes after the paint is code
/// the start-up did not call, so it also waits for that code.
pub fn when_painted(f: impl FnOnce() + 'static) {
    request_animation_frame(move || {
        set_timeout(move || when_cold_code_is_in(f), Duration::ZERO);
    });
}

/// Runs `f` once the code a start-up never calls is in (`<stem>.cold.wasm`, fetched at the first
/// frame after the app starts: docs/ARCHITECTURE.md, "Cold code"). The glue says when with the
/// promise `__ticklistCold`; without one (tests, builds that were not split) `f` runs now.
/// Everything after the first paint waits for it, so none of it has to load that code
/// synchronously.
pub fn when_cold_code_is_in(f: impl FnOnce() + 'static) {
    match cold_code() {
        Some(cold) => wasm_bindgen_futures::spawn_local(async move {
            // It only resolves; a module that never comes leaves the rows as they are, and the
            // first call into that code says why.
            let _ = wasm_bindgen_futures::JsFuture::from(cold).await;
            f();
        }),
        None => f(),
    }
}

/// Gives the next rows their tools, then leaves the rest to a later task.
fn next_turn(turns: StoredValue<VecDeque<RwSignal<bool>>>, settled: StoredValue<bool>) {
    let turn: Vec<RwSignal<bool>> = turns
        .try_update_value(|q| {
            let n = q.len().min(ROWS_PER_TURN);
            q.drain(..n).collect()
        })
        .unwrap_or_default();
    if turn.is_empty() {
        settled.try_update_value(|s| *s = true);
        return;
    }
    for row in turn {
        // A row removed meanwhile has no signal any more: nothing to build.
        row.try_set(true);
    }
    set_timeout(move || next_turn(turns, settled), Duration::ZERO);
}

/// True once the first paint is done, or at once where no one asked to wait for it.
pub fn after_first_paint() -> Signal<bool> {
    use_context::<FirstPaint>().map_or_else(|| Signal::stored(true), |p| p.painted)
}

/// A row's turn: true once the rows built before it have had theirs after the first paint
/// (at once for a row built later, or where no one asked to wait).
pub fn row_turn() -> Signal<bool> {
    let Some(fp) = use_context::<FirstPaint>() else {
        return Signal::stored(true);
    };
    if fp.settled.get_value() {
        return Signal::stored(true);
    }
    let mine = RwSignal::new(false);
    fp.turns.update_value(|q| q.push_back(mine));
    mine.into()
}

/// Its children, built once the first paint is done (at once where no one asked to wait).
/// What it holds must not move the rows when it appears: it sits below them or floats.
#[component]
pub fn AfterFirstPaint(children: ChildrenFn) -> impl IntoView {
    let painted = after_first_paint();
    view! { <Show when=move || painted.get()>{children()}</Show> }
}

/// Runs `f` once the first paint is done (at once where no one asked to wait), as if it ran
/// here: what it sets up (effects, listeners, cleanups) belongs to the caller's owner.
pub fn once_painted(f: impl FnOnce() + 'static) {
    let painted = after_first_paint();
    let owner = Owner::current();
    let mut f = Some(f);
    let mut run = move || {
        if let Some(f) = f.take() {
            match &owner {
                Some(o) => o.with(|| untrack(f)),
                None => untrack(f),
            }
        }
    };
    if painted.get_untracked() {
        run();
        return;
    }
    Effect::new(move |_| {
        if painted.get() {
            run();
        }
    });
}
