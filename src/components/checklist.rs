//! The read-only rendering of checklists with progress.

use leptos::prelude::*;
use ticklist_core::{List, StatusSet};

/// Checklists with a progress bar each. Item text is rendered as text, never as HTML.
#[component]
pub fn ChecklistView(#[prop(into)] lists: Signal<Vec<List>>) -> impl IntoView {
    let statuses = StatusSet::default();
    view! {
        <div class="tl-lists" data-testid="checklists">
            <For
                each=move || lists.get()
                key=|l| l.clone()
                children=move |list| {
                    let items: Vec<_> = list.items.iter().filter(|i| !i.is_header()).collect();
                    let done = items.iter().filter(|i| statuses.is_complete(&i.status)).count();
                    let total = items.len();
                    let percent = (done * 100).checked_div(total).unwrap_or(0);
                    let rows = list
                        .items
                        .iter()
                        .map(|item| {
                            let complete = statuses.is_complete(&item.status);
                            let header = item.is_header();
                            view! {
                                <li
                                    class="tl-item"
                                    class:tl-item--done=complete
                                    class:tl-item--header=header
                                    data-testid="item"
                                >
                                    {(!header)
                                        .then(|| view! {
                                            <span class="tl-item__box" aria-hidden="true">
                                                {if complete { "✓" } else { "" }}
                                            </span>
                                        })}
                                    <span class="tl-item__text">{item.text.clone()}</span>
                                    {item.mandatory.then(|| view! { <span class="tl-item__mandatory" title="Mandatory">"*"</span> })}
                                </li>
                            }
                        })
                        .collect_view();
                    view! {
                        <section class="tl-list">
                            <header class="tl-list__head">
                                <h2 class="tl-list__name">{list.name.clone()}</h2>
                                <span class="tl-list__count" data-testid="progress">{format!("{done}/{total}")}</span>
                            </header>
                            <div class="tl-progress" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow=percent>
                                <div class="tl-progress__bar" style:width=format!("{percent}%")></div>
                            </div>
                            <ul class="tl-list__items" role="list">{rows}</ul>
                        </section>
                    }
                }
            />
        </div>
    }
}
