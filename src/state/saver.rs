//! The issue panel's state: the local document (edited optimistically), and the background
//! saving that keeps it in Jira. Bursts of edits coalesce into one save cycle; failures back off
//! and retry (honouring Retry-After); 403 turns the panel read-only without dropping the user's
//! edits; data we cannot read is never written over.

use crate::host::Host;
use crate::state::deferred::run_saver;
use crate::state::sync::{catch_up, others_wrote, save_cycle, Base, SyncConfig, SyncError, Target};
use crate::state::time::{now_ms, today};
use leptos::prelude::*;
use std::rc::Rc;
use std::time::Duration;
use ticklist_core::status::StatusSet;
use ticklist_core::{Clock, Document, Limits, OpError};

/// What the save indicator shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveStatus {
    Saved,
    Saving,
    /// Will retry by itself (and at once when the network is back); `reason` is for the
    /// tooltip. The Retry button shows.
    Retrying {
        reason: String,
        offline: bool,
    },
    /// Gave up retrying; the Retry button starts again. Edits are kept.
    Failed(String),
    /// Jira refuses our writes (the reason is Jira's); edits made so far are kept on screen.
    ReadOnly(String),
}

/// Quiet time after the last edit before a save cycle starts: a burst of edits is one write.
pub const DEBOUNCE: Duration = Duration::from_millis(350);
/// Stop retrying by the clock after this many failed cycles in a row; the Retry button, a new
/// edit, and the browser saying the network is back still start another.
const MAX_ATTEMPTS: u32 = 8;

fn backoff_ms(attempt: u32) -> u64 {
    (500u64 << attempt.min(6)).min(30_000)
}

/// Everything the panel edits and shows. Cheap to copy (arena handles).
#[derive(Clone, Copy)]
pub struct Saver {
    pub doc: RwSignal<Document>,
    pub status: RwSignal<SaveStatus>,
    /// Local edits not yet confirmed stored.
    pub dirty: RwSignal<bool>,
    pub can_edit: RwSignal<bool>,
    clock: StoredValue<Clock, LocalStorage>,
    host: StoredValue<Rc<dyn Host>, LocalStorage>,
    target: StoredValue<Target>,
    statuses: StoredValue<StatusSet>,
    limits: StoredValue<Limits>,
    /// What this replica last knew was stored (see `sync::Base`).
    base: StoredValue<Base>,
    running: StoredValue<bool>,
    again: StoredValue<bool>,
    attempt: StoredValue<u32>,
    /// Jira's Retry-After: no request before this wall-clock time (ms).
    not_before: StoredValue<u64>,
    timer: StoredValue<Option<TimeoutHandle>, LocalStorage>,
    /// A timed start is waiting (the edit debounce or a backoff): a cycle that ends with
    /// unsaved edits leaves them to it instead of starting another at once.
    timer_pending: StoredValue<bool>,
    /// This tab's replica id: the word it announces its saves with.
    replica: StoredValue<String>,
    /// When this tab last announced a save (ms): at most one a second, inside Forge's
    /// 50 Realtime operations per installation per second.
    announced_ms: StoredValue<u64>,
    announce_queued: StoredValue<bool>,
    /// When a read last showed someone else's save (ms; 0: never).
    pub others_seen_ms: StoredValue<u64>,
}

