//! The issue panel's state: how it opens (what to read, from the cache or from Jira, and what
//! to check again after the panel shows), and everything it does afterwards — edits through one
//! dispatcher, the undo of the last removal, the filter, people, templates, and keeping up with
//! other people's changes.

use crate::host::permissions::{self, On};
use crate::host::{FlagKind, Host, Page};
use crate::state::cold::cold_code;
use crate::state::deferred;
use crate::state::edit::Edit;
use crate::state::editor::Editor;
use crate::state::filter::{Filter, FilterChoice};
use crate::state::linked::IssueLinks;
use crate::state::load::{issue_of, read_document, ReadError};
use crate::state::page::{Phase, Unreadable};
use crate::state::people::People;
use crate::state::saver::{SaveStatus, Saver};
use crate::state::settings::{read_for_panel, PanelSettings};
use crate::state::settings_cache as cache;
use crate::state::sync::{Base, Target};
use crate::state::time::{now_ms, replica_id};
use crate::state::unsaved;
use leptos::prelude::*;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::time::Duration;
use ticklist_core::model::DEFAULT_LIST_NAME;
use ticklist_core::settings::{self, ApplyWhen, Template};
use ticklist_core::{merge, ApplyMode, Document, Limits, List, ListId, StatusSet};

/// How often an open panel re-reads the checklist when nothing else told it to.
const REFRESH_EVERY: Duration = Duration::from_secs(60);
/// While others are editing the same checklist (seen in the last five minutes) and the host
/// has no live channel: a re-read this often.
const REFRESH_BUSY: Duration = Duration::from_secs(10);
const BUSY_FOR_MS: u64 = 5 * 60 * 1000;

fn shown_lists(doc: &Document) -> Vec<List> {
    let lists = doc.lists();
    if lists.is_empty() {
        vec![List {
            id: ListId::default_list(),
            name: DEFAULT_LIST_NAME.into(),
            items: Vec::new(),
        }]
    } else {
        lists
    }
}

/// A template as a menu shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateRef {
    pub id: ListId,
    pub name: String,
}

/// Everything the issue panel shows and does. Cheap to copy (arena handles).
#[derive(Clone, Copy)]
pub struct Panel {
    /// Edits (through its saver), their notice and the undo of the last removal.
    pub editor: Editor,
    pub people: People,
    /// Items that became Jira issues: creating them, their status, following it.
    pub links: IssueLinks,
    /// What the filter menu says; [`Panel::filter`] is what it applies.
    pub choice: RwSignal<FilterChoice>,
    /// The user's locale as the host gave it, for dates.
    pub locale: StoredValue<String>,
    templates: StoredValue<Vec<Template>>,
    offer: StoredValue<Option<Template>>,
    /// The issue's id: where its unsaved edits are kept.
    issue: StoredValue<String>,
    /// Edits from an earlier visit that never reached Jira were found and are being saved.
    pub recovered: RwSignal<bool>,
}

impl Panel {
    /// The checklists to show. An issue without a checklist shows an empty one under the id
    /// the first item creates (`ensure_list`), so the add input stays the same element, and
    /// keeps focus, after it.
    pub fn lists(&self) -> Memo<Vec<List>> {
        let doc = self.editor.saver.doc;
        Memo::new(move |_| doc.with(shown_lists))
    }

    /// The checklists to show, as they are now (the panel's first frame draws them once).
    pub fn lists_now(&self) -> Vec<List> {
        self.editor.saver.doc.with_untracked(shown_lists)
    }

    /// What the first frame shows, as things are now.
    pub fn glance(&self) -> Glance {
        let saver = self.editor.saver;
        Glance {
            can_edit: saver.can_edit.get_untracked(),
            status: saver.status.get_untracked(),
            stalled: untrack(|| self.editor.stalled()),
            choice: self.choice.get_untracked(),
            filter: self.filter().get_untracked(),
            has_templates: self.templates.with_value(|ts| !ts.is_empty()),
            lists: self.lists_now(),
            statuses: saver.statuses(),
            site_url: self.links.site_url(),
            locale: self.locale.get_value(),
            offer: self.offered().get_untracked().map(|t| t.name),
            recovered: self.recovered.get_untracked(),
            notice: self.editor.notice.get_untracked(),
        }
    }

    /// The filter the list applies: the menu's choice, with "me" once Jira said who that is.
    pub fn filter(&self) -> Signal<Filter> {
        let (choice, me) = (self.choice, self.people.me);
        Signal::derive(move || choice.get().applied(me.get().as_deref()))
    }

