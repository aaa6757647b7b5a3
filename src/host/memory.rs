//! An in-memory [`Host`] with Jira's property semantics, for tests of everything above the
//! adapters (save cycles, races, faults) without a browser. Not used by the app itself.

use super::{Context, FlagKind, Host, HostError, HostFuture, Method};
use std::cell::RefCell;
use std::collections::{BTreeMap, VecDeque};

type Hook = Box<dyn FnMut(&mut BTreeMap<String, String>)>;
type RequestHook = Box<dyn FnMut(Method, &str, &mut BTreeMap<String, String>)>;

#[derive(Default)]
pub struct MemoryHost {
    pub context: Context,
    /// Property path → raw JSON value.
    pub store: RefCell<BTreeMap<String, String>>,
    /// Every request as "METHOD path".
    pub log: RefCell<Vec<String>>,
    /// Errors for the next requests, in order.
    pub faults: RefCell<VecDeque<HostError>>,
    /// Refuse every write with 403, and say so when asked (a user without Edit issues).
    pub read_only: RefCell<bool>,
    /// Runs on the store just before the next PUT lands: another writer racing us.
    pub before_put: RefCell<Option<Hook>>,
    /// Runs on the store before every request is answered (other writers, at any moment).
    pub on_request: RefCell<Option<RequestHook>>,
    pub flags: RefCell<Vec<(FlagKind, String)>>,
    /// Answers for the next POSTs (creating and linking issues, bulk reads), in order.
    pub posts: RefCell<VecDeque<Result<String, HostError>>>,
}

impl MemoryHost {
    pub fn new(issue_id: &str) -> Self {
        Self {
            context: Context {
                issue_id: Some(issue_id.into()),
                ..Context::default()
            },
            ..Self::default()
        }
    }

    pub fn count(&self, method: Method, path_contains: &str) -> usize {
        let prefix = format!("{} ", method.as_str());
        self.log
            .borrow()
            .iter()
            .filter(|l| l.starts_with(&prefix) && l.contains(path_contains))
            .count()
    }

    fn handle(&self, method: Method, path: &str, body: Option<&str>) -> Result<String, HostError> {
        self.log
            .borrow_mut()
            .push(format!("{} {path}", method.as_str()));
        if let Some(e) = self.faults.borrow_mut().pop_front() {
            return Err(e);
        }
        if let Some(hook) = self.on_request.borrow_mut().as_mut() {
            hook(method, path, &mut self.store.borrow_mut());
        }
        let not_found = || HostError::Http {
            status: 404,
            message: "The property does not exist.".into(),
            retry_after: None,
        };
        if method == Method::Get && path.starts_with("/rest/api/3/mypermissions?") {
            // A user who may browse, and edit unless `read_only`; no admin rights.
            let edit = !*self.read_only.borrow();
            return Ok(format!(
                r#"{{"permissions":{{"BROWSE_PROJECTS":{{"havePermission":true}},"EDIT_ISSUES":{{"havePermission":{edit}}}}}}}"#
            ));
        }
        if let (Method::Get, Some((issue, query))) = (method, path.split_once('?')) {
            return Ok(self.issue_with_properties(issue, query));
        }
        match method {
            Method::Get => {
                let store = self.store.borrow();
                let v = store.get(path).ok_or_else(not_found)?;
                let key = path.rsplit('/').next().unwrap_or_default();
                Ok(format!(r#"{{"key":"{key}","value":{v}}}"#))
            }
            Method::Put | Method::Delete if *self.read_only.borrow() => Err(HostError::Http {
                status: 403,
                message: "You do not have permission to edit issue properties.".into(),
                retry_after: None,
            }),
            Method::Put => {
                let body = body.unwrap_or_default();
                if serde_json::from_str::<serde_json::Value>(body).is_err()
                    || body.chars().count() > 32_768
                {
                    return Err(HostError::Http {
                        status: 400,
                        message: "The property value is invalid or too long.".into(),
                        retry_after: None,
                    });
                }
                if let Some(mut hook) = self.before_put.borrow_mut().take() {
                    hook(&mut self.store.borrow_mut());
                }
                self.store.borrow_mut().insert(path.into(), body.into());
                Ok(String::new())
            }
            Method::Post => self
                .posts
                .borrow_mut()
                .pop_front()
                .unwrap_or_else(|| Err(not_found())),
            Method::Delete => self
                .store
                .borrow_mut()
                .remove(path)
                .map(|_| String::new())
                .ok_or_else(not_found),
        }
    }
}

impl MemoryHost {
    /// Jira's "Get issue" with `properties=a,b`: the named properties that exist, by key.
    fn issue_with_properties(&self, issue_path: &str, query: &str) -> String {
        let keys = query
            .split('&')
            .find_map(|p| p.strip_prefix("properties="))
            .unwrap_or_default();
        let store = self.store.borrow();
        let mut props = serde_json::Map::new();
        for key in keys.split(',').filter(|k| !k.is_empty()) {
            if let Some(v) = store.get(&format!("{issue_path}/properties/{key}")) {
                props.insert(
                    key.to_owned(),
                    serde_json::from_str(v).expect("stored JSON"),
                );
            }
        }
        let id = issue_path.rsplit('/').next().unwrap_or_default();
        serde_json::json!({"id": id, "fields": {}, "properties": props}).to_string()
    }
}

impl Host for MemoryHost {
    fn context(&self) -> HostFuture<'_, Context> {
        let c = self.context.clone();
        Box::pin(async move { Ok(c) })
    }

    fn request<'a>(
        &'a self,
        method: Method,
        path: &'a str,
        body: Option<&'a str>,
    ) -> HostFuture<'a, String> {
        let r = self.handle(method, path, body);
        Box::pin(async move { r })
    }

    fn resize(&self) {}

    fn flag(&self, kind: FlagKind, title: &str, _body: &str) {
        self.flags.borrow_mut().push((kind, title.into()));
    }

    fn enable_theme(&self) {}

    fn on_issue_changed(&self, _on_change: Box<dyn Fn()>) {}
}
