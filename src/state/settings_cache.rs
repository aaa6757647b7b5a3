//! The panel's copy of the settings between page loads (the iframe's local storage), so that
//! opening an issue costs one checklist read; it is refreshed after every load. Also the
//! user's last known edit permission per project.

use crate::state::local::storage;
use crate::state::settings::PanelSettings;
use ticklist_core::codec;
use ticklist_core::Document;

fn key(issue_type_id: Option<&str>, project_id: Option<&str>) -> String {
    format!(
        "ticklist.settings.{}.{}",
        project_id.unwrap_or("-"),
        issue_type_id.unwrap_or("-")
    )
}

fn encode(doc: &Option<Document>) -> serde_json::Value {
    match doc {
        None => serde_json::Value::Null,
        Some(d) => codec::encode(d, &ticklist_core::settings::limits())
            .map(serde_json::Value::from)
            .unwrap_or(serde_json::Value::Null),
    }
}

fn decode(v: Option<&serde_json::Value>) -> Option<Option<Document>> {
    match v? {
        serde_json::Value::Null => Some(None),
        serde_json::Value::Array(parts) => {
            let raw: Vec<Option<&str>> = parts.iter().map(|p| p.as_str()).collect();
            codec::decode_parts(&raw).ok().map(Some)
        }
        _ => None,
    }
}

/// The stored form (also used by the native tests).
pub fn to_string(s: &PanelSettings) -> String {
    serde_json::json!({"g": encode(&s.global), "p": encode(&s.project)}).to_string()
}

pub fn from_str(raw: &str) -> Option<PanelSettings> {
    let v: serde_json::Value = serde_json::from_str(raw).ok()?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use ticklist_core::{Clock, NewItem};

    #[test]
    fn round_trips_and_rejects_garbage() {
        let mut d = Document::new();
        let mut c = Clock::new("a");
        let l = d.ensure_list(&mut c);
        d.add_item(
            &mut c,
            &l,
            &NewItem::text("x"),
            &ticklist_core::Limits::default(),
        )
        .unwrap();
        let s = PanelSettings {
            global: Some(d),
            project: None,
        };
        assert_eq!(from_str(&to_string(&s)), Some(s));
        assert_eq!(from_str("{"), None);
        assert_eq!(from_str(r#"{"g":3,"p":null}"#), None);
    }
}
