//! People the panel shows: names for the account ids on items (looked up once per person,
//! also for assignees that arrive through someone else's change), the assignee picker's search
//! results, and who "me" is (asked only when a filter needs it).

use crate::host::{users, Host, HostError};
use leptos::prelude::*;
use std::collections::{BTreeSet, HashMap};
use std::rc::Rc;
use ticklist_core::model::ItemEntry;
use ticklist_core::Document;

/// Someone Jira can assign on this issue.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Person {
    pub account_id: String,
    pub name: String,
}

impl From<users::User> for Person {
    fn from(u: users::User) -> Self {
        Self {
            account_id: u.account_id,
            name: u.display_name,
        }
    }
}

/// What the rows read: account id → name, and the latest search results.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Directory {
    pub names: HashMap<String, String>,
    pub results: Vec<Person>,
}

impl Directory {
    /// A name when Jira told us one, else the account id (never blank).
    pub fn name_of(&self, account: &str) -> String {
        self.names
            .get(account)
            .cloned()
            .unwrap_or_else(|| account.to_owned())
    }
}

/// The panel's people, looked up through the host as the current user.
#[derive(Clone, Copy)]
pub struct People {
    pub directory: RwSignal<Directory>,
    /// The current user's account id, once asked.
    pub me: RwSignal<Option<String>>,
    host: StoredValue<Rc<dyn Host>, LocalStorage>,
    issue_key: StoredValue<String>,
    /// Account ids already looked up (or being looked up), so each costs one request.
    asked: StoredValue<BTreeSet<String>>,
}

impl People {
    /// `me`: the current user's account id when the host said it (then "Mine" asks no one).
    pub fn new(host: Rc<dyn Host>, issue_key: String, me: Option<String>) -> Self {
        Self {
            directory: RwSignal::new(Directory::default()),
            me: RwSignal::new(me),
            host: StoredValue::new_local(host),
            issue_key: StoredValue::new(issue_key),
            asked: StoredValue::new(BTreeSet::new()),
        }
    }

    /// Looks up the names of assignees in `doc` not yet asked about, one request per person.
    pub fn name_assignees(&self, doc: &Document) {
        // Straight from the registers: this runs after every change, and building the lists
        // view for it would cost a big checklist's toggle a second projection.
        let mut missing = BTreeSet::new();
        self.asked.with_value(|asked| {
            for e in doc.items.values() {
                if let ItemEntry::Live(s) = e {
                    match &s.assignee.value {
                        Some(a) if !asked.contains(a) => missing.insert(a.clone()),
                        _ => false,
                    };
                }
            }
        });
        self.look_up(missing.into_iter().collect());
    }

    /// Looks up the names of these accounts not yet asked about (authors of changes shown).
    pub fn name_accounts(&self, accounts: impl IntoIterator<Item = String>) {
        // Inserted one by one: `collect` into a set sorts first, which adds a sort to the wasm.
        let mut missing = BTreeSet::new();
        self.asked.with_value(|asked| {
            for a in accounts {
                if !asked.contains(&a) {
                    missing.insert(a);
                }
            }
        });
        self.look_up(missing.into_iter().collect());
    }

    fn look_up(&self, missing: Vec<String>) {
        if missing.is_empty() {
            return;
        }
        self.asked
            .update_value(|asked| asked.extend(missing.iter().cloned()));
        let this = *self;
        leptos::task::spawn_local(async move {
            let Some((host, key)) = this.handles() else {
                return;
            };
            for account in missing {
                if let Ok(Some(u)) = users::by_account(host.as_ref(), &key, &account).await {
                    this.directory
                        .try_update(|d| d.names.insert(u.account_id, u.display_name));
                }
            }
        });
    }

    /// Assignable people matching `query`; results land in the directory.
    pub fn search(&self, query: String) {
        let this = *self;
        leptos::task::spawn_local(async move {
            let Some((host, key)) = this.handles() else {
                return;
            };
            if let Ok(found) = users::assignable(host.as_ref(), &key, &query).await {
                this.directory.try_update(|d| {
                    for u in &found {
                        d.names.insert(u.account_id.clone(), u.display_name.clone());
                    }
                    d.results = found.into_iter().map(Person::from).collect();
                });
            }
        });
    }

    /// The host and the issue key, while the panel lives.
    fn handles(&self) -> Option<(Rc<dyn Host>, String)> {
        Some((self.host.try_get_value()?, self.issue_key.try_get_value()?))
    }

    /// Asks Jira who the current user is, once.
    pub async fn who_am_i(&self) -> Result<String, HostError> {
        if let Some(me) = self.me.get_untracked() {
            return Ok(me);
        }
        let host = self
            .host
            .try_get_value()
            .ok_or_else(|| HostError::NoHost("the panel is gone".into()))?;
        let u = users::myself(host.as_ref()).await?;
        self.me.try_set(Some(u.account_id.clone()));
        Ok(u.account_id)
    }
}
