//! Code the first rows do not need, fetched when it is: editing and saving, and (settings
//! pages) the migration from another app.
//!
//! Showing a checklist needs the stored form's decoder and the views; an edit needs the core's
//! operations and the undo, a save the read-merge-write cycle and the encoder. None of the
//! latter runs before someone acts (or a re-read comes due), so in the release bundles
//! (`cfg(wasm_split)`, see `components/lazy.rs`) they are a module of their own,
//! `<stem>.editing.wasm`: the start-up wasm is that much smaller, and an issue view where
//! nobody touches the panel never downloads it. The issue panel starts fetching it when
//! someone points at or moves into it, the settings pages at once; the
//! [`Editor`](crate::state::editor::Editor) holds an edit made before it is in and applies it
//! when it is, and the [`Saver`] waits for it (a fetch that fails is retried like a failed
//! save).
//!
//! A migration run's code (`migration.rs`) is a second module, in the settings bundle only,
//! fetched when an admin starts a run.
//!
//! Everywhere else (tests, clippy without the feature, debug builds) these are ordinary calls.

use crate::state::edit::{self, Applied, Edit, SettingChange};
use crate::state::migration::{Migration, Source};
use crate::state::saver::Saver;
use crate::state::unsaved;
use std::cell::{Cell, RefCell};
#[cfg(wasm_split)]
use std::task::{Context, Poll, Waker};
#[cfg(wasm_split)]
use std::{future::Future, pin::Pin};
use ticklist_core::{Document, OpError};

/// The editing code could not be fetched (offline, the CDN failing).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unloaded;

impl From<leptos::wasm_split::SplitLoaderError> for Unloaded {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        Unloaded
    }
}

thread_local! {
    /// Set once the module is in: from then on an edit is applied synchronously.
    static LOADED: Cell<bool> = const { Cell::new(!cfg!(wasm_split)) };
    /// What waits for the module (edits made before it was in), run as soon as it is.
    static WHEN_LOADED: RefCell<Vec<Box<dyn FnOnce()>>> = const { RefCell::new(Vec::new()) };
}

/// Whether edits can be applied now.
pub fn is_loaded() -> bool {
    LOADED.with(Cell::get)
}

/// Runs `f` once the editing code is in: now if it is, else as soon as a fetch brings it.
pub fn when_loaded(f: impl FnOnce() + 'static) {
    if is_loaded() {
        f();
    } else {
        WHEN_LOADED.with(|w| w.borrow_mut().push(Box::new(f)));
    }
}

/// Fetches the editing code (at once where it is already in). A failure is not remembered:
/// the next call asks again.
pub async fn load() -> Result<(), Unloaded> {
    #[cfg(wasm_split)]
    fetch_code().await?;
    #[cfg(split_issue_view)]
    fetch_keep_code().await?;
    // Each split function memoises its own load: a call polled once must find it done.
    #[cfg(split_settings)]
    fetch_setting_code().await?;
    if !LOADED.with(|l| l.replace(true)) {
        for f in WHEN_LOADED.with(|w| std::mem::take(&mut *w.borrow_mut())) {
            f();
        }
    }
    Ok(())
}

#[cfg(wasm_split)]
#[leptos::wasm_split::wasm_split(
    editing,
    wasm_split_path = ::leptos::wasm_split,
    fallible,
    preload(fetch_code)
)]
fn apply_edit(
    saver: Saver,
    slot: &mut Option<Edit>,
) -> Result<Option<Result<Applied, OpError>>, Unloaded> {
    Ok(slot.take().map(|e| edit::apply(&saver, e)))
}

/// Applies `e` now if the editing code is in; otherwise gives it back, unapplied.
pub fn apply_now(saver: Saver, e: Edit) -> Result<Result<Applied, OpError>, Edit> {
    if !is_loaded() {
        return Err(e);
    }
    #[cfg(wasm_split)]
    {
        // The edit goes in through a slot the call empties: a call that was not ready never
        // ran and leaves it there (a copy to hand back cost 1.1 KB of clone code at start-up).
        let mut slot = Some(e);
        let applied = ready_now((), apply_edit(saver, &mut slot));
        out_of_slot(applied, slot, Ok(Applied::Done))
    }
    #[cfg(not(wasm_split))]
    Ok(edit::apply(&saver, e))
}

// Keeping unsaved edits encodes the document, and the encoder is only needed by saves: it
// stays in the editing module with them. The issue view's only (the settings pages keep none).
#[cfg(split_issue_view)]
#[leptos::wasm_split::wasm_split(
    editing,
    wasm_split_path = ::leptos::wasm_split,
    fallible,
    preload(fetch_keep_code)
)]
fn keep(issue: &str, account: Option<&str>, doc: &Document) -> Result<(), Unloaded> {
    unsaved::keep(issue, account, doc);
    Ok(())
}

