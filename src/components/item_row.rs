//! One checklist item: a checkbox, the text (click or Enter to edit; Enter saves, Escape
//! cancels), a status picker, mandatory and delete buttons; Alt+↑/↓ moves it.

use super::after_paint::row_turn;
use super::dropdown::{Choice, Dropdown};
use super::focus::{keeping_focus, to_neighbour};
use super::item_details::item_details;
use super::lazy::lazy_part;
use super::linked_issue::{offers_create, IssueChip};
use super::rich_text::RichText;
use crate::state::edit::Edit;
use crate::state::people::Directory;
use crate::state::time::today;
use crate::strings as s;
use leptos::prelude::*;
use ticklist_core::model::Change;
use ticklist_core::status::valid_colour;
use ticklist_core::status::{DONE, TODO};
use ticklist_core::{Date, Item, ItemId, StatusSet};

/// What opens an item's details: pointing at or focusing one of these fetches their code.
pub const OPENS_DETAILS: &str =
    "[data-testid=item-details-toggle], [data-testid=item-create-issue-tool]";

/// The drag-and-drop data type carrying an item id between rows and lists.
pub const DRAG_TYPE: &str = "application/x-ticklist-item";

/// A status the set does not know (kept as it is) is named by its id.
pub fn unknown_status(status: &str) -> String {
    format!("{} ({status})", s::UNKNOWN_STATUS)
}

/// The CSS property that carries a status's colour to the lozenge and the status menu.
pub const STATUS_COLOUR: &str = "--tl-status-colour";

/// Statuses other than to do and done show as a lozenge, as Jira shows an issue's status: its
/// name and the admin's colour (a CSS colour, set as the `--tl-status-colour` property through
/// the CSSOM: Forge's `style-src 'self'` refuses style attributes). Shared with the first frame.
pub fn lozenge_look(
    status: &str,
    header: bool,
    statuses: &StatusSet,
) -> Option<(String, Option<String>)> {
    (!header && status != TODO && status != DONE).then(|| {
        let found = statuses.get(status);
        let name = found.map_or_else(|| unknown_status(status), |x| x.name.clone());
        let colour = found.and_then(|x| valid_colour(x.color.as_deref()?));
        (name, colour)
    })
}

/// Due before today and not complete.
pub fn is_overdue(complete: bool, due: Option<Date>) -> bool {
    !complete && due.zip(today()).is_some_and(|(d, t)| d < t)
}

