//! The stored form of a [`Document`]: versioned JSON in one or more issue properties.
//!
//! Version 2 (current), one property:
//! ```json
//! {"app":"ticklist","v":2,"parts":1,
//!  "lists":{"main":{"n":"Checklist","o":"V","k":"1.r1"}},
//!  "items":{"r1-2":{"l":"main","o":"V01","t":"Write tests","s":"done","m":true,"k":"2.r1,,,5.r2"},
//!           "r1-3":{"x":"7.r2","at":1767225600000}},
//!  "meta":{"autoTemplate":{"v":"tpl-bugs","k":"3.r1"}}}
//! ```
//! - `k` holds the stamps of the fields in a fixed order (items: l o t s m h d a u i f; lists: n o);
//!   an empty entry repeats the first stamp, which keeps unedited items short. A stamp is
//!   `counter.replica`, then optionally `.minutes` (base 36, since the Unix epoch; may be empty)
//!   and `.author` (base-36 index into `by`).
//! - `by` (every part, when any stamp names its author): the account ids stamps refer to, the
//!   same list in every part so each part reads on its own.
//! - Fields at their default (`m` false, `h` false, `d` "", `a`/`u`/`i` absent, `f` false) are
//!   left out. `i` is the Jira issue the item became (`{"id": "10104", "key": "TL-4"}`), `f`
//!   whether the item follows its status. Readers that predate `i`/`f` read the first nine
//!   stamps and ignore both.
//! - `x`/`at`: a tombstone (delete stamp, wall-clock ms).
//! - `pruned` (part 0, only once something was pruned): `{"before": ms, "b": {"<ms>": {"i": [item
//!   ids], "l": [list ids]}}}`, the ids forgotten at each time (see `model/prune.rs`). Older
//!   readers ignore it.
//!
//! A document too big for one property is split: items are spread over `parts` properties by a
//! hash of their id (see [`part_key`]); every part is a valid document on its own and parts are
//! merged on read, so a part that failed to write leaves an older but consistent state.
//!
//! Version 1 is the plain export format (lists of items, no stamps), read straight into the
//! document version 2 would hold. Anything that is not ours, or is newer than we understand, is
//! an error that keeps the raw text so that the app can preserve it instead of overwriting it.

use crate::date::Date;
use crate::limits::{Limit, Limits, PROPERTY_MAX_BYTES};
use crate::model::{
    radix36, Batch, Document, IssueRef, ItemEntry, ItemId, ItemKind, ItemState, ListEntry, ListId,
    ListState, Lww, Pruned, Tombstone,
};
use crate::stamp::{Author, Stamp};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use thiserror::Error;

pub const CURRENT_VERSION: u64 = 2;
pub const APP_MARKER: &str = "ticklist";
/// The issue property holding the document (part 0).
pub const CHECKLIST_KEY: &str = "ticklist.checklist";
/// The small summary property indexed for JQL and read by the workflow validator.
pub const SUMMARY_KEY: &str = "ticklist.summary";

/// Property key of part `n` of the checklist (0 is [`CHECKLIST_KEY`]).
pub fn part_key(n: usize) -> String {
    part_key_of(CHECKLIST_KEY, n)
}

/// Property key of part `n` of a document stored under `base` (settings use the same codec).
pub fn part_key_of(base: &str, n: usize) -> String {
    if n == 0 {
        base.to_owned()
    } else {
        format!("{base}.{n}")
    }
}

/// Why a stored value could not be read. `raw` is the value exactly as read, to be kept.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[error("{kind}")]
pub struct DecodeError {
    pub kind: DecodeErrorKind,
    pub raw: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum DecodeErrorKind {
    #[error("the stored checklist is not valid JSON ({0})")]
    NotJson(String),
    #[error("the stored value was not written by Ticklist")]
    NotOurs,
    #[error("the stored checklist was written by a newer version of Ticklist (format {0})")]
    TooNew(u64),
    #[error("the stored checklist is damaged: {0}")]
    Invalid(String),
}

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum EncodeError {
    #[error(
        "the checklist needs {bytes} bytes; Jira can hold at most {max} for one issue ({limit})"
    )]
    TooLarge {
        bytes: usize,
        max: usize,
        limit: Limit,
    },
}

