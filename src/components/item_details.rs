//! An item's details, opened from its row: the longer text, assignee, due date, its Jira issue
//! (or the form that creates one) and who changed it. Most page views never open them, so the
//! release bundles fetch this code on first use (see [`super::lazy`]).

use super::item_history::ItemHistory;
use super::lazy::split_part;
use super::linked_issue::IssueDetails;
use crate::state::edit::Edit;
use crate::state::people::Directory;
use crate::strings as s;
use leptos::prelude::*;
use ticklist_core::model::Change;
use ticklist_core::{Date, Item, ItemId};

split_part! {
    /// The details of `item`, as a part fetched on first use. `creating` is set by the row's
    /// "create issue" tool: the form opens with the details.
    item_details: fn(
        item: Signal<Option<Item>>,
        can_edit: Signal<bool>,
        on_action: Callback<Edit, bool>,
        on_search: Callback<String>,
        people: Signal<Directory>,
        history: Option<Callback<ItemId, Vec<Change>>>,
        creating: RwSignal<bool>,
    ) {
        // Built untracked, as a component's body is: the part is loaded inside a reactive view.
        untrack(move || {
            let id = move || item.with(|i| i.as_ref().map(|i| i.id.clone()).unwrap_or_default());
            let header = move || item.with(|i| i.as_ref().is_some_and(|i| i.is_header()));
            let details = move || item.with(|i| i.as_ref().map(|i| i.details.clone()).unwrap_or_default());
            let due = move || item.with(|i| i.as_ref().and_then(|i| i.due));
            let assignee = move || item.with(|i| i.as_ref().and_then(|i| i.assignee.clone()));
            // A name when Jira told us one, else the account id (never blank).
            let assignee_name = move || assignee().map(|a| people.with(|p| p.name_of(&a)));
            let searching = RwSignal::new(false);
            view! {
                <div class="tl-item__details" data-testid="item-details-panel">
                    <textarea
                        class="tl-item__details-text"
                        data-testid="item-details"
                        aria-label=s::DETAILS_LABEL
                        rows="3"
                        readonly=move || !can_edit.get()
                        prop:value=details
                        on:change=move |ev| { on_action.run(Edit::SetDetails(id(), event_target_value(&ev))); }
                    ></textarea>
                    <Show when=move || !header()>
                        <div class="tl-item__assign" data-testid="assignee-field">
                            <span>{s::ASSIGNEE} ": " {move || assignee_name().unwrap_or_else(|| "—".into())}</span>
                            <Show when=move || can_edit.get() && assignee().is_some()>
                                <button class="tl-button tl-button--link" data-testid="item-unassign"
                                    on:click=move |_| { on_action.run(Edit::SetAssignee(id(), None)); }>{s::UNASSIGN}</button>
                            </Show>
                            <Show when=move || can_edit.get()>
                                <input type="search" class="tl-item__assign-search" data-testid="assignee-search"
                                    aria-label=s::ASSIGNEE_SEARCH placeholder=s::ASSIGNEE_SEARCH
                                    on:input=move |ev| {
                                        let q = event_target_value(&ev);
                                        searching.set(!q.trim().is_empty());
                                        if !q.trim().is_empty() {
                                            on_search.run(q);
                                        }
                                    }
                                />
                                <Show when=move || searching.get()>
                                    <ul class="tl-item__assign-results" role="listbox" aria-label=s::ASSIGNEE data-testid="assignee-results">
                                        <For
                                            each=move || people.with(|p| p.results.clone())
                                            key=|u| u.account_id.clone()
                                            children=move |u| {
                                                let account = u.account_id.clone();
                                                view! {
                                                    <li role="option" aria-selected="false">
                                                        <button class="tl-button tl-button--link" data-testid="assignee-option"
                                                            on:click=move |_| {
                                                                searching.set(false);
                                                                on_action.run(Edit::SetAssignee(id(), Some(account.clone())));
                                                            }>{u.name.clone()}</button>
                                                    </li>
                                                }
                                            }
                                        />
                                    </ul>
                                </Show>
                            </Show>
                        </div>
                        <label class="tl-item__due-field">
                            {s::DUE} " "
                            <input
                                type="date"
                                data-testid="item-due"
                                disabled=move || !can_edit.get()
                                prop:value=move || due().map(|d| d.to_string()).unwrap_or_default()
                                on:change=move |ev| {
                                    // A date input gives a valid date or nothing.
                                    match event_target_value(&ev).trim() {
                                        "" => { on_action.run(Edit::SetDue(id(), None)); }
                                        v => if let Ok(d) = v.parse::<Date>() { on_action.run(Edit::SetDue(id(), Some(d))); },
                                    }
                                }
                            />
                        </label>
                    </Show>
                    <IssueDetails item=item can_edit=can_edit on_action=on_action creating=creating />
                    {history.map(|h| view! { <ItemHistory changes=Signal::derive(move || h.run(id())) people=people /> })}
                </div>
            }
            .into_any()
        })
    }
}
