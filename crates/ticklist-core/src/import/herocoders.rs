//! Checklist for Jira (HeroCoders), as its "Formatting" and "Checklist Text format" pages
//! describe it: every line is an item unless it starts with `>>` (description of the item
//! above) or `# ` (the name of the next checklist, in the Checklist Text field); `--- ` starts a
//! header; an item may start with a bullet (`*`, `-`, `+`) and/or a box (`[]`, `[ ]`, `[x]`),
//! and a `?` right after them (or alone at the start) makes it optional. Items are mandatory
//! unless marked optional, and checked only with `[x]`.

use super::{item, push_detail, Imported, Lists, Unclear, UnclearLine};
use crate::model::ItemKind;
use crate::status::{DONE, TODO};

pub(super) fn read(text: &str) -> Imported {
    let mut lists = Lists::default();
    let mut unclear = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        let mut keep = |why| {
            unclear.push(UnclearLine {
                line: n + 1,
                text: line.to_owned(),
                why,
            })
        };
        if let Some(d) = line.strip_prefix(">>") {
            if !push_detail(&mut lists.items, d.strip_prefix(' ').unwrap_or(d)) {
                keep(Unclear::DetailWithoutItem);
                lists.items.push(item(line, TODO, true, ItemKind::Item));
            }
            continue;
        }
        if let Some(name) = line.strip_prefix("# ") {
            lists.start(name);
            continue;
        }
        if let Some(h) = line.strip_prefix("---") {
            if !h.trim().is_empty() && !h.starts_with('-') {
                lists.items.push(item(h, TODO, false, ItemKind::Header));
                continue;
            }
        }
        let parsed = parse_item(line);
        if parsed.text.is_empty() {
            keep(Unclear::NoText);
            lists.items.push(item(line, TODO, true, ItemKind::Item));
            continue;
        }
        let status = if parsed.checked { DONE } else { TODO };
        lists
            .items
            .push(item(parsed.text, status, !parsed.optional, ItemKind::Item));
    }
    Imported {
        lists: lists.finish(),
        unclear,
    }
}

struct Parsed<'a> {
    text: &'a str,
    checked: bool,
    optional: bool,
}

/// Bullet, box and `?`, in that order, each optional.
fn parse_item(line: &str) -> Parsed<'_> {
    let mut rest = line;
    let mut marked = false;
    // A bullet counts only when followed by a space, a box or `?` ("-- x" and "*bold*" are text).
    if let Some(r) = rest.strip_prefix(['*', '-', '+']) {
        if r.is_empty() || r.starts_with([' ', '[', '?']) {
            rest = r.trim_start();
            marked = true;
        }
    }
    let mut checked = false;
    for (b, done) in [("[]", false), ("[ ]", false), ("[x]", true), ("[X]", true)] {
        if let Some(r) = rest.strip_prefix(b) {
            rest = r;
            checked = done;
            marked = true;
            break;
        }
    }
    let mut optional = false;
    if let Some(r) = rest.strip_prefix('?') {
        // Alone at the start of a line, `?` must be followed by a space ("?why" is text).
        if marked || r.starts_with(' ') {
            rest = r;
            optional = true;
        }
    }
    Parsed {
        text: rest.trim(),
        checked,
        optional,
    }
}