/// One decoded part.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    pub doc: Document,
    /// How many parts the writer split the document into (read from part 0).
    pub parts: usize,
}

/// A stored part's version, if it is one this reader understands (the current one or older).
fn version(v: &Value) -> Result<u64, DecodeErrorKind> {
    match v.get("v").and_then(Value::as_u64).unwrap_or(0) {
        0 => Err(DecodeErrorKind::NotOurs),
        n if n > CURRENT_VERSION => Err(DecodeErrorKind::TooNew(n)),
        n => Ok(n),
    }
}

/// A part in an older version, read straight into a document. (Version 1: the plain export
/// format, always one part.) Reading does not go through the current stored form: that round
/// trip would keep the encoder in the code that shows a checklist, and changes nothing.
fn read_older(v: &Value, version: u64) -> Result<Decoded, String> {
    match version {
        1 => Ok(Decoded {
            doc: v1_document(v)?,
            parts: 1,
        }),
        n => Err(format!("version {n} was never written by Ticklist")),
    }
}

/// Reads one stored part.
pub fn decode(raw: &str) -> Result<Decoded, DecodeError> {
    let kept = |kind| DecodeError {
        kind,
        raw: raw.to_owned(),
    };
    let value: Value =
        serde_json::from_str(raw).map_err(|e| kept(DecodeErrorKind::NotJson(e.to_string())))?;
    read_part(&value).map_err(kept)
}

/// Reads one stored part already parsed (as a property read from Jira is).
pub fn decode_value(value: &Value) -> Result<Decoded, DecodeError> {
    read_part(value).map_err(|kind| DecodeError {
        kind,
        raw: value.to_string(),
    })
}

/// What `decode` and `decode_value` share; each keeps the stored text its own way (the text
/// as it came, or the value printed once), only when the part cannot be read. A part in the
/// current format is read in place; only an older one is copied to be migrated.
fn read_part(value: &Value) -> Result<Decoded, DecodeErrorKind> {
    if value.get("app").and_then(Value::as_str) != Some(APP_MARKER) {
        return Err(DecodeErrorKind::NotOurs);
    }
    match version(value)? {
        CURRENT_VERSION => from_value(value),
        n => read_older(value, n),
    }
    .map_err(DecodeErrorKind::Invalid)
}

/// Reads a document stored in several parts; `parts[0]` is part 0. Missing later parts (`None`,
/// e.g. a 404 after a partial write) are skipped; a damaged one is an error, so nothing gets
/// written over it.
pub fn decode_parts(parts: &[Option<&str>]) -> Result<Document, DecodeError> {
    let mut doc = Document::new();
    for raw in parts.iter().flatten() {
        let d = decode(raw)?;
        doc = crate::merge::merge(&doc, &d.doc);
    }
    Ok(doc)
}

/// The stored parts of a document, part 0 first. One part when it fits.
pub fn encode(doc: &Document, limits: &Limits) -> Result<Vec<String>, EncodeError> {
    // Who and when are the first thing to go when the document would not fit with them.
    encode_with(doc, limits, &Authors::of(doc))
        .or_else(|_| encode_with(doc, limits, &Authors::none()))
}

