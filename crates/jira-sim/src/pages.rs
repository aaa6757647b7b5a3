//! Host pages: an issue view that looks like Jira's and loads the built app in an iframe, with
//! a bridge like the one Jira provides. `?user=` picks who is looking (two tabs can be two
//! people) and `?mode=connect` picks the bridge.

use crate::world::{World, EDITOR};
use crate::Sim;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde_json::json;
use std::collections::HashMap;
use std::sync::Arc;

/// The Content-Security-Policy of the Forge panel: as strict as Atlassian's for Custom UI —
/// scripts only from our own files (no inline script), plus the one grant the manifest asks for
/// so WebAssembly can compile (`unsafe-eval`; Forge does not accept `wasm-unsafe-eval`).
pub const FORGE_CSP: &str = "default-src 'none'; script-src 'self' 'unsafe-eval'; \
    style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'self'; \
    form-action 'none'; frame-ancestors 'self'";

/// How the Connect page loads Atlassian's bridge (written by scripts/connect-page.mjs).
const ALL_JS: &str = r#"<script src="https://connect-cdn.atl-paas.net/all.js"></script>"#;

/// Which bridge the app page gets.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Connect,
    Forge,
}

impl Mode {
    fn from_query(q: &HashMap<String, String>) -> Self {
        match q.get("mode").map(String::as_str) {
            Some("forge") => Mode::Forge,
            _ => Mode::Connect,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Mode::Connect => "connect",
            Mode::Forge => "forge",
        }
    }
}

