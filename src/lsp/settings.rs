//! Settings (spec §8): a `hyoka.toml` that applies to a document wins whole; otherwise the client's settings
//! (`initializationOptions`, `workspace/didChangeConfiguration`), otherwise the defaults.
//!
//! Files are never read under the server's lock: [`Resolver::plan`] takes what a folder needs (under the lock),
//! [`Plan::load`] reads `hyoka.toml` and the form (on a blocking thread, without the lock), and
//! [`Resolver::store`] keeps the result (under the lock again) unless the settings changed meanwhile.

use hyoka_core::config::{Config, FormRef};
use hyoka_core::messages::ui;
use hyoka_core::{messages, Form};
use hyoka_fs::load::LoadError;
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// How a form file is read (tests slow it down).
pub type FormLoader = Arc<dyn Fn(&Path) -> Result<Form, LoadError> + Send + Sync>;

/// The client's settings, as given.
#[derive(Debug, Clone, Default)]
pub struct ClientSettings {
    pub rules: Vec<(String, String)>,
    pub form: Option<FormRef>,
}

/// The built-in forms, the default first, shared by every document. Parsed once per process: `--form` and the
/// resolver both ask for them at start-up.
pub fn builtin_forms() -> Arc<[Arc<Form>]> {
    static FORMS: std::sync::OnceLock<Arc<[Arc<Form>]>> = std::sync::OnceLock::new();
    FORMS
        .get_or_init(|| Form::builtins().into_iter().map(Arc::new).collect())
        .clone()
}

impl ClientSettings {
    /// Accepts `{"hyoka": {...}}` or the inner object; returns the settings and complaints to log.
    pub fn from_json(v: &Value) -> (ClientSettings, Vec<String>) {
        let inner = v.get("hyoka").unwrap_or(v);
        let mut s = ClientSettings::default();
        let mut bad = Vec::new();
        if let Some(rules) = inner.get("rules") {
            match rules.as_object() {
                Some(map) => {
                    for (k, val) in map {
                        match val.as_str() {
                            Some(level) => s.rules.push((k.clone(), level.to_string())),
                            None => bad.push(ui("lsp.server.setting_not_string", &[("rule", &k)])),
                        }
                    }
                }
                None => bad.push(ui("lsp.server.rules_not_object", &[])),
            }
        }
        if let Some(f) = inner
            .get("form")
            .and_then(Value::as_str)
            .filter(|f| !f.is_empty())
        {
            // A relative path is taken from the server's working folder, as before.
            s.form = Some(FormRef::parse(f, Path::new("")));
        }
        (s, bad)
    }
}

pub use hyoka_fs::settings::{Problem, Resolved};

/// The cache key of a document's folder (empty for documents that are not files).
pub fn folder_key(dir: Option<&Path>) -> PathBuf {
    dir.map(Path::to_path_buf).unwrap_or_default()
}

/// Everything resolving one folder needs, taken under the lock so that [`Plan::load`] can run without it.
pub struct Plan {
    key: PathBuf,
    generation: u64,
    client: ClientSettings,
    builtins: Arc<[Arc<Form>]>,
    form_override: Option<Arc<Form>>,
    forms: HashMap<PathBuf, Arc<Form>>,
    load_form: FormLoader,
}

/// The result of [`Plan::load`], for [`Resolver::store`].
pub struct Loaded {
    pub key: PathBuf,
    generation: u64,
    resolved: Resolved,
    new_form: Option<(PathBuf, Arc<Form>)>,
    /// Complaints about the editor's settings, for the log.
    pub logs: Vec<String>,
}

impl Loaded {
    /// What was resolved (the workspace index keeps no cache entry).
    pub fn into_resolved(self) -> Resolved {
        self.resolved
    }
}

impl Plan {
    pub fn key(&self) -> &Path {
        &self.key
    }

    /// Read `hyoka.toml` and the form. Blocking: call it off the async runtime and without the lock.
    pub fn load(self) -> Loaded {
        let mut logs = Vec::new();
        let dir = (!self.key.as_os_str().is_empty()).then_some(self.key.as_path());
        let mut new_form = None;
        let known = &self.forms;
        let read = &self.load_form;
        let mut load = |p: &Path| match known.get(p) {
            Some(f) => Ok(f.clone()),
            None => {
                let f = Arc::new(read(p)?);
                new_form = Some((p.to_path_buf(), f.clone()));
                Ok(f)
            }
        };
        // Without a hyoka.toml (or with a broken one) the editor's settings apply.
        let fallback = || {
            let (c, bad) = Config {
                form: self.client.form.clone(),
                ..Config::default()
            }
            .with_rules(
                self.client
                    .rules
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.as_str())),
            );
            for b in bad {
                logs.push(messages::ui("lsp.log.bad_rule_setting", &[("entry", &b)]));
            }
            c
        };
        let resolved = hyoka_fs::settings::resolve(
            dir,
            fallback,
            hyoka_fs::settings::Forms {
                builtins: &self.builtins,
                forced: self.form_override.as_ref(),
                load: &mut load,
            },
        );
        Loaded {
            key: self.key,
            generation: self.generation,
            resolved,
            new_form,
            logs,
        }
    }
}