fn encode_with(
    doc: &Document,
    limits: &Limits,
    authors: &Authors,
) -> Result<Vec<String>, EncodeError> {
    let items: Vec<(&ItemId, Value)> = doc
        .items
        .iter()
        .map(|(id, e)| (id, item_value(e, authors)))
        .collect();
    let sizes: usize = items
        .iter()
        .map(|(id, v)| id.as_str().len() + v.to_string().len() + 4)
        .sum();
    let head_len = head(doc, authors, 1, 0).to_string().len();
    let budget = PROPERTY_MAX_BYTES - 512; // room for uneven hashing and the header
    let mut n = ((head_len + sizes) / budget + 1).max(1);
    while n <= limits.parts {
        let mut out: Vec<Map<String, Value>> = vec![Map::new(); n];
        for (id, v) in &items {
            out[bucket(id.as_str(), n)].insert(id.as_str().to_owned(), v.clone());
        }
        let encoded: Vec<String> = out
            .into_iter()
            .enumerate()
            .map(|(i, m)| {
                let mut h = head(doc, authors, n, i);
                h["items"] = Value::Object(m);
                h.to_string()
            })
            .collect();
        if encoded.iter().all(|p| p.len() <= PROPERTY_MAX_BYTES) {
            return Ok(encoded);
        }
        n += 1;
    }
    Err(EncodeError::TooLarge {
        bytes: head_len + sizes,
        max: limits.total_bytes(),
        limit: Limit::TotalBytes,
    })
}

fn bucket(id: &str, n: usize) -> usize {
    // FNV-1a: stable across platforms and releases, unlike std's hasher.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in id.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    (h % n as u64) as usize
}

/// More distinct writers than any real checklist has; names beyond it are not read.
const MAX_AUTHORS: usize = 1_000;

/// The account ids the document's stamps name, numbered for the stored form.
struct Authors {
    /// `author` numbers in order of first use; the stored index is the position.
    ids: Vec<Author>,
    /// Whether stamps keep their time and author at all.
    keep: bool,
    /// The `by` list every part carries (made once, not per part).
    stored: Option<Value>,
}

impl Authors {
    fn none() -> Self {
        Self {
            ids: Vec::new(),
            keep: false,
            stored: None,
        }
    }

    fn of(doc: &Document) -> Self {
        let mut ids = Vec::new();
        doc.for_each_stamp(|s| {
            if s.by > 0 && !ids.contains(&s.by) {
                ids.push(s.by);
            }
        });
        let names: Vec<String> = ids
            .iter()
            .map(|&a| crate::stamp::author_name(a).unwrap_or_default())
            .collect();
        Self {
            stored: (!names.is_empty()).then(|| json!(names)),
            ids,
            keep: true,
        }
    }

    fn text(&self, s: &Stamp) -> String {
        let mut out = s.encode();
        if !self.keep || !s.annotated() {
            return out;
        }
        out.push('.');
        if s.at > 0 {
            out.push_str(&radix36(u64::from(s.at)));
        }
        if let Some(i) = self.ids.iter().position(|&a| a == s.by) {
            out.push('.');
            out.push_str(&radix36(i as u64));
        }
        out
    }
}

/// Reads `counter.replica[.minutes[.author]]`; an author index the table lacks is left out.
fn read_stamp(s: &str, authors: &[Author]) -> Option<Stamp> {
    let mut it = s.splitn(4, '.');
    let counter = it.next()?.parse().ok()?;
    let replica = it.next()?;
    let mut stamp = Stamp::new(counter, replica);
    match it.next() {
        None | Some("") => {}
        Some(at) => stamp.at = u32::from_str_radix(at, 36).ok()?,
    }
    if let Some(i) = it.next() {
        let i = usize::from_str_radix(i, 36).ok()?;
        stamp.by = authors.get(i).copied().unwrap_or(0);
    }
    Some(stamp)
}

fn head(doc: &Document, authors: &Authors, parts: usize, part: usize) -> Value {
    let mut h = json!({"app": APP_MARKER, "v": CURRENT_VERSION, "parts": parts});
    if let Some(by) = &authors.stored {
        h["by"] = by.clone();
    }
    if part == 0 {
        // Maps are filled by insert: `collect` into one sorts first, and each sort is a copy
        // of the standard library's in the wasm (the entries come in key order anyway).
        let mut lists = Map::new();
        for (id, e) in &doc.lists {
            let v = match e {
                ListEntry::Live(l) => json!({
                    "n": l.name.value, "o": l.order.value,
                    "k": stamps(authors, &[&l.name.stamp, &l.order.stamp]),
                }),
                ListEntry::Deleted(t) => tomb(t, authors),
            };
            lists.insert(id.as_str().to_owned(), v);
        }
        let mut meta = Map::new();
        for (k, m) in &doc.meta {
            meta.insert(
                k.clone(),
                json!({"v": m.value, "k": authors.text(&m.stamp)}),
            );
        }
        h["lists"] = Value::Object(lists);
        h["meta"] = Value::Object(meta);
        if !doc.pruned.is_empty() {
            h["pruned"] = pruned_value(&doc.pruned);
        }
    } else {
        h["part"] = json!(part);
    }
    h
}

