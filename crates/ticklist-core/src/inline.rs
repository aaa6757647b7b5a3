//! The small markdown subset item text may use: `**bold**`, `*italic*` or `_italic_`,
//! `` `code` ``, `[text](url)` links and `[~accountid:…]` mentions. The UI renders the spans
//! as text nodes; nothing here is ever HTML. Links are only kept for http, https and mailto;
//! anything else stays plain text.

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Span {
    Text(String),
    Bold(String),
    Italic(String),
    Code(String),
    Link { text: String, url: String },
    Mention(String),
}

/// Whether a link target is one we render as a link.
pub fn safe_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("mailto:"))
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>')
}

/// Splits item text into spans. Unmatched markers stay as text; never fails.
pub fn parse(text: &str) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    let mut plain = String::new();
    let mut rest = text;
    let flush = |plain: &mut String, out: &mut Vec<Span>| {
        if !plain.is_empty() {
            out.push(Span::Text(std::mem::take(plain)));
        }
    };
    while let Some(c) = rest.chars().next() {
        let found =
            match c {
                '*' if rest.starts_with("**") => delimited(&rest[2..], "**")
                    .map(|(inner, after)| (Span::Bold(inner.into()), after)),
                '*' | '_' => delimited(&rest[1..], &rest[..1])
                    .map(|(inner, after)| (Span::Italic(inner.into()), after)),
                '`' => delimited(&rest[1..], "`")
                    .map(|(inner, after)| (Span::Code(inner.into()), after)),
                '[' => bracket(rest),
                _ => None,
            };
        match found {
            Some((span, after)) => {
                flush(&mut plain, &mut out);
                out.push(span);
                rest = after;
            }
            None => {
                plain.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    flush(&mut plain, &mut out);
    out
}

/// `inner<close>after` with non-empty inner that does not start or end with a space.
fn delimited<'a>(s: &'a str, close: &str) -> Option<(&'a str, &'a str)> {
    // A byte search: `close` is ASCII, so a match starts on a char boundary (and str::find's
    // two-way searcher is 1 KB of start-up wasm for these one- and two-byte needles).
    debug_assert!(close.is_ascii() && !close.is_empty());
    let end = s
        .as_bytes()
        .windows(close.len())
        .position(|w| w == close.as_bytes())?;
    let inner = &s[..end];
    if inner.is_empty() || inner.starts_with(' ') || inner.ends_with(' ') {
        return None;
    }
    Some((inner, &s[end + close.len()..]))
}

fn bracket(s: &str) -> Option<(Span, &str)> {
    let close = s.find(']')?;
    let label = &s[1..close];
    if let Some(account) = label.strip_prefix("~accountid:") {
        if !account.is_empty()
            && account
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == ':' || c == '-')
        {
            return Some((Span::Mention(account.into()), &s[close + 1..]));
        }
        return None;
    }
    let after = s[close + 1..].strip_prefix('(')?;
    let end = after.find(')')?;
    let url = &after[..end];
    if label.is_empty() || !safe_url(url) {
        return None;
    }
    Some((
        Span::Link {
            text: label.into(),
            url: url.trim().into(),
        },
        &after[end + 1..],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_subset() {
        let spans = parse("Ship **now**, *carefully*, run `make` — see [docs](https://x.io/a) cc [~accountid:5b10:ab]");
        assert_eq!(
            spans,
            vec![
                Span::Text("Ship ".into()),
                Span::Bold("now".into()),
                Span::Text(", ".into()),
                Span::Italic("carefully".into()),
                Span::Text(", run ".into()),
                Span::Code("make".into()),
                Span::Text(" — see ".into()),
                Span::Link {
                    text: "docs".into(),
                    url: "https://x.io/a".into()
                },
                Span::Text(" cc ".into()),
                Span::Mention("5b10:ab".into()),
            ]
        );
    }

    #[test]
    fn dangerous_links_stay_text() {
        for t in [
            "[x](javascript:alert(1))",
            "[x](data:text/html,hi)",
            "[x](JAVASCRIPT:1)",
            "[x](//evil)",
            "[x](https://a b)",
        ] {
            assert!(
                parse(t).iter().all(|s| !matches!(s, Span::Link { .. })),
                "{t}"
            );
        }
        assert!(safe_url("mailto:a@b.c") && safe_url("HTTPS://A.B"));
    }

    #[test]
    fn unmatched_markers_are_text_and_nothing_is_lost() {
        for t in [
            "2 * 3 = 6",
            "a ** b",
            "[not a link]",
            "`",
            "_x",
            "**",
            "*é*",
        ] {
            let joined: String = parse(t)
                .iter()
                .map(|s| match s {
                    Span::Text(x)
                    | Span::Italic(x)
                    | Span::Bold(x)
                    | Span::Code(x)
                    | Span::Mention(x) => x.clone(),
                    Span::Link { text, .. } => text.clone(),
                })
                .collect();
            assert!(joined.chars().all(|c| t.contains(c)), "{t}");
        }
        assert_eq!(parse("2 * 3 = 6"), vec![Span::Text("2 * 3 = 6".into())]);
    }
}
