//! "Edit as text" on either page: the button, and the editor while it is open. A save that
//! the checklist takes closes the editor; closing gives focus back to the button.

use super::focus::focus_selector;
use super::lazy::{lazy_part, split_part};
use super::text_editor::TextEditor;
use crate::state::edit::Edit;
use crate::state::editor::Editor;
use crate::strings as s;
use leptos::prelude::*;
use ticklist_core::text::{self, Ids};
use ticklist_core::Document;

/// The "Edit as text" button, shown to editors while the editor is closed.
#[component]
pub fn TextModeButton(open: RwSignal<bool>, #[prop(into)] can_edit: Signal<bool>) -> impl IntoView {
    view! {
        <Show when=move || can_edit.get() && !open.get()>
            <button class="tl-button tl-button--link" data-testid="text-mode" on:click=move |_| open.set(true)
                on:pointerenter=move |_| text_mode::prefetch() on:focus=move |_| text_mode::prefetch()>{s::TEXT_MODE}</button>
        </Show>
    }
}

/// The editor, while `open`: the page's checklists as text, saved through `on_action`.
#[component]
pub fn TextMode(
    open: RwSignal<bool>,
    editor: Editor,
    #[prop(into)] on_action: Callback<Edit, bool>,
) -> impl IntoView {
    view! {
        <Show when=move || open.get()>
            {lazy_part(move || text_mode::load(open, editor, on_action))}
        </Show>
    }
}

split_part! {
    /// The editor's code is fetched the first time it opens.
    text_mode: fn(open: RwSignal<bool>, editor: Editor, on_action: Callback<Edit, bool>) {
        let close = move || {
            open.set(false);
            focus_selector("[data-testid=text-mode]");
        };
        view! {
            <TextEditor
                initial=text::print(&editor.saver.doc.with_untracked(Document::lists), Ids::Omit)
                removals=Callback::new(move |t| editor.removals(&Edit::SaveText(t)))
                on_save=Callback::new(move |t| if on_action.run(Edit::SaveText(t)) { close() })
                on_cancel=Callback::new(move |_| close())
            />
        }
        .into_any()
    }
}
