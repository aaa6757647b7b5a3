//! Jira's issue types (`GET /rest/api/3/issuetype`): global settings are kept on each of them.

use super::{Host, HostError, Method};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IssueType {
    pub id: String,
    pub name: String,
}

/// The issue types visible to the user.
pub async fn visible(host: &dyn Host) -> Result<Vec<IssueType>, HostError> {
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
