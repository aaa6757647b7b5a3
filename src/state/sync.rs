//! One save cycle: read the stored checklist, merge the local copy into it, write the result
//! (all parts, then the summary and the issue-view status), and read again to confirm that
//! nothing written in between by someone else was lost. Jira has no compare-and-set on
//! properties, so the confirming read is what makes a save safe with two writers: if another
//! writer's PUT replaced ours, the merge of the next round puts both back.
//!
//! No timers and no UI here: the caller (see `saver.rs`) decides when to run a cycle and how to
//! back off; this module says what happened.

use crate::host::props::{self, Entity};
use crate::host::{Host, HostError};
use crate::state::load::{read_at, ReadError, StoredDoc};
use thiserror::Error;
use ticklist_core::codec::{self, DecodeError, EncodeError};
use ticklist_core::merge::{contains, merge};
use ticklist_core::status::StatusSet;
use ticklist_core::{Date, Document, Limits, Summary};

/// The issue property Jira shows as the app's issue-view status (issue context module).
pub const STATUS_KEY: &str = "com.atlassian.jira.issue:ticklist:ticklist-status:status";

/// How many read–merge–write rounds one cycle makes before giving the writer race back to the
/// caller (who will simply run another cycle).
const MAX_ROUNDS: u32 = 3;

#[derive(Clone, Debug, PartialEq)]
pub struct Synced {
    /// The stored document after the cycle (contains everything the local copy had).
    pub stored: Document,
    /// How many write rounds this cycle made (0 when there was nothing new to store).
    pub writes: u32,
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

/// What the summary and status writes depend on.
pub struct SyncConfig<'a> {
    pub statuses: &'a StatusSet,
    pub limits: &'a Limits,
    pub today: Option<Date>,
}

/// Where a document is kept: one entity, or several holding copies (global settings live on
/// every issue type, the only store Jira lets Jira admins alone write). Copies are merged on
/// read and all brought up to date on write, so a copy that missed a write catches up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub replicas: Vec<Entity>,
    /// Property key of part 0.
    pub key: &'static str,
    /// Whether the issue's summary and issue-view status are written with the document.
    pub issue_summary: bool,
}

impl Target {
    /// An issue's checklist (with its summary and status).
    pub fn issue(id: &str) -> Self {
        Self {
            replicas: vec![Entity::Issue(id.to_owned())],
            key: codec::CHECKLIST_KEY,
            issue_summary: true,
        }
    }

    /// A settings document on one or more entities.
    pub fn settings(replicas: Vec<Entity>) -> Self {
        Self {
            replicas,
            key: ticklist_core::settings::SETTINGS_KEY,
            issue_summary: false,
        }
    }
}

/// Reads every copy of a target's document (in parallel).
pub async fn read_target(host: &dyn Host, target: &Target) -> Result<Vec<StoredDoc>, ReadError> {
    let reads = target
        .replicas
        .iter()
        .map(|e| read_at(host, e.scope(), target.key));
    futures_util::future::join_all(reads)
        .await
        .into_iter()
        .collect()
}

/// The merge of every copy.
pub fn merged(copies: &[StoredDoc]) -> Document {
    copies
        .iter()
        .fold(Document::new(), |acc, c| merge(&acc, &c.doc))
}

/// Runs one save cycle for `local` on `target` and returns the stored state.
pub async fn save_cycle(
    host: &dyn Host,
    target: &Target,
    local: &Document,
    cfg: &SyncConfig<'_>,
) -> Result<Synced, SyncError> {
    let mut copies = read_target(host, target).await?;
    let mut writes = 0;
    for _ in 0..MAX_ROUNDS {
        let next = merge(&merged(&copies), local);
        // Copies that already hold everything; an empty document is never created.
        let stale: Vec<usize> = copies
            .iter()
            .enumerate()
            .filter(|(_, c)| {
                if c.exists {
                    c.doc != next
                } else {
                    next != Document::new()
                }
            })
            .map(|(i, _)| i)
            .collect();
        if stale.is_empty() {
            return Ok(Synced {
                stored: next,
                writes,
            });
        }
        for i in stale {
            write_document(host, target, &target.replicas[i], &next, &copies[i], cfg).await?;
        }
        writes += 1;
        copies = read_target(host, target).await?;
    }
    if copies.iter().all(|c| contains(&c.doc, local)) {
        Ok(Synced {
            stored: merged(&copies),
            writes,
        })
    } else {
        Err(SyncError::Contended)
    }
}

