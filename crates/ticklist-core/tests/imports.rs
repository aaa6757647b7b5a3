//! Golden tests for the importers, from the formats as the other apps document them.

use ticklist_core::import::{herocoders, smart_checklist, smart_checklist_property};
use ticklist_core::ItemKind;

#[test]
fn smart_checklist_markdown() {
    let md = "# Before release\n- Write notes\n+ Run tests\n~ Review\nx Legacy step\n-! Sign off\n> Ask the lead\n> twice\nplain line\n";
    let lists = smart_checklist(md);
    let items = &lists[0].items;
    let got: Vec<(&str, &str, bool, bool)> = items
        .iter()
        .map(|i| {
            (
                i.text.as_str(),
                i.status.as_str(),
                i.mandatory,
                i.kind == ItemKind::Header,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("Before release", "todo", false, true),
            ("Write notes", "todo", false, false),
            ("Run tests", "done", false, false),
            ("Review", "inprogress", false, false),
            ("Legacy step", "skipped", false, false),
            ("Sign off", "todo", true, false),
            ("plain line", "todo", false, false),
        ]
    );
    assert_eq!(items[5].details, "Ask the lead\ntwice");
}

#[test]
fn smart_checklist_property_is_a_json_string() {
    let raw = serde_json::to_string("- one\n+ two").unwrap();
    let lists = smart_checklist_property(&raw).unwrap();
    assert_eq!(lists[0].items.len(), 2);
    assert_eq!(lists[0].items[1].status, "done");
    assert!(smart_checklist_property("{\"not\":\"a string\"}").is_none());
}

#[test]
fn herocoders_checklists() {
    let text = "# Definition of done\n* [] Code reviewed\n- [x] Tests pass\n+ []? Nice to have\n--- Release\n[x] Deployed\n>> to production\nsomething else\n# Second\n[] Another";
    let lists = herocoders(text);
    assert_eq!(lists.len(), 2);
    assert_eq!(lists[0].name, "Definition of done");
    let got: Vec<(&str, &str, bool, bool)> = lists[0]
        .items
        .iter()
        .map(|i| {
            (
                i.text.as_str(),
                i.status.as_str(),
                i.mandatory,
                i.kind == ItemKind::Header,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("Code reviewed", "todo", true, false),
            ("Tests pass", "done", true, false),
            ("Nice to have", "todo", false, false),
            ("Release", "todo", false, true),
            ("Deployed", "done", true, false),
            ("something else", "todo", false, false),
        ]
    );
    assert_eq!(lists[0].items[4].details, "to production");
    assert_eq!(lists[1].items[0].text, "Another");
}
