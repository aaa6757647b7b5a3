//! Operations on issues themselves: the types a user can create in a project, create, link,
//! read many at once, and move through the workflow. Bodies, statuses and the permission each
//! needs follow Atlassian's OpenAPI description (tests/contract.rs checks every response) and
//! Jira's behaviour: a user who cannot see an issue gets "not found", never a hint it exists.

use crate::rest::{authenticate, error, issue_json, issue_type_json, select};
use crate::world::{Issue, Link, Project, Status, User, World, LINK_TYPES};
use crate::Sim;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use std::sync::Arc;

/// Jira's limit on a summary, in characters.
const MAX_SUMMARY_CHARS: usize = 255;
/// Bulk fetch answers at most this many issues per request.
const MAX_BULK: usize = 100;

pub fn routes() -> Router<Arc<Sim>> {
    Router::new()
        .route("/rest/api/3/issue", post(create))
        .route("/rest/api/3/issue/bulkfetch", post(bulk_fetch))
        .route("/rest/api/3/issueLink", post(link))
        .route(
            "/rest/api/3/issue/{issue}/transitions",
            get(transitions).post(transition),
        )
        .route(
            "/rest/api/3/issue/createmeta/{project}/issuetypes",
            get(create_meta),
        )
}

/// A status as Jira returns it (`StatusDetails`).
pub fn status_json(sim: &Sim, s: Status) -> Value {
    let (id, name, cat_id, cat_key, colour) = s.jira();
    let cat_name = match cat_key {
        "new" => "To Do",
        "indeterminate" => "In Progress",
        _ => "Done",
    };
    json!({
        "self": format!("{}/rest/api/3/status/{id}", sim.base_url),
        "id": id, "name": name, "description": "", "iconUrl": format!("{}/images/icons/statuses/generic.png", sim.base_url),
        "statusCategory": {
            "self": format!("{}/rest/api/3/statuscategory/{cat_id}", sim.base_url),
            "id": cat_id, "key": cat_key, "colorName": colour, "name": cat_name,
        },
    })
}

/// A link type by name (`IssueLinkType`).
pub fn link_type_json(sim: &Sim, name: &str) -> Option<Value> {
    let (id, name, inward, outward) = LINK_TYPES.iter().find(|t| t.1 == name)?;
    Some(json!({
        "id": id, "name": name, "inward": inward, "outward": outward,
        "self": format!("{}/rest/api/3/issueLinkType/{id}", sim.base_url),
    }))
}

fn field_errors(errors: &[(&str, String)]) -> Response {
    let errors: Map<String, Value> = errors
        .iter()
        .map(|(k, v)| ((*k).to_owned(), json!(v)))
        .collect();
    (
        StatusCode::BAD_REQUEST,
        Json(json!({"errorMessages": [], "errors": errors})),
    )
        .into_response()
}

/// Who calls (401 without credentials) and the JSON body they sent (400 when it is not JSON),
/// checked in Jira's order.
fn caller_and_body(
    world: &World,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(User, Value), Response> {
    let user = authenticate(world, headers)?;
    let v = serde_json::from_slice(body).map_err(|_| {
        error(
            StatusCode::BAD_REQUEST,
            "The request body is not valid JSON.",
        )
    })?;
    Ok((user, v))
}

/// `{"id": …}` or `{"key": …}` as Jira accepts for a reference to an issue or project.
fn reference(v: &Value) -> Option<&str> {
    v.get("id")
        .and_then(Value::as_str)
        .or_else(|| v.get("key").and_then(Value::as_str))
}

/// What Jira says of an issue that does not exist and of one the caller may not see alike.
const HIDDEN_ISSUE: &str = "Issue does not exist or you do not have permission to see it.";

/// The issue, when this user may see it.
fn visible<'w>(world: &'w World, user: &User, id_or_key: &str) -> Option<(&'w Issue, &'w Project)> {
    let issue = world.issue(id_or_key)?;
    let project = world
        .project(&issue.project_id)
        .filter(|p| world.can_browse(user, p))?;
    Some((issue, project))
}

