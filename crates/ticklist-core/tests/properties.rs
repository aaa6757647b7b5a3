//! Property tests: round trips, merge laws, no acknowledged edit lost, split/join.

mod common;

use common::{build, fork, op, Op};
use proptest::prelude::*;
use ticklist_core::codec::{decode, decode_parts, encode};
use ticklist_core::merge::{contains, merge};
use ticklist_core::text::{self, Ids};
use ticklist_core::{Clock, Document, Limits, StatusSet};

fn ops(max: usize) -> impl Strategy<Value = Vec<Op>> {
    prop::collection::vec(op(), 0..max)
}

fn three_divergent() -> impl Strategy<Value = (Document, Document, Document)> {
    (ops(15), ops(10), ops(10), ops(10)).prop_map(|(base, a, b, c)| {
        let (base, _) = build("base", &base);
        (
            fork(&base, "ra", &a),
            fork(&base, "rb", &b),
            fork(&base, "rc", &c),
        )
    })
}

fn roundtrip(doc: &Document) -> Document {
    let parts = encode(doc, &Limits::default()).expect("fits");
    let refs: Vec<Option<&str>> = parts.iter().map(|p| Some(p.as_str())).collect();
    decode_parts(&refs).expect("decodes")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn print_then_parse_gives_the_same_checklists(ops in ops(30)) {
        let (doc, _) = build("r", &ops);
        let lists = doc.lists();
        // The text format does not carry links to Jira issues (text mode leaves them alone).
        let mut unlinked = lists.clone();
        for i in unlinked.iter_mut().flat_map(|l| l.items.iter_mut()) {
            i.issue = None;
            i.follow = false;
        }
        prop_assert_eq!(text::parse(&text::print(&lists, Ids::Include)), unlinked);
        // Without ids, items are matched back by text and position.
        let mut parsed = text::parse(&text::print(&lists, Ids::Omit));
        text::match_ids(&mut parsed, &lists);
        let strip = |ls: &[ticklist_core::List]| -> Vec<Vec<(String, String, bool)>> {
            ls.iter().map(|l| l.items.iter().map(|i| (i.text.clone(), i.status.clone(), i.mandatory)).collect()).collect()
        };
        prop_assert_eq!(strip(&parsed), strip(&lists));
    }

    #[test]
    fn encode_then_decode_gives_the_same_document(ops in ops(40)) {
        let (doc, _) = build("r", &ops);
        prop_assert_eq!(roundtrip(&doc), doc);
    }

    #[test]
    fn merge_is_commutative_associative_idempotent((a, b, c) in three_divergent()) {
        prop_assert_eq!(merge(&a, &b), merge(&b, &a));
        prop_assert_eq!(merge(&merge(&a, &b), &c), merge(&a, &merge(&b, &c)));
        prop_assert_eq!(merge(&a, &a), a.clone());
        // And merging survives the stored form.
        prop_assert_eq!(merge(&roundtrip(&a), &roundtrip(&b)), merge(&a, &b));
    }

    #[test]
    fn concurrent_edits_of_different_items_both_survive(ops in ops(12), t1 in "[a-z]{1,9}", t2 in "[A-Z]{1,9}") {
        let (mut base, mut clock) = build("base", &ops);
        let list = base.ensure_list(&mut clock);
        let l = Limits::default();
        let x = base.add_item(&mut clock, &list, &ticklist_core::NewItem::text("x"), &l).unwrap();
        let y = base.add_item(&mut clock, &list, &ticklist_core::NewItem::text("y"), &l).unwrap();
        let (mut a, mut b) = (base.clone(), base.clone());
        let (mut ca, mut cb) = (Clock::new("a"), Clock::new("b"));
        ca.observe(base.max_counter());
        cb.observe(base.max_counter());
        a.edit_text(&mut ca, &x, &t1, &l).unwrap();
        b.edit_text(&mut cb, &y, &t2, &l).unwrap();
        b.toggle(&mut cb, &x, &Default::default()).unwrap();
        let m = merge(&a, &b);
        prop_assert_eq!(m.item(&x).unwrap().text, t1);
        prop_assert_eq!(m.item(&x).unwrap().status, "done");
        prop_assert_eq!(m.item(&y).unwrap().text, t2);
    }

    /// Several replicas save through one property with read / merge / write / re-read, in any
    /// interleaving — including two writers that overwrite each other. Once every replica has
    /// seen its changes confirmed, the stored document holds every change any replica made.
    #[test]
    fn no_acknowledged_edit_is_lost(
        base in ops(8),
        work in prop::collection::vec((0usize..3, op()), 1..40),
        schedule in prop::collection::vec((0usize..3, 0u8..3), 1..60),
    ) {
        let (base, _) = build("base", &base);
        let mut store: String = encode(&base, &Limits::default()).unwrap().remove(0);
        let names = ["p", "q", "r"];
        let mut replicas: Vec<(Document, Clock, Option<Document>)> = names
            .iter()
            .map(|n| {
                let mut c = Clock::new(*n);
                c.observe(base.max_counter());
                (base.clone(), c, None)
            })
            .collect();
        let mut work = work.into_iter();
        for (r, step) in schedule {
            let (doc, clock, pending_read) = &mut replicas[r];
            match step {
                // A local edit.
                0 => if let Some((_, op)) = work.next() {
                    common::apply(doc, clock, &op, 5);
                },
                // Read the stored copy (the write comes later: others may write in between).
                1 => *pending_read = Some(decode(&store).unwrap().doc),
                // Write merge(what was read, local) — may overwrite a write made since the read.
                _ => if let Some(remote) = pending_read.take() {
                    *doc = merge(&remote, doc);
                    clock.observe(doc.max_counter());
                    store = encode(doc, &Limits::default()).unwrap().remove(0);
                },
            }
        }
        // Everything left over is done, then every replica saves until its re-read confirms.
        for (r, op) in work {
            let (doc, clock, _) = &mut replicas[r];
            common::apply(doc, clock, &op, 6);
        }
        let mut rounds = 0;
        while replicas.iter().any(|(d, _, _)| !contains(&decode(&store).unwrap().doc, d)) {
            for (doc, _, _) in replicas.iter_mut() {
                let remote = decode(&store).unwrap().doc;
                if !contains(&remote, doc) {
                    *doc = merge(&remote, doc);
                    store = encode(doc, &Limits::default()).unwrap().remove(0);
                }
            }
            rounds += 1;
            prop_assert!(rounds < 5, "save cycles did not settle");
        }
        let stored = decode(&store).unwrap().doc;
        for (doc, _, _) in &replicas {
            // Every register of every replica is in the store at the same or a later stamp.
            prop_assert!(contains(&stored, doc));
        }
    }
}

