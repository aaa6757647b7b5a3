//! A page's editing, the same on both pages: edits through the dispatcher, the notice when one
//! is refused, and the undo of the last removal (offered for a few seconds).

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
}

impl Editor {
    pub fn new(saver: Saver) -> Self {
        Self {
            saver,
            notice: RwSignal::new(None),
            undo: RwSignal::new(None),
        }
    }

    /// Applies an edit; a refusal becomes the notice, a removal is offered for undo.
    pub fn dispatch(&self, e: Edit) -> Result<(), OpError> {
        let result = edit::apply(&self.saver, e);
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
