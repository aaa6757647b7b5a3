//! Ticklist's text format: the whole set of checklists as plain text, for the text editor,
//! export and pasting.
//!
//! ```text
//! # Release                         a checklist named "Release"
//! ## Before the release             a section header
//! - [ ] Write the changelog         to do
//! - [x] Tag the commit              done
//! - [~] Build artefacts             in progress
//! - [-] Notify the mailing list     skipped
//! - [!] Sign the binaries           blocked
//! - [qa-review] Smoke test          any other status, by id
//! - [ ] ! Update the docs           "!" after the box: mandatory
//! - [ ] Publish {assignee=557058:ab12 due=2026-12-01}
//!   > Details go on indented lines
//!   > under their item, as many as needed.
//! ```
//!
//! - Attributes at the end of a line, in braces: `id=…` (kept when printing for export, so ids
//!   survive a round trip), `assignee=<account id>`, `due=YYYY-MM-DD`.
//! - A custom status whose id is one of the codes `x ~ - !` is written `[=x]`.
//! - Text that starts with `!` or `\`, or ends in `}`, is escaped (`\!`, `\\`, a trailing `{}`).
//! - Any other non-blank line becomes a plain to-do item with that text: nothing is dropped.
//! - Lines before the first `# ` belong to the first checklist.
//!
//! Without ids in the text, [`match_ids`] gives items back their ids by text and position.

use crate::date::Date;
use crate::model::{Item, ItemId, ItemKind, List, ListId};
use crate::status::{valid_status_id, BLOCKED, DONE, IN_PROGRESS, SKIPPED, TODO};
use std::collections::HashMap;
use std::fmt::Write;

const CODES: [(&str, &str); 5] = [
    (" ", TODO),
    ("x", DONE),
    ("~", IN_PROGRESS),
    ("-", SKIPPED),
    ("!", BLOCKED),
];

/// Whether printed text carries item and list ids (export) or not (the editor).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ids {
    Include,
    Omit,
}

/// Prints checklists in the text format.
pub fn print(lists: &[List], ids: Ids) -> String {
    let mut out = String::new();
    for (n, list) in lists.iter().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let _ = write!(out, "# {}", escape_text(&list.name));
        if ids == Ids::Include {
            let _ = write!(out, " {{id={}}}", list.id);
        } else if list.name.ends_with('}') {
            out.push_str(" {}");
        }
        out.push('\n');
        for item in &list.items {
            print_item(&mut out, item, ids);
        }
    }
    out
}

fn print_item(out: &mut String, item: &Item, ids: Ids) {
    if item.kind == ItemKind::Header {
        out.push_str("## ");
    } else {
        let code = CODES
            .iter()
            .find(|(_, id)| *id == item.status)
            .map(|(c, _)| c.to_string())
            .unwrap_or_else(|| {
                if CODES.iter().any(|(c, _)| *c == item.status) {
                    format!("={}", item.status)
                } else {
                    item.status.clone()
                }
            });
        let _ = write!(out, "- [{code}] ");
        if item.mandatory {
            out.push_str("! ");
        }
    }
    out.push_str(&escape_text(&item.text));
    let mut attrs = Vec::new();
    if ids == Ids::Include {
        attrs.push(format!("id={}", item.id));
    }
    if let Some(a) = &item.assignee {
        attrs.push(format!("assignee={a}"));
    }
    if let Some(d) = item.due {
        attrs.push(format!("due={d}"));
    }
    if !attrs.is_empty() {
        let _ = write!(out, " {{{}}}", attrs.join(" "));
    } else if item.text.ends_with('}') {
        out.push_str(" {}");
    }
    out.push('\n');
    if !item.details.is_empty() {
        for line in item.details.lines() {
            if line.is_empty() {
                out.push_str("  >\n");
            } else {
                let _ = writeln!(out, "  > {line}");
            }
        }
    }
}

