//! An item's Jira issue: the key (a link into Jira) and status on the row, and in the item's
//! details either the issue with "follow" and "unlink", or the form that creates one.

use crate::state::edit::Edit;
use crate::state::linked::{browse_url, CreateRequest, IssueLinks};
use crate::strings as s;
use leptos::prelude::*;
use ticklist_core::{IssueRef, Item};

/// The key and status on the row (nothing for an item without an issue).
#[component]
pub fn IssueChip(#[prop(into)] issue: Signal<Option<IssueRef>>) -> impl IntoView {
    let links = use_context::<IssueLinks>();
    move || {
        let (issue, links) = (issue.get()?, links?);
        let ChipLook {
            key,
            href,
            name,
            category,
        } = ChipLook::of(&issue, &links);
        Some(view! {
            <span class="tl-item__issue" data-testid="item-issue">
                <a href=href target="_blank" rel="noopener noreferrer" data-testid="item-issue-key"
                    title=format!("{}: {key}", s::ISSUE_LINKED)>{key.clone()}</a>
                <span class="tl-issue-status" data-testid="item-issue-status" data-category=category>{name}</span>
            </span>
        })
    }
}

/// What the chip shows for an issue, from the statuses last read (shared with the panel's
/// first frame, `first_frame.rs`, which must look the same).
pub struct ChipLook {
    pub key: String,
    pub href: Option<String>,
    pub name: String,
    pub category: String,
}

impl ChipLook {
    /// Tracks the statuses: a chip built in a reactive scope follows them.
    pub fn of(issue: &IssueRef, links: &IssueLinks) -> Self {
        let (key, status) = links.shown(issue);
        Self::with(links.browse_url(&key), key, status)
    }

    /// Before any status was read (the first frame): the key as stored, the status unknown.
    pub fn unread(issue: &IssueRef, site: Option<&str>) -> Self {
        Self::with(browse_url(site, &issue.key), issue.key.clone(), None)
    }

    fn with(href: Option<String>, key: String, status: Option<(String, String)>) -> Self {
        let (name, category) =
            status.unwrap_or_else(|| (s::ISSUE_STATUS_UNKNOWN.to_owned(), "unknown".to_owned()));
        Self {
            href,
            key,
            name,
            category,
        }
    }
}

/// Whether to offer creating a Jira issue from the item: to someone who may edit the checklist
/// and create issues here, for a checkable item that has none yet. Never without the panel's
/// [`IssueLinks`] (the settings' template rows).
pub fn offers_create(
    item: Signal<Option<Item>>,
    can_edit: Signal<bool>,
) -> impl Fn() -> bool + Copy + Send + Sync + 'static {
    let can_create = use_context::<IssueLinks>().map(|l| l.can_create);
    move || {
        can_edit.get()
            && item.with(|i| {
                i.as_ref()
                    .is_some_and(|i| !i.is_header() && i.issue.is_none())
            })
            && can_create.is_some_and(|c| c.get())
    }
}

/// In the item's details: its issue (follow, unlink) or, for someone who may create issues,
/// the form that makes one from the item.
#[component]
pub fn IssueDetails(
    #[prop(into)] item: Signal<Option<Item>>,
    #[prop(into)] can_edit: Signal<bool>,
    #[prop(into)] on_action: Callback<Edit, bool>,
    /// The create form is open (the row's tool opens it too).
    creating: RwSignal<bool>,
) -> impl IntoView {
    let Some(links) = use_context::<IssueLinks>() else {
        return ().into_any();
    };
    let issue = move || item.with(|i| i.as_ref().and_then(|i| i.issue.clone()));
    let follow = move || item.with(|i| i.as_ref().is_some_and(|i| i.follow));
    let id = move || item.with(|i| i.as_ref().map(|i| i.id.clone()).unwrap_or_default());
    let linked = move || {
        issue().map(|i| {
            view! {
                <div class="tl-item__linked" data-testid="item-linked">
                    <span>{s::ISSUE_LINKED} ": "</span>
                    <IssueChip issue=Signal::derive(issue) />
                    <label class="tl-item__follow">
                        <input type="checkbox" data-testid="item-follow"
                            prop:checked=follow
                            disabled=move || !can_edit.get()
                            on:change=move |ev| { on_action.run(Edit::Follow(id(), event_target_checked(&ev))); } />
                        " " {s::ISSUE_FOLLOW}
                    </label>
                    <Show when=move || can_edit.get()>
                        <button class="tl-button tl-button--link" data-testid="item-unlink"
                            aria-label=format!("{} {}", s::ISSUE_UNLINK, i.key)
                            on:click=move |_| { on_action.run(Edit::LinkIssue(id(), None, false)); }>{s::ISSUE_UNLINK}</button>
                    </Show>
                </div>
            }
        })
    };
    let offer = offers_create(item, can_edit);
    view! {
        {linked}
        <Show when=offer>
            <Show when=move || creating.get()
                fallback=move || view! {
                    <button class="tl-button tl-button--link" data-testid="item-create-issue"
                        on:click=move |_| creating.set(true)>{s::ISSUE_CREATE} "…"</button>
                }>
                <CreateForm item=item links=links creating=creating />
            </Show>
        </Show>
        <Show when=move || links.error.with(|e| e.as_ref().is_some_and(|(i, _)| *i == id()))>
            <p class="tl-note tl-note--error" role="alert" data-testid="create-issue-error">
                {move || links.error.with(|e| e.as_ref().map(|(_, m)| m.clone()).unwrap_or_default())}
            </p>
        </Show>
    }
    .into_any()
}

