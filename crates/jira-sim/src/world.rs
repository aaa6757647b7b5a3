//! The simulated site: users, projects, issue types, issues and every stored property, plus the
//! permission rules Jira applies to them. Persisted as one JSON file, written atomically.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct User {
    pub account_id: String,
    pub display_name: String,
    pub email: String,
    /// Administer Jira (global permission).
    pub jira_admin: bool,
}

/// A user's role in one project, from least to most.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Browse projects.
    Viewer,
    /// Browse + edit issues.
    Editor,
    /// Browse + edit + administer projects.
    Admin,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Project {
    pub id: String,
    pub key: String,
    pub name: String,
    /// account id → role. Jira admins administer every project regardless.
    pub roles: BTreeMap<String, Role>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct IssueType {
    pub id: String,
    pub name: String,
    /// A sub-task type: its issues have a parent (older saved states have none).
    #[serde(default)]
    pub subtask: bool,
}

/// The workflow every seeded issue follows: To Do → In Progress → Done, any to any.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    #[default]
    ToDo,
    InProgress,
    Done,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::ToDo, Status::InProgress, Status::Done];

    /// Jira's status id, name, and status category (id, key, colour).
    pub fn jira(self) -> (&'static str, &'static str, u32, &'static str, &'static str) {
        match self {
            Status::ToDo => ("10000", "To Do", 2, "new", "blue-gray"),
            Status::InProgress => ("3", "In Progress", 4, "indeterminate", "yellow"),
            Status::Done => ("10001", "Done", 3, "done", "green"),
        }
    }

    /// The transition into this status (transition ids as Jira's simplified workflow has them).
    pub fn transition_id(self) -> &'static str {
        match self {
            Status::ToDo => "11",
            Status::InProgress => "21",
            Status::Done => "31",
        }
    }

    pub fn by_transition(id: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.transition_id() == id)
    }
}

/// An issue link: `outward` <type's outward verb> `inward` ("TL-1 relates to TL-5").
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Link {
    pub id: String,
    pub type_name: String,
    pub inward: String,
    pub outward: String,
}

/// Link types of a new Jira Cloud site: (id, name, inward, outward).
pub const LINK_TYPES: [(&str, &str, &str, &str); 3] = [
    ("10000", "Blocks", "is blocked by", "blocks"),
    ("10001", "Cloners", "is cloned by", "clones"),
    ("10003", "Relates", "relates to", "relates to"),
];

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Issue {
    pub id: String,
    pub key: String,
    pub summary: String,
    pub description: String,
    pub project_id: String,
    pub issue_type_id: String,
    /// Custom text fields by field id (`customfield_10050`): another app's checklist text.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub custom: BTreeMap<String, String>,
    #[serde(default)]
    pub status: Status,
    /// The parent issue's id (sub-tasks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee: Option<String>,
    /// `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reporter: Option<String>,
}

/// Everything the simulator knows. Properties are keyed by entity id.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct World {
    pub users: Vec<User>,
    pub projects: Vec<Project>,
    pub issue_types: Vec<IssueType>,
    pub issues: Vec<Issue>,
    #[serde(default)]
    pub links: Vec<Link>,
    pub issue_props: BTreeMap<String, BTreeMap<String, Value>>,
    pub project_props: BTreeMap<String, BTreeMap<String, Value>>,
    pub issue_type_props: BTreeMap<String, BTreeMap<String, Value>>,
    /// addon key → property key → value.
    pub app_props: BTreeMap<String, BTreeMap<String, Value>>,
}

pub const JIRA_ADMIN: &str = "5b10a2844c20165700ede21g";
pub const PROJECT_ADMIN: &str = "5b10ac8d82e05b22cc7d4ef5";
pub const EDITOR: &str = "5b10a0effa615349cb016cd8";
pub const VIEWER: &str = "5b109f2e9729b51b54dc274d";
/// Smart Checklist's issue property (seeded on project MIG).
pub const SMART_CHECKLIST_KEY: &str = "com.railsware.SmartChecklist.checklist";
/// A text custom field holding HeroCoders' "Checklist Text" (seeded on project MIG).
pub const CHECKLIST_TEXT_FIELD: &str = "customfield_10050";
/// A licensed user with no access to either project.
pub const OUTSIDER: &str = "5b10ac8d82e05b22cc7d4e99";

