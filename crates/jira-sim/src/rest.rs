//! Jira's REST subset: entity properties, myself, mypermissions, assignable users, issue (the
//! operations on issues themselves are in `issues.rs`).
//! Paths, status codes and bodies follow Atlassian's OpenAPI description (see tests/contract.rs).

use crate::world::{User, World};
use crate::Sim;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use base64::Engine;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::Arc;

/// Jira's limit on a property value, in characters.
pub const MAX_VALUE_CHARS: usize = 32_768;
pub const MAX_KEY_CHARS: usize = 255;
pub const MAX_APP_KEY_CHARS: usize = 127;

pub fn routes() -> Router<Arc<Sim>> {
    Router::new()
        .route("/rest/api/3/issue/{issue}/properties", get(list_issue))
        .route(
            "/rest/api/3/issue/{issue}/properties/{key}",
            get(get_issue).put(put_issue).delete(delete_issue),
        )
        .route(
            "/rest/api/3/project/{project}/properties",
            get(list_project),
        )
        .route(
            "/rest/api/3/project/{project}/properties/{key}",
            get(get_project).put(put_project).delete(delete_project),
        )
        .route(
            "/rest/api/3/issuetype/{id}/properties",
            get(list_issue_type),
        )
        .route(
            "/rest/api/3/issuetype/{id}/properties/{key}",
            get(get_issue_type)
                .put(put_issue_type)
                .delete(delete_issue_type),
        )
        .route(
            "/rest/atlassian-connect/1/addons/{addon}/properties",
            get(list_app),
        )
        .route(
            "/rest/atlassian-connect/1/addons/{addon}/properties/{key}",
            get(get_app).put(put_app).delete(delete_app),
        )
        .route("/rest/api/3/myself", get(myself))
        .route("/rest/api/3/mypermissions", get(my_permissions))
        .route("/rest/api/3/user/assignable/search", get(assignable))
        .route("/rest/api/3/issue/{issue}", get(issue))
        .route("/rest/api/3/search/jql", get(crate::search::search))
        .route("/rest/api/3/issuetype", get(issue_types))
        .merge(crate::issues::routes())
}

/// A Jira-shaped error response (`ErrorCollection`).
pub fn error(status: StatusCode, message: &str) -> Response {
    (
        status,
        Json(json!({"errorMessages": [message], "errors": {}})),
    )
        .into_response()
}

/// The account id from HTTP Basic auth (user name = account id; the password is not checked).
pub fn authenticate(world: &World, headers: &HeaderMap) -> Result<User, Response> {
    let unauthorized = || {
        error(
            StatusCode::UNAUTHORIZED,
            "You are not authenticated. Authentication required to perform this operation.",
        )
    };
    let header = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|h| h.to_str().ok())
        .ok_or_else(unauthorized)?;
    let encoded = header.strip_prefix("Basic ").ok_or_else(unauthorized)?;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .map_err(|_| unauthorized())?;
    let text = String::from_utf8(decoded).map_err(|_| unauthorized())?;
    let account = text.split(':').next().unwrap_or_default();
    world.user(account).cloned().ok_or_else(unauthorized)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Entity {
    Issue,
    Project,
    IssueType,
    App,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Access {
    Read,
    Write,
    Delete,
}

/// Resolves the entity's storage id after Jira's permission checks, or the response Jira gives.
fn resolve(
    world: &World,
    user: &User,
    entity: Entity,
    id: &str,
    access: Access,
) -> Result<String, Response> {
    match entity {
        Entity::Issue => {
            let not_found = || {
                error(
                    StatusCode::NOT_FOUND,
                    "Issue does not exist or you do not have permission to see it.",
                )
            };
            let issue = world.issue(id).ok_or_else(not_found)?;
            let project = world.project(&issue.project_id).ok_or_else(not_found)?;
            if !world.can_browse(user, project) {
                return Err(not_found());
            }
            match access {
                Access::Read => {}
                Access::Write if !world.can_edit(user, project) => {
                    return Err(error(
                        StatusCode::FORBIDDEN,
                        "You do not have permission to edit issue properties.",
                    ))
                }
                // Jira's OpenAPI documents 404 (not 403) for a delete without Edit issues.
                Access::Delete if !world.can_edit(user, project) => return Err(not_found()),
                _ => {}
            }
            Ok(issue.id.clone())
        }
        Entity::Project => {
            let project = world.project(id).ok_or_else(|| {
                error(
                    StatusCode::NOT_FOUND,
                    &format!("No project could be found with key '{id}'."),
                )
            })?;
            if !world.can_browse(user, project) {
                return Err(error(
                    StatusCode::FORBIDDEN,
                    "You do not have permission to view this project.",
                ));
            }
            if access != Access::Read && !world.can_admin_project(user, project) {
                return Err(error(
                    StatusCode::FORBIDDEN,
                    "You do not have permission to administer this project.",
                ));
            }
            Ok(project.id.clone())
        }
        Entity::IssueType => {
            if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
                return Err(error(
                    StatusCode::BAD_REQUEST,
                    "The issue type ID is invalid.",
                ));
            }
            let ty = world
                .issue_type(id)
                .filter(|_| world.can_see_issue_types(user))
                .ok_or_else(|| error(StatusCode::NOT_FOUND, "The issue type was not found."))?;
            if access != Access::Read && !user.jira_admin {
                return Err(error(
                    StatusCode::FORBIDDEN,
                    "You must be a Jira administrator to change issue type properties.",
                ));
            }
            Ok(ty.id.clone())
        }
        Entity::App => Ok(id.to_owned()),
    }
}

