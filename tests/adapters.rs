//! Both host adapters against the real client libraries in headless chromium: AP.js as
//! @smartbear/fake-ap, Forge as Atlassian's @forge/bridge over a test `__bridge`. The same
//! checks run against both, so the two adapters cannot drift apart.
#![cfg(target_arch = "wasm32")]

use std::cell::Cell;
use std::rc::Rc;
use ticklist::host::props::{self, Scope};
use ticklist::host::{ap::ApHost, forge::ForgeHost, permissions, FlagKind, Host, HostError};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(module = "/js/dist/adapters-support.js")]
extern "C" {
    #[wasm_bindgen(js_name = scriptReplies)]
    fn script_replies(json: &str);
    #[wasm_bindgen(js_name = takeRequests)]
    fn take_requests() -> String;
    #[wasm_bindgen(js_name = takeFlags)]
    fn take_flags() -> String;
    fn fire(event: &str);
    #[wasm_bindgen(js_name = installFakeAp)]
    fn install_fake_ap(context: &str);
    #[wasm_bindgen(js_name = installForge)]
    async fn install_forge(context: &str);
}

const AP_CONTEXT: &str = r#"{"jira":{"issue":{"id":"10100","key":"TL-1","issuetype":{"id":"10003"}},"project":{"id":"10000","key":"TL"}}}"#;
const FORGE_CONTEXT: &str = r#"{"accountId":"u1","locale":"fr-FR","extension":{"type":"jira:issuePanel","issue":{"id":"10100","key":"TL-1","typeId":"10003"},"project":{"id":"10000","key":"TL"}}}"#;

fn requests() -> serde_json::Value {
    serde_json::from_str(&take_requests()).unwrap()
}

