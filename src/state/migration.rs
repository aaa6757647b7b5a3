//! Moving a project's checklists over from another app, in the admin's browser: find the issues
//! (Jira's JQL search, page by page), read each one's checklist in the other app's format, and
//! add to its Ticklist checklist what is not there yet. A dry run does everything but write.
//!
//! Safe to repeat: items get ids derived from the source (`import::source_ids`), and ids already
//! present, live or deleted, are skipped, so a second run adds nothing and undoes no later edit.
//! Writes merge with what is stored (a save cycle), so nothing already in Ticklist is lost. The
//! source data is only read. At most [`IN_FLIGHT`] issues are worked on at once; 429s and 5xx
//! are retried, honouring Retry-After.

use crate::host::all::{all, Pending};
use crate::host::{Host, HostError, Method};
use crate::state::deferred::run_migration;
use crate::state::load::ReadError;
use crate::state::sync::{merged, read_target, save_cycle, Base, SyncConfig, SyncError, Target};
use crate::state::time::{now_ms, replica_id, today};
use leptos::prelude::*;
use serde_json::Value;
use std::cell::Cell;
use std::rc::Rc;
use ticklist_core::import::{self, Format, Ids, SMART_CHECKLIST_PROPERTY};
use ticklist_core::{Clock, Limits, StatusSet};

/// Issues worked on at once: enough to hide latency, few enough to stay far below Jira's rate
/// limits (each issue costs 1 read, and when something is added 1 more read, its writes and a
/// confirming read).
pub const IN_FLIGHT: usize = 4;
const PAGE: usize = 100;
const TRIES: u32 = 10;
/// A rate-limited search keeps waiting as long as Jira says when to come back.
const SEARCH_TRIES: u32 = 30;

/// Where the other app's checklist is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SourceKind {
    /// Smart Checklist's own issue property.
    SmartChecklist,
    /// A text custom field (id like `customfield_10050`), e.g. HeroCoders' "Checklist Text".
    Field(String),
    /// Another issue property holding checklist text.
    Property(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    pub kind: SourceKind,
    pub format: Format,
}

