//! Jira users, for the assignee picker: who can be assigned on this issue, and who "me" is.

use super::props::encode_segment;
use super::{Host, HostError, Method};

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct User {
    pub account_id: String,
    pub display_name: String,
}

fn parse_users(body: &str) -> Result<Vec<User>, HostError> {
    let v: serde_json::Value =
        serde_json::from_str(body).map_err(|e| HostError::Protocol(format!("users: {e}")))?;
    let list = v.as_array().cloned().unwrap_or_default();
    Ok(list.iter().filter_map(parse_user).collect())
}

fn parse_user(u: &serde_json::Value) -> Option<User> {
    Some(User {
        account_id: u.get("accountId")?.as_str()?.to_owned(),
        display_name: u
            .get("displayName")
            .and_then(|d| d.as_str())
            .unwrap_or_default()
            .to_owned(),
    })
}

/// Users who can be assigned on `issue_key` matching `query` (Jira's assignable-user search).
pub async fn assignable(
    host: &dyn Host,
    issue_key: &str,
    query: &str,
) -> Result<Vec<User>, HostError> {
    let path = format!(
        "/rest/api/3/user/assignable/search?issueKey={}&query={}&maxResults=10",
        encode_segment(issue_key),
        encode_segment(query)
    );
    parse_users(&host.request(Method::Get, &path, None).await?)
}

/// One account's name, if that account can be assigned on the issue.
pub async fn by_account(
    host: &dyn Host,
    issue_key: &str,
    account_id: &str,
) -> Result<Option<User>, HostError> {
    let path = format!(
        "/rest/api/3/user/assignable/search?issueKey={}&accountId={}",
        encode_segment(issue_key),
        encode_segment(account_id)
    );
    Ok(parse_users(&host.request(Method::Get, &path, None).await?)?
        .into_iter()
        .next())
}

/// The current user.
pub async fn myself(host: &dyn Host) -> Result<User, HostError> {
    let body = host
        .request(Method::Get, "/rest/api/3/myself", None)
        .await?;
    let v: serde_json::Value =
        serde_json::from_str(&body).map_err(|e| HostError::Protocol(format!("myself: {e}")))?;
    parse_user(&v).ok_or_else(|| HostError::Protocol("myself without accountId".into()))
}