/// Every property route's checks, in Jira's order: credentials, the key, then the entity and
/// the user's permission on it. Returns the entity's storage id.
fn admit(
    world: &World,
    headers: &HeaderMap,
    entity: Entity,
    id: &str,
    key: Option<&str>,
    access: Access,
) -> Result<String, Response> {
    let user = authenticate(world, headers)?;
    if let Some(key) = key {
        check_key(entity, key)?;
    }
    resolve(world, &user, entity, id, access)
}

fn props_mut(
    world: &mut World,
    entity: Entity,
) -> &mut std::collections::BTreeMap<String, std::collections::BTreeMap<String, Value>> {
    match entity {
        Entity::Issue => &mut world.issue_props,
        Entity::Project => &mut world.project_props,
        Entity::IssueType => &mut world.issue_type_props,
        Entity::App => &mut world.app_props,
    }
}

fn check_key(entity: Entity, key: &str) -> Result<(), Response> {
    let max = if entity == Entity::App {
        MAX_APP_KEY_CHARS
    } else {
        MAX_KEY_CHARS
    };
    if key.is_empty() || key.chars().count() > max {
        return Err(error(
            StatusCode::BAD_REQUEST,
            &format!("The property key must be between 1 and {max} characters long."),
        ));
    }
    Ok(())
}

fn base_path(entity: Entity, id: &str) -> String {
    match entity {
        Entity::Issue => format!("/rest/api/3/issue/{id}/properties"),
        Entity::Project => format!("/rest/api/3/project/{id}/properties"),
        Entity::IssueType => format!("/rest/api/3/issuetype/{id}/properties"),
        Entity::App => format!("/rest/atlassian-connect/1/addons/{id}/properties"),
    }
}

/// Connect's app-property resource answers errors as `OperationMessage`, not `ErrorCollection`.
fn app_error(r: Response) -> Response {
    let status = r.status();
    (
        status,
        Json(json!({"message": status.canonical_reason().unwrap_or("error"), "statusCode": status.as_u16()})),
    )
        .into_response()
}

fn shaped(entity: Entity, r: Response) -> Response {
    if entity != Entity::App {
        return r;
    }
    match r.status() {
        StatusCode::CREATED => (
            StatusCode::CREATED,
            Json(json!({"message": "Property created.", "statusCode": 201})),
        )
            .into_response(),
        StatusCode::OK if r.headers().get(axum::http::header::CONTENT_TYPE).is_none() => (
            StatusCode::OK,
            Json(json!({"message": "Property updated.", "statusCode": 200})),
        )
            .into_response(),
        s if !s.is_success() => app_error(r),
        _ => r,
    }
}

