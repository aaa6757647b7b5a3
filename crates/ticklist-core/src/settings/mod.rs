//! Admin settings: templates, default templates per project and issue type, statuses, options.
//!
//! A settings document *is* a checklist [`Document`], stored with the same codec under
//! [`SETTINGS_KEY`] instead of the checklist key:
//! - every checklist in it is a template (list name = template name, list order = template
//!   order), so templates are edited with the panel's own editor and text format, and two
//!   admins editing the same template at once merge item by item like any checklist;
//! - everything else is a meta register (last writer wins per entry), so two admins changing
//!   different rules, statuses or options at once both keep their change:
//!   - `settings`: the settings format version ([`SETTINGS_VERSION`]),
//!   - `default.<issue type id>` and `default.*` (any type): `"<template id> auto|offer"`,
//!     empty for "no default",
//!   - `status.<id>`: a status as JSON (`{"name","category","complete","color","retired","pos"}`),
//!     laid over the built-in set (so renaming "Done" is an entry for `done`),
//!   - `opt.hideGlobal`, `opt.collapseDone` (`"true"`/`"false"`), `opt.maxItems` (a number).
//!
//! Two documents are read: the global one (Jira admins; a copy on every issue type) and the
//! project's (project admins); [`effective`] combines them. Entries that cannot be read are
//! skipped and listed in [`Settings::problems`] for admins; the stored value is kept.

mod edit;
mod effective;
mod read;
#[cfg(test)]
mod tests;
mod transfer;

pub use edit::{
    duplicate_template, set_default, set_flag, set_max_items, set_status, status_id_for,
    status_use, Flag,
};
pub use effective::{apply_default, effective, should_auto_apply, Effective, Origin};
pub use read::read;
pub use transfer::{export, import, Export, ExportedTemplate, ImportError, EXPORT_KIND};

use crate::limits::Limits;
use crate::model::{Item, ListId, NewItem};
use crate::status::{Category, StatusSet};
use serde::{Deserialize, Serialize};

/// Version of the meaning of the meta entries (the storage format is the codec's).
pub const SETTINGS_VERSION: u64 = 1;
/// The property key of a settings document (on a project, or on every issue type for global
/// ones); further parts use the codec's numbering.
pub const SETTINGS_KEY: &str = "ticklist.settings";
/// Document meta key recording that a default template was applied automatically.
pub const AUTO_APPLIED_META: &str = "autoTemplate";

pub(crate) const VERSION_META: &str = "settings";
pub(crate) const DEFAULT_PREFIX: &str = "default.";
pub(crate) const ANY_TYPE: &str = "*";
pub(crate) const STATUS_PREFIX: &str = "status.";
pub(crate) const OPT_HIDE_GLOBAL: &str = "opt.hideGlobal";
pub(crate) const OPT_COLLAPSE_DONE: &str = "opt.collapseDone";
pub(crate) const OPT_MAX_ITEMS: &str = "opt.maxItems";

/// Limits for a settings document: more templates than an issue has checklists.
pub fn limits() -> Limits {
    Limits {
        lists_per_issue: 200,
        items_per_list: 500,
        ..Limits::default()
    }
}

/// A template: a checklist kept in the settings document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    pub id: ListId,
    pub name: String,
    pub items: Vec<Item>,
}

impl Template {
    /// The template's items, ready to insert (headers, statuses, mandatory flags, details kept).
    pub fn new_items(&self) -> Vec<NewItem> {
        self.items.iter().map(NewItem::from).collect()
    }
}

/// Whether a default template is put on a new issue's checklist by itself or only offered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ApplyWhen {
    Auto,
    Offer,
}

impl ApplyWhen {
    pub fn as_str(self) -> &'static str {
        match self {
            ApplyWhen::Auto => "auto",
            ApplyWhen::Offer => "offer",
        }
    }
}

impl std::str::FromStr for ApplyWhen {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, ()> {
        [ApplyWhen::Auto, ApplyWhen::Offer]
            .into_iter()
            .find(|a| a.as_str() == s)
            .ok_or(())
    }
}

/// "Issues of this type (or any type) start from this template."
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DefaultRule {
    /// `None`: every issue type without a more specific rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issue_type_id: Option<String>,
    pub template_id: ListId,
    pub apply: ApplyWhen,
}

/// A status as an admin configured it (stored per status, laid over the built-in set).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
struct StoredStatus {
    name: String,
    category: Category,
    complete: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    color: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    retired: bool,
    /// Display position; built-in statuses keep theirs unless given one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pos: Option<u32>,
}

/// What a settings document says, read and validated.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Settings {
    pub templates: Vec<Template>,
    pub defaults: Vec<DefaultRule>,
    /// The statuses items may have: the built-in set with the admins' changes and additions.
    /// `None` when the document changes nothing about statuses.
    pub statuses: Option<StatusSet>,
    /// Project settings only: do not offer global templates in this project.
    pub hide_global_templates: bool,
    /// Whether done items start collapsed in the panel (`None`: not set here).
    pub collapse_done: Option<bool>,
    /// Items per checklist, at most the built-in limit (`None`: not set here).
    pub max_items: Option<usize>,
    /// Entries that could not be read (skipped; kept in storage until an admin changes them).
    pub problems: Vec<String>,
}
