//! Golden tests for the importers: every example line of each vendor's own documentation of its
//! format, and what it must become.

use ticklist_core::import::{
    import, smart_checklist_property, source_ids, Counts, Format, Unclear,
};
use ticklist_core::{ItemKind, Status, StatusSet};

/// (text, status, mandatory, header)
type Row = (String, String, bool, bool);

fn rows(format: Format, text: &str) -> Vec<Row> {
    let imported = import(format, text, &StatusSet::default());
    imported
        .lists
        .iter()
        .flat_map(|l| &l.items)
        .map(|i| {
            (
                i.text.clone(),
                i.status.to_string(),
                i.mandatory,
                i.kind == ItemKind::Header,
            )
        })
        .collect()
}

fn row(text: &str, status: &str, mandatory: bool, header: bool) -> Row {
    (text.into(), status.into(), mandatory, header)
}

// --- HeroCoders: "Formatting" page ------------------------------------------------------

#[test]
fn herocoders_unchecked_examples_are_mandatory_open_items_without_their_markers() {
    let doc = "checklist item\n[] checklist item\n* checklist item\n* [] checklist item\n- checklist item\n- [] checklist item\n";
    let got = rows(Format::HeroCoders, doc);
    assert_eq!(got, vec![row("checklist item", "todo", true, false); 6]);
    assert!(import(Format::HeroCoders, doc, &StatusSet::default())
        .unclear
        .is_empty());
}

#[test]
fn herocoders_optional_examples_are_optional() {
    let doc = "? checklist item\n[]? checklist item\n*? checklist item\n* []? checklist item\n-? checklist item\n- []? checklist item\n";
    let got = rows(Format::HeroCoders, doc);
    assert_eq!(got, vec![row("checklist item", "todo", false, false); 6]);
}

#[test]
fn herocoders_mandatory_and_optional_checked_examples() {
    let doc = "[] mandatory checklist item (not completed)\n[x] mandatory checklist item (completed)\n[]? optional checklist item (not completed)\n[x]? optional checklist item (completed)\n";
    assert_eq!(
        rows(Format::HeroCoders, doc),
        [
            row(
                "mandatory checklist item (not completed)",
                "todo",
                true,
                false
            ),
            row("mandatory checklist item (completed)", "done", true, false),
            row(
                "optional checklist item (not completed)",
                "todo",
                false,
                false
            ),
            row("optional checklist item (completed)", "done", false, false),
        ]
    );
}

#[test]
fn herocoders_checked_examples() {
    let doc = "[x] checklist item\n* [x] checklist item\n- [x] checklist item\n";
    assert_eq!(
        rows(Format::HeroCoders, doc),
        vec![row("checklist item", "done", true, false); 3]
    );
}

#[test]
fn herocoders_headers_descriptions_and_checklist_names() {
    let doc = "# Default checklist\n--- Acceptance Criteria\n- checklist item 1\n- checklist item 2 with **bold** text\n>> first line of the description\n>> second line\n# Release\n+ [x] shipped\n";
    let imported = import(Format::HeroCoders, doc, &StatusSet::default());
    assert_eq!(imported.lists.len(), 2);
    assert_eq!(imported.lists[0].name, "Default checklist");
    assert_eq!(imported.lists[1].name, "Release");
    assert_eq!(
        rows(Format::HeroCoders, doc),
        [
            row("Acceptance Criteria", "todo", false, true),
            row("checklist item 1", "todo", true, false),
            row("checklist item 2 with **bold** text", "todo", true, false),
            row("shipped", "done", true, false),
        ]
    );
    assert_eq!(
        imported.lists[0].items[2].details,
        "first line of the description\nsecond line"
    );
}

