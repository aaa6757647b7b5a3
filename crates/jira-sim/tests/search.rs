//! The enhanced JQL search: paging with `nextPageToken` visits every matching issue once, in key
//! order, and finds only issues the caller can browse.

mod common;
use common::*;
use serde_json::Value;

async fn all_keys(jql: &str, user: &str, max: usize) -> Vec<String> {
    let s = sim();
    let mut keys = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let mut path = format!(
            "/rest/api/3/search/jql?jql={}&maxResults={max}&fields=project",
            jql.replace(' ', "%20")
        );
        if let Some(t) = &token {
            path.push_str(&format!("&nextPageToken={t}"));
        }
        let r = call(&s, "GET", &path, Some(user), None).await;
        assert_eq!(r.status.as_u16(), 200, "{}", r.text);
        let v: Value = serde_json::from_str(&r.text).unwrap();
        for i in v["issues"].as_array().unwrap() {
            keys.push(i["key"].as_str().unwrap().to_owned());
        }
        match v["nextPageToken"].as_str() {
            Some(t) => {
                assert_eq!(v["isLast"], false);
                token = Some(t.to_owned());
            }
            None => {
                assert_eq!(v["isLast"], true);
                return keys;
            }
        }
    }
}

#[tokio::test]
async fn paging_visits_every_issue_once_in_key_order() {
    let keys = all_keys("project = MIG ORDER BY key", EDITOR, 37).await;
    let expected: Vec<String> = (1..=300).map(|n| format!("MIG-{n}")).collect();
    assert_eq!(keys, expected);
    let with_field = all_keys(
        "project = MIG AND issue.property[com.railsware.SmartChecklist.checklist] IS NOT EMPTY",
        EDITOR,
        100,
    )
    .await;
    assert_eq!(with_field.len(), 300);
    assert_eq!(
        all_keys("project in (TL, MIG) AND issuetype = Bug", EDITOR, 50).await,
        ["TL-2"]
    );
}

#[tokio::test]
async fn search_finds_only_what_the_caller_can_browse_and_rejects_foreign_tokens() {
    assert!(all_keys("project = MIG", OUTSIDER, 50).await.is_empty());
    let s = sim();
    let r = call(
        &s,
        "GET",
        "/rest/api/3/search/jql?jql=project%20=%20TL&nextPageToken=1.2",
        Some(EDITOR),
        None,
    )
    .await;
    assert_eq!(r.status.as_u16(), 400);
}
