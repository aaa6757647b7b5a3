#![allow(dead_code)]
//! Calls into the simulator's router without a network, as a given user.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use base64::Engine;
use jira_sim::world::{Store, World};
use jira_sim::{router, Sim};
use serde_json::Value;
use std::sync::Arc;
use tower::ServiceExt;

#[allow(unused_imports)]
pub use jira_sim::world::{EDITOR, JIRA_ADMIN, OUTSIDER, PROJECT_ADMIN, VIEWER};

pub struct Resp {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub text: String,
}

impl Resp {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or(Value::Null)
    }
}

pub fn sim() -> Arc<Sim> {
    Arc::new(Sim::new(World::seeded(), Store::Memory, "http://sim.test"))
}

pub async fn call(
    sim: &Arc<Sim>,
    method: &str,
    path: &str,
    user: Option<&str>,
    body: Option<&str>,
) -> Resp {
    let mut req = Request::builder().method(method).uri(path);
    if let Some(u) = user {
        let token = base64::engine::general_purpose::STANDARD.encode(format!("{u}:api-token"));
        req = req.header("Authorization", format!("Basic {token}"));
    }
    let req = req
        .header("Content-Type", "application/json")
        .body(Body::from(body.unwrap_or_default().to_owned()))
        .unwrap();
    let resp = router(sim.clone()).oneshot(req).await.unwrap();
    let status = resp.status();
    let headers = resp.headers().clone();
    let bytes = axum::body::to_bytes(resp.into_body(), usize::MAX)
        .await
        .unwrap();
    Resp {
        status,
        headers,
        text: String::from_utf8_lossy(&bytes).into_owned(),
    }
}
