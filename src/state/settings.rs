//! Settings where the core and Jira meet: which properties hold them, who may write them, and
//! the panel's cache.
//!
//! - Global settings (Jira admins): a copy on every issue type (`ticklist.settings`). Jira lets
//!   only Jira admins write issue-type properties, and the panel reads the copy on its own
//!   issue's type, which it knows from the context: one request, no lookup.
//! - Project settings (project admins): the project property `ticklist.settings`.
//!
//! Never Connect app properties: any user can write those from the browser.

use crate::host::issue_types;
pub use crate::host::issue_types::IssueType;
use crate::host::permissions::{self, On};
use crate::host::props::{self, Entity, Scope};
use crate::host::{Context, Host, HostError, Page};
use crate::state::load::{read_at, ReadError};
use crate::state::sync::{merged, read_target, Target};
use crate::state::time::now_ms;
use ticklist_core::codec::DecodeError;
use ticklist_core::settings::{self, Settings, SETTINGS_KEY};
use ticklist_core::Document;

/// Which settings a page edits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SettingsScope {
    Global,
    Project { id: String, key: String },
}

/// What the settings page needs to start.
#[derive(Clone, Debug, PartialEq)]
pub struct Opened {
    pub scope: SettingsScope,
    pub target: Target,
    pub doc: Document,
    /// When the copies were read, and the most parts any has (see `sync::Base`).
    pub read_ms: u64,
    pub parts: usize,
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
    let types = issue_types::visible(host).await?;
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
    let read_ms = now_ms();
    let (copies, perms) = futures_util::future::join(
        read_target(host, &target, 1),
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
    let parts = copies.iter().map(|c| c.parts).max().unwrap_or(1);
    Ok(Opened {
        scope,
        copies_differ,
        read_ms,
        parts,
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
    let s = read_at(host, Scope::IssueType(issue_type_id), SETTINGS_KEY, 1, &[]).await?;
    Ok(s.exists.then_some(s.doc))
}

/// An admin chose to replace settings we cannot read: removes the unreadable copies (only
/// those) so the next save starts afresh. Returns how many were removed.
pub async fn discard_unreadable(host: &dyn Host, target: &Target) -> Result<usize, HostError> {
    let mut removed = 0;
    for e in &target.replicas {
        if let Err(ReadError::Unreadable(_)) = read_at(host, e.scope(), target.key, 1, &[]).await {
            props::delete(host, e.scope(), target.key).await?;
            removed += 1;
        }
    }
    Ok(removed)
}

/// A settings document as the issue panel read it, with its parts as Jira returned them (JSON
/// text; `None`: a missing part). The panel's cache keeps those parts, so opening an issue
/// never runs the encoder, which only saves need (and which is in the editing module).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadSettings {
    pub doc: Document,
    pub parts: Vec<Option<String>>,
}

/// The settings an issue panel uses: the global copy on the issue's type and the project's.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PanelSettings {
    pub global: Option<ReadSettings>,
    pub project: Option<ReadSettings>,
}

impl PanelSettings {
    pub fn effective(&self) -> settings::Effective {
        let g = self.global.as_ref().map(|s| settings::read(&s.doc));
        let p = self.project.as_ref().map(|s| settings::read(&s.doc));
        settings::effective(g.as_ref(), p.as_ref())
    }
}

/// One settings document for the panel. Unreadable settings count as absent here (the admin
/// pages report them); the panel then works with the defaults.
async fn read_for_panel_at(
    host: &dyn Host,
    scope: Option<Scope<'_>>,
) -> Result<Option<ReadSettings>, HostError> {
    let Some(scope) = scope else {
        return Ok(None);
    };
    match read_at(host, scope, SETTINGS_KEY, 1, &[]).await {
        Ok(s) => Ok(s.exists.then(|| ReadSettings {
            parts: s.values[..s.parts.min(s.values.len())]
                .iter()
                .map(|v| v.as_ref().map(ToString::to_string))
                .collect(),
            doc: s.doc,
        })),
        Err(ReadError::Unreadable(_)) => Ok(None),
        Err(ReadError::Host(h)) => Err(h),
    }
}

/// Reads both settings documents in parallel.
pub async fn read_for_panel(
    host: &dyn Host,
    issue_type_id: Option<&str>,
    project_id: Option<&str>,
) -> Result<PanelSettings, HostError> {
    let (g, p) = futures_util::future::join(
        read_for_panel_at(host, issue_type_id.map(Scope::IssueType)),
        read_for_panel_at(host, project_id.map(Scope::Project)),
    )
    .await;
    Ok(PanelSettings {
        global: g?,
        project: p?,
    })
}
