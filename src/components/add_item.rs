//! The "add an item" input: Enter adds and keeps focus for the next one; pasting several lines
//! adds one item per line. What is typed stays in the box until the checklist takes it (a
//! refused item, too long for instance, is not lost).

use crate::strings as s;
use leptos::prelude::*;

/// Splits pasted or typed text into lines to add: one per non-blank line. Each line is read
/// by the text format (`- [x] Ship` is a done item, bullets are dropped): see
/// `ticklist_core::text::parse_line`.
pub fn split_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

#[component]
pub fn AddItem(
    /// Adds the lines; `true` when the checklist took them.
    #[prop(into)]
    on_add: Callback<Vec<String>, bool>,
) -> impl IntoView {
    let draft = RwSignal::new(String::new());
    let submit = move |text: String| {
        let lines = split_lines(&text);
        if !lines.is_empty() && on_add.run(lines) {
            draft.set(String::new());
        }
    };
    view! {
        <input
            class="tl-add"
            type="text"
            data-testid="add-item"
            aria-label=s::ADD_ITEM_LABEL
            placeholder=s::ADD_ITEM_PLACEHOLDER
            prop:value=move || draft.get()
            on:input=move |ev| draft.set(event_target_value(&ev))
            on:keydown=move |ev| {
                if ev.key() == "Enter" {
                    ev.prevent_default();
                    submit(draft.get_untracked());
                }
            }
            on:paste=move |ev: leptos::ev::ClipboardEvent| {
                let text = ev
                    .clipboard_data()
                    .and_then(|d| d.get_data("text").ok())
                    .unwrap_or_default();
                if text.contains('\n') {
                    ev.prevent_default();
                    let joined = format!("{}{text}", draft.get_untracked());
                    // Kept in the box if refused, so nothing pasted is lost.
                    draft.set(joined.clone());
                    submit(joined);
                }
            }
        />
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pasted_lines_become_one_line_each() {
        assert_eq!(
            split_lines("- [ ] one\n\n  * two \n• three\nfour"),
            ["- [ ] one", "* two", "• three", "four"]
        );
        assert!(split_lines(" \n ").is_empty());
    }
}