fn pruned_value(p: &Pruned) -> Value {
    let mut batches = Map::new();
    for (at, b) in &p.batches {
        let items: Vec<&str> = b.items.iter().map(ItemId::as_str).collect();
        let lists: Vec<&str> = b.lists.iter().map(ListId::as_str).collect();
        batches.insert(at.to_string(), json!({"i": items, "l": lists}));
    }
    json!({"before": p.before, "b": batches})
}

fn read_pruned(v: &Value) -> Result<Pruned, String> {
    let bad = || "\"pruned\" is damaged".to_string();
    let before = v.get("before").and_then(Value::as_u64).ok_or_else(bad)?;
    let mut batches = BTreeMap::new();
    for (at, b) in v.get("b").and_then(Value::as_object).ok_or_else(bad)? {
        let at: u64 = at.parse().map_err(|_| bad())?;
        let ids = |k: &str| -> Result<Vec<String>, String> {
            b.get(k)
                .and_then(Value::as_array)
                .ok_or_else(bad)?
                .iter()
                .map(|x| x.as_str().map(str::to_owned).ok_or_else(bad))
                .collect()
        };
        // Inserted one by one: `collect` into a set sorts first, which adds a sort to the wasm.
        let mut batch = Batch::default();
        for id in ids("i")? {
            batch.items.insert(ItemId::from(id));
        }
        for id in ids("l")? {
            batch.lists.insert(ListId::from(id));
        }
        batches.insert(at, batch);
    }
    Ok(Pruned { batches, before })
}

fn tomb(t: &Tombstone, authors: &Authors) -> Value {
    json!({"x": authors.text(&t.stamp), "at": t.at_ms})
}

/// Trailing stamps equal to the first are left out: readers give missing ones the first (every
/// reader has), so an item never edited since it was added stores one stamp, not eleven.
fn stamps(authors: &Authors, s: &[&Stamp]) -> String {
    let first = s[0];
    let last = s.iter().rposition(|st| *st != first).unwrap_or(0);
    let mut out = authors.text(first);
    for st in &s[1..=last] {
        out.push(',');
        if *st != first {
            out.push_str(&authors.text(st));
        }
    }
    out
}

fn item_value(e: &ItemEntry, authors: &Authors) -> Value {
    let s = match e {
        ItemEntry::Deleted(t) => return tomb(t, authors),
        ItemEntry::Live(s) => s,
    };
    let mut o = Map::new();
    o.insert("l".into(), json!(s.list.value));
    o.insert("o".into(), json!(s.order.value));
    o.insert("t".into(), json!(s.text.value));
    o.insert("s".into(), json!(s.status.value));
    if s.mandatory.value {
        o.insert("m".into(), json!(true));
    }
    if s.kind.value == ItemKind::Header {
        o.insert("h".into(), json!(true));
    }
    if !s.details.value.is_empty() {
        o.insert("d".into(), json!(s.details.value));
    }
    if let Some(a) = &s.assignee.value {
        o.insert("a".into(), json!(a));
    }
    if let Some(d) = s.due.value {
        o.insert("u".into(), json!(d.to_string()));
    }
    if let Some(i) = &s.issue.value {
        o.insert("i".into(), json!({"id": i.id, "key": i.key}));
    }
    if s.follow.value {
        o.insert("f".into(), json!(true));
    }
    o.insert("k".into(), json!(stamps(authors, &s.stamps())));
    Value::Object(o)
}