impl Saver {
    pub fn new(
        host: Rc<dyn Host>,
        target: Target,
        base: Base,
        replica: &str,
        can_edit: bool,
        statuses: StatusSet,
        limits: Limits,
    ) -> Self {
        let mut clock = Clock::new(replica);
        clock.observe(base.doc.max_counter());
        Self {
            doc: RwSignal::new(base.doc.clone()),
            status: RwSignal::new(SaveStatus::Saved),
            dirty: RwSignal::new(false),
            can_edit: RwSignal::new(can_edit),
            clock: StoredValue::new_local(clock),
            host: StoredValue::new_local(host),
            target: StoredValue::new(target),
            statuses: StoredValue::new(statuses),
            limits: StoredValue::new(limits),
            base: StoredValue::new(base),
            running: StoredValue::new(false),
            again: StoredValue::new(false),
            attempt: StoredValue::new(0),
            not_before: StoredValue::new(0),
            timer: StoredValue::new_local(None),
            timer_pending: StoredValue::new(false),
            replica: StoredValue::new(replica.to_owned()),
            announced_ms: StoredValue::new(0),
            announce_queued: StoredValue::new(false),
            others_seen_ms: StoredValue::new(0),
        }
    }

    /// Whose edits these are: every write is stamped with the account and the minute.
    pub fn set_author(&self, account: Option<&str>) {
        if let Some(account) = account {
            self.clock.update_value(|c| c.set_author(account));
        }
    }

    /// The host, while the page lives.
    pub fn host(&self) -> Option<Rc<dyn Host>> {
        self.host.try_get_value()
    }

    pub fn statuses(&self) -> StatusSet {
        self.statuses.get_value()
    }

    pub fn limits(&self) -> Limits {
        self.limits.get_value()
    }

    /// Applies an edit to the local document at once and schedules a save. A refused edit
    /// changes nothing and is returned for the UI to explain.
    pub fn edit<T>(
        &self,
        f: impl FnOnce(&mut Document, &mut Clock) -> Result<T, OpError>,
    ) -> Result<T, OpError> {
        if !self.can_edit.get_untracked() {
            return Err(OpError::ReadOnly);
        }
        // In place, no copy of the document: core operations change nothing when they fail.
        let mut clock = self.clock.get_value();
        clock.set_time_ms(crate::state::time::now_ms());
        let out = self
            .doc
            .try_update_untracked(|doc| f(doc, &mut clock))
            .unwrap_or(Err(OpError::ReadOnly))?;
        self.clock.set_value(clock);
        self.doc.notify();
        self.mark_unsaved();
        // An edit after a failure is also a retry: it replaces the backoff timer.
        self.schedule_save();
        Ok(out)
    }

    /// Something waits to be saved: "Saved" must never show meanwhile, and after the retries
    /// gave up, they start afresh.
    fn mark_unsaved(&self) {
        self.dirty.set(true);
        match self.status.get_untracked() {
            SaveStatus::Retrying { .. } => {}
            SaveStatus::Failed(_) => self.attempt.set_value(0),
            _ => self.status.set(SaveStatus::Saving),
        }
    }

    /// A save cycle after the edit debounce (Jira's Retry-After still holds).
    fn schedule_save(&self) {
        let wait = self.not_before.get_value().saturating_sub(now_ms());
        self.schedule(DEBOUNCE.max(Duration::from_millis(wait)));
    }

    /// Edits wait for the editing code (`Editor::dispatch`): they count as unsaved until it is
    /// in and they are applied, and a save cycle, which fetches that code first, is scheduled
    /// like an edit's.
    pub fn wait_for_code(&self) {
        if !self.can_edit.get_untracked() {
            return;
        }
        self.mark_unsaved();
        if !self.timer_pending.get_value() {
            self.schedule_save();
        }
    }

    /// This tab's replica id (its saves' announcements carry it).
    pub fn replica(&self) -> String {
        self.replica.get_value()
    }

    /// Tells the other panels of this issue that a save changed what is stored: at once, or,
    /// within a second of the last announcement, once when that second is over.
    fn announce(&self, host: &dyn Host) {
        let wait = (self.announced_ms.get_value() + 1_000).saturating_sub(now_ms());
        if wait == 0 {
            self.announced_ms.set_value(now_ms());
            host.announce_change(&self.replica.get_value());
        } else if !self.announce_queued.get_value() {
            self.announce_queued.set_value(true);
            let this = *self;
            set_timeout(
                move || {
                    this.announce_queued.try_set_value(false);
                    if let Some(host) = this.host.try_get_value() {
                        this.announce(host.as_ref());
                    }
                },
                Duration::from_millis(wait),
            );
        }
    }

