//! Jira issues themselves, as the current user: the types they may create in a project, creating
//! one (a sub-task of this issue, or another type linked to it), and reading the status of many
//! issues in one request. Jira's own permissions decide every call.

use super::props::encode_segment;
use super::{Host, HostError, Method};
use serde_json::{json, Value};

/// Jira's bulk read takes at most this many issues per request.
pub const BULK_MAX: usize = 100;

/// The link type used for issues that are not sub-tasks (present on every Jira Cloud site).
pub const LINK_TYPE: &str = "Relates";

/// An issue type the user may create in the project.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreatableType {
    pub id: String,
    pub name: String,
    pub subtask: bool,
}

/// What to create from an item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewIssue {
    pub project_id: String,
    pub type_id: String,
    /// The parent's key for a sub-task.
    pub parent: Option<String>,
    pub summary: String,
    /// Plain text (lines become paragraphs).
    pub description: String,
    pub assignee: Option<String>,
    /// `YYYY-MM-DD`.
    pub due: Option<String>,
}

/// A created issue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Created {
    pub id: String,
    pub key: String,
}

/// An issue's key and status as Jira reports them now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IssueStatus {
    pub id: String,
    pub key: String,
    pub name: String,
    /// Jira's status category key: `new`, `indeterminate` or `done`.
    pub category: String,
}

impl IssueStatus {
    pub fn is_done(&self) -> bool {
        self.category == "done"
    }
}

fn parse(body: &str, what: &str) -> Result<Value, HostError> {
    serde_json::from_str(body).map_err(|e| HostError::Protocol(format!("{what}: {e}")))
}

fn text(v: &Value, pointer: &str) -> Option<String> {
    v.pointer(pointer)
        .and_then(Value::as_str)
        .map(str::to_owned)
}

/// The issue types the user may create in `project` (none without Create issues).
pub async fn creatable_types(
    host: &dyn Host,
    project: &str,
) -> Result<Vec<CreatableType>, HostError> {
    let path = format!(
        "/rest/api/3/issue/createmeta/{}/issuetypes?maxResults=50",
        encode_segment(project)
    );
    let v = parse(
        &host.request(Method::Get, &path, None).await?,
        "issue types",
    )?;
    Ok(v.get("issueTypes")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|t| {
            Some(CreatableType {
                id: text(t, "/id")?,
                name: text(t, "/name")?,
                subtask: t.get("subtask").and_then(Value::as_bool).unwrap_or(false),
            })
        })
        .collect())
}

/// An Atlassian Document with one paragraph per line (Jira's v3 API takes no plain text).
fn document(text: &str) -> Value {
    let paragraphs: Vec<Value> = text
        .lines()
        .map(|l| {
            if l.is_empty() {
                json!({"type": "paragraph", "content": []})
            } else {
                json!({"type": "paragraph", "content": [{"type": "text", "text": l}]})
            }
        })
        .collect();
    json!({"type": "doc", "version": 1, "content": paragraphs})
}

/// The request body of "Create issue".
pub fn create_body(new: &NewIssue) -> String {
    let mut fields = json!({
        "project": {"id": new.project_id},
        "issuetype": {"id": new.type_id},
        "summary": new.summary,
    });
    if let Some(p) = &new.parent {
        fields["parent"] = json!({"key": p});
    }
    if !new.description.trim().is_empty() {
        fields["description"] = document(&new.description);
    }
    if let Some(a) = &new.assignee {
        fields["assignee"] = json!({"accountId": a});
    }
    if let Some(d) = &new.due {
        fields["duedate"] = json!(d);
    }
    json!({ "fields": fields }).to_string()
}

pub async fn create(host: &dyn Host, new: &NewIssue) -> Result<Created, HostError> {
    let body = create_body(new);
    let v = parse(
        &host
            .request(Method::Post, "/rest/api/3/issue", Some(&body))
            .await?,
        "created issue",
    )?;
    match (text(&v, "/id"), text(&v, "/key")) {
        (Some(id), Some(key)) => Ok(Created { id, key }),
        _ => Err(HostError::Protocol(
            "created issue without id or key".into(),
        )),
    }
}