/// Not inlined (nor is `v1_document`): a page reads one format, and the browser compiles only
/// the reader it calls; inlined into `read_part`, both were compiled on every open.
#[inline(never)]
fn from_value(v: &Value) -> Result<Decoded, String> {
    let parts = v
        .get("parts")
        .and_then(Value::as_u64)
        .ok_or("missing \"parts\"")? as usize;
    // Who wrote is an annotation: a damaged list costs the names, never the checklist. At most
    // MAX_AUTHORS are read, so a crafted list cannot make reading slow.
    let authors: Vec<Author> = v
        .get("by")
        .and_then(Value::as_array)
        .map(|by| {
            by.iter()
                .take(MAX_AUTHORS)
                .map(|a| a.as_str().map_or(0, crate::stamp::author))
                .collect()
        })
        .unwrap_or_default();
    let authors = &authors[..];
    let mut doc = Document::new();
    if let Some(lists) = v.get("lists") {
        for (id, l) in lists.as_object().ok_or("\"lists\" is not an object")? {
            let entry = match read_tomb(l, authors)? {
                Some(t) => ListEntry::Deleted(t),
                None => {
                    let k = read_stamps(l, 2, authors)?;
                    ListEntry::Live(ListState {
                        name: Lww::new(req_str(l, "n")?, k[0].clone()),
                        order: Lww::new(req_str(l, "o")?, k[1].clone()),
                    })
                }
            };
            doc.lists.insert(ListId::from(id.as_str()), entry);
        }
    }
    if let Some(meta) = v.get("meta") {
        for (key, m) in meta.as_object().ok_or("\"meta\" is not an object")? {
            let k = read_stamps(m, 1, authors)?;
            doc.meta
                .insert(key.clone(), Lww::new(req_str(m, "v")?, k[0].clone()));
        }
    }
    if let Some(p) = v.get("pruned") {
        doc.pruned = read_pruned(p)?;
    }
    let items = v
        .get("items")
        .and_then(Value::as_object)
        .ok_or("missing \"items\"")?;
    for (id, i) in items {
        let entry = match read_tomb(i, authors)? {
            Some(t) => ItemEntry::Deleted(t),
            None => ItemEntry::Live(Box::new(
                read_item(i, authors).map_err(|e| format!("item {id}: {e}"))?,
            )),
        };
        doc.items.insert(ItemId::from(id.as_str()), entry);
    }
    doc.drop_pruned_entries();
    Ok(Decoded { doc, parts })
}

fn read_item(i: &Value, authors: &[Author]) -> Result<ItemState, String> {
    let k = read_stamps(i, 11, authors)?;
    let flag = |f: &str| i.get(f).and_then(Value::as_bool).unwrap_or(false);
    let opt = |f: &str| i.get(f).and_then(Value::as_str).map(str::to_owned);
    let due = match opt("u") {
        Some(d) => Some(d.parse::<Date>().map_err(|_| format!("bad due date {d}"))?),
        None => None,
    };
    Ok(ItemState {
        list: Lww::new(ListId::from(req_str(i, "l")?), k[0].clone()),
        order: Lww::new(req_str(i, "o")?, k[1].clone()),
        text: Lww::new(req_str(i, "t")?, k[2].clone()),
        status: Lww::new(req_str(i, "s")?, k[3].clone()),
        mandatory: Lww::new(flag("m"), k[4].clone()),
        kind: Lww::new(
            if flag("h") {
                ItemKind::Header
            } else {
                ItemKind::Item
            },
            k[5].clone(),
        ),
        details: Lww::new(opt("d").unwrap_or_default(), k[6].clone()),
        assignee: Lww::new(opt("a"), k[7].clone()),
        due: Lww::new(due, k[8].clone()),
        issue: Lww::new(read_issue(i.get("i"))?, k[9].clone()),
        follow: Lww::new(flag("f"), k[10].clone()),
    })
}

