//! Smart Checklist (Railsware) markdown: a sign starts each item (`-` to do, `+` done,
//! `~` in progress, `x` skipped), optionally followed by `!` (mandatory) and a custom status
//! in brackets (`- [ON HOLD] text`, as its "Custom statuses" page shows); `#`/`##` lines are
//! headers and `>` lines are details of the item above.

use super::{item, one_list, push_detail, status_named, Imported, Unclear, UnclearLine};
use crate::model::{Item, ItemKind};
use crate::status::{StatusSet, DONE, IN_PROGRESS, SKIPPED, TODO};

/// The issue property where Smart Checklist keeps its markdown.
pub const SMART_CHECKLIST_PROPERTY: &str = "com.railsware.SmartChecklist.checklist";

pub(super) fn read(text: &str, statuses: &StatusSet) -> Imported {
    let mut items: Vec<Item> = Vec::new();
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
        if let Some(d) = line.strip_prefix('>') {
            if !push_detail(&mut items, d.strip_prefix(' ').unwrap_or(d)) {
                keep(Unclear::DetailWithoutItem);
                items.push(item(line, TODO, false, ItemKind::Item));
            }
            continue;
        }
        let hashes = line.trim_start_matches('#');
        if hashes.len() < line.len() && hashes.starts_with(' ') && !hashes.trim().is_empty() {
            items.push(item(hashes, TODO, false, ItemKind::Header));
            continue;
        }
        let mut chars = line.chars();
        let status = match chars.next() {
            Some('-') => Some(TODO),
            Some('+') => Some(DONE),
            Some('~') => Some(IN_PROGRESS),
            Some('x' | 'X') => Some(SKIPPED),
            _ => None,
        };
        let rest = chars.as_str();
        let (mandatory, rest) = match rest.strip_prefix('!') {
            Some(r) => (true, r),
            None => (false, rest),
        };
        let Some(status) = status.filter(|_| rest.starts_with(' ')) else {
            keep(Unclear::NoMarker);
            items.push(item(line, TODO, false, ItemKind::Item));
            continue;
        };
        let rest = rest.trim_start();
        let (status, text) = match custom_status(rest) {
            Some((name, after)) => match status_named(statuses, name) {
                Some(id) => (id, after),
                None => {
                    keep(Unclear::UnknownStatus(name.to_owned()));
                    (status.into(), rest)
                }
            },
            None => (status.into(), rest),
        };
        if text.trim().is_empty() {
            keep(Unclear::NoText);
            items.push(item(line, status, mandatory, ItemKind::Item));
            continue;
        }
        items.push(item(text, status, mandatory, ItemKind::Item));
    }
    Imported {
        lists: one_list(items),
        unclear,
    }
}

/// `[NAME] text` → (`NAME`, `text`). A Markdown task box (`[ ]`, `[x]`) is not a status.
fn custom_status(rest: &str) -> Option<(&str, &str)> {
    let inner = rest.strip_prefix('[')?;
    let end = inner.find(']')?;
    let name = &inner[..end];
    if name.trim().is_empty() || name.eq_ignore_ascii_case("x") {
        return None;
    }
    Some((name.trim(), inner[end + 1..].trim_start()))
}
