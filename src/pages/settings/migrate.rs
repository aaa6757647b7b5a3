//! "Move checklists over from another app": choose where the other app keeps its checklists
//! and which issues, run a dry run (writes nothing, lists what each issue would get), then the
//! migration with progress, pause and cancel, and the report. A project's page is limited to
//! its project.

use crate::components::import_box::format_name;
use crate::state::migration::{Migration, Outcome, Row, Run, Source, SourceKind};
use crate::strings as s;
use leptos::prelude::*;
use ticklist_core::import::Format;

#[component]
pub fn MigrationSection(migration: Migration, project: Option<String>) -> impl IntoView {
    let source = RwSignal::new("smart".to_owned());
    let key = RwSignal::new("customfield_10050".to_owned());
    let format = RwSignal::new(Format::HeroCoders);
    let jql = RwSignal::new(match &project {
        Some(_) => String::new(),
        None => "project = ".to_owned(),
    });
    // The inputs of the last finished dry run: migrating needs one for exactly these inputs.
    let checked = RwSignal::new(None::<(String, String, String, &'static str)>);
    let inputs = move || (source.get(), key.get(), jql.get(), format.get().as_str());
    let stored_project = StoredValue::new(project.clone());
    let query = move || {
        let extra = jql.get_untracked();
        match &stored_project.get_value() {
            Some(p) if extra.trim().is_empty() => format!("project = {p} ORDER BY key"),
            Some(p) => format!("project = {p} AND ({}) ORDER BY key", extra.trim()),
            None => format!("{} ORDER BY key", extra.trim()),
        }
    };
    let chosen = move || Source {
        kind: match source.get_untracked().as_str() {
            "field" => SourceKind::Field(key.get_untracked().trim().to_owned()),
            "property" => SourceKind::Property(key.get_untracked().trim().to_owned()),
            _ => SourceKind::SmartChecklist,
        },
        format: if source.get_untracked() == "smart" {
            Format::SmartChecklist
        } else {
            format.get_untracked()
        },
    };
    // The inputs the current run started with (not those typed while it runs).
    let ran_with = StoredValue::new(None::<(String, String, String, &'static str)>);
    let start = move |dry: bool| {
        if dry {
            checked.set(None);
        }
        ran_with.set_value(Some(untrack(inputs)));
        migration.start(chosen(), query(), stored_project.get_value(), dry);
    };
    // A dry run that finished without a search error vouches for the inputs it ran with.
    Effect::new(move |_| {
        if migration.run.get() == Run::Done
            && migration.dry.get_untracked()
            && migration.error.get_untracked().is_none()
        {
            checked.set(ran_with.get_value());
        }
    });
    let busy = move || {
        matches!(
            migration.run.get(),
            Run::Searching | Run::Running | Run::Paused
        )
    };
    let can_migrate = move || !busy() && checked.get().is_some_and(|c| c == inputs());
    let scope_label = match &project {
        Some(p) => format!("{} {p}, {}", s::MIGRATE_ISSUES_OF, s::MIGRATE_AND_JQL),
        None => s::MIGRATE_JQL.to_owned(),
    };
    view! {
        <section class="tl-settings__section tl-migrate" data-testid="migrate" aria-labelledby="tl-migrate-title">
            <h2 id="tl-migrate-title">{s::MIGRATE_TITLE}</h2>
            <p class="tl-note">{s::MIGRATE_HINT}</p>
            <div class="tl-migrate__fields">
                <label>{s::MIGRATE_SOURCE} " "
                    <select class="tl-select" data-testid="migrate-source" on:change=move |ev| source.set(event_target_value(&ev))>
                        <option value="smart">{s::MIGRATE_FROM_SMART}</option>
                        <option value="field">{s::MIGRATE_FROM_FIELD}</option>
                        <option value="property">{s::MIGRATE_FROM_PROPERTY}</option>
                    </select>
                </label>
                <Show when=move || source.get() != "smart">
                    <label>{move || if source.get() == "field" { s::MIGRATE_FIELD_ID } else { s::MIGRATE_PROPERTY_KEY }} " "
                        <input class="tl-add tl-migrate__input" data-testid="migrate-source-key" prop:value=move || key.get()
                            on:input=move |ev| key.set(event_target_value(&ev)) />
                    </label>
                    <label>{s::MIGRATE_FORMAT} " "
                        <select class="tl-select" data-testid="migrate-format"
                            on:change=move |ev| format.set(Format::parse(&event_target_value(&ev)).unwrap_or(Format::HeroCoders))>
                            {Format::ALL.into_iter().map(|f| view! {
                                <option value=f.as_str()>{format_name(f)}</option>
                            }).collect_view()}
                        </select>
                    </label>
                </Show>
                <label>{scope_label} " "
                    <input class="tl-add tl-migrate__input" data-testid="migrate-jql" prop:value=move || jql.get()
                        on:input=move |ev| jql.set(event_target_value(&ev)) />
                </label>
            </div>
            <div class="tl-text__actions">
                <button class="tl-button tl-button--primary" data-testid="migrate-dry-run" prop:disabled=busy
                    on:click=move |_| start(true)>{s::MIGRATE_DRY_RUN}</button>
                <button class="tl-button" data-testid="migrate-run" prop:disabled=move || !can_migrate()
                    title=s::MIGRATE_NEEDS_DRY_RUN on:click=move |_| start(false)>{s::MIGRATE_RUN}</button>
                <Show when=busy>
                    <button class="tl-button" data-testid="migrate-pause"
                        on:click=move |_| migration.pause(migration.run.get_untracked() != Run::Paused)>
                        {move || if migration.run.get() == Run::Paused { s::MIGRATE_RESUME } else { s::MIGRATE_PAUSE }}</button>
                    <button class="tl-button" data-testid="migrate-cancel" on:click=move |_| migration.cancel()>{s::CANCEL}</button>
                </Show>
            </div>
            <Show when=move || migration.run.get() != Run::Idle>
                <div class="tl-migrate__progress">
                    <progress data-testid="migrate-progress" aria-label=s::MIGRATE_PROGRESS
                        max=move || migration.total.get().max(1) value=move || migration.rows.with(Vec::len)></progress>
                    <span data-testid="migrate-count" role="status">{move || format!("{} / {} {}", migration.rows.with(Vec::len), migration.total.get(), s::MIGRATE_ISSUES)}</span>
                </div>
            </Show>
            <Show when=move || migration.error.with(Option::is_some)>
                <p class="tl-note tl-note--error" role="alert" data-testid="migrate-error">{move || migration.error.get().unwrap_or_default()}</p>
            </Show>
            <Show when=move || matches!(migration.run.get(), Run::Done | Run::Cancelled) && migration.error.with(Option::is_none)>
                <p class="tl-migrate__summary" data-testid="migrate-summary" role="status">
                    {move || summary(&migration)}
                </p>
                <ul class="tl-migrate__rows" data-testid="migrate-rows" aria-label=s::MIGRATE_REPORT>
                    {move || {
                        let dry = migration.dry.get_untracked();
                        migration.rows.with(|rows| {
                            let mut rows = rows.clone();
                            ticklist_core::sort::sort_by_key(&mut rows, |r| key_order(&r.key));
                            rows.into_iter().map(|r| view! {
                                <li class="tl-migrate__row" class:tl-migrate__row--problem=matches!(r.outcome, Outcome::Skipped(_) | Outcome::Failed(_))
                                    data-testid="migrate-row">{row_text(&r, dry)}</li>
                            }).collect_view()
                        })
                    }}
                </ul>
            </Show>
        </section>
    }
}

fn key_order(key: &str) -> (String, u64) {
    let (p, n) = key.rsplit_once('-').unwrap_or((key, "0"));
    (p.to_owned(), n.parse().unwrap_or(0))
}

fn row_text(r: &Row, dry: bool) -> String {
    let what = match &r.outcome {
        Outcome::Added(n) if dry => format!("{} {n} {}", s::MIGRATE_WOULD_ADD, s::ITEMS),
        Outcome::Added(n) => format!("{} {n} {}", s::MIGRATE_ADDED, s::ITEMS),
        Outcome::NothingToAdd => s::MIGRATE_NOTHING.to_owned(),
        Outcome::NoSource => s::MIGRATE_NO_SOURCE.to_owned(),
        Outcome::Skipped(why) => format!("{}: {why}", s::MIGRATE_SKIPPED),
        Outcome::Failed(why) => format!("{}: {why}", s::MIGRATE_FAILED),
    };
    if r.unclear > 0 {
        format!(
            "{}: {what} ({} {})",
            r.key,
            r.unclear,
            s::MIGRATE_LINES_AS_TEXT
        )
    } else {
        format!("{}: {what}", r.key)
    }
}

fn summary(m: &Migration) -> String {
    let dry = m.dry.get();
    let cancelled = m.run.get() == Run::Cancelled;
    m.rows.with(|rows| {
        let count = |f: fn(&Outcome) -> bool| rows.iter().filter(|r| f(&r.outcome)).count();
        let items: usize = rows
            .iter()
            .map(|r| match r.outcome {
                Outcome::Added(n) => n,
                _ => 0,
            })
            .sum();
        format!(
            "{}{} {} {}: {} {} ({items} {}), {} {}, {} {}, {} {}, {} {}. {} s.",
            if cancelled { s::MIGRATE_CANCELLED } else { "" },
            if dry {
                s::MIGRATE_DRY_RUN_DONE
            } else {
                s::MIGRATE_DONE
            },
            rows.len(),
            s::MIGRATE_ISSUES,
            count(|o| matches!(o, Outcome::Added(_))),
            if dry {
                s::MIGRATE_WOULD_CHANGE
            } else {
                s::MIGRATE_CHANGED
            },
            s::ITEMS,
            count(|o| matches!(o, Outcome::NothingToAdd)),
            s::MIGRATE_UP_TO_DATE,
            count(|o| matches!(o, Outcome::NoSource)),
            s::MIGRATE_WITHOUT,
            count(|o| matches!(o, Outcome::Skipped(_))),
            s::MIGRATE_SKIPPED_LOWER,
            count(|o| matches!(o, Outcome::Failed(_))),
            s::MIGRATE_FAILED_LOWER,
            seconds(m.elapsed_ms.get()),
        )
    })
}

/// Milliseconds as seconds with one decimal, rounded. In integers: formatting a float would
/// bring the float formatter (about 6 KB brotli) into the settings bundle for this one number.
fn seconds(ms: u64) -> String {
    let tenths = (ms + 50) / 100;
    format!("{}.{}", tenths / 10, tenths % 10)
}

#[cfg(test)]
mod tests {
    #[test]
    fn seconds_have_one_decimal_rounded() {
        for (ms, shown) in [
            (0, "0.0"),
            (49, "0.0"),
            (50, "0.1"),
            (1_949, "1.9"),
            (1_950, "2.0"),
            (61_234, "61.2"),
        ] {
            assert_eq!(super::seconds(ms), shown);
        }
    }
}