fn read_issue(v: Option<&Value>) -> Result<Option<IssueRef>, String> {
    let Some(v) = v else { return Ok(None) };
    let field = |f: &str| v.get(f).and_then(Value::as_str).map(str::to_owned);
    match (field("id"), field("key")) {
        (Some(id), Some(key)) => Ok(Some(IssueRef { id, key })),
        _ => Err("bad linked issue".into()),
    }
}

fn req_str(v: &Value, f: &str) -> Result<String, String> {
    v.get(f)
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| format!("missing \"{f}\""))
}

fn read_tomb(v: &Value, authors: &[Author]) -> Result<Option<Tombstone>, String> {
    let Some(x) = v.get("x") else {
        return Ok(None);
    };
    let stamp = x
        .as_str()
        .and_then(|x| read_stamp(x, authors))
        .ok_or("bad delete stamp")?;
    let at_ms = v.get("at").and_then(Value::as_u64).unwrap_or(0);
    Ok(Some(Tombstone { stamp, at_ms }))
}

fn read_stamps(v: &Value, n: usize, authors: &[Author]) -> Result<Vec<Stamp>, String> {
    let k = v.get("k").and_then(Value::as_str).ok_or("missing \"k\"")?;
    let mut parts = k.split(',');
    let first = parts
        .next()
        .and_then(|p| read_stamp(p, authors))
        .ok_or("bad stamp")?;
    let mut out = vec![first.clone()];
    for p in parts {
        out.push(if p.is_empty() {
            first.clone()
        } else {
            read_stamp(p, authors).ok_or("bad stamp")?
        });
    }
    // Fewer stamps than fields: the rest share the first (older writers may omit trailing ones).
    while out.len() < n {
        out.push(first.clone());
    }
    out.truncate(n);
    Ok(out)
}

