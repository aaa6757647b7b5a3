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

use crate::error::OpError;
use crate::limits::Limits;
use crate::model::{Document, Item, ListId, NewItem};
use crate::stamp::Clock;
use crate::status::{valid_status_id, Category, Status, StatusSet};
use serde::{Deserialize, Serialize};

/// Version of the meaning of the meta entries (the storage format is the codec's).
pub const SETTINGS_VERSION: u64 = 1;
/// The property key of a settings document (on a project, or on every issue type for global
/// ones); further parts use the codec's numbering.
pub const SETTINGS_KEY: &str = "ticklist.settings";
/// Document meta key recording that a default template was applied automatically.
pub const AUTO_APPLIED_META: &str = "autoTemplate";

const VERSION_META: &str = "settings";
const DEFAULT_PREFIX: &str = "default.";
const ANY_TYPE: &str = "*";
const STATUS_PREFIX: &str = "status.";
const OPT_HIDE_GLOBAL: &str = "opt.hideGlobal";
const OPT_COLLAPSE_DONE: &str = "opt.collapseDone";
const OPT_MAX_ITEMS: &str = "opt.maxItems";

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

/// "Issues of this type (or any type) start from this template."
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DefaultRule {
    /// `None`: every issue type without a more specific rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issue_type_id: Option<String>,
    pub template_id: String,
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

/// Reads the settings a document holds. Never fails: what cannot be read is reported in
/// [`Settings::problems`] and left out.
pub fn read(doc: &Document) -> Settings {
    let mut s = Settings {
        templates: doc
            .lists()
            .into_iter()
            .map(|l| Template {
                id: l.id,
                name: l.name,
                items: l.items,
            })
            .collect(),
        ..Settings::default()
    };
    if let Some(v) = doc.meta(VERSION_META) {
        if v.parse::<u64>().map_or(true, |v| v > SETTINGS_VERSION) {
            s.problems.push(format!(
                "these settings were saved by a newer version of Ticklist (settings format {v}); \
                 some of them may not be shown"
            ));
        }
    }
    let mut statuses: Vec<(u32, Status)> = StatusSet::default()
        .statuses
        .into_iter()
        .enumerate()
        .map(|(i, st)| (i as u32 * 10, st))
        .collect();
    let mut statuses_changed = false;
    for (key, reg) in &doc.meta {
        let value = reg.value.as_str();
        if let Some(ty) = key.strip_prefix(DEFAULT_PREFIX) {
            if value.is_empty() {
                continue;
            }
            match parse_rule(value) {
                Some((template_id, apply)) => s.defaults.push(DefaultRule {
                    issue_type_id: (ty != ANY_TYPE).then(|| ty.to_owned()),
                    template_id,
                    apply,
                }),
                None => s.problems.push(format!(
                    "default template for \"{ty}\" cannot be read: {value}"
                )),
            }
        } else if let Some(id) = key.strip_prefix(STATUS_PREFIX) {
            let parsed =
                parse_status(value).filter(|st| valid_status_id(id) && !st.name.trim().is_empty());
            let Some(st) = parsed else {
                s.problems
                    .push(format!("status \"{id}\" cannot be read: {value}"));
                continue;
            };
            statuses_changed = true;
            let status = Status {
                id: id.to_owned(),
                name: st.name,
                category: st.category,
                complete: st.complete,
                color: st.color,
                retired: st.retired,
            };
            match statuses.iter_mut().find(|(_, x)| x.id == id) {
                Some(slot) => *slot = (st.pos.unwrap_or(slot.0), status),
                None => statuses.push((st.pos.unwrap_or(u32::MAX), status)),
            }
        } else {
            match key.as_str() {
                OPT_HIDE_GLOBAL => s.hide_global_templates = value == "true",
                OPT_COLLAPSE_DONE => s.collapse_done = Some(value == "true"),
                OPT_MAX_ITEMS => match value.parse::<usize>() {
                    Ok(n) if n > 0 => s.max_items = Some(n),
                    _ => s
                        .problems
                        .push(format!("item limit cannot be read: {value}")),
                },
                _ => {}
            }
        }
    }
    if statuses_changed {
        // Stable: equal positions keep the built-in order, then ids.
        statuses.sort_by_key(|a| a.0);
        s.statuses = Some(StatusSet {
            statuses: statuses.into_iter().map(|(_, st)| st).collect(),
        });
    }
    s
}

/// Reads a stored status by hand rather than with a derived `Deserialize`: the derive's error
/// messages pull float formatting into the issue panel's bundle (measured: ~4 KB brotli).
fn parse_status(value: &str) -> Option<StoredStatus> {
    let v: serde_json::Value = serde_json::from_str(value).ok()?;
    let category = match v.get("category")?.as_str()? {
        "todo" => Category::Todo,
        "in-progress" => Category::InProgress,
        "done" => Category::Done,
        _ => return None,
    };
    Some(StoredStatus {
        name: v.get("name")?.as_str()?.to_owned(),
        category,
        complete: v.get("complete")?.as_bool()?,
        color: v.get("color").and_then(|c| c.as_str()).map(str::to_owned),
        retired: v.get("retired").and_then(|r| r.as_bool()).unwrap_or(false),
        pos: match v.get("pos") {
            None => None,
            Some(p) => Some(u32::try_from(p.as_u64()?).ok()?),
        },
    })
}

fn parse_rule(value: &str) -> Option<(String, ApplyWhen)> {
    let (template, apply) = value.rsplit_once(' ')?;
    let apply = match apply {
        "auto" => ApplyWhen::Auto,
        "offer" => ApplyWhen::Offer,
        _ => return None,
    };
    (!template.is_empty()).then(|| (template.to_owned(), apply))
}

fn stamp_version(doc: &mut Document, clock: &mut Clock) {
    if doc.meta(VERSION_META).is_none() {
        doc.set_meta(clock, VERSION_META, &SETTINGS_VERSION.to_string());
    }
}

/// Sets (or with `None` clears) the default template for an issue type (`None`: any type).
pub fn set_default(
    doc: &mut Document,
    clock: &mut Clock,
    issue_type_id: Option<&str>,
    rule: Option<(&str, ApplyWhen)>,
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
    id: &str,
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

/// Where a template comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    Global,
    Project,
}

/// Settings as the panel uses them for one project.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Effective {
    /// Project templates first, then global ones unless the project hides them.
    pub templates: Vec<(Origin, Template)>,
    pub statuses: StatusSet,
    pub collapse_done: bool,
    pub limits: Limits,
    project_rules: Vec<DefaultRule>,
    global_rules: Vec<DefaultRule>,
}

