//! Items that became Jira issues, on the issue panel: whether the user may create issues here,
//! the issue types on offer (read the first time someone asks), the linked issues' status (one
//! bulk read when the panel opens and whenever the document links one not read yet), following their status, and creating
//! an issue from an item.

use crate::host::jira_issues::{self, CreatableType, IssueStatus, NewIssue, BULK_MAX};
use crate::host::{FlagKind, Host, HostError};
use crate::state::edit::Edit;
use crate::state::editor::Editor;
use leptos::prelude::*;
use std::collections::{BTreeSet, HashMap};
use std::rc::Rc;
use ticklist_core::{Document, IssueRef, Item, ItemId};

/// What the form asks for: which type, the summary, and whether the item follows the issue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreateRequest {
    pub item: ItemId,
    pub type_id: String,
    pub summary: String,
    pub follow: bool,
}

/// The panel's view of linked issues. Cheap to copy.
#[derive(Clone, Copy)]
pub struct IssueLinks {
    host: StoredValue<Option<Rc<dyn Host>>, LocalStorage>,
    /// This issue's key and project id (what a sub-task's parent and a new issue's project are).
    issue_key: StoredValue<String>,
    project_id: StoredValue<Option<String>>,
    /// This issue's own type: a sub-task cannot have sub-tasks.
    issue_type_id: StoredValue<Option<String>>,
    /// The Jira site, for links to issues.
    site_url: StoredValue<Option<String>>,
    /// Create issues and Link issues in this project, as Jira said.
    pub can_create: RwSignal<bool>,
    /// The types offered (`None` until first asked for).
    pub types: RwSignal<Option<Vec<CreatableType>>>,
    /// Linked issues' key and status by issue id, as last read.
    pub statuses: RwSignal<HashMap<String, IssueStatus>>,
    /// The item whose issue is being created.
    pub busy: RwSignal<Option<ItemId>>,
    /// Why the last create failed, for the item it was for.
    pub error: RwSignal<Option<(ItemId, String)>>,
}

/// Where the issue `key` opens on the Jira `site` (`None` when the host did not say which site).
pub fn browse_url(site: Option<&str>, key: &str) -> Option<String> {
    site.map(|s| {
        format!(
            "{}/browse/{}",
            s.trim_end_matches('/'),
            crate::host::props::encode_segment(key)
        )
    })
}

impl IssueLinks {
    pub fn new(
        host: Rc<dyn Host>,
        issue_key: String,
        project_id: Option<String>,
        issue_type_id: Option<String>,
        site_url: Option<String>,
        can_create: bool,
    ) -> Self {
        Self {
            host: StoredValue::new_local(Some(host)),
            issue_key: StoredValue::new(issue_key),
            project_id: StoredValue::new(project_id),
            issue_type_id: StoredValue::new(issue_type_id),
            site_url: StoredValue::new(site_url),
            can_create: RwSignal::new(can_create),
            types: RwSignal::new(None),
            statuses: RwSignal::new(HashMap::new()),
            busy: RwSignal::new(None),
            error: RwSignal::new(None),
        }
    }

    /// This issue's key.
    pub fn issue_key(&self) -> String {
        self.issue_key.get_value()
    }

    /// Where an issue opens in Jira (`None` when the host did not say which site this is).
    pub fn browse_url(&self, key: &str) -> Option<String> {
        self.site_url.with_value(|s| browse_url(s.as_deref(), key))
    }

    /// The Jira site, as the host said.
    pub fn site_url(&self) -> Option<String> {
        self.site_url.get_value()
    }

    /// A linked issue's key as Jira reports it now (an issue moved to another project has a
    /// new key) and its status's name and category as last read (`None` before the first read).
    pub fn shown(&self, issue: &IssueRef) -> (String, Option<(String, String)>) {
        self.statuses.with(|m| match m.get(&issue.id) {
            Some(st) => (st.key.clone(), Some((st.name.clone(), st.category.clone()))),
            None => (issue.key.clone(), None),
        })
    }

    fn host(&self) -> Option<Rc<dyn Host>> {
        self.host.get_value()
    }

    /// The types a new issue can have from this issue: sub-task types unless this issue is
    /// itself a sub-task, then the others (linked). Reads them from Jira the first time.
    pub fn offered_types(&self) -> Signal<Option<Vec<CreatableType>>> {
        let (types, own) = (self.types, self.issue_type_id);
        Signal::derive(move || {
            types.get().map(|ts| {
                let own_is_subtask = own.with_value(|o| {
                    o.as_ref()
                        .is_some_and(|o| ts.iter().any(|t| t.id == *o && t.subtask))
                });
                let mut out: Vec<CreatableType> = ts
                    .iter()
                    .filter(|t| t.subtask && !own_is_subtask)
                    .cloned()
                    .collect();
                out.extend(ts.iter().filter(|t| !t.subtask).cloned());
                out
            })
        })
    }

