//! Text mode: the whole checklist as text (Ticklist's format, see ticklist_core::text), or an
//! import from another app's text.

use super::TextFormat;
use crate::strings as s;
use leptos::prelude::*;

#[component]
pub fn TextEditor(
    /// The checklists printed in Ticklist's format when the editor opens.
    initial: String,
    #[prop(into)] on_save: Callback<(String, TextFormat)>,
    #[prop(into)] on_cancel: Callback<()>,
) -> impl IntoView {
    let text = RwSignal::new(initial);
    let format = RwSignal::new(TextFormat::Ticklist);
    view! {
        <div class="tl-text" data-testid="text-editor">
            <label class="tl-text__format">
                {s::TEXT_FORMAT} " "
                <select
                    data-testid="text-format"
                    on:change=move |ev| format.set(match event_target_value(&ev).as_str() {
                        "smart" => TextFormat::SmartChecklist,
                        "herocoders" => TextFormat::HeroCoders,
                        _ => TextFormat::Ticklist,
                    })
                >
                    <option value="ticklist" selected=true>{s::FORMAT_TICKLIST}</option>
                    <option value="smart">{s::FORMAT_SMART}</option>
                    <option value="herocoders">{s::FORMAT_HEROCODERS}</option>
                </select>
            </label>
            <textarea
                class="tl-text__area"
                data-testid="text-area"
                aria-label=s::TEXT_LABEL
                rows="12"
                prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))
            ></textarea>
            <div class="tl-text__actions">
                <button class="tl-button tl-button--primary" data-testid="text-save"
                    on:click=move |_| on_save.run((text.get_untracked(), format.get_untracked()))>{s::SAVE}</button>
                <button class="tl-button" data-testid="text-cancel" on:click=move |_| on_cancel.run(())>{s::CANCEL}</button>
            </div>
        </div>
    }
}