/// The plain text of an Atlassian Document (paragraphs on their own lines), or why it is not one.
fn adf_text(doc: &Value) -> Result<String, String> {
    if doc.get("type").and_then(Value::as_str) != Some("doc") || doc.get("version").is_none() {
        return Err(
            "Operation value must be an Atlassian Document (see the Atlassian Document Format)"
                .into(),
        );
    }
    fn walk(n: &Value, out: &mut String) {
        if let Some(t) = n.get("text").and_then(Value::as_str) {
            out.push_str(t);
        }
        if n.get("type").and_then(Value::as_str) == Some("hardBreak") {
            out.push('\n');
        }
        for c in n
            .get("content")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            walk(c, out);
            if matches!(
                c.get("type").and_then(Value::as_str),
                Some("paragraph" | "heading")
            ) {
                out.push('\n');
            }
        }
    }
    let mut out = String::new();
    walk(doc, &mut out);
    Ok(out.trim_end().to_owned())
}

const SETTABLE: [&str; 7] = [
    "project",
    "issuetype",
    "summary",
    "description",
    "parent",
    "assignee",
    "duedate",
];

/// Jira's "Create issue": as the caller, who needs Browse and Create issues in the project.
async fn create(State(sim): State<Arc<Sim>>, headers: HeaderMap, body: Bytes) -> Response {
    let mut world = sim.world.lock().expect("world lock");
    let (user, v) = match caller_and_body(&world, &headers, &body) {
        Ok(c) => c,
        Err(r) => return r,
    };
    let Some(fields) = v.get("fields").and_then(Value::as_object) else {
        return field_errors(&[("project", "Specify a valid project ID or key".into())]);
    };
    let unknown: Vec<(&str, String)> = fields
        .keys()
        .filter(|k| !SETTABLE.contains(&k.as_str()))
        .map(|k| {
            (
                k.as_str(),
                format!(
                    "Field '{k}' cannot be set. It is not on the appropriate screen, or unknown."
                ),
            )
        })
        .collect();
    if !unknown.is_empty() {
        return field_errors(&unknown);
    }
    let project = fields
        .get("project")
        .and_then(reference)
        .and_then(|p| world.project(p))
        .filter(|p| world.can_browse(&user, p))
        .cloned();
    let Some(project) = project else {
        return field_errors(&[("project", "Specify a valid project ID or key".into())]);
    };
    if !world.can_create(&user, &project) {
        return error(
            StatusCode::FORBIDDEN,
            "You do not have permission to create issues in this project.",
        );
    }
    let ty = fields
        .get("issuetype")
        .and_then(|t| t.get("id").and_then(Value::as_str))
        .and_then(|id| world.issue_type(id))
        .cloned();
    let Some(ty) = ty else {
        return field_errors(&[("issuetype", "Specify an issue type".into())]);
    };
    let mut errors: Vec<(&str, String)> = Vec::new();
    let summary = fields
        .get("summary")
        .and_then(Value::as_str)
        .map(str::trim)
        .unwrap_or_default()
        .to_owned();
    if summary.is_empty() {
        errors.push(("summary", "You must specify a summary of the issue.".into()));
    } else if summary.chars().count() > MAX_SUMMARY_CHARS {
        errors.push((
            "summary",
            "Summary must be less than 255 characters.".into(),
        ));
    } else if summary.contains(['\n', '\r']) {
        errors.push((
            "summary",
            "The summary is invalid because it contains newline characters.".into(),
        ));
    }
    let description = match fields.get("description") {
        None | Some(Value::Null) => String::new(),
        Some(d) => adf_text(d).unwrap_or_else(|e| {
            errors.push(("description", e));
            String::new()
        }),
    };
    let parent = match fields.get("parent").and_then(reference) {
        Some(p) => match visible(&world, &user, p) {
            Some((parent, pp))
                if pp.id == project.id
                    && !world
                        .issue_type(&parent.issue_type_id)
                        .is_some_and(|t| t.subtask) =>
            {
                Some(parent.id.clone())
            }
            _ => {
                errors.push((
                    "parent",
                    "Given parent work item does not belong to appropriate hierarchy.".into(),
                ));
                None
            }
        },
        None => None,
    };
    if ty.subtask && parent.is_none() && !errors.iter().any(|e| e.0 == "parent") {
        errors.push(("parent", "Sub-task issues must have a parent.".into()));
    }
    if !ty.subtask && parent.is_some() {
        errors.push((
            "parent",
            "Given parent work item does not belong to appropriate hierarchy.".into(),
        ));
    }
    let assignee = match fields.get("assignee") {
        None | Some(Value::Null) => None,
        Some(a) => match a.get("accountId").and_then(Value::as_str) {
            Some(id) if world.user(id).is_some_and(|u| world.can_edit(u, &project)) => {
                Some(id.to_owned())
            }
            other => {
                errors.push((
                    "assignee",
                    format!(
                        "User '{}' cannot be assigned issues.",
                        other.unwrap_or_default()
                    ),
                ));
                None
            }
        },
    };
    let due = match fields.get("duedate") {
        None | Some(Value::Null) => None,
        Some(d) => match d.as_str().filter(|s| is_date(s)) {
            Some(s) => Some(s.to_owned()),
            None => {
                errors.push(("duedate", format!("Error parsing date string: {d}")));
                None
            }
        },
    };
    if !errors.is_empty() {
        return field_errors(&errors);
    }
    let issue = Issue {
        id: world.next_issue_id(),
        key: world.next_key(&project),
        summary,
        description,
        project_id: project.id.clone(),
        issue_type_id: ty.id.clone(),
        custom: Default::default(),
        status: Status::ToDo,
        parent,
        assignee,
        due,
        reporter: Some(user.account_id.clone()),
    };
    let created = json!({
        "id": issue.id, "key": issue.key,
        "self": format!("{}/rest/api/3/issue/{}", sim.base_url, issue.id),
    });
    world.issues.push(issue);
    if let Err(e) = sim.store.save(&world) {
        return error(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string());
    }
    (StatusCode::CREATED, Json(created)).into_response()
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        && matches!(s[5..7].parse::<u8>(), Ok(1..=12))
        && matches!(s[8..10].parse::<u8>(), Ok(1..=31))
}

