//! The small derived document that Jira indexes for JQL, shows as the issue-view status and feeds
//! to the workflow validator. Never the full checklist: Jira indexes only a few values per app.

use crate::date::Date;
use crate::model::{Document, ItemKind};
use crate::status::StatusSet;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Field names are the JSON paths the descriptors' entity-property extractions and the validator
/// expression read: renaming one is a breaking change for every site's JQL.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    pub total: u32,
    pub done: u32,
    pub open: u32,
    pub mandatory_open: u32,
    /// 0–100, rounded down so 99.9 % never shows as complete.
    pub percent: u32,
    pub by_status: BTreeMap<String, u32>,
    /// Account ids with at least one open item.
    pub assignees: Vec<String>,
    /// The earliest due date among open items.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_due: Option<Date>,
    /// Whether the open items include one past `today` (as of the last write).
    pub overdue: bool,
}

impl Summary {
    /// Summarises every live item (headers excluded) of every checklist.
    pub fn of(doc: &Document, statuses: &StatusSet, today: Option<Date>) -> Self {
        let mut s = Summary::default();
        let mut assignees = std::collections::BTreeSet::new();
        for item in doc.lists().iter().flat_map(|l| &l.items) {
            if item.kind == ItemKind::Header {
                continue;
            }
            s.total += 1;
            *s.by_status.entry(item.status.clone()).or_default() += 1;
            if statuses.is_complete(&item.status) {
                s.done += 1;
                continue;
            }
            s.open += 1;
            if item.mandatory {
                s.mandatory_open += 1;
            }
            if let Some(a) = &item.assignee {
                assignees.insert(a.clone());
            }
            if let Some(d) = item.due {
                s.next_due = Some(s.next_due.map_or(d, |n| n.min(d)));
                if today.is_some_and(|t| d < t) {
                    s.overdue = true;
                }
            }
        }
        s.percent = (s.done * 100).checked_div(s.total).unwrap_or(0);
        s.assignees = assignees.into_iter().collect();
        s
    }

    /// The issue-view status property value (`{"type":"lozenge",…}`), or `None` for an issue
    /// without items, whose status property should then be deleted.
    pub fn lozenge(&self) -> Option<serde_json::Value> {
        if self.total == 0 {
            return None;
        }
        let kind = if self.done == self.total {
            "success"
        } else if self.done == 0 {
            "new"
        } else {
            "inprogress"
        };
        Some(serde_json::json!({
            "type": "lozenge",
            "value": {"label": format!("{}/{}", self.done, self.total), "type": kind}
        }))
    }
}