/// Per document folder, the config and form that apply; kept while a document of that folder is open and
/// until a config file or the editor's settings change.
pub struct Resolver {
    /// The default form (the first of `builtins`).
    pub builtin: Arc<Form>,
    /// The built-in forms, among which a sheet's title chooses when no form is named.
    pub builtins: Arc<[Arc<Form>]>,
    pub form_override: Option<Arc<Form>>,
    pub client: ClientSettings,
    cache: HashMap<PathBuf, Resolved>,
    /// Forms by path, shared by the folders that use them.
    forms: HashMap<PathBuf, Arc<Form>>,
    /// Open documents per folder: the folder's entry goes when its last document closes.
    users: HashMap<PathBuf, usize>,
    /// Folders being loaded now (one load per folder, however many documents open meanwhile).
    loading: HashSet<PathBuf>,
    /// Bumped when the settings change: loads begun before are not stored.
    generation: u64,
    /// Problems already shown to the user (each once while it lasts).
    shown: HashSet<String>,
    load_form: FormLoader,
}

impl Resolver {
    pub fn new(form_override: Option<Arc<Form>>) -> Self {
        let builtins = builtin_forms();
        Resolver {
            builtin: builtins[0].clone(),
            builtins,
            form_override,
            client: ClientSettings::default(),
            cache: HashMap::new(),
            forms: HashMap::new(),
            users: HashMap::new(),
            loading: HashSet::new(),
            generation: 0,
            shown: HashSet::new(),
            load_form: Arc::new(hyoka_fs::load::load_form),
        }
    }

    #[cfg(test)]
    pub fn set_form_loader(&mut self, f: FormLoader) {
        self.load_form = f;
    }

    /// Forget everything loaded: a config file or the editor's settings changed.
    pub fn invalidate(&mut self) {
        self.generation += 1;
        self.cache.clear();
        self.forms.clear();
        self.loading.clear();
    }

    pub fn generation(&self) -> u64 {
        self.generation
    }

    pub fn cached(&self, key: &Path) -> Option<Resolved> {
        self.cache.get(key).cloned()
    }

    /// A plan to read `key`'s settings for the workspace index: not cached, and no document waits for it.
    pub fn index_plan(&self, key: &Path) -> Plan {
        Plan {
            key: key.to_path_buf(),
            generation: self.generation,
            client: self.client.clone(),
            builtins: self.builtins.clone(),
            form_override: self.form_override.clone(),
            forms: self.forms.clone(),
            load_form: self.load_form.clone(),
        }
    }

    /// A plan to load `key`, or None when a load of it is already under way.
    pub fn plan(&mut self, key: &Path) -> Option<Plan> {
        if !self.loading.insert(key.to_path_buf()) {
            return None;
        }
        Some(self.index_plan(key))
    }

    /// Keep a load's result; None when the settings changed since it was planned or no document of the
    /// folder is open any more (then there is nothing to apply it to).
    pub fn store(&mut self, l: Loaded) -> Option<Resolved> {
        if l.generation != self.generation {
            return None;
        }
        self.loading.remove(&l.key);
        if !self.users.contains_key(&l.key) {
            return None;
        }
        let mut r = l.resolved;
        if let Some((path, form)) = l.new_form {
            // Another folder may have loaded the same form meanwhile: share that one.
            r.form = self.forms.entry(path).or_insert(form).clone();
        }
        self.cache.insert(l.key, r.clone());
        Some(r)
    }

    /// A load that never finished (its thread panicked): let the next document try again.
    pub fn abandon(&mut self, key: &Path) {
        self.loading.remove(key);
    }

    /// Whether `p` is news to the user (not shown since it arose).
    pub fn first_showing(&mut self, p: &Problem) -> bool {
        self.shown.insert(p.message.clone())
    }

    /// Forget shown problems that no longer apply to an open folder, so that they are shown again if they
    /// come back (and the set stays small).
    pub fn forget_settled_problems(&mut self) {
        let live: HashSet<&str> = self
            .cache
            .values()
            .filter_map(|r| r.problem.as_deref())
            .map(|p| p.message.as_str())
            .collect();
        self.shown.retain(|m| live.contains(m.as_str()));
    }

    /// A document of folder `key` opened.
    pub fn open(&mut self, key: &Path) {
        *self.users.entry(key.to_path_buf()).or_default() += 1;
    }

    /// A document of folder `key` closed: after the last one, the folder's settings and the forms only it
    /// used are dropped.
    pub fn close(&mut self, key: &Path) {
        let Some(n) = self.users.get_mut(key) else {
            return;
        };
        *n -= 1;
        if *n > 0 {
            return;
        }
        self.users.remove(key);
        if self.cache.remove(key).is_some() {
            let cache = &self.cache;
            self.forms
                .retain(|_, f| cache.values().any(|r| Arc::ptr_eq(&r.form, f)));
            self.forget_settled_problems();
        }
    }

    /// (cached folders, forms, folders with open documents, folders loading)
    #[cfg(test)]
    pub fn sizes(&self) -> (usize, usize, usize, usize) {
        (
            self.cache.len(),
            self.forms.len(),
            self.users.len(),
            self.loading.len(),
        )
    }
}