impl Default for Effective {
    fn default() -> Self {
        effective(None, None)
    }
}

/// Combines the global and the project settings (either may be absent or unreadable: pass
/// `None` and defaults apply).
pub fn effective(global: Option<&Settings>, project: Option<&Settings>) -> Effective {
    let hide_global = project.is_some_and(|p| p.hide_global_templates);
    let mut templates: Vec<(Origin, Template)> = project
        .map(|p| {
            p.templates
                .iter()
                .map(|t| (Origin::Project, t.clone()))
                .collect()
        })
        .unwrap_or_default();
    if !hide_global {
        if let Some(g) = global {
            templates.extend(g.templates.iter().map(|t| (Origin::Global, t.clone())));
        }
    }
    let mut limits = Limits::default();
    if let Some(n) = global.and_then(|g| g.max_items) {
        limits.items_per_list = n.min(limits.items_per_list);
    }
    Effective {
        templates,
        statuses: global.and_then(|g| g.statuses.clone()).unwrap_or_default(),
        collapse_done: project
            .and_then(|p| p.collapse_done)
            .or(global.and_then(|g| g.collapse_done))
            .unwrap_or(false),
        limits,
        project_rules: project.map(|p| p.defaults.clone()).unwrap_or_default(),
        global_rules: global.map(|g| g.defaults.clone()).unwrap_or_default(),
    }
}

