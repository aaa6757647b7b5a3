//! Parts of the UI that most page views never open (an item's details, the text editor, the
//! import), kept out of the start-up wasm.
//!
//! In the release bundles (`--features split`, so `cfg(wasm_split)`), each part's function is a
//! `wasm_split` point: scripts/split-wasm.mjs cuts the code only it reaches into a wasm module
//! of its own, fetched the first time the part is shown (once per page; later it renders at
//! once). Everywhere else (tests, clippy, debug builds) the same function is called directly.
//!
//! A part whose module cannot be fetched (offline, the CDN failing) says so with a Retry button;
//! nothing the user had is touched, and the rest of the panel keeps working.

use crate::strings as s;
use leptos::prelude::*;
use std::future::Future;

/// A part's code could not be fetched.
#[derive(Debug, Clone, Copy)]
pub struct Unloaded;

impl From<leptos::wasm_split::SplitLoaderError> for Unloaded {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        Unloaded
    }
}

/// What a part's function gives: its view, or why it has none.
pub type Part = Result<AnyView, Unloaded>;

/// Shows the part `load` gives: nothing while its module is on the way, then the part; if the
/// module cannot be fetched, a message and a Retry button (which asks again).
pub fn lazy_part<F, Fut>(load: F) -> impl IntoView
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Part> + Send + 'static,
{
    let attempt = RwSignal::new(0u32);
    move || {
        attempt.track();
        let part = load();
        Suspend::new(async move {
            part.await.unwrap_or_else(|Unloaded| {
                view! {
                    <p class="tl-note tl-note--error" role="alert" data-testid="part-unloaded">
                        {s::PART_UNLOADED} " "
                        <button class="tl-button tl-button--link" data-testid="part-retry"
                            on:click=move |_| attempt.update(|n| *n += 1)>{s::RETRY}</button>
                    </p>
                }
                .into_any()
            })
        })
    }
}

/// Defines `pub async fn $name(args) -> Part`, whose body becomes a module of its own in the
/// release bundles. The body is the part's view.
macro_rules! split_part {
    ($(#[$doc:meta])* $module:ident: fn $name:ident($($arg:ident: $ty:ty),* $(,)?) $body:block) => {
        $(#[$doc])*
        pub async fn $name($($arg: $ty),*) -> $crate::components::lazy::Part {
            #[cfg_attr(
                wasm_split,
                ::leptos::wasm_split::wasm_split($module, wasm_split_path = ::leptos::wasm_split, fallible)
            )]
            fn $module($($arg: $ty),*) -> $crate::components::lazy::Part {
                Ok($body)
            }
            #[cfg(wasm_split)]
            let part = $module($($arg),*).await;
            #[cfg(not(wasm_split))]
            let part = $module($($arg),*);
            part
        }
    };
}
pub(crate) use split_part;