    /// Takes edits kept from an earlier visit (see `unsaved.rs`), already merged with what is
    /// stored, as local edits to save now.
    pub fn recover(&self, doc: Document) {
        self.clock.update_value(|c| c.observe(doc.max_counter()));
        self.doc.set(doc);
        self.dirty.set(true);
        self.status.set(SaveStatus::Saving);
        self.schedule(Duration::ZERO);
    }

    /// Reads the stored copy and merges it in now (Jira's issue-changed event). Writes only if
    /// there is something local to store.
    pub fn refresh(&self) {
        self.start();
    }

    /// A re-read when what this replica last read is older than `age` (coming back to the
    /// tab, the periodic check): each read spends the customer's rate limit.
    pub fn refresh_if_older_than(&self, age: Duration) {
        let read = self.base.with_value(|b| b.read_ms);
        if now_ms().saturating_sub(read) >= age.as_millis() as u64 {
            self.start();
        }
    }

    /// A re-read after the debounce (coming back to the panel): if an edit follows at once,
    /// its own save cycle does the reading and this costs nothing extra.
    pub fn refresh_soon(&self) {
        if !self.timer_pending.get_value() {
            self.schedule(DEBOUNCE);
        }
    }

    /// The Retry button: start again now, with a fresh backoff.
    pub fn retry_now(&self) {
        self.attempt.set_value(0);
        self.not_before.set_value(0);
        self.start();
    }

    /// The browser says the network is back, or the tab is in front again: if something is
    /// waiting to be saved, try now instead of at the end of the backoff (Jira's Retry-After
    /// still holds).
    pub fn nudge(&self) {
        if !self.dirty.get_untracked() || !self.can_edit.get_untracked() {
            return;
        }
        if matches!(self.status.get_untracked(), SaveStatus::Failed(_)) {
            self.attempt.set_value(0);
        }
        let wait = self.not_before.get_value().saturating_sub(now_ms());
        self.schedule(Duration::from_millis(wait));
    }

    /// The browser says the network is gone: say so if anything is unsaved.
    pub fn went_offline(&self) {
        if self.dirty.get_untracked() && self.can_edit.get_untracked() {
            self.status.set(SaveStatus::Retrying {
                reason: String::new(),
                offline: true,
            });
        }
    }

    fn schedule(&self, delay: Duration) {
        if let Some(Some(h)) = self.timer.try_get_value() {
            h.clear();
        }
        let this = *self;
        self.timer_pending.set_value(true);
        let handle = set_timeout_with_handle(
            move || {
                this.timer_pending.try_set_value(false);
                this.start();
            },
            delay,
        )
        .ok();
        self.timer.set_value(handle);
    }

    fn start(&self) {
        if self.running.get_value() {
            // The running cycle picks this up when it ends.
            self.again.set_value(true);
            return;
        }
        self.running.set_value(true);
        let this = *self;
        leptos::task::spawn_local(async move {
            let fetched = run_saver(this).await;
            this.running.try_set_value(false);
            if fetched.is_err() {
                this.code_unloaded();
            }
        });
    }

    /// The saving code could not be fetched: edits waiting to be saved are kept and retried
    /// like a save that failed for the network. A re-read simply waits for the next one.
    fn code_unloaded(&self) {
        if !self.dirty.get_untracked() {
            return;
        }
        let reason = "Ticklist's saving code could not be fetched".to_owned();
        if let Some(attempt) = self.failed_attempt(reason, true) {
            self.schedule(Duration::from_millis(backoff_ms(attempt)));
        }
    }

