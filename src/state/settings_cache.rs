//! The panel's copy of the settings between page loads (the iframe's local storage), so that
//! opening an issue costs one checklist read; it is refreshed after every load. Also the
//! user's last known edit permission per project.

use crate::state::local::storage;
use crate::state::settings::{PanelSettings, ReadSettings};
use serde_json::Value;
use ticklist_core::codec;

// js/app/forge-bridge-entry.js looks for this key and `ticklist.canEdit.<project>` to decide
// whether to ask for the settings and permissions ahead: keep them in step.
fn key(issue_type_id: Option<&str>, project_id: Option<&str>) -> String {
    format!(
        "ticklist.settings.{}.{}",
        project_id.unwrap_or("-"),
        issue_type_id.unwrap_or("-")
    )
}

/// The stored form: each scope's parts as Jira returned them (the same text the codec writes,
/// so a copy cached by an older version, which encoded the document, reads the same way), or
/// null. Typed rather than built as a `Value`: serialising any `Value` takes number formatting
/// and more into the start-up wasm.
#[derive(serde::Serialize)]
struct Stored<'a> {
    g: Option<&'a [Option<String>]>,
    p: Option<&'a [Option<String>]>,
}

fn decode(v: Option<&Value>) -> Option<Option<ReadSettings>> {
    match v? {
        Value::Null => Some(None),
        Value::Array(parts) => {
            let raw: Vec<Option<&str>> = parts.iter().map(Value::as_str).collect();
            let doc = codec::decode_parts(&raw).ok()?;
            Some(Some(ReadSettings {
                doc,
                parts: raw.into_iter().map(|p| p.map(str::to_owned)).collect(),
            }))
        }
        _ => None,
    }
}

/// The stored form (also used by the native tests).
pub fn to_string(s: &PanelSettings) -> String {
    fn parts(r: &Option<ReadSettings>) -> Option<&[Option<String>]> {
        r.as_ref().map(|r| r.parts.as_slice())
    }
    serde_json::to_string(&Stored {
        g: parts(&s.global),
        p: parts(&s.project),
    })
    .unwrap_or_default()
}

pub fn from_str(raw: &str) -> Option<PanelSettings> {
    let v: Value = serde_json::from_str(raw).ok()?;
    Some(PanelSettings {
        global: decode(v.get("g"))?,
        project: decode(v.get("p"))?,
    })
}

pub fn load(issue_type_id: Option<&str>, project_id: Option<&str>) -> Option<PanelSettings> {
    let raw = storage()?
        .get_item(&key(issue_type_id, project_id))
        .ok()??;
    from_str(&raw)
}

/// Whether Jira last said this user may edit issues of this project.
pub fn load_can_edit(project_id: Option<&str>) -> Option<bool> {
    let raw = storage()?
        .get_item(&format!("ticklist.canEdit.{}", project_id?))
        .ok()??;
    Some(raw == "true")
}

pub fn store_can_edit(project_id: Option<&str>, can_edit: bool) {
    if let (Some(st), Some(p)) = (storage(), project_id) {
        let _ = st.set_item(&format!("ticklist.canEdit.{p}"), &can_edit.to_string());
    }
}

pub fn store(issue_type_id: Option<&str>, project_id: Option<&str>, s: &PanelSettings) {
    if let Some(st) = storage() {
        let _ = st.set_item(&key(issue_type_id, project_id), &to_string(s));
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::host::memory::MemoryHost;
    use crate::host::props::{property_path, Scope};
    use crate::state::settings::read_for_panel;
    use ticklist_core::settings::{limits, SETTINGS_KEY};
    use ticklist_core::{Clock, Document, NewItem};

    fn settings_doc(text: &str) -> Document {
        let mut d = Document::new();
        let mut c = Clock::new("a");
        let l = d.ensure_list(&mut c);
        d.add_item(&mut c, &l, &NewItem::text(text), &limits())
            .unwrap();
        d
    }

    /// What Jira holds: each part's value under its key, as the codec writes it.
    fn put(host: &MemoryHost, scope: Scope<'_>, doc: &Document) {
        for (n, part) in codec::encode(doc, &limits())
            .unwrap()
            .into_iter()
            .enumerate()
        {
            let key = codec::part_key_of(SETTINGS_KEY, n);
            host.store
                .borrow_mut()
                .insert(property_path(scope, &key), part);
        }
    }

    #[test]
    fn settings_read_from_jira_are_cached_as_read_and_come_back_the_same() {
        let host = MemoryHost::new("10001");
        let (global, project) = (settings_doc("global item"), settings_doc("project item"));
        put(&host, Scope::IssueType("10004"), &global);
        put(&host, Scope::Project("10000"), &project);
        let read = futures_executor::block_on(read_for_panel(&host, Some("10004"), Some("10000")))
            .unwrap();
        assert_eq!(read.global.as_ref().map(|s| &s.doc), Some(&global));
        assert_eq!(read.project.as_ref().map(|s| &s.doc), Some(&project));
        let cached = from_str(&to_string(&read)).expect("the cached copy reads");
        assert_eq!(cached, read);
        assert_eq!(cached.effective(), read.effective());
        // Nothing stored for a scope: cached as nothing.
        let none = futures_executor::block_on(read_for_panel(&host, Some("1"), None)).unwrap();
        assert_eq!(from_str(&to_string(&none)), Some(PanelSettings::default()));
    }

    #[test]
    fn a_copy_cached_by_the_encoder_still_reads_and_garbage_does_not() {
        let doc = settings_doc("x");
        let encoded = codec::encode(&doc, &limits()).unwrap();
        let old = serde_json::json!({"g": encoded, "p": null}).to_string();
        let s = from_str(&old).expect("an older cached copy reads");
        assert_eq!(s.global.map(|g| g.doc), Some(doc));
        assert_eq!(s.project, None);
        assert_eq!(from_str("{"), None);
        assert_eq!(from_str(r#"{"g":3,"p":null}"#), None);
        assert_eq!(from_str(r#"{"g":["not ours"],"p":null}"#), None);
    }
}
