//! "Deleted … — Undo": the one undo bar for every removal, on both pages.

use crate::state::undo::Undo;
use crate::strings as s;
use leptos::prelude::*;

#[component]
pub fn UndoBar(
    #[prop(into)] undo: Signal<Option<Undo>>,
    #[prop(into)] on_undo: Callback<()>,
) -> impl IntoView {
    let message = move || {
        undo.with(|u| {
            let Some(u) = u else { return String::new() };
            match (u.list_name(), u.count()) {
                (Some(name), n) => format!("{} “{name}” ({n} {})", s::DELETED_LIST, s::ITEMS),
                (None, 1) => format!("{} “{}”", s::DELETED, u.first_text()),
                (None, n) => format!("{} {n} {}", s::REMOVED_ITEMS, s::ITEMS),
            }
        })
    };
    view! {
        <Show when=move || undo.with(Option::is_some)>
            <div class="tl-undo" role="status" data-testid="undo-bar">
                <span class="tl-undo__text">{message}</span>
                <button class="tl-button tl-button--link" data-testid="undo" on:click=move |_| on_undo.run(())>{s::UNDO}</button>
            </div>
        </Show>
    }
}
