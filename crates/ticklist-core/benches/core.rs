//! The core's speed targets (TARGETS: each under 5 ms on this machine's kind):
//! parse and print 10,000 items; encode and decode a full 32 KB document; merge two
//! 2,000-item documents with 10 % divergence.

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use ticklist_core::codec::{decode, encode};
use ticklist_core::text::{self, Ids};
use ticklist_core::{merge, Clock, Document, Limits, NewItem};

fn doc_with(n: usize, text_len: usize) -> (Document, Clock) {
    let mut doc = Document::new();
    let mut clock = Clock::new("bench");
    let list = doc.ensure_list(&mut clock);
    let limits = Limits {
        items_per_list: 20_000,
        ..Limits::default()
    };
    let items: Vec<NewItem> = (0..n)
        .map(|i| {
            let mut it =
                NewItem::text(format!("{i:05} {}", "x".repeat(text_len.saturating_sub(6))));
            if i % 3 == 0 {
                it.status = "done".into();
            }
            it
        })
        .collect();
    doc.insert_items(&mut clock, &list, 0, &items, &limits)
        .expect("bench items fit");
    (doc, clock)
}

fn benches(c: &mut Criterion) {
    let (big, _) = doc_with(10_000, 40);
    let lists = big.lists();
    let printed = text::print(&lists, Ids::Include);
    c.bench_function("print 10k items", |b| {
        b.iter(|| text::print(black_box(&lists), Ids::Include))
    });
    c.bench_function("parse 10k items", |b| {
        b.iter(|| text::parse(black_box(&printed)))
    });

    // About as many items as fill one 32 KB property.
    let (full, _) = doc_with(200, 60);
    let parts = encode(&full, &Limits::default()).expect("fits");
    assert_eq!(
        parts.len(),
        1,
        "the 32 KB benchmark document must be one property"
    );
    let raw = parts[0].clone();
    eprintln!("32 KB document: {} bytes", raw.len());
    c.bench_function("encode 32KB document", |b| {
        b.iter(|| encode(black_box(&full), &Limits::default()))
    });
    c.bench_function("decode 32KB document", |b| {
        b.iter(|| decode(black_box(&raw)))
    });

    let (base, _) = doc_with(2_000, 40);
    let fork = |name: &str, offset: usize| {
        let mut d = base.clone();
        let mut clock = Clock::new(name);
        clock.observe(d.max_counter());
        let ids: Vec<ticklist_core::ItemId> =
            d.lists()[0].items.iter().map(|i| i.id.clone()).collect();
        for id in ids.iter().skip(offset).step_by(10) {
            d.edit_text(
                &mut clock,
                id,
                &format!("edited by {name}"),
                &Limits::default(),
            )
            .expect("edit");
        }
        d
    };
    let (a, b2) = (fork("a", 0), fork("b", 5));
    c.bench_function("merge 2k items 10% divergence", |b| {
        b.iter(|| merge(black_box(&a), black_box(&b2)))
    });
}

criterion_group!(core, benches);
criterion_main!(core);
