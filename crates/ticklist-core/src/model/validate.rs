//! What an item or list may hold: checked before anything is changed, so a refused operation
//! changes nothing.

use super::view::NewItem;
use crate::error::OpError;
use crate::limits::{Limit, Limits};
use crate::status::valid_status_id;

/// Checks item text: one line, not blank, within the limit. Returns it trimmed.
pub fn check_text(text: &str, limits: &Limits) -> Result<String, OpError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(OpError::EmptyText);
    }
    if t.contains(['\n', '\r']) {
        return Err(OpError::MultiLineText);
    }
    check_len(t, limits.item_text_chars, Limit::ItemText)?;
    Ok(t.to_owned())
}

pub(super) fn check_len(s: &str, max: usize, limit: Limit) -> Result<(), OpError> {
    let n = s.chars().count();
    if n > max {
        return Err(OpError::Limit {
            limit,
            max,
            value: n,
        });
    }
    Ok(())
}

/// Details keep their lines but lose trailing spaces and leading or trailing blank lines, so what the text
/// format prints and parses back is exactly what is stored.
pub fn normalize_details(details: &str) -> String {
    let lines: Vec<&str> = details.lines().map(str::trim_end).collect();
    lines
        .join("\n")
        .trim_end()
        .trim_start_matches('\n')
        .to_owned()
}

pub(super) fn check_new_item(item: &NewItem, limits: &Limits) -> Result<NewItem, OpError> {
    let text = check_text(&item.text, limits)?;
    let details = normalize_details(&item.details);
    check_len(&details, limits.details_chars, Limit::Details)?;
    if !valid_status_id(&item.status) {
        return Err(OpError::InvalidStatus(item.status.clone()));
    }
    Ok(NewItem {
        text,
        details,
        ..item.clone()
    })
}

pub(super) fn check_list_name(name: &str, limits: &Limits) -> Result<String, OpError> {
    let n = name.trim();
    if n.is_empty() {
        return Err(OpError::EmptyListName);
    }
    if n.contains(['\n', '\r']) {
        return Err(OpError::MultiLineText);
    }
    check_len(n, limits.list_name_chars, Limit::ListName)?;
    Ok(n.to_owned())
}
