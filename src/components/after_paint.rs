//! Work that the first rows do not need waits until they have been painted.
//!
//! A row's tools (status, details, mandatory, move, delete) stay invisible until the row is
//! hovered, focused or opened with "⋯", yet they were most of what building a row cost. The issue
//! panel builds them in the task after its first paint; pages that do not ask for this (the
//! settings' template rows) build them at once.

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
