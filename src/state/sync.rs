//! One save cycle: read what is stored, merge the local copy into it, write the parts that
//! change (and the summary and issue-view status when they change), and read the written parts
//! back to confirm that nothing written in between by someone else was lost.
//!
//! Jira has no compare-and-set on properties: a writer that read before our write and writes
//! after it replaces our value. The confirming read is what catches that: if our value is gone,
//! the next round merges the other writer's value with ours and writes again. It reads every
//! part of the document (one request for an issue), not only those this round wrote: a stale
//! writer can put back any part, including one an earlier round of this cycle wrote and had
//! confirmed, and a cycle reports success only when the last read showed all of it.
//!
//! What a save costs (see README, "REST budget"): one read of every property the document uses
//! (a single request for an issue), the changed properties written in parallel (part 0 after the
//! parts it announces), and one read of every part to confirm. Nothing is written when the stored
//! value already equals what we would write.
//!
//! No timers and no UI here: the caller (see `saver.rs`) decides when to run a cycle and how to
//! back off; this module says what happened.

use crate::host::all::{all, all_ok, Pending};
use crate::host::props::{self, Entity};
use crate::host::{Host, HostError};
use crate::state::load::{read_at, ReadError, StoredDoc};
use serde_json::Value;
use thiserror::Error;
use ticklist_core::codec::{self, DecodeError, EncodeError};
use ticklist_core::merge::merge;
use ticklist_core::status::StatusSet;
use ticklist_core::{Date, Document, Limits, Summary};

/// The issue property Jira shows as the app's issue-view status (issue context module).
pub const STATUS_KEY: &str = "com.atlassian.jira.issue:ticklist:ticklist-status:status";

/// The properties written with an issue's checklist, read with it in the same request.
pub const ISSUE_EXTRAS: [&str; 2] = [codec::SUMMARY_KEY, STATUS_KEY];

/// How many write rounds one cycle makes before giving the writer race back to the caller (who
/// will simply run another cycle).
const MAX_ROUNDS: u32 = 3;

#[derive(Clone, Debug, PartialEq)]
pub struct Synced {
    /// The stored document after the cycle (contains everything the local copy had).
    pub stored: Document,
    /// How many write rounds this cycle made (0 when there was nothing new to store).
    pub writes: u32,
    /// How many parts the stored document has (what the next cycle expects to read).
    pub parts: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum SyncError {
    /// Jira refused the write for this user (no Edit issues permission, or revoked).
    #[error("Jira does not let you edit this issue ({0})")]
    ReadOnly(HostError),
    /// The stored value is not something we can read: it is kept, never overwritten.
    #[error(transparent)]
    Unreadable(#[from] DecodeError),
    #[error(transparent)]
    TooLarge(#[from] EncodeError),
    /// Worth retrying: 429, 5xx, network; `retry_after_ms` from Jira's Retry-After.
    #[error("{error}")]
    Transient {
        error: HostError,
        retry_after_ms: Option<u64>,
    },
    /// Someone kept writing between our write and our check; run another cycle.
    #[error("the checklist kept changing while saving")]
    Contended,
}

impl From<ReadError> for SyncError {
    fn from(e: ReadError) -> Self {
        match e {
            ReadError::Host(h) => h.into(),
            ReadError::Unreadable(d) => SyncError::Unreadable(d),
        }
    }
}

impl From<HostError> for SyncError {
    fn from(e: HostError) -> Self {
        match e.status() {
            Some(401 | 403) => SyncError::ReadOnly(e),
            _ => {
                let retry_after_ms = match &e {
                    HostError::Http {
                        retry_after: Some(s),
                        ..
                    } => Some(u64::from(*s) * 1000),
                    _ => None,
                };
                SyncError::Transient {
                    error: e,
                    retry_after_ms,
                }
            }
        }
    }
}

/// What the summary and status writes depend on, and the time pruning is judged by.
pub struct SyncConfig<'a> {
    pub statuses: &'a StatusSet,
    pub limits: &'a Limits,
    pub today: Option<Date>,
    /// Wall-clock milliseconds now.
    pub now_ms: u64,
}

/// What this replica last knew was stored: the document, when it was read, and its part count.
#[derive(Clone, Debug, PartialEq)]
pub struct Base {
    pub doc: Document,
    pub read_ms: u64,
    pub parts: usize,
}

impl Base {
    pub fn new(doc: Document, read_ms: u64, parts: usize) -> Self {
        Self {
            doc,
            read_ms,
            parts: parts.max(1),
        }
    }
}

/// Where a document is kept: one entity, or several holding copies (global settings live on
/// every issue type, the only store Jira lets Jira admins alone write). Copies are merged on
/// read and all brought up to date on write, so a copy that missed a write catches up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub replicas: Vec<Entity>,
    /// Property key of part 0.
    pub key: &'static str,
    /// Whether the issue's summary is written with the document.
    pub issue_summary: bool,
    /// Whether the issue-view status property is too (Connect shows it; Forge does not read it).
    pub status_property: bool,
}

impl Target {
    /// An issue's checklist (with its summary and status).
    pub fn issue(id: &str) -> Self {
        Self {
            replicas: vec![Entity::Issue(id.to_owned())],
            key: codec::CHECKLIST_KEY,
            issue_summary: true,
            status_property: true,
        }
    }

