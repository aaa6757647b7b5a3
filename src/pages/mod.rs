//! Pages: each opens through state, then composes components around state's signals. A page
//! holds the `Host` handle only to pass it to state.

pub mod issue;
pub mod settings;

use crate::state::editor::Editor;
use crate::state::page::{Phase, Unreadable};
use crate::strings as s;
use leptos::prelude::*;

/// How long opening may take before the page says it is loading.
const LOADING_AFTER: std::time::Duration = std::time::Duration::from_millis(300);

/// The frame both pages share: loading, failed and unreadable states, then the page itself.
/// `unreadable` (settings pages only) shows unreadable data its own way (with a way to replace
/// it); it is a callback, so the issue panel's bundle carries none of that view.
#[component]
pub fn PageShell<R, V>(
    phase: RwSignal<Phase<R>, LocalStorage>,
    loading: &'static str,
    ready: impl Fn(R) -> V + 'static,
    #[prop(optional, into)] unreadable: Option<Callback<Unreadable, AnyView>>,
) -> impl IntoView
where
    R: Clone + 'static,
    V: IntoView + 'static,
{
    let ready = StoredValue::new_local(ready);
    // The loading note shows only when opening takes a while: painting it first and the rows
    // a moment later is two layouts of the page, and opening is usually quicker than this.
    let slow = RwSignal::new(false);
    set_timeout(move || slow.set(true), LOADING_AFTER);
    view! {
        <main class="tl-app" data-testid="ticklist">
            {move || match phase.get() {
                Phase::Loading => view! {
                    <p class="tl-note" data-testid="loading" hidden=move || !slow.get()>{loading}</p>
                }.into_any(),
                Phase::Ready(r) => ready.with_value(|f| f(r)).into_any(),
                Phase::Unreadable(u) => match unreadable {
                    Some(show) => show.run(u),
                    None => view! { <UnreadableData unreadable=u /> }.into_any(),
                },
                Phase::Failed(msg) => view! {
                    <p class="tl-note tl-note--error" role="alert" data-testid="failed">{msg}</p>
                }.into_any(),
            }}
        </main>
    }
}

/// What is stored cannot be read: shown and kept.
#[component]
fn UnreadableData(unreadable: Unreadable) -> impl IntoView {
    view! {
        <div class="tl-note tl-note--error" role="alert" data-testid="unreadable">
            <p>{unreadable.message} " " {s::KEPT_UNTOUCHED}</p>
            <details>
                <summary>{s::EXPORT}</summary>
                <textarea class="tl-export" readonly=true data-testid="export" rows="6">{unreadable.raw}</textarea>
            </details>
        </div>
    }
}

/// Edits wait for the editing code and it could not be fetched: said. The save indicator beside
/// it says "Offline" or "Retrying", retries by itself and has the Retry button.
#[component]
fn EditsWaiting(editor: Editor) -> impl IntoView {
    view! {
        <Show when=move || editor.stalled()>
            <p class="tl-note tl-note--error" role="alert" data-testid="editing-unloaded">{s::EDITING_UNLOADED}</p>
        </Show>
    }
}
