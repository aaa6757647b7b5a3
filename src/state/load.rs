//! Reading a stored document (an issue's checklist, a settings document): part 0 first (one request for the usual checklist), the other
//! parts only when part 0 says there are more.

use crate::host::props::{self, Scope};
use crate::host::{Context, Host, HostError};
use thiserror::Error;
use ticklist_core::codec::{self, DecodeError};
use ticklist_core::Document;

/// What is stored for an issue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredDoc {
    pub doc: Document,
    /// Whether the checklist property exists at all.
    pub exists: bool,
    /// How many parts part 0 announces (1 when absent).
    pub parts: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum ReadError {
    #[error(transparent)]
    Host(#[from] HostError),
    /// Stored data we cannot read: it is kept as is and never overwritten.
    #[error(transparent)]
    Unreadable(#[from] DecodeError),
}

/// Reads every part of an issue's checklist.
pub async fn read_document(host: &dyn Host, issue: &str) -> Result<StoredDoc, ReadError> {
    read_at(host, Scope::Issue(issue), codec::CHECKLIST_KEY).await
}

/// Reads every part of the document stored under `key` on one entity.
pub async fn read_at(host: &dyn Host, scope: Scope<'_>, key: &str) -> Result<StoredDoc, ReadError> {
    let Some(first) = props::read(host, scope, key).await? else {
        return Ok(StoredDoc {
            doc: Document::new(),
            exists: false,
            parts: 1,
        });
    };
    let head = codec::decode(&first)?;
    let mut doc = head.doc;
    for n in 1..head.parts {
        // A missing part (a write that never completed) just contributes nothing.
        if let Some(raw) = props::read(host, scope, &codec::part_key_of(key, n)).await? {
            doc = ticklist_core::merge(&doc, &codec::decode(&raw)?.doc);
        }
    }
    Ok(StoredDoc {
        doc,
        exists: true,
        parts: head.parts.max(1),
    })
}

/// The issue id (preferred: stable across key changes) or key from the host's context.
pub fn issue_of(context: &Context) -> Option<String> {
    context
        .issue_id
        .clone()
        .or_else(|| context.issue_key.clone())
}
