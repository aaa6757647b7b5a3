use super::*;
use crate::error::OpError;
use crate::merge;
use crate::model::{Document, ListId};
use crate::stamp::Clock;
use crate::status::Status;
use crate::status::DONE;

fn with_template(clock: &mut Clock, doc: &mut Document, name: &str) -> ListId {
    let l = limits();
    let id = doc.add_list(clock, name, &l).unwrap();
    doc.insert_items(
        clock,
        &id,
        0,
        &[
            NewItem::header(format!("About {name}")),
            NewItem {
                mandatory: true,
                ..NewItem::text(format!("first of {name}"))
            },
            NewItem::text("second"),
        ],
        &l,
    )
    .unwrap();
    id
}

#[test]
fn default_template_precedence() {
    let (mut g, mut p) = (Document::new(), Document::new());
    let mut c = Clock::new("a");
    let g_bug = with_template(&mut c, &mut g, "g-bug");
    let g_any = with_template(&mut c, &mut g, "g-any");
    set_default(
        &mut g,
        &mut c,
        Some("10002"),
        Some((&g_bug, ApplyWhen::Auto)),
    );
    set_default(&mut g, &mut c, None, Some((&g_any, ApplyWhen::Offer)));
    let p_story = with_template(&mut c, &mut p, "p-story");
    set_default(
        &mut p,
        &mut c,
        Some("10001"),
        Some((&p_story, ApplyWhen::Auto)),
    );
    let (gs, ps) = (read(&g), read(&p));
    let e = effective(Some(&gs), Some(&ps));
    let pick = |e: &Effective, ty: &str| e.default_for(ty).map(|(t, a)| (t.name.clone(), a));
    assert_eq!(pick(&e, "10001"), Some(("p-story".into(), ApplyWhen::Auto)));
    assert_eq!(pick(&e, "10002"), Some(("g-bug".into(), ApplyWhen::Auto)));
    assert_eq!(pick(&e, "10003"), Some(("g-any".into(), ApplyWhen::Offer)));
    // A project rule for any type beats global ones; clearing a rule removes it.
    set_default(&mut p, &mut c, None, Some((&p_story, ApplyWhen::Offer)));
    let e = effective(Some(&gs), Some(&read(&p)));
    assert_eq!(
        pick(&e, "10002"),
        Some(("p-story".into(), ApplyWhen::Offer))
    );
    set_default(&mut p, &mut c, None, None);
    set_default(&mut p, &mut c, Some("10001"), None);
    let e = effective(Some(&gs), Some(&read(&p)));
    assert_eq!(pick(&e, "10001"), Some(("g-any".into(), ApplyWhen::Offer)));
}

#[test]
fn hidden_or_missing_templates_are_skipped() {
    let (mut g, mut p) = (Document::new(), Document::new());
    let mut c = Clock::new("a");
    let t = with_template(&mut c, &mut g, "global");
    set_default(&mut g, &mut c, None, Some((&t, ApplyWhen::Auto)));
    set_flag(&mut p, &mut c, Flag::HideGlobalTemplates, true);
    set_default(
        &mut p,
        &mut c,
        None,
        Some((&ListId::from("deleted"), ApplyWhen::Auto)),
    );
    let e = effective(Some(&read(&g)), Some(&read(&p)));
    assert!(e.templates.is_empty());
    assert_eq!(e.default_for("10001"), None);
    assert_eq!(effective(Some(&read(&g)), None).templates.len(), 1);
    // A deleted template's rule falls through.
    g.delete_list(&mut c, &t, 0).unwrap();
    assert_eq!(effective(Some(&read(&g)), None).default_for("1"), None);
}

#[test]
fn statuses_lay_over_the_built_in_set() {
    let mut g = Document::new();
    let mut c = Clock::new("a");
    assert_eq!(read(&g).statuses, None);
    let mut done = StatusSet::default().get(DONE).unwrap().clone();
    done.name = "Finished".into();
    done.color = Some("#22a06b".into());
    set_status(&mut g, &mut c, &done, None).unwrap();
    let qa = Status {
        id: status_id_for("QA review!", &StatusSet::default()),
        name: "QA review".into(),
        category: Category::InProgress,
        complete: false,
        color: None,
        retired: false,
    };
    assert_eq!(qa.id, "qa-review");
    set_status(&mut g, &mut c, &qa, Some(15)).unwrap();
    let set = read(&g).statuses.unwrap();
    let ids: Vec<&str> = set.statuses.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "todo",
            "inprogress",
            "qa-review",
            "done",
            "skipped",
            "blocked"
        ]
    );
    assert_eq!(set.get(DONE).unwrap().name, "Finished");
    // Retired: still described (items using it stay readable), no longer offered.
    let mut retired = qa.clone();
    retired.retired = true;
    set_status(&mut g, &mut c, &retired, Some(15)).unwrap();
    assert!(read(&g).statuses.unwrap().get("qa-review").unwrap().retired);
    assert_eq!(
        set_status(
            &mut g,
            &mut c,
            &Status {
                id: "Bad Id".into(),
                ..qa
            },
            None
        ),
        Err(OpError::InvalidStatus("Bad Id".into()))
    );
    assert_eq!(status_id_for("QA review", &set), "qa-review-2");
}

