//! Settings (spec §8): a `hyoka.toml` that applies to a document wins whole; otherwise the client's settings
//! (`initializationOptions`, `workspace/didChangeConfiguration`), otherwise the defaults.

use hyoka_core::config::Config;
use hyoka_core::Form;
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub fn load_form(path: &Path) -> Result<Arc<Form>, String> {
    hyoka_fs::load::load_form(path)
        .map(Arc::new)
        .map_err(|e| e.to_string())
}

/// The client's settings, as given.
#[derive(Debug, Clone, Default)]
pub struct ClientSettings {
    pub rules: Vec<(String, String)>,
    pub form: Option<PathBuf>,
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
                            None => bad.push(format!("rules.{k}: 文字列（off / hint / info / warning / error）ではありません")),
                        }
                    }
                }
                None => bad.push("rules: オブジェクトではありません".into()),
            }
        }
        if let Some(f) = inner
            .get("form")
            .and_then(Value::as_str)
            .filter(|f| !f.is_empty())
        {
            s.form = Some(PathBuf::from(f));
        }
        (s, bad)
    }
}

/// Resolves, per document folder, the config and form that apply; caches until a config file changes.
pub struct Resolver {
    pub builtin: Arc<Form>,
    pub form_override: Option<Arc<Form>>,
    pub client: ClientSettings,
    cache: HashMap<PathBuf, (Arc<Config>, Arc<Form>)>,
    forms: HashMap<PathBuf, Arc<Form>>,
}

impl Resolver {
    pub fn new(form_override: Option<Arc<Form>>) -> Self {
        Resolver {
            builtin: Arc::new(Form::builtin()),
            form_override,
            client: ClientSettings::default(),
            cache: HashMap::new(),
            forms: HashMap::new(),
        }
    }

    pub fn invalidate(&mut self) {
        self.cache.clear();
        self.forms.clear();
    }

    fn form_at(&mut self, path: &Path, log: &mut Vec<String>) -> Arc<Form> {
        if let Some(f) = self.forms.get(path) {
            return f.clone();
        }
        let f = match load_form(path) {
            Ok(f) => f,
            Err(e) => {
                log.push(format!(
                    "フォーム定義を読めないため、組み込みの様式を使います: {e}"
                ));
                self.builtin.clone()
            }
        };
        self.forms.insert(path.to_path_buf(), f.clone());
        f
    }

    /// The config and form for a document in `dir` (None for documents that are not files).
    pub fn resolve(
        &mut self,
        dir: Option<&Path>,
        log: &mut Vec<String>,
    ) -> (Arc<Config>, Arc<Form>) {
        let key = dir.map(Path::to_path_buf).unwrap_or_default();
        if let Some(hit) = self.cache.get(&key) {
            return hit.clone();
        }
        let from_file = match dir.and_then(hyoka_fs::load::discover_config) {
            Some(path) => match hyoka_fs::load::load_config_file(&path) {
                Ok(c) => Some(c),
                Err(e) => {
                    log.push(format!(
                        "{}: 設定を読めないため、エディタの設定を使います: {e}",
                        path.display()
                    ));
                    None
                }
            },
            None => None,
        };
        let config = match from_file {
            Some(c) => c,
            None => {
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
                    log.push(format!(
                        "エディタの設定 hyoka.rules の「{b}」は無視します（不明なルールまたは値）"
                    ));
                }
                c
            }
        };
        let form = match (&self.form_override, &config.form) {
            (Some(f), _) => f.clone(),
            (None, Some(p)) => {
                let p = p.clone();
                self.form_at(&p, log)
            }
            (None, None) => self.builtin.clone(),
        };
        let out = (Arc::new(config), form);
        self.cache.insert(key, out.clone());
        out
    }
}