/// Keeps `doc` as this issue's unsaved copy (`unsaved::keep`) once the editing code is in.
/// Before that no edit of this visit has reached the document: what it holds is either stored
/// or still kept from an earlier visit, so there is nothing new to keep.
pub fn keep_unsaved(issue: &str, account: Option<&str>, doc: &Document) {
    if !is_loaded() {
        return;
    }
    #[cfg(split_issue_view)]
    let _ = ready_now((), keep(issue, account, doc));
    #[cfg(not(split_issue_view))]
    unsaved::keep(issue, account, doc);
}

/// A call through a slot: its result, or the input it left there (it never ran). `ran` stands
/// for a result that cannot be missing once the input was taken.
#[cfg(wasm_split)]
fn out_of_slot<T, R>(applied: Result<Option<R>, ()>, slot: Option<T>, ran: R) -> Result<R, T> {
    match (applied, slot) {
        (Ok(Some(result)), _) => Ok(result),
        (_, Some(input)) => Err(input),
        (_, None) => Ok(ran),
    }
}

/// The result of a split call that is ready at its first poll, which it is once the module is
/// in (loading is memoised); otherwise `back`. A call that was not ready never ran, so dropping
/// it changes nothing.
#[cfg(wasm_split)]
fn ready_now<T, R>(back: T, call: impl Future<Output = Result<R, Unloaded>>) -> Result<R, T> {
    let mut call = std::pin::pin!(call);
    match call.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(Ok(result)) => Ok(result),
        Poll::Ready(Err(Unloaded)) | Poll::Pending => Err(back),
    }
}

// The settings bundle's only: a split point's export would keep this code in the issue view.
#[cfg(split_settings)]
#[leptos::wasm_split::wasm_split(
    editing,
    wasm_split_path = ::leptos::wasm_split,
    fallible,
    preload(fetch_setting_code)
)]
fn apply_setting(
    saver: Saver,
    slot: &mut Option<SettingChange>,
) -> Result<Option<Result<(), OpError>>, Unloaded> {
    Ok(slot.take().map(|c| edit::apply_setting(&saver, c)))
}

/// Applies a settings change now if the editing code is in; otherwise gives it back.
pub fn apply_setting_now(
    saver: Saver,
    c: SettingChange,
) -> Result<Result<(), OpError>, SettingChange> {
    if !is_loaded() {
        return Err(c);
    }
    #[cfg(split_settings)]
    {
        let mut slot = Some(c);
        let applied = ready_now((), apply_setting(saver, &mut slot));
        out_of_slot(applied, slot, Ok(()))
    }
    // The issue view makes no settings changes, and its bundle carries none of their code (a
    // direct call here would keep it, through the editor's queue).
    #[cfg(split_issue_view)]
    {
        let _ = saver;
        Err(c)
    }
    #[cfg(not(wasm_split))]
    Ok(edit::apply_setting(&saver, c))
}

#[cfg(wasm_split)]
#[leptos::wasm_split::wasm_split(
    editing,
    wasm_split_path = ::leptos::wasm_split,
    fallible,
    return_wrapper(let cycles = _; { cycles.await; Ok(()) } -> Result<(), Unloaded>)
)]
fn save_cycles(saver: Saver) -> Pin<Box<dyn Future<Output = ()>>> {
    Box::pin(saver.run())
}

/// Runs the saver's cycles (reading, merging, writing) once the code is in; edits that waited
/// for it are applied first, so the cycle saves them.
pub async fn run_saver(saver: Saver) -> Result<(), Unloaded> {
    load().await?;
    #[cfg(wasm_split)]
    return save_cycles(saver).await;
    #[cfg(not(wasm_split))]
    {
        saver.run().await;
        Ok(())
    }
}

#[cfg(split_settings)]
#[leptos::wasm_split::wasm_split(
    migration,
    wasm_split_path = ::leptos::wasm_split,
    fallible,
    return_wrapper(let run = _; { run.await; Ok(()) } -> Result<(), Unloaded>)
)]
fn migration_run(
    m: Migration,
    source: Source,
    jql: String,
    only_project: Option<String>,
    dry: bool,
    started: u64,
) -> Pin<Box<dyn Future<Output = ()>>> {
    Box::pin(m.run(source, jql, only_project, dry, started))
}

/// Runs a migration from another app (settings pages) once its code is in: the search, the
/// four importers and the per-issue save cycles are a module of their own,
/// `<stem>.migration.wasm`, fetched when an admin starts a run.
pub async fn run_migration(
    m: Migration,
    source: Source,
    jql: String,
    only_project: Option<String>,
    dry: bool,
    started: u64,
) -> Result<(), Unloaded> {
    #[cfg(split_settings)]
    return migration_run(m, source, jql, only_project, dry, started).await;
    #[cfg(not(split_settings))]
    {
        m.run(source, jql, only_project, dry, started).await;
        Ok(())
    }
}