    /// The user picked a filter. "Assigned to me" asks Jira who "me" is the first time.
    pub fn choose_filter(&self, choice: FilterChoice) {
        self.choice.set(choice);
        if choice == FilterChoice::Mine && self.people.me.get_untracked().is_none() {
            let (people, notice) = (self.people, self.editor.notice);
            leptos::task::spawn_local(async move {
                if let Err(e) = people.who_am_i().await {
                    notice.try_set(Some(e.to_string()));
                }
            });
        }
    }

    /// Templates the user may apply, in the admins' order.
    pub fn template_menu(&self) -> Vec<TemplateRef> {
        self.templates.with_value(|ts| {
            ts.iter()
                .map(|t| TemplateRef {
                    id: t.id.clone(),
                    name: t.name.clone(),
                })
                .collect()
        })
    }

    /// Applies one of the templates (or the offered default).
    pub fn apply_template(&self, id: &ListId, mode: ApplyMode) {
        let found = self
            .templates
            .with_value(|ts| ts.iter().find(|t| t.id == *id).cloned())
            .or_else(|| self.offer.get_value().filter(|o| o.id == *id));
        if let Some(t) = found {
            let _ = self.editor.dispatch(Edit::ApplyTemplate(t, mode));
        }
    }

    /// The default template offered on this new issue, while it still applies.
    pub fn offered(&self) -> Signal<Option<Template>> {
        let (offer, saver) = (self.offer, self.editor.saver);
        Signal::derive(move || {
            offer
                .get_value()
                .filter(|_| saver.can_edit.get() && saver.doc.with(settings::should_auto_apply))
        })
    }

    /// Keeps the panel current while it is open: Jira's issue-changed event, coming back to
    /// the panel (shared with an edit that follows at once) and a modest interval re-read and
    /// merge while the tab is visible; names are looked up for assignees
    /// however they arrive; a save that turns into a failure is told once in Jira's own flag
    /// (`failed_title` / `failed_body`, the page's words).
    pub fn keep_current(&self, failed_title: &'static str, failed_body: &'static str) {
        let saver = self.editor.saver;
        let mut live = false;
        if let Some(host) = saver.host() {
            host.on_issue_changed(Box::new(move || saver.refresh()));
            // Another panel of this issue saved (Forge Realtime): re-read and merge. The message
            // is only a hint (anyone who can open the issue can send one); our own are skipped.
            let me = saver.replica();
            live = host.on_announced_change(Box::new(move |from| {
                if from.as_deref() != Some(me.as_str()) {
                    saver.refresh_soon();
                }
            }));
        }
        let focus = window_event_listener(leptos::ev::focus, move |_| saver.refresh_soon());
        // Every read costs the customer's rate limit: none from a tab nobody looks at, and none
        // while the panel's own saves keep it current. Without a live channel (Connect), a
        // panel that recently saw someone else's save checks more often for a few minutes.
        let interval = set_interval_with_handle(
            move || {
                if document().visibility_state() != web_sys::VisibilityState::Visible {
                    return;
                }
                let seen = saver.others_seen_ms.get_value();
                let busy = !live && seen > 0 && now_ms().saturating_sub(seen) < BUSY_FOR_MS;
                saver.refresh_if_older_than(if busy { REFRESH_BUSY } else { REFRESH_EVERY });
            },
            REFRESH_BUSY / 2,
        )
        .ok();
        on_cleanup(move || {
            focus.remove();
            if let Some(i) = interval {
                i.clear();
            }
        });
        let people = self.people;
        Effect::new(move |_| saver.doc.with(|d| people.name_assignees(d)));
        // Edits a save could not store survive a closed tab; confirmed ones are forgotten. Kept
        // only once a save has failed: a healthy save confirms within a second (and leaving
        // before that warns), and encoding a big checklist on every edit would cost each toggle.
        let issue = self.issue.get_value();
        let me = self.people.me;
        Effect::new(move |_| {
            let failing = matches!(
                saver.status.get(),
                SaveStatus::Retrying { .. } | SaveStatus::Failed(_) | SaveStatus::ReadOnly(_)
            );
            let account = me.get_untracked();
            if !saver.dirty.get() {
                unsaved::clear(&issue, account.as_deref());
            } else if failing {
                saver
                    .doc
                    .with(|d| deferred::keep_unsaved(&issue, account.as_deref(), d));
            }
        });
        Effect::new(move |was_failed: Option<bool>| {
            let failed = matches!(saver.status.get(), SaveStatus::Failed(_));
            if failed && was_failed == Some(false) {
                if let Some(host) = saver.host() {
                    host.flag(FlagKind::Error, failed_title, failed_body);
                }
            }
            failed
        });
    }
}

