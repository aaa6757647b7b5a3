//! The "add an item" input: Enter adds and keeps focus for the next one; pasting several lines
//! adds one item per line.

use crate::strings as s;
use leptos::prelude::*;

/// Splits pasted or typed text into item texts: one per non-blank line, list markers removed.
pub fn split_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| {
            let t = l.trim();
            ["- [ ] ", "- [x] ", "* ", "- ", "• "]
                .iter()
                .find_map(|m| t.strip_prefix(m))
                .unwrap_or(t)
                .trim()
                .to_owned()
        })
        .filter(|l| !l.is_empty())
        .collect()
}

#[component]
pub fn AddItem(#[prop(into)] on_add: Callback<Vec<String>>) -> impl IntoView {
    let draft = RwSignal::new(String::new());
    let submit = move || {
        let texts = split_lines(&draft.get_untracked());
        if !texts.is_empty() {
            on_add.run(texts);
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
                    submit();
                }
            }
            on:paste=move |ev: leptos::ev::ClipboardEvent| {
                let text = ev
                    .clipboard_data()
                    .and_then(|d| d.get_data("text").ok())
                    .unwrap_or_default();
                if text.contains('\n') {
                    ev.prevent_default();
                    let prefix = draft.get_untracked();
                    let lines = split_lines(&format!("{prefix}{text}"));
                    if !lines.is_empty() {
                        on_add.run(lines);
                        draft.set(String::new());
                    }
                }
            }
        />
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pasted_lines_become_items() {
        assert_eq!(
            split_lines("- [ ] one\n\n  * two \n• three\nfour"),
            ["one", "two", "three", "four"]
        );
        assert!(split_lines(" \n ").is_empty());
    }
}
