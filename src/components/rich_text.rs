//! Item text with the markdown subset, rendered as text nodes only.

use leptos::prelude::*;
use ticklist_core::inline::{parse, Span};

/// Renders `text`; links open in a new tab without access to this page.
#[component]
pub fn RichText(#[prop(into)] text: Signal<String>) -> impl IntoView {
    move || {
        parse(&text.get())
            .into_iter()
            .map(|span| match span {
                Span::Text(t) => view! { <span>{t}</span> }.into_any(),
                Span::Bold(t) => view! { <strong>{t}</strong> }.into_any(),
                Span::Italic(t) => view! { <em>{t}</em> }.into_any(),
                Span::Code(t) => view! { <code class="tl-code">{t}</code> }.into_any(),
                Span::Link { text, url } => view! {
                    <a href=url target="_blank" rel="noopener noreferrer" class="tl-link">{text}</a>
                }
                .into_any(),
                Span::Mention(a) => {
                    let title = a.clone();
                    view! { <span class="tl-mention" title=title>"@"{a}</span> }.into_any()
                }
            })
            .collect_view()
    }
}