fn escape_text(t: &str) -> String {
    if t.starts_with(['!', '\\']) {
        format!("\\{t}")
    } else {
        t.to_owned()
    }
}

/// Parses text into checklists. Never fails: a line it does not recognise is an item.
/// Ids are those the text carries, or empty (see [`match_ids`]).
pub fn parse(text: &str) -> Vec<List> {
    let mut lists: Vec<List> = Vec::new();
    let mut last_item: Option<(usize, usize)> = None;
    for raw in text.lines() {
        let line = raw.trim_end();
        if line.trim().is_empty() {
            continue;
        }
        if let Some(detail) = detail_line(line) {
            if let Some((l, i)) = last_item {
                let d = &mut lists[l].items[i].details;
                if !d.is_empty() {
                    d.push('\n');
                }
                d.push_str(detail);
                continue;
            }
        }
        let line = line.trim_start();
        if let Some(name) = line.strip_prefix("# ") {
            let (name, attrs) = split_attrs(name);
            lists.push(List {
                id: attrs.id.map(ListId::from).unwrap_or_default(),
                name: unescape(name.trim()).to_owned(),
                items: Vec::new(),
            });
            last_item = None;
            continue;
        }
        if lists.is_empty() {
            lists.push(List {
                id: Default::default(),
                name: crate::model::DEFAULT_LIST_NAME.into(),
                items: Vec::new(),
            });
        }
        let li = lists.len() - 1;
        lists[li].items.push(parse_item(line));
        last_item = Some((li, lists[li].items.len() - 1));
    }
    lists
}

fn detail_line(line: &str) -> Option<&str> {
    let t = line.trim_start();
    if line.len() == t.len() {
        return None; // details are indented
    }
    let rest = t.strip_prefix('>')?;
    Some(rest.strip_prefix(' ').unwrap_or(rest))
}

/// One line typed or pasted into the add box, as an item: the text format's boxes and
/// attributes are read (`- [x] Ship it` is a done item), and plain list bullets (`- `, `* `,
/// `• `) are dropped. `None` for a blank line.
pub fn parse_line(line: &str) -> Option<Item> {
    let t = line.trim();
    if t.is_empty() {
        return None;
    }
    let t = if t.starts_with("- [") {
        t
    } else {
        ["* ", "- ", "• "]
            .iter()
            .find_map(|m| t.strip_prefix(m))
            .map_or(t, str::trim_start)
    };
    (!t.is_empty()).then(|| parse_item(t))
}

fn parse_item(line: &str) -> Item {
    let (kind, status, mandatory, body) = if let Some(rest) = line.strip_prefix("## ") {
        (ItemKind::Header, TODO.to_owned(), false, rest)
    } else if let Some((status, rest)) = parse_box(line) {
        match rest.strip_prefix("! ") {
            Some(r) => (ItemKind::Item, status, true, r),
            None => (ItemKind::Item, status, false, rest),
        }
    } else {
        (ItemKind::Item, TODO.to_owned(), false, line)
    };
    let (text, attrs) = split_attrs(body);
    let text = unescape(text.trim());
    Item {
        id: attrs.id.map(ItemId::from).unwrap_or_default(),
        // A line that is only attributes or a bare box still keeps what was written.
        text: if text.is_empty() {
            body.trim().to_owned()
        } else {
            text.to_owned()
        },
        status,
        mandatory,
        kind,
        details: String::new(),
        assignee: attrs.assignee,
        due: attrs.due,
        issue: None,
        follow: false,
    }
}

/// `- [c] rest` → (status id, rest).
fn parse_box(line: &str) -> Option<(String, &str)> {
    let rest = line.strip_prefix("- [")?;
    let close = rest.find(']')?;
    let code = &rest[..close];
    let after = rest[close + 1..]
        .strip_prefix(' ')
        .unwrap_or(&rest[close + 1..]);
    if let Some((_, id)) = CODES.iter().find(|(c, _)| *c == code) {
        return Some(((*id).to_owned(), after));
    }
    if code == "X" || code.is_empty() {
        return Some((if code == "X" { DONE } else { TODO }.to_owned(), after));
    }
    let id = code.strip_prefix('=').unwrap_or(code);
    valid_status_id(id).then(|| (id.to_owned(), after))
}