impl World {
    /// The seeded site: a Jira admin, a project admin of TL, an editor, a browse-only user, a user
    /// with no project access;
    /// projects TL and OPS; Story, Bug and Task issues.
    pub fn seeded() -> Self {
        let user = |id: &str, name: &str, email: &str, admin: bool| User {
            account_id: id.into(),
            display_name: name.into(),
            email: email.into(),
            jira_admin: admin,
        };
        let roles = |pairs: &[(&str, Role)]| {
            pairs
                .iter()
                .map(|(a, r)| ((*a).to_owned(), *r))
                .collect::<BTreeMap<_, _>>()
        };
        let issue = |id: &str, key: &str, summary: &str, project: &str, ty: &str| Issue {
            id: id.into(),
            key: key.into(),
            summary: summary.into(),
            description: format!("{summary}. This issue lives in the Jira simulator."),
            project_id: project.into(),
            issue_type_id: ty.into(),
            custom: BTreeMap::new(),
            status: Status::ToDo,
            parent: None,
            assignee: None,
            due: None,
            reporter: None,
        };
        World {
            users: vec![
                user(JIRA_ADMIN, "Ada Admin", "ada@example.com", true),
                user(PROJECT_ADMIN, "Pat Project-Admin", "pat@example.com", false),
                user(EDITOR, "Eddie Editor", "eddie@example.com", false),
                user(VIEWER, "Vera Viewer", "vera@example.com", false),
                user(OUTSIDER, "Oscar Outsider", "oscar@example.com", false),
            ],
            projects: vec![
                Project {
                    id: "10000".into(),
                    key: "TL".into(),
                    name: "Ticklist Demo".into(),
                    roles: roles(&[
                        (PROJECT_ADMIN, Role::Admin),
                        (EDITOR, Role::Editor),
                        (VIEWER, Role::Viewer),
                    ]),
                },
                Project {
                    id: "10001".into(),
                    key: "OPS".into(),
                    name: "Operations".into(),
                    roles: roles(&[
                        (PROJECT_ADMIN, Role::Editor),
                        (EDITOR, Role::Editor),
                        (VIEWER, Role::Viewer),
                    ]),
                },
            ],
            issue_types: vec![
                IssueType {
                    id: "10001".into(),
                    name: "Story".into(),
                    subtask: false,
                },
                IssueType {
                    id: "10002".into(),
                    name: "Bug".into(),
                    subtask: false,
                },
                IssueType {
                    id: "10003".into(),
                    name: "Task".into(),
                    subtask: false,
                },
                IssueType {
                    id: "10004".into(),
                    name: "Sub-task".into(),
                    subtask: true,
                },
            ],
            issues: vec![
                issue(
                    "10100",
                    "TL-1",
                    "Release 2.4 to production",
                    "10000",
                    "10003",
                ),
                issue(
                    "10101",
                    "TL-2",
                    "Login fails with SSO on Safari",
                    "10000",
                    "10002",
                ),
                issue(
                    "10102",
                    "TL-3",
                    "As a user I can export my checklist",
                    "10000",
                    "10001",
                ),
                issue(
                    "10200",
                    "OPS-1",
                    "Rotate the database credentials",
                    "10001",
                    "10003",
                ),
            ],
            ..Default::default()
        }
        .with_migration_project()
    }

    /// Project MIG: 300 issues that another checklist app used, for migration tests and demos.
    /// Every issue has Smart Checklist's issue property; every third also has HeroCoders-style
    /// text in the custom field [`CHECKLIST_TEXT_FIELD`]; MIG-7's Smart Checklist value is not
    /// text (a migration must report it and go on).
    fn with_migration_project(mut self) -> Self {
        let roles = [
            (PROJECT_ADMIN.to_owned(), Role::Admin),
            (EDITOR.to_owned(), Role::Editor),
            (VIEWER.to_owned(), Role::Viewer),
        ];
        self.projects.push(Project {
            id: "10002".into(),
            key: "MIG".into(),
            name: "Migration Demo".into(),
            roles: roles.into_iter().collect(),
        });
        for n in 1..=300u32 {
            let id = format!("{}", 20000 + n);
            let mut custom = BTreeMap::new();
            if n % 3 == 0 {
                custom.insert(
                    CHECKLIST_TEXT_FIELD.to_owned(),
                    format!("# Default checklist\n--- Release\n[] Release notes for {n}\n[x] Changelog\n[]? Blog post\n>> if marketing asks"),
                );
            }
            self.issues.push(Issue {
                id: id.clone(),
                key: format!("MIG-{n}"),
                summary: format!("Migrated work item {n}"),
                description: "An issue that used another checklist app.".into(),
                project_id: "10002".into(),
                issue_type_id: if n % 2 == 0 { "10003" } else { "10001" }.into(),
                custom,
                status: Status::ToDo,
                parent: None,
                assignee: None,
                due: None,
                reporter: None,
            });
            let smart = if n == 7 {
                serde_json::json!({"broken": true})
            } else {
                Value::String(format!(
                    "## Definition of done\n- Code reviewed\n+ Tests pass\n-! Docs updated\n> in the wiki\n~ Step {n} in progress"
                ))
            };
            self.issue_props
                .entry(id)
                .or_default()
                .insert(SMART_CHECKLIST_KEY.to_owned(), smart);
        }
        self
    }

    pub fn user(&self, account_id: &str) -> Option<&User> {
        self.users.iter().find(|u| u.account_id == account_id)
    }