/// Links `from` (this issue) to `to` with [`LINK_TYPE`]: "from relates to to".
pub async fn link(host: &dyn Host, from: &str, to: &str) -> Result<(), HostError> {
    let body = json!({
        "type": {"name": LINK_TYPE},
        "outwardIssue": {"key": from},
        "inwardIssue": {"key": to},
    })
    .to_string();
    host.request(Method::Post, "/rest/api/3/issueLink", Some(&body))
        .await
        .map(drop)
}

/// The request body of "Bulk fetch issues" for the status of `ids`.
pub fn statuses_body(ids: &[String]) -> String {
    json!({"issueIdsOrKeys": ids, "fields": ["status"]}).to_string()
}

/// Reads the status of up to [`BULK_MAX`] issues in one request. Issues the user may not see
/// (or that no longer exist) are simply absent, as Jira leaves them out.
pub async fn statuses(host: &dyn Host, ids: &[String]) -> Result<Vec<IssueStatus>, HostError> {
    let body = statuses_body(&ids[..ids.len().min(BULK_MAX)]);
    let v = parse(
        &host
            .request(Method::Post, "/rest/api/3/issue/bulkfetch", Some(&body))
            .await?,
        "issues",
    )?;
    Ok(v.get("issues")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|i| {
            Some(IssueStatus {
                id: text(i, "/id")?,
                key: text(i, "/key")?,
                name: text(i, "/fields/status/name")?,
                category: text(i, "/fields/status/statusCategory/key")
                    .unwrap_or_else(|| "new".into()),
            })
        })
        .collect())
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::host::memory::MemoryHost;
    use futures_executor::block_on;

    #[test]
    fn a_sub_task_carries_the_items_fields_as_jira_takes_them() {
        let body: Value = serde_json::from_str(&create_body(&NewIssue {
            project_id: "10000".into(),
            type_id: "10004".into(),
            parent: Some("TL-1".into()),
            summary: "Release notes".into(),
            description: "Both languages\n\nthen <b>publish</b>".into(),
            assignee: Some("acc-1".into()),
            due: Some("2026-12-01".into()),
        }))
        .unwrap();
        let f = &body["fields"];
        assert_eq!(f["parent"]["key"], "TL-1");
        assert_eq!(f["description"]["type"], "doc");
        // Text stays text: markup in details is never turned into formatting or HTML.
        assert_eq!(
            f["description"]["content"][2]["content"][0]["text"],
            "then <b>publish</b>"
        );
        assert_eq!(f["assignee"]["accountId"], "acc-1");
        assert_eq!(f["duedate"], "2026-12-01");
        let plain: Value = serde_json::from_str(&create_body(&NewIssue {
            project_id: "1".into(),
            type_id: "2".into(),
            parent: None,
            summary: "x".into(),
            description: " ".into(),
            assignee: None,
            due: None,
        }))
        .unwrap();
        assert!(plain["fields"].get("parent").is_none());
        assert!(plain["fields"].get("description").is_none());
    }

    #[test]
    fn statuses_read_what_jira_returns_and_skip_what_it_does_not() {
        let host = MemoryHost::new("1");
        host.posts.borrow_mut().push_back(Ok(json!({"issues": [
            {"id": "7", "key": "TL-7", "fields": {"status": {"name": "Done", "statusCategory": {"key": "done"}}}},
            {"id": "8", "key": "TL-8", "fields": {}}
        ], "issueErrors": []})
        .to_string()));
        let got = block_on(statuses(&host, &["7".into(), "8".into(), "9".into()])).unwrap();
        assert_eq!(got.len(), 1);
        assert!(got[0].is_done());
        assert_eq!(host.count(Method::Post, "bulkfetch"), 1);
    }
}