/// The styles every simulated Jira page shares: the page, the top bar, and flags.
const CHROME_CSS: &str = r#"body{margin:0;font:14px/20px -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,sans-serif;color:#172b4d;background:#fff}
.sim-top{display:flex;gap:16px;align-items:center;padding:8px 24px;border-bottom:1px solid #dfe1e6;background:#fafbfc}
.sim-flag{position:fixed;left:24px;bottom:24px;background:#fff;box-shadow:0 4px 12px #091e4240;border-radius:3px;padding:12px 16px;max-width:360px}"#;

/// The issue property Jira reads for the app's issue-view status (issue context module).
pub const STATUS_PROPERTY: &str = "com.atlassian.jira.issue:ticklist:ticklist-status:status";

pub fn routes() -> Router<Arc<Sim>> {
    Router::new()
        .route("/", get(home))
        .route("/browse/{key}", get(browse))
        .route("/browse/{key}/transition", axum::routing::post(transition))
        .route("/admin/ticklist", get(global_settings))
        .route("/project/{key}/settings/ticklist", get(project_settings))
        .route("/panel/connect", get(connect_panel))
        .route("/panel/forge", get(forge_panel))
}

/// Escapes text for HTML element content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Who is looking: `?user=` when it names a seeded user, else the editor.
fn acting_user(world: &World, q: &HashMap<String, String>) -> Option<crate::world::User> {
    world.user(&user_param(world, q)).cloned()
}

fn user_param(world: &World, q: &HashMap<String, String>) -> String {
    q.get("user")
        .filter(|u| world.user(u).is_some())
        .cloned()
        .unwrap_or_else(|| EDITOR.to_owned())
}

async fn home(State(sim): State<Arc<Sim>>) -> Html<String> {
    let world = sim.world.lock().expect("world lock");
    let issues: String = world
        .issues
        .iter()
        .map(|i| {
            format!(
                r#"<li><a href="/browse/{k}">{k}</a> {s}</li>"#,
                k = esc(&i.key),
                s = esc(&i.summary)
            )
        })
        .collect();
    Html(format!(
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>jira-sim</title><link rel="icon" href="data:,">
<style>body{{font:14px/20px -apple-system,"Segoe UI",Roboto,sans-serif;margin:40px;color:#172b4d}}</style></head>
<body><h1>jira-sim</h1><p>A local stand-in for Jira Cloud. Open an issue:</p><ul>{issues}</ul></body></html>"#
    ))
}

async fn browse(
    State(sim): State<Arc<Sim>>,
    Path(key): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let world = sim.world.lock().expect("world lock");
    let Some(user) = acting_user(&world, &q) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let user_id = user.account_id.clone();
    let Some(issue) = world.issue(&key).cloned() else {
        return (
            StatusCode::NOT_FOUND,
            Html(format!("<h1>Issue {} does not exist</h1>", esc(&key))),
        )
            .into_response();
    };
    let Some(project) = world
        .project(&issue.project_id)
        .filter(|p| world.can_browse(&user, p))
        .cloned()
    else {
        return (
            StatusCode::NOT_FOUND,
            Html("<h1>You do not have permission to see this issue</h1>".to_owned()),
        )
            .into_response();
    };
    let ty = world
        .issue_type(&issue.issue_type_id)
        .map(|t| t.name.clone())
        .unwrap_or_default();
    let mode = Mode::from_query(&q);
    // The issue's workflow status, with the transitions the user may make (Transition issues).
    let status_name = issue.status.jira().1;
    let status_form = if world.can_create(&user, &project) {
        let options: String = crate::world::Status::ALL
            .iter()
            .map(|s| {
                let sel = if *s == issue.status { " selected" } else { "" };
                format!(
                    r#"<option value="{}"{sel}>{}</option>"#,
                    s.transition_id(),
                    s.jira().1
                )
            })
            .collect();
        format!(
            r#"<form method="post" action="/browse/{k}/transition?user={u}&amp;mode={m}"><select name="transition" data-testid="sim-status" aria-label="Status">{options}</select> <button data-testid="sim-transition">Move</button></form>"#,
            k = esc(&issue.key),
            u = esc(&user.account_id),
            m = mode.name()
        )
    } else {
        format!(
            r#"<span data-testid="sim-status-text">{}</span>"#,
            esc(status_name)
        )
    };
    let related: String = world
        .issues
        .iter()
        .filter(|i| i.parent.as_deref() == Some(issue.id.as_str()))
        .map(|i| ("Sub-task", i))
        .chain(world.links.iter().filter_map(|l| {
            let other = if l.outward == issue.id { &l.inward } else if l.inward == issue.id { &l.outward } else { return None };
            world.issue(other).map(|i| ("relates to", i))
        }))
        .map(|(how, i)| {
            format!(
                r#"<li data-testid="sim-related">{how} <a href="/browse/{k}?user={u}&amp;mode={m}">{k}</a> {s} <span class="sim-lozenge">{st}</span></li>"#,
                k = esc(&i.key),
                u = esc(&user.account_id),
                m = mode.name(),
                s = esc(&i.summary),
                st = esc(i.status.jira().1)
            )
        })
        .collect();
    let related = if related.is_empty() {
        String::new()
    } else {
        format!("<h2>Sub-tasks and linked issues</h2><ul>{related}</ul>")
    };
    // Connect shows the status property the app writes; Forge asks the app's `status` function
    // (deploy/forge/src/status.js), which host-page.js runs here as Jira would.
    let forge_lozenge = format!(
        r#"<span class="sim-lozenge" data-testid="status-lozenge" data-forge-issue="{}">—</span>"#,
        esc(&issue.id)
    );
    let connect_lozenge = world
        .issue_props
        .get(&issue.id)
        .and_then(|p| p.get(STATUS_PROPERTY))
        .and_then(|v| v.pointer("/value/label"))
        .and_then(|v| v.as_str())
        .map(|l| {
            format!(
                r#"<span class="sim-lozenge" data-testid="status-lozenge">{}</span>"#,
                esc(l)
            )
        })
        .unwrap_or_else(|| {
            r#"<span class="sim-muted" data-testid="status-lozenge">None</span>"#.into()
        });
    let lozenge = match mode {
        Mode::Connect => connect_lozenge,
        Mode::Forge => forge_lozenge,
    };
    let current = |yes: bool| if yes { r#" aria-current="true""# } else { "" };
    let users: String = world
        .users
        .iter()
        .map(|u| {
            format!(
                r#"<a href="/browse/{k}?user={id}&amp;mode={m}"{cur}>{n}</a>"#,
                k = esc(&issue.key),
                id = esc(&u.account_id),
                m = mode.name(),
                cur = current(u.account_id == user_id),
                n = esc(&u.display_name)
            )
        })
        .collect::<Vec<_>>()
        .join(" ");
    let modes: String = [(Mode::Connect, "Connect"), (Mode::Forge, "Forge")]
        .iter()
        .map(|(m, label)| {
            format!(
                r#"<a href="/browse/{k}?user={u}&amp;mode={n}" data-testid="mode-{n}"{cur}>{label}</a>"#,
                k = esc(&issue.key),
                u = esc(&user_id),
                n = m.name(),
                cur = current(*m == mode),
            )
        })
        .collect::<Vec<_>>()
        .join(" ");
    let theme = if q.get("theme").map(String::as_str) == Some("dark") {
        "dark"
    } else {
        "light"
    };
    // Connect also gets the context parameters the descriptor puts in the panel's URL
    // (deploy/connect/atlassian-connect.json), which the app may read before AP answers.
    let descriptor_params = match mode {
        Mode::Connect => format!(
            "&amp;view=panel&amp;issueId={}&amp;issueKey={}&amp;xdm_e={}&amp;cp=",
            esc(&issue.id),
            esc(&issue.key),
            esc(&sim.base_url)
        ),
        Mode::Forge => String::new(),
    };
    let panel = format!(
        "/panel/{}?issue={}&amp;user={}&amp;theme={theme}{descriptor_params}",
        mode.name(),
        esc(&issue.key),
        esc(&user_id)
    );
    Html(format!(
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>[{key}] {summary} - jira-sim</title><link rel="icon" href="data:,">
<style>
{CHROME_CSS}
.sim-top a{{color:#0c66e4;text-decoration:none}} .sim-top a[aria-current]{{font-weight:600;text-decoration:underline}}
.sim-main{{display:grid;grid-template-columns:minmax(0,2fr) minmax(240px,1fr);gap:32px;padding:16px 24px}}
.sim-crumbs{{color:#626f86}} h1{{font-size:24px;line-height:28px;font-weight:500;margin:8px 0 16px}}
h2{{font-size:14px;margin:24px 0 8px}} .sim-muted{{color:#626f86}}
.sim-lozenge{{background:#dfd8fd;color:#352c63;border-radius:3px;padding:0 4px;font-size:11px;font-weight:700;text-transform:uppercase}}
.sim-side dl{{display:grid;grid-template-columns:auto 1fr;gap:8px 16px}} .sim-side dt{{color:#626f86}}
iframe{{border:0;width:100%;min-height:120px}}
</style></head>
<body>
<div class="sim-top"><strong>jira-sim</strong><span>Acting as: {users}</span><span>Mode: {modes}</span><span>Settings: <a href="/admin/ticklist?user={uq}&amp;mode={mq}" data-testid="nav-global-settings">Ticklist (Jira admin)</a> <a href="/project/{pk}/settings/ticklist?user={uq}&amp;mode={mq}" data-testid="nav-project-settings">{pk} project</a></span></div>
<div class="sim-main">
 <div>
  <div class="sim-crumbs">{project_name} / {key}</div>
  <h1 data-testid="issue-summary">{summary}</h1>
  <h2>Description</h2><p>{description}</p>
  {related}
  <h2>Ticklist</h2>
  <iframe id="ticklist-panel" data-testid="app-frame" title="Ticklist" src="{panel}"></iframe>
 </div>
 <aside class="sim-side"><dl>
  <dt>Type</dt><dd>{ty}</dd><dt>Status</dt><dd>{status_form}</dd><dt>Checklist</dt><dd>{lozenge}</dd><dt>Viewer</dt><dd>{viewer}</dd>
 </dl></aside>
</div>
<script src="/sim/host-page.js" data-user="{uq}"></script>
</body></html>"#,
        key = esc(&issue.key),
        summary = esc(&issue.summary),
        description = esc(&issue.description),
        project_name = esc(&project.name),
        viewer = esc(&user.display_name),
        uq = esc(&user_id),
        mq = mode.name(),
        pk = esc(&project.key),
    ))
    .into_response()
}

/// Jira administration → Apps → Ticklist: the app's admin page. Like Jira, only Jira admins
/// get the page; anyone else sees Jira's refusal (the app checks again inside).
async fn global_settings(
    State(sim): State<Arc<Sim>>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let world = sim.world.lock().expect("world lock");
    let Some(user) = acting_user(&world, &q) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let user_id = user.account_id.clone();
    let mode = Mode::from_query(&q);
    if !user.jira_admin {
        return refusal(&user.display_name, "Jira administration");
    }
    let frame = format!(
        "/panel/{}?view=admin&amp;user={}",
        mode.name(),
        esc(&user_id)
    );
    settings_chrome(
        "Ticklist settings",
        "Apps / Ticklist",
        &frame,
        &user.display_name,
    )
}

/// Project settings → Apps → Ticklist: project admins of that project (and Jira admins).
async fn project_settings(
    State(sim): State<Arc<Sim>>,
    Path(key): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let world = sim.world.lock().expect("world lock");
    let Some(user) = acting_user(&world, &q) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let user_id = user.account_id.clone();
    let Some(project) = world.project(&key).cloned() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    if !world.can_admin_project(&user, &project) {
        return refusal(
            &user.display_name,
            &format!("the settings of {}", project.name),
        );
    }
    let mode = Mode::from_query(&q);
    let frame = format!(
        "/panel/{}?view=project-settings&amp;project={}&amp;user={}",
        mode.name(),
        esc(&project.key),
        esc(&user_id)
    );
    settings_chrome(
        &format!("{} settings: Ticklist", project.name),
        &format!("Projects / {} / Project settings / Apps", project.name),
        &frame,
        &user.display_name,
    )
}

fn refusal(who: &str, what: &str) -> Response {
    (
        StatusCode::FORBIDDEN,
        Html(format!(
            r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>No access - jira-sim</title><link rel="icon" href="data:,"></head>
<body style="font:14px/20px sans-serif;margin:40px;color:#172b4d"><h1 data-testid="no-access">You don't have access to {}</h1><p>{} is not an administrator here. <a href="/">Back</a></p></body></html>"#,
            esc(what),
            esc(who)
        )),
    )
        .into_response()
}

fn settings_chrome(title: &str, crumbs: &str, frame: &str, viewer: &str) -> Response {
    Html(format!(
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title} - jira-sim</title><link rel="icon" href="data:,">
<style>
{CHROME_CSS}
main{{padding:16px 24px;max-width:960px}} .sim-crumbs{{color:#626f86}} h1{{font-size:24px;line-height:28px;font-weight:500;margin:8px 0 16px}}
iframe{{border:0;width:100%;min-height:200px}}
</style></head>
<body>
<div class="sim-top"><strong>jira-sim</strong><span>Acting as: {viewer}</span><a href="/">Issues</a></div>
<main><div class="sim-crumbs">{crumbs}</div><h1>{title}</h1>
<iframe id="ticklist-panel" data-testid="app-frame" title="Ticklist settings" src="{frame}"></iframe></main>
<script src="/sim/host-page.js"></script>
</body></html>"#,
        title = esc(title),
        crumbs = esc(crumbs),
        viewer = esc(viewer),
    ))
    .into_response()
}

/// The app page as Jira's iframe would load it in Connect mode: the built index.html with
/// @smartbear/fake-ap in place of Atlassian's all.js, configured for this issue and user.
async fn connect_panel(
    State(sim): State<Arc<Sim>>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    app_page(&sim, &q, Mode::Connect)
}

/// The app page as Forge serves Custom UI: the same index.html, a `__bridge` for the real
/// @forge/bridge, and Forge's strict Content-Security-Policy.
async fn forge_panel(
    State(sim): State<Arc<Sim>>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    app_page(&sim, &q, Mode::Forge)
}

fn app_page(sim: &Sim, q: &HashMap<String, String>, mode: Mode) -> Response {
    let Some(dir) = &sim.app_dir else {
        return (
            StatusCode::NOT_FOUND,
            "jira-sim was started without --app-dir",
        )
            .into_response();
    };
    let page = match mode {
        Mode::Connect => "connect.html",
        Mode::Forge => "index.html",
    };
    // The settings pages are a bundle of their own (dist/settings/), as the descriptors say.
    let settings_view = matches!(
        q.get("view").map(String::as_str),
        Some("admin" | "project-settings")
    );
    let (dir, base) = if settings_view {
        (dir.join("settings"), "/app/settings/")
    } else {
        (dir.clone(), "/app/")
    };
    let html = match std::fs::read_to_string(dir.join(page)) {
        Ok(h) => h,
        Err(e) => return (StatusCode::NOT_FOUND, format!("no built app: {e}")).into_response(),
    };
    let (user, context) = {
        let world = sim.world.lock().expect("world lock");
        let user = user_param(&world, q);
        let issue = q.get("issue").and_then(|k| world.issue(k));
        let project_key = issue
            .and_then(|i| world.project(&i.project_id))
            .map(|p| p.key.clone());
        let settings_project = q.get("project").and_then(|k| world.project(k));
        let page = q.get("view").map(String::as_str);
        let context = match (mode, issue) {
            (Mode::Connect, None) => match (page, settings_project) {
                (Some("project-settings"), Some(p)) => {
                    json!({"jira": {"project": {"id": p.id, "key": p.key}}})
                }
                _ => json!({"jira": {}}),
            },
            (Mode::Forge, None) => {
                let extension = match (page, settings_project) {
                    (Some("admin"), _) => json!({"type": "jira:adminPage"}),
                    (Some("project-settings"), Some(p)) => json!({
                        "type": "jira:projectSettingsPage",
                        "project": {"id": p.id, "key": p.key, "type": "software"},
                    }),
                    _ => json!({}),
                };
                json!({
                    "accountId": user, "cloudId": "jira-sim", "locale": "en-US",
                    "timezone": "Europe/London", "siteUrl": sim.base_url,
                    "extension": extension,
                })
            }
            (Mode::Connect, Some(i)) => json!({"jira": {
                "issue": {"id": i.id, "key": i.key, "issuetype": {"id": i.issue_type_id}},
                "project": {"id": i.project_id, "key": project_key},
            }}),
            (Mode::Forge, Some(i)) => json!({
                "accountId": user, "cloudId": "jira-sim", "locale": "en-US", "timezone": "Europe/London",
                "moduleKey": "ticklist-panel", "siteUrl": sim.base_url,
                "extension": {
                    "type": "jira:issuePanel",
                    "issue": {"id": i.id, "key": i.key, "typeId": i.issue_type_id},
                    "project": {"id": i.project_id, "key": project_key},
                },
            }),
        };
        (user, context)
    };
    let shim_src = match mode {
        Mode::Connect => "/sim/fake-ap.js",
        Mode::Forge => "/sim/forge-host.js",
    };
    // Jira sets its theme's design tokens in the iframe; ?theme=dark does the same here.
    let theme = if q.get("theme").map(String::as_str) == Some("dark") {
        r#"<link rel="stylesheet" href="/sim/theme-dark.css">"#
    } else {
        ""
    };
    let shim = format!(
        r#"<base href="{base}">{theme}<script src="{shim_src}" data-user="{}" data-context="{}" data-locale="en_US"></script>"#,
        esc(&user),
        esc(&context.to_string())
    );
    // Connect: the real connect.html, with fake-ap where Atlassian's all.js would load.
    // Forge: index.html, with the `__bridge` Jira would inject before the app's scripts.
    let html = match mode {
        Mode::Connect if html.contains(ALL_JS) => html.replacen(ALL_JS, &shim, 1),
        Mode::Connect => {
            return (StatusCode::NOT_FOUND, "connect.html does not load all.js").into_response()
        }
        Mode::Forge => match html.find("<head>") {
            Some(at) => format!("{}{shim}{}", &html[..at + 6], &html[at + 6..]),
            None => format!("{shim}{html}"),
        },
    };
    let mut resp = ([(header::CACHE_CONTROL, "no-store")], Html(html)).into_response();
    if mode == Mode::Forge {
        resp.headers_mut().insert(
            header::CONTENT_SECURITY_POLICY,
            header::HeaderValue::from_static(FORGE_CSP),
        );
    }
    resp
}

#[derive(serde::Deserialize)]
struct TransitionForm {
    transition: String,
}

/// The issue page's status control: Jira's own transition, as the acting user, then back to
/// the issue (what Jira's status button does).
async fn transition(
    State(sim): State<Arc<Sim>>,
    Path(key): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    axum::Form(form): axum::Form<TransitionForm>,
) -> Response {
    let mut world = sim.world.lock().expect("world lock");
    let Some(user) = acting_user(&world, &q) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let allowed = world
        .issue(&key)
        .and_then(|i| world.project(&i.project_id))
        .is_some_and(|p| world.can_create(&user, p));
    let to = crate::world::Status::by_transition(&form.transition);
    let (true, Some(to)) = (allowed, to) else {
        return refusal(&user.display_name, "transitioning this issue");
    };
    world.set_status(&key, to);
    if let Err(e) = sim.store.save(&world) {
        return crate::rest::error(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string());
    }
    axum::response::Redirect::to(&format!(
        "/browse/{}?user={}&mode={}",
        key,
        user.account_id,
        Mode::from_query(&q).name()
    ))
    .into_response()
}