/// Who added each item and who ticked it, as the panel records them: 2,000 items of 80
/// characters added by one person, a quarter of them ticked by eight team-mates (Jira's longer
/// `712020:` account ids), each at its own minute.
fn big_team_document(ticked_every: usize, people: usize) -> (Document, Vec<ticklist_core::ItemId>) {
    let mut doc = Document::new();
    let mut clock = Clock::new("big");
    clock.set_author("712020:0e2a1b3c-4d5e-4f60-8a7b-9c0d1e2f3a4b");
    clock.set_time_ms(1_764_000_000_000);
    let list = doc.ensure_list(&mut clock);
    let items: Vec<_> = (0..2_000)
        .map(|n| ticklist_core::NewItem::text(format!("{n:05} {}", "é".repeat(74))))
        .collect();
    let ids = doc
        .insert_items(&mut clock, &list, 0, &items, &Limits::default())
        .unwrap();
    for (n, id) in ids
        .iter()
        .enumerate()
        .filter(|(n, _)| n % ticked_every == 0)
    {
        let mut other = Clock::new(format!("tab{}", n % people));
        other.observe(doc.max_counter());
        other.set_author(&format!(
            "712020:0e2a1b3c-4d5e-4f60-8a7b-9c0d1e2f{:04}",
            n % people
        ));
        other.set_time_ms(1_764_000_000_000 + n as u64 * 60_000);
        doc.toggle(&mut other, id, &StatusSet::default()).unwrap();
    }
    (doc, ids)
}

fn total(parts: &[String]) -> usize {
    parts.iter().map(String::len).sum()
}