fn list(sim: &Sim, headers: &HeaderMap, entity: Entity, id: &str) -> Response {
    let mut world = sim.world.lock().expect("world lock");
    let sid = match admit(&world, headers, entity, id, None, Access::Read) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let base = format!("{}{}", sim.base_url, base_path(entity, id));
    let keys: Vec<Value> = props_mut(&mut world, entity)
        .get(&sid)
        .map(|m| {
            m.keys()
                .map(|k| json!({"self": format!("{base}/{k}"), "key": k}))
                .collect()
        })
        .unwrap_or_default();
    Json(json!({"keys": keys})).into_response()
}

fn read(sim: &Sim, headers: &HeaderMap, entity: Entity, id: &str, key: &str) -> Response {
    let mut world = sim.world.lock().expect("world lock");
    let sid = match admit(&world, headers, entity, id, Some(key), Access::Read) {
        Ok(s) => s,
        Err(r) => return r,
    };
    match props_mut(&mut world, entity)
        .get(&sid)
        .and_then(|m| m.get(key))
    {
        Some(v) => Json(json!({"key": key, "value": v})).into_response(),
        None => error(
            StatusCode::NOT_FOUND,
            &format!("The property with key '{key}' does not exist."),
        ),
    }
}

fn write(
    sim: &Sim,
    headers: &HeaderMap,
    entity: Entity,
    id: &str,
    key: &str,
    body: &[u8],
) -> Response {
    let response = {
        let mut world = sim.world.lock().expect("world lock");
        let sid = match admit(&world, headers, entity, id, Some(key), Access::Write) {
            Ok(s) => s,
            Err(r) => return r,
        };
        let Ok(text) = std::str::from_utf8(body) else {
            return error(
                StatusCode::BAD_REQUEST,
                "The property value must be valid JSON.",
            );
        };
        if text.trim().is_empty() {
            return error(
                StatusCode::BAD_REQUEST,
                "A property value must be provided.",
            );
        }
        if text.chars().count() > MAX_VALUE_CHARS {
            return error(
                StatusCode::BAD_REQUEST,
                &format!("The property value is too long. It can't be longer than {MAX_VALUE_CHARS} characters."),
            );
        }
        let Ok(value) = serde_json::from_str::<Value>(text) else {
            return error(
                StatusCode::BAD_REQUEST,
                "The property value must be valid JSON.",
            );
        };
        let created = props_mut(&mut world, entity)
            .entry(sid)
            .or_default()
            .insert(key.to_owned(), value)
            .is_none();
        if let Err(e) = sim.store.save(&world) {
            return error(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string());
        }
        if created {
            StatusCode::CREATED
        } else {
            StatusCode::OK
        }
    };
    response.into_response()
}

fn remove(sim: &Sim, headers: &HeaderMap, entity: Entity, id: &str, key: &str) -> Response {
    let mut world = sim.world.lock().expect("world lock");
    let sid = match admit(&world, headers, entity, id, Some(key), Access::Delete) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let removed = props_mut(&mut world, entity)
        .get_mut(&sid)
        .and_then(|m| m.remove(key))
        .is_some();
    if !removed {
        return error(
            StatusCode::NOT_FOUND,
            &format!("The property with key '{key}' does not exist."),
        );
    }
    if let Err(e) = sim.store.save(&world) {
        return error(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string());
    }
    StatusCode::NO_CONTENT.into_response()
}

macro_rules! property_handlers {
    ($entity:expr, $list:ident, $get:ident, $put:ident, $delete:ident) => {
        async fn $list(
            State(sim): State<Arc<Sim>>,
            Path(id): Path<String>,
            headers: HeaderMap,
        ) -> Response {
            shaped($entity, list(&sim, &headers, $entity, &id))
        }
        async fn $get(
            State(sim): State<Arc<Sim>>,
            Path((id, key)): Path<(String, String)>,
            headers: HeaderMap,
        ) -> Response {
            shaped($entity, read(&sim, &headers, $entity, &id, &key))
        }
        async fn $put(
            State(sim): State<Arc<Sim>>,
            Path((id, key)): Path<(String, String)>,
            headers: HeaderMap,
            body: Bytes,
        ) -> Response {
            shaped($entity, write(&sim, &headers, $entity, &id, &key, &body))
        }
        async fn $delete(
            State(sim): State<Arc<Sim>>,
            Path((id, key)): Path<(String, String)>,
            headers: HeaderMap,
        ) -> Response {
            shaped($entity, remove(&sim, &headers, $entity, &id, &key))
        }
    };
}