async fn write_document(
    host: &dyn Host,
    target: &Target,
    entity: &Entity,
    doc: &Document,
    before: &StoredDoc,
    cfg: &SyncConfig<'_>,
) -> Result<(), SyncError> {
    let parts = codec::encode(doc, cfg.limits)?;
    let scope = entity.scope();
    let key = |n| codec::part_key_of(target.key, n);
    // Later parts first: a reader that sees the new part 0 finds its parts already there.
    for (n, part) in parts.iter().enumerate().skip(1) {
        props::write(host, scope, &key(n), part).await?;
    }
    props::write(host, scope, target.key, &parts[0]).await?;
    // Parts the document no longer needs hold only copies of items now stored elsewhere.
    for n in parts.len()..before.parts {
        props::delete(host, scope, &key(n)).await?;
    }
    if !target.issue_summary {
        return Ok(());
    }
    let summary = Summary::of(doc, cfg.statuses, cfg.today);
    let summary_json = serde_json::to_string(&summary).expect("summary serialises");
    props::write(host, scope, codec::SUMMARY_KEY, &summary_json).await?;
    match summary.lozenge() {
        Some(v) => props::write(host, scope, STATUS_KEY, &v.to_string()).await?,
        None => props::delete(host, scope, STATUS_KEY).await?,
    }
    Ok(())
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::host::memory::MemoryHost;
    use crate::host::Method;
    use crate::state::load::read_document;
    use futures_executor::block_on;
    use ticklist_core::{Clock, NewItem};

    const ISSUE: &str = "10100";
    const PATH: &str = "/rest/api/3/issue/10100/properties/ticklist.checklist";

    fn cfg<'a>(statuses: &'a StatusSet, limits: &'a Limits) -> SyncConfig<'a> {
        SyncConfig {
            statuses,
            limits,
            today: None,
        }
    }

    fn with_items(replica: &str, texts: &[&str]) -> (Document, Clock) {
        let mut doc = Document::new();
        let mut clock = Clock::new(replica);
        let list = doc.ensure_list(&mut clock);
        for t in texts {
            doc.add_item(&mut clock, &list, &NewItem::text(*t), &Limits::default())
                .unwrap();
        }
        (doc, clock)
    }

    fn texts(doc: &Document) -> Vec<String> {
        doc.lists()
            .iter()
            .flat_map(|l| l.items.iter().map(|i| i.text.clone()))
            .collect()
    }

    #[test]
    fn a_first_save_writes_document_summary_and_status_then_confirms() {
        let (s, l) = (StatusSet::default(), Limits::default());
        let host = MemoryHost::new(ISSUE);
        let (doc, _) = with_items("a", &["one", "two"]);
        let out = block_on(save_cycle(&host, &Target::issue(ISSUE), &doc, &cfg(&s, &l))).unwrap();
        assert_eq!(out.writes, 1);
        assert_eq!(out.stored, doc);
        let store = host.store.borrow();
        assert!(store.contains_key(PATH));
        let summary: serde_json::Value =
            serde_json::from_str(&store["/rest/api/3/issue/10100/properties/ticklist.summary"])
                .unwrap();
        assert_eq!(summary["total"], 2);
        assert!(store[&format!("/rest/api/3/issue/10100/properties/{STATUS_KEY}")].contains("0/2"));
    }

    #[test]
    fn nothing_new_means_no_write_and_no_empty_property() {
        let (s, l) = (StatusSet::default(), Limits::default());
        let host = MemoryHost::new(ISSUE);
        let out = block_on(save_cycle(
            &host,
            &Target::issue(ISSUE),
            &Document::new(),
            &cfg(&s, &l),
        ))
        .unwrap();
        assert_eq!(out.writes, 0);
        assert_eq!(host.count(Method::Put, ""), 0);
        let (doc, _) = with_items("a", &["x"]);
        block_on(save_cycle(&host, &Target::issue(ISSUE), &doc, &cfg(&s, &l))).unwrap();
        let puts = host.count(Method::Put, "");
        let again = block_on(save_cycle(&host, &Target::issue(ISSUE), &doc, &cfg(&s, &l))).unwrap();
        assert_eq!(again.writes, 0);
        assert_eq!(host.count(Method::Put, ""), puts);
    }

    /// Bug this guards against: with last-write-wins properties, a writer that read before
    /// another's write and wrote after it would erase that write.
    #[test]
    fn a_racing_writer_is_not_erased_and_ours_is_not_either() {
        let (s, l) = (StatusSet::default(), Limits::default());
        let host = MemoryHost::new(ISSUE);
        let (base, _) = with_items("base", &["shared"]);
        block_on(save_cycle(
            &host,
            &Target::issue(ISSUE),
            &base,
            &cfg(&s, &l),
        ))
        .unwrap();
        // B adds an item and saves it between our read and our write.
        let mut b = base.clone();
        let mut cb = Clock::new("b");
        cb.observe(b.max_counter());
        let list = b.lists()[0].id.clone();
        b.add_item(&mut cb, &list, &NewItem::text("from B"), &l)
            .unwrap();
        let b_part = codec::encode(&b, &l).unwrap().remove(0);
        *host.before_put.borrow_mut() = Some(Box::new(move |store| {
            store.insert(PATH.into(), b_part.clone());
        }));
        let mut a = base.clone();
        let mut ca = Clock::new("a");
        ca.observe(a.max_counter());
        a.add_item(&mut ca, &list, &NewItem::text("from A"), &l)
            .unwrap();
        let out = block_on(save_cycle(&host, &Target::issue(ISSUE), &a, &cfg(&s, &l))).unwrap();
        // B's PUT landed between our read and our write, so our write replaced it. The
        // confirming read shows our own changes are stored, so A's cycle ends; B's change is
        // still in B's local copy.
        let stored = block_on(read_document(&host, ISSUE)).unwrap().doc;
        let t = texts(&stored);
        assert!(t.contains(&"from A".to_string()), "{t:?}");
        assert_eq!(out.stored, stored);
        // B's item is in the store only if B saves again: B's own next cycle restores it.
        let out_b = block_on(save_cycle(&host, &Target::issue(ISSUE), &b, &cfg(&s, &l))).unwrap();
        let t = texts(&out_b.stored);
        assert!(
            t.contains(&"from A".to_string()) && t.contains(&"from B".to_string()),
            "{t:?}"
        );
    }

    #[test]
    fn forbidden_is_read_only_and_rate_limits_carry_retry_after() {
        let (s, l) = (StatusSet::default(), Limits::default());
        let host = MemoryHost::new(ISSUE);
        let (doc, _) = with_items("a", &["x"]);
        *host.read_only.borrow_mut() = true;
        let e = block_on(save_cycle(&host, &Target::issue(ISSUE), &doc, &cfg(&s, &l))).unwrap_err();
        assert!(matches!(e, SyncError::ReadOnly(_)), "{e:?}");
        *host.read_only.borrow_mut() = false;
        host.faults.borrow_mut().push_back(HostError::Http {
            status: 429,
            message: "slow down".into(),
            retry_after: Some(3),
        });
        let e = block_on(save_cycle(&host, &Target::issue(ISSUE), &doc, &cfg(&s, &l))).unwrap_err();
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
            block_on(save_cycle(&host, &Target::issue(ISSUE), &doc, &cfg(&s, &l))),
            Err(SyncError::Transient {
                retry_after_ms: None,
                ..
            })
        ));
        // And once Jira answers again, the save goes through.
        assert_eq!(
            block_on(save_cycle(&host, &Target::issue(ISSUE), &doc, &cfg(&s, &l)))
                .unwrap()
                .writes,
            1
        );
    }

    #[test]
    fn data_we_cannot_read_is_never_written_over() {
        let (s, l) = (StatusSet::default(), Limits::default());
        let host = MemoryHost::new(ISSUE);
        host.store
            .borrow_mut()
            .insert(PATH.into(), r#"{"someone":"else"}"#.into());
        let (doc, _) = with_items("a", &["x"]);
        let e = block_on(save_cycle(&host, &Target::issue(ISSUE), &doc, &cfg(&s, &l))).unwrap_err();
        assert!(matches!(e, SyncError::Unreadable(_)));
        assert_eq!(host.count(Method::Put, ""), 0);
        assert_eq!(host.store.borrow()[PATH], r#"{"someone":"else"}"#);
    }

    #[test]
    fn a_big_checklist_is_split_and_shrinking_removes_stale_parts() {
        let (s, l) = (StatusSet::default(), Limits::default());
        let host = MemoryHost::new(ISSUE);
        let long: Vec<String> = (0..600)
            .map(|n| format!("{n:04} {}", "x".repeat(75)))
            .collect();
        let refs: Vec<&str> = long.iter().map(String::as_str).collect();
        let (mut doc, mut clock) = with_items("a", &refs);
        block_on(save_cycle(&host, &Target::issue(ISSUE), &doc, &cfg(&s, &l))).unwrap();
        let parts_before = host
            .store
            .borrow()
            .keys()
            .filter(|k| k.contains("ticklist.checklist"))
            .count();
        assert!(parts_before > 1, "{parts_before}");
        let stored = block_on(read_document(&host, ISSUE)).unwrap();
        assert_eq!(stored.doc, doc);
        let ids: Vec<ticklist_core::ItemId> =
            doc.lists()[0].items.iter().map(|i| i.id.clone()).collect();
        for id in ids.iter().skip(10) {
            doc.delete_item(&mut clock, id, 0).unwrap();
        }
        // (Tombstones are pruned only long after the delete is stored: pruning them before
        // would let the stored copy bring the items back.)
        let out = block_on(save_cycle(&host, &Target::issue(ISSUE), &doc, &cfg(&s, &l))).unwrap();
        assert_eq!(texts(&out.stored).len(), 10);
        let parts_after: Vec<String> = host
            .store
            .borrow()
            .keys()
            .filter(|k| k.contains("ticklist.checklist"))
            .cloned()
            .collect();
        assert!(parts_after.len() < parts_before, "{parts_after:?}");
        // Reading back gives exactly what was saved: stale parts are gone, not merged in.
        assert_eq!(block_on(read_document(&host, ISSUE)).unwrap().doc, doc);
    }

    #[test]
    fn settings_copies_on_every_issue_type_catch_up_and_carry_no_summary() {
        let (s, l) = (StatusSet::default(), Limits::default());
        let host = MemoryHost::new(ISSUE);
        let target = Target::settings(vec![
            Entity::IssueType("10001".into()),
            Entity::IssueType("10002".into()),
        ]);
        let (a, _) = with_items("a", &["from admin A"]);
        let out = block_on(save_cycle(&host, &target, &a, &cfg(&s, &l))).unwrap();
        assert_eq!(out.writes, 1);
        assert_eq!(host.count(Method::Put, "/properties/ticklist.settings"), 2);
        assert_eq!(host.count(Method::Put, "summary"), 0);
        // One copy is lost (an issue type created later, a failed write): the next cycle of
        // another admin, who never saw A's item, restores it there and keeps both.
        host.store
            .borrow_mut()
            .remove("/rest/api/3/issuetype/10002/properties/ticklist.settings");
        let (b, _) = with_items("b", &["from admin B"]);
        let out = block_on(save_cycle(&host, &target, &b, &cfg(&s, &l))).unwrap();
        assert_eq!(texts(&out.stored).len(), 2);
        for ty in ["10001", "10002"] {
            let copy = block_on(read_at(
                &host,
                crate::host::props::Scope::IssueType(ty),
                ticklist_core::settings::SETTINGS_KEY,
            ))
            .unwrap();
            assert_eq!(copy.doc, out.stored, "copy on {ty}");
        }
    }
}
