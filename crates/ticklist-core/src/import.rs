//! Importers for other checklist apps' text formats. Unknown lines are kept as plain items,
//! never dropped; the result has no ids (they are new items).

use crate::model::{Item, ItemKind, List, DEFAULT_LIST_NAME};
use crate::status::{DONE, IN_PROGRESS, SKIPPED, TODO};

/// The issue property where Smart Checklist (Railsware) keeps its markdown.
pub const SMART_CHECKLIST_PROPERTY: &str = "com.railsware.SmartChecklist.checklist";

fn item(text: &str, status: &str, mandatory: bool, kind: ItemKind) -> Item {
    Item {
        id: Default::default(),
        text: text.trim().to_owned(),
        status: status.into(),
        mandatory,
        kind,
        details: String::new(),
        assignee: None,
        due: None,
    }
}

fn push_detail(items: &mut [Item], line: &str) -> bool {
    match items.last_mut() {
        Some(last) => {
            if !last.details.is_empty() {
                last.details.push('\n');
            }
            last.details.push_str(line.trim_end());
            true
        }
        None => false,
    }
}

/// Smart Checklist markdown: `- ` to do, `+ ` done, `~ ` in progress, `x ` skipped, `# ` header,
/// `> ` detail of the item above, `!` right after the sign marks mandatory.
pub fn smart_checklist(text: &str) -> Vec<List> {
    let mut items: Vec<Item> = Vec::new();
    for raw in text.lines() {
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        if let Some(d) = line.strip_prefix('>') {
            if push_detail(&mut items, d.strip_prefix(' ').unwrap_or(d)) {
                continue;
            }
        }
        if line.starts_with('#') {
            let t = line.trim_start_matches('#');
            if t.starts_with(' ') {
                items.push(item(t, TODO, false, ItemKind::Header));
                continue;
            }
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
        match status {
            Some(st) if rest.starts_with('!') => {
                items.push(item(&rest[1..], st, true, ItemKind::Item))
            }
            Some(st) if rest.starts_with(' ') => items.push(item(rest, st, false, ItemKind::Item)),
            _ => items.push(item(line, TODO, false, ItemKind::Item)),
        }
    }
    one_list(items)
}

/// Smart Checklist's stored issue property: a JSON string holding its markdown. Returns `None`
/// when the value is not a JSON string.
pub fn smart_checklist_property(raw_json: &str) -> Option<Vec<List>> {
    let s: String = serde_json::from_str(raw_json).ok()?;
    Some(smart_checklist(&s))
}

/// Checklist for Jira (HeroCoders): optional `* `/`- `/`+ ` bullet, `[]`/`[ ]` open, `[x]` done,
/// `?` right after the box = optional (items are mandatory by default there), `--- ` header,
/// `>> ` detail line, `# Name` starts another checklist.
pub fn herocoders(text: &str) -> Vec<List> {
    let mut lists: Vec<List> = Vec::new();
    let mut current: Vec<Item> = Vec::new();
    let mut name: Option<String> = None;
    let flush = |lists: &mut Vec<List>, name: &mut Option<String>, items: &mut Vec<Item>| {
        if name.is_some() || !items.is_empty() {
            lists.push(List {
                id: Default::default(),
                name: name.take().unwrap_or_else(|| DEFAULT_LIST_NAME.into()),
                items: std::mem::take(items),
            });
        }
    };
    for raw in text.lines() {
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        if let Some(n) = line.strip_prefix("# ") {
            flush(&mut lists, &mut name, &mut current);
            name = Some(n.trim().to_owned());
            continue;
        }
        if let Some(d) = line.strip_prefix(">>") {
            if push_detail(&mut current, d.strip_prefix(' ').unwrap_or(d)) {
                continue;
            }
        }
        if let Some(h) = line.strip_prefix("---") {
            if h.starts_with(' ') {
                current.push(item(h, TODO, false, ItemKind::Header));
                continue;
            }
        }
        let body = ["* ", "- ", "+ "]
            .iter()
            .find_map(|b| line.strip_prefix(b))
            .unwrap_or(line);
        let boxed = [("[]", TODO), ("[ ]", TODO), ("[x]", DONE), ("[X]", DONE)]
            .iter()
            .find_map(|(b, st)| body.strip_prefix(b).map(|r| (*st, r)));
        match boxed {
            Some((st, rest)) => match rest.strip_prefix('?') {
                Some(r) => current.push(item(r, st, false, ItemKind::Item)),
                None => current.push(item(rest, st, true, ItemKind::Item)),
            },
            None => current.push(item(line, TODO, false, ItemKind::Item)),
        }
    }
    flush(&mut lists, &mut name, &mut current);
    lists
}

fn one_list(items: Vec<Item>) -> Vec<List> {
    if items.is_empty() {
        return Vec::new();
    }
    vec![List {
        id: Default::default(),
        name: DEFAULT_LIST_NAME.into(),
        items,
    }]
}
