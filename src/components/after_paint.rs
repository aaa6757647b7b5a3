//! Work that the first rows do not need waits until they have been painted.
//!
//! A row's tools (status, details, mandatory, move, delete) stay invisible until the row is
//! hovered, focused or opened with "⋯", yet they were most of what building a row cost. The
//! list's tools and add box, "Add checklist" and the undo bar are not needed to read the rows
//! either. The issue panel builds all of them in the task after its first paint; pages that do
//! not ask for this (the settings pages) build them at once. (The toolbar above the rows is
//! built at once: appearing later, it would push the rows down.)

use leptos::prelude::*;
use std::time::Duration;

#[derive(Clone, Copy)]
struct FirstPaint(Signal<bool>);

/// Marks everything below as able to wait for the first paint.
pub fn provide_first_paint() {
    let painted = RwSignal::new(false);
    // The frame callback runs before that paint; the timeout after it.
    request_animation_frame(move || {
        set_timeout(move || painted.set(true), Duration::ZERO);
    });
    provide_context(FirstPaint(painted.into()));
}

/// True once the first paint is done, or at once where no one asked to wait for it.
pub fn after_first_paint() -> Signal<bool> {
    use_context::<FirstPaint>().map_or_else(|| Signal::stored(true), |p| p.0)
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