#[test]
fn herocoders_lines_it_cannot_read_are_kept_and_reported() {
    let doc = ">> a description with no item\n- \n[x]\n-- not a bullet\n*bold* start\n?why\n";
    let imported = import(Format::HeroCoders, doc, &StatusSet::default());
    let texts: Vec<&str> = imported.lists[0]
        .items
        .iter()
        .map(|i| i.text.as_str())
        .collect();
    assert_eq!(
        texts,
        [
            ">> a description with no item",
            "-",
            "[x]",
            "-- not a bullet",
            "*bold* start",
            "?why"
        ]
    );
    let why: Vec<(usize, Unclear)> = imported
        .unclear
        .iter()
        .map(|u| (u.line, u.why.clone()))
        .collect();
    assert_eq!(
        why,
        [
            (1, Unclear::DetailWithoutItem),
            (2, Unclear::NoText),
            (3, Unclear::NoText)
        ]
    );
}

// --- Smart Checklist ----------------------------------------------------------------------

#[test]
fn smart_checklist_signs_headers_details_and_mandatory() {
    let md = "# Before release\n## Notes\n- Write notes\n+ Run tests\n~ Review\nx Legacy step\n-! Sign off\n> Ask the lead\n> twice\n";
    assert_eq!(
        rows(Format::SmartChecklist, md),
        [
            row("Before release", "todo", false, true),
            row("Notes", "todo", false, true),
            row("Write notes", "todo", false, false),
            row("Run tests", "done", false, false),
            row("Review", "inprogress", false, false),
            row("Legacy step", "skipped", false, false),
            row("Sign off", "todo", true, false),
        ]
    );
    let imported = import(Format::SmartChecklist, md, &StatusSet::default());
    assert_eq!(imported.lists[0].items[6].details, "Ask the lead\ntwice");
    assert!(imported.unclear.is_empty());
}

/// The "Custom statuses" page's example: `- [ON HOLD] item`, `+ [QA FAILED] item`.
#[test]
fn smart_checklist_custom_statuses_match_the_sites_statuses_by_name() {
    let mut statuses = StatusSet::default();
    statuses.statuses.push(Status {
        id: "onhold".into(),
        name: "On hold".into(),
        category: ticklist_core::Category::InProgress,
        complete: false,
        color: None,
        retired: false,
    });
    let md = "- [ON HOLD] item with Unchecked state\n- [IN QA] item that is IN QA status with Unchecked state\n+ [QA FAILED] item that has QA FAILED state Checked state\n- [ ] a task box is text\n";
    let imported = import(Format::SmartChecklist, md, &statuses);
    let items = &imported.lists[0].items;
    assert_eq!(items[0].status, "onhold");
    assert_eq!(items[0].text, "item with Unchecked state");
    // Unknown statuses keep the sign's state and stay visible in the text.
    assert_eq!(items[1].status, "todo");
    assert_eq!(
        items[1].text,
        "[IN QA] item that is IN QA status with Unchecked state"
    );
    assert_eq!(items[2].status, "done");
    assert_eq!(items[3].text, "[ ] a task box is text");
    let why: Vec<Unclear> = imported.unclear.iter().map(|u| u.why.clone()).collect();
    assert_eq!(
        why,
        [
            Unclear::UnknownStatus("IN QA".into()),
            Unclear::UnknownStatus("QA FAILED".into())
        ]
    );
}

#[test]
fn smart_checklist_lines_without_a_sign_are_kept_and_reported() {
    let imported = import(
        Format::SmartChecklist,
        "plain line\n-\n> orphan? no: details of the item above",
        &StatusSet::default(),
    );
    let items = &imported.lists[0].items;
    assert_eq!(items[0].text, "plain line");
    assert_eq!(items[1].text, "-");
    assert_eq!(items[1].details, "orphan? no: details of the item above");
    assert_eq!(imported.unclear.len(), 2);
    assert_eq!(imported.unclear[0].why, Unclear::NoMarker);
}

