//! The one seam between Ticklist and Jira. Everything the app needs from its host page goes
//! through [`Host`]; adapters move raw JSON strings and typed errors and know nothing about
//! checklists. Only the composition root (`main.rs`) picks an implementation.

pub mod all;
pub mod ap;
pub mod forge;
pub mod issue_types;
pub mod jira_issues;
pub mod js;
pub mod memory;
pub mod permissions;
pub mod props;
pub mod users;

use std::future::Future;
use std::pin::Pin;
use thiserror::Error;

/// A host call in flight. Browser futures are not `Send`.
pub type HostFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, HostError>> + 'a>>;

/// Which of the app's pages Jira opened.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Page {
    /// The checklist on the issue view.
    #[default]
    Issue,
    /// Jira administration: global settings (Jira admins).
    GlobalSettings,
    /// A project's settings (project admins).
    ProjectSettings,
}

impl Page {
    /// From the `view` parameter of the Connect descriptor's page URLs.
    pub fn from_query_value(v: Option<&str>) -> Self {
        match v {
            Some("admin") => Page::GlobalSettings,
            Some("project-settings") => Page::ProjectSettings,
            _ => Page::Issue,
        }
    }

    /// From Forge's `extension.type`.
    pub fn from_forge_module(v: Option<&str>) -> Self {
        match v {
            Some("jira:adminPage") => Page::GlobalSettings,
            Some("jira:projectSettingsPage") => Page::ProjectSettings,
            _ => Page::Issue,
        }
    }
}

/// Where the app was opened, as the host reports it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Context {
    pub page: Page,
    pub issue_id: Option<String>,
    pub issue_key: Option<String>,
    pub issue_type_id: Option<String>,
    pub project_id: Option<String>,
    pub project_key: Option<String>,
    pub locale: Option<String>,
    /// The signed-in user's account id, which stamps their writes (from the bridge, no REST).
    pub account_id: Option<String>,
    /// The Jira site's base URL, for links to issues (the iframe is on another origin).
    pub site_url: Option<String>,
}

/// HTTP methods the app uses against Jira's REST API.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
        }
    }
}

/// A failed host call. Status codes and Jira's own messages are kept so the UI can explain.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum HostError {
    #[error("Jira answered {status}: {message}")]
    Http {
        status: u16,
        message: String,
        /// Seconds from a 429's `Retry-After`.
        retry_after: Option<u32>,
    },
    #[error("could not reach Jira: {0}")]
    Network(String),
    #[error("this page was not opened by Jira ({0})")]
    NoHost(String),
    #[error("Jira sent something unexpected: {0}")]
    Protocol(String),
}

impl HostError {
    pub fn status(&self) -> Option<u16> {
        match self {
            HostError::Http { status, .. } => Some(*status),
            _ => None,
        }
    }
}

/// Jira's error bodies: `{"errorMessages": [...], "errors": {...}}`; fall back to the raw text.
pub(crate) fn jira_message(body: &str) -> String {
    let Ok(v) = serde_json::from_str::<serde_json::Value>(body) else {
        return body.chars().take(200).collect();
    };
    let mut parts: Vec<String> = v
        .get("errorMessages")
        .and_then(|m| m.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    if let Some(errs) = v.get("errors").and_then(|e| e.as_object()) {
        parts.extend(errs.values().filter_map(|x| x.as_str().map(str::to_owned)));
    }
    if parts.is_empty() {
        body.chars().take(200).collect()
    } else {
        parts.join(" ")
    }
}

/// The kind of a flag (Jira's toast message).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlagKind {
    Info,
    Success,
    Warning,
    Error,
}

impl FlagKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FlagKind::Info => "info",
            FlagKind::Success => "success",
            FlagKind::Warning => "warning",
            FlagKind::Error => "error",
        }
    }
}

/// What Ticklist needs from Jira's page around its iframe.
pub trait Host {
    /// Which issue, project and user the page is for.
    fn context(&self) -> HostFuture<'_, Context>;
    /// A REST call to Jira as the current user: path relative to the site, raw JSON body in,
    /// raw response body out.
    fn request<'a>(
        &'a self,
        method: Method,
        path: &'a str,
        body: Option<&'a str>,
    ) -> HostFuture<'a, String>;
    /// Asks the host to fit the iframe to the content.
    fn resize(&self);
    /// Shows a flag (toast) in Jira, outside the iframe.
    fn flag(&self, kind: FlagKind, title: &str, body: &str);
    /// Applies Jira's current theme (light/dark design tokens) to the page.
    fn enable_theme(&self);
    /// Calls `on_change` whenever Jira reports that the issue changed (another user's edit).
    /// The subscription lasts as long as the page: one app instance per iframe.
    fn on_issue_changed(&self, on_change: Box<dyn Fn()>);
    /// Tells the other open panels of this issue that `from` saved a change (Forge Realtime);
    /// hosts without such a channel do nothing.
    fn announce_change(&self, _from: &str) {}
    /// Calls `on_change` with the sender's word (untrusted: anyone who can open the issue can
    /// publish) when another panel of this issue announces a change. Returns whether this host
    /// has such a channel.
    fn on_announced_change(&self, _on_change: Box<dyn Fn(Option<String>)>) -> bool {
        false
    }
    /// Whether Jira shows the issue-view status from the app's status issue property (Connect
    /// does; Forge asks the app's function instead, so writing it there would be a wasted PUT).
    fn shows_status_property(&self) -> bool {
        true
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::Page;

    /// Every page the Connect descriptor declares opens the page the app means it to.
    #[test]
    fn connect_descriptor_urls_open_the_right_pages() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/deploy/connect/atlassian-connect.json"
        );
        let d: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let url = |module: &str, field: &str| -> String {
            d["modules"][module][0]
                .pointer(field)
                .and_then(|u| u.as_str())
                .unwrap_or_else(|| panic!("{module} has no url"))
                .to_owned()
        };
        let view = |u: &str| {
            u.split(['?', '&'])
                .find_map(|p| p.strip_prefix("view="))
                .map(str::to_owned)
        };
        for (module, field, page) in [
            ("jiraIssueContents", "/target/url", Page::Issue),
            ("adminPages", "/url", Page::GlobalSettings),
            ("jiraProjectAdminTabPanels", "/url", Page::ProjectSettings),
        ] {
            let u = url(module, field);
            assert_eq!(Page::from_query_value(view(&u).as_deref()), page, "{u}");
        }
        assert_eq!(
            Page::from_forge_module(Some("jira:projectSettingsPage")),
            Page::ProjectSettings
        );
    }
}