property_handlers!(
    Entity::Issue,
    list_issue,
    get_issue,
    put_issue,
    delete_issue
);
property_handlers!(
    Entity::Project,
    list_project,
    get_project,
    put_project,
    delete_project
);
property_handlers!(
    Entity::IssueType,
    list_issue_type,
    get_issue_type,
    put_issue_type,
    delete_issue_type
);
property_handlers!(Entity::App, list_app, get_app, put_app, delete_app);

fn user_json(sim: &Sim, u: &User) -> Value {
    json!({
        "self": format!("{}/rest/api/3/user?accountId={}", sim.base_url, u.account_id),
        "accountId": u.account_id,
        "accountType": "atlassian",
        "emailAddress": u.email,
        "displayName": u.display_name,
        "active": true,
        "timeZone": "Europe/London",
        "locale": "en_US",
        "avatarUrls": {},
    })
}

async fn myself(State(sim): State<Arc<Sim>>, headers: HeaderMap) -> Response {
    let world = sim.world.lock().expect("world lock");
    match authenticate(&world, &headers) {
        Ok(u) => Json(user_json(&sim, &u)).into_response(),
        Err(r) => r,
    }
}

const PERMISSIONS: &[(&str, &str, &str, &str)] = &[
    ("BROWSE_PROJECTS", "10", "Browse Projects", "PROJECT"),
    ("EDIT_ISSUES", "12", "Edit Issues", "PROJECT"),
    (
        "ADMINISTER_PROJECTS",
        "23",
        "Administer Projects",
        "PROJECT",
    ),
    ("ADMINISTER", "0", "Administer Jira", "GLOBAL"),
    ("CREATE_ISSUES", "11", "Create Issues", "PROJECT"),
    ("LINK_ISSUES", "21", "Link Issues", "PROJECT"),
    ("TRANSITION_ISSUES", "46", "Transition Issues", "PROJECT"),
];

async fn my_permissions(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let world = sim.world.lock().expect("world lock");
    let user = match authenticate(&world, &headers) {
        Ok(u) => u,
        Err(r) => return r,
    };
    let Some(wanted) = q.get("permissions").filter(|p| !p.trim().is_empty()) else {
        return error(
            StatusCode::BAD_REQUEST,
            "The permissions parameter is required.",
        );
    };
    // Context: an issue or a project; none means "in any project".
    let project = if let Some(k) = q.get("issueKey").or_else(|| q.get("issueId")) {
        match world
            .issue(k)
            .and_then(|i| world.project(&i.project_id))
            .filter(|p| world.can_browse(&user, p))
        {
            Some(p) => Some(p.clone()),
            None => {
                return error(
                    StatusCode::NOT_FOUND,
                    "Issue does not exist or you do not have permission to see it.",
                )
            }
        }
    } else if let Some(k) = q.get("projectKey").or_else(|| q.get("projectId")) {
        match world.project(k).filter(|p| world.can_browse(&user, p)) {
            Some(p) => Some(p.clone()),
            None => return error(StatusCode::NOT_FOUND, "No project could be found."),
        }
    } else {
        None
    };
    let mut out = serde_json::Map::new();
    for key in wanted.split(',').map(str::trim) {
        let Some((k, id, name, ty)) = PERMISSIONS.iter().find(|p| p.0 == key) else {
            return error(
                StatusCode::BAD_REQUEST,
                &format!("Unrecognized permission key '{key}'."),
            );
        };
        let check = |p: &crate::world::Project| match *k {
            "BROWSE_PROJECTS" => world.can_browse(&user, p),
            "EDIT_ISSUES" => world.can_edit(&user, p),
            "ADMINISTER_PROJECTS" => world.can_admin_project(&user, p),
            "CREATE_ISSUES" | "LINK_ISSUES" | "TRANSITION_ISSUES" => world.can_create(&user, p),
            _ => user.jira_admin,
        };
        let have = match &project {
            Some(p) => check(p),
            None => world.projects.iter().any(check),
        };
        out.insert(
            (*k).into(),
            json!({"id": id, "key": k, "name": name, "type": ty, "description": name, "havePermission": have}),
        );
    }
    Json(json!({"permissions": out})).into_response()
}