#[test]
fn smart_checklist_property_is_a_json_string() {
    let raw = serde_json::to_string("- one\n+ two").unwrap();
    let imported = smart_checklist_property(&raw, &StatusSet::default()).unwrap();
    assert_eq!(imported.lists[0].items.len(), 2);
    assert_eq!(imported.lists[0].items[1].status, "done");
    assert!(smart_checklist_property("{\"not\":\"a string\"}", &StatusSet::default()).is_none());
}

// --- Okapya ---------------------------------------------------------------------------------

#[test]
fn okapya_rest_items_keep_state_mandatory_headers_and_due_dates() {
    let json = r#"[
      {"id": 1, "name": "Scope", "isHeader": true, "rank": 0},
      {"id": 2, "name": "Write spec", "checked": true, "mandatory": true, "rank": 1},
      {"id": 3, "name": "Review", "checked": false, "mandatory": false, "dueDate": "2026-12-01T00:00:00.000Z",
       "status": {"id": "inProgress", "name": "In Progress"}},
      {"id": 4, "name": "Legacy", "status": {"id": "notApplicable", "name": "N/A"}},
      {"id": 5, "name": "Waiting", "status": {"id": "x", "name": "On hold"}},
      {"id": 6, "checked": true}
    ]"#;
    let imported = import(Format::Okapya, json, &StatusSet::default());
    let items = &imported.lists[0].items;
    assert_eq!(
        rows(Format::Okapya, json),
        [
            row("Scope", "todo", false, true),
            row("Write spec", "done", true, false),
            row("Review", "inprogress", false, false),
            row("Legacy", "skipped", false, false),
            row("[On hold] Waiting", "todo", false, false),
            row(r#"{"checked":true,"id":6}"#, "todo", false, false),
        ]
    );
    assert_eq!(
        items[2].due.map(|d| d.to_string()).as_deref(),
        Some("2026-12-01")
    );
    let why: Vec<(usize, Unclear)> = imported
        .unclear
        .iter()
        .map(|u| (u.line, u.why.clone()))
        .collect();
    assert_eq!(
        why,
        [
            (5, Unclear::UnknownStatus("On hold".into())),
            (6, Unclear::NotAnItem)
        ]
    );
}

/// Okapya's CSV page: one item per cell, `{"name":"Item to import"}`, quotes doubled in text.
#[test]
fn okapya_csv_cells_one_per_line() {
    let text =
        "{\"name\":\"Item to import\"}\n\"{\"\"name\"\":\"\"Item to import\"\"}\"\nnot json\n";
    assert_eq!(
        rows(Format::Okapya, text),
        [
            row("Item to import", "todo", false, false),
            row("Item to import", "todo", false, false),
            row("not json", "todo", false, false),
        ]
    );
}

// --- Shared ---------------------------------------------------------------------------------

#[test]
fn counts_say_what_an_import_would_create() {
    let imported = import(
        Format::HeroCoders,
        "# A\n--- H\n[x] one\n[]? two\n# B\nthree",
        &StatusSet::default(),
    );
    assert_eq!(
        imported.counts(&StatusSet::default()),
        Counts {
            lists: 2,
            items: 3,
            headers: 1,
            mandatory: 2,
            done: 1
        }
    );
}

#[test]
fn source_ids_depend_on_the_source_only_and_repeat_for_repeated_text() {
    let a = import(Format::HeroCoders, "one\ntwo\none", &StatusSet::default());
    let b = import(
        Format::HeroCoders,
        "zero\none\ntwo\none",
        &StatusSet::default(),
    );
    let ia = source_ids(&a.lists[0]);
    let ib = source_ids(&b.lists[0]);
    assert_eq!(ia.len(), 3);
    assert_ne!(ia[0], ia[2], "the second 'one' is another item");
    // An item added above does not rename the others.
    assert_eq!(ia, ib[1..].to_vec());
    let renamed = import(Format::HeroCoders, "# Other\none", &StatusSet::default());
    assert_ne!(source_ids(&renamed.lists[0])[0], ia[0]);
}
