//! Settings where the core and Jira meet: which properties hold them, who may write them, and
//! the panel's cache.
//!
//! - Global settings (Jira admins): a copy on every issue type (`ticklist.settings`). Jira lets
//!   only Jira admins write issue-type properties, and the panel reads the copy on its own
//!   issue's type, which it knows from the context: one request, no lookup.
//! - Project settings (project admins): the project property `ticklist.settings`.
//!
//! Never Connect app properties: any user can write those from the browser.

use crate::host::permissions::{self, On};
use crate::host::props::{self, Entity, Scope};
use crate::host::{Context, Host, HostError, Method, Page};
use crate::state::load::{read_at, ReadError};
use crate::state::sync::{merged, read_target, Target};
use ticklist_core::codec::DecodeError;
use ticklist_core::settings::{self, Settings, SETTINGS_KEY};
use ticklist_core::Document;

/// Which settings a page edits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SettingsScope {
    Global,
    Project { id: String, key: String },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IssueType {
    pub id: String,
    pub name: String,
}

/// What the settings page needs to start.
#[derive(Clone, Debug, PartialEq)]
pub struct Opened {
    pub scope: SettingsScope,
    pub target: Target,
    pub doc: Document,
    /// Whether Jira says this user administers this scope (Jira checks every write anyway).
    pub can_edit: bool,
    pub issue_types: Vec<IssueType>,
    /// Project page: the global settings (their templates can be project defaults too).
    pub global: Option<Settings>,
    /// Some copies lack what others have (an issue type created since the last save, a write
    /// that failed): an admin's page brings them up to date.
    pub copies_differ: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum OpenError {
    #[error(transparent)]
    Host(#[from] HostError),
    /// A stored copy we cannot read: kept, and replaced only when an admin says so.
    #[error("{error}")]
    Unreadable { error: DecodeError, target: Target },
    #[error("Jira did not say which project these settings are for")]
    NoProject,
    /// Global settings live on issue types; with none visible there is nowhere to keep them.
    #[error("Jira lists no issue types for you, so global settings cannot be kept")]
    NoIssueTypes,
}

/// Jira's issue types visible to the user (`GET /rest/api/3/issuetype`).
pub async fn issue_types(host: &dyn Host) -> Result<Vec<IssueType>, HostError> {
    let body = host
        .request(Method::Get, "/rest/api/3/issuetype", None)
        .await?;
    let v: serde_json::Value = serde_json::from_str(&body)
        .map_err(|e| HostError::Protocol(format!("issue types: {e}")))?;
    Ok(v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|t| {
                    Some(IssueType {
                        id: t.get("id")?.as_str()?.to_owned(),
                        name: t.get("name")?.as_str()?.to_owned(),
                    })
                })
                .collect()
        })
        .unwrap_or_default())
}

fn global_target(types: &[IssueType]) -> Target {
    Target::settings(
        types
            .iter()
            .map(|t| Entity::IssueType(t.id.clone()))
            .collect(),
    )
}

/// Loads what a settings page edits.
pub async fn open(host: &dyn Host, ctx: &Context) -> Result<Opened, OpenError> {
    let types = issue_types(host).await?;
    let (scope, target, on) = match ctx.page {
        Page::ProjectSettings => {
            let id = ctx.project_id.clone().ok_or(OpenError::NoProject)?;
            let key = ctx.project_key.clone().unwrap_or_else(|| id.clone());
            let target = Target::settings(vec![Entity::Project(id.clone())]);
            (SettingsScope::Project { id, key }, target, true)
        }
        _ if types.is_empty() => return Err(OpenError::NoIssueTypes),
        _ => (SettingsScope::Global, global_target(&types), false),
    };
    let project_key = match &scope {
        SettingsScope::Project { key, .. } => Some(key.clone()),
        SettingsScope::Global => None,
    };
    let perms_on = match &project_key {
        Some(k) => On::Project(k),
        None => On::Site,
    };
    let (copies, perms) = futures_util::future::join(
        read_target(host, &target),
        permissions::mine(host, perms_on),
    )
    .await;
    let copies = copies.map_err(|e| match e {
        ReadError::Host(h) => OpenError::Host(h),
        ReadError::Unreadable(error) => OpenError::Unreadable {
            error,
            target: target.clone(),
        },
    })?;
    let can_edit = match perms {
        Ok(p) if on => p.administer_project || p.administer_jira,
        Ok(p) => p.administer_jira,
        // Jira could not tell: offer editing; Jira refuses a write the user may not make.
        Err(_) => true,
    };
    let global = match (&scope, types.first()) {
        (SettingsScope::Project { .. }, Some(t)) => read_global(host, &t.id)
            .await
            .ok()
            .flatten()
            .map(|d| settings::read(&d)),
        _ => None,
    };
    let doc = merged(&copies);
    let copies_differ = doc != Document::new() && copies.iter().any(|c| !c.exists || c.doc != doc);
    Ok(Opened {
        scope,
        copies_differ,
        doc,
        target,
        can_edit,
        issue_types: types,
        global,
    })
}

/// The global settings as stored on one issue type (the panel's issue's type).
pub async fn read_global(
    host: &dyn Host,
    issue_type_id: &str,
) -> Result<Option<Document>, ReadError> {
    let s = read_at(host, Scope::IssueType(issue_type_id), SETTINGS_KEY).await?;
    Ok(s.exists.then_some(s.doc))
}

/// A project's settings.
pub async fn read_project(
    host: &dyn Host,
    project_id: &str,
) -> Result<Option<Document>, ReadError> {
    let s = read_at(host, Scope::Project(project_id), SETTINGS_KEY).await?;
    Ok(s.exists.then_some(s.doc))
}