#[test]
fn two_thousand_items_of_80_characters_split_and_join_without_loss() {
    let (doc, ids) = big_team_document(4, 8);
    let l = Limits::default();
    let parts = encode(&doc, &l).unwrap();
    eprintln!(
        "2,000 x 80 characters, who and when kept: {} parts, {} bytes",
        parts.len(),
        total(&parts)
    );
    assert!(parts.len() > 1, "should need several properties");
    assert!(parts.len() <= l.parts);
    for p in &parts {
        assert!(
            p.len() <= ticklist_core::limits::PROPERTY_MAX_BYTES,
            "{}",
            p.len()
        );
        // Every part is a valid document on its own.
        decode(p).unwrap();
    }
    let refs: Vec<Option<&str>> = parts.iter().map(|p| Some(p.as_str())).collect();
    let read = decode_parts(&refs).unwrap();
    assert_eq!(read, doc);
    // Who and when came through: the ticker of item 1,996, the adder of item 1,999.
    let ticked = &read.changes(&ids[1_996])[0];
    assert_eq!(
        ticked.by.as_deref(),
        Some("712020:0e2a1b3c-4d5e-4f60-8a7b-9c0d1e2f0004")
    );
    assert_eq!(ticked.at_ms, Some(1_764_000_000_000 + 1_996 * 60_000));
    let added = &read.changes(&ids[1_999])[0];
    assert!(added.added);
    assert_eq!(
        added.by.as_deref(),
        Some("712020:0e2a1b3c-4d5e-4f60-8a7b-9c0d1e2f3a4b")
    );
    // A part that is missing (a write that never happened) loses only its own items.
    let mut partial = refs.clone();
    partial[1] = None;
    let read = decode_parts(&partial).unwrap();
    let n = read.lists()[0].items.len();
    assert!(n < 2_000 && n > 0);
}

/// Every item ticked by one of 40 people: with who and when it would not fit, so they are left
/// out of the stored form and the checklist itself still is stored whole.
#[test]
fn who_and_when_give_way_when_the_checklist_would_not_fit_with_them() {
    let (doc, ids) = big_team_document(1, 40);
    let l = Limits::default();
    let parts = encode(&doc, &l).unwrap();
    eprintln!(
        "2,000 x 80 characters, all ticked by 40 people: {} parts, {} bytes",
        parts.len(),
        total(&parts)
    );
    let refs: Vec<Option<&str>> = parts.iter().map(|p| Some(p.as_str())).collect();
    let read = decode_parts(&refs).unwrap();
    assert_eq!(read, doc);
    assert_eq!(read.changes(&ids[7])[0].by, None);
    // Merging the bare copy back keeps what the local copy knew.
    let merged = ticklist_core::merge(&doc, &read);
    assert_eq!(
        merged.changes(&ids[7])[0].at_ms,
        Some(1_764_000_000_000 + 7 * 60_000)
    );
    assert_eq!(
        ticklist_core::merge(&read, &doc).changes(&ids[7]),
        merged.changes(&ids[7])
    );
}

