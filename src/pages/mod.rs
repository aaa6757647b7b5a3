//! Pages: each opens through state, then composes components around state's signals. A page
//! holds the `Host` handle only to pass it to state.

pub mod issue;
pub mod settings;

use crate::state::page::{Phase, Unreadable};
use crate::strings as s;
use leptos::prelude::*;

/// The frame both pages share: loading, failed and unreadable states, then the page itself.
/// `replace` (settings pages only) offers to replace unreadable data after a confirmation.
#[component]
pub fn PageShell<R, V>(
    phase: RwSignal<Phase<R>, LocalStorage>,
    loading: &'static str,
    ready: impl Fn(R) -> V + 'static,
    #[prop(optional, into)] replace: Option<Callback<Unreadable>>,
) -> impl IntoView
where
    R: Clone + 'static,
    V: IntoView + 'static,
{
    let ready = StoredValue::new_local(ready);
    view! {
        <main class="tl-app" data-testid="ticklist">
            {move || match phase.get() {
                Phase::Loading => view! { <p class="tl-note" data-testid="loading">{loading}</p> }.into_any(),
                Phase::Ready(r) => ready.with_value(|f| f(r)).into_any(),
                Phase::Unreadable(u) => view! { <UnreadableData unreadable=u replace=replace /> }.into_any(),
                Phase::Failed(msg) => view! {
                    <p class="tl-note tl-note--error" role="alert" data-testid="failed">{msg}</p>
                }.into_any(),
            }}
        </main>
    }
}

/// What is stored cannot be read: shown, kept, and replaced only on an admin's explicit say.
#[component]
fn UnreadableData(unreadable: Unreadable, replace: Option<Callback<Unreadable>>) -> impl IntoView {
    let confirm = RwSignal::new(false);
    let settings = replace.is_some();
    let Unreadable { message, raw, .. } = unreadable.clone();
    let unreadable = StoredValue::new(unreadable);
    view! {
        <div class="tl-note tl-note--error" role="alert" data-testid="unreadable">
            <p>{settings.then_some(s::SETTINGS_UNREADABLE)} {settings.then_some(" ")} {message} " " {s::KEPT_UNTOUCHED}</p>
            <details open=settings>
                <summary>{s::EXPORT}</summary>
                <textarea class="tl-export" readonly=true data-testid="export" rows="6">{raw}</textarea>
            </details>
            {replace.map(|replace| view! {
                <Show when=move || confirm.get() fallback=move || view! {
                    <button class="tl-button" data-testid="replace-settings" on:click=move |_| confirm.set(true)>{s::REPLACE_SETTINGS}</button>
                }>
                    <div class="tl-confirm" role="alertdialog" aria-label=s::CONFIRM_REPLACE>
                        <span>{s::CONFIRM_REPLACE}</span>
                        <button class="tl-button tl-button--danger" data-testid="confirm-replace"
                            on:click=move |_| replace.run(unreadable.get_value())>{s::REPLACE_SETTINGS}</button>
                        <button class="tl-button" on:click=move |_| confirm.set(false)>{s::CANCEL}</button>
                    </div>
                </Show>
            })}
        </div>
    }
}
