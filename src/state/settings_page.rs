//! The settings pages' state: open (which settings, who may change them, every copy brought up
//! to date), then edits through the one dispatcher.

use crate::host::Host;
use crate::state::edit::{self, Edit, SettingChange};
use crate::state::page::{Phase, Unreadable};
use crate::state::saver::Saver;
use crate::state::settings::{self as storage, OpenError, Opened};
use crate::state::time::replica_id;
use leptos::prelude::*;
use std::rc::Rc;
use ticklist_core::settings::{self, Settings};
use ticklist_core::{OpError, StatusSet};

/// An open settings page.
#[derive(Clone)]
pub struct SettingsPage {
    pub opened: Opened,
    pub saver: Saver,
    /// Why the last edit was refused, until the next one works.
    pub notice: RwSignal<Option<String>>,
    /// The statuses template items are shown with: those the panel will use.
    pub item_statuses: StatusSet,
}

impl SettingsPage {
    /// The settings as stored now (with everyone's merged changes).
    pub fn settings(&self) -> Memo<Settings> {
        let doc = self.saver.doc;
        Memo::new(move |_| doc.with(settings::read))
    }

    /// Applies an edit to the templates; a refusal is shown as the notice.
    pub fn dispatch(&self, e: Edit) -> Result<(), OpError> {
        self.report(edit::apply(&self.saver, e).map(drop))
    }

    /// Applies a change to rules, statuses or options; a refusal is shown as the notice.
    pub fn change(&self, c: SettingChange) -> Result<(), OpError> {
        self.report(edit::apply_setting(&self.saver, c))
    }

    fn report(&self, result: Result<(), OpError>) -> Result<(), OpError> {
        self.notice
            .set(result.as_ref().err().map(ToString::to_string));
        result
    }
}

/// Opens the settings page Jira asked for.
pub async fn open(host: Rc<dyn Host>) -> Phase<SettingsPage> {
    let context = match host.context().await {
        Ok(c) => c,
        Err(e) => return Phase::Failed(e.to_string()),
    };
    match storage::open(host.as_ref(), &context).await {
        Ok(opened) => {
            let item_statuses = match &opened.global {
                Some(g) => g.statuses.clone(),
                None => settings::read(&opened.doc).statuses,
            }
            .unwrap_or_default();
            let saver = Saver::new(
                host,
                opened.target.clone(),
                opened.doc.clone(),
                &replica_id(),
                opened.can_edit,
                item_statuses.clone(),
                settings::limits(),
            );
            if opened.copies_differ && opened.can_edit {
                // Bring every copy up to date (a save cycle writes the copies that differ).
                saver.refresh();
            }
            Phase::Ready(SettingsPage {
                opened,
                saver,
                notice: RwSignal::new(None),
                item_statuses,
            })
        }
        Err(OpenError::Unreadable { error, target }) => {
            Phase::Unreadable(Unreadable::new(error, target))
        }
        Err(e) => Phase::Failed(e.to_string()),
    }
}

/// An admin chose to replace settings we cannot read: removes the unreadable copies (only
/// those), then reloads the page to start afresh.
pub fn replace_unreadable(
    host: Rc<dyn Host>,
    unreadable: &Unreadable,
    failed: impl Fn(String) + 'static,
) {
    let target = unreadable.target.clone();
    leptos::task::spawn_local(async move {
        match storage::discard_unreadable(host.as_ref(), &target).await {
            Ok(_) => {
                let _ = window().location().reload();
            }
            Err(e) => failed(e.to_string()),
        }
    });
}