    /// Counts a failed attempt and says so: "Retrying" (or "Offline") with the attempt's
    /// number for the backoff, or `None` once there have been too many ("Failed"; Retry, an
    /// edit or the network coming back start again).
    fn failed_attempt(&self, reason: String, offline: bool) -> Option<u32> {
        let attempt = self.attempt.get_value() + 1;
        self.attempt.set_value(attempt);
        if attempt > MAX_ATTEMPTS {
            self.status.set(SaveStatus::Failed(reason));
            return None;
        }
        self.status.set(SaveStatus::Retrying { reason, offline });
        Some(attempt)
    }

    /// Save cycles until nothing is left to do (`deferred::run_saver` runs it once its code is
    /// in).
    pub(super) async fn run(self) {
        loop {
            self.again.set_value(false);
            let (Some(local), Some(host)) =
                (self.doc.try_get_untracked(), self.host.try_get_value())
            else {
                return; // the panel is gone
            };
            if self.dirty.get_untracked()
                && !matches!(self.status.get_untracked(), SaveStatus::Retrying { .. })
            {
                self.status.set(SaveStatus::Saving);
            }
            let statuses = self.statuses.get_value();
            let limits = self.limits.get_value();
            let started = now_ms();
            let cfg = SyncConfig {
                statuses: &statuses,
                limits: &limits,
                today: today(),
                now_ms: started,
            };
            let target = self.target.get_value();
            let base = self.base.get_value();
            let result = save_cycle(host.as_ref(), &target, &local, &base, &cfg).await;
            match result {
                Ok(synced) => {
                    self.attempt.set_value(0);
                    // Edits made while the cycle ran are kept: merge, never replace.
                    let Some(now) = self.doc.try_get_untracked() else {
                        return;
                    };
                    if others_wrote(&base.doc, &local, &synced.stored) {
                        self.others_seen_ms.set_value(now_ms());
                    }
                    let merged = catch_up(&now, &base, &synced.stored);
                    self.clock.update_value(|c| c.observe(merged.max_counter()));
                    // merge is commutative: `merged == stored` means stored already held all of
                    // `now` (what `contains` would compute with a second merge).
                    let done = merged == synced.stored;
                    if synced.writes > 0 && target.issue_summary {
                        self.announce(host.as_ref());
                    }
                    self.base
                        .set_value(Base::new(synced.stored, started, synced.parts));
                    if merged != now {
                        self.doc.set(merged);
                    }
                    if done {
                        self.dirty.set(false);
                        self.status.set(SaveStatus::Saved);
                    } else if !self.timer_pending.get_value() {
                        self.again.set_value(true);
                    }
                }
                Err(SyncError::ReadOnly(e)) => {
                    self.can_edit.set(false);
                    self.status.set(SaveStatus::ReadOnly(e.to_string()));
                    return;
                }
                Err(e @ (SyncError::Unreadable(_) | SyncError::TooLarge(_))) => {
                    if matches!(e, SyncError::Unreadable(_)) {
                        self.can_edit.set(false);
                    }
                    self.status.set(SaveStatus::Failed(e.to_string()));
                    return;
                }
                Err(SyncError::Contended) => self.again.set_value(true),
                Err(SyncError::Transient {
                    error,
                    retry_after_ms,
                }) => {
                    let offline = error.status().is_none();
                    let Some(attempt) = self.failed_attempt(error.to_string(), offline) else {
                        return;
                    };
                    // A timer, not a sleep: an edit, the Retry button or the network coming
                    // back replaces it and saves at once.
                    let wait = retry_after_ms.unwrap_or_else(|| backoff_ms(attempt));
                    if retry_after_ms.is_some() {
                        self.not_before.set_value(now_ms() + wait);
                    }
                    if retry_after_ms.is_none() && self.again.get_value() {
                        continue; // edited meanwhile: that is a retry too
                    }
                    self.schedule(Duration::from_millis(wait));
                    return;
                }
            }
            if !self.again.get_value() {
                return;
            }
        }
    }
}
