//! Text mode: the whole checklist as text (Ticklist's format, see ticklist_core::text), or an
//! import from another app's text. A save that would remove more than one item says how many
//! and asks first.

use crate::state::edit::TextFormat;
use crate::strings as s;
use leptos::prelude::*;

#[component]
pub fn TextEditor(
    /// The checklists printed in Ticklist's format when the editor opens.
    initial: String,
    /// How many items saving this text (in Ticklist's format) would remove.
    #[prop(into)]
    removals: Callback<String, usize>,
    #[prop(into)] on_save: Callback<(String, TextFormat)>,
    #[prop(into)] on_cancel: Callback<()>,
) -> impl IntoView {
    let text = RwSignal::new(initial);
    let format = RwSignal::new(TextFormat::Ticklist);
    // Items the pending save would remove, while the user is asked.
    let asking = RwSignal::new(None::<usize>);
    let save = move || on_save.run((text.get_untracked(), format.get_untracked()));
    let try_save = move || {
        let n = match format.get_untracked() {
            TextFormat::Ticklist => removals.run(text.get_untracked()),
            _ => 0,
        };
        if n > 1 {
            asking.set(Some(n));
        } else {
            save();
        }
    };
    view! {
        <div class="tl-text" data-testid="text-editor">
            <label class="tl-text__format">
                {s::TEXT_FORMAT} " "
                <select
                    class="tl-select"
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

fn format_name(f: TextFormat) -> &'static str {
    match f {
        TextFormat::Ticklist => s::FORMAT_TICKLIST,
        TextFormat::SmartChecklist => s::FORMAT_SMART,
        TextFormat::HeroCoders => s::FORMAT_HEROCODERS,
    }
}