fn unescape(t: &str) -> &str {
    match t.strip_prefix('\\') {
        Some(r) if r.starts_with(['!', '\\']) => r,
        _ => t,
    }
}

#[derive(Default)]
struct Attrs {
    id: Option<String>,
    assignee: Option<String>,
    due: Option<Date>,
}

/// Splits a trailing `{k=v …}` block off when every token in it is a known attribute.
fn split_attrs(s: &str) -> (&str, Attrs) {
    let t = s.trim_end();
    let none = (s, Attrs::default());
    if !t.ends_with('}') {
        return none;
    }
    let Some(open) = t.rfind('{') else {
        return none;
    };
    let inner = &t[open + 1..t.len() - 1];
    let mut attrs = Attrs::default();
    for tok in inner.split_whitespace() {
        let Some((k, v)) = tok.split_once('=') else {
            return none;
        };
        match k {
            "id" if !v.is_empty() => attrs.id = Some(v.to_owned()),
            "assignee" if !v.is_empty() => attrs.assignee = Some(v.to_owned()),
            "due" => match v.parse() {
                Ok(d) => attrs.due = Some(d),
                Err(()) => return none,
            },
            _ => return none,
        }
    }
    (&t[..open], attrs)
}

/// Gives parsed items and lists without ids the ids of `current` ones: lists by name (then
/// position), items by identical text within the whole document, nearest position first.
/// Unmatched ones keep an empty id (they are new).
pub fn match_ids(parsed: &mut [List], current: &[List]) {
    let mut used_lists: Vec<ListId> = parsed
        .iter()
        .filter(|l| !l.id.is_empty())
        .map(|l| l.id.clone())
        .collect();
    for (n, l) in parsed.iter_mut().enumerate() {
        if !l.id.is_empty() {
            continue;
        }
        let by_name = current
            .iter()
            .find(|c| c.name == l.name && !used_lists.contains(&c.id));
        let by_pos = current.get(n).filter(|c| !used_lists.contains(&c.id));
        if let Some(c) = by_name.or(by_pos) {
            l.id = c.id.clone();
            used_lists.push(c.id.clone());
        }
    }
    // Items: text → ids of current items with that text, in order.
    let mut by_text: HashMap<&str, Vec<(usize, &str)>> = HashMap::new();
    let explicit: std::collections::HashSet<ItemId> = parsed
        .iter()
        .flat_map(|l| &l.items)
        .filter(|i| !i.id.is_empty())
        .map(|i| i.id.clone())
        .collect();
    for (pos, item) in current.iter().flat_map(|l| &l.items).enumerate() {
        if !explicit.contains(&item.id) {
            by_text
                .entry(item.text.as_str())
                .or_default()
                .push((pos, item.id.as_str()));
        }
    }
    for (pos, item) in parsed
        .iter_mut()
        .flat_map(|l| l.items.iter_mut())
        .enumerate()
    {
        if item.id.is_empty() {
            if let Some(cands) = by_text.get_mut(item.text.as_str()) {
                if let Some(best) = (0..cands.len()).min_by_key(|&k| cands[k].0.abs_diff(pos)) {
                    item.id = ItemId::from(cands.remove(best).1);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_typed_line_keeps_its_box_and_loses_plain_bullets() {
        let done = parse_line("- [x] test").unwrap();
        assert_eq!((done.text.as_str(), done.status.as_str()), ("test", DONE));
        let open = parse_line("  * two ").unwrap();
        assert_eq!((open.text.as_str(), open.status.as_str()), ("two", TODO));
        assert_eq!(parse_line("• three").unwrap().text, "three");
        let header = parse_line("## Before").unwrap();
        assert!(header.is_header());
        let mandatory = parse_line("- [ ] ! Sign").unwrap();
        assert!(mandatory.mandatory);
        assert_eq!(parse_line("plain").unwrap().text, "plain");
        assert_eq!(parse_line("   "), None);
        // A bullet alone is text, not nothing.
        assert_eq!(parse_line("-").unwrap().text, "-");
    }

    use super::*;

    fn item(text: &str, status: &str) -> Item {
        Item {
            id: Default::default(),
            text: text.into(),
            status: status.into(),
            mandatory: false,
            kind: ItemKind::Item,
            details: String::new(),
            assignee: None,
            due: None,
            issue: None,
            follow: false,
        }
    }

    #[test]
    fn parses_the_documented_example() {
        let text = "# Release\n## Before the release\n- [ ] Write the changelog\n- [x] Tag the commit\n\
                    - [~] Build artefacts\n- [-] Notify the mailing list\n- [!] Sign the binaries\n\
                    - [qa-review] Smoke test\n- [ ] ! Update the docs\n\
                    - [ ] Publish {assignee=557058:ab12 due=2026-12-01}\n  > Details go on indented lines\n  > under their item.\n";
        let lists = parse(text);
        assert_eq!(lists.len(), 1);
        let l = &lists[0];
        assert_eq!(l.name, "Release");
        let st: Vec<_> = l.items.iter().map(|i| i.status.as_str()).collect();
        assert_eq!(
            st,
            [
                TODO,
                TODO,
                DONE,
                IN_PROGRESS,
                SKIPPED,
                BLOCKED,
                "qa-review",
                TODO,
                TODO
            ]
        );
        assert!(l.items[0].is_header());
        assert!(l.items[7].mandatory);
        assert_eq!(l.items[7].text, "Update the docs");
        let p = &l.items[8];
        assert_eq!(p.text, "Publish");
        assert_eq!(p.assignee.as_deref(), Some("557058:ab12"));
        assert_eq!(p.due.map(|d| d.to_string()).as_deref(), Some("2026-12-01"));
        assert_eq!(p.details, "Details go on indented lines\nunder their item.");
    }

    #[test]
    fn unknown_lines_become_items() {
        let lists = parse("just a line\n* [weird] thing\n- [BAD STATUS] x");
        let texts: Vec<_> = lists[0].items.iter().map(|i| i.text.as_str()).collect();
        assert_eq!(
            texts,
            ["just a line", "* [weird] thing", "- [BAD STATUS] x"]
        );
    }

    #[test]
    fn tricky_text_is_escaped() {
        let mut a = item("! not mandatory", TODO);
        a.id = "a".into();
        let mut b = item("ends with {id=zzz}", "x");
        b.id = "b".into();
        let mut c = item("\\ backslash", DONE);
        c.id = "c".into();
        let lists = vec![List {
            id: "main".into(),
            name: "N".into(),
            items: vec![a, b, c],
        }];
        for ids in [Ids::Include, Ids::Omit] {
            let back = parse(&print(&lists, ids));
            for (x, y) in back[0].items.iter().zip(&lists[0].items) {
                assert_eq!(x.text, y.text, "{ids:?}");
                assert_eq!(x.status, y.status);
                assert!(!x.mandatory);
            }
        }
    }

    #[test]
    fn ids_are_matched_by_text_and_position() {
        let mut cur = vec![List {
            id: "main".into(),
            name: "Checklist".into(),
            items: vec![item("a", TODO), item("b", TODO), item("a", TODO)],
        }];
        for (n, i) in cur[0].items.iter_mut().enumerate() {
            i.id = ItemId::from(format!("id{n}"));
        }
        let mut parsed = parse("- [ ] b\n- [x] a\n- [ ] new\n- [ ] a");
        match_ids(&mut parsed, &cur);
        let ids: Vec<_> = parsed[0].items.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["id1", "id0", "", "id2"]);
        assert_eq!(parsed[0].id, "main");
    }
}
