//! The quiet save indicator: saved / saving / offline or retrying / failed, with a Retry
//! button whenever something is not saved.

use crate::state::saver::SaveStatus;
use crate::strings as s;
use leptos::prelude::*;

#[component]
pub fn SaveIndicator(
    #[prop(into)] status: Signal<SaveStatus>,
    #[prop(into)] on_retry: Callback<()>,
) -> impl IntoView {
    move || {
        let (class, text, title, retry) = look(status.get());
        view! {
            <div class=format!("tl-save {class}") role="status" aria-live="polite" data-testid="save-status" title=title>
                <span>{text}</span>
                {retry.then(|| view! {
                    <button class="tl-button tl-button--link" data-testid="retry" on:click=move |_| on_retry.run(())>{s::RETRY}</button>
                })}
            </div>
        }
    }
}

/// The indicator's class, text, title and whether it offers Retry (shared with the issue
/// panel's first frame, which must look the same).
pub fn look(status: SaveStatus) -> (&'static str, String, String, bool) {
    match status {
        SaveStatus::Saved => ("tl-save--saved", s::SAVED.to_owned(), String::new(), false),
        SaveStatus::Saving => (
            "tl-save--saving",
            s::SAVING.to_owned(),
            String::new(),
            false,
        ),
        SaveStatus::Retrying { reason, offline } => (
            "tl-save--retrying",
            if offline { s::OFFLINE } else { s::RETRYING }.to_owned(),
            reason,
            true,
        ),
        SaveStatus::Failed(reason) => (
            "tl-save--failed",
            format!("{}: {reason}", s::SAVE_FAILED),
            reason,
            true,
        ),
        SaveStatus::ReadOnly(reason) => {
            let text = format!("{} ({reason})", s::READ_ONLY_LOST);
            ("tl-save--failed", text.clone(), text, false)
        }
    }
}
