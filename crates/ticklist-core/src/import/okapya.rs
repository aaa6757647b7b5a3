//! Checklist for Jira (Okapya): its documented JSON item representation, which its REST API and
//! its CSV export use: `{"name", "checked", "mandatory", "isHeader", "dueDate", "status":
//! {"name"}}`. Accepted as the JSON array the REST API returns, or one item per line as in CSV
//! cells (where quotes are doubled).

use super::{item, one_list, status_named, Imported, Unclear, UnclearLine};
use crate::date::Date;
use crate::model::{Item, ItemKind};
use crate::status::{StatusSet, DONE, SKIPPED, TODO};
use serde_json::Value;

pub(super) fn read(text: &str, statuses: &StatusSet) -> Imported {
    let mut items = Vec::new();
    let mut unclear = Vec::new();
    let mut take = |n: usize, raw: &str, value: Option<Value>| match value
        .as_ref()
        .and_then(|v| one(v, statuses))
    {
        Some((it, why)) => {
            if let Some(why) = why {
                unclear.push(UnclearLine {
                    line: n,
                    text: raw.to_owned(),
                    why,
                });
            }
            items.push(it);
        }
        None => {
            unclear.push(UnclearLine {
                line: n,
                text: raw.to_owned(),
                why: Unclear::NotAnItem,
            });
            items.push(item(raw, TODO, false, ItemKind::Item));
        }
    };
    match serde_json::from_str::<Value>(text.trim()) {
        Ok(Value::Array(all)) => {
            for (n, v) in all.into_iter().enumerate() {
                let raw = v.to_string();
                take(n + 1, &raw, Some(v));
            }
        }
        _ => {
            for (n, raw) in text.lines().enumerate() {
                let line = raw.trim();
                if line.is_empty() {
                    continue;
                }
                take(n + 1, line, csv_cell(line));
            }
        }
    }
    Imported {
        lists: one_list(items),
        unclear,
    }
}

/// A line holding one item: plain JSON, or a CSV cell (`"{""name"":""x""}"`).
fn csv_cell(line: &str) -> Option<Value> {
    let line = line.trim_end_matches(',');
    serde_json::from_str(line).ok().or_else(|| {
        let inner = line.strip_prefix('"')?.strip_suffix('"')?;
        serde_json::from_str(&inner.replace("\"\"", "\"")).ok()
    })
}

/// One item, and why part of it was kept as text; `None` when it is not an item at all.
fn one(v: &Value, statuses: &StatusSet) -> Option<(Item, Option<Unclear>)> {
    let name = v.get("name")?.as_str()?.trim();
    if name.is_empty() {
        return None;
    }
    let flag = |k: &str| v.get(k).and_then(Value::as_bool).unwrap_or(false);
    let kind = if flag("isHeader") {
        ItemKind::Header
    } else {
        ItemKind::Item
    };
    let checked = flag("checked");
    let mut why = None;
    let status_name = v.pointer("/status/name").and_then(Value::as_str);
    let status = match status_name.map(|n| (n, status_named(statuses, n))) {
        Some((_, Some(id))) => id,
        // Okapya's default "N/A" status means the item does not apply: it no longer holds
        // anything up, which is what Skipped means here.
        Some((n, None)) if n.trim().eq_ignore_ascii_case("n/a") => SKIPPED.into(),
        Some((n, None)) => {
            why = Some(Unclear::UnknownStatus(n.to_owned()));
            (if checked { DONE } else { TODO }).into()
        }
        None => (if checked { DONE } else { TODO }).into(),
    };
    let text = match (&why, status_name) {
        (Some(_), Some(n)) => format!("[{n}] {name}"),
        _ => name.to_owned(),
    };
    let mut it = item(&text, status, flag("mandatory"), kind);
    it.due = v
        .get("dueDate")
        .and_then(Value::as_str)
        .and_then(|d| d.get(..10))
        .and_then(|d| d.parse::<Date>().ok());
    Some((it, why))
}