/// What happened (or, in a dry run, would happen) to one issue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Items added (or that a real run would add).
    Added(usize),
    /// Everything the source has is already in Ticklist.
    NothingToAdd,
    /// The issue has no checklist in the source.
    NoSource,
    /// Left alone, with the reason (no permission, unreadable data, …).
    Skipped(String),
    /// Gave up after retries.
    Failed(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub key: String,
    pub outcome: Outcome,
    /// Source lines kept as plain item text.
    pub unclear: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Run {
    Idle,
    Searching,
    Running,
    Paused,
    Cancelled,
    Done,
}

/// One migration page's state: what ran, how far it is, and what happened to each issue.
#[derive(Clone, Copy)]
pub struct Migration {
    pub run: RwSignal<Run>,
    pub dry: RwSignal<bool>,
    pub total: RwSignal<usize>,
    pub rows: RwSignal<Vec<Row>>,
    /// Why the search failed (bad JQL, no access).
    pub error: RwSignal<Option<String>>,
    pub elapsed_ms: RwSignal<u64>,
    host: StoredValue<Rc<dyn Host>, LocalStorage>,
    statuses: StoredValue<StatusSet>,
    author: StoredValue<Option<String>>,
}

/// One issue found by the search, with the source text read from the same answer.
struct Found {
    id: String,
    key: String,
    project: String,
    text: Result<Option<String>, String>,
}

impl Migration {
    /// `author`: the admin running it, recorded on every item it adds.
    pub fn new(host: Rc<dyn Host>, statuses: StatusSet, author: Option<String>) -> Self {
        Self {
            run: RwSignal::new(Run::Idle),
            dry: RwSignal::new(true),
            total: RwSignal::new(0),
            rows: RwSignal::new(Vec::new()),
            error: RwSignal::new(None),
            elapsed_ms: RwSignal::new(0),
            host: StoredValue::new_local(host),
            statuses: StoredValue::new(statuses),
            author: StoredValue::new(author),
        }
    }

    pub fn busy(&self) -> bool {
        matches!(
            self.run.get_untracked(),
            Run::Searching | Run::Running | Run::Paused
        )
    }

    pub fn pause(&self, paused: bool) {
        if self.busy() {
            self.run
                .set(if paused { Run::Paused } else { Run::Running });
        }
    }

    pub fn cancel(&self) {
        if self.busy() {
            self.run.set(Run::Cancelled);
        }
    }

    /// Runs over the issues `jql` finds; `only_project` (a project page) leaves any issue of
    /// another project alone, whatever the query says.
    pub fn start(&self, source: Source, jql: String, only_project: Option<String>, dry: bool) {
        if self.busy() {
            return;
        }
        let this = *self;
        this.dry.set(dry);
        this.rows.set(Vec::new());
        this.total.set(0);
        this.error.set(None);
        this.run.set(Run::Searching);
        let started = now_ms();
        leptos::task::spawn_local(async move {
            if run_migration(this, source, jql, only_project, dry, started)
                .await
                .is_err()
            {
                this.error.set(Some(
                    "Ticklist's migration code could not be fetched: check the connection and start again"
                        .into(),
                ));
                this.run.set(Run::Done);
            }
        });
    }

    /// The run `start` began (`deferred::run_migration` calls it once its code is in).
    pub(super) async fn run(
        self,
        source: Source,
        jql: String,
        only_project: Option<String>,
        dry: bool,
        started: u64,
    ) {
        let this = self;
        let host = this.host.get_value();
        let found = match search(host.as_ref(), &jql, &source.kind).await {
            Ok(f) => f,
            Err(e) => {
                this.error.set(Some(e.to_string()));
                this.run.set(Run::Done);
                return;
            }
        };
        this.total.set(found.len());
        if this.run.get_untracked() == Run::Searching {
            this.run.set(Run::Running);
        }
        let next = Rc::new(Cell::new(0usize));
        let found = Rc::new(found);
        let workers: Vec<Pending<'_, ()>> = (0..IN_FLIGHT)
            .map(|_| {
                let (next, found, host, source, only) = (
                    next.clone(),
                    found.clone(),
                    host.clone(),
                    source.clone(),
                    only_project.clone(),
                );
                Box::pin(async move {
                    loop {
                        while this.run.get_untracked() == Run::Paused {
                            sleep(200).await;
                        }
                        if this.run.get_untracked() == Run::Cancelled {
                            return;
                        }
                        let n = next.get();
                        let Some(issue) = found.get(n) else { return };
                        next.set(n + 1);
                        let row = this
                            .one(host.as_ref(), issue, &source, only.as_deref(), dry)
                            .await;
                        this.rows.update(|r| r.push(row));
                        this.elapsed_ms.set(now_ms().saturating_sub(started));
                    }
                }) as Pending<'_, ()>
            })
            .collect();
        all(workers).await;
        this.elapsed_ms.set(now_ms().saturating_sub(started));
        if this.run.get_untracked() != Run::Cancelled {
            this.run.set(Run::Done);
        }
    }

    async fn one(
        &self,
        host: &dyn Host,
        issue: &Found,
        source: &Source,
        only_project: Option<&str>,
        dry: bool,
    ) -> Row {
        let row = |outcome, unclear| Row {
            key: issue.key.clone(),
            outcome,
            unclear,
        };
        if only_project.is_some_and(|p| !p.eq_ignore_ascii_case(&issue.project)) {
            return row(Outcome::Skipped(NOT_THIS_PROJECT.into()), 0);
        }
        let text = match &issue.text {
            Ok(Some(t)) => t,
            Ok(None) => return row(Outcome::NoSource, 0),
            Err(e) => return row(Outcome::Skipped(e.clone()), 0),
        };
        let statuses = self.statuses.get_value();
        let author = self.author.get_value();
        let imported = import::import(source.format, text, &statuses);
        let unclear = imported.unclear.len();
        if imported.is_empty() {
            return row(Outcome::NoSource, unclear);
        }
        let target = Target::issue_on(host, &issue.id);
        let limits = Limits::default();
        // Items a failed attempt may already have stored: a retry then finds nothing new to add
        // but still finishes the save (summary, status) and reports what this run added.
        let mut added_before: Option<usize> = None;
        for attempt in 0..TRIES {
            let copies = match read_target(host, &target, 1).await {
                Ok(c) => c,
                Err(ReadError::Unreadable(_)) => {
                    return row(Outcome::Skipped(UNREADABLE.into()), unclear)
                }
                Err(ReadError::Host(e)) => match retry(e.into(), attempt).await {
                    Some(message) => return row(message, unclear),
                    None => continue,
                },
            };
            let stored = merged(&copies);
            let parts = copies.first().map_or(1, |c| c.parts);
            let mut local = stored.clone();
            let mut clock = Clock::new(replica_id());
            clock.observe(stored.max_counter());
            clock.set_time_ms(now_ms());
            if let Some(me) = author.as_deref() {
                clock.set_author(me);
            }
            let added = match import::put(
                &mut local,
                &mut clock,
                &imported.lists,
                false,
                Ids::FromSource,
                &limits,
                now_ms(),
            ) {
                Ok(0) if added_before.is_none() => return row(Outcome::NothingToAdd, unclear),
                Ok(n) => n,
                Err(e) => return row(Outcome::Failed(e.to_string()), unclear),
            };
            if dry {
                return row(Outcome::Added(added), unclear);
            }
            let added = *added_before.get_or_insert(added);
            let cfg = SyncConfig {
                statuses: &statuses,
                limits: &limits,
                today: today(),
                now_ms: now_ms(),
            };
            let base = Base::new(stored, now_ms(), parts);
            match save_cycle(host, &target, &local, &base, &cfg).await {
                Ok(_) => return row(Outcome::Added(added), unclear),
                Err(e) => match retry(e, attempt).await {
                    Some(message) => return row(message, unclear),
                    None => continue,
                },
            }
        }
        row(Outcome::Failed(GAVE_UP.into()), unclear)
    }
}

pub const NOT_THIS_PROJECT: &str = "not in this project";
pub const UNREADABLE: &str = "its Ticklist data cannot be read (left as it is)";
pub const READ_ONLY: &str = "you cannot edit this issue";
pub const NOT_TEXT: &str = "the source value is not text";
const GAVE_UP: &str = "Jira kept refusing; try again later";

/// Without a Retry-After: 0.5 s, 1 s, then 2 s between tries. Short on purpose: a migration
/// waits while the admin watches, and Jira says when it wants a longer pause.
fn backoff(attempt: u32) -> u64 {
    500 << attempt.min(2)
}

/// `None`: wait (Retry-After, else a growing pause) and try again; `Some`: stop with this.
async fn retry(e: SyncError, attempt: u32) -> Option<Outcome> {
    match e {
        SyncError::ReadOnly(_) => Some(Outcome::Skipped(READ_ONLY.into())),
        SyncError::Unreadable(_) => Some(Outcome::Skipped(UNREADABLE.into())),
        SyncError::TooLarge(e) => Some(Outcome::Failed(e.to_string())),
        SyncError::Contended => None,
        SyncError::Transient { retry_after_ms, .. } => {
            sleep(retry_after_ms.unwrap_or_else(|| backoff(attempt))).await;
            None
        }
    }
}

/// Every issue `jql` finds, page by page, with the source text from the same answers.
async fn search(host: &dyn Host, jql: &str, source: &SourceKind) -> Result<Vec<Found>, HostError> {
    let mut fields = String::from("project");
    let mut properties = String::new();
    match source {
        SourceKind::SmartChecklist => properties.push_str(SMART_CHECKLIST_PROPERTY),
        SourceKind::Property(k) => properties.push_str(k),
        SourceKind::Field(f) => {
            fields.push(',');
            fields.push_str(f);
        }
    }
    let mut found = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let mut path = format!(
            "/rest/api/3/search/jql?jql={}&maxResults={PAGE}&fields={}",
            encode(jql),
            encode(&fields)
        );
        if !properties.is_empty() {
            path.push_str(&format!("&properties={}", encode(&properties)));
        }
        if let Some(t) = &token {
            path.push_str(&format!("&nextPageToken={}", encode(t)));
        }
        let body = get_with_retries(host, &path).await?;
        let page: Value =
            serde_json::from_str(&body).map_err(|e| HostError::Protocol(e.to_string()))?;
        for i in page["issues"].as_array().into_iter().flatten() {
            let text = match source {
                SourceKind::Field(f) => field_text(&i["fields"][f]),
                SourceKind::SmartChecklist => {
                    property_text(&i["properties"][SMART_CHECKLIST_PROPERTY])
                }
                SourceKind::Property(k) => property_text(&i["properties"][k]),
            };
            found.push(Found {
                id: i["id"].as_str().unwrap_or_default().to_owned(),
                key: i["key"].as_str().unwrap_or_default().to_owned(),
                project: i["fields"]["project"]["key"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
                text,
            });
        }
        match page["nextPageToken"].as_str() {
            Some(t) if page["isLast"] != Value::Bool(true) => token = Some(t.to_owned()),
            _ => return Ok(found),
        }
    }
}

async fn get_with_retries(host: &dyn Host, path: &str) -> Result<String, HostError> {
    let mut attempt = 0;
    loop {
        match host.request(Method::Get, path, None).await {
            Err(HostError::Http {
                status,
                retry_after,
                ..
            }) if (status == 429 || status >= 500) && attempt < SEARCH_TRIES => {
                sleep(retry_after.map_or_else(|| backoff(attempt), |s| u64::from(s) * 1000)).await;
                attempt += 1;
            }
            Err(HostError::Network(_)) if attempt < TRIES => {
                sleep(backoff(attempt)).await;
                attempt += 1;
            }
            other => return other,
        }
    }
}

/// A property holding checklist text (a JSON string); absent is no checklist.
fn property_text(v: &Value) -> Result<Option<String>, String> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s.clone())),
        _ => Err(NOT_TEXT.into()),
    }
}

