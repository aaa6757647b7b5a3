//! Fault controls, concurrent writers and persistence, over real HTTP on loopback.

mod common;
use common::*;
use jira_sim::world::{Store, World};
use jira_sim::{router, Sim};
use std::sync::Arc;

async fn serve(sim: Arc<Sim>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router(sim)).await.unwrap() });
    format!("http://{addr}")
}

fn client() -> reqwest::Client {
    reqwest::Client::new()
}

#[tokio::test]
async fn injected_errors_rate_limits_latency_and_drops() {
    let s = sim();
    let base = serve(s.clone()).await;
    let c = client();
    let get = || {
        c.get(format!("{base}/rest/api/3/myself"))
            .basic_auth(EDITOR, Some(""))
            .send()
    };
    c.post(format!("{base}/_sim/faults"))
        .json(&serde_json::json!({"fail_next": 1, "rate_limit_next": 1, "retry_after_secs": 7, "drop_next": 1}))
        .send()
        .await
        .unwrap();
    // Order: drop, then 429, then 500, then normal.
    assert!(get().await.and_then(|r| r.error_for_status()).is_err());
    let r = get().await.unwrap();
    assert_eq!(r.status(), 429);
    assert_eq!(r.headers()["retry-after"], "7");
    assert_eq!(get().await.unwrap().status(), 500);
    assert_eq!(get().await.unwrap().status(), 200);
    // Latency, only on the routes it names.
    c.post(format!("{base}/_sim/faults"))
        .json(&serde_json::json!({"latency_ms": 300, "path_contains": "/myself"}))
        .send()
        .await
        .unwrap();
    let t = std::time::Instant::now();
    get().await.unwrap();
    assert!(t.elapsed().as_millis() >= 300);
    // Reset clears faults and data.
    c.put(format!("{base}/rest/api/3/issue/TL-1/properties/x"))
        .basic_auth(EDITOR, Some(""))
        .body("1")
        .send()
        .await
        .unwrap();
    assert_eq!(
        c.post(format!("{base}/_sim/reset"))
            .send()
            .await
            .unwrap()
            .status(),
        204
    );
    let t = std::time::Instant::now();
    let r = c
        .get(format!("{base}/rest/api/3/issue/TL-1/properties/x"))
        .basic_auth(EDITOR, Some(""))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    assert!(t.elapsed().as_millis() < 300);
}

#[tokio::test]
async fn parallel_writes_to_distinct_keys_all_persist() {
    let dir = std::env::temp_dir().join(format!("jira-sim-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("state.json");
    let _ = std::fs::remove_file(&file);
    let sim = Arc::new(Sim::new(
        World::seeded(),
        Store::File(file.clone()),
        "http://x",
    ));
    let base = serve(sim).await;
    let c = client();
    let writes: Vec<_> = (0..64)
        .map(|n| {
            let c = c.clone();
            let url = format!("{base}/rest/api/3/issue/TL-1/properties/key-{n}");
            tokio::spawn(async move {
                c.put(url)
                    .basic_auth(EDITOR, Some(""))
                    .body(format!("{n}"))
                    .send()
                    .await
                    .unwrap()
                    .status()
            })
        })
        .collect();
    for w in writes {
        assert_eq!(w.await.unwrap(), 201);
    }
    let keys: serde_json::Value = c
        .get(format!("{base}/rest/api/3/issue/TL-1/properties"))
        .basic_auth(EDITOR, Some(""))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(keys["keys"].as_array().unwrap().len(), 64);
    // And the file holds them all: a restart keeps them.
    let (world, warning) = Store::File(file.clone()).load().unwrap();
    assert!(warning.is_none());
    assert_eq!(world.issue_props["10100"].len(), 64);
    assert!(!file.with_extension("json.tmp").exists());
}

#[test]
fn a_corrupt_state_file_is_kept_aside_not_replaced() {
    let dir = std::env::temp_dir().join(format!("jira-sim-corrupt-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("state.json");
    std::fs::write(&file, "{ this is not the state").unwrap();
    let (world, warning) = Store::File(file.clone()).load().unwrap();
    assert_eq!(world, World::seeded());
    let msg = warning.expect("reported").to_string();
    assert!(msg.contains("not a valid simulator state"), "{msg}");
    let kept = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .find(|e| e.file_name().to_string_lossy().contains("corrupt"))
        .expect("kept aside");
    assert_eq!(
        std::fs::read_to_string(kept.path()).unwrap(),
        "{ this is not the state"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn fake_ap_backend_adapter_calls_rest_as_the_user() {
    let s = sim();
    let r = call(
        &s,
        "POST",
        &format!("/sim/ap-request/{VIEWER}"),
        None,
        Some(r#"{"method":"PUT","path":"/rest/api/3/issue/TL-1/properties/k","data":"{\"a\":1}"}"#),
    )
    .await;
    assert_eq!(r.json()["status"], 403);
    let r = call(
        &s,
        "POST",
        &format!("/sim/ap-request/{EDITOR}"),
        None,
        Some(r#"{"method":"PUT","path":"/rest/api/3/issue/TL-1/properties/k","data":"{\"a\":1}"}"#),
    )
    .await;
    assert_eq!(r.json()["status"], 201);
    let r = call(
        &s,
        "POST",
        &format!("/sim/ap-request/{VIEWER}"),
        None,
        Some(r#"{"method":"GET","path":"/rest/api/3/issue/TL-1/properties/k"}"#),
    )
    .await;
    let body: serde_json::Value = serde_json::from_str(r.json()["body"].as_str().unwrap()).unwrap();
    assert_eq!(body["value"]["a"], 1);
}
