//! Creating, linking, bulk-reading and transitioning issues: Jira's permission rules and the
//! state each operation leaves behind.

mod common;
use common::*;
use serde_json::{json, Value};

fn sub_task(summary: &str) -> String {
    json!({"fields": {
        "project": {"key": "TL"}, "issuetype": {"id": "10004"}, "parent": {"key": "TL-1"},
        "summary": summary,
        "description": {"type": "doc", "version": 1, "content": [
            {"type": "paragraph", "content": [{"type": "text", "text": "line one"}]},
            {"type": "paragraph", "content": [{"type": "text", "text": "line two"}]}]},
        "assignee": {"accountId": EDITOR}, "duedate": "2026-12-01",
    }})
    .to_string()
}

#[tokio::test]
async fn an_editor_creates_a_sub_task_that_reads_back_under_its_parent() {
    let s = sim();
    let r = call(
        &s,
        "POST",
        "/rest/api/3/issue",
        Some(EDITOR),
        Some(&sub_task("Notes")),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let key = r.json()["key"].as_str().unwrap().to_owned();
    assert_eq!(key, "TL-4");
    let got = call(
        &s,
        "GET",
        &format!("/rest/api/3/issue/{key}"),
        Some(VIEWER),
        None,
    )
    .await;
    let f = &got.json()["fields"];
    assert_eq!(f["parent"]["key"], "TL-1");
    assert_eq!(f["status"]["statusCategory"]["key"], "new");
    assert_eq!(f["assignee"]["accountId"], EDITOR);
    assert_eq!(f["reporter"]["accountId"], EDITOR);
    assert_eq!(f["duedate"], "2026-12-01");
    assert_eq!(f["description"], "line one\nline two");
    let parent = call(
        &s,
        "GET",
        "/rest/api/3/issue/TL-1?fields=subtasks",
        Some(EDITOR),
        None,
    )
    .await;
    assert_eq!(parent.json()["fields"]["subtasks"][0]["key"], "TL-4");
    // Keys are never reused and ids are new.
    let again = call(
        &s,
        "POST",
        "/rest/api/3/issue",
        Some(EDITOR),
        Some(&sub_task("More")),
    )
    .await;
    assert_eq!(again.json()["key"], "TL-5");
    assert_ne!(again.json()["id"], r.json()["id"]);
}

#[tokio::test]
async fn creating_needs_create_issues_and_valid_fields() {
    let s = sim();
    let post = |u: Option<&'static str>, b: String| {
        let s = s.clone();
        async move { call(&s, "POST", "/rest/api/3/issue", u, Some(&b)).await }
    };
    // A browse-only user: refused. Someone who cannot see the project: as if it did not exist.
    let r = post(Some(VIEWER), sub_task("x")).await;
    assert_eq!(r.status, 403, "{}", r.text);
    let r = post(Some(OUTSIDER), sub_task("x")).await;
    assert_eq!(r.status, 400);
    assert!(r.json()["errors"]["project"].is_string());
    assert_eq!(post(None, sub_task("x")).await.status, 401);
    let bad = |fields: Value| json!({"fields": fields}).to_string();
    let cases = [
        (
            json!({"project": {"key": "TL"}, "issuetype": {"id": "10004"}, "summary": "orphan"}),
            "parent",
        ),
        (
            json!({"project": {"key": "TL"}, "issuetype": {"id": "10003"}, "summary": "  "}),
            "summary",
        ),
        (
            json!({"project": {"key": "TL"}, "issuetype": {"id": "10003"}, "summary": "x", "description": "plain"}),
            "description",
        ),
        (
            json!({"project": {"key": "TL"}, "issuetype": {"id": "10003"}, "summary": "x", "duedate": "2026-13-01"}),
            "duedate",
        ),
        (
            json!({"project": {"key": "TL"}, "issuetype": {"id": "10003"}, "summary": "x", "assignee": {"accountId": VIEWER}}),
            "assignee",
        ),
        (
            json!({"project": {"key": "TL"}, "issuetype": {"id": "10004"}, "summary": "x", "parent": {"key": "OPS-1"}}),
            "parent",
        ),
        (
            json!({"project": {"key": "TL"}, "issuetype": {"id": "10003"}, "summary": "x", "priority": {"id": "1"}}),
            "priority",
        ),
        (
            json!({"project": {"key": "TL"}, "issuetype": {"id": "99"}, "summary": "x"}),
            "issuetype",
        ),
    ];
    for (fields, field) in cases {
        let r = post(Some(EDITOR), bad(fields.clone())).await;
        assert_eq!(r.status, 400, "{fields}: {}", r.text);
        assert!(
            r.json()["errors"][field].is_string(),
            "{fields}: {}",
            r.text
        );
    }
    // Nothing was created by any of them.
    let meta = call(
        &s,
        "POST",
        "/rest/api/3/issue/bulkfetch",
        Some(EDITOR),
        Some(r#"{"issueIdsOrKeys":["TL-4"]}"#),
    )
    .await;
    assert_eq!(meta.json()["issues"], json!([]));
}

#[tokio::test]
async fn links_need_link_issues_and_show_on_both_issues() {
    let s = sim();
    let body =
        r#"{"type":{"name":"Relates"},"inwardIssue":{"key":"TL-2"},"outwardIssue":{"key":"TL-1"}}"#;
    assert_eq!(
        call(
            &s,
            "POST",
            "/rest/api/3/issueLink",
            Some(VIEWER),
            Some(body)
        )
        .await
        .status,
        404
    );
    assert_eq!(
        call(
            &s,
            "POST",
            "/rest/api/3/issueLink",
            Some(OUTSIDER),
            Some(body)
        )
        .await
        .status,
        404
    );
    assert_eq!(
        call(
            &s,
            "POST",
            "/rest/api/3/issueLink",
            Some(EDITOR),
            Some(body)
        )
        .await
        .status,
        201
    );
    let one = call(
        &s,
        "GET",
        "/rest/api/3/issue/TL-1?fields=issuelinks",
        Some(VIEWER),
        None,
    )
    .await;
    assert_eq!(
        one.json()["fields"]["issuelinks"][0]["inwardIssue"]["key"],
        "TL-2"
    );
    let two = call(
        &s,
        "GET",
        "/rest/api/3/issue/TL-2?fields=issuelinks",
        Some(VIEWER),
        None,
    )
    .await;
    assert_eq!(
        two.json()["fields"]["issuelinks"][0]["outwardIssue"]["key"],
        "TL-1"
    );
}

#[tokio::test]
async fn bulk_fetch_returns_what_the_caller_may_see_and_transitions_need_permission() {
    let s = sim();
    let fetch = |u: &'static str| {
        let s = s.clone();
        async move {
            call(
                &s,
                "POST",
                "/rest/api/3/issue/bulkfetch",
                Some(u),
                Some(r#"{"issueIdsOrKeys":["TL-1","10101","NOPE-1","TL-1"],"fields":["status"]}"#),
            )
            .await
        }
    };
    let r = fetch(EDITOR).await;
    let issues = r.json()["issues"].as_array().unwrap().clone();
    assert_eq!(issues.len(), 2, "{}", r.text);
    assert!(
        issues[0]["fields"].get("summary").is_none(),
        "only the fields asked for"
    );
    assert_eq!(fetch(OUTSIDER).await.json()["issues"], json!([]));
    let too_many: Vec<String> = (0..101).map(|n| format!("TL-{n}")).collect();
    let r = call(
        &s,
        "POST",
        "/rest/api/3/issue/bulkfetch",
        Some(EDITOR),
        Some(&json!({"issueIdsOrKeys": too_many}).to_string()),
    )
    .await;
    assert_eq!(r.status, 400);

    let done = r#"{"transition":{"id":"31"}}"#;
    let r = call(
        &s,
        "POST",
        "/rest/api/3/issue/TL-1/transitions",
        Some(VIEWER),
        Some(done),
    )
    .await;
    assert_eq!(r.status, 400);
    let listed = call(
        &s,
        "GET",
        "/rest/api/3/issue/TL-1/transitions",
        Some(VIEWER),
        None,
    )
    .await;
    assert_eq!(listed.json()["transitions"], json!([]));
    let r = call(
        &s,
        "POST",
        "/rest/api/3/issue/TL-1/transitions",
        Some(EDITOR),
        Some(done),
    )
    .await;
    assert_eq!(r.status, 204, "{}", r.text);
    let after = fetch(VIEWER).await;
    assert_eq!(
        after.json()["issues"][0]["fields"]["status"]["statusCategory"]["key"],
        "done"
    );
    // Into the status it is already in: not a transition Jira offers.
    let r = call(
        &s,
        "POST",
        "/rest/api/3/issue/TL-1/transitions",
        Some(EDITOR),
        Some(done),
    )
    .await;
    assert_eq!(r.status, 400);
}

#[tokio::test]
async fn create_metadata_lists_sub_tasks_only_to_those_who_can_create() {
    let s = sim();
    let r = call(
        &s,
        "GET",
        "/rest/api/3/issue/createmeta/TL/issuetypes",
        Some(EDITOR),
        None,
    )
    .await;
    let types = r.json()["issueTypes"].as_array().unwrap().clone();
    assert!(types
        .iter()
        .any(|t| t["subtask"] == true && t["name"] == "Sub-task"));
    assert!(types.iter().any(|t| t["subtask"] == false));
    let r = call(
        &s,
        "GET",
        "/rest/api/3/issue/createmeta/TL/issuetypes",
        Some(VIEWER),
        None,
    )
    .await;
    assert_eq!(r.json()["issueTypes"], json!([]));
    let p = call(
        &s,
        "GET",
        "/rest/api/3/mypermissions?issueKey=TL-1&permissions=CREATE_ISSUES,LINK_ISSUES",
        Some(VIEWER),
        None,
    )
    .await;
    assert_eq!(
        p.json()["permissions"]["CREATE_ISSUES"]["havePermission"],
        false
    );
    let p = call(
        &s,
        "GET",
        "/rest/api/3/mypermissions?issueKey=TL-1&permissions=CREATE_ISSUES",
        Some(EDITOR),
        None,
    )
    .await;
    assert_eq!(
        p.json()["permissions"]["CREATE_ISSUES"]["havePermission"],
        true
    );
}