/// A version 1 part (plain lists) as a document. Every field gets the same fixed stamp, so two
/// clients reading the same value concurrently produce identical documents.
#[inline(never)]
fn v1_document(v: &Value) -> Result<Document, String> {
    let stamp = Stamp::new(1, "v1");
    let lists = v
        .get("lists")
        .and_then(Value::as_array)
        .ok_or("version 1 without \"lists\"")?;
    let mut doc = Document::new();
    let list_keys = crate::order::sequence(None, None, lists.len());
    for (ln, (l, lkey)) in lists.iter().zip(list_keys).enumerate() {
        let lid = l
            .get("id")
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map_or_else(|| ListId::from(format!("v1l{ln}")), ListId::from);
        let name = l
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or(crate::model::DEFAULT_LIST_NAME);
        doc.lists.insert(
            lid.clone(),
            ListEntry::Live(ListState {
                name: Lww::new(name.to_owned(), stamp.clone()),
                order: Lww::new(lkey, stamp.clone()),
            }),
        );
        let items = l
            .get("items")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let keys = crate::order::sequence(None, None, items.len());
        for (n, (i, key)) in items.iter().zip(keys).enumerate() {
            let s = |f: &str| i.get(f).and_then(Value::as_str).map(str::to_owned);
            let b = |f: &str| i.get(f).and_then(Value::as_bool).unwrap_or(false);
            let id = s("id")
                .filter(|x| !x.is_empty())
                .unwrap_or_else(|| format!("v1-{ln}-{n}"));
            let due = s("due").and_then(|d| d.parse().ok());
            let new = crate::model::NewItem {
                text: s("text").unwrap_or_default(),
                status: s("status").unwrap_or_else(|| crate::status::TODO.into()),
                mandatory: b("mandatory"),
                kind: if b("header") {
                    ItemKind::Header
                } else {
                    ItemKind::Item
                },
                details: s("details").unwrap_or_default(),
                assignee: s("assignee"),
                due,
            };
            let st = stamp.clone();
            let state = ItemState {
                list: Lww::new(lid.clone(), st.clone()),
                order: Lww::new(key, st.clone()),
                text: Lww::new(new.text, st.clone()),
                status: Lww::new(new.status, st.clone()),
                mandatory: Lww::new(new.mandatory, st.clone()),
                kind: Lww::new(new.kind, st.clone()),
                details: Lww::new(new.details, st.clone()),
                assignee: Lww::new(new.assignee, st.clone()),
                due: Lww::new(new.due, st.clone()),
                issue: Lww::new(None, st.clone()),
                follow: Lww::new(false, st),
            };
            doc.items
                .insert(ItemId::from(id), ItemEntry::Live(Box::new(state)));
        }
    }
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Brings a stored value up to [`CURRENT_VERSION`]. Values already current pass unchanged, so
    /// migrating twice is the same as migrating once. Reading does not go through it (see
    /// `read_older`); the tests check that reading an older part gives what this form would.
    fn migrate(v: Value) -> Result<Value, DecodeErrorKind> {
        match version(&v)? {
            CURRENT_VERSION => Ok(v),
            n => {
                let old = read_older(&v, n).map_err(DecodeErrorKind::Invalid)?;
                Ok(one_part(&old.doc))
            }
        }
    }

    /// `doc` in the current stored form, as one part.
    fn one_part(doc: &Document) -> Value {
        let authors = Authors::of(doc);
        let mut out = head(doc, &authors, 1, 0);
        let mut items = Map::new();
        for (id, e) in &doc.items {
            items.insert(id.as_str().to_owned(), item_value(e, &authors));
        }
        out["items"] = Value::Object(items);
        out
    }

    #[test]
    fn stamps_carry_minute_and_author_through_the_stored_form() {
        let raw = r#"{"app":"ticklist","v":2,"parts":1,"by":["acc-ann","acc-bob"],
            "lists":{},"meta":{},
            "items":{"a1":{"l":"main","o":"V","t":"x","s":"done","k":"3.a.hhk2c.1,,,9.b..0"},
                     "a2":{"l":"main","o":"W","t":"y","s":"todo","k":"4.a.hhk2c.7"},
                     "a3":{"l":"main","o":"X","t":"z","s":"todo","k":"5.a"}}}"#;
        let doc = decode(raw).unwrap().doc;
        let a1 = doc.changes(&ItemId::from("a1"));
        assert_eq!(a1[0].by.as_deref(), Some("acc-ann"), "{a1:?}");
        assert_eq!(a1[0].at_ms, None);
        assert_eq!(a1[1].by.as_deref(), Some("acc-bob"));
        assert_eq!(
            a1[1].at_ms,
            Some(u64::from(u32::from_str_radix("hhk2c", 36).unwrap()) * 60_000)
        );
        // An index the list lacks names nobody; a stamp from before names nobody either.
        assert_eq!(doc.changes(&ItemId::from("a2"))[0].by, None);
        assert_eq!(doc.changes(&ItemId::from("a3"))[0].at_ms, None);
        let again = decode(&encode(&doc, &Limits::default()).unwrap()[0])
            .unwrap()
            .doc;
        assert_eq!(again.changes(&ItemId::from("a1")), a1);
        // A damaged list of authors costs the names, not the checklist.
        let damaged = raw.replace(r#""by":["acc-ann","acc-bob"]"#, r#""by":{"x":1}"#);
        let read = decode(&damaged).unwrap().doc;
        assert_eq!(read, doc);
        assert_eq!(read.changes(&ItemId::from("a1"))[0].by, None);
        let odd = raw.replace(r#""by":["acc-ann","acc-bob"]"#, r#""by":[7,"acc-bob"]"#);
        let read = decode(&odd).unwrap().doc;
        assert_eq!(read.changes(&ItemId::from("a1"))[0].by, None);
        assert_eq!(
            read.changes(&ItemId::from("a1"))[1].by.as_deref(),
            Some("acc-bob")
        );
    }

    #[test]
    fn not_ours_and_too_new_keep_the_raw_value() {
        for (raw, kind) in [
            ("{\"foo\":1}", DecodeErrorKind::NotOurs),
            ("\"- item\"", DecodeErrorKind::NotOurs),
            (
                "{\"app\":\"ticklist\",\"v\":99,\"parts\":1,\"items\":{}}",
                DecodeErrorKind::TooNew(99),
            ),
        ] {
            let e = decode(raw).unwrap_err();
            assert_eq!(e.kind, kind);
            assert_eq!(e.raw, raw);
        }
        let e = decode("{not json").unwrap_err();
        assert!(matches!(e.kind, DecodeErrorKind::NotJson(_)));
        assert_eq!(e.raw, "{not json");
    }

    #[test]
    fn a_part_read_as_a_value_decodes_as_its_text_does() {
        let v1 = r#"{"app":"ticklist","v":1,"lists":[{"id":"main","name":"Checklist",
            "items":[{"id":"a","text":"Write","status":"done"},{"id":"b","text":"Ship"}]}]}"#;
        let current = encode(&decode(v1).unwrap().doc, &Limits::default()).unwrap();
        for raw in [v1, current[0].as_str()] {
            let value: Value = serde_json::from_str(raw).unwrap();
            assert_eq!(decode_value(&value).unwrap(), decode(raw).unwrap());
        }
        // What cannot be read is kept as the value's text, to be shown and never written over.
        for raw in [
            r#"{"foo":1}"#,
            r#"{"app":"ticklist","v":2,"parts":1,"items":7}"#,
        ] {
            let value: Value = serde_json::from_str(raw).unwrap();
            let e = decode_value(&value).unwrap_err();
            assert_eq!(serde_json::from_str::<Value>(&e.raw).unwrap(), value);
            assert_eq!(e.kind, decode(raw).unwrap_err().kind);
        }
    }

    #[test]
    fn damaged_documents_are_errors_not_empty_checklists() {
        let raw = r#"{"app":"ticklist","v":2,"parts":1,"items":{"a":{"l":"main"}}}"#;
        let e = decode(raw).unwrap_err();
        assert!(matches!(e.kind, DecodeErrorKind::Invalid(_)), "{e:?}");
    }

    #[test]
    fn migrating_twice_is_migrating_once() {
        let v1 = json!({"app":"ticklist","v":1,"lists":[{"id":"main","name":"DoD",
            "items":[{"id":"a","text":"Tests","status":"done","mandatory":true},{"text":"Docs"}]}]});
        let once = migrate(v1).unwrap();
        let twice = migrate(once.clone()).unwrap();
        assert_eq!(once, twice);
        let doc = from_value(&once).unwrap().doc;
        let lists = doc.lists();
        assert_eq!(lists[0].name, "DoD");
        assert_eq!(lists[0].items[0].id, "a");
        assert!(lists[0].items[0].mandatory);
        assert_eq!(lists[0].items[1].text, "Docs");
    }

    #[test]
    fn a_version_1_part_reads_as_its_current_stored_form_does() {
        let v1 = json!({"app":"ticklist","v":1,"lists":[
            {"id":"main","name":"DoD","items":[
                {"id":"a","text":"Tests","status":"done","mandatory":true,"due":"2031-05-17"},
                {"text":"Release","header":true},
                {"text":"Docs","assignee":"u1","details":"the README"}]},
            {"name":"Second","items":[]}]});
        let direct = decode_value(&v1).unwrap();
        let through_stored_form = from_value(&migrate(v1.clone()).unwrap()).unwrap();
        assert_eq!(direct, through_stored_form);
        assert_eq!(direct.parts, 1);
        assert_eq!(direct.doc.lists().len(), 2);
        let broken = json!({"app":"ticklist","v":1});
        assert!(matches!(
            decode_value(&broken).unwrap_err().kind,
            DecodeErrorKind::Invalid(_)
        ));
    }

    #[test]
    fn part_keys_follow_the_scheme() {
        assert_eq!(part_key(0), "ticklist.checklist");
        assert_eq!(part_key(3), "ticklist.checklist.3");
    }
}
