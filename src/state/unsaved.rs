//! Edits not yet confirmed stored, kept in the iframe's local storage once a save has failed: a
//! tab closed while saving was failing (offline, Jira down, permission gone) does not lose them. The next open of that issue merges them
//! into what is stored (the merge decides, so newer stored data wins where both changed) and
//! saves the result; once a save confirms them they are removed. They expire after two weeks.
//!
//! Local storage belongs to the app's origin in this browser profile, so the copy is keyed by
//! issue and account: two Jira accounts used in one browser profile each get their own. (Copies
//! kept before the account was known are keyed by issue alone and still taken.)

use crate::state::local::storage;
use crate::state::time::now_ms;
use serde_json::{json, Value};
use ticklist_core::{codec, Document, Limits};

const PREFIX: &str = "ticklist.unsaved.";
/// Older copies are dropped unread: two weeks covers a holiday; beyond it the edit is stale.
pub const KEEP_MS: u64 = 14 * 24 * 60 * 60 * 1000;

fn key(issue: &str, account: Option<&str>) -> String {
    match account {
        Some(a) => format!("{PREFIX}{issue}.{a}"),
        None => format!("{PREFIX}{issue}"),
    }
}

/// The stored form: when, and the document as the codec writes it.
pub fn to_string(doc: &Document, at_ms: u64) -> Option<String> {
    let parts = codec::encode(doc, &Limits::default()).ok()?;
    Some(json!({"at": at_ms, "parts": parts}).to_string())
}

/// The kept document, if it is readable and not older than [`KEEP_MS`] at `now`.
pub fn from_str(raw: &str, now: u64) -> Option<Document> {
    let v: Value = serde_json::from_str(raw).ok()?;
    let at = v.get("at")?.as_u64()?;
    if now.saturating_sub(at) > KEEP_MS {
        return None;
    }
    let parts: Vec<Option<&str>> = v
        .get("parts")?
        .as_array()?
        .iter()
        .map(Value::as_str)
        .collect();
    codec::decode_parts(&parts).ok()
}

/// Keeps `doc` as this issue's unsaved copy for this account.
pub fn keep(issue: &str, account: Option<&str>, doc: &Document) {
    if let (Some(st), Some(raw)) = (storage(), to_string(doc, now_ms())) {
        // Full storage (5 MB per origin) only means nothing is kept: saving goes on.
        let _ = st.set_item(&key(issue, account), &raw);
    }
}

/// The unsaved copy kept for this issue and account (or for the issue alone, from before
/// accounts were known), if any; expired or unreadable copies are removed.
pub fn take(issue: &str, account: Option<&str>) -> Option<Document> {
    let st = storage()?;
    keys(issue, account).find_map(|k| {
        let raw = st.get_item(&k).ok()??;
        let doc = from_str(&raw, now_ms());
        if doc.is_none() {
            let _ = st.remove_item(&k);
        }
        doc
    })
}

/// Whether a copy is kept for this issue and account (or for the issue alone), unread: reading
/// one is code only recovering runs, which an open checks for first.
pub fn is_kept(issue: &str, account: Option<&str>) -> bool {
    storage()
        .is_some_and(|st| keys(issue, account).any(|k| st.get_item(&k).ok().flatten().is_some()))
}

fn keys(issue: &str, account: Option<&str>) -> impl Iterator<Item = String> {
    [Some(key(issue, account)), account.map(|_| key(issue, None))]
        .into_iter()
        .flatten()
}

/// Forgets this issue's unsaved copy (a save confirmed everything).
pub fn clear(issue: &str, account: Option<&str>) {
    if let Some(st) = storage() {
        let _ = st.remove_item(&key(issue, account));
        let _ = st.remove_item(&key(issue, None));
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use ticklist_core::{Clock, NewItem};

    #[test]
    fn a_kept_copy_reads_back_until_it_expires() {
        let mut doc = Document::new();
        let mut c = Clock::new("t");
        let list = doc.ensure_list(&mut c);
        doc.add_item(
            &mut c,
            &list,
            &NewItem::text("offline edit"),
            &Limits::default(),
        )
        .unwrap();
        let raw = to_string(&doc, 1_000).unwrap();
        assert_eq!(from_str(&raw, 1_000 + KEEP_MS), Some(doc));
        assert_eq!(from_str(&raw, 1_001 + KEEP_MS), None);
        assert_eq!(from_str("{\"at\":1,\"parts\":[\"not ours\"]}", 1), None);
        assert_eq!(from_str("garbage", 1), None);
    }
}