#[test]
fn too_large_a_document_is_refused_with_the_limit() {
    let mut doc = Document::new();
    let mut clock = Clock::new("big");
    let list = doc.ensure_list(&mut clock);
    let l = Limits {
        parts: 2,
        ..Limits::default()
    };
    let items: Vec<_> = (0..1_000)
        .map(|n| ticklist_core::NewItem::text(format!("{n} {}", "x".repeat(200))))
        .collect();
    doc.insert_items(&mut clock, &list, 0, &items, &Limits::default())
        .unwrap();
    let e = encode(&doc, &l).unwrap_err();
    assert!(e.to_string().contains("65536"), "{e}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// The fuzzing fallback that runs in CI: no input makes the readers panic.
    #[test]
    fn readers_never_panic_on_arbitrary_text(s in "\\PC*") {
        let _ = decode(&s);
        let _ = text::parse(&s);
        let _ = ticklist_core::import::smart_checklist_property(&s, &StatusSet::default());
    }

    /// Importers never panic and never drop a non-empty line: each becomes an item, a header,
    /// a detail or a checklist's name, and its words are somewhere in what was imported.
    #[test]
    fn import_keeps_every_non_empty_line(lines in proptest::collection::vec(
        prop_oneof![
            "[-*+~xX#>?! \\[\\]]{0,4}[a-z ]{0,8}",
            "\\PC{0,12}",
            Just(">>".to_owned()),
            Just("[{\"name\":\"n\"}]".to_owned()),
        ],
        0..12,
    )) {
        let text = lines.join("\n");
        let json_array = serde_json::from_str::<Vec<serde_json::Value>>(text.trim()).is_ok();
        for format in ticklist_core::import::Format::ALL {
            if format == ticklist_core::import::Format::Okapya && json_array {
                continue; // a JSON array is read as items, not as lines
            }
            let imported = ticklist_core::import::import(format, &text, &StatusSet::default());
            let mut kept = String::new();
            for l in &imported.lists {
                kept.push_str(&l.name);
                kept.push('\n');
                for i in &l.items {
                    kept.push_str(&i.text);
                    kept.push('\n');
                    kept.push_str(&i.details);
                    kept.push('\n');
                }
            }
            for line in text.lines() {
                let words: String = after_markers(line).chars().filter(|c| c.is_alphanumeric()).collect();
                let all: String = kept.chars().filter(|c| c.is_alphanumeric()).collect();
                prop_assert!(all.contains(&words), "{format:?} lost {line:?} from {text:?}: {kept:?}");
            }
        }
    }

    #[test]
    fn decoder_never_panics_on_near_valid_documents(
        k in "[0-9.,a-z]{0,12}", o in "[0-9A-z]{0,4}", u in "[0-9-]{0,11}", parts in any::<i64>(), v in 0u64..4,
    ) {
        let raw = format!(
            r#"{{"app":"ticklist","v":{v},"parts":{parts},"lists":{{"main":{{"n":"x","o":"{o}","k":"{k}"}}}},"items":{{"a":{{"l":"main","o":"{o}","t":"t","s":"todo","u":"{u}","k":"{k}"}},"b":{{"x":"{k}"}}}},"meta":{{}}}}"#
        );
        if let Ok(d) = decode(&raw) {
            let _ = d.doc.lists();
        }
    }
}

/// Bug this pins: with every checklist deleted while another replica added to one, the view
/// shows the orphans in a synthetic "main" list, and `ensure_list` returned that id without
/// creating it, so the next add failed with ListNotFound.
#[test]
fn adding_after_all_checklists_were_deleted_concurrently_works() {
    use ticklist_core::NewItem;
    let l = Limits::default();
    let mut base = Document::new();
    let mut c0 = Clock::new("base");
    let list = base.ensure_list(&mut c0);
    let (mut a, mut b) = (base.clone(), base.clone());
    let (mut ca, mut cb) = (Clock::new("a"), Clock::new("b"));
    ca.observe(base.max_counter());
    cb.observe(base.max_counter());
    a.delete_list(&mut ca, &list, 1).unwrap();
    b.add_item(&mut cb, &list, &NewItem::text("orphan"), &l)
        .unwrap();
    let mut m = merge(&a, &b);
    assert_eq!(m.lists()[0].items[0].text, "orphan");
    let mut c = Clock::new("c");
    c.observe(m.max_counter());
    let target = m.ensure_list(&mut c);
    m.add_item(&mut c, &target, &NewItem::text("new"), &l)
        .unwrap();
    let texts: Vec<_> = m.lists()[0].items.iter().map(|i| i.text.clone()).collect();
    assert_eq!(texts, ["orphan", "new"]);
}

/// What every replica in the pruning model holds.
struct Replica {
    doc: Document,
    clock: Clock,
    /// The stored document as last read, and when.
    base: Document,
    base_at: u64,
    pending: Option<(Document, u64)>,
}

fn live_ids(doc: &Document) -> std::collections::BTreeSet<ticklist_core::ItemId> {
    doc.lists()
        .iter()
        .flat_map(|l| l.items.iter().map(|i| i.id.clone()))
        .collect()
}

/// A line without the markers an importer may read as state: bullets, signs, boxes (`[x]`),
/// and a leading `x` sign (Smart Checklist's "skipped").
fn after_markers(line: &str) -> &str {
    let mut rest = line;
    loop {
        let before = rest;
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || "-*+~#>?!".contains(c));
        for b in ["[x]", "[X]", "[ ]", "[]"] {
            rest = rest.strip_prefix(b).unwrap_or(rest);
        }
        if let Some(r) = rest.strip_prefix(['x', 'X']) {
            if r.is_empty() || r.starts_with([' ', '!']) {
                rest = r;
            }
        }
        if rest == before {
            return rest;
        }
    }
}

