//! Text mode: the whole checklist as text (Ticklist's format, see ticklist_core::text), or an
//! import from another app's text.

use crate::state::edit::TextFormat;
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
                    on:change=move |ev| format.set(event_target_value(&ev).parse().unwrap_or(TextFormat::Ticklist))
                >
                    {TextFormat::ALL.into_iter().map(|f| view! {
                        <option value=f.as_str() selected=f == TextFormat::Ticklist>{format_name(f)}</option>
                    }).collect_view()}
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

fn format_name(f: TextFormat) -> &'static str {
    match f {
        TextFormat::Ticklist => s::FORMAT_TICKLIST,
        TextFormat::SmartChecklist => s::FORMAT_SMART,
        TextFormat::HeroCoders => s::FORMAT_HEROCODERS,
    }
}
