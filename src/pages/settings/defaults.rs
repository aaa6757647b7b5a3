//! Default templates: one row per issue type, plus "any issue type".

use crate::state::edit::RuleChange;
use crate::state::settings::IssueType;
use crate::strings as s;
use leptos::prelude::*;
use ticklist_core::settings::{ApplyWhen, Settings};
use ticklist_core::ListId;

/// One row per issue type, plus "any issue type": which template, applied or offered.
#[component]
pub fn DefaultRules(
    types: Vec<IssueType>,
    settings: Memo<Settings>,
    global: Option<Settings>,
    can_edit: RwSignal<bool>,
    on_set: Callback<RuleChange>,
) -> impl IntoView {
    let mut rows: Vec<(Option<String>, String)> = vec![(None, s::ANY_ISSUE_TYPE.to_owned())];
    rows.extend(types.into_iter().map(|t| (Some(t.id), t.name)));
    let global = StoredValue::new(global);
    // Templates a rule can name: this scope's, then (project page) the global ones unless hidden.
    let choices = Memo::new(move |_| {
        let own = settings.with(|s| {
            s.templates
                .iter()
                .map(|t| (t.id.clone(), t.name.clone()))
                .collect::<Vec<_>>()
        });
        let hide = settings.with(|s| s.hide_global_templates);
        let mut all = own;
        if !hide {
            global.with_value(|g| {
                if let Some(g) = g {
                    all.extend(
                        g.templates
                            .iter()
                            .map(|t| (t.id.clone(), format!("{} {}", t.name, s::GLOBAL_SUFFIX))),
                    );
                }
            });
        }
        all
    });
    view! {
        <table class="tl-settings__table" data-testid="default-rules">
            <thead><tr><th scope="col">{s::ISSUE_TYPE}</th><th scope="col">{s::TEMPLATE}</th><th scope="col">{s::WHEN}</th></tr></thead>
            <tbody>
                {rows.into_iter().map(|(ty, name)| {
                    let slug = ty.clone().unwrap_or_else(|| "any".into());
                    let ty = StoredValue::new(ty);
                    let rule = Memo::new(move |_| {
                        let t = ty.get_value();
                        settings.with(|s| s.defaults.iter().find(|r| r.issue_type_id == t).map(|r| (r.template_id.clone(), r.apply)))
                    });
                    let label = format!("{}: {name}", s::TEMPLATE);
                    let when_label = format!("{}: {name}", s::WHEN);
                    view! {
                        <tr>
                            <th scope="row">{name.clone()}</th>
                            <td>
                                <select class="tl-select" data-testid=format!("default-template-{slug}") aria-label=label prop:disabled=move || !can_edit.get()
                                    on:change=move |ev| {
                                        let v = event_target_value(&ev);
                                        let apply = rule.get_untracked().map_or(ApplyWhen::Offer, |r| r.1);
                                        on_set.run(RuleChange { issue_type: ty.get_value(), rule: (!v.is_empty()).then(|| (ListId::from(v), apply)) });
                                    }>
                                    <option value="" selected=move || rule.with(Option::is_none)>{s::NO_TEMPLATE}</option>
                                    {move || choices.get().into_iter().map(|(id, n)| {
                                        let chosen = rule.with(|r| r.as_ref().is_some_and(|r| r.0 == id));
                                        view! { <option value=String::from(id) selected=chosen>{n}</option> }
                                    }).collect_view()}
                                </select>
                            </td>
                            <td>
                                <select class="tl-select" data-testid=format!("default-apply-{slug}") aria-label=when_label
                                    prop:disabled=move || !can_edit.get() || rule.with(Option::is_none)
                                    on:change=move |ev| {
                                        let apply = event_target_value(&ev).parse().unwrap_or(ApplyWhen::Offer);
                                        if let Some((t, _)) = rule.get_untracked() {
                                            on_set.run(RuleChange { issue_type: ty.get_value(), rule: Some((t, apply)) });
                                        }
                                    }>
                                    <option value=ApplyWhen::Offer.as_str() selected=move || rule.with(|r| !matches!(r, Some((_, ApplyWhen::Auto))))>{s::APPLY_OFFER}</option>
                                    <option value=ApplyWhen::Auto.as_str() selected=move || rule.with(|r| matches!(r, Some((_, ApplyWhen::Auto))))>{s::APPLY_AUTO}</option>
                                </select>
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}
