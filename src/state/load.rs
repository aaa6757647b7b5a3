//! Loading an issue's checklist: part 0 first (one request for the usual checklist), the other
//! parts only when part 0 says there are more.

use crate::host::props::{self, Scope};
use crate::host::{Context, Host, HostError};
use thiserror::Error;
use ticklist_core::codec::{self, DecodeError};
use ticklist_core::Document;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Loaded {
    pub context: Context,
    /// `None`: the issue has no checklist yet.
    pub doc: Option<Document>,
}

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum LoadError {
    #[error(transparent)]
    Host(#[from] HostError),
    /// Stored data we cannot read: it is kept as is and never overwritten.
    #[error(transparent)]
    Unreadable(#[from] DecodeError),
    #[error("Ticklist was opened outside an issue")]
    NoIssue,
}

pub async fn load(host: &dyn Host) -> Result<Loaded, LoadError> {
    let context = host.context().await?;
    let issue = context
        .issue_id
        .clone()
        .or_else(|| context.issue_key.clone())
        .ok_or(LoadError::NoIssue)?;
    let Some(first) = props::read(host, Scope::Issue(&issue), codec::CHECKLIST_KEY).await? else {
        return Ok(Loaded { context, doc: None });
    };
    let head = codec::decode(&first)?;
    let mut doc = head.doc;
    for n in 1..head.parts {
        // A missing part (a write that never completed) just contributes nothing.
        if let Some(raw) = props::read(host, Scope::Issue(&issue), &codec::part_key(n)).await? {
            doc = ticklist_core::merge(&doc, &codec::decode(&raw)?.doc);
        }
    }
    Ok(Loaded {
        context,
        doc: Some(doc),
    })
}