fn deleted_ids(doc: &Document) -> Vec<ticklist_core::ItemId> {
    doc.items
        .iter()
        .filter(|(_, e)| matches!(e, ticklist_core::model::ItemEntry::Deleted(_)))
        .map(|(id, _)| id.clone())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Replicas edit, read, write and prune through one property while time jumps by up to 200
    /// days, with some replicas staying away for longer than both horizons. However the steps
    /// interleave, once everyone has saved: no deleted item is live again, and every item that
    /// was never deleted is stored.
    #[test]
    fn pruning_never_brings_a_deleted_item_back(
        work in prop::collection::vec((0usize..3, op()), 1..40),
        schedule in prop::collection::vec((
            0usize..3,
            prop_oneof![3 => Just(0u8), 2 => Just(1u8), 2 => Just(2u8), 2 => Just(3u8)],
            prop::sample::select(vec![0u64, 1, 8, 30, 100]),
        ), 1..100),
    ) {
        const DAY: u64 = 24 * 60 * 60 * 1000;
        let l = Limits::default();
        let mut now = 1_000 * DAY;
        let mut store = encode(&Document::new(), &l).unwrap().remove(0);
        let mut replicas: Vec<Replica> = ["p", "q", "r"].iter().map(|n| Replica {
            doc: Document::new(),
            clock: Clock::new(*n),
            base: Document::new(),
            base_at: 0,
            pending: None,
        }).collect();
        let mut deleted = std::collections::BTreeSet::new();
        let mut online = [false; 3];
        let mut work = work.into_iter();
        let write = |r: &mut Replica, remote: Document, read_at: u64, now: u64, store: &mut String| {
            r.doc.forget_pruned(&r.base, r.base_at, &remote);
            let mut next = merge(&remote, &r.doc);
            next.prune_tombstones(now);
            *store = encode(&next, &Limits::default()).unwrap().remove(0);
            r.clock.observe(next.max_counter());
            r.doc = next.clone();
            r.base = next;
            r.base_at = read_at;
        };
        for (r, step, days) in schedule {
            // A save cycle reads and writes within seconds, never across days: time passes
            // between cycles, so pending reads are dropped when it does.
            if step == 3 {
                // An open panel re-reads every minute and writes what the store lacks (the
                // saver's catch-up): so a replica that wrote today reads and writes once more
                // before the days pass. Without this, a stale write that erased another
                // replica's batch of pruned ids could stay unrepaired for months, which the
                // app does not do. Replicas that did not write today stay away.
                for (i, rep) in replicas.iter_mut().enumerate() {
                    rep.pending = None;
                    if online[i] {
                        let remote = decode(&store).unwrap().doc;
                        write(rep, remote, now, now, &mut store);
                    }
                }
                online = [false; 3];
                now += days * DAY;
                continue;
            }
            let rep = &mut replicas[r];
            match step {
                0 => if let Some((_, op)) = work.next() {
                    common::apply(&mut rep.doc, &mut rep.clock, &op, now);
                    deleted.extend(deleted_ids(&rep.doc));
                },
                1 => rep.pending = Some((decode(&store).unwrap().doc, now)),
                2 => if let Some((remote, at)) = rep.pending.take() {
                    write(rep, remote, at, now, &mut store);
                    online[r] = true;
                },
                _ => unreachable!("time steps are handled above"),
            }
        }
        for (r, op) in work {
            let rep = &mut replicas[r];
            common::apply(&mut rep.doc, &mut rep.clock, &op, now);
            deleted.extend(deleted_ids(&rep.doc));
        }
        // Everyone saves (read then write at once) until the store holds all of them.
        for _ in 0..4 {
            for rep in replicas.iter_mut() {
                let remote = decode(&store).unwrap().doc;
                write(rep, remote, now, now, &mut store);
            }
        }
        let stored = decode(&store).unwrap().doc;
        let live = live_ids(&stored);
        for id in &deleted {
            prop_assert!(!live.contains(id), "deleted item {id:?} is live again");
        }
        for rep in &replicas {
            for id in live_ids(&rep.doc) {
                prop_assert!(live.contains(&id), "item {id:?} of a replica is not stored");
            }
        }
        // And the store is the same for everyone.
        for rep in &replicas {
            prop_assert_eq!(&rep.doc, &stored);
        }
    }
}
