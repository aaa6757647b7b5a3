//! Pages: each picks its data from `state` and composes components.

pub mod settings;

use crate::host::Host;
use leptos::prelude::*;
use std::future::Future;
use std::rc::Rc;

/// Starts a page: applies Jira's theme, runs `open` once and puts its result in place of
/// `initial`, then fits the iframe. Both bundles' roots begin this way.
pub fn open_page<P, F>(
    host: &Rc<dyn Host>,
    initial: P,
    open: impl FnOnce(Rc<dyn Host>) -> F + 'static,
) -> RwSignal<P, LocalStorage>
where
    P: 'static,
    F: Future<Output = P> + 'static,
{
    let phase = RwSignal::new_local(initial);
    host.enable_theme();
    let host = host.clone();
    leptos::task::spawn_local(async move {
        let next = open(host.clone()).await;
        phase.try_set(next);
        host.resize();
    });
    phase
}
