//! The settings a panel works with: the global and the project document combined, and the
//! default template for a new issue.

use super::{ApplyWhen, DefaultRule, Settings, Template, AUTO_APPLIED_META};
use crate::error::OpError;
use crate::limits::Limits;
use crate::model::Document;
use crate::stamp::Clock;
use crate::status::StatusSet;

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
    trial.set_meta(clock, AUTO_APPLIED_META, template.id.as_str());
    *doc = trial;
    Ok(())
}