    /// The same, for a host that does not show the status property (Forge).
    pub fn without_status_property(mut self) -> Self {
        self.status_property = false;
        self
    }

    /// An issue's checklist as this host needs it written.
    pub fn issue_on(host: &dyn Host, id: &str) -> Self {
        let t = Self::issue(id);
        if host.shows_status_property() {
            t
        } else {
            t.without_status_property()
        }
    }

    /// A settings document on one or more entities.
    pub fn settings(replicas: Vec<Entity>) -> Self {
        Self {
            replicas,
            key: ticklist_core::settings::SETTINGS_KEY,
            issue_summary: false,
            status_property: false,
        }
    }

    fn extras(&self) -> &'static [&'static str] {
        match (self.issue_summary, self.status_property) {
            (true, true) => &ISSUE_EXTRAS,
            (true, false) => &ISSUE_EXTRAS[..1],
            _ => &[],
        }
    }
}

/// Reads every copy of a target's document (in parallel), expecting `expect` parts.
pub async fn read_target(
    host: &dyn Host,
    target: &Target,
    expect: usize,
) -> Result<Vec<StoredDoc>, ReadError> {
    let reads = target
        .replicas
        .iter()
        .map(|e| {
            Box::pin(read_at(
                host,
                e.scope(),
                target.key,
                expect,
                target.extras(),
            )) as Pending<'_, _>
        })
        .collect();
    all(reads).await.into_iter().collect()
}

/// The merge of every copy.
pub fn merged(copies: &[StoredDoc]) -> Document {
    copies
        .iter()
        .fold(Document::new(), |acc, c| merge(&acc, &c.doc))
}

/// The local copy after a cycle: what was edited meanwhile (`now`) joined with what is stored,
/// without items the store pruned since `base` was read.
pub fn catch_up(now: &Document, base: &Base, stored: &Document) -> Document {
    let mut now = now.clone();
    now.forget_pruned(&base.doc, base.read_ms, stored);
    merge(&now, stored)
}

/// Whether the store holds something neither what this replica last read (`base`) nor its own
/// edits (`local`) had: someone else saved meanwhile.
pub fn others_wrote(base: &Document, local: &Document, stored: &Document) -> bool {
    !ticklist_core::merge::contains(&merge(base, local), stored)
}

/// The values one copy should hold after this round.
struct Wanted {
    /// The document has nothing in it (never created where it does not exist yet).
    empty: bool,
    parts: Vec<Value>,
    /// (key, value); `None` deletes the property.
    extras: Vec<(String, Option<Value>)>,
}

fn wanted(target: &Target, doc: &Document, cfg: &SyncConfig<'_>) -> Result<Wanted, SyncError> {
    let parts = codec::encode(doc, cfg.limits)?
        .iter()
        .map(|p| serde_json::from_str(p).expect("the codec writes JSON"))
        .collect();
    let mut extras = Vec::new();
    if target.issue_summary {
        let summary = Summary::of(doc, cfg.statuses, cfg.today);
        let lozenge = summary.lozenge();
        extras.push((
            codec::SUMMARY_KEY.to_owned(),
            Some(serde_json::to_value(&summary).expect("summary serialises")),
        ));
        if target.status_property {
            extras.push((STATUS_KEY.to_owned(), lozenge));
        }
    }
    Ok(Wanted {
        empty: *doc == Document::new(),
        parts,
        extras,
    })
}

/// The writes that bring one copy from `have` to `want`, in the order they must land.
#[derive(Default)]
struct Plan {
    /// Parts after 0, summary and status: in parallel, first.
    first: Vec<(String, Option<Value>)>,
    /// Part 0: after the parts it announces (with `first` when it announces no changed part).
    head: Option<(String, Value)>,
    /// Parts part 0 no longer announces: deleted once part 0 is written.
    leftovers: Vec<String>,
    /// Part numbers written (for the confirming read).
    written: Vec<usize>,
}

impl Plan {
    fn is_empty(&self) -> bool {
        self.first.is_empty() && self.head.is_none() && self.leftovers.is_empty()
    }
}