    /// Reads the types the first time the form opens for `item`. A failed read is told on that
    /// item and leaves the types unread, so opening the form again asks again.
    pub fn load_types(&self, item: &ItemId) {
        if self.types.get_untracked().is_some() {
            return;
        }
        self.error.set(None);
        let item = item.clone();
        let (Some(host), Some(project)) = (self.host(), self.project_id.get_value()) else {
            self.types.set(Some(Vec::new()));
            return;
        };
        let this = *self;
        leptos::task::spawn_local(async move {
            let got = jira_issues::creatable_types(host.as_ref(), &project).await;
            match got {
                Ok(ts) => {
                    this.types.try_set(Some(ts));
                }
                Err(e) => {
                    this.error.try_set(Some((item, e.to_string())));
                }
            }
        });
    }

    /// Keeps the linked issues' statuses known: whenever the document links to issues not read
    /// yet (when the panel opens, or someone else linked one), reads them in one request per
    /// hundred. Issues read once are not read again while the panel is open.
    pub fn watch(&self, doc: Signal<Document>) {
        let Some(host) = self.host() else { return };
        let statuses = self.statuses;
        let asked: StoredValue<BTreeSet<String>> = StoredValue::new(BTreeSet::new());
        Effect::new(move |_| {
            let linked = doc.with(Document::linked_issue_ids);
            let ids: Vec<String> =
                asked.with_value(|a| linked.into_iter().filter(|i| !a.contains(i)).collect());
            if ids.is_empty() {
                return;
            }
            asked.update_value(|a| a.extend(ids.iter().cloned()));
            let host = host.clone();
            leptos::task::spawn_local(async move {
                for chunk in ids.chunks(BULK_MAX) {
                    // A failed read leaves the keys as stored and the statuses unknown:
                    // nothing follows an issue whose status is not known.
                    if let Ok(found) = jira_issues::statuses(host.as_ref(), chunk).await {
                        statuses.try_update(|m| {
                            for s in found {
                                m.insert(s.id.clone(), s);
                            }
                        });
                    }
                }
            });
        });
    }

    /// Creates the issue an item asks for and links the item to it. A sub-task needs no link
    /// (Jira shows it under its parent); any other type is linked to this issue. The item is
    /// linked even when the link request fails, since the issue exists either way.
    pub fn create(&self, editor: Editor, item: Item, req: CreateRequest) {
        let Some(host) = self.host() else { return };
        let Some(project_id) = self.project_id.get_value() else {
            self.error.set(Some((
                req.item,
                "Jira did not say which project this is".into(),
            )));
            return;
        };
        let subtask = self
            .types
            .with_untracked(|ts| {
                ts.as_ref()
                    .and_then(|ts| ts.iter().find(|t| t.id == req.type_id).map(|t| t.subtask))
            })
            .unwrap_or(false);
        let key = self.issue_key.get_value();
        let new = NewIssue {
            project_id,
            type_id: req.type_id.clone(),
            parent: subtask.then(|| key.clone()),
            summary: req.summary.trim().to_owned(),
            description: item.details.clone(),
            assignee: item.assignee.clone(),
            due: item.due.map(|d| d.to_string()),
        };
        let this = *self;
        this.busy.set(Some(req.item.clone()));
        this.error.set(None);
        leptos::task::spawn_local(async move {
            let result = create_and_link(host.as_ref(), &new, subtask, &key).await;
            this.busy.try_set(None);
            match result {
                Ok((created, link_error)) => {
                    let issue = IssueRef {
                        id: created.id.clone(),
                        key: created.key.clone(),
                    };
                    let _ =
                        editor.dispatch(Edit::LinkIssue(req.item.clone(), Some(issue), req.follow));
                    if let Some(e) = link_error {
                        this.error.try_set(Some((
                            req.item.clone(),
                            format!(
                                "{} was created but could not be linked to {key}: {e}",
                                created.key
                            ),
                        )));
                    }
                    // Its status is read by `watch`, which sees the new link in the document.
                    host.flag(
                        FlagKind::Success,
                        &format!("{} created", created.key),
                        &new.summary,
                    );
                }
                Err(e) => {
                    this.error.try_set(Some((req.item, e.to_string())));
                }
            }
        });
    }

    /// While the panel is open: items that follow a linked issue take its done-ness, written by
    /// whoever may edit (a read-only viewer sees the issue's status, and writes nothing).
    pub fn keep_following(&self, editor: Editor) {
        let statuses = self.statuses;
        let saver = editor.saver;
        Effect::new(move |_| {
            let known = statuses.get();
            if known.is_empty() || !saver.can_edit.get() {
                return;
            }
            let set = saver.statuses();
            let changes = saver.doc.with_untracked(|d| {
                d.follow_changes(&set, |id| known.get(id).map(IssueStatus::is_done))
            });
            for (id, status) in changes {
                let _ = editor.dispatch(Edit::SetStatus(id, status));
            }
        });
    }
}

async fn create_and_link(
    host: &dyn Host,
    new: &NewIssue,
    subtask: bool,
    this_issue: &str,
) -> Result<(jira_issues::Created, Option<HostError>), HostError> {
    let created = jira_issues::create(host, new).await?;
    let link_error = if subtask {
        None
    } else {
        jira_issues::link(host, this_issue, &created.key)
            .await
            .err()
    };
    Ok((created, link_error))
}
