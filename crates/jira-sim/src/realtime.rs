//! Forge Realtime for the simulator's Forge host page: what @forge/bridge's
//! `publishRealtimeChannel` / `subscribeRealtimeChannel` reach in Jira, relayed between every
//! tab and user on this simulator. A channel is scoped as Forge scopes its default channel: to
//! the module on one issue (`scope`). Subscribers long-poll for messages after the last one they
//! saw. Not Jira REST: these paths live under `/_sim/`.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use std::time::Duration;

#[derive(Default)]
pub struct Relay {
    messages: std::sync::Mutex<Vec<Message>>,
    arrived: tokio::sync::Notify,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Message {
    #[serde(default)]
    pub seq: usize,
    pub scope: String,
    pub channel: String,
    pub payload: serde_json::Value,
}

#[derive(Deserialize)]
pub struct Wait {
    scope: String,
    channel: String,
    #[serde(default)]
    after: usize,
}

pub async fn publish(State(sim): State<Arc<crate::Sim>>, Json(mut m): Json<Message>) -> StatusCode {
    let relay = &sim.realtime;
    {
        let mut all = relay.messages.lock().expect("realtime lock");
        m.seq = all.len() + 1;
        all.push(m);
    }
    relay.arrived.notify_waiters();
    StatusCode::NO_CONTENT
}

/// The messages on a channel after `after`, waiting up to 20 s for the first.
pub async fn wait(State(sim): State<Arc<crate::Sim>>, Query(w): Query<Wait>) -> Json<Vec<Message>> {
    let relay = &sim.realtime;
    let pick = || -> Vec<Message> {
        relay
            .messages
            .lock()
            .expect("realtime lock")
            .iter()
            .filter(|m| m.seq > w.after && m.scope == w.scope && m.channel == w.channel)
            .cloned()
            .collect()
    };
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        let arrived = relay.arrived.notified();
        let found = pick();
        if !found.is_empty() {
            return Json(found);
        }
        if tokio::time::timeout_at(deadline, arrived).await.is_err() {
            return Json(Vec::new());
        }
    }
}

/// The newest sequence number, so a new subscriber hears only what comes after it.
pub async fn latest(State(sim): State<Arc<crate::Sim>>) -> Json<usize> {
    Json(sim.realtime.messages.lock().expect("realtime lock").len())
}
