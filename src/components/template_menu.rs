//! "Apply template": pick one of the admins' templates; on a checklist that already has items,
//! choose to add it or to replace the items (replacing asks first).

use crate::strings as s;
use leptos::prelude::*;
use ticklist_core::{ApplyMode, ListId};

#[component]
pub fn TemplateMenu(
    /// (template id, name), in the order admins set.
    templates: Vec<(ListId, String)>,
    /// Whether the checklist has no items (then the template is simply added).
    #[prop(into)]
    is_empty: Signal<bool>,
    #[prop(into)] on_apply: Callback<(ListId, ApplyMode)>,
) -> impl IntoView {
    let chosen = RwSignal::new(None::<ListId>);
    let confirm = RwSignal::new(false);
    let done = move || {
        chosen.set(None);
        confirm.set(false);
    };
    let apply = move |mode: ApplyMode| {
        if let Some(id) = chosen.get_untracked() {
            on_apply.run((id, mode));
        }
        done();
    };
    view! {
        <label class="tl-filter">
            {s::APPLY_TEMPLATE} " "
            <select data-testid="apply-template" on:change=move |ev| {
                let v = event_target_value(&ev);
                // Back to the placeholder: the menu is an action, not a setting.
                if let Some(t) = ev.target() {
                    let _ = js_sys::Reflect::set(&t, &"value".into(), &"".into());
                }
                if v.is_empty() {
                } else if is_empty.get_untracked() {
                    on_apply.run((ListId::from(v), ApplyMode::Append));
                } else {
                    confirm.set(false);
                    chosen.set(Some(ListId::from(v)));
                }
            }>
                <option value="" selected=true>"—"</option>
                {templates.into_iter().map(|(id, name)| view! { <option value=String::from(id)>{name}</option> }).collect_view()}
            </select>
        </label>
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
                    <span>{s::CONFIRM_REPLACE_ITEMS}</span>
                    <button class="tl-button tl-button--danger" data-testid="template-replace-confirm" on:click=move |_| apply(ApplyMode::Replace)>{s::REPLACE}</button>
                    <button class="tl-button" on:click=move |_| done()>{s::CANCEL}</button>
                </Show>
            </div>
        </Show>
    }
}