/// What opening gives the page.
#[derive(Clone)]
pub enum Opened {
    /// Only read: the first frame is drawn from the data, and the panel is built from it
    /// after the first paint ([`PanelData::build`]).
    Read(Box<PanelData>),
    /// Opening edited the checklist (applied the issue type's default template, or recovered
    /// edits a closed tab never saved), which goes through the panel's saver: built already.
    Built(Box<Panel>),
}

impl Opened {
    /// What the first frame shows.
    pub fn glance(&self) -> Glance {
        match self {
            Opened::Read(data) => data.glance(),
            Opened::Built(panel) => panel.glance(),
        }
    }

    /// The live panel.
    pub fn into_panel(self) -> Panel {
        match self {
            Opened::Read(data) => data.build(),
            Opened::Built(panel) => *panel,
        }
    }
}

/// The panel as opening found it, in plain data. Building [`Panel`]'s reactive state (some
/// forty signals and stored values, each its own compiled copy of the framework's code) was a
/// sizeable part of what the browser compiled and ran before the first rows, and the first
/// frame needs none of it.
#[derive(Clone)]
pub struct PanelData {
    host: Rc<dyn Host>,
    issue: String,
    key: String,
    type_id: Option<String>,
    project_id: Option<String>,
    site_url: Option<String>,
    account: Option<String>,
    locale: String,
    base: Base,
    can_edit: bool,
    can_create: bool,
    /// The permission came from the cache: Jira is asked again once the panel shows.
    check_permission: bool,
    statuses: StatusSet,
    limits: Limits,
    templates: Vec<Template>,
    offer: Option<Template>,
    choice: FilterChoice,
}

impl PanelData {
    fn glance(&self) -> Glance {
        Glance {
            can_edit: self.can_edit,
            status: SaveStatus::Saved,
            stalled: false,
            choice: self.choice,
            filter: self.choice.applied(self.account.as_deref()),
            has_templates: !self.templates.is_empty(),
            lists: shown_lists(&self.base.doc),
            statuses: self.statuses.clone(),
            site_url: self.site_url.clone(),
            locale: self.locale.clone(),
            offer: self.offer.as_ref().map(|t| t.name.clone()),
            recovered: false,
            notice: None,
        }
    }

    /// The panel's reactive state, from what opening read.
    pub fn build(self) -> Panel {
        let saver = Saver::new(
            self.host.clone(),
            // Stored under the issue's id, which stays when the issue moves project.
            Target::issue_on(self.host.as_ref(), &self.issue),
            self.base,
            &replica_id(),
            self.can_edit,
            self.statuses,
            self.limits,
        );
        saver.set_author(self.account.as_deref());
        let links = IssueLinks::new(
            self.host.clone(),
            self.key.clone(),
            self.project_id.clone(),
            self.type_id,
            self.site_url,
            self.can_create,
        );
        if self.check_permission {
            check_permission_later(saver, links, self.key.clone(), self.project_id);
        }
        Panel {
            editor: Editor::new(saver),
            people: People::new(self.host, self.key, self.account),
            links,
            choice: RwSignal::new(self.choice),
            locale: StoredValue::new(self.locale),
            templates: StoredValue::new(self.templates),
            offer: StoredValue::new(self.offer),
            issue: StoredValue::new(self.issue),
            recovered: RwSignal::new(false),
        }
    }
}

/// The panel as its first frame draws it, once, in plain data.
#[derive(Clone, Debug, PartialEq)]
pub struct Glance {
    pub can_edit: bool,
    pub status: SaveStatus,
    /// Edits wait for the editing code while saving fails ([`Editor::stalled`]).
    pub stalled: bool,
    pub choice: FilterChoice,
    pub filter: Filter,
    pub has_templates: bool,
    pub lists: Vec<List>,
    pub statuses: StatusSet,
    /// The Jira site, for links to issues.
    pub site_url: Option<String>,
    pub locale: String,
    /// The name of the default template offered.
    pub offer: Option<String>,
    pub recovered: bool,
    pub notice: Option<String>,
}

