//! "Search for issues using JQL (enhanced search)": `GET /rest/api/3/search/jql`, with
//! `nextPageToken` paging and the small JQL subset a migration needs:
//!
//! `project = KEY`, `project in (A, B)`, `issuetype = Name`, `key in (A-1, B-2)`,
//! `issue.property[key] IS [NOT] EMPTY`, joined by `AND`, then `ORDER BY key [ASC|DESC]`.
//! Like Jira, a query must be bounded (have at least one restriction), and only issues the
//! caller can browse are found.

use crate::rest::{authenticate, error, issue_json};
use crate::world::{Issue, World};
use crate::Sim;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::Arc;

#[derive(Debug, PartialEq)]
enum Clause {
    Projects(Vec<String>),
    IssueType(String),
    Keys(Vec<String>),
    Property { key: String, present: bool },
}

#[derive(Debug, PartialEq)]
struct Query_ {
    clauses: Vec<Clause>,
    descending: bool,
}

fn values(list: &str) -> Vec<String> {
    list.trim()
        .trim_start_matches('(')
        .trim_end_matches(')')
        .split(',')
        .map(|v| v.trim().trim_matches('"').to_owned())
        .filter(|v| !v.is_empty())
        .collect()
}

fn parse(jql: &str) -> Result<Query_, String> {
    let lower = jql.to_ascii_lowercase();
    let (body, order) = match lower.find("order by") {
        Some(at) => (&jql[..at], Some(jql[at + 8..].trim())),
        None => (jql, None),
    };
    let descending = match order.map(|o| o.to_ascii_lowercase()) {
        None => false,
        Some(o) if o == "key" || o == "key asc" => false,
        Some(o) if o == "key desc" => true,
        Some(o) => return Err(format!("Ordering by '{o}' is not supported here.")),
    };
    let mut clauses = Vec::new();
    for part in split_and(body) {
        let mut p = part.trim();
        // `A AND (B)`: a parenthesised clause of this subset is the clause.
        while p.starts_with('(') && p.ends_with(')') && split_and(&p[1..p.len() - 1]).len() == 1 {
            p = p[1..p.len() - 1].trim();
        }
        if p.is_empty() {
            continue;
        }
        let l = p.to_ascii_lowercase();
        let clause = if let Some(rest) = l.strip_prefix("project") {
            let rest = rest.trim_start();
            if let Some(v) = rest.strip_prefix("in") {
                Clause::Projects(values(&p[p.len() - v.len()..]))
            } else if let Some(v) = rest.strip_prefix('=') {
                Clause::Projects(values(&p[p.len() - v.len()..]))
            } else {
                return Err(format!("Error in the JQL Query: '{p}'."));
            }
        } else if let Some(rest) = l.strip_prefix("issuetype") {
            let v = rest
                .trim_start()
                .strip_prefix('=')
                .ok_or_else(|| format!("Error in the JQL Query: '{p}'."))?;
            Clause::IssueType(p[p.len() - v.len()..].trim().trim_matches('"').to_owned())
        } else if let Some(rest) = l.strip_prefix("key") {
            let v = rest
                .trim_start()
                .strip_prefix("in")
                .ok_or_else(|| format!("Error in the JQL Query: '{p}'."))?;
            Clause::Keys(values(&p[p.len() - v.len()..]))
        } else if l.starts_with("issue.property[") {
            let end = p
                .find(']')
                .ok_or_else(|| format!("Error in the JQL Query: '{p}'."))?;
            let key = p["issue.property[".len()..end].to_owned();
            let tail = l[end + 1..]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            let present = match tail.as_str() {
                "is not empty" => true,
                "is empty" => false,
                _ => return Err(format!("Error in the JQL Query: '{p}'.")),
            };
            Clause::Property { key, present }
        } else {
            return Err(format!(
                "Error in the JQL Query: the field in '{p}' is not supported by the simulator."
            ));
        };
        clauses.push(clause);
    }
    if clauses.is_empty() {
        return Err(
            "Unbounded JQL queries are not allowed here. Please add a search restriction to your query."
                .into(),
        );
    }
    Ok(Query_ {
        clauses,
        descending,
    })
}

/// Splits on ` AND ` outside parentheses, ignoring case.
fn split_and(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0i32, 0usize);
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'(' | b'[' => depth += 1,
            b')' | b']' => depth -= 1,
            _ => {}
        }
        if depth == 0 && s[i..].len() >= 5 && s[i..i + 5].eq_ignore_ascii_case(" and ") {
            out.push(&s[start..i]);
            i += 5;
            start = i;
            continue;
        }
        i += 1;
    }
    out.push(&s[start..]);
    out
}

