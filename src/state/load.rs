//! Reading a stored document (an issue's checklist, a settings document) and, for an issue, the
//! summary and status properties written with it. An issue's properties come in one request
//! (Jira's "Get issue" returns the properties it is asked for); other entities read their parts
//! in parallel. The reader asks for as many parts as it expects and fetches the rest only when
//! part 0 announces more.

use crate::host::props::{self, Scope};
use crate::host::{Context, Host, HostError};
use serde_json::Value;
use thiserror::Error;
use ticklist_core::codec::{self, DecodeError};
use ticklist_core::Document;

/// What is stored on one entity, part by part, as read (or as last written and confirmed).
#[derive(Clone, Debug, PartialEq)]
pub struct StoredDoc {
    /// The merge of every part part 0 announces.
    pub doc: Document,
    /// Whether part 0 exists at all.
    pub exists: bool,
    /// How many parts part 0 announces (1 when absent).
    pub parts: usize,
    /// Each part's value as stored (`None`: absent), including leftovers beyond `parts`, so
    /// a save writes only the parts whose value changes and deletes only leftovers that exist.
    pub values: Vec<Option<Value>>,
    /// The other properties read with the document (summary, status), by key.
    pub extras: Vec<(String, Option<Value>)>,
}

impl StoredDoc {
    pub fn value(&self, n: usize) -> Option<&Value> {
        self.values.get(n).and_then(Option::as_ref)
    }

    pub fn extra(&self, key: &str) -> Option<&Value> {
        self.extras
            .iter()
            .find(|(k, _)| k == key)
            .and_then(|(_, v)| v.as_ref())
    }

    /// Rebuilds `doc`, `exists` and `parts` from `values` (after some were replaced).
    pub fn decode(&mut self) -> Result<(), ReadError> {
        let head = self.value(0).map(codec::decode_value).transpose()?;
        self.assemble(head)
    }

    /// [`Self::decode`] with part 0 already decoded (`None`: there is no part 0).
    fn assemble(&mut self, head: Option<codec::Decoded>) -> Result<(), ReadError> {
        let Some(head) = head else {
            self.doc = Document::new();
            self.exists = false;
            self.parts = 1;
            return Ok(());
        };
        let mut doc = head.doc;
        for n in 1..head.parts {
            // A missing part (a write that never completed) just contributes nothing.
            if let Some(v) = self.value(n) {
                doc = ticklist_core::merge(&doc, &codec::decode_value(v)?.doc);
            }
        }
        self.doc = doc;
        self.exists = true;
        self.parts = head.parts.max(1);
        Ok(())
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum ReadError {
    #[error(transparent)]
    Host(#[from] HostError),
    /// Stored data we cannot read: it is kept as is and never overwritten.
    #[error(transparent)]
    Unreadable(#[from] DecodeError),
}

/// Reads an issue's checklist to open the panel: part 0 alone (the cheapest request Jira has,
/// and all a usual checklist needs), then the parts it announces in one more request. The
/// summary and status are read by the first save, which needs them fresh anyway.
pub async fn read_document(host: &dyn Host, issue: &str) -> Result<StoredDoc, ReadError> {
    read_at(host, Scope::Issue(issue), codec::CHECKLIST_KEY, 1, &[]).await
}

/// More parts than any writer makes (see `Limits::parts`): a damaged or crafted part 0 cannot
/// make the reader ask for thousands of properties.
const MAX_PARTS: usize = 64;

/// Reads the document stored under `key` on one entity, expecting `expect` parts, plus the
/// `extras` properties.
pub async fn read_at(
    host: &dyn Host,
    scope: Scope<'_>,
    key: &str,
    expect: usize,
    extras: &[&str],
) -> Result<StoredDoc, ReadError> {
    let expect = expect.max(1);
    let mut keys: Vec<String> = (0..expect).map(|n| codec::part_key_of(key, n)).collect();
    keys.extend(extras.iter().map(|k| (*k).to_owned()));
    let mut values = props::read_many(host, scope, &keys).await?;
    let extra_values = values.split_off(expect);
    let mut stored = StoredDoc {
        doc: Document::new(),
        exists: false,
        parts: 1,
        values,
        extras: extras
            .iter()
            .map(|k| (*k).to_owned())
            .zip(extra_values)
            .collect(),
    };
    // Part 0 says how many parts there are. When it announces more than we asked for, every
    // part is read again in one request, part 0 included: another writer may replace part 0
    // between our two reads, and a save that judged "nothing to write" from part 0 as it was
    // and the other parts as they are now would report as stored what no longer is.
    let mut asked = expect;
    let mut head = stored.value(0).map(codec::decode_value).transpose()?;
    while let Some(announced) = head.as_ref().map(|h| h.parts.min(MAX_PARTS)) {
        if announced <= asked {
            break;
        }
        let keys: Vec<String> = (0..announced).map(|n| codec::part_key_of(key, n)).collect();
        stored.values = props::read_many(host, scope, &keys).await?;
        head = stored.value(0).map(codec::decode_value).transpose()?;
        asked = announced;
    }
    // Part 0 is decoded once: a checklist in one part is read with no second pass.
    stored.assemble(head)?;
    Ok(stored)
}

/// The issue id (preferred: stable across key changes) or key from the host's context.
pub fn issue_of(context: &Context) -> Option<String> {
    context
        .issue_id
        .clone()
        .or_else(|| context.issue_key.clone())
}