fn plan(target: &Target, have: &StoredDoc, want: &Wanted) -> Plan {
    let mut p = Plan::default();
    // An empty document is never created, and neither are its summary and status.
    if !have.exists && want.empty {
        return p;
    }
    for (n, part) in want.parts.iter().enumerate() {
        if have.value(n) == Some(part) {
            continue;
        }
        let key = codec::part_key_of(target.key, n);
        p.written.push(n);
        if n == 0 {
            p.head = Some((key, part.clone()));
        } else {
            p.first.push((key, Some(part.clone())));
        }
    }
    for n in want.parts.len()..have.values.len() {
        if have.value(n).is_some() {
            p.leftovers.push(codec::part_key_of(target.key, n));
        }
    }
    for (key, value) in &want.extras {
        if have.extra(key) != value.as_ref() {
            p.first.push((key.clone(), value.clone()));
        }
    }
    p
}

async fn put_or_delete(
    host: &dyn Host,
    entity: &Entity,
    key: &str,
    value: &Option<Value>,
) -> Result<(), HostError> {
    match value {
        Some(v) => props::write(host, entity.scope(), key, &v.to_string()).await,
        None => props::delete(host, entity.scope(), key).await,
    }
}

/// Carries out one copy's plan.
async fn execute(host: &dyn Host, entity: &Entity, plan: &Plan) -> Result<(), SyncError> {
    let head = plan.head.as_ref().map(|(k, v)| (k, v.to_string()));
    let mut first: Vec<Pending<'_, Result<(), HostError>>> = plan
        .first
        .iter()
        .map(|(k, v)| Box::pin(put_or_delete(host, entity, k, v)) as Pending<'_, _>)
        .collect();
    let announces_new_part = plan.written.iter().any(|n| *n > 0);
    match &head {
        Some((k, json)) if !announces_new_part => {
            first.push(Box::pin(props::write(host, entity.scope(), k, json)));
            all_ok(first).await?;
        }
        _ => {
            all_ok(first).await?;
            if let Some((k, json)) = &head {
                props::write(host, entity.scope(), k, json).await?;
            }
        }
    }
    let leftovers = plan
        .leftovers
        .iter()
        .map(|k| Box::pin(props::delete(host, entity.scope(), k)) as Pending<'_, _>)
        .collect();
    all_ok(leftovers).await?;
    Ok(())
}

/// Runs one save cycle for `local` on `target` and returns the stored state.
pub async fn save_cycle(
    host: &dyn Host,
    target: &Target,
    local: &Document,
    base: &Base,
    cfg: &SyncConfig<'_>,
) -> Result<Synced, SyncError> {
    let mut copies = read_target(host, target, base.parts).await?;
    let mut local = local.clone();
    for c in &copies {
        local.forget_pruned(&base.doc, base.read_ms, &c.doc);
    }
    let mut writes = 0;
    loop {
        let mut next = merge(&merged(&copies), &local);
        next.prune_tombstones(cfg.now_ms);
        let want = wanted(target, &next, cfg)?;
        let plans: Vec<Plan> = copies.iter().map(|c| plan(target, c, &want)).collect();
        if plans.iter().all(Plan::is_empty) {
            return Ok(Synced {
                stored: next,
                writes,
                parts: want.parts.len(),
            });
        }
        if writes == MAX_ROUNDS {
            return Err(SyncError::Contended);
        }
        writes += 1;
        let rounds = copies
            .iter_mut()
            .zip(&plans)
            .zip(&target.replicas)
            .map(|((have, plan), entity)| {
                Box::pin(round(host, target, entity, plan, &want, have)) as Pending<'_, _>
            })
            .collect();
        all_ok(rounds).await?;
    }
}

/// Writes one copy's plan, then reads back all its parts: what the copy holds now.
async fn round(
    host: &dyn Host,
    target: &Target,
    entity: &Entity,
    plan: &Plan,
    want: &Wanted,
    have: &mut StoredDoc,
) -> Result<(), SyncError> {
    if !plan.is_empty() {
        execute(host, entity, plan).await?;
    }
    // The summary and status are derived from the document: assume they landed as sent.
    for (key, value) in &want.extras {
        if let Some(slot) = have.extras.iter_mut().find(|(k, _)| k == key) {
            slot.1 = value.clone();
        }
    }
    // Every part, not only those written now: a stale writer may put back any part, including
    // one this cycle wrote and confirmed in an earlier round.
    let keys: Vec<String> = (0..want.parts.len())
        .map(|n| codec::part_key_of(target.key, n))
        .collect();
    have.values = props::read_many(host, entity.scope(), &keys).await?;
    have.decode()?;
    Ok(())
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::host::memory::MemoryHost;
    use crate::host::Method;
    use crate::state::load::read_document;
    use futures_executor::block_on;
    use ticklist_core::merge::contains;
    use ticklist_core::{Clock, NewItem};

    const ISSUE: &str = "10100";
    const PATH: &str = "/rest/api/3/issue/10100/properties/ticklist.checklist";
    const SUMMARY: &str = "/rest/api/3/issue/10100/properties/ticklist.summary";

    fn cfg<'a>(statuses: &'a StatusSet, limits: &'a Limits) -> SyncConfig<'a> {
        SyncConfig {
            statuses,
            limits,
            today: None,
            now_ms: 0,
        }
    }

    /// A panel's saving as the saver does it: the base follows every cycle.
    struct Replica {
        doc: Document,
        clock: Clock,
        base: Base,
    }

    impl Replica {
        fn new(name: &str, doc: Document) -> Self {
            let mut clock = Clock::new(name);
            clock.observe(doc.max_counter());
            Self {
                base: Base::new(doc.clone(), 0, 1),
                doc,
                clock,
            }
        }

        fn save(&mut self, host: &MemoryHost, target: &Target) -> Result<Synced, SyncError> {
            let (s, l) = (StatusSet::default(), Limits::default());
            let out = block_on(save_cycle(
                host,
                target,
                &self.doc,
                &self.base,
                &cfg(&s, &l),
            ))?;
            self.doc = catch_up(&self.doc, &self.base, &out.stored);
            self.clock.observe(self.doc.max_counter());
            self.base = Base::new(out.stored.clone(), 0, out.parts);
            Ok(out)
        }

        fn add(&mut self, text: &str) -> ticklist_core::ItemId {
            let list = self.doc.ensure_list(&mut self.clock);
            self.doc
                .add_item(
                    &mut self.clock,
                    &list,
                    &NewItem::text(text),
                    &Limits::default(),
                )
                .unwrap()
        }
    }

    fn with_items(replica: &str, texts: &[&str]) -> Replica {
        let mut r = Replica::new(replica, Document::new());
        for t in texts {
            r.add(t);
        }
        r
    }

    fn texts(doc: &Document) -> Vec<String> {
        doc.lists()
            .iter()
            .flat_map(|l| l.items.iter().map(|i| i.text.clone()))
            .collect()
    }

    fn stored(host: &MemoryHost) -> Document {
        block_on(read_document(host, ISSUE)).unwrap().doc
    }

    fn calls(host: &MemoryHost) -> (usize, usize) {
        (host.count(Method::Get, ""), host.count(Method::Put, ""))
    }

    #[test]
    fn a_first_save_writes_document_summary_and_status_in_one_wave_then_confirms() {
        let host = MemoryHost::new(ISSUE);
        let mut a = with_items("a", &["one", "two"]);
        let out = a.save(&host, &Target::issue(ISSUE)).unwrap();
        assert_eq!(out.writes, 1);
        assert_eq!(out.stored, a.doc);
        let log = host.log.borrow().clone();
        // One read of all three properties, three writes, one confirming read of the part.
        assert_eq!(
            log.iter().map(|l| &l[..4]).collect::<Vec<_>>(),
            ["GET ", "PUT ", "PUT ", "PUT ", "GET "],
            "{log:?}"
        );
        assert!(
            log[0].contains("?fields=issuetype&properties=ticklist.checklist,ticklist.summary,")
        );
        assert_eq!(log[4], format!("GET {PATH}"));
        let store = host.store.borrow();
        let summary: serde_json::Value = serde_json::from_str(&store[SUMMARY]).unwrap();
        assert_eq!(summary["total"], 2);
        assert!(store[&format!("/rest/api/3/issue/10100/properties/{STATUS_KEY}")].contains("0/2"));
    }

    #[test]
    fn another_writer_is_noticed_and_our_own_saves_are_not() {
        let host = MemoryHost::new(ISSUE);
        let mut a = with_items("a", &["one"]);
        let base = a.base.doc.clone();
        let out = a.save(&host, &Target::issue(ISSUE)).unwrap();
        assert!(!others_wrote(&base, &a.doc, &out.stored));
        let mut b = Replica::new("b", out.stored.clone());
        b.add("from B");
        b.save(&host, &Target::issue(ISSUE)).unwrap();
        let (base, local) = (a.base.doc.clone(), a.doc.clone());
        let out = a.save(&host, &Target::issue(ISSUE)).unwrap();
        assert!(others_wrote(&base, &local, &out.stored));
    }

    #[test]
    fn nothing_new_means_no_write_and_no_empty_property() {
        let host = MemoryHost::new(ISSUE);
        let mut empty = Replica::new("e", Document::new());
        let out = empty.save(&host, &Target::issue(ISSUE)).unwrap();
        assert_eq!(out.writes, 0);
        assert_eq!(calls(&host), (1, 0));
        let mut a = with_items("a", &["x"]);
        a.save(&host, &Target::issue(ISSUE)).unwrap();
        let puts = host.count(Method::Put, "");
        let again = a.save(&host, &Target::issue(ISSUE)).unwrap();
        assert_eq!(again.writes, 0);
        assert_eq!(host.count(Method::Put, ""), puts);
    }

    #[test]
    fn an_unchanged_summary_and_status_are_not_written() {
        let host = MemoryHost::new(ISSUE);
        let mut a = with_items("a", &["one", "two"]);
        a.save(&host, &Target::issue(ISSUE)).unwrap();
        host.log.borrow_mut().clear();
        // A new text changes neither the counts nor the lozenge.
        let id = a.doc.lists()[0].items[0].id.clone();
        a.doc
            .edit_text(&mut a.clock, &id, "one, reworded", &Limits::default())
            .unwrap();
        a.save(&host, &Target::issue(ISSUE)).unwrap();
        assert_eq!(host.count(Method::Put, ""), 1, "{:?}", host.log.borrow());
        assert_eq!(host.count(Method::Put, "ticklist.checklist"), 1);
        // A toggle changes both.
        host.log.borrow_mut().clear();
        a.doc
            .toggle(&mut a.clock, &id, &StatusSet::default())
            .unwrap();
        a.save(&host, &Target::issue(ISSUE)).unwrap();
        assert_eq!(calls(&host), (2, 3), "{:?}", host.log.borrow());
    }

    fn big(replica: &str, n: usize) -> Replica {
        let long: Vec<String> = (0..n)
            .map(|i| format!("{i:04} {}", "x".repeat(140)))
            .collect();
        let refs: Vec<&str> = long.iter().map(String::as_str).collect();
        with_items(replica, &refs)
    }

    #[test]
    fn a_toggle_in_a_big_checklist_writes_one_part_and_reads_twice() {
        let host = MemoryHost::new(ISSUE);
        let mut a = big("a", 2_000);
        let first = a.save(&host, &Target::issue(ISSUE)).unwrap();
        assert!(first.parts > 5, "{}", first.parts);
        host.log.borrow_mut().clear();
        let id = a.doc.lists()[0].items[1_000].id.clone();
        a.doc
            .toggle(&mut a.clock, &id, &StatusSet::default())
            .unwrap();
        a.save(&host, &Target::issue(ISSUE)).unwrap();
        let log = host.log.borrow().clone();
        // The item's part, the summary and the status; one read before, one after.
        assert_eq!(calls(&host), (2, 3), "{log:?}");
        assert_eq!(host.count(Method::Put, "ticklist.checklist"), 1, "{log:?}");
        // Every part came in the one request before the write.
        assert!(log[0].contains(&format!("ticklist.checklist.{}", first.parts - 1)));
        assert_eq!(stored(&host), a.doc);
    }

    /// Forge shows the lozenge from its function, not from the status property: a save there
    /// neither reads nor writes it (one PUT less).
    #[test]
    fn without_the_status_property_a_save_writes_document_and_summary_only() {
        let host = MemoryHost::new(ISSUE);
        let mut a = with_items("a", &["one", "two"]);
        a.save(&host, &Target::issue(ISSUE).without_status_property())
            .unwrap();
        let log = host.log.borrow().clone();
        assert_eq!(calls(&host), (2, 2), "{log:?}");
        assert!(log.iter().all(|l| !l.contains(STATUS_KEY)), "{log:?}");
        assert!(host.store.borrow().contains_key(SUMMARY));
    }

    /// Bug this guards against (found by `acknowledged`): the confirming read covered only the
    /// parts the last round wrote, so a part written and confirmed in round one and put back by
    /// a stale writer during round two was reported saved.
    #[test]
    fn a_part_put_back_after_its_round_is_written_again() {
        let host = MemoryHost::new(ISSUE);
        let mut a = big("a", 450);
        assert!(a.save(&host, &Target::issue(ISSUE)).unwrap().parts >= 2);
        let old = host.store.borrow().clone();
        let part = |n: usize| {
            format!(
                "/rest/api/3/issue/{ISSUE}/properties/{}",
                codec::part_key_of(codec::CHECKLIST_KEY, n)
            )
        };
        let ids: Vec<_> = a.doc.lists()[0]
            .items
            .iter()
            .map(|i| i.id.clone())
            .collect();
        for id in &ids {
            a.doc
                .toggle(&mut a.clock, id, &StatusSet::default())
                .unwrap();
        }
        let (p0, p1) = (part(0), part(1));
        // Round one writes; its confirm finds part 1 put back; round two rewrites part 1 alone
        // and, while it does, part 0 (confirmed in round one) is put back too.
        let mut stage = 0;
        *host.on_request.borrow_mut() = Some(Box::new(move |method, path, store| {
            let back = |store: &mut std::collections::BTreeMap<String, String>, key: &String| {
                store.insert(key.clone(), old[key].clone());
            };
            match (stage, method) {
                (0, Method::Put) if path.contains("ticklist.checklist") => stage = 1,
                (1, Method::Get) => {
                    back(store, &p1);
                    stage = 2;
                }
                (2, Method::Put) if path == p1 => {
                    back(store, &p0);
                    stage = 3;
                }
                _ => {}
            }
        }));
        let out = a.save(&host, &Target::issue(ISSUE)).unwrap();
        assert!(out.writes >= 3, "{}", out.writes);
        assert_eq!(stored(&host), a.doc);
    }

    #[test]
    fn a_reader_expecting_fewer_parts_fetches_the_rest_in_a_second_request() {
        let host = MemoryHost::new(ISSUE);
        let mut a = big("a", 600);
        a.save(&host, &Target::issue(ISSUE)).unwrap();
        host.log.borrow_mut().clear();
        let doc = block_on(read_document(&host, ISSUE)).unwrap();
        assert!(doc.parts > 1);
        assert_eq!(host.count(Method::Get, ""), 2);
        assert_eq!(doc.doc, a.doc);
    }

    /// A stored checklist, and B, who added an item to it: B's replica and the part it writes.
    fn a_base_and_b_adding(host: &MemoryHost) -> (Replica, Replica, String) {
        let mut base = with_items("base", &["shared"]);
        base.save(host, &Target::issue(ISSUE)).unwrap();
        let mut b = Replica::new("b", base.doc.clone());
        b.add("from B");
        let b_part = codec::encode(&b.doc, &Limits::default()).unwrap().remove(0);
        (base, b, b_part)
    }

    /// Bug this guards against: with last-write-wins properties, a writer that read before
    /// another's write and wrote after it would erase that write.
    #[test]
    fn a_racing_writer_is_not_erased_and_ours_is_not_either() {
        let host = MemoryHost::new(ISSUE);
        let (base, mut b, b_part) = a_base_and_b_adding(&host);
        // B's PUT lands between our read and our write.
        *host.before_put.borrow_mut() = Some(Box::new(move |store| {
            store.insert(PATH.into(), b_part.clone());
        }));
        let mut a = Replica::new("a", base.doc.clone());
        a.add("from A");
        let out = a.save(&host, &Target::issue(ISSUE)).unwrap();
        let t = texts(&stored(&host));
        assert!(t.contains(&"from A".to_string()), "{t:?}");
        assert_eq!(out.stored, stored(&host));
        // B's own next cycle puts B's item back next to A's.
        b.save(&host, &Target::issue(ISSUE)).unwrap();
        let t = texts(&stored(&host));
        assert!(
            t.contains(&"from A".into()) && t.contains(&"from B".into()),
            "{t:?}"
        );
    }

    /// Bug this guards against: a big checklist is read in two requests (part 0, then the parts
    /// it announces). A writer that put back an older part 0 between them went unnoticed by a
    /// save with nothing new to write, which reported as stored items part 0 no longer held.
    #[test]
    fn a_part_put_back_between_the_two_reads_of_a_big_checklist_is_written_again() {
        let host = MemoryHost::new(ISSUE);
        let mut a = big("a", 600);
        a.save(&host, &Target::issue(ISSUE)).unwrap();
        let old_head = host.store.borrow()[PATH].clone();
        let mut n = 0;
        while host.store.borrow()[PATH] == old_head {
            a.add(&format!("late {n}"));
            a.save(&host, &Target::issue(ISSUE)).unwrap();
            n += 1;
        }
        // A panel opened now (it expects one part) saves while the stale writer strikes
        // between its two reads.
        let mut b = Replica::new("b", stored(&host));
        assert!(stored(&host).items.len() > a.doc.items.len() - 1);
        let mut count = 0;
        *host.on_request.borrow_mut() = Some(Box::new(move |_, _, store| {
            count += 1;
            if count == 2 {
                store.insert(PATH.into(), old_head.clone());
            }
        }));
        let out = b.save(&host, &Target::issue(ISSUE)).unwrap();
        assert!(out.writes >= 1, "{:?}", host.log.borrow());
        assert!(contains(&stored(&host), &b.doc));
        assert!(contains(&stored(&host), &a.doc));
    }

    /// The confirming read: a writer whose write lands after ours (it read before ours landed)
    /// replaces our value; the read after our write sees that, and the next round writes both.
    #[test]
    fn a_write_replaced_before_the_confirming_read_is_written_again() {
        let host = MemoryHost::new(ISSUE);
        let (base, _b, b_part) = a_base_and_b_adding(&host);
        let (mut armed, mut fired) = (false, false);
        *host.on_request.borrow_mut() = Some(Box::new(move |method, path, store| {
            if method == Method::Put && path == PATH {
                armed = true;
            } else if armed && !fired && method == Method::Get {
                fired = true;
                store.insert(PATH.into(), b_part.clone());
            }
        }));
        let mut a = Replica::new("a", base.doc.clone());
        a.add("from A");
        let out = a.save(&host, &Target::issue(ISSUE)).unwrap();
        assert_eq!(out.writes, 2, "{:?}", host.log.borrow());
        let t = texts(&stored(&host));
        assert!(
            t.contains(&"from A".into()) && t.contains(&"from B".into()),
            "{t:?}"
        );
    }

    #[test]
    fn forbidden_is_read_only_and_rate_limits_carry_retry_after() {
        let host = MemoryHost::new(ISSUE);
        let mut a = with_items("a", &["x"]);
        *host.read_only.borrow_mut() = true;
        let e = a.save(&host, &Target::issue(ISSUE)).unwrap_err();
        assert!(matches!(e, SyncError::ReadOnly(_)), "{e:?}");
        *host.read_only.borrow_mut() = false;
        host.faults.borrow_mut().push_back(HostError::Http {
            status: 429,
            message: "slow down".into(),
            retry_after: Some(3),
        });
        let e = a.save(&host, &Target::issue(ISSUE)).unwrap_err();
        assert_eq!(
            e,
            SyncError::Transient {
                error: HostError::Http {
                    status: 429,
                    message: "slow down".into(),
                    retry_after: Some(3)
                },
                retry_after_ms: Some(3_000)
            }
        );
        host.faults
            .borrow_mut()
            .push_back(HostError::Network("offline".into()));
        assert!(matches!(
            a.save(&host, &Target::issue(ISSUE)),
            Err(SyncError::Transient {
                retry_after_ms: None,
                ..
            })
        ));
        // And once Jira answers again, the save goes through.
        assert_eq!(a.save(&host, &Target::issue(ISSUE)).unwrap().writes, 1);
    }

    #[test]
    fn data_we_cannot_read_is_never_written_over() {
        let host = MemoryHost::new(ISSUE);
        host.store
            .borrow_mut()
            .insert(PATH.into(), r#"{"someone":"else"}"#.into());
        let mut a = with_items("a", &["x"]);
        let e = a.save(&host, &Target::issue(ISSUE)).unwrap_err();
        assert!(matches!(e, SyncError::Unreadable(_)));
        assert_eq!(host.count(Method::Put, ""), 0);
        assert_eq!(host.store.borrow()[PATH], r#"{"someone":"else"}"#);
    }

    #[test]
    fn a_big_checklist_is_split_and_shrinking_removes_stale_parts() {
        let host = MemoryHost::new(ISSUE);
        let mut a = big("a", 600);
        a.save(&host, &Target::issue(ISSUE)).unwrap();
        let parts = |host: &MemoryHost| {
            host.store
                .borrow()
                .keys()
                .filter(|k| k.contains("ticklist.checklist"))
                .count()
        };
        let parts_before = parts(&host);
        assert!(parts_before > 1, "{parts_before}");
        assert_eq!(stored(&host), a.doc);
        let ids: Vec<ticklist_core::ItemId> = a.doc.lists()[0]
            .items
            .iter()
            .map(|i| i.id.clone())
            .collect();
        for id in ids.iter().skip(10) {
            a.doc.delete_item(&mut a.clock, id, 0).unwrap();
        }
        let out = a.save(&host, &Target::issue(ISSUE)).unwrap();
        assert_eq!(texts(&out.stored).len(), 10);
        assert!(parts(&host) < parts_before);
        // Reading back gives exactly what was saved: stale parts are gone, not merged in.
        assert_eq!(stored(&host), a.doc);
    }

    #[test]
    fn old_tombstones_are_pruned_on_write_and_stay_gone() {
        const DAY: u64 = 24 * 60 * 60 * 1000;
        let (s, l) = (StatusSet::default(), Limits::default());
        let host = MemoryHost::new(ISSUE);
        let mut a = with_items("a", &["keep", "drop"]);
        a.save(&host, &Target::issue(ISSUE)).unwrap();
        // B read the checklist before the delete and comes back much later.
        let mut b = Replica::new("b", a.doc.clone());
        let id = a.doc.lists()[0].items[1].id.clone();
        a.doc.delete_item(&mut a.clock, &id, 100 * DAY).unwrap();
        a.save(&host, &Target::issue(ISSUE)).unwrap();
        assert!(
            host.store.borrow()[PATH].contains(r#""x":"#),
            "tombstone kept at first"
        );
        let later = SyncConfig {
            now_ms: 110 * DAY,
            ..cfg(&s, &l)
        };
        a.add("another");
        block_on(save_cycle(
            &host,
            &Target::issue(ISSUE),
            &a.doc,
            &a.base,
            &later,
        ))
        .unwrap();
        let raw = host.store.borrow()[PATH].clone();
        assert!(!raw.contains(r#""x":"#), "{raw}");
        assert!(raw.contains("pruned"), "{raw}");
        b.add("from B");
        b.save(&host, &Target::issue(ISSUE)).unwrap();
        let t = texts(&stored(&host));
        assert!(!t.contains(&"drop".to_string()), "{t:?}");
        assert!(t.contains(&"from B".to_string()) && t.contains(&"keep".to_string()));
    }

    #[test]
    fn settings_copies_on_every_issue_type_catch_up_and_carry_no_summary() {
        let host = MemoryHost::new(ISSUE);
        let target = Target::settings(vec![
            Entity::IssueType("10001".into()),
            Entity::IssueType("10002".into()),
        ]);
        let mut a = with_items("a", &["from admin A"]);
        let out = a.save(&host, &target).unwrap();
        assert_eq!(out.writes, 1);
        assert_eq!(host.count(Method::Put, "/properties/ticklist.settings"), 2);
        assert_eq!(host.count(Method::Put, "summary"), 0);
        // One copy is lost (an issue type created later, a failed write): the next cycle of
        // another admin, who never saw A's item, restores it there, keeps both, and leaves
        // alone the copy that needs nothing.
        host.store
            .borrow_mut()
            .remove("/rest/api/3/issuetype/10002/properties/ticklist.settings");
        let mut b = with_items("b", &["from admin B"]);
        host.log.borrow_mut().clear();
        let out = b.save(&host, &target).unwrap();
        assert_eq!(texts(&out.stored).len(), 2);
        for ty in ["10001", "10002"] {
            let copy = block_on(read_at(
                &host,
                crate::host::props::Scope::IssueType(ty),
                ticklist_core::settings::SETTINGS_KEY,
                1,
                &[],
            ))
            .unwrap();
            assert_eq!(copy.doc, out.stored, "copy on {ty}");
        }
        host.log.borrow_mut().clear();
        a.save(&host, &target).unwrap();
        assert_eq!(host.count(Method::Put, ""), 0, "{:?}", host.log.borrow());
    }

    mod acknowledged {
        //! The guarantee the cheaper confirm must keep: whenever a save cycle reports success,
        //! the store holds everything the replica had, even when other writers replace
        //! properties with what they read earlier at any moment of the cycle.
        use super::*;
        use proptest::prelude::*;
        use std::cell::RefCell;
        use std::collections::BTreeMap;
        use std::rc::Rc;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(64))]
            #[test]
            fn a_save_that_reports_success_is_stored(
                big_doc in any::<bool>(),
                steps in prop::collection::vec((0usize..3, 0u8..3, any::<prop::sample::Index>()), 1..20),
                interfere in prop::collection::vec(any::<prop::sample::Index>(), 0..4),
            ) {
                let host = MemoryHost::new(ISSUE);
                let mut seed = if big_doc { big("seed", 450) } else { with_items("seed", &["a", "b"]) };
                seed.save(&host, &Target::issue(ISSUE)).unwrap();
                let mut replicas: Vec<Replica> = ["p", "q", "r"]
                    .iter()
                    .map(|n| Replica::new(n, seed.doc.clone()))
                    .collect();
                // Snapshots of the store: what a slow writer read and will write back.
                let history: Rc<RefCell<Vec<BTreeMap<String, String>>>> =
                    Rc::new(RefCell::new(vec![host.store.borrow().clone()]));
                let plan: Rc<RefCell<Vec<usize>>> = Rc::new(RefCell::new(Vec::new()));
                let (h, p) = (history.clone(), plan.clone());
                // Numbered like the request log, which already holds the seed's save.
                let mut n = host.log.borrow().len();
                *host.on_request.borrow_mut() = Some(Box::new(move |_, _, store| {
                    n += 1;
                    if p.borrow().contains(&n) {
                        // A stale writer: one part goes back to an older value, landing while
                        // this cycle's requests are answered (between our writes, or between
                        // our writes and our confirming read).
                        let hist = h.borrow();
                        let old = &hist[n % hist.len()];
                        let parts: Vec<String> = store
                            .keys()
                            .filter(|k| k.contains("ticklist.checklist"))
                            .cloned()
                            .collect();
                        let key = (!parts.is_empty()).then(|| parts[n % parts.len()].clone());
                        if let Some(key) = key {
                            match old.get(&key) {
                                Some(v) => { store.insert(key, v.clone()); }
                                None => { store.remove(&key); }
                            }
                        }
                    }
                }));
                for (i, (r, kind, pick)) in steps.into_iter().enumerate() {
                    let rep = &mut replicas[r];
                    match kind {
                        0 => { rep.add(&format!("{r}-{i}")); }
                        1 => {
                            let items: Vec<_> = rep.doc.lists().into_iter().flat_map(|l| l.items).collect();
                            if !items.is_empty() {
                                let id = pick.get(&items).id.clone();
                                rep.doc.toggle(&mut rep.clock, &id, &StatusSet::default()).ok();
                            }
                        }
                        _ => {
                            // Interfere during this cycle at some of its requests.
                            let start = host.log.borrow().len();
                            *plan.borrow_mut() = interfere.iter().map(|x| start + 1 + x.index(8)).collect();
                            match rep.save(&host, &Target::issue(ISSUE)) {
                                Ok(out) => {
                                    plan.borrow_mut().clear();
                                    let now = stored(&host);
                                    prop_assert!(contains(&now, &rep.doc), "acknowledged but not stored");
                                    prop_assert_eq!(now, out.stored);
                                }
                                Err(SyncError::Contended) => {}
                                Err(e) => prop_assert!(false, "{e}"),
                            }
                            plan.borrow_mut().clear();
                            history.borrow_mut().push(host.store.borrow().clone());
                        }
                    }
                }
            }
        }
    }
}