/// Jira's "Create issue link": Browse on both issues and Link issues on the outward one.
async fn link(State(sim): State<Arc<Sim>>, headers: HeaderMap, body: Bytes) -> Response {
    let mut world = sim.world.lock().expect("world lock");
    let (user, v) = match caller_and_body(&world, &headers, &body) {
        Ok(c) => c,
        Err(r) => return r,
    };
    let side = |k: &str| v.get(k).and_then(reference).map(str::to_owned);
    let (Some(inward), Some(outward)) = (side("inwardIssue"), side("outwardIssue")) else {
        return error(
            StatusCode::BAD_REQUEST,
            "An inward and an outward issue are required.",
        );
    };
    let not_found = |m: &str| error(StatusCode::NOT_FOUND, m);
    let ty = v.get("type").and_then(|t| {
        let by_name = t.get("name").and_then(Value::as_str);
        let by_id = t.get("id").and_then(Value::as_str);
        LINK_TYPES
            .iter()
            .find(|l| Some(l.1) == by_name || Some(l.0) == by_id)
    });
    let Some(ty) = ty else {
        return not_found("No issue link type with that name or id was found.");
    };
    let (Some((inward, _)), Some((outward, out_project))) = (
        visible(&world, &user, &inward),
        visible(&world, &user, &outward),
    ) else {
        return not_found(HIDDEN_ISSUE);
    };
    if !world.can_create(&user, out_project) {
        return not_found("You do not have the permission to link issues.");
    }
    if inward.id == outward.id {
        return error(
            StatusCode::BAD_REQUEST,
            "You cannot link an issue to itself.",
        );
    }
    let link = Link {
        id: (20_000 + world.links.len()).to_string(),
        type_name: ty.1.to_owned(),
        inward: inward.id.clone(),
        outward: outward.id.clone(),
    };
    world.links.push(link);
    if let Err(e) = sim.store.save(&world) {
        return error(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string());
    }
    StatusCode::CREATED.into_response()
}

