//! Jira's permission rules and limits on every REST route the simulator serves.

mod common;
use axum::http::StatusCode;
use common::*;

const IP: &str = "/rest/api/3/issue/TL-1/properties";

#[tokio::test]
async fn issue_property_lifecycle() {
    let s = sim();
    let key = format!("{IP}/ticklist.checklist");
    assert_eq!(
        call(&s, "PUT", &key, Some(EDITOR), Some(r#"{"a":1}"#))
            .await
            .status,
        StatusCode::CREATED
    );
    assert_eq!(
        call(&s, "PUT", &key, Some(EDITOR), Some(r#"{"a":2}"#))
            .await
            .status,
        StatusCode::OK
    );
    let got = call(&s, "GET", &key, Some(VIEWER), None).await;
    assert_eq!(got.status, StatusCode::OK);
    assert_eq!(
        got.json(),
        serde_json::json!({"key": "ticklist.checklist", "value": {"a": 2}})
    );
    // The issue id reaches the same property as the key.
    assert_eq!(
        call(
            &s,
            "GET",
            "/rest/api/3/issue/10100/properties/ticklist.checklist",
            Some(EDITOR),
            None
        )
        .await
        .status,
        StatusCode::OK
    );
    let keys = call(&s, "GET", IP, Some(EDITOR), None).await.json();
    assert_eq!(keys["keys"][0]["key"], "ticklist.checklist");
    assert!(keys["keys"][0]["self"]
        .as_str()
        .unwrap()
        .ends_with("/properties/ticklist.checklist"));
    assert_eq!(
        call(&s, "DELETE", &key, Some(EDITOR), None).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        call(&s, "GET", &key, Some(EDITOR), None).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        call(&s, "DELETE", &key, Some(EDITOR), None).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn credentials_are_required() {
    let s = sim();
    for path in [
        IP.to_owned(),
        format!("{IP}/k"),
        "/rest/api/3/myself".into(),
    ] {
        assert_eq!(
            call(&s, "GET", &path, None, None).await.status,
            StatusCode::UNAUTHORIZED,
            "{path}"
        );
        assert_eq!(
            call(&s, "GET", &path, Some("nobody"), None).await.status,
            StatusCode::UNAUTHORIZED,
            "{path}"
        );
    }
}

#[tokio::test]
async fn issue_properties_need_browse_to_read_and_edit_to_write() {
    let s = sim();
    let key = format!("{IP}/k");
    call(&s, "PUT", &key, Some(EDITOR), Some("1")).await;
    assert_eq!(
        call(&s, "GET", &key, Some(VIEWER), None).await.status,
        StatusCode::OK
    );
    assert_eq!(
        call(&s, "PUT", &key, Some(VIEWER), Some("2")).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        call(&s, "DELETE", &key, Some(VIEWER), None).await.status,
        StatusCode::NOT_FOUND
    );
    // No browse: the issue does not exist as far as this user can tell.
    assert_eq!(
        call(&s, "GET", &key, Some(OUTSIDER), None).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        call(&s, "PUT", &key, Some(OUTSIDER), Some("2"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        call(
            &s,
            "GET",
            "/rest/api/3/issue/NOPE-9/properties/k",
            Some(EDITOR),
            None
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    // Nothing the refused writes tried reached the store.
    assert_eq!(
        call(&s, "GET", &key, Some(EDITOR), None).await.json()["value"],
        1
    );
}

#[tokio::test]
async fn value_limit_is_32768_characters_and_json_is_checked() {
    let s = sim();
    let key = format!("{IP}/big");
    // A JSON string of exactly 32,768 characters (quotes included) is accepted; one more is not.
    let exact = format!("\"{}\"", "é".repeat(32_766));
    assert_eq!(exact.chars().count(), 32_768);
    assert_eq!(
        call(&s, "PUT", &key, Some(EDITOR), Some(&exact))
            .await
            .status,
        StatusCode::CREATED
    );
    let over = format!("\"{}\"", "é".repeat(32_767));
    let r = call(&s, "PUT", &key, Some(EDITOR), Some(&over)).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.json()["errorMessages"][0]
        .as_str()
        .unwrap()
        .contains("32768"));
    assert_eq!(
        call(&s, "PUT", &key, Some(EDITOR), Some("{not json"))
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        call(&s, "PUT", &key, Some(EDITOR), Some("")).await.status,
        StatusCode::BAD_REQUEST
    );
    // The accepted value is still there, unchanged by the refused ones.
    assert_eq!(
        call(&s, "GET", &key, Some(EDITOR), None).await.json()["value"]
            .as_str()
            .unwrap()
            .chars()
            .count(),
        32_766
    );
}

#[tokio::test]
async fn property_keys_are_limited() {
    let s = sim();
    let ok = "k".repeat(255);
    assert_eq!(
        call(&s, "PUT", &format!("{IP}/{ok}"), Some(EDITOR), Some("1"))
            .await
            .status,
        StatusCode::CREATED
    );
    assert_eq!(
        call(&s, "PUT", &format!("{IP}/{ok}k"), Some(EDITOR), Some("1"))
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
    let app = "/rest/atlassian-connect/1/addons/ticklist/properties";
    assert_eq!(
        call(
            &s,
            "PUT",
            &format!("{app}/{}", "a".repeat(127)),
            Some(EDITOR),
            Some("1")
        )
        .await
        .status,
        StatusCode::CREATED
    );
    let r = call(
        &s,
        "PUT",
        &format!("{app}/{}", "a".repeat(128)),
        Some(EDITOR),
        Some("1"),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.json()["statusCode"], 400);
}

#[tokio::test]
async fn project_properties_need_administer_projects() {
    let s = sim();
    let tl = "/rest/api/3/project/TL/properties/ticklist.settings";
    assert_eq!(
        call(&s, "PUT", tl, Some(EDITOR), Some("{}")).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        call(&s, "PUT", tl, Some(PROJECT_ADMIN), Some("{}"))
            .await
            .status,
        StatusCode::CREATED
    );
    assert_eq!(
        call(&s, "PUT", tl, Some(JIRA_ADMIN), Some("{\"a\":1}"))
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        call(&s, "GET", tl, Some(VIEWER), None).await.status,
        StatusCode::OK
    );
    assert_eq!(
        call(&s, "GET", tl, Some(OUTSIDER), None).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        call(&s, "DELETE", tl, Some(EDITOR), None).await.status,
        StatusCode::FORBIDDEN
    );
    // Pat administers TL, not OPS (where Pat only edits).
    let ops = "/rest/api/3/project/OPS/properties/ticklist.settings";
    assert_eq!(
        call(&s, "PUT", ops, Some(PROJECT_ADMIN), Some("{}"))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        call(
            &s,
            "GET",
            "/rest/api/3/project/NOPE/properties/x",
            Some(JIRA_ADMIN),
            None
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    // By id as well as by key.
    assert_eq!(
        call(
            &s,
            "GET",
            "/rest/api/3/project/10000/properties/ticklist.settings",
            Some(EDITOR),
            None
        )
        .await
        .json()["value"]["a"],
        1
    );
    assert_eq!(
        call(&s, "DELETE", tl, Some(PROJECT_ADMIN), None)
            .await
            .status,
        StatusCode::NO_CONTENT
    );
}

#[tokio::test]
async fn issue_type_properties_need_administer_jira() {
    let s = sim();
    let p = "/rest/api/3/issuetype/10002/properties/ticklist.settings";
    assert_eq!(
        call(&s, "PUT", p, Some(PROJECT_ADMIN), Some("{}"))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        call(&s, "PUT", p, Some(EDITOR), Some("{}")).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        call(&s, "PUT", p, Some(JIRA_ADMIN), Some("{}"))
            .await
            .status,
        StatusCode::CREATED
    );
    assert_eq!(
        call(&s, "GET", p, Some(VIEWER), None).await.status,
        StatusCode::OK
    );
    assert_eq!(
        call(&s, "GET", p, Some(OUTSIDER), None).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        call(&s, "DELETE", p, Some(PROJECT_ADMIN), None)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        call(
            &s,
            "GET",
            "/rest/api/3/issuetype/abc/properties/x",
            Some(JIRA_ADMIN),
            None
        )
        .await
        .status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        call(
            &s,
            "GET",
            "/rest/api/3/issuetype/99999/properties/x",
            Some(JIRA_ADMIN),
            None
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
}

/// Why admin settings must not live in app properties: any user can write them from the browser.
#[tokio::test]
async fn app_properties_are_writable_by_any_user() {
    let s = sim();
    let p = "/rest/atlassian-connect/1/addons/ticklist/properties/anything";
    assert_eq!(
        call(&s, "PUT", p, Some(VIEWER), Some("true")).await.status,
        StatusCode::CREATED
    );
    assert_eq!(
        call(&s, "GET", p, Some(OUTSIDER), None).await.json()["value"],
        true
    );
    assert_eq!(
        call(&s, "PUT", p, None, Some("true")).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn my_permissions_follow_the_roles() {
    let s = sim();
    let q = |u, ctx: &str| {
        let s = s.clone();
        let path = format!("/rest/api/3/mypermissions?{ctx}&permissions=BROWSE_PROJECTS,EDIT_ISSUES,ADMINISTER_PROJECTS,ADMINISTER");
        async move { call(&s, "GET", &path, Some(u), None).await.json() }
    };
    let have =
        |v: &serde_json::Value, k: &str| v["permissions"][k]["havePermission"].as_bool().unwrap();
    let e = q(EDITOR, "issueKey=TL-1").await;
    assert!(
        have(&e, "BROWSE_PROJECTS")
            && have(&e, "EDIT_ISSUES")
            && !have(&e, "ADMINISTER_PROJECTS")
            && !have(&e, "ADMINISTER")
    );
    let v = q(VIEWER, "issueKey=TL-1").await;
    assert!(have(&v, "BROWSE_PROJECTS") && !have(&v, "EDIT_ISSUES"));
    let p = q(PROJECT_ADMIN, "projectKey=TL").await;
    assert!(have(&p, "ADMINISTER_PROJECTS"));
    let p = q(PROJECT_ADMIN, "projectKey=OPS").await;
    assert!(!have(&p, "ADMINISTER_PROJECTS"));
    let a = q(JIRA_ADMIN, "projectKey=OPS").await;
    assert!(have(&a, "ADMINISTER") && have(&a, "ADMINISTER_PROJECTS"));
    assert_eq!(
        call(
            &s,
            "GET",
            "/rest/api/3/mypermissions?issueKey=TL-1",
            Some(EDITOR),
            None
        )
        .await
        .status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        call(
            &s,
            "GET",
            "/rest/api/3/mypermissions?permissions=FLY",
            Some(EDITOR),
            None
        )
        .await
        .status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        call(
            &s,
            "GET",
            "/rest/api/3/mypermissions?issueKey=TL-1&permissions=EDIT_ISSUES",
            Some(OUTSIDER),
            None
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn myself_assignable_users_and_issue() {
    let s = sim();
    let me = call(&s, "GET", "/rest/api/3/myself", Some(EDITOR), None)
        .await
        .json();
    assert_eq!(me["accountId"], EDITOR);
    let users = call(
        &s,
        "GET",
        "/rest/api/3/user/assignable/search?issueKey=TL-1",
        Some(VIEWER),
        None,
    )
    .await
    .json();
    let ids: Vec<&str> = users
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["accountId"].as_str().unwrap())
        .collect();
    assert!(
        ids.contains(&EDITOR) && ids.contains(&PROJECT_ADMIN) && !ids.contains(&VIEWER),
        "{ids:?}"
    );
    let found = call(
        &s,
        "GET",
        "/rest/api/3/user/assignable/search?project=TL&query=eddie",
        Some(EDITOR),
        None,
    )
    .await
    .json();
    assert_eq!(found.as_array().unwrap().len(), 1);
    assert_eq!(
        call(
            &s,
            "GET",
            "/rest/api/3/user/assignable/search",
            Some(EDITOR),
            None
        )
        .await
        .status,
        StatusCode::BAD_REQUEST
    );
    let issue = call(&s, "GET", "/rest/api/3/issue/TL-2", Some(EDITOR), None)
        .await
        .json();
    assert_eq!(issue["fields"]["issuetype"]["name"], "Bug");
    assert_eq!(
        call(&s, "GET", "/rest/api/3/issue/TL-2", Some(OUTSIDER), None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn issue_types_are_listed_to_users_who_can_browse_a_project() {
    let s = sim();
    let all = call(&s, "GET", "/rest/api/3/issuetype", Some(VIEWER), None).await;
    assert_eq!(all.status, StatusCode::OK);
    let names: Vec<String> = all
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(names, ["Story", "Bug", "Task", "Sub-task"]);
    let none = call(&s, "GET", "/rest/api/3/issuetype", Some(OUTSIDER), None).await;
    assert_eq!(none.json(), serde_json::json!([]));
    assert_eq!(
        call(&s, "GET", "/rest/api/3/issuetype", None, None)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
}

/// "Get issue" with `properties`: the named properties that exist, in one answer, for anyone
/// who may browse the issue; `fields` trims the fields.
#[tokio::test]
async fn get_issue_returns_the_properties_asked_for() {
    let s = sim();
    for (k, v) in [
        ("ticklist.checklist", r#"{"a":1}"#),
        ("ticklist.summary", r#"{"total":2}"#),
        ("other", "3"),
    ] {
        let put = call(&s, "PUT", &format!("{IP}/{k}"), Some(EDITOR), Some(v)).await;
        assert_eq!(put.status, StatusCode::CREATED);
    }
    let path = "/rest/api/3/issue/TL-1?fields=issuetype&properties=ticklist.checklist,ticklist.checklist.1,ticklist.summary";
    let got = call(&s, "GET", path, Some(VIEWER), None).await;
    assert_eq!(got.status, StatusCode::OK);
    let v = got.json();
    assert_eq!(
        v["properties"],
        serde_json::json!({"ticklist.checklist": {"a": 1}, "ticklist.summary": {"total": 2}})
    );
    let fields: Vec<&String> = v["fields"].as_object().unwrap().keys().collect();
    assert_eq!(fields, ["issuetype"]);
    let all = call(
        &s,
        "GET",
        "/rest/api/3/issue/TL-1?properties=*all,-other",
        Some(VIEWER),
        None,
    )
    .await;
    assert_eq!(all.json()["properties"].as_object().unwrap().len(), 2);
    // Without the parameter there is no "properties" member, as in Jira.
    let plain = call(&s, "GET", "/rest/api/3/issue/TL-1", Some(VIEWER), None).await;
    assert!(plain.json().get("properties").is_none());
    assert_eq!(
        call(&s, "GET", path, Some(OUTSIDER), None).await.status,
        StatusCode::NOT_FOUND
    );
}