#[component]
fn CreateForm(
    item: Signal<Option<Item>>,
    links: IssueLinks,
    creating: RwSignal<bool>,
) -> impl IntoView {
    let item_id = item.with_untracked(|i| i.as_ref().map(|i| i.id.clone()).unwrap_or_default());
    links.load_types(&item_id);
    let failed = move || {
        links
            .error
            .with(|e| e.as_ref().is_some_and(|(i, _)| *i == item_id))
    };
    let editor = use_context::<crate::state::editor::Editor>();
    let types = links.offered_types();
    // Keyboard users land in the form, not back on the tool that opened it.
    let type_ref = NodeRef::<leptos::html::Select>::new();
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) {
            return true;
        }
        match type_ref.get() {
            Some(select) => select.focus().is_ok(),
            None => false,
        }
    });
    let summary = RwSignal::new(
        item.with_untracked(|i| i.as_ref().map(|i| i.text.clone()).unwrap_or_default()),
    );
    let chosen = RwSignal::new(String::new());
    let follow = RwSignal::new(true);
    // The first type offered (a sub-task where there is one) until the user picks another.
    Effect::new(move |_| {
        if chosen.with_untracked(String::is_empty) {
            if let Some(first) =
                types.with(|t| t.as_ref().and_then(|t| t.first().map(|t| t.id.clone())))
            {
                chosen.set(first);
            }
        }
    });
    let busy = move || {
        let here = item.with(|i| i.as_ref().map(|i| i.id.clone()));
        links.busy.with(|b| b.is_some() && *b == here)
    };
    let submit = move || {
        let Some(it) = item.get_untracked() else {
            return;
        };
        let (ty, text) = (chosen.get_untracked(), summary.get_untracked());
        if ty.is_empty() || text.trim().is_empty() || busy() {
            return;
        }
        if let Some(editor) = editor {
            links.create(
                editor,
                it.clone(),
                CreateRequest {
                    item: it.id.clone(),
                    type_id: ty,
                    summary: text,
                    follow: follow.get_untracked(),
                },
            );
        }
    };
    Effect::new(move |was_busy: Option<bool>| {
        let now = busy();
        // Created: the item now has its issue and the form closes.
        if was_busy == Some(true)
            && !now
            && item.with(|i| i.as_ref().is_some_and(|i| i.issue.is_some()))
        {
            creating.set(false);
        }
        now
    });
    view! {
        <form class="tl-create-issue" data-testid="create-issue"
            on:submit=move |ev| { ev.prevent_default(); submit(); }>
            {move || match types.get() {
                // A failed read is told under the form (IssueDetails), not as "loading".
                None if failed() => ().into_any(),
                None => view! { <p class="tl-note">{s::ISSUE_LOADING_TYPES}</p> }.into_any(),
                Some(ts) if ts.is_empty() => view! { <p class="tl-note" data-testid="create-issue-none">{s::ISSUE_NO_TYPES}</p> }.into_any(),
                Some(ts) => {
                    // What each kind becomes: a sub-task under this issue, or an issue linked to it.
                    let key = links.issue_key();
                    let group = |subtask: bool| {
                        let options = ts.iter().filter(|t| t.subtask == subtask).map(|t| {
                            let id = t.id.clone();
                            let selected = move || chosen.with(|c| *c == id);
                            view! { <option value=t.id.clone() selected=selected>{t.name.clone()}</option> }
                        }).collect_view();
                        let label = format!("{} {key}", if subtask { s::ISSUE_SUBTASK_OF } else { s::ISSUE_LINKED_TO });
                        ts.iter().any(|t| t.subtask == subtask).then(|| view! { <optgroup label=label>{options}</optgroup> })
                    };
                    view! {
                        <label>{s::ISSUE_TYPE} " "
                            <select data-testid="create-issue-type" node_ref=type_ref
                                on:change=move |ev| chosen.set(event_target_value(&ev))>
                                {group(true)}{group(false)}
                            </select>
                        </label>
                    }.into_any()
                }
            }}
            <label>{s::ISSUE_SUMMARY} " "
                <input type="text" data-testid="create-issue-summary" maxlength="255"
                    prop:value=move || summary.get() on:input=move |ev| summary.set(event_target_value(&ev)) />
            </label>
            <label class="tl-item__follow">
                <input type="checkbox" data-testid="create-issue-follow" prop:checked=move || follow.get()
                    on:change=move |ev| follow.set(event_target_checked(&ev)) />
                " " {s::ISSUE_FOLLOW_NEW}
            </label>
            <span class="tl-create-issue__actions">
                <button type="submit" class="tl-button tl-button--primary" data-testid="create-issue-submit"
                    disabled=move || busy() || chosen.with(String::is_empty)>
                    {move || if busy() { s::ISSUE_CREATING } else { s::ISSUE_CREATE_BUTTON }}
                </button>
                <button type="button" class="tl-button" on:click=move |_| creating.set(false)>{s::ISSUE_CANCEL}</button>
            </span>
        </form>
    }
}
