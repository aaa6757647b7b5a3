//! Changing settings: rules, statuses, options and templates, each a register of its own.

use super::{
    limits, ApplyWhen, Settings, StoredStatus, ANY_TYPE, DEFAULT_PREFIX, OPT_COLLAPSE_DONE,
    OPT_HIDE_GLOBAL, OPT_MAX_ITEMS, SETTINGS_VERSION, STATUS_PREFIX, VERSION_META,
};
use crate::error::OpError;
use crate::limits::Limits;
use crate::model::{Document, ListId, NewItem};
use crate::stamp::Clock;
use crate::status::{valid_status_id, Status, StatusSet};

pub(super) fn stamp_version(doc: &mut Document, clock: &mut Clock) {
    if doc.meta(VERSION_META).is_none() {
        doc.set_meta(clock, VERSION_META, &SETTINGS_VERSION.to_string());
    }
}

/// Sets (or with `None` clears) the default template for an issue type (`None`: any type).
pub fn set_default(
    doc: &mut Document,
    clock: &mut Clock,
    issue_type_id: Option<&str>,
    rule: Option<(&ListId, ApplyWhen)>,
) {
    stamp_version(doc, clock);
    let key = format!("{DEFAULT_PREFIX}{}", issue_type_id.unwrap_or(ANY_TYPE));
    let value = rule
        .map(|(t, a)| format!("{t} {}", a.as_str()))
        .unwrap_or_default();
    doc.set_meta(clock, &key, &value);
}

/// Adds or changes one status. `pos` orders it among the others (built-ins are 0, 10, 20 …).
pub fn set_status(
    doc: &mut Document,
    clock: &mut Clock,
    status: &Status,
    pos: Option<u32>,
) -> Result<(), OpError> {
    if !valid_status_id(&status.id) {
        return Err(OpError::InvalidStatus(status.id.clone()));
    }
    if status.name.trim().is_empty() {
        return Err(OpError::EmptyText);
    }
    let stored = StoredStatus {
        name: status.name.trim().to_owned(),
        category: status.category,
        complete: status.complete,
        color: status.color.clone().filter(|c| !c.trim().is_empty()),
        retired: status.retired,
        pos,
    };
    stamp_version(doc, clock);
    let json = serde_json::to_string(&stored).expect("a status serialises");
    doc.set_meta(clock, &format!("{STATUS_PREFIX}{}", status.id), &json);
    Ok(())
}

/// A status id made from a name (`"QA review"` → `"qa-review"`), unique among `taken`.
pub fn status_id_for(name: &str, taken: &StatusSet) -> String {
    let mut base: String = name
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    base.truncate(28);
    if base.is_empty() {
        base = "status".into();
    }
    let mut id = base.clone();
    let mut n = 2;
    while taken.get(&id).is_some() {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

/// The options an admin can switch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flag {
    HideGlobalTemplates,
    CollapseDone,
}

pub fn set_flag(doc: &mut Document, clock: &mut Clock, flag: Flag, on: bool) {
    stamp_version(doc, clock);
    let key = match flag {
        Flag::HideGlobalTemplates => OPT_HIDE_GLOBAL,
        Flag::CollapseDone => OPT_COLLAPSE_DONE,
    };
    doc.set_meta(clock, key, if on { "true" } else { "false" });
}

/// Sets the items-per-checklist limit (`None`: the built-in one).
pub fn set_max_items(
    doc: &mut Document,
    clock: &mut Clock,
    max: Option<usize>,
) -> Result<(), OpError> {
    let builtin = Limits::default().items_per_list;
    if let Some(n) = max {
        if n == 0 || n > builtin {
            return Err(OpError::Limit {
                limit: crate::Limit::ItemsPerList,
                max: builtin,
                value: n,
            });
        }
    }
    stamp_version(doc, clock);
    doc.set_meta(
        clock,
        OPT_MAX_ITEMS,
        &max.map(|n| n.to_string()).unwrap_or_default(),
    );
    Ok(())
}

/// Copies a template under a new name, placed after the others.
pub fn duplicate_template(
    doc: &mut Document,
    clock: &mut Clock,
    id: &ListId,
    name: &str,
) -> Result<ListId, OpError> {
    let limits = limits();
    let source = doc
        .lists()
        .into_iter()
        .find(|l| l.id == id)
        .ok_or_else(|| OpError::ListNotFound(id.into()))?;
    let mut trial = doc.clone();
    let new = trial.add_list(clock, name, &limits)?;
    let items: Vec<NewItem> = source.items.iter().map(NewItem::from).collect();
    trial.insert_items(clock, &new, usize::MAX, &items, &limits)?;
    stamp_version(&mut trial, clock);
    *doc = trial;
    Ok(new)
}

/// How many items of all templates use each status id (for "retiring keeps N items readable").
pub fn status_use(settings: &Settings, id: &str) -> usize {
    settings
        .templates
        .iter()
        .flat_map(|t| &t.items)
        .filter(|i| !i.is_header() && i.status == id)
        .count()
}
