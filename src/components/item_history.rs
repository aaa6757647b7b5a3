//! The details' "Changes": who made each write still visible on an item, and when, newest first
//! (see `ticklist_core::model::history`).

use crate::state::people::Directory;
use crate::strings as s;
use leptos::prelude::*;
use ticklist_core::model::{Change, Field};

/// How many writes the details list; an item has at most one per field.
const SHOWN: usize = 5;

/// "Added", or what changed: "status changed, text edited".
pub fn what(change: &Change) -> String {
    if change.added {
        return s::CHANGE_ADDED.to_owned();
    }
    let words: Vec<&str> = change
        .fields
        .iter()
        .map(|f| match f {
            Field::Place => s::CHANGE_PLACE,
            Field::Text => s::CHANGE_TEXT,
            Field::Status => s::CHANGE_STATUS,
            Field::Mandatory => s::CHANGE_MANDATORY,
            Field::Kind => s::CHANGE_KIND,
            Field::Details => s::CHANGE_DETAILS,
            Field::Assignee => s::CHANGE_ASSIGNEE,
            Field::Due => s::CHANGE_DUE,
            Field::Issue => s::CHANGE_ISSUE,
            Field::Follow => s::CHANGE_FOLLOW,
        })
        .collect();
    let mut text = words.join(", ");
    // The words are ASCII: no Unicode case tables for one capital letter.
    if let Some(first) = text.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    text
}

#[component]
pub fn ItemHistory(
    #[prop(into)] changes: Signal<Vec<Change>>,
    #[prop(into)] people: Signal<Directory>,
) -> impl IntoView {
    let locale = super::locale::use_locale();
    let rows = move || {
        let locale = locale.clone();
        changes.with(|all| {
            all.iter()
                .take(SHOWN)
                .map(|c| {
                    // One string per line keeps the view small. Writes from before authors
                    // were recorded name nobody.
                    let mut rest = String::new();
                    if let Some(a) = c.by.as_deref() {
                        rest.push_str(" · ");
                        rest.push_str(&people.with(|p| p.name_of(a)));
                    }
                    rest.push_str(" · ");
                    match c.at_ms {
                        Some(ms) => rest.push_str(&super::locale::format_time(ms, &locale)),
                        None => rest.push_str(s::BEFORE_HISTORY),
                    }
                    view! {
                        <li data-testid="item-change">
                            <span class="tl-item__change-what">{what(c)}</span>
                            {rest}
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section class="tl-item__history" aria-label=s::CHANGES data-testid="item-history">
            <h4 class="tl-item__history-title">{s::CHANGES}</h4>
            <ol class="tl-item__history-list">{rows}</ol>
        </section>
    }
}