impl Effective {
    /// The default template for an issue type. Precedence: the project's rule for this type,
    /// the project's rule for any type, the global rule for this type, the global rule for any
    /// type. A rule whose template is not available (deleted, or a hidden global one) is skipped.
    pub fn default_for(&self, issue_type_id: &str) -> Option<(&Template, ApplyWhen)> {
        let specific = |r: &&DefaultRule| r.issue_type_id.as_deref() == Some(issue_type_id);
        let any = |r: &&DefaultRule| r.issue_type_id.is_none();
        let candidates = self
            .project_rules
            .iter()
            .filter(specific)
            .chain(self.project_rules.iter().filter(any))
            .chain(self.global_rules.iter().filter(specific))
            .chain(self.global_rules.iter().filter(any));
        for rule in candidates {
            if let Some((_, t)) = self
                .templates
                .iter()
                .find(|(_, t)| t.id == rule.template_id)
            {
                return Some((t, rule.apply));
            }
        }
        None
    }
}

/// Whether a default template should be applied automatically to `doc`: only to an issue that
/// has never had a checklist (no items, not even deleted ones) and never had one applied, so
/// a user who clears the checklist does not get the template back.
pub fn should_auto_apply(doc: &Document) -> bool {
    doc.items.is_empty() && doc.meta(AUTO_APPLIED_META).is_none()
}

/// Puts a default template on an issue that has no checklist yet, and records it. Item ids are
/// derived from the template, so two people opening the new issue at once, who both apply it,
/// merge into one copy instead of two.
pub fn apply_default(
    doc: &mut Document,
    clock: &mut Clock,
    template: &Template,
    limits: &Limits,
) -> Result<(), OpError> {
    let mut trial = doc.clone();
    let list = trial.ensure_list(clock);
    trial.insert_items_with_ids(
        clock,
        &list,
        &template.new_items(),
        &format!("t.{}.", template.id),
        limits,
    )?;
    trial.set_meta(clock, AUTO_APPLIED_META, &template.id);
    *doc = trial;
    Ok(())
}

/// The portable form of a settings document, for moving settings between sites.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Export {
    pub app: String,
    pub kind: String,
    pub v: u64,
    /// Each template in Ticklist's text format (`# Name` then its items).
    pub templates: Vec<ExportedTemplate>,
    #[serde(default)]
    pub defaults: Vec<DefaultRule>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statuses: Option<StatusSet>,
    #[serde(default)]
    pub hide_global_templates: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collapse_done: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportedTemplate {
    pub id: String,
    pub name: String,
    pub text: String,
}

pub const EXPORT_KIND: &str = "settings";

/// Settings as portable JSON (templates as text; rules name templates by their id here).
pub fn export(settings: &Settings) -> String {
    let e = Export {
        app: crate::codec::APP_MARKER.into(),
        kind: EXPORT_KIND.into(),
        v: SETTINGS_VERSION,
        templates: settings
            .templates
            .iter()
            .map(|t| ExportedTemplate {
                id: t.id.clone(),
                name: t.name.clone(),
                text: crate::text::print(
                    &[crate::List {
                        id: t.id.clone(),
                        name: t.name.clone(),
                        items: t.items.clone(),
                    }],
                    crate::text::Ids::Omit,
                ),
            })
            .collect(),
        defaults: settings.defaults.clone(),
        statuses: settings.statuses.clone(),
        hide_global_templates: settings.hide_global_templates,
        collapse_done: settings.collapse_done,
        max_items: settings.max_items,
    };
    serde_json::to_string_pretty(&e).expect("settings serialise")
}

/// Why an import was refused (nothing is changed then).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error("this is not a Ticklist settings export ({0})")]
    NotAnExport(String),
    #[error("the export was made by a newer version of Ticklist (format {0})")]
    TooNew(u64),
    #[error(transparent)]
    Refused(#[from] OpError),
}

