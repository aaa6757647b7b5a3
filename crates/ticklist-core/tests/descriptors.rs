//! The Connect and Forge descriptors index paths of the summary property for JQL and the
//! workflow validator reads `mandatoryOpen`. This ties them to the summary the core writes, so
//! renaming a summary field breaks this test instead of every site's JQL.

use serde_json::Value;
use ticklist_core::status::StatusSet;
use ticklist_core::{Clock, Date, Document, Limits, NewItem, Summary};

fn descriptor() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../deploy/connect/atlassian-connect.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// A summary with every optional field present.
fn full_summary() -> Value {
    let mut doc = Document::new();
    let mut c = Clock::new("d");
    let list = doc.ensure_list(&mut c);
    let l = Limits::default();
    let mut item = NewItem::text("open, mandatory, assigned, due");
    item.mandatory = true;
    item.assignee = Some("557058:abc".into());
    item.due = Date::new(2026, 12, 1);
    doc.add_item(&mut c, &list, &item, &l).unwrap();
    let done = doc
        .add_item(&mut c, &list, &NewItem::text("done"), &l)
        .unwrap();
    doc.toggle(&mut c, &done, &StatusSet::default()).unwrap();
    let s = Summary::of(&doc, &StatusSet::default(), Date::new(2026, 12, 2));
    serde_json::to_value(&s).unwrap()
}

#[test]
fn every_indexed_path_exists_in_the_summary_with_its_type() {
    let d = descriptor();
    let config = &d["modules"]["jiraEntityProperties"][0]["keyConfigurations"][0];
    assert_eq!(config["propertyKey"], ticklist_core::codec::SUMMARY_KEY);
    let summary = full_summary();
    for e in config["extractions"].as_array().unwrap() {
        let path = e["objectName"].as_str().unwrap();
        let value = summary
            .pointer(&format!("/{}", path.replace('.', "/")))
            .unwrap_or_else(|| panic!("summary has no {path}: {summary}"));
        let ok = match e["type"].as_str().unwrap() {
            "number" => value.is_number(),
            // A user extraction may be one account id or an array of them.
            "user" => {
                value.is_string()
                    || value
                        .as_array()
                        .is_some_and(|a| a.iter().all(Value::is_string))
            }
            "date" => value.as_str().is_some_and(|s| s.parse::<Date>().is_ok()),
            // Booleans index as the strings "true"/"false".
            "string" | "text" => value.is_string() || value.is_boolean(),
            other => panic!("unexpected extraction type {other}"),
        };
        assert!(ok, "{path} is {value}, not a {}", e["type"]);
    }
}

#[test]
fn the_validator_reads_a_summary_field_that_exists() {
    let d = descriptor();
    let expr = d["modules"]["jiraWorkflowValidators"][0]["expression"]
        .as_str()
        .unwrap();
    assert!(expr.contains(&format!(
        "issue.properties['{}']",
        ticklist_core::codec::SUMMARY_KEY
    )));
    assert!(expr.contains(".mandatoryOpen"));
    assert_eq!(full_summary()["mandatoryOpen"], 1);
}

/// The Forge function (deploy/forge/src/status.js) and the panel's Connect status property
/// must show the same lozenge: both are checked against one set of fixtures.
#[test]
fn the_forge_lozenge_fixtures_agree_with_the_connect_status_the_panel_writes() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../deploy/tests/lozenge-fixtures.json"
    );
    let fixtures: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut compared = 0;
    for f in &fixtures {
        // Only what the core itself could have written.
        let Ok(summary) = serde_json::from_value::<Summary>(f["summary"].clone()) else {
            continue;
        };
        if summary.done > summary.total {
            continue;
        }
        let ours = summary.lozenge().unwrap_or_else(
            || serde_json::json!({"type": "lozenge", "value": {"label": "—", "type": "default"}}),
        );
        assert_eq!(ours, f["lozenge"], "{}", f["name"]);
        compared += 1;
    }
    assert!(compared >= 5, "only {compared} fixtures compared");
}
