//! A page's editing, the same on both pages: edits through the dispatcher, the notice when one
//! is refused, and the undo of the last removal (offered for a few seconds).

use crate::state::deferred;
use crate::state::edit::{self, Applied, Edit, SettingChange, Undo};
use crate::state::saver::{SaveStatus, Saver};
use leptos::prelude::*;
use std::time::Duration;
use ticklist_core::{Document, OpError};

/// How long the undo of a removal stays offered.
pub const UNDO_FOR: Duration = Duration::from_secs(8);

/// An edit or a settings change made before the editing code was in.
enum Waiting {
    Edit(Edit),
    Setting(SettingChange),
}

#[derive(Clone, Copy)]
pub struct Editor {
    pub saver: Saver,
    /// Why the last edit was refused (or a look-up failed), until the next one works.
    pub notice: RwSignal<Option<String>>,
    /// The last removal, while it can still be undone.
    pub undo: RwSignal<Option<Undo>>,
    /// Edits made before the editing code was in, applied in order once it is.
    queue: RwSignal<Vec<Waiting>>,
    fetching: StoredValue<bool>,
    /// How many undos were offered: each offer's timer only takes back its own.
    offers: StoredValue<u64>,
}

impl Editor {
    pub fn new(saver: Saver) -> Self {
        Self {
            saver,
            notice: RwSignal::new(None),
            undo: RwSignal::new(None),
            queue: RwSignal::new(Vec::new()),
            fetching: StoredValue::new(false),
            offers: StoredValue::new(0),
        }
    }

    /// Applies an edit; a refusal becomes the notice, a removal is offered for undo. Before the
    /// editing code is in (the first moment someone uses the panel), the edit waits for it and
    /// is applied when it arrives, after any edit that waits already. Until then it counts as
    /// unsaved: the save indicator says so, leaving the page warns, and the saver's retries
    /// (backoff, the network coming back, Retry) fetch the code if this fetch fails.
    pub fn dispatch(&self, e: Edit) -> Result<(), OpError> {
        if self.queue.with_untracked(Vec::is_empty) {
            match deferred::apply_now(self.saver, e) {
                Ok(result) => return self.settle(result),
                Err(e) => self.wait(Waiting::Edit(e)),
            }
        } else {
            self.wait(Waiting::Edit(e));
        }
        Ok(())
    }

    fn wait(&self, w: Waiting) {
        if self.queue.with_untracked(Vec::is_empty) {
            let this = *self;
            deferred::when_loaded(move || this.apply_waiting());
        }
        self.queue.update(|q| q.push(w));
        self.saver.wait_for_code();
        self.fetch_code();
    }

    /// Starts fetching the editing code (the issue panel calls this when someone points at or
    /// moves into it, the settings pages at once). Cheap to call again.
    pub fn fetch_code(&self) {
        if self.fetching.get_value() || deferred::is_loaded() {
            return;
        }
        self.fetching.set_value(true);
        let fetching = self.fetching;
        leptos::task::spawn_local(async move {
            // What waits is applied by `when_loaded`; a failure is the saver's to retry.
            let _ = deferred::load().await;
            fetching.try_set_value(false);
        });
    }

    fn apply_waiting(&self) {
        let Some(queue) = self.queue.try_update(std::mem::take) else {
            return; // the page is gone
        };
        for w in queue {
            match w {
                Waiting::Edit(e) => {
                    if let Ok(result) = deferred::apply_now(self.saver, e) {
                        let _ = self.settle(result);
                    }
                }
                Waiting::Setting(c) => {
                    if let Ok(result) = deferred::apply_setting_now(self.saver, c) {
                        let _ = self.settle_change(result);
                    }
                }
            }
        }
    }

    /// Whether edits wait for the editing code (tracked).
    pub fn has_waiting(&self) -> bool {
        self.queue.with(|q| !q.is_empty())
    }

    /// Edits wait for the editing code and saving is failing or retrying: it could not be
    /// fetched (tracked).
    pub fn stalled(&self) -> bool {
        self.has_waiting()
            && self
                .saver
                .status
                .with(|st| matches!(st, SaveStatus::Retrying { .. } | SaveStatus::Failed(_)))
    }

    fn settle(&self, result: Result<Applied, OpError>) -> Result<(), OpError> {
        match result {
            Ok(Applied::Undoable(u)) => self.offer_undo(u),
            Ok(Applied::Done) => self.notice.set(None),
            Err(e) => {
                self.notice.set(Some(e.to_string()));
                return Err(e);
            }
        }
        Ok(())
    }

    /// Applies a settings change; a refusal becomes the notice. Before the editing code is in
    /// it waits like an edit, except an import of settings: the pasted text would be gone
    /// from its box if the import were refused once the code arrives, so it is refused now.
    pub fn change(&self, c: SettingChange) -> Result<(), OpError> {
        let c = if self.queue.with_untracked(Vec::is_empty) {
            match deferred::apply_setting_now(self.saver, c) {
                Ok(result) => return self.settle_change(result),
                Err(c) => c,
            }
        } else {
            c
        };
        if let SettingChange::Import(_) = c {
            self.fetch_code();
            return self.settle_change(Err(OpError::Import(
                "Ticklist is still loading its editing code: try again in a moment".into(),
            )));
        }
        self.wait(Waiting::Setting(c));
        Ok(())
    }

    fn settle_change(&self, result: Result<(), OpError>) -> Result<(), OpError> {
        self.notice
            .set(result.as_ref().err().map(ToString::to_string));
        result
    }

    /// How many items `e` would remove now (for "this removes N items" before it does).
    pub fn removals(&self, e: &Edit) -> usize {
        let (statuses, limits) = (self.saver.statuses(), self.saver.limits());
        self.saver
            .doc
            .with_untracked(|d: &Document| edit::removals(d, e, &statuses, &limits))
    }

    /// Puts back what the last removal took.
    pub fn undo_last(&self) {
        if self.undo.with_untracked(Option::is_some) {
            if let Some(u) = self.undo.try_update(Option::take).flatten() {
                let _ = self.dispatch(Edit::Restore(u));
            }
        }
    }

    fn offer_undo(&self, u: Undo) {
        self.undo.set(Some(u));
        self.notice.set(None);
        let (undo, offers) = (self.undo, self.offers);
        let this = offers.get_value() + 1;
        offers.set_value(this);
        // Only this undo expires: a newer one keeps its own time. (Told apart by count, so the
        // undo, which can hold many items, is never copied.)
        set_timeout(
            move || {
                if offers.try_get_value() == Some(this) {
                    undo.try_set(None);
                }
            },
            UNDO_FOR,
        );
    }
}