/// Opens the panel: context, then the checklist (and, unless this iframe has them cached,
/// the settings and the user's permission, in parallel).
pub async fn open(host: Rc<dyn Host>) -> Phase<Opened> {
    let context = match host.context().await {
        Ok(c) => c,
        Err(e) => return Phase::Failed(e.to_string()),
    };
    if context.page != Page::Issue {
        // The settings pages are their own, smaller bundle (settings/), so the issue view
        // never downloads them; a descriptor pointing here is a packaging mistake.
        return Phase::Failed("This page of Ticklist is served from settings/".into());
    }
    let Some(issue) = issue_of(&context) else {
        return Phase::Failed("Ticklist was opened outside an issue".into());
    };
    let key = context.issue_key.clone().unwrap_or_else(|| issue.clone());
    let type_id = context.issue_type_id.clone();
    let project_id = context.project_id.clone();
    let (ty, pr) = (type_id.as_deref(), project_id.as_deref());
    let opened_at = now_ms();
    // Settings and the user's edit permission come from this iframe's cache when it has them
    // (both are checked again once the panel shows), so opening reads the checklist alone.
    let cached = cache::load(ty, pr);
    let cached_edit = cache::load_can_edit(pr);
    let warm = cached.is_some() && cached_edit.is_some();
    let (stored, perms, fresh) = if warm {
        (read_document(host.as_ref(), &issue).await, None, None)
    } else {
        let (stored, perms, fresh) = futures_util::future::join3(
            read_document(host.as_ref(), &issue),
            permissions::mine(host.as_ref(), On::Issue(&key)),
            read_for_panel(host.as_ref(), ty, pr),
        )
        .await;
        (stored, Some(perms), Some(fresh))
    };
    let stored = match stored {
        Ok(s) => s,
        Err(ReadError::Unreadable(e)) => {
            return Phase::Unreadable(Unreadable::new(e, Target::issue_on(host.as_ref(), &issue)))
        }
        Err(ReadError::Host(e)) => return Phase::Failed(e.to_string()),
    };
    // A new issue's default template depends on the settings and permissions as they are now.
    let never_had_items = settings::should_auto_apply(&stored.doc);
    let (perms, fresh) = if warm && never_had_items {
        let (p, f) = futures_util::future::join(
            permissions::mine(host.as_ref(), On::Issue(&key)),
            read_for_panel(host.as_ref(), ty, pr),
        )
        .await;
        (Some(p), Some(f))
    } else {
        (perms, fresh)
    };
    // If Jira could not tell, offer editing: Jira still refuses a write the user may not make,
    // and the panel then turns read-only.
    let can_edit = match &perms {
        Some(Ok(p)) => {
            let (project, edit) = (project_id.clone(), p.edit_issues);
            for_next_open(move || cache::store_can_edit(project.as_deref(), edit));
            p.edit_issues
        }
        Some(Err(_)) => true,
        None => cached_edit.unwrap_or(true),
    };
    let new_issue = can_edit && never_had_items;
    let checked_now = fresh.is_some();
    let (panel_settings, read_now) = match (fresh, cached) {
        (Some(Ok(s)), _) => (s, true),
        (_, Some(c)) => {
            if !checked_now {
                refresh_settings_later(host.clone(), type_id.clone(), project_id.clone());
            }
            (c, false)
        }
        // Settings could not be read: the panel works with the defaults.
        (_, None) => (PanelSettings::default(), false),
    };
    let effective = panel_settings.effective();
    if read_now {
        let (ty, pr) = (type_id.clone(), project_id.clone());
        for_next_open(move || cache::store(ty.as_deref(), pr.as_deref(), &panel_settings));
    }
    let default = type_id
        .as_deref()
        .and_then(|t| effective.default_for(t))
        .map(|(t, a)| (t.clone(), a));
    let (mut offer, mut auto) = (None, None);
    if new_issue {
        match default {
            Some((template, ApplyWhen::Auto)) => auto = Some(template),
            Some((template, ApplyWhen::Offer)) => offer = Some(template),
            None => {}
        }
    }
    let account = context.account_id.clone();
    // Edits a closed tab never saved. Someone who may not edit keeps them for when they may.
    let may_recover = can_edit && unsaved::is_kept(&issue, account.as_deref());
    let data = PanelData {
        host,
        issue,
        key,
        type_id,
        project_id,
        site_url: context.site_url,
        account,
        locale: context.locale.unwrap_or_default(),
        base: Base::new(stored.doc, opened_at, stored.parts),
        can_edit,
        can_create: matches!(&perms, Some(Ok(p)) if p.create_issues),
        check_permission: perms.is_none(),
        statuses: effective.statuses,
        limits: effective.limits,
        templates: effective.templates.into_iter().map(|(_, t)| t).collect(),
        offer,
        choice: if effective.collapse_done {
            FilterChoice::Open
        } else {
            FilterChoice::All
        },
    };
    if auto.is_none() && !may_recover {
        return Phase::Ready(Opened::Read(Box::new(data)));
    }
    // Opening edits the checklist, through the panel's saver, whose code (and the kept copy's
    // reader) a plain open never runs: it comes with the cold module, waited for here, in code
    // every open runs, rather than fetched synchronously by its first call.
    if let Some(cold) = cold_code() {
        let _ = wasm_bindgen_futures::JsFuture::from(cold).await;
    }
    let kept = if may_recover {
        unsaved::take(&data.issue, data.account.as_deref())
    } else {
        None
    };
    // Behind a pointer, so its code stays out of this future's: the browser compiles a wasm
    // function whole at its first call, and most opens never come here.
    let edits: Pin<Box<dyn Future<Output = Panel>>> = Box::pin(open_with_edits(data, auto, kept));
    Phase::Ready(Opened::Built(Box::new(edits.await)))
}