/// A text field: plain text, or Atlassian Document Format (REST v3's rich text) flattened.
fn field_text(v: &Value) -> Result<Option<String>, String> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s.clone())),
        Value::Object(_) => {
            let mut out = String::new();
            adf_text(v, &mut out);
            Ok(Some(out))
        }
        _ => Err(NOT_TEXT.into()),
    }
}

fn adf_text(node: &Value, out: &mut String) {
    match node["type"].as_str() {
        Some("text") => out.push_str(node["text"].as_str().unwrap_or_default()),
        Some("hardBreak") => out.push('\n'),
        _ => {}
    }
    for child in node["content"].as_array().into_iter().flatten() {
        adf_text(child, out);
    }
    if matches!(
        node["type"].as_str(),
        Some("paragraph" | "heading" | "listItem" | "codeBlock")
    ) {
        out.push('\n');
    }
}

/// Percent-encodes a query value.
fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

async fn sleep(ms: u64) {
    let (tx, rx) = futures_channel::oneshot::channel::<()>();
    set_timeout(
        move || {
            let _ = tx.send(());
        },
        std::time::Duration::from_millis(ms),
    );
    let _ = rx.await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rich_text_fields_are_read_as_lines() {
        let adf = serde_json::json!({"type": "doc", "version": 1, "content": [
            {"type": "paragraph", "content": [{"type": "text", "text": "[] one"}, {"type": "hardBreak"}, {"type": "text", "text": "[x] two"}]},
            {"type": "paragraph", "content": [{"type": "text", "text": "--- Header"}]}
        ]});
        assert_eq!(
            field_text(&adf).unwrap().unwrap(),
            "[] one\n[x] two\n--- Header\n"
        );
        assert_eq!(field_text(&Value::Null).unwrap(), None);
        assert!(property_text(&serde_json::json!({"a": 1})).is_err());
        assert_eq!(encode("project = MIG"), "project%20%3D%20MIG");
    }
}
