//! Text mode: the whole checklist as text in Ticklist's format (see ticklist_core::text). Other
//! apps' text has its own flow (`import_box.rs`). A save that would remove more than one item
//! says how many and asks first.

use crate::strings as s;
use leptos::prelude::*;

#[component]
pub fn TextEditor(
    /// The checklists printed in Ticklist's format when the editor opens.
    initial: String,
    /// How many items saving this text would remove.
    #[prop(into)]
    removals: Callback<String, usize>,
    #[prop(into)] on_save: Callback<String>,
    #[prop(into)] on_cancel: Callback<()>,
) -> impl IntoView {
    let text = RwSignal::new(initial);
    // Items the pending save would remove, while the user is asked.
    let asking = RwSignal::new(None::<usize>);
    let save = move || on_save.run(text.get_untracked());
    let try_save = move || {
        let n = removals.run(text.get_untracked());
        if n > 1 {
            asking.set(Some(n));
        } else {
            save();
        }
    };
    view! {
        <div class="tl-text" data-testid="text-editor">
            <textarea
                class="tl-text__area"
                data-testid="text-area"
                aria-label=s::TEXT_LABEL
                rows="12"
                prop:value=move || text.get()
                on:input=move |ev| {
                    asking.set(None);
                    text.set(event_target_value(&ev));
                }
            ></textarea>
            <Show
                when=move || asking.get().is_some()
                fallback=move || view! {
                    <div class="tl-text__actions">
                        <button class="tl-button tl-button--primary" data-testid="text-save" on:click=move |_| try_save()>{s::SAVE}</button>
                        <button class="tl-button" data-testid="text-cancel" on:click=move |_| on_cancel.run(())>{s::CANCEL}</button>
                    </div>
                }
            >
                <div class="tl-confirm" role="alertdialog" aria-label=s::TEXT_REMOVES data-testid="text-confirm">
                    <span>{move || format!("{} {} {}.", s::TEXT_REMOVES, asking.get().unwrap_or(0), s::ITEMS)}</span>
                    <button class="tl-button tl-button--danger" data-testid="text-confirm-save" on:click=move |_| save()>{s::SAVE_ANYWAY}</button>
                    <button class="tl-button" data-testid="text-keep-editing" on:click=move |_| asking.set(None)>{s::KEEP_EDITING}</button>
                </div>
            </Show>
        </div>
    }
}
