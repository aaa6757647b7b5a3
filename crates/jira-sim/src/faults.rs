//! Fault injection for tests: latency, 500s, 429 with Retry-After, dropped connections.
//! Off by default; set through `POST /_sim/faults` (a path Jira does not use).

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// What goes wrong, and for which requests. Counters count down per matching request.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct Faults {
    /// Only REST paths containing this (and, if set, with this method) are affected.
    pub path_contains: Option<String>,
    pub method: Option<String>,
    /// Added to every matching request.
    pub latency_ms: u64,
    /// Probability in [0, 1] of a 500 for each matching request.
    pub error_rate: f64,
    /// The next N matching requests fail with 500.
    pub fail_next: u32,
    /// The next N matching requests get 429 with this Retry-After (seconds).
    pub rate_limit_next: u32,
    pub retry_after_secs: u32,
    /// The next N matching requests have their connection closed without a response.
    pub drop_next: u32,
}

/// One REST request as the simulator saw it.
#[derive(Clone, Debug, Serialize)]
pub struct Logged {
    pub method: String,
    /// Path and query.
    pub path: String,
    /// Milliseconds since the simulator started: arrival, and the answer (injected latency
    /// included).
    pub start_ms: f64,
    pub end_ms: f64,
    /// Request body size.
    pub bytes: usize,
    /// Response body size (what the client had to download).
    pub answer_bytes: usize,
}

enum Action {
    Pass,
    Fail,
    RateLimit(u32),
    Drop,
}

pub async fn middleware(
    axum::extract::State(sim): axum::extract::State<Arc<crate::Sim>>,
    req: Request<Body>,
    next: Next,
) -> Response {
    let path = req.uri().path().to_owned();
    if !path.starts_with("/rest/") {
        return next.run(req).await;
    }
    let start_ms = sim.started.elapsed().as_secs_f64() * 1000.0;
    let query = req
        .uri()
        .query()
        .map(|q| format!("?{q}"))
        .unwrap_or_default();
    let method = req.method().to_string();
    {
        let mut log = sim.requests.lock().expect("requests lock");
        // Bounded: a long local run must not grow without limit.
        if log.len() >= 10_000 {
            log.drain(..5_000);
        }
        log.push(format!("{method} {path}{query}"));
    }
    // The body is read here to count its bytes, then handed on unchanged.
    let (parts, body) = req.into_parts();
    let body = match axum::body::to_bytes(body, 1 << 24).await {
        Ok(b) => b,
        Err(_) => return crate::rest::error(StatusCode::BAD_REQUEST, "Unreadable request body."),
    };
    let bytes = body.len();
    let req = Request::from_parts(parts, Body::from(body));
    let response = respond(&sim, req, next, &path).await;
    // Buffered to count its bytes (answers are small JSON); a dropped connection stays dropped.
    let (head, body) = response.into_parts();
    let (response, answer_bytes) = match axum::body::to_bytes(body, 1 << 26).await {
        Ok(answer) => {
            let n = answer.len();
            (Response::from_parts(head, Body::from(answer)), n)
        }
        Err(_) => (dropped(), 0),
    };
    let end_ms = sim.started.elapsed().as_secs_f64() * 1000.0;
    let mut log = sim.request_log.lock().expect("log lock");
    if log.len() >= 10_000 {
        log.drain(..5_000);
    }
    log.push(Logged {
        method,
        path: format!("{path}{query}"),
        start_ms,
        end_ms,
        bytes,
        answer_bytes,
    });
    response
}

async fn respond(sim: &crate::Sim, req: Request<Body>, next: Next, path: &str) -> Response {
    let (latency, action) = {
        let mut f = sim.faults.lock().expect("faults lock");
        let matches = f.path_contains.as_deref().is_none_or(|p| path.contains(p))
            && f.method
                .as_deref()
                .is_none_or(|m| m.eq_ignore_ascii_case(req.method().as_str()));
        if !matches {
            (0, Action::Pass)
        } else {
            let action = if f.drop_next > 0 {
                f.drop_next -= 1;
                Action::Drop
            } else if f.rate_limit_next > 0 {
                f.rate_limit_next -= 1;
                Action::RateLimit(f.retry_after_secs)
            } else if f.fail_next > 0 {
                f.fail_next -= 1;
                Action::Fail
            } else if f.error_rate > 0.0 && rand::random::<f64>() < f.error_rate {
                Action::Fail
            } else {
                Action::Pass
            };
            (f.latency_ms, action)
        }
    };
    if latency > 0 {
        tokio::time::sleep(std::time::Duration::from_millis(latency)).await;
    }
    match action {
        Action::Pass => next.run(req).await,
        Action::Fail => crate::rest::error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Internal server error (injected by jira-sim).",
        ),
        Action::RateLimit(secs) => {
            let mut r = crate::rest::error(
                StatusCode::TOO_MANY_REQUESTS,
                "Rate limit exceeded (injected by jira-sim).",
            );
            r.headers_mut()
                .insert("Retry-After", secs.to_string().parse().expect("digits"));
            r
        }
        // A body that fails mid-stream makes the server abort the connection.
        Action::Drop => dropped(),
    }
}

/// A response whose body fails at once, so the server closes the connection mid-response.
pub fn dropped() -> Response {
    Response::builder()
        .status(StatusCode::OK)
        .body(Body::from_stream(futures_stream()))
        .expect("response")
        .into_response()
}

fn futures_stream() -> impl futures_core::Stream<Item = Result<axum::body::Bytes, std::io::Error>> {
    struct Fail;
    impl futures_core::Stream for Fail {
        type Item = Result<axum::body::Bytes, std::io::Error>;
        fn poll_next(
            self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Self::Item>> {
            std::task::Poll::Ready(Some(Err(std::io::Error::other("dropped by jira-sim"))))
        }
    }
    Fail
}
