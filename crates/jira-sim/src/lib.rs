//! jira-sim: a local stand-in for Jira Cloud, for running and testing Ticklist without a site.
//!
//! - `rest`: the REST subset Ticklist uses, with Jira's permissions, limits and status codes;
//! - `issues`: creating, linking, transitioning and bulk-reading issues;
//! - `faults`: injected latency, 500s, 429s and dropped connections, for tests;
//! - `pages`: host pages that load the built app in an iframe the way Jira does;
//! - `world`: seeded users/projects/issues and all stored properties, persisted atomically.

// Checks return Jira's ready-made error response as their `Err`: one per failed request, so its
// size does not matter, and it keeps every handler a straight line of `?`-like matches.
#![allow(clippy::result_large_err)]

pub mod faults;
pub mod issues;
pub mod pages;
pub mod realtime;
pub mod rest;
pub mod search;
pub mod world;

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine;
use serde::Deserialize;
use serde_json::{json, Value};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use tower::ServiceExt;
use world::{Store, World};

/// The running simulator's shared state.
pub struct Sim {
    pub world: Mutex<World>,
    pub store: Store,
    pub faults: Mutex<faults::Faults>,
    /// Every REST request as "METHOD path?query", for tests that count calls.
    pub requests: Mutex<Vec<String>>,
    /// The same requests with when they arrived and were answered and the bytes they sent,
    /// for the perf report (round trips in sequence, bytes written).
    pub request_log: Mutex<Vec<faults::Logged>>,
    /// When the simulator started: the log's times are milliseconds since then.
    pub started: std::time::Instant,
    /// Forge Realtime messages between the simulator's Forge pages.
    pub realtime: realtime::Relay,
    /// Built app (trunk's dist/), served under /app/.
    pub app_dir: Option<PathBuf>,
    /// Bundled host shims (fake-ap, forge bridge host), served under /sim/.
    pub assets_dir: Option<PathBuf>,
    /// Absolute base URL for `self` links.
    pub base_url: String,
}

impl Sim {
    pub fn new(world: World, store: Store, base_url: impl Into<String>) -> Self {
        Self {
            world: Mutex::new(world),
            store,
            faults: Mutex::new(faults::Faults::default()),
            requests: Mutex::new(Vec::new()),
            request_log: Mutex::new(Vec::new()),
            started: std::time::Instant::now(),
            realtime: realtime::Relay::default(),
            app_dir: None,
            assets_dir: None,
            base_url: base_url.into(),
        }
    }
}

/// The whole site: REST (with fault injection), control endpoints, host pages, static files.
pub fn router(sim: Arc<Sim>) -> Router {
    let rest = rest::routes().layer(axum::middleware::from_fn_with_state(
        sim.clone(),
        faults::middleware,
    ));
    let mut app = Router::new()
        .merge(rest)
        .route("/_sim/faults", get(get_faults).post(set_faults))
        .route("/_sim/reset", post(reset))
        .route("/_sim/requests", get(requests).delete(clear_requests))
        .route("/_sim/request-log", get(request_log))
        .route(
            "/_sim/realtime",
            get(realtime::wait).post(realtime::publish),
        )
        .route("/_sim/realtime/latest", get(realtime::latest))
        .route("/sim/ap-request/{account}", post(ap_request))
        .merge(pages::routes());
    if let Some(dir) = &sim.app_dir {
        app = app.nest_service("/app", tower_http::services::ServeDir::new(dir));
    }
    if let Some(dir) = &sim.assets_dir {
        app = app.nest_service("/sim", tower_http::services::ServeDir::new(dir));
    }
    app.with_state(sim)
}

async fn get_faults(State(sim): State<Arc<Sim>>) -> Json<faults::Faults> {
    Json(sim.faults.lock().expect("faults lock").clone())
}

async fn set_faults(State(sim): State<Arc<Sim>>, Json(f): Json<faults::Faults>) -> StatusCode {
    *sim.faults.lock().expect("faults lock") = f;
    StatusCode::NO_CONTENT
}

async fn requests(State(sim): State<Arc<Sim>>) -> Json<Vec<String>> {
    Json(sim.requests.lock().expect("requests lock").clone())
}

async fn request_log(State(sim): State<Arc<Sim>>) -> Json<Vec<faults::Logged>> {
    Json(sim.request_log.lock().expect("log lock").clone())
}

async fn clear_requests(State(sim): State<Arc<Sim>>) -> StatusCode {
    sim.requests.lock().expect("requests lock").clear();
    sim.request_log.lock().expect("log lock").clear();
    StatusCode::NO_CONTENT
}

/// Back to the seeded site with no faults.
async fn reset(State(sim): State<Arc<Sim>>) -> Response {
    let mut w = sim.world.lock().expect("world lock");
    *w = World::seeded();
    *sim.faults.lock().expect("faults lock") = faults::Faults::default();
    sim.requests.lock().expect("requests lock").clear();
    sim.request_log.lock().expect("log lock").clear();
    match sim.store.save(&w) {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => rest::error(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
    }
}

#[derive(Deserialize)]
struct ApCall {
    method: String,
    path: String,
    #[serde(default)]
    data: Value,
}

/// The backend of @smartbear/fake-ap's `BackendRequestAdapter`: it posts `{method, path, data}`
/// and expects `{status, body}`. The call goes through the same REST routes (and faults) as the
/// given user, as AP.request runs as the current user in Jira.
async fn ap_request(
    State(sim): State<Arc<Sim>>,
    Path(account): Path<String>,
    Json(call): Json<ApCall>,
) -> Response {
    let body = match &call.data {
        Value::String(s) => s.clone(),
        Value::Object(o) if o.is_empty() => String::new(),
        other => other.to_string(),
    };
    let auth = base64::engine::general_purpose::STANDARD.encode(format!("{account}:"));
    let req = Request::builder()
        .method(call.method.as_str())
        .uri(&call.path)
        .header("Authorization", format!("Basic {auth}"))
        .header("Content-Type", "application/json")
        .body(Body::from(body));
    let Ok(req) = req else {
        return rest::error(StatusCode::BAD_REQUEST, "bad AP.request");
    };
    let resp = match router(sim.clone()).oneshot(req).await {
        Ok(r) => r,
        Err(never) => match never {},
    };
    let status = resp.status().as_u16();
    let retry_after = resp
        .headers()
        .get("Retry-After")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let Ok(bytes) = axum::body::to_bytes(resp.into_body(), usize::MAX).await else {
        // The REST call's connection was dropped (a fault): drop this one too.
        return faults::dropped();
    };
    Json(json!({
        "status": status,
        "body": String::from_utf8_lossy(&bytes),
        "retryAfter": retry_after,
    }))
    .into_response()
}