fn matches(world: &World, q: &Query_, i: &Issue) -> bool {
    q.clauses.iter().all(|c| match c {
        Clause::Projects(keys) => world.project(&i.project_id).is_some_and(|p| {
            keys.iter()
                .any(|k| k.eq_ignore_ascii_case(&p.key) || *k == p.id)
        }),
        Clause::IssueType(name) => world
            .issue_type(&i.issue_type_id)
            .is_some_and(|t| t.name.eq_ignore_ascii_case(name) || t.id == *name),
        Clause::Keys(keys) => keys.iter().any(|k| k.eq_ignore_ascii_case(&i.key)),
        Clause::Property { key, present } => {
            world
                .issue_props
                .get(&i.id)
                .is_some_and(|p| p.contains_key(key))
                == *present
        }
    })
}

/// Issue number within its project, for `ORDER BY key` (TL-10 after TL-9).
fn key_order(key: &str) -> (String, u64) {
    let (p, n) = key.rsplit_once('-').unwrap_or((key, "0"));
    (p.to_owned(), n.parse().unwrap_or(0))
}

/// A token names the query it belongs to, so one cannot page another query.
fn token(jql: &str, offset: usize) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in jql.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    format!("{offset:x}.{h:x}")
}

pub async fn search(
    State(sim): State<Arc<Sim>>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let world = sim.world.lock().expect("world lock");
    let user = match authenticate(&world, &headers) {
        Ok(u) => u,
        Err(r) => return r,
    };
    let jql = q.get("jql").map(String::as_str).unwrap_or_default();
    let query = match parse(jql) {
        Ok(query) => query,
        Err(m) => return error(StatusCode::BAD_REQUEST, &m),
    };
    let offset = match q.get("nextPageToken") {
        None => 0,
        Some(t) => match t.split_once('.') {
            Some((o, _)) if token(jql, usize::from_str_radix(o, 16).unwrap_or(0)) == *t => {
                usize::from_str_radix(o, 16).unwrap_or(0)
            }
            _ => {
                return error(
                    StatusCode::BAD_REQUEST,
                    "The provided next page token is invalid or expired.",
                )
            }
        },
    };
    let fields = q.get("fields").map(String::as_str).unwrap_or("id");
    let properties = q.get("properties").map(String::as_str).unwrap_or("");
    let ids_only = fields
        .split(',')
        .all(|f| f.trim() == "id" || f.trim() == "key")
        && properties.is_empty();
    let max = q
        .get("maxResults")
        .and_then(|m| m.parse::<usize>().ok())
        .unwrap_or(50)
        .clamp(1, if ids_only { 5000 } else { 100 });
    let mut found: Vec<&Issue> = world
        .issues
        .iter()
        .filter(|i| {
            world
                .project(&i.project_id)
                .is_some_and(|p| world.can_browse(&user, p))
        })
        .filter(|i| matches(&world, &query, i))
        .collect();
    found.sort_by_key(|i| key_order(&i.key));
    if query.descending {
        found.reverse();
    }
    let page: Vec<Value> = found
        .iter()
        .skip(offset)
        .take(max)
        .filter_map(|i| {
            let mut v = issue_json(&sim, &world, &user, &i.key)?;
            crate::rest::select(
                &mut v,
                &world,
                Some(fields),
                Some(properties).filter(|p| !p.is_empty()),
            );
            Some(v)
        })
        .collect();
    let next = offset + page.len();
    let mut body = json!({ "issues": page, "isLast": next >= found.len() });
    if next < found.len() {
        body["nextPageToken"] = json!(token(jql, next));
    }
    Json(body).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_jql_subset_parses_and_unbounded_queries_are_refused() {
        let q = parse("project = MIG AND issue.property[com.railsware.SmartChecklist.checklist] is not EMPTY ORDER BY key DESC").unwrap();
        assert_eq!(
            q.clauses,
            [
                Clause::Projects(vec!["MIG".into()]),
                Clause::Property {
                    key: "com.railsware.SmartChecklist.checklist".into(),
                    present: true
                }
            ]
        );
        assert!(q.descending);
        assert_eq!(
            parse("key in (TL-1, \"OPS-1\")").unwrap().clauses,
            [Clause::Keys(vec!["TL-1".into(), "OPS-1".into()])]
        );
        assert_eq!(
            parse("project = TL AND (key in (TL-1, MIG-1))")
                .unwrap()
                .clauses
                .len(),
            2
        );
        assert!(parse("order by key").unwrap_err().contains("Unbounded"));
        assert!(parse("summary ~ x").is_err());
        assert!(parse("project = TL order by created").is_err());
    }
}