/// An admin chose to replace settings we cannot read: removes the unreadable copies (only
/// those) so the next save starts afresh. Returns how many were removed.
pub async fn discard_unreadable(host: &dyn Host, target: &Target) -> Result<usize, HostError> {
    let mut removed = 0;
    for e in &target.replicas {
        if let Err(ReadError::Unreadable(_)) = read_at(host, e.scope(), target.key).await {
            props::delete(host, e.scope(), target.key).await?;
            removed += 1;
        }
    }
    Ok(removed)
}

/// The settings an issue panel uses: the global copy on the issue's type and the project's.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PanelSettings {
    pub global: Option<Document>,
    pub project: Option<Document>,
}

impl PanelSettings {
    pub fn effective(&self) -> settings::Effective {
        let g = self.global.as_ref().map(settings::read);
        let p = self.project.as_ref().map(settings::read);
        settings::effective(g.as_ref(), p.as_ref())
    }
}

/// Reads both settings documents in parallel. Unreadable settings count as absent here (the
/// admin pages report them); the panel then works with the defaults.
pub async fn read_for_panel(
    host: &dyn Host,
    issue_type_id: Option<&str>,
    project_id: Option<&str>,
) -> Result<PanelSettings, HostError> {
    let global = async {
        match issue_type_id {
            Some(t) => read_global(host, t).await,
            None => Ok(None),
        }
    };
    let project = async {
        match project_id {
            Some(p) => read_project(host, p).await,
            None => Ok(None),
        }
    };
    let (g, p) = futures_util::future::join(global, project).await;
    let keep = |r: Result<Option<Document>, ReadError>| match r {
        Ok(d) => Ok(d),
        Err(ReadError::Unreadable(_)) => Ok(None),
        Err(ReadError::Host(h)) => Err(h),
    };
    Ok(PanelSettings {
        global: keep(g)?,
        project: keep(p)?,
    })
}

/// The panel's copy of the settings between page loads (the iframe's local storage), so that
/// opening an issue costs one checklist read; it is refreshed after every load.
pub mod cache {
    use super::PanelSettings;
    use ticklist_core::codec;
    use ticklist_core::Document;

    fn key(issue_type_id: Option<&str>, project_id: Option<&str>) -> String {
        format!(
            "ticklist.settings.{}.{}",
            project_id.unwrap_or("-"),
            issue_type_id.unwrap_or("-")
        )
    }

    fn encode(doc: &Option<Document>) -> serde_json::Value {
        match doc {
            None => serde_json::Value::Null,
            Some(d) => codec::encode(d, &ticklist_core::settings::limits())
                .map(serde_json::Value::from)
                .unwrap_or(serde_json::Value::Null),
        }
    }

    fn decode(v: Option<&serde_json::Value>) -> Option<Option<Document>> {
        match v? {
            serde_json::Value::Null => Some(None),
            serde_json::Value::Array(parts) => {
                let raw: Vec<Option<&str>> = parts.iter().map(|p| p.as_str()).collect();
                codec::decode_parts(&raw).ok().map(Some)
            }
            _ => None,
        }
    }

    /// The stored form (also used by the native tests).
    pub fn to_string(s: &PanelSettings) -> String {
        serde_json::json!({"g": encode(&s.global), "p": encode(&s.project)}).to_string()
    }

    pub fn from_str(raw: &str) -> Option<PanelSettings> {
        let v: serde_json::Value = serde_json::from_str(raw).ok()?;
        Some(PanelSettings {
            global: decode(v.get("g"))?,
            project: decode(v.get("p"))?,
        })
    }

    fn storage() -> Option<web_sys::Storage> {
        // Storage can be refused (privacy settings, partitioned iframes): then there is no cache.
        web_sys::window()?.local_storage().ok().flatten()
    }

    pub fn load(issue_type_id: Option<&str>, project_id: Option<&str>) -> Option<PanelSettings> {
        let raw = storage()?
            .get_item(&key(issue_type_id, project_id))
            .ok()??;
        from_str(&raw)
    }

    /// Whether Jira last said this user may edit issues of this project.
    pub fn load_can_edit(project_id: Option<&str>) -> Option<bool> {
        let raw = storage()?
            .get_item(&format!("ticklist.canEdit.{}", project_id?))
            .ok()??;
        Some(raw == "true")
    }

    pub fn store_can_edit(project_id: Option<&str>, can_edit: bool) {
        if let (Some(st), Some(p)) = (storage(), project_id) {
            let _ = st.set_item(&format!("ticklist.canEdit.{p}"), &can_edit.to_string());
        }
    }

    pub fn store(issue_type_id: Option<&str>, project_id: Option<&str>, s: &PanelSettings) {
        if let Some(st) = storage() {
            let _ = st.set_item(&key(issue_type_id, project_id), &to_string(s));
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use ticklist_core::{Clock, NewItem};

        #[test]
        fn round_trips_and_rejects_garbage() {
            let mut d = Document::new();
            let mut c = Clock::new("a");
            let l = d.ensure_list(&mut c);
            d.add_item(
                &mut c,
                &l,
                &NewItem::text("x"),
                &ticklist_core::Limits::default(),
            )
            .unwrap();
            let s = PanelSettings {
                global: Some(d),
                project: None,
            };
            assert_eq!(from_str(&to_string(&s)), Some(s));
            assert_eq!(from_str("{"), None);
            assert_eq!(from_str(r#"{"g":3,"p":null}"#), None);
        }
    }
}
