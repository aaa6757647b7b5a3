//! A page's editing, the same on both pages: edits through the dispatcher, the notice when one
//! is refused, and the undo of the last removal (offered for a few seconds).

use crate::state::deferred::{self, Unloaded};
use crate::state::edit::{self, Applied, Edit, SettingChange, Undo};
use crate::state::saver::Saver;
use leptos::prelude::*;
use std::time::Duration;
use ticklist_core::{Document, OpError};

/// How long the undo of a removal stays offered.
pub const UNDO_FOR: Duration = Duration::from_secs(8);

#[derive(Clone, Copy)]
pub struct Editor {
    pub saver: Saver,
    /// Why the last edit was refused (or a look-up failed), until the next one works.
    pub notice: RwSignal<Option<String>>,
    /// The last removal, while it can still be undone.
    pub undo: RwSignal<Option<Undo>>,
    /// Edits are waiting for the editing code, which could not be fetched (the page offers to
    /// try again; the next edit tries too).
    pub stalled: RwSignal<bool>,
    /// Edits made before the editing code was in, applied in order once it is.
    waiting: StoredValue<Vec<Edit>>,
    fetching: StoredValue<bool>,
}

impl Editor {
    pub fn new(saver: Saver) -> Self {
        Self {
            saver,
            notice: RwSignal::new(None),
            undo: RwSignal::new(None),
            stalled: RwSignal::new(false),
            waiting: StoredValue::new(Vec::new()),
            fetching: StoredValue::new(false),
        }
    }

    /// Applies an edit; a refusal becomes the notice, a removal is offered for undo. Before the
    /// editing code is in (the first moment someone uses the panel), the edit waits for it and
    /// is applied when it arrives, after any edit that waits already.
    pub fn dispatch(&self, e: Edit) -> Result<(), OpError> {
        let e = if self.waiting.with_value(Vec::is_empty) {
            match deferred::apply_now(self.saver, e) {
                Ok(result) => return self.settle(result),
                Err(e) => e,
            }
        } else {
            e
        };
        self.waiting.update_value(|w| w.push(e));
        self.fetch_code();
        Ok(())
    }

    /// Starts fetching the editing code (the issue panel calls this when someone points at or
    /// moves into it, the settings pages at once), and applies what waits for it once it is
    /// in. Cheap to call again.
    pub fn fetch_code(&self) {
        let idle = self.waiting.with_value(Vec::is_empty);
        if self.fetching.get_value() || (idle && deferred::is_loaded()) {
            return;
        }
        self.fetching.set_value(true);
        let this = *self;
        leptos::task::spawn_local(async move {
            let loaded = deferred::load().await;
            this.fetching.try_set_value(false);
            match loaded {
                Ok(()) => {
                    this.stalled.try_set(false);
                    this.apply_waiting();
                }
                Err(Unloaded) => {
                    let waits = this.waiting.try_with_value(|w| !w.is_empty());
                    this.stalled.try_set(waits == Some(true));
                }
            }
        });
    }

    fn apply_waiting(&self) {
        while let Some(Some(e)) = self
            .waiting
            .try_update_value(|w| (!w.is_empty()).then(|| w.remove(0)))
        {
            match deferred::apply_now(self.saver, e) {
                Ok(result) => {
                    let _ = self.settle(result);
                }
                Err(e) => {
                    self.waiting.update_value(|w| w.insert(0, e));
                    return;
                }
            }
        }
    }

    fn settle(&self, result: Result<Applied, OpError>) -> Result<(), OpError> {
        match &result {
            Ok(Applied::Undoable(u)) => self.offer_undo(u.clone()),
            Ok(Applied::Done) => self.notice.set(None),
            Err(e) => self.notice.set(Some(e.to_string())),
        }
        result.map(drop)
    }

    /// Applies a settings change; a refusal becomes the notice.
    pub fn change(&self, c: SettingChange) -> Result<(), OpError> {
        let result = edit::apply_setting(&self.saver, c);
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
        if let Some(u) = self.undo.get_untracked() {
            self.undo.set(None);
            let _ = self.dispatch(Edit::Restore(u));
        }
    }

    fn offer_undo(&self, u: Undo) {
        self.undo.set(Some(u.clone()));
        self.notice.set(None);
        let undo = self.undo;
        // Only this undo expires: a newer one keeps its own time.
        set_timeout(
            move || {
                if undo.try_get_untracked().flatten().as_ref() == Some(&u) {
                    undo.try_set(None);
                }
            },
            UNDO_FOR,
        );
    }
}