    pub fn issue(&self, id_or_key: &str) -> Option<&Issue> {
        self.issues
            .iter()
            .find(|i| i.id == id_or_key || i.key.eq_ignore_ascii_case(id_or_key))
    }

    /// Moves an issue (by id or key) to `to`; the caller has checked the user may.
    pub fn set_status(&mut self, id_or_key: &str, to: Status) {
        if let Some(i) = self
            .issues
            .iter_mut()
            .find(|i| i.id == id_or_key || i.key.eq_ignore_ascii_case(id_or_key))
        {
            i.status = to;
        }
    }

    pub fn project(&self, id_or_key: &str) -> Option<&Project> {
        self.projects
            .iter()
            .find(|p| p.id == id_or_key || p.key.eq_ignore_ascii_case(id_or_key))
    }

    pub fn issue_type(&self, id: &str) -> Option<&IssueType> {
        self.issue_types.iter().find(|t| t.id == id)
    }

    fn role(&self, user: &User, project: &Project) -> Option<Role> {
        if user.jira_admin {
            return Some(Role::Admin);
        }
        project.roles.get(&user.account_id).copied()
    }

    pub fn can_browse(&self, user: &User, project: &Project) -> bool {
        self.role(user, project).is_some()
    }

    pub fn can_edit(&self, user: &User, project: &Project) -> bool {
        self.role(user, project) >= Some(Role::Editor)
    }

    pub fn can_admin_project(&self, user: &User, project: &Project) -> bool {
        self.role(user, project) >= Some(Role::Admin)
    }

    /// Create issues, Link issues and Transition issues go with Edit issues in the seeded
    /// permission scheme (as in Jira's default scheme, where the same roles hold all four).
    pub fn can_create(&self, user: &User, project: &Project) -> bool {
        self.can_edit(user, project)
    }

    /// The next issue number in a project (keys are never reused).
    pub fn next_key(&self, project: &Project) -> String {
        let prefix = format!("{}-", project.key);
        let n = self
            .issues
            .iter()
            .filter_map(|i| i.key.strip_prefix(&prefix)?.parse::<u32>().ok())
            .max()
            .unwrap_or(0);
        format!("{prefix}{}", n + 1)
    }

    /// A fresh issue id.
    pub fn next_issue_id(&self) -> String {
        let n = self
            .issues
            .iter()
            .filter_map(|i| i.id.parse::<u64>().ok())
            .max()
            .unwrap_or(10_000);
        (n.max(30_000) + 1).to_string()
    }

    /// Issue types are visible to users who can browse at least one project (all types are
    /// used in every seeded project).
    pub fn can_see_issue_types(&self, user: &User) -> bool {
        self.projects.iter().any(|p| self.can_browse(user, p))
    }
}

/// Where the world lives between runs.
#[derive(Clone, Debug)]
pub enum Store {
    Memory,
    File(PathBuf),
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("could not read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path} is not a valid simulator state ({reason}); it was moved to {kept} and a fresh seeded site was started")]
    Corrupt {
        path: String,
        reason: String,
        kept: String,
    },
    #[error("could not write {path}: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
}

impl Store {
    /// Loads the world, or seeds one. A file that does not parse is moved aside (never
    /// overwritten) and reported through the returned warning.
    pub fn load(&self) -> Result<(World, Option<StoreError>), StoreError> {
        let Store::File(path) = self else {
            return Ok((World::seeded(), None));
        };
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok((World::seeded(), None))
            }
            Err(source) => {
                return Err(StoreError::Read {
                    path: path.display().to_string(),
                    source,
                })
            }
        };
        match serde_json::from_str::<World>(&text) {
            Ok(w) => Ok((w, None)),
            Err(e) => {
                let kept = aside_name(path);
                std::fs::rename(path, &kept).map_err(|source| StoreError::Write {
                    path: kept.display().to_string(),
                    source,
                })?;
                Ok((
                    World::seeded(),
                    Some(StoreError::Corrupt {
                        path: path.display().to_string(),
                        reason: e.to_string(),
                        kept: kept.display().to_string(),
                    }),
                ))
            }
        }
    }

    /// Writes the world: to a temporary file beside the target, then renamed over it, so a
    /// crash mid-write leaves the previous state intact.
    pub fn save(&self, world: &World) -> Result<(), StoreError> {
        let Store::File(path) = self else {
            return Ok(());
        };
        let tmp = path.with_extension("json.tmp");
        let err = |source| StoreError::Write {
            path: path.display().to_string(),
            source,
        };
        let text = serde_json::to_string_pretty(world).expect("world serialises");
        std::fs::write(&tmp, text).map_err(err)?;
        std::fs::rename(&tmp, path).map_err(err)
    }
}

fn aside_name(path: &Path) -> PathBuf {
    let mut n = 0;
    loop {
        let candidate = path.with_extension(format!("corrupt-{n}.json"));
        if !candidate.exists() {
            return candidate;
        }
        n += 1;
    }
}