#[component]
pub fn ItemRow(
    /// The item, kept current by the list (`None` once it is gone).
    #[prop(into)]
    item: Signal<Option<Item>>,
    statuses: StatusSet,
    #[prop(into)] can_edit: Signal<bool>,
    #[prop(into)] on_action: Callback<Edit, bool>,
    /// People search for the assignee picker (results arrive through `people`).
    #[prop(into, optional)]
    on_search: Option<Callback<String>>,
    /// Names for assignees and the picker's latest search results.
    #[prop(into, optional)]
    people: Signal<Directory>,
    /// Who changed the item and when (the details show it; the settings' templates do not).
    #[prop(default = None)]
    history: Option<Callback<ItemId, Vec<Change>>>,
) -> impl IntoView {
    let id = move || item.with(|i| i.as_ref().map(|i| i.id.clone()).unwrap_or_default());
    // A row is keyed by its item's id, so the id never changes for this row.
    let row_id = item.with_untracked(|i| i.as_ref().map(|i| i.id.clone()).unwrap_or_default());
    let text = Signal::derive(move || {
        item.with(|i| i.as_ref().map(|i| i.text.clone()).unwrap_or_default())
    });
    let status = move || item.with(|i| i.as_ref().map(|i| i.status.clone()).unwrap_or_default());
    let header = move || item.with(|i| i.as_ref().is_some_and(|i| i.is_header()));
    let mandatory = move || item.with(|i| i.as_ref().is_some_and(|i| i.mandatory));
    let details = move || item.with(|i| i.as_ref().map(|i| i.details.clone()).unwrap_or_default());
    let due = move || item.with(|i| i.as_ref().and_then(|i| i.due));
    let expanded = RwSignal::new(false);
    let issue = move || item.with(|i| i.as_ref().and_then(|i| i.issue.clone()));
    let following = move || item.with(|i| i.as_ref().is_some_and(|i| i.follow));
    // The form that creates a Jira issue from this item (in the details).
    let creating = RwSignal::new(false);
    let offer_create = offers_create(item, can_edit);
    // Narrow panels and touch screens fold the row tools behind "⋯".
    let tools_open = RwSignal::new(false);
    let tools_built = row_turn();
    let locale = super::locale::use_locale();
    let assignee = move || item.with(|i| i.as_ref().and_then(|i| i.assignee.clone()));
    // A name when Jira told us one, else the account id (never blank).
    let assignee_name = move || assignee().map(|a| people.with(|p| p.name_of(&a)));
    let on_search = on_search.unwrap_or_else(|| Callback::new(|_| {}));
    let st = statuses.clone();
    let complete = Signal::derive(move || st.is_complete(&status()));
    let st = statuses.clone();
    let category = Signal::derive(move || st.category(&status()).as_str());
    let unknown_name = move || unknown_status(&status());
    let st = statuses.clone();
    let lozenge = move || {
        lozenge_look(&status(), header(), &st).map(|(name, colour)| {
            view! { <span class="tl-lozenge" data-testid="item-lozenge" style=(STATUS_COLOUR, colour)>{name}</span> }
        })
    };
    let overdue = move || is_overdue(complete.get(), due());

    // Editing keeps its own draft: a remote update of the item does not disturb typing.
    let editing = RwSignal::new(false);
    let draft = RwSignal::new(String::new());
    let edit_ref = NodeRef::<leptos::html::Input>::new();
    let start_edit = move || {
        if can_edit.get_untracked() {
            draft.set(text.get_untracked());
            editing.set(true);
        }
    };
    Effect::new(move |_| {
        if editing.get() {
            if let Some(input) = edit_ref.get() {
                let _ = input.focus();
            }
        }
    });
    let commit = move || {
        let t = draft.get_untracked();
        editing.set(false);
        if t.trim() != text.get_untracked() && !t.trim().is_empty() {
            on_action.run(Edit::Edit(id(), t));
        }
    };

    // Retired statuses are not offered, but an item that has one still shows it by name.
    let all: Vec<(Choice, bool)> = statuses
        .statuses
        .iter()
        .map(|st| {
            let choice = Choice {
                value: st.id.clone(),
                label: st.name.clone(),
                category: Some(st.category.as_str()),
                colour: st.color.as_deref().and_then(valid_colour),
            };
            (choice, st.retired)
        })
        .collect();
    let status_choices = Signal::derive(move || {
        let cur = status();
        all.iter()
            .filter(|(c, retired)| !retired || c.value == cur)
            .map(|(c, _)| c.clone())
            .collect::<Vec<_>>()
    });
    let status_select = move || {
        view! {
            <Dropdown choices=status_choices value=Signal::derive(status) label=s::STATUS_LABEL testid="item-status" lozenges=true
                // Like the checkbox: an item that follows its issue takes the issue's status.
                disabled=Signal::derive(move || !can_edit.get() || following())
                fallback=Signal::derive(unknown_name)
                on_choose=Callback::new(move |v| { on_action.run(Edit::SetStatus(id(), v)); }) />
        }
    };

    view! {
        <li
            class="tl-item"
            class:tl-item--done=complete
            class:tl-item--header=header
            data-testid="item"
            data-id=row_id.as_str().to_owned()
            data-status=status
            data-category=category
            class:tl-item--overdue=overdue
            class:tl-item--tools-open=move || tools_open.get()
            // Marked by a star after the text's last word (CSS), wherever the row wraps.
            class:tl-item--mandatory=move || mandatory() && !header()
            on:keydown=move |ev| {
                if ev.alt_key() && can_edit.get_untracked() {
                    let delta = match ev.key().as_str() {
                        "ArrowUp" => -1,
                        "ArrowDown" => 1,
                        _ => return,
                    };
                    ev.prevent_default();
                    keeping_focus(|| {
                        on_action.run(Edit::Move(id(), delta));
                    });
                }
            }
        >
            <div class="tl-item__row">
            // Drag by the grip; the list handles dragstart and drop for all its rows (one handler
            // per list, no reactive node per row). Hidden in read-only lists; Alt+↑/↓ by keyboard.
            <span class="tl-item__grip" draggable="true" aria-hidden="true" data-testid="item-grip" title=s::DRAG>"⠿"</span>
            <Show when=move || !header()>
                <input
                    type="checkbox"
                    class="tl-item__check"
                    data-testid="item-toggle"
                    prop:checked=complete
                    // An item that follows its Jira issue is done when the issue is.
                    disabled=move || !can_edit.get() || following()
                    title=move || following().then(|| format!("{} {}", s::ISSUE_FOLLOWS, issue().map(|i| i.key).unwrap_or_default()))
                    aria-label=move || format!("{}: {}", s::TOGGLE_LABEL, text.get())
                    on:change=move |_| { on_action.run(Edit::Toggle(id())); }
                />
            </Show>
            <Show
                when=move || editing.get()
                fallback=move || view! {
                    // Clicking the text edits it (mouse); the Edit button does the same for keyboard
                    // and screen readers, since the text itself may contain links.
                    <span
                        class="tl-item__text"
                        data-testid="item-text"
                        on:click=move |ev| {
                            // Let links open; anywhere else starts editing.
                            let on_link = event_target::<web_sys::Element>(&ev)
                                .tag_name()
                                .eq_ignore_ascii_case("a");
                            if !on_link {
                                start_edit();
                            }
                        }
                    >
                        <RichText text=text />
                    </span>
                    <Show when=move || mandatory() && !header()>
                        <span class="tl-sr-only" data-testid="item-mandatory">{s::MANDATORY}</span>
                    </Show>
                }
            >
                <input
                    class="tl-item__edit"
                    data-testid="item-edit"
                    aria-label=s::EDIT_ITEM_LABEL
                    node_ref=edit_ref
                    prop:value=move || draft.get()
                    on:input=move |ev| draft.set(event_target_value(&ev))
                    on:keydown=move |ev| match ev.key().as_str() {
                        "Enter" => {
                            ev.prevent_default();
                            commit();
                        }
                        "Escape" => {
                            ev.prevent_default();
                            editing.set(false);
                        }
                        _ => {}
                    }
                    on:blur=move |_| {
                        if editing.get_untracked() {
                            commit();
                        }
                    }
                />
            </Show>
            <span class="tl-item__meta">
            {lozenge}
            <IssueChip issue=Signal::derive(issue) />
            <Show when=move || assignee().is_some()>
                <span class="tl-item__assignee" data-testid="item-assignee" title=s::ASSIGNEE>
                    "@" <bdi>{move || assignee_name().unwrap_or_default()}</bdi>
                </span>
            </Show>
            <Show when=move || due().is_some()>
                <span class="tl-item__due" data-testid="item-due-chip"
                    title=move || format!("{} {}", if overdue() { s::OVERDUE } else { s::DUE }, due().map(|d| d.to_string()).unwrap_or_default())>
                    {
                        let locale = locale.clone();
                        move || due().map(|d| super::locale::format_date(d, &locale)).unwrap_or_default()
                    }
                </span>
            </Show>
            </span>
            <button
                class="tl-button tl-button--icon tl-item__more"
                data-testid="item-more"
                aria-expanded=move || tools_open.get().to_string()
                title=s::MORE_ACTIONS
                aria-label=move || format!("{}: {}", s::MORE_ACTIONS, text.get())
                on:click=move |_| tools_open.update(|o| *o = !*o)
            >"⋯"</button>
            // "⋯" opens them at once, whether or not the row has had its turn.
            <Show when=move || tools_built.get() || tools_open.get()>
                <span class="tl-item__tools">
                    <Show when=move || !header()>{status_select}</Show>
                    <button
                        class="tl-button tl-button--icon"
                        class:tl-button--on=move || !details().is_empty()
                        data-testid="item-details-toggle"
                        aria-expanded=move || expanded.get().to_string()
                        title=s::DETAILS
                        aria-label=s::DETAILS
                        on:click=move |_| expanded.update(|e| *e = !*e)
                    >"≡"</button>
                    <Show when=move || can_edit.get()>
                        <Show when=move || !header()>
                            <button
                                class="tl-button tl-button--icon"
                                data-testid="item-mandatory-toggle"
                                aria-pressed=move || mandatory().to_string()
                                title=move || if mandatory() { s::MAKE_OPTIONAL } else { s::MAKE_MANDATORY }
                                aria-label=move || if mandatory() { s::MAKE_OPTIONAL } else { s::MAKE_MANDATORY }
                                on:click=move |_| { on_action.run(Edit::SetMandatory(id(), !mandatory())); }
                            >"!"</button>
                        </Show>
                        <Show when=offer_create>
                            <button class="tl-button tl-button--icon" data-testid="item-create-issue-tool"
                                title=s::ISSUE_CREATE
                                aria-label=move || format!("{}: {}", s::ISSUE_CREATE, text.get())
                                on:click=move |_| { expanded.set(true); creating.set(true); }>"⤴"</button>
                        </Show>
                        <button class="tl-button tl-button--icon" data-testid="item-edit-button" title=s::EDIT_ITEM_LABEL
                            aria-label=move || format!("{}: {}", s::EDIT_ITEM_LABEL, text.get())
                            on:click=move |_| start_edit()>"✎"</button>
                        <button class="tl-button tl-button--icon" title=s::MOVE_UP aria-label=s::MOVE_UP
                            on:click=move |_| keeping_focus(|| { on_action.run(Edit::Move(id(), -1)); })>"↑"</button>
                        <button class="tl-button tl-button--icon" title=s::MOVE_DOWN aria-label=s::MOVE_DOWN
                            on:click=move |_| keeping_focus(|| { on_action.run(Edit::Move(id(), 1)); })>"↓"</button>
                        <button
                            class="tl-button tl-button--icon"
                            data-testid="item-delete"
                            title=s::DELETE
                            aria-label=move || format!("{}: {}", s::DELETE, text.get())
                            on:click=move |ev| to_neighbour(Some(event_target::<web_sys::Element>(&ev)), || { on_action.run(Edit::Delete(id())); })
                        >"×"</button>
                    </Show>
                </span>
            </Show>
            </div>
            <Show when=move || expanded.get()>
                {lazy_part(move || item_details::load(item, can_edit, on_action, on_search, people, history, creating))}
            </Show>
            <Show when=move || !expanded.get() && !details().is_empty()>
                <div class="tl-item__details-preview">{move || details().lines().next().unwrap_or_default().to_owned()}</div>
            </Show>
        </li>
    }
}