#[test]
fn unreadable_entries_are_reported_and_skipped() {
    let mut g = Document::new();
    let mut c = Clock::new("a");
    g.set_meta(&mut c, "status.qa", "{not json");
    g.set_meta(&mut c, "default.10001", "tpl sometimes");
    g.set_meta(&mut c, "opt.maxItems", "lots");
    g.set_meta(&mut c, "settings", "7");
    let s = read(&g);
    assert_eq!(s.problems.len(), 4, "{:?}", s.problems);
    assert!(s.statuses.is_none() && s.defaults.is_empty() && s.max_items.is_none());
    assert!(s.problems.iter().any(|p| p.contains("newer version")));
}

#[test]
fn options_and_limits() {
    let (mut g, mut p) = (Document::new(), Document::new());
    let mut c = Clock::new("a");
    set_flag(&mut g, &mut c, Flag::CollapseDone, true);
    set_max_items(&mut g, &mut c, Some(50)).unwrap();
    assert!(set_max_items(&mut g, &mut c, Some(5000)).is_err());
    let e = effective(Some(&read(&g)), None);
    assert!(e.collapse_done);
    assert_eq!(e.limits.items_per_list, 50);
    set_flag(&mut p, &mut c, Flag::CollapseDone, false);
    assert!(!effective(Some(&read(&g)), Some(&read(&p))).collapse_done);
}

#[test]
fn two_admins_editing_the_same_template_keep_both_changes() {
    let mut base = Document::new();
    let mut a = Clock::new("a");
    let t = with_template(&mut a, &mut base, "Release");
    let mut b = Clock::new("b");
    b.observe(base.max_counter());
    let (mut da, mut db) = (base.clone(), base.clone());
    let l = limits();
    da.add_item(&mut a, &t, &NewItem::text("from A"), &l)
        .unwrap();
    set_default(&mut da, &mut a, Some("10001"), Some((&t, ApplyWhen::Auto)));
    db.add_item(&mut b, &t, &NewItem::text("from B"), &l)
        .unwrap();
    db.rename_list(&mut b, &t, "Release steps", &l).unwrap();
    let merged = merge(&da, &db);
    assert_eq!(merged, merge(&db, &da));
    let s = read(&merged);
    let texts: Vec<&str> = s.templates[0]
        .items
        .iter()
        .map(|i| i.text.as_str())
        .collect();
    assert!(texts.contains(&"from A") && texts.contains(&"from B"));
    assert_eq!(s.templates[0].name, "Release steps");
    assert_eq!(s.defaults.len(), 1);
}

#[test]
fn auto_apply_happens_once_per_issue_and_concurrent_applies_do_not_duplicate() {
    let mut settings = Document::new();
    let mut c = Clock::new("admin");
    let id = with_template(&mut c, &mut settings, "Bug triage");
    let template = read(&settings)
        .templates
        .into_iter()
        .find(|t| t.id == id)
        .unwrap();
    let l = Limits::default();
    let (mut x, mut y) = (Document::new(), Document::new());
    let (mut cx, mut cy) = (Clock::new("x"), Clock::new("y"));
    assert!(should_auto_apply(&x));
    apply_default(&mut x, &mut cx, &template, &l).unwrap();
    apply_default(&mut y, &mut cy, &template, &l).unwrap();
    assert!(!should_auto_apply(&x));
    let merged = merge(&x, &y);
    assert_eq!(merged.lists()[0].items.len(), 3, "applied once, not twice");
    // Cleared by the user: items deleted, the record stays, so nothing comes back.
    let mut cleared = merged.clone();
    for item in merged.lists()[0].items.iter() {
        cleared.delete_item(&mut cx, &item.id, 0).unwrap();
    }
    assert!(!should_auto_apply(&cleared));
    // A replica that never saw it keeps the record after a merge (meta is a register).
    assert!(!should_auto_apply(&merge(&Document::new(), &cleared)));
}

#[test]
fn duplicate_export_and_import_round_trip() {
    let mut g = Document::new();
    let mut c = Clock::new("a");
    let t = with_template(&mut c, &mut g, "Definition of done");
    set_default(&mut g, &mut c, Some("10001"), Some((&t, ApplyWhen::Offer)));
    let copy = duplicate_template(&mut g, &mut c, &t, "DoD (copy)").unwrap();
    let s = read(&g);
    assert_eq!(s.templates.len(), 2);
    assert_eq!(s.templates[1].id, copy);
    assert_eq!(s.templates[1].new_items(), s.templates[0].new_items());
    assert!(duplicate_template(&mut g, &mut c, &ListId::from("nope"), "x").is_err());

    let json = export(&s);
    let mut other_site = Document::new();
    let mut c2 = Clock::new("b");
    assert_eq!(import(&mut other_site, &mut c2, &json).unwrap(), 2);
    let imported = read(&other_site);
    assert_eq!(imported.templates.len(), 2);
    assert_eq!(
        imported.templates[0].new_items(),
        s.templates[0].new_items()
    );
    let e = effective(Some(&imported), None);
    assert_eq!(
        e.default_for("10001").map(|(t, _)| t.name.as_str()),
        Some("Definition of done")
    );
    let before = other_site.clone();
    for bad in [
        "{",
        r#"{"app":"x","kind":"settings","v":1,"templates":[]}"#,
        r#"{"app":"ticklist","kind":"settings","v":9,"templates":[]}"#,
    ] {
        assert!(import(&mut other_site, &mut c2, bad).is_err(), "{bad}");
    }
    assert_eq!(other_site, before, "a refused import changes nothing");
}