/// Adds an export's templates (as new templates), rules (pointing at the imported copies),
/// statuses and options to `doc`. All or nothing. Returns how many templates were added.
pub fn import(doc: &mut Document, clock: &mut Clock, json: &str) -> Result<usize, ImportError> {
    let e: Export =
        serde_json::from_str(json).map_err(|err| ImportError::NotAnExport(err.to_string()))?;
    if e.app != crate::codec::APP_MARKER || e.kind != EXPORT_KIND {
        return Err(ImportError::NotAnExport("wrong \"app\" or \"kind\"".into()));
    }
    if e.v > SETTINGS_VERSION {
        return Err(ImportError::TooNew(e.v));
    }
    let limits = limits();
    let mut trial = doc.clone();
    let mut ids = std::collections::HashMap::new();
    for t in &e.templates {
        let id = trial.add_list(clock, &t.name, &limits)?;
        let items: Vec<NewItem> = crate::text::parse(&t.text)
            .iter()
            .flat_map(|l| l.items.iter().map(NewItem::from))
            .collect();
        trial.insert_items(clock, &id, usize::MAX, &items, &limits)?;
        ids.insert(t.id.clone(), id);
    }
    for r in &e.defaults {
        if let Some(id) = ids.get(&r.template_id) {
            set_default(
                &mut trial,
                clock,
                r.issue_type_id.as_deref(),
                Some((id, r.apply)),
            );
        }
    }
    if let Some(set) = &e.statuses {
        for (i, st) in set.statuses.iter().enumerate() {
            set_status(&mut trial, clock, st, Some(i as u32 * 10))?;
        }
    }
    set_flag(
        &mut trial,
        clock,
        Flag::HideGlobalTemplates,
        e.hide_global_templates,
    );
    if let Some(c) = e.collapse_done {
        set_flag(&mut trial, clock, Flag::CollapseDone, c);
    }
    if e.max_items.is_some() {
        set_max_items(&mut trial, clock, e.max_items)?;
    }
    stamp_version(&mut trial, clock);
    *doc = trial;
    Ok(e.templates.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::merge;
    use crate::status::DONE;

    fn with_template(clock: &mut Clock, doc: &mut Document, name: &str) -> ListId {
        let l = limits();
        let id = doc.add_list(clock, name, &l).unwrap();
        doc.insert_items(
            clock,
            &id,
            0,
            &[
                NewItem::header(format!("About {name}")),
                NewItem {
                    mandatory: true,
                    ..NewItem::text(format!("first of {name}"))
                },
                NewItem::text("second"),
            ],
            &l,
        )
        .unwrap();
        id
    }

    #[test]
    fn default_template_precedence() {
        let (mut g, mut p) = (Document::new(), Document::new());
        let mut c = Clock::new("a");
        let g_bug = with_template(&mut c, &mut g, "g-bug");
        let g_any = with_template(&mut c, &mut g, "g-any");
        set_default(
            &mut g,
            &mut c,
            Some("10002"),
            Some((&g_bug, ApplyWhen::Auto)),
        );
        set_default(&mut g, &mut c, None, Some((&g_any, ApplyWhen::Offer)));
        let p_story = with_template(&mut c, &mut p, "p-story");
        set_default(
            &mut p,
            &mut c,
            Some("10001"),
            Some((&p_story, ApplyWhen::Auto)),
        );
        let (gs, ps) = (read(&g), read(&p));
        let e = effective(Some(&gs), Some(&ps));
        let pick = |e: &Effective, ty: &str| e.default_for(ty).map(|(t, a)| (t.name.clone(), a));
        assert_eq!(pick(&e, "10001"), Some(("p-story".into(), ApplyWhen::Auto)));
        assert_eq!(pick(&e, "10002"), Some(("g-bug".into(), ApplyWhen::Auto)));
        assert_eq!(pick(&e, "10003"), Some(("g-any".into(), ApplyWhen::Offer)));
        // A project rule for any type beats global ones; clearing a rule removes it.
        set_default(&mut p, &mut c, None, Some((&p_story, ApplyWhen::Offer)));
        let e = effective(Some(&gs), Some(&read(&p)));
        assert_eq!(
            pick(&e, "10002"),
            Some(("p-story".into(), ApplyWhen::Offer))
        );
        set_default(&mut p, &mut c, None, None);
        set_default(&mut p, &mut c, Some("10001"), None);
        let e = effective(Some(&gs), Some(&read(&p)));
        assert_eq!(pick(&e, "10001"), Some(("g-any".into(), ApplyWhen::Offer)));
    }

    #[test]
    fn hidden_or_missing_templates_are_skipped() {
        let (mut g, mut p) = (Document::new(), Document::new());
        let mut c = Clock::new("a");
        let t = with_template(&mut c, &mut g, "global");
        set_default(&mut g, &mut c, None, Some((&t, ApplyWhen::Auto)));
        set_flag(&mut p, &mut c, Flag::HideGlobalTemplates, true);
        set_default(&mut p, &mut c, None, Some(("deleted", ApplyWhen::Auto)));
        let e = effective(Some(&read(&g)), Some(&read(&p)));
        assert!(e.templates.is_empty());
        assert_eq!(e.default_for("10001"), None);
        assert_eq!(effective(Some(&read(&g)), None).templates.len(), 1);
        // A deleted template's rule falls through.
        g.delete_list(&mut c, &t, 0).unwrap();
        assert_eq!(effective(Some(&read(&g)), None).default_for("1"), None);
    }

    #[test]
    fn statuses_lay_over_the_built_in_set() {
        let mut g = Document::new();
        let mut c = Clock::new("a");
        assert_eq!(read(&g).statuses, None);
        let mut done = StatusSet::default().get(DONE).unwrap().clone();
        done.name = "Finished".into();
        done.color = Some("#22a06b".into());
        set_status(&mut g, &mut c, &done, None).unwrap();
        let qa = Status {
            id: status_id_for("QA review!", &StatusSet::default()),
            name: "QA review".into(),
            category: Category::InProgress,
            complete: false,
            color: None,
            retired: false,
        };
        assert_eq!(qa.id, "qa-review");
        set_status(&mut g, &mut c, &qa, Some(15)).unwrap();
        let set = read(&g).statuses.unwrap();
        let ids: Vec<&str> = set.statuses.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "todo",
                "inprogress",
                "qa-review",
                "done",
                "skipped",
                "blocked"
            ]
        );
        assert_eq!(set.get(DONE).unwrap().name, "Finished");
        // Retired: still described (items using it stay readable), no longer offered.
        let mut retired = qa.clone();
        retired.retired = true;
        set_status(&mut g, &mut c, &retired, Some(15)).unwrap();
        assert!(read(&g).statuses.unwrap().get("qa-review").unwrap().retired);
        assert_eq!(
            set_status(
                &mut g,
                &mut c,
                &Status {
                    id: "Bad Id".into(),
                    ..qa
                },
                None
            ),
            Err(OpError::InvalidStatus("Bad Id".into()))
        );
        assert_eq!(status_id_for("QA review", &set), "qa-review-2");
    }

    #[test]
    fn unreadable_entries_are_reported_and_skipped() {
        let mut g = Document::new();
        let mut c = Clock::new("a");
        g.set_meta(&mut c, "status.qa", "{not json");
        g.set_meta(&mut c, "default.10001", "tpl sometimes");
        g.set_meta(&mut c, "opt.maxItems", "lots");
        g.set_meta(&mut c, "settings", "7");
        let s = read(&g);
        assert_eq!(s.problems.len(), 4, "{:?}", s.problems);
        assert!(s.statuses.is_none() && s.defaults.is_empty() && s.max_items.is_none());
        assert!(s.problems.iter().any(|p| p.contains("newer version")));
    }

    #[test]
    fn options_and_limits() {
        let (mut g, mut p) = (Document::new(), Document::new());
        let mut c = Clock::new("a");
        set_flag(&mut g, &mut c, Flag::CollapseDone, true);
        set_max_items(&mut g, &mut c, Some(50)).unwrap();
        assert!(set_max_items(&mut g, &mut c, Some(5000)).is_err());
        let e = effective(Some(&read(&g)), None);
        assert!(e.collapse_done);
        assert_eq!(e.limits.items_per_list, 50);
        set_flag(&mut p, &mut c, Flag::CollapseDone, false);
        assert!(!effective(Some(&read(&g)), Some(&read(&p))).collapse_done);
    }

    #[test]
    fn two_admins_editing_the_same_template_keep_both_changes() {
        let mut base = Document::new();
        let mut a = Clock::new("a");
        let t = with_template(&mut a, &mut base, "Release");
        let mut b = Clock::new("b");
        b.observe(base.max_counter());
        let (mut da, mut db) = (base.clone(), base.clone());
        let l = limits();
        da.add_item(&mut a, &t, &NewItem::text("from A"), &l)
            .unwrap();
        set_default(&mut da, &mut a, Some("10001"), Some((&t, ApplyWhen::Auto)));
        db.add_item(&mut b, &t, &NewItem::text("from B"), &l)
            .unwrap();
        db.rename_list(&mut b, &t, "Release steps", &l).unwrap();
        let merged = merge(&da, &db);
        assert_eq!(merged, merge(&db, &da));
        let s = read(&merged);
        let texts: Vec<&str> = s.templates[0]
            .items
            .iter()
            .map(|i| i.text.as_str())
            .collect();
        assert!(texts.contains(&"from A") && texts.contains(&"from B"));
        assert_eq!(s.templates[0].name, "Release steps");
        assert_eq!(s.defaults.len(), 1);
    }

    #[test]
    fn auto_apply_happens_once_per_issue_and_concurrent_applies_do_not_duplicate() {
        let mut settings = Document::new();
        let mut c = Clock::new("admin");
        let id = with_template(&mut c, &mut settings, "Bug triage");
        let template = read(&settings)
            .templates
            .into_iter()
            .find(|t| t.id == id)
            .unwrap();
        let l = Limits::default();
        let (mut x, mut y) = (Document::new(), Document::new());
        let (mut cx, mut cy) = (Clock::new("x"), Clock::new("y"));
        assert!(should_auto_apply(&x));
        apply_default(&mut x, &mut cx, &template, &l).unwrap();
        apply_default(&mut y, &mut cy, &template, &l).unwrap();
        assert!(!should_auto_apply(&x));
        let merged = merge(&x, &y);
        assert_eq!(merged.lists()[0].items.len(), 3, "applied once, not twice");
        // Cleared by the user: items deleted, the record stays, so nothing comes back.
        let mut cleared = merged.clone();
        for item in merged.lists()[0].items.iter() {
            cleared.delete_item(&mut cx, &item.id, 0).unwrap();
        }
        assert!(!should_auto_apply(&cleared));
        // A replica that never saw it keeps the record after a merge (meta is a register).
        assert!(!should_auto_apply(&merge(&Document::new(), &cleared)));
    }

    #[test]
    fn duplicate_export_and_import_round_trip() {
        let mut g = Document::new();
        let mut c = Clock::new("a");
        let t = with_template(&mut c, &mut g, "Definition of done");
        set_default(&mut g, &mut c, Some("10001"), Some((&t, ApplyWhen::Offer)));
        let copy = duplicate_template(&mut g, &mut c, &t, "DoD (copy)").unwrap();
        let s = read(&g);
        assert_eq!(s.templates.len(), 2);
        assert_eq!(s.templates[1].id, copy);
        assert_eq!(s.templates[1].new_items(), s.templates[0].new_items());
        assert!(duplicate_template(&mut g, &mut c, "nope", "x").is_err());

        let json = export(&s);
        let mut other_site = Document::new();
        let mut c2 = Clock::new("b");
        assert_eq!(import(&mut other_site, &mut c2, &json).unwrap(), 2);
        let imported = read(&other_site);
        assert_eq!(imported.templates.len(), 2);
        assert_eq!(
            imported.templates[0].new_items(),
            s.templates[0].new_items()
        );
        let e = effective(Some(&imported), None);
        assert_eq!(
            e.default_for("10001").map(|(t, _)| t.name.as_str()),
            Some("Definition of done")
        );
        let before = other_site.clone();
        for bad in [
            "{",
            r#"{"app":"x","kind":"settings","v":1,"templates":[]}"#,
            r#"{"app":"ticklist","kind":"settings","v":9,"templates":[]}"#,
        ] {
            assert!(import(&mut other_site, &mut c2, bad).is_err(), "{bad}");
        }
        assert_eq!(other_site, before, "a refused import changes nothing");
    }
}
