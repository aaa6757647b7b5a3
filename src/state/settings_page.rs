//! The settings pages' state: open (which settings, who may change them, every copy brought up
//! to date), then edits through the one dispatcher.

use crate::host::Host;
use crate::state::editor::Editor;
use crate::state::page::{Phase, Unreadable};
use crate::state::saver::Saver;
use crate::state::settings::{self as storage, OpenError, Opened};
use crate::state::sync::Base;
use crate::state::time::replica_id;
use leptos::prelude::*;
use std::rc::Rc;
use ticklist_core::settings::{self, Settings};
use ticklist_core::StatusSet;

/// An open settings page.
#[derive(Clone)]
pub struct SettingsPage {
    pub opened: Opened,
    /// Edits (through its saver), their notice and the undo of the last removal.
    pub editor: Editor,
    /// The statuses template items are shown with: those the panel will use.
    pub item_statuses: StatusSet,
    /// Moving checklists over from another app (runs through this page's host).
    pub migration: crate::state::migration::Migration,
}

impl SettingsPage {
    /// The settings as stored now (with everyone's merged changes).
    pub fn settings(&self) -> Memo<Settings> {
        let doc = self.editor.saver.doc;
        Memo::new(move |_| doc.with(settings::read))
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
            let migration = crate::state::migration::Migration::new(
                host.clone(),
                item_statuses.clone(),
                context.account_id.clone(),
            );
            let saver = Saver::new(
                host,
                opened.target.clone(),
                Base::new(opened.doc.clone(), opened.read_ms, opened.parts),
                &replica_id(),
                opened.can_edit,
                item_statuses.clone(),
                settings::limits(),
            );
            saver.set_author(context.account_id.as_deref());
            if opened.copies_differ && opened.can_edit {
                // Bring every copy up to date (a save cycle writes the copies that differ).
                saver.refresh();
            }
            Phase::Ready(SettingsPage {
                opened,
                editor: Editor::new(saver),
                item_statuses,
                migration,
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
