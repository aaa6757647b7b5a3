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

/// Defines `pub mod $module` with `load(args) -> Part`, whose body (the part's view) becomes a
/// wasm module of its own in the release bundles, and `prefetch()`, which starts fetching that
/// module (call it when the user points at or focuses what opens the part: the code is then
/// usually in by the click). `#[split_when(cfg)]` first makes it a split point only where `cfg`
/// holds (`split_issue_view`: a part only the issue view has; see build.rs).
macro_rules! split_part {
    (#[split_when($when:meta)] $(#[$doc:meta])* $module:ident: fn($($arg:ident: $ty:ty),* $(,)?) $body:block) => {
        $(#[$doc])*
        pub mod $module {
            use super::*;

            #[cfg_attr(
                $when,
                ::leptos::wasm_split::wasm_split(
                    $module,
                    wasm_split_path = ::leptos::wasm_split,
                    fallible,
                    preload(fetch_code)
                )
            )]
            fn part($($arg: $ty),*) -> $crate::components::lazy::Part {
                Ok($body)
            }

            /// The part, once its code is in.
            pub async fn load($($arg: $ty),*) -> $crate::components::lazy::Part {
                #[cfg($when)]
                let part = part($($arg),*).await;
                #[cfg(not($when))]
                let part = part($($arg),*);
                part
            }

            /// Starts fetching the part's code; nothing where it is already in the wasm.
            pub fn prefetch() {
                // A failure here is not shown: `load` asks again and says so.
                #[cfg($when)]
                ::leptos::task::spawn_local(async {
                    let _ = fetch_code().await;
                });
            }
        }
    };
    // Without `split_when`: a split point in both bundles.
    ($(#[$doc:meta])* $module:ident: fn($($arg:ident: $ty:ty),* $(,)?) $body:block) => {
        $crate::components::lazy::split_part! {
            #[split_when(wasm_split)] $(#[$doc])* $module: fn($($arg: $ty),*) $body
        }
    };
}
pub(crate) use split_part;
