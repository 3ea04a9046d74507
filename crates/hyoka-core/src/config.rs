//! `hyoka.toml` (spec §8): the form to use and per-rule severities. The nearest file wins whole; finding
//! and reading it is hyoka-fs's work (the core never touches the file system).

pub use crate::diagnostics::Level;
use crate::diagnostics::Levels;
use crate::messages::ui;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = "hyoka.toml";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// The form: a built-in one by id, or a file already resolved against the config file's folder.
    pub form: Option<FormRef>,
    pub rules: Levels,
    /// Whether the cross-sheet rules run over the folder's sheets (`workspace = false` turns them off).
    pub workspace: bool,
    /// A renamed project's former names, each mapped to its present name (`[aliases]`).
    pub aliases: BTreeMap<String, String>,
    /// The file this came from, if any.
    pub source: Option<PathBuf>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            form: None,
            rules: Levels::new(),
            workspace: true,
            aliases: BTreeMap::new(),
            source: None,
        }
    }
}

/// Where the form comes from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FormRef {
    /// A built-in form by its id (`kakogawa-r4`).
    Builtin(String),
    /// A form file.
    File(PathBuf),
}

impl FormRef {
    /// `kakogawa-r4` names a built-in form: a value with no path separator that does not end in `.toml`.
    /// Anything else is a path, relative ones resolved against `dir`.
    pub fn parse(value: &str, dir: &Path) -> FormRef {
        let is_id = !value.is_empty()
            && !value.contains(['/', '\\'])
            && !value.to_ascii_lowercase().ends_with(".toml");
        if is_id {
            FormRef::Builtin(value.to_string())
        } else {
            FormRef::File(dir.join(value))
        }
    }
}

impl std::fmt::Display for FormRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FormRef::Builtin(id) => f.write_str(id),
            FormRef::File(p) => write!(f, "{}", p.display()),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    form: Option<String>,
    #[serde(default)]
    rules: BTreeMap<String, String>,
    workspace: Option<bool>,
    #[serde(default)]
    aliases: BTreeMap<String, String>,
}

#[derive(Debug, Clone)]
pub struct ConfigError(pub String);

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    /// Parse config text; `dir` resolves a relative `form` path. Unknown rules and levels are errors.
    pub fn from_toml(
        src: &str,
        dir: &Path,
        source: Option<PathBuf>,
    ) -> Result<Config, ConfigError> {
        let where_ = source.as_ref().map_or_else(
            || ui("config.default_source", &[]),
            |p| p.display().to_string(),
        );
        let raw: RawConfig =
            toml::from_str(src).map_err(|e| ConfigError(format!("{where_}: {e}")))?;
        let mut rules = BTreeMap::new();
        for (k, v) in raw.rules {
            if crate::rules::find(&k).is_none() {
                return Err(ConfigError(ui(
                    "config.unknown_rule",
                    &[("source", &where_), ("rule", &k)],
                )));
            }
            let level = Level::parse(&v).ok_or_else(|| {
                ConfigError(ui(
                    "config.bad_level",
                    &[("source", &where_), ("rule", &k), ("value", &v)],
                ))
            })?;
            rules.insert(k, level);
        }
        Ok(Config {
            form: raw.form.map(|f| FormRef::parse(&f, dir)),
            rules,
            workspace: raw.workspace.unwrap_or(true),
            aliases: raw.aliases,
            source,
        })
    }

    /// The `[aliases]` of several configs (each folder's hyoka.toml of a run) taken together: the renamed
    /// projects the cross-sheet rules and reports join. Callers pass one config per sheet, and most sheets
    /// share a file: each file's aliases are taken once (by its path, or by address when it has none), so the
    /// cost is that of the distinct configs, not sheets × aliases.
    pub fn merged_aliases<'a>(
        configs: impl IntoIterator<Item = &'a Config>,
    ) -> BTreeMap<String, String> {
        let mut seen_files: std::collections::HashSet<&Path> = std::collections::HashSet::new();
        let mut seen_configs: std::collections::HashSet<*const Config> =
            std::collections::HashSet::new();
        let mut merged = BTreeMap::new();
        for c in configs {
            if c.aliases.is_empty() {
                continue;
            }
            let first = match &c.source {
                Some(path) => seen_files.insert(path.as_path()),
                None => seen_configs.insert(c as *const Config),
            };
            if first {
                merged.extend(c.aliases.iter().map(|(a, b)| (a.clone(), b.clone())));
            }
        }
        merged
    }

    /// Set rule levels from `(rule, level)` strings (editor settings); returns the rejected entries.
    pub fn with_rules<'a>(
        mut self,
        entries: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> (Config, Vec<String>) {
        let mut bad = Vec::new();
        for (k, v) in entries {
            match (crate::rules::find(k), Level::parse(v)) {
                (Some(_), Some(l)) => {
                    self.rules.insert(k.to_string(), l);
                }
                _ => bad.push(format!("{k} = {v}")),
            }
        }
        (self, bad)
    }
}
