//! Admin settings: templates, default templates per project and issue type, statuses, options.
//!
//! Two documents of the same shape are read: the global one (Jira admins) and the project's
//! (project admins); [`effective`] combines them. Templates are stored in Ticklist's text format
//! (see [`crate::text`]), so they are compact, readable and edited with the same parser.
//! A settings value that cannot be read is a [`DecodeError`] that keeps the raw text: the app
//! falls back to defaults for reading and never overwrites it until an admin saves.

use crate::codec::{DecodeError, DecodeErrorKind};
use crate::model::{Document, NewItem};
use crate::status::{valid_status_id, StatusSet};
use crate::text;
use serde::{Deserialize, Serialize};

pub const SETTINGS_VERSION: u64 = 1;
/// The property key of a settings document (on a project, or on an issue type for global ones).
pub const SETTINGS_KEY: &str = "ticklist.settings";
/// Document meta key recording that a default template was applied automatically.
pub const AUTO_APPLIED_META: &str = "autoTemplate";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Template {
    pub id: String,
    pub name: String,
    /// The items, in Ticklist's text format.
    pub text: String,
}

impl Template {
    /// The template's items, ready to insert (headers, statuses, mandatory flags kept).
    pub fn items(&self) -> Vec<NewItem> {
        text::parse(&self.text)
            .iter()
            .flat_map(|l| l.items.iter().map(NewItem::from))
            .collect()
    }
}

/// Whether a default template is put on a new issue's checklist by itself or only offered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ApplyWhen {
    Auto,
    Offer,
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

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    pub app: String,
    pub v: u64,
    #[serde(default)]
    pub templates: Vec<Template>,
    #[serde(default)]
    pub defaults: Vec<DefaultRule>,
    /// Global settings only: the statuses items may have.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statuses: Option<StatusSet>,
    /// Project settings only: do not offer global templates in this project.
    #[serde(default)]
    pub hide_global_templates: bool,
    /// Whether done items start collapsed in the panel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collapse_done: Option<bool>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            app: crate::codec::APP_MARKER.into(),
            v: SETTINGS_VERSION,
            templates: Vec::new(),
            defaults: Vec::new(),
            statuses: None,
            hide_global_templates: false,
            collapse_done: None,
        }
    }
}

/// Reads and validates a stored settings document.
pub fn decode(raw: &str) -> Result<Settings, DecodeError> {
    let err = |kind| DecodeError {
        kind,
        raw: raw.to_owned(),
    };
    let value: serde_json::Value =
        serde_json::from_str(raw).map_err(|e| err(DecodeErrorKind::NotJson(e.to_string())))?;
    if value.get("app").and_then(|a| a.as_str()) != Some(crate::codec::APP_MARKER) {
        return Err(err(DecodeErrorKind::NotOurs));
    }
    match value.get("v").and_then(|v| v.as_u64()) {
        Some(SETTINGS_VERSION) => {}
        Some(v) if v > SETTINGS_VERSION => return Err(err(DecodeErrorKind::TooNew(v))),
        _ => {
            return Err(err(DecodeErrorKind::Invalid(
                "missing or unknown \"v\"".into(),
            )))
        }
    }
    let settings: Settings =
        serde_json::from_value(value).map_err(|e| err(DecodeErrorKind::Invalid(e.to_string())))?;
    validate(&settings).map_err(|m| err(DecodeErrorKind::Invalid(m)))?;
    Ok(settings)
}