async fn contract(host: &dyn Host) {
    let ctx = host.context().await.unwrap();
    assert_eq!(ctx.issue_id.as_deref(), Some("10100"));
    assert_eq!(ctx.issue_key.as_deref(), Some("TL-1"));
    assert_eq!(ctx.issue_type_id.as_deref(), Some("10003"));
    assert_eq!(ctx.project_key.as_deref(), Some("TL"));
    assert!(ctx.locale.unwrap_or_default().starts_with("fr"));
    assert_eq!(ctx.account_id.as_deref(), Some("u1"));
    take_requests();

    // Read: the value comes back parsed; 404 means absent.
    script_replies(
        r#"[{"status":200,"body":"{\"key\":\"k\",\"value\":{\"a\":[1,2]}}"},{"status":404,"body":"{\"errorMessages\":[\"gone\"]}"}]"#,
    );
    let v = props::read(host, Scope::Issue("10100"), "k").await.unwrap();
    assert_eq!(v, Some(serde_json::json!({"a": [1, 2]})));
    assert_eq!(
        props::read(host, Scope::Issue("10100"), "k").await.unwrap(),
        None
    );
    let r = requests();
    assert_eq!(r[0]["method"], "GET");
    assert_eq!(r[0]["path"], "/rest/api/3/issue/10100/properties/k");

    // Write: PUT with the raw JSON body.
    script_replies(r#"[{"status":201,"body":""}]"#);
    props::write(host, Scope::Project("TL"), "s", r#"{"x":true}"#)
        .await
        .unwrap();
    let r = requests();
    assert_eq!(r[0]["method"], "PUT");
    assert_eq!(r[0]["path"], "/rest/api/3/project/TL/properties/s");
    assert_eq!(r[0]["body"], r#"{"x":true}"#);

    // Delete: 204, and a 404 is fine too.
    script_replies(r#"[{"status":204,"body":""},{"status":404,"body":"{}"}]"#);
    props::delete(host, Scope::IssueType("10003"), "s")
        .await
        .unwrap();
    props::delete(host, Scope::IssueType("10003"), "s")
        .await
        .unwrap();
    assert_eq!(requests()[0]["method"], "DELETE");

    // Errors keep the status, Jira's message and Retry-After.
    for (reply, expect_status, retry) in [
        (
            r#"{"status":401,"body":"{\"errorMessages\":[\"Log in\"]}"}"#,
            401,
            None,
        ),
        (
            r#"{"status":403,"body":"{\"errorMessages\":[\"You do not have permission to edit issue properties.\"]}"}"#,
            403,
            None,
        ),
        (
            r#"{"status":429,"body":"{\"errorMessages\":[\"Slow down\"]}","retryAfter":7}"#,
            429,
            Some(7),
        ),
        (r#"{"status":500,"body":"Internal error"}"#, 500, None),
    ] {
        script_replies(&format!("[{reply}]"));
        match props::write(host, Scope::Issue("10100"), "k", "1").await {
            Err(HostError::Http {
                status,
                message,
                retry_after,
            }) => {
                assert_eq!(status, expect_status);
                assert_eq!(retry_after, retry, "{status}");
                assert!(!message.is_empty());
                if status == 403 {
                    assert_eq!(
                        message,
                        "You do not have permission to edit issue properties."
                    );
                }
            }
            other => panic!("{expect_status}: {other:?}"),
        }
    }
    script_replies(r#"[{"network":true}]"#);
    let e = props::read(host, Scope::Issue("10100"), "k")
        .await
        .unwrap_err();
    assert!(matches!(e, HostError::Network(_)), "{e:?}");
    take_requests();

    // Permissions through mypermissions.
    script_replies(
        r#"[{"status":200,"body":"{\"permissions\":{\"BROWSE_PROJECTS\":{\"havePermission\":true},\"EDIT_ISSUES\":{\"havePermission\":false}}}"}]"#,
    );
    let p = permissions::mine(host, permissions::On::Issue("TL-1"))
        .await
        .unwrap();
    assert!(p.browse && !p.edit_issues);
    assert!(requests()[0]["path"]
        .as_str()
        .unwrap()
        .starts_with("/rest/api/3/mypermissions?issueKey=TL-1"));

    // Flags reach the host.
    host.flag(FlagKind::Error, "Could not save", "Jira said no");
    let flags: serde_json::Value = serde_json::from_str(&take_flags()).unwrap();
    assert_eq!(flags[0]["title"], "Could not save");
    assert_eq!(flags[0]["type"], "error");
    take_requests();
}

#[wasm_bindgen_test]
async fn connect_adapter_over_fake_ap() {
    install_fake_ap(AP_CONTEXT);
    contract(&ApHost).await;
    let hits = Rc::new(Cell::new(0));
    let h = hits.clone();
    ApHost.on_issue_changed(Box::new(move || h.set(h.get() + 1)));
    fire_ap_event();
    assert_eq!(hits.get(), 1);
}

/// fake-ap's event bus is AP.events; emit the issue-changed event there as Jira would.
fn fire_ap_event() {
    let ap = js_sys::Reflect::get(&js_sys::global(), &"AP".into()).unwrap();
    let events = js_sys::Reflect::get(&ap, &"events".into()).unwrap();
    let emit: js_sys::Function = js_sys::Reflect::get(&events, &"emit".into())
        .unwrap()
        .into();
    emit.call1(&events, &ticklist::host::ap::ISSUE_CHANGED_EVENT.into())
        .unwrap();
}

#[wasm_bindgen_test]
async fn forge_adapter_over_forge_bridge() {
    // The bundle asks for what an issue panel opens with as soon as it loads (the head start):
    // the checklist and, as this iframe has no copy of the settings, the user's permissions and
    // both settings documents.
    script_replies(
        r#"[{"status":200,"body":"{\"key\":\"ticklist.checklist\",\"value\":{\"early\":1}}"},
            {"status":200,"body":"{\"permissions\":{\"EDIT_ISSUES\":{\"havePermission\":true}}}"},
            {"status":404,"body":"{}"},
            {"status":200,"body":"{\"key\":\"ticklist.settings\",\"value\":{\"s\":1}}"}]"#,
    );
    install_forge(FORGE_CONTEXT).await;
    assert!(ticklist::host::forge::available());
    let r = requests();
    let paths: Vec<&str> = r
        .as_array()
        .unwrap()
        .iter()
        .map(|q| {
            assert_eq!(q["method"], "GET");
            q["path"].as_str().unwrap()
        })
        .collect();
    assert_eq!(
        paths,
        [
            "/rest/api/3/issue/10100/properties/ticklist.checklist".to_string(),
            permissions::path(permissions::On::Issue("TL-1")),
            props::property_path(Scope::IssueType("10003"), "ticklist.settings"),
            props::property_path(Scope::Project("10000"), "ticklist.settings"),
        ]
    );
    // The app's own reads take those answers, once each, without asking again.
    let early = props::read(&ForgeHost, Scope::Issue("10100"), "ticklist.checklist").await;
    assert_eq!(early.unwrap(), Some(serde_json::json!({"early": 1})));
    let p = permissions::mine(&ForgeHost, permissions::On::Issue("TL-1")).await;
    assert!(p.unwrap().edit_issues);
    let ty = props::read(&ForgeHost, Scope::IssueType("10003"), "ticklist.settings").await;
    assert_eq!(ty.unwrap(), None);
    let pr = props::read(&ForgeHost, Scope::Project("10000"), "ticklist.settings").await;
    assert_eq!(pr.unwrap(), Some(serde_json::json!({"s": 1})));
    assert_eq!(requests().as_array().map(Vec::len), Some(0));
    contract(&ForgeHost).await;
    // Then a fresh request.
    script_replies(r#"[{"status":404,"body":"{}"}]"#);
    let again = props::read(&ForgeHost, Scope::Issue("10100"), "ticklist.checklist").await;
    assert_eq!(again.unwrap(), None);
    assert_eq!(requests().as_array().map(Vec::len), Some(1));
    let hits = Rc::new(Cell::new(0));
    let h = hits.clone();
    ForgeHost.on_issue_changed(Box::new(move || h.set(h.get() + 1)));
    // Give the bridge's async `on` registration a turn before firing.
    wasm_bindgen_futures::JsFuture::from(js_sys::Promise::resolve(&JsValue::NULL))
        .await
        .unwrap();
    fire(ticklist::host::forge::ISSUE_CHANGED_EVENT);
    assert_eq!(hits.get(), 1);
}
