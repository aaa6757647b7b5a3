//! "Apply template": pick one of the admins' templates; on a checklist that already has items,
//! choose to add it or to replace the items (replacing says how many items go, and asks).

use super::dropdown::{Choice, Dropdown};
use super::focus::focus_selector;
use crate::state::panel::TemplateRef;
use crate::strings as s;
use leptos::prelude::*;
use ticklist_core::{ApplyMode, ListId};

#[component]
pub fn TemplateMenu(
    /// The templates, in the order admins set.
    templates: Vec<TemplateRef>,
    /// How many items replacing would remove (0: the template is simply added).
    #[prop(into)]
    replaces: Signal<usize>,
    #[prop(into)] on_apply: Callback<(ListId, ApplyMode)>,
) -> impl IntoView {
    let chosen = RwSignal::new(None::<ListId>);
    let confirm = RwSignal::new(false);
    // Closing the choice gives focus back to the menu it came from.
    let done = move || {
        chosen.set(None);
        confirm.set(false);
        focus_selector("[data-testid=apply-template]");
    };
    let apply = move |mode: ApplyMode| {
        if let Some(id) = chosen.get_untracked() {
            on_apply.run((id, mode));
        }
        done();
    };
    view! {
        <span class="tl-filter tl-filter--template">
            <span aria-hidden="true">{s::APPLY_TEMPLATE} " "</span>
            // An action, not a setting: it always shows "—".
            <Dropdown testid="apply-template" label=s::APPLY_TEMPLATE
                choices=Signal::stored(templates.into_iter().map(|t| Choice::plain(t.id, t.name)).collect::<Vec<_>>())
                value=Signal::stored(String::new()) fallback=Signal::stored("—".to_owned())
                on_choose=Callback::new(move |v: String| {
                    if replaces.get_untracked() == 0 {
                        on_apply.run((ListId::from(v), ApplyMode::Append));
                    } else {
                        confirm.set(false);
                        chosen.set(Some(ListId::from(v)));
                    }
                }) />
        </span>
        <Show when=move || chosen.get().is_some()>
            <div class="tl-confirm" role="dialog" aria-label=s::APPLY_TEMPLATE data-testid="template-choice">
                <Show
                    when=move || confirm.get()
                    fallback=move || view! {
                        <button class="tl-button tl-button--primary" data-testid="template-append" on:click=move |_| apply(ApplyMode::Append)>{s::APPEND}</button>
                        <button class="tl-button" data-testid="template-replace" on:click=move |_| confirm.set(true)>{s::REPLACE}</button>
                        <button class="tl-button" on:click=move |_| done()>{s::CANCEL}</button>
                    }
                >
                    <span>{move || format!("{} {}", s::CONFIRM_REPLACE_ITEMS, replaces.get())}</span>
                    <button class="tl-button tl-button--danger" data-testid="template-replace-confirm" on:click=move |_| apply(ApplyMode::Replace)>{s::REPLACE}</button>
                    <button class="tl-button" on:click=move |_| done()>{s::CANCEL}</button>
                </Show>
            </div>
        </Show>
    }
}