/// Template ids present and unique, names present, status ids well-formed and unique.
pub fn validate(s: &Settings) -> Result<(), String> {
    let mut ids = std::collections::HashSet::new();
    for t in &s.templates {
        if t.id.trim().is_empty() || t.name.trim().is_empty() {
            return Err("a template needs an id and a name".into());
        }
        if !ids.insert(t.id.as_str()) {
            return Err(format!("template id \"{}\" is used twice", t.id));
        }
    }
    if let Some(statuses) = &s.statuses {
        let mut seen = std::collections::HashSet::new();
        for st in &statuses.statuses {
            if !valid_status_id(&st.id) || !seen.insert(st.id.as_str()) {
                return Err(format!("status id \"{}\" is invalid or used twice", st.id));
            }
        }
    }
    Ok(())
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
    project_rules: Vec<DefaultRule>,
    global_rules: Vec<DefaultRule>,
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
    Effective {
        templates,
        statuses: global.and_then(|g| g.statuses.clone()).unwrap_or_default(),
        collapse_done: project
            .and_then(|p| p.collapse_done)
            .or(global.and_then(|g| g.collapse_done))
            .unwrap_or(false),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Clock, Limits};

    fn template(id: &str) -> Template {
        Template {
            id: id.into(),
            name: format!("T {id}"),
            text: format!("## {id}\n- [ ] ! first of {id}\n- [ ] second"),
        }
    }

    fn rule(ty: Option<&str>, t: &str, apply: ApplyWhen) -> DefaultRule {
        DefaultRule {
            issue_type_id: ty.map(str::to_owned),
            template_id: t.into(),
            apply,
        }
    }

    #[test]
    fn default_template_precedence() {
        let global = Settings {
            templates: vec![template("g-bug"), template("g-any")],
            defaults: vec![
                rule(Some("10002"), "g-bug", ApplyWhen::Auto),
                rule(None, "g-any", ApplyWhen::Offer),
            ],
            ..Settings::default()
        };
        let project = Settings {
            templates: vec![template("p-story")],
            defaults: vec![rule(Some("10001"), "p-story", ApplyWhen::Auto)],
            ..Settings::default()
        };
        let e = effective(Some(&global), Some(&project));
        assert_eq!(
            e.default_for("10001").map(|(t, a)| (t.id.as_str(), a)),
            Some(("p-story", ApplyWhen::Auto))
        );
        assert_eq!(
            e.default_for("10002").map(|(t, _)| t.id.as_str()),
            Some("g-bug")
        );
        assert_eq!(
            e.default_for("10003").map(|(t, a)| (t.id.as_str(), a)),
            Some(("g-any", ApplyWhen::Offer))
        );
        // A project rule for any type beats global ones.
        let project_any = Settings {
            defaults: vec![rule(None, "p-story", ApplyWhen::Offer)],
            ..project.clone()
        };
        let e = effective(Some(&global), Some(&project_any));
        assert_eq!(
            e.default_for("10002").map(|(t, _)| t.id.as_str()),
            Some("p-story")
        );
    }

    #[test]
    fn hidden_or_missing_templates_are_skipped() {
        let global = Settings {
            templates: vec![template("g")],
            defaults: vec![rule(None, "g", ApplyWhen::Auto)],
            ..Settings::default()
        };
        let hiding = Settings {
            hide_global_templates: true,
            defaults: vec![rule(None, "deleted", ApplyWhen::Auto)],
            ..Settings::default()
        };
        let e = effective(Some(&global), Some(&hiding));
        assert!(e.templates.is_empty());
        assert_eq!(e.default_for("10001"), None);
        assert_eq!(effective(Some(&global), None).templates.len(), 1);
    }

    #[test]
    fn templates_are_text_with_headers_and_mandatory_items() {
        let items = template("x").items();
        assert_eq!(items.len(), 3);
        assert!(items[0].kind == crate::ItemKind::Header && items[1].mandatory);
    }

    #[test]
    fn auto_apply_happens_once_per_issue() {
        let mut doc = Document::new();
        assert!(should_auto_apply(&doc));
        let mut c = Clock::new("a");
        let list = doc.ensure_list(&mut c);
        doc.apply_template(
            &mut c,
            &list,
            &template("t").items(),
            crate::ApplyMode::Append,
            &Limits::default(),
            0,
        )
        .unwrap();
        doc.set_meta(&mut c, AUTO_APPLIED_META, "t");
        assert!(!should_auto_apply(&doc));
        // Cleared by the user: items deleted, the record stays, so nothing comes back.
        let ids: Vec<String> = doc.lists()[0].items.iter().map(|i| i.id.clone()).collect();
        for id in ids {
            doc.delete_item(&mut c, &id, 0).unwrap();
        }
        assert!(!should_auto_apply(&doc));
        // A merge with a replica that never saw it keeps the record (meta is a register).
        assert!(!should_auto_apply(&crate::merge(&Document::new(), &doc)));
    }

    #[test]
    fn decoding_validates_and_keeps_what_it_cannot_read() {
        let ok = serde_json::to_string(&Settings {
            templates: vec![template("a")],
            ..Settings::default()
        })
        .unwrap();
        assert_eq!(decode(&ok).unwrap().templates[0].id, "a");
        for (raw, kind) in [
            (r#"{"app":"ticklist","v":9}"#, "newer"),
            (r#"{"other":true}"#, "not written by Ticklist"),
            (
                r#"{"app":"ticklist","v":1,"templates":[{"id":"a","name":"A","text":""},{"id":"a","name":"B","text":""}]}"#,
                "used twice",
            ),
            (r#"{"app":"ticklist","v":1,"templates":"nope"}"#, "damaged"),
            ("{", "not valid JSON"),
        ] {
            let e = decode(raw).unwrap_err();
            assert_eq!(e.raw, raw);
            assert!(
                e.to_string().contains(kind) || format!("{:?}", e.kind).contains(kind),
                "{raw}: {e}"
            );
        }
    }
}
