//! Moving settings between sites: export as portable JSON, import all or nothing.

use super::edit::{set_default, set_flag, set_max_items, set_status, stamp_version, Flag};
use super::{limits, DefaultRule, Settings, SETTINGS_VERSION};
use crate::error::OpError;
use crate::model::{Document, NewItem};
use crate::stamp::Clock;
use crate::status::StatusSet;
use serde::{Deserialize, Serialize};

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
                id: t.id.as_str().to_owned(),
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
        if let Some(id) = ids.get(r.template_id.as_str()) {
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