/// Builds the panel and makes opening's edits through it: applies the default template,
/// recovers the kept edits.
async fn open_with_edits(data: PanelData, auto: Option<Template>, kept: Option<Document>) -> Panel {
    let (issue, account) = (data.issue.clone(), data.account.clone());
    let panel = data.build();
    let (editor, saver) = (panel.editor, panel.editor.saver);
    // Applying a default is an edit, whose code comes with the editing module: fetched now, so
    // the panel shows the template at once. If it cannot be fetched, the next open applies it
    // (nothing was stored, so the issue still never had items).
    if let Some(template) = auto {
        if deferred::load().await.is_ok() {
            let _ = editor.dispatch(Edit::ApplyTemplate(template, ApplyMode::Append));
        }
    }
    // Kept edits are merged with what is stored (the merge decides where both changed) and
    // saved now.
    if let Some(kept) = kept {
        let now = saver.doc.with_untracked(|d| merge(d, &kept));
        if saver.doc.with_untracked(|d| *d != now) {
            saver.recover(now);
            panel.recovered.set(true);
        } else {
            unsaved::clear(&issue, account.as_deref());
        }
    }
    panel
}

/// What the cache keeps is for the next open: written once this one has drawn its rows (which
/// follow the open in the same task), so serializing it is not work the rows wait for.
fn for_next_open(write: impl FnOnce() + 'static) {
    set_timeout(write, Duration::ZERO);
}

/// Asks Jira whether the user may edit, right after the panel showed with the cached answer,
/// and follows Jira's answer (a 403 on save would turn the panel read-only anyway).
fn check_permission_later(saver: Saver, links: IssueLinks, key: String, project: Option<String>) {
    let Some(host) = saver.host() else {
        return;
    };
    // Once the panel has shown (it does not wait for this).
    let check = async move {
        if let Ok(p) = permissions::mine(host.as_ref(), On::Issue(&key)).await {
            cache::store_can_edit(project.as_deref(), p.edit_issues);
            links.can_create.try_set(p.create_issues);
            let refused = matches!(
                saver.status.try_get_untracked(),
                Some(SaveStatus::ReadOnly(_))
            );
            if !refused {
                saver.can_edit.try_set(p.edit_issues);
            }
        }
    };
    // After the first frame with the checklist on screen, and a moment more.
    request_animation_frame(move || {
        set_timeout(
            move || leptos::task::spawn_local(check),
            Duration::from_millis(300),
        )
    });
}

/// Brings the settings cache up to date for the next page load, once the panel has shown.
fn refresh_settings_later(host: Rc<dyn Host>, ty: Option<String>, pr: Option<String>) {
    set_timeout(
        move || {
            leptos::task::spawn_local(async move {
                if let Ok(s) = read_for_panel(host.as_ref(), ty.as_deref(), pr.as_deref()).await {
                    cache::store(ty.as_deref(), pr.as_deref(), &s);
                }
            })
        },
        Duration::from_secs(2),
    );
}
