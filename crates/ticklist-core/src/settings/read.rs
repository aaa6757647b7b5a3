//! Reading a settings document: every entry validated, what cannot be read reported.

use super::{
    ApplyWhen, DefaultRule, Settings, StoredStatus, Template, ANY_TYPE, DEFAULT_PREFIX,
    OPT_COLLAPSE_DONE, OPT_HIDE_GLOBAL, OPT_MAX_ITEMS, SETTINGS_VERSION, STATUS_PREFIX,
    VERSION_META,
};
use crate::model::{Document, ListId};
use crate::status::{valid_status_id, Category, Status, StatusSet};

/// Reads the settings a document holds. Never fails: what cannot be read is reported in
/// [`Settings::problems`] and left out.
pub fn read(doc: &Document) -> Settings {
    let mut s = Settings {
        templates: doc
            .lists()
            .into_iter()
            .map(|l| Template {
                id: l.id,
                name: l.name,
                items: l.items,
            })
            .collect(),
        ..Settings::default()
    };
    if let Some(v) = doc.meta(VERSION_META) {
        if v.parse::<u64>().map_or(true, |v| v > SETTINGS_VERSION) {
            s.problems.push(format!(
                "these settings were saved by a newer version of Ticklist (settings format {v}); \
                 some of them may not be shown"
            ));
        }
    }
    let mut statuses: Vec<(u32, Status)> = StatusSet::default()
        .statuses
        .into_iter()
        .enumerate()
        .map(|(i, st)| (i as u32 * 10, st))
        .collect();
    let mut statuses_changed = false;
    for (key, reg) in &doc.meta {
        let value = reg.value.as_str();
        if let Some(ty) = key.strip_prefix(DEFAULT_PREFIX) {
            if value.is_empty() {
                continue;
            }
            match parse_rule(value) {
                Some((template_id, apply)) => s.defaults.push(DefaultRule {
                    issue_type_id: (ty != ANY_TYPE).then(|| ty.to_owned()),
                    template_id,
                    apply,
                }),
                None => s.problems.push(format!(
                    "default template for \"{ty}\" cannot be read: {value}"
                )),
            }
        } else if let Some(id) = key.strip_prefix(STATUS_PREFIX) {
            let parsed =
                parse_status(value).filter(|st| valid_status_id(id) && !st.name.trim().is_empty());
            let Some(st) = parsed else {
                s.problems
                    .push(format!("status \"{id}\" cannot be read: {value}"));
                continue;
            };
            statuses_changed = true;
            let status = Status {
                id: id.to_owned(),
                name: st.name,
                category: st.category,
                complete: st.complete,
                color: st.color,
                retired: st.retired,
            };
            match statuses.iter_mut().find(|(_, x)| x.id == id) {
                Some(slot) => *slot = (st.pos.unwrap_or(slot.0), status),
                None => statuses.push((st.pos.unwrap_or(u32::MAX), status)),
            }
        } else {
            match key.as_str() {
                OPT_HIDE_GLOBAL => s.hide_global_templates = value == "true",
                OPT_COLLAPSE_DONE => s.collapse_done = Some(value == "true"),
                OPT_MAX_ITEMS => match value.parse::<usize>() {
                    Ok(n) if n > 0 => s.max_items = Some(n),
                    _ => s
                        .problems
                        .push(format!("item limit cannot be read: {value}")),
                },
                _ => {}
            }
        }
    }
    if statuses_changed {
        // Stable: equal positions keep the built-in order, then ids.
        crate::sort::sort_by_key(&mut statuses, |a| a.0);
        s.statuses = Some(StatusSet {
            statuses: statuses.into_iter().map(|(_, st)| st).collect(),
        });
    }
    s
}

/// Reads a stored status by hand rather than with a derived `Deserialize`: the derive's error
/// messages pull float formatting into the issue panel's bundle (measured: ~4 KB brotli).
fn parse_status(value: &str) -> Option<StoredStatus> {
    let v: serde_json::Value = serde_json::from_str(value).ok()?;
    let category: Category = v.get("category")?.as_str()?.parse().ok()?;
    Some(StoredStatus {
        name: v.get("name")?.as_str()?.to_owned(),
        category,
        complete: v.get("complete")?.as_bool()?,
        color: v.get("color").and_then(|c| c.as_str()).map(str::to_owned),
        retired: v.get("retired").and_then(|r| r.as_bool()).unwrap_or(false),
        pos: match v.get("pos") {
            None => None,
            Some(p) => Some(u32::try_from(p.as_u64()?).ok()?),
        },
    })
}

fn parse_rule(value: &str) -> Option<(ListId, ApplyWhen)> {
    let (template, apply) = value.rsplit_once(' ')?;
    let apply: ApplyWhen = apply.parse().ok()?;
    (!template.is_empty()).then(|| (ListId::from(template), apply))
}