async fn assignable(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let world = sim.world.lock().expect("world lock");
    let user = match authenticate(&world, &headers) {
        Ok(u) => u,
        Err(r) => return r,
    };
    let project = if let Some(k) = q.get("issueKey").or_else(|| q.get("issueId")) {
        world.issue(k).and_then(|i| world.project(&i.project_id))
    } else if let Some(k) = q.get("project") {
        world.project(k)
    } else {
        return error(
            StatusCode::BAD_REQUEST,
            "One of 'issueKey' or 'project' must be provided.",
        );
    };
    let Some(project) = project.filter(|p| world.can_browse(&user, p)) else {
        return error(StatusCode::NOT_FOUND, "The project or issue was not found.");
    };
    let query = q.get("query").map(|s| s.to_lowercase()).unwrap_or_default();
    let account = q.get("accountId");
    let max: usize = q
        .get("maxResults")
        .and_then(|m| m.parse().ok())
        .unwrap_or(50);
    let users: Vec<Value> = world
        .users
        .iter()
        .filter(|u| world.can_edit(u, project))
        .filter(|u| account.is_none_or(|a| *a == u.account_id))
        .filter(|u| {
            query.is_empty()
                || u.display_name.to_lowercase().contains(&query)
                || u.email.to_lowercase().contains(&query)
        })
        .take(max)
        .map(|u| user_json(&sim, u))
        .collect();
    Json(Value::Array(users)).into_response()
}

/// Jira's "Get issue". `fields` picks the fields returned (`*all`/absent: all of them; names
/// prefixed with `-` are left out); `properties` names the issue properties returned in
/// `properties` (`*all` for every one, `-key` leaves one out), each as its raw value.
async fn issue(
    State(sim): State<Arc<Sim>>,
    Path(key): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let world = sim.world.lock().expect("world lock");
    let user = match authenticate(&world, &headers) {
        Ok(u) => u,
        Err(r) => return r,
    };
    match issue_json(&sim, &world, &user, &key) {
        Some(mut v) => {
            select(
                &mut v,
                &world,
                q.get("fields").map(String::as_str),
                q.get("properties").map(String::as_str),
            );
            Json(v).into_response()
        }
        None => error(
            StatusCode::NOT_FOUND,
            "Issue does not exist or you do not have permission to see it.",
        ),
    }
}

/// Keeps the fields asked for and adds the properties asked for, as "Get issue" and the JQL
/// search do with their `fields` and `properties` parameters.
pub fn select(v: &mut Value, world: &World, fields: Option<&str>, properties: Option<&str>) {
    if let Some(fields) = fields {
        if let Some(Value::Object(all)) = v.get_mut("fields") {
            let wanted = Selection::parse(fields);
            all.retain(|name, _| wanted.includes(name));
        }
    }
    if let Some(props) = properties {
        let wanted = Selection::parse(props);
        let id = v["id"].as_str().unwrap_or_default().to_owned();
        let chosen: serde_json::Map<String, Value> = world
            .issue_props
            .get(&id)
            .into_iter()
            .flatten()
            .filter(|(k, _)| wanted.includes(k))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        v["properties"] = Value::Object(chosen);
    }
}

/// A comma-separated list in Jira's style: names, `*all`, and `-name` to leave one out.
struct Selection {
    all: bool,
    names: Vec<String>,
    without: Vec<String>,
}

