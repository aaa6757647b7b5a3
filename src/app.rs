//! The issue panel page: loads the checklist through the host and shows it.

use crate::components::checklist::ChecklistView;
use crate::host::Host;
use crate::state::load::{load, LoadError};
use leptos::prelude::*;
use std::rc::Rc;
use ticklist_core::List;

#[derive(Clone, Debug, PartialEq)]
enum Phase {
    Loading,
    Ready(Vec<List>),
    Empty,
    Unreadable(String),
    Failed(String),
}

/// The panel. `host` is whatever the composition root picked.
#[component]
pub fn App(host: Rc<dyn Host>) -> impl IntoView {
    let phase = RwSignal::new(Phase::Loading);
    host.enable_theme();
    let reload = {
        let host = host.clone();
        move || {
            let h = host.clone();
            leptos::task::spawn_local(async move {
                let next = match load(h.as_ref()).await {
                    Ok(l) => match l.doc {
                        Some(doc) => Phase::Ready(doc.lists()),
                        None => Phase::Empty,
                    },
                    Err(LoadError::Unreadable(e)) => Phase::Unreadable(e.to_string()),
                    Err(e) => Phase::Failed(e.to_string()),
                };
                phase.try_set(next);
                h.resize();
            });
        }
    };
    reload();
    // Another user's edit: Jira tells us, and we show their version.
    host.on_issue_changed(Box::new(reload));
    let lists = Signal::derive(move || match phase.get() {
        Phase::Ready(l) => l,
        _ => Vec::new(),
    });
    view! {
        <main class="tl-app" data-testid="ticklist">
            {move || match phase.get() {
                Phase::Loading => view! { <p class="tl-note" data-testid="loading">"Loading checklist…"</p> }.into_any(),
                Phase::Ready(_) => view! { <ChecklistView lists=lists /> }.into_any(),
                Phase::Empty => view! { <p class="tl-note" data-testid="empty">"No checklist on this issue yet."</p> }.into_any(),
                Phase::Unreadable(msg) => view! {
                    <p class="tl-note tl-note--error" role="alert" data-testid="unreadable">
                        {msg} " It has been left untouched."
                    </p>
                }.into_any(),
                Phase::Failed(msg) => view! {
                    <p class="tl-note tl-note--error" role="alert" data-testid="failed">{msg}</p>
                }.into_any(),
            }}
        </main>
    }
}
