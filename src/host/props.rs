//! Entity properties over any [`Host`]: the REST paths, encoding and the 404-means-absent rule.

use super::all::{all_ok, Pending};
use super::{Host, HostError, Method};
use serde_json::Value;

/// Property scopes Ticklist stores data in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope<'a> {
    Issue(&'a str),
    Project(&'a str),
    IssueType(&'a str),
}

/// An owned [`Scope`]: an entity a document is kept on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entity {
    Issue(String),
    Project(String),
    IssueType(String),
}

impl Entity {
    pub fn scope(&self) -> Scope<'_> {
        match self {
            Entity::Issue(id) => Scope::Issue(id),
            Entity::Project(id) => Scope::Project(id),
            Entity::IssueType(id) => Scope::IssueType(id),
        }
    }
}

/// Percent-encodes one path segment (ids and keys from the host, property keys of ours).
/// `:` and `@` stay as they are (RFC 3986 allows them in a segment), so the issue-view status
/// key `com.atlassian.jira.issue:…:status` reads as Jira documents it.
pub fn encode_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b':' | b'@') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

pub fn property_path(scope: Scope<'_>, key: &str) -> String {
    let (kind, id) = match scope {
        Scope::Issue(id) => ("issue", id),
        Scope::Project(id) => ("project", id),
        Scope::IssueType(id) => ("issuetype", id),
    };
    format!(
        "/rest/api/3/{kind}/{}/properties/{}",
        encode_segment(id),
        encode_segment(key)
    )
}

/// A property's value, `None` when it does not exist.
pub async fn read(
    host: &dyn Host,
    scope: Scope<'_>,
    key: &str,
) -> Result<Option<Value>, HostError> {
    let path = property_path(scope, key);
    match host.request(Method::Get, &path, None).await {
        Ok(body) => {
            // Jira wraps the value: {"key": …, "value": …}.
            let mut v: Value = serde_json::from_str(&body)
                .map_err(|e| HostError::Protocol(format!("property response: {e}")))?;
            let value = v
                .get_mut("value")
                .ok_or_else(|| HostError::Protocol("property response without value".into()))?;
            Ok(Some(value.take()))
        }
        Err(e) if e.status() == Some(404) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Several properties of one entity, in the order of `keys` (`None` for those that do not
/// exist; each key is asked for once). An issue's come in one request: Jira's "Get issue"
/// returns the properties named in its `properties` parameter (and `fields` keeps the rest of
/// the issue out of the answer). Other entities have no such request, so their properties are
/// read in parallel. Values are handed over as parsed, never printed and parsed again: a big
/// checklist is hundreds of kilobytes.
pub async fn read_many(
    host: &dyn Host,
    scope: Scope<'_>,
    keys: &[String],
) -> Result<Vec<Option<Value>>, HostError> {
    let Scope::Issue(id) = scope else {
        let reads = keys
            .iter()
            .map(|k| Box::pin(read(host, scope, k)) as Pending<'_, _>)
            .collect();
        return all_ok(reads).await;
    };
    if let [key] = keys {
        return Ok(vec![read(host, scope, key).await?]);
    }
    let list: Vec<String> = keys.iter().map(|k| encode_segment(k)).collect();
    let path = format!(
        "/rest/api/3/issue/{}?fields=issuetype&properties={}",
        encode_segment(id),
        list.join(",")
    );
    let body = host.request(Method::Get, &path, None).await?;
    let mut v: Value = serde_json::from_str(&body)
        .map_err(|e| HostError::Protocol(format!("issue response: {e}")))?;
    // Moved out, not cloned; a scan instead of a map lookup keeps the map's removal code
    // out of the wasm (a few keys at most).
    let mut props: Vec<(String, Value)> = match v.get_mut("properties").map(Value::take) {
        Some(Value::Object(map)) => map.into_iter().collect(),
        _ => Vec::new(),
    };
    Ok(keys
        .iter()
        .map(|k| {
            props
                .iter_mut()
                .find(|(name, _)| name == k)
                .map(|(_, value)| value.take())
        })
        .collect())
}

/// Writes a property's raw JSON value.
pub async fn write(
    host: &dyn Host,
    scope: Scope<'_>,
    key: &str,
    json: &str,
) -> Result<(), HostError> {
    let path = property_path(scope, key);
    host.request(Method::Put, &path, Some(json)).await.map(drop)
}

/// Deletes a property; deleting one that is not there is not an error.
pub async fn delete(host: &dyn Host, scope: Scope<'_>, key: &str) -> Result<(), HostError> {
    let path = property_path(scope, key);
    match host.request(Method::Delete, &path, None).await {
        Ok(_) => Ok(()),
        Err(e) if e.status() == Some(404) => Ok(()),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_jiras_and_encoded() {
        assert_eq!(
            property_path(Scope::Issue("TL-1"), "ticklist.checklist"),
            "/rest/api/3/issue/TL-1/properties/ticklist.checklist"
        );
        assert_eq!(
            property_path(Scope::Project("a/b"), "k y"),
            "/rest/api/3/project/a%2Fb/properties/k%20y"
        );
        assert_eq!(
            property_path(Scope::IssueType("10001"), "x"),
            "/rest/api/3/issuetype/10001/properties/x"
        );
    }
}
