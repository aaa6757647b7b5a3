//! Settings export (read-only JSON to copy) and import (paste, then Import).

use crate::strings as s;
use leptos::prelude::*;

/// The export text, or the import box.
#[derive(Clone, Debug, PartialEq)]
pub enum Transfer {
    Export(String),
    Import,
}

#[component]
pub fn TransferBox(
    transfer: RwSignal<Option<Transfer>>,
    on_import: Callback<String>,
) -> impl IntoView {
    let text = RwSignal::new(String::new());
    move || {
        match transfer.get() {
        None => ().into_any(),
        Some(Transfer::Export(json)) => view! {
            <div class="tl-text" data-testid="export-box">
                <textarea class="tl-text__area" readonly=true rows="10" aria-label=s::EXPORT_SETTINGS data-testid="export-json">{json}</textarea>
                <div class="tl-text__actions">
                    <button class="tl-button" on:click=move |_| transfer.set(None)>{s::CLOSE}</button>
                </div>
            </div>
        }
        .into_any(),
        Some(Transfer::Import) => view! {
            <div class="tl-text" data-testid="import-box">
                <textarea class="tl-text__area" rows="10" aria-label=s::IMPORT_SETTINGS data-testid="import-json"
                    placeholder=s::IMPORT_HINT on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                <div class="tl-text__actions">
                    <button class="tl-button tl-button--primary" data-testid="import-run"
                        on:click=move |_| on_import.run(text.get_untracked())>{s::IMPORT}</button>
                    <button class="tl-button" on:click=move |_| transfer.set(None)>{s::CANCEL}</button>
                </div>
            </div>
        }
        .into_any(),
    }
    }
}
