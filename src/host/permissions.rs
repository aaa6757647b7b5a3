//! What the current user may do, as Jira says (`GET /rest/api/3/mypermissions`). The UI uses it
//! only to offer what will work; Jira enforces it on every write regardless.

use super::props::encode_segment;
use super::{Host, HostError, Method};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Permissions {
    pub browse: bool,
    pub edit_issues: bool,
    pub administer_project: bool,
    pub administer_jira: bool,
    /// Create issues and Link issues: both needed to turn an item into a linked issue.
    pub create_issues: bool,
}

/// Where to ask about: an issue (the panel) or a project (the settings pages).
#[derive(Clone, Copy, Debug)]
pub enum On<'a> {
    Issue(&'a str),
    Project(&'a str),
    /// No issue or project: global permissions (Administer Jira).
    Site,
}

/// The Forge head start (js/app/forge-bridge-entry.js) asks for the issue panel's byte for byte.
pub fn path(on: On<'_>) -> String {
    let ctx = match on {
        On::Issue(k) => format!("issueKey={}&", encode_segment(k)),
        On::Project(k) => format!("projectKey={}&", encode_segment(k)),
        On::Site => String::new(),
    };
    format!("/rest/api/3/mypermissions?{ctx}permissions=BROWSE_PROJECTS,EDIT_ISSUES,ADMINISTER_PROJECTS,ADMINISTER,CREATE_ISSUES,LINK_ISSUES")
}

pub async fn mine(host: &dyn Host, on: On<'_>) -> Result<Permissions, HostError> {
    let body = host.request(Method::Get, &path(on), None).await?;
    parse(&body)
}

/// Reads `{"permissions": {"EDIT_ISSUES": {"havePermission": true}, …}}`; absent means no.
pub fn parse(body: &str) -> Result<Permissions, HostError> {
    let v: serde_json::Value = serde_json::from_str(body)
        .map_err(|e| HostError::Protocol(format!("mypermissions: {e}")))?;
    // Indexing, not `pointer`: a JSON pointer is built with format! and unescaped with
    // str::replace, code the start-up would carry for this one read.
    let has = |k: &str| {
        v["permissions"][k]["havePermission"]
            .as_bool()
            .unwrap_or(false)
    };
    Ok(Permissions {
        browse: has("BROWSE_PROJECTS"),
        edit_issues: has("EDIT_ISSUES"),
        administer_project: has("ADMINISTER_PROJECTS"),
        administer_jira: has("ADMINISTER"),
        create_issues: has("CREATE_ISSUES") && has("LINK_ISSUES"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_jiras_answer_and_treats_absent_as_no() {
        let p = parse(r#"{"permissions":{"EDIT_ISSUES":{"havePermission":true},"ADMINISTER":{"havePermission":false}}}"#).unwrap();
        assert!(p.edit_issues && !p.administer_jira && !p.browse);
        assert!(parse("nope").is_err());
        assert!(path(On::Issue("TL-1")).contains("issueKey=TL-1&permissions="));
    }
}