impl Selection {
    fn parse(list: &str) -> Self {
        let mut s = Selection {
            all: false,
            names: Vec::new(),
            without: Vec::new(),
        };
        for part in list.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            match part {
                "*all" | "*navigable" => s.all = true,
                p if p.starts_with('-') => s.without.push(p[1..].to_owned()),
                p => s.names.push(p.to_owned()),
            }
        }
        // Only exclusions: everything else.
        if s.names.is_empty() && !s.without.is_empty() {
            s.all = true;
        }
        s
    }

    fn includes(&self, name: &str) -> bool {
        !self.without.iter().any(|w| w == name)
            && (self.all || self.names.iter().any(|n| n == name))
    }
}

pub fn issue_json(sim: &Sim, world: &World, user: &User, key: &str) -> Option<Value> {
    let i = world.issue(key)?;
    let p = world
        .project(&i.project_id)
        .filter(|p| world.can_browse(user, p))?;
    let t = world.issue_type(&i.issue_type_id)?;
    let brief = |other: &crate::world::Issue| {
        json!({"id": other.id, "key": other.key,
            "self": format!("{}/rest/api/3/issue/{}", sim.base_url, other.id),
            "fields": {"summary": other.summary, "status": crate::issues::status_json(sim, other.status)}})
    };
    let visible = |id: &str| {
        world.issue(id).filter(|o| {
            world
                .project(&o.project_id)
                .is_some_and(|p| world.can_browse(user, p))
        })
    };
    let subtasks: Vec<Value> = world
        .issues
        .iter()
        .filter(|s| s.parent.as_deref() == Some(i.id.as_str()))
        .map(brief)
        .collect();
    let links: Vec<Value> = world
        .links
        .iter()
        .filter_map(|l| {
            let (other, side) = if l.outward == i.id {
                (&l.inward, "inwardIssue")
            } else if l.inward == i.id {
                (&l.outward, "outwardIssue")
            } else {
                return None;
            };
            let other = visible(other)?;
            let mut v =
                json!({"id": l.id, "type": crate::issues::link_type_json(sim, &l.type_name)?});
            v[side] = brief(other);
            Some(v)
        })
        .collect();
    let user_ref = |id: &Option<String>| {
        id.as_deref().and_then(|a| world.user(a)).map_or(
            Value::Null,
            |u| json!({"accountId": u.account_id, "displayName": u.display_name, "active": true}),
        )
    };
    let mut fields = json!({
        "summary": i.summary,
        "description": i.description,
        "issuetype": {"id": t.id, "name": t.name, "subtask": t.subtask},
        "project": {"id": p.id, "key": p.key, "name": p.name},
        "status": crate::issues::status_json(sim, i.status),
        "subtasks": subtasks,
        "issuelinks": links,
        "assignee": user_ref(&i.assignee),
        "reporter": user_ref(&i.reporter),
        "duedate": i.due,
    });
    if let Some(parent) = i.parent.as_deref().and_then(visible) {
        fields["parent"] = brief(parent);
    }
    for (field, text) in &i.custom {
        fields[field] = json!(text);
    }
    Some(json!({
        "id": i.id, "key": i.key, "self": format!("{}/rest/api/3/issue/{}", sim.base_url, i.id),
        "fields": fields,
    }))
}

/// An issue type as Jira lists it (`IssueTypeDetails`; sub-tasks sit one level down).
pub fn issue_type_json(sim: &Sim, t: &crate::world::IssueType) -> Value {
    json!({
        "id": t.id, "name": t.name, "description": "", "subtask": t.subtask,
        "hierarchyLevel": if t.subtask { -1 } else { 0 },
        "self": format!("{}/rest/api/3/issuetype/{}", sim.base_url, t.id),
    })
}

/// Jira's "Get all issue types for user": the types of the projects the user can browse (every
/// seeded type is used in every project, so all of them or none).
async fn issue_types(State(sim): State<Arc<Sim>>, headers: HeaderMap) -> Response {
    let world = sim.world.lock().expect("world lock");
    let user = match authenticate(&world, &headers) {
        Ok(u) => u,
        Err(r) => return r,
    };
    let types: Vec<Value> = if world.can_see_issue_types(&user) {
        world
            .issue_types
            .iter()
            .map(|t| issue_type_json(&sim, t))
            .collect()
    } else {
        Vec::new()
    };
    Json(Value::Array(types)).into_response()
}