/// Jira's "Bulk fetch issues": up to 100 by id or key; those the caller cannot see are left
/// out without a word, as Jira does.
async fn bulk_fetch(State(sim): State<Arc<Sim>>, headers: HeaderMap, body: Bytes) -> Response {
    let world = sim.world.lock().expect("world lock");
    let (user, v) = match caller_and_body(&world, &headers, &body) {
        Ok(c) => c,
        Err(r) => return r,
    };
    let wanted: Vec<&str> = v
        .get("issueIdsOrKeys")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if wanted.is_empty() || wanted.len() > MAX_BULK {
        return error(
            StatusCode::BAD_REQUEST,
            "Between 1 and 100 issue IDs or keys must be requested.",
        );
    }
    let fields: Option<String> = v.get("fields").and_then(Value::as_array).map(|f| {
        f.iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(",")
    });
    let mut seen = std::collections::BTreeSet::new();
    let issues: Vec<Value> = wanted
        .iter()
        .filter_map(|k| issue_json(&sim, &world, &user, k))
        .filter(|i| seen.insert(i["id"].as_str().unwrap_or_default().to_owned()))
        .map(|mut i| {
            select(&mut i, &world, fields.as_deref(), None);
            i
        })
        .collect();
    Json(json!({"issues": issues, "issueErrors": []})).into_response()
}

fn transition_json(sim: &Sim, s: Status) -> Value {
    json!({
        "id": s.transition_id(), "name": s.jira().1, "to": status_json(sim, s),
        "hasScreen": false, "isGlobal": true, "isInitial": false, "isAvailable": true,
        "isConditional": false, "isLooped": false,
    })
}

/// Jira's "Get transitions": every status is one transition away in the simplified workflow;
/// none for a user without Transition issues.
async fn transitions(
    State(sim): State<Arc<Sim>>,
    Path(key): Path<String>,
    headers: HeaderMap,
) -> Response {
    let world = sim.world.lock().expect("world lock");
    let user = match authenticate(&world, &headers) {
        Ok(u) => u,
        Err(r) => return r,
    };
    let Some((issue, project)) = visible(&world, &user, &key) else {
        return error(StatusCode::NOT_FOUND, HIDDEN_ISSUE);
    };
    let list: Vec<Value> = if world.can_create(&user, project) {
        Status::ALL
            .into_iter()
            .filter(|s| *s != issue.status)
            .map(|s| transition_json(&sim, s))
            .collect()
    } else {
        Vec::new()
    };
    Json(json!({"transitions": list})).into_response()
}

/// Jira's "Transition issue".
async fn transition(
    State(sim): State<Arc<Sim>>,
    Path(key): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let mut world = sim.world.lock().expect("world lock");
    let (user, v) = match caller_and_body(&world, &headers, &body) {
        Ok(c) => c,
        Err(r) => return r,
    };
    let Some((issue, project)) = visible(&world, &user, &key) else {
        return error(StatusCode::NOT_FOUND, HIDDEN_ISSUE);
    };
    if !world.can_create(&user, project) {
        return error(
            StatusCode::BAD_REQUEST,
            "You do not have permission to transition this issue.",
        );
    }
    let to = v
        .pointer("/transition/id")
        .and_then(Value::as_str)
        .and_then(Status::by_transition);
    let Some(to) = to.filter(|s| *s != issue.status) else {
        return error(
            StatusCode::BAD_REQUEST,
            "Transition id is not valid for this issue.",
        );
    };
    let id = issue.id.clone();
    world.set_status(&id, to);
    if let Err(e) = sim.store.save(&world) {
        return error(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string());
    }
    StatusCode::NO_CONTENT.into_response()
}

/// Jira's "Get create metadata issue types for a project": the types the caller can create
/// there (none without Create issues).
async fn create_meta(
    State(sim): State<Arc<Sim>>,
    Path(project): Path<String>,
    Query(_q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let world = sim.world.lock().expect("world lock");
    let user = match authenticate(&world, &headers) {
        Ok(u) => u,
        Err(r) => return r,
    };
    let Some(project) = world
        .project(&project)
        .filter(|p| world.can_browse(&user, p))
    else {
        return error(
            StatusCode::BAD_REQUEST,
            "The project does not exist or you do not have permission to see it.",
        );
    };
    let types: Vec<Value> = if world.can_create(&user, project) {
        world
            .issue_types
            .iter()
            .map(|t| {
                let mut v = issue_type_json(&sim, t);
                v["iconUrl"] = json!(format!(
                    "{}/images/icons/issuetypes/{}.png",
                    sim.base_url, t.id
                ));
                v
            })
            .collect()
    } else {
        Vec::new()
    };
    let total = types.len();
    Json(json!({"issueTypes": types, "maxResults": 50, "startAt": 0, "total": total}))
        .into_response()
}
