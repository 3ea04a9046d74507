//! Which config and form apply to the sheets of one folder: one answer for the command line and the server.
//!
//! The nearest `hyoka.toml` wins whole; without one, the front-end's fallback applies (the defaults for the
//! command line, the editor's settings for the server). A form given on the command line or to the server
//! wins over the config's. Something that cannot be used is a [`Problem`]: the front-ends report it instead
//! of linting the sheet, in the same words.

use crate::load::{discover_config, load_config_file, LoadError};
use hyoka_core::config::{Config, FormRef};
use hyoka_core::messages::ui;
use hyoka_core::Form;
use std::path::Path;
use std::sync::Arc;

/// Diagnostic codes of the problems (not rules: there is nothing to switch off).
pub const CONFIG_ERROR: &str = "config-error";
pub const FORM_ERROR: &str = "form-error";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// [`CONFIG_ERROR`] or [`FORM_ERROR`].
    pub code: &'static str,
    pub message: String,
}

/// The settings of one folder.
#[derive(Clone)]
pub struct Resolved {
    pub config: Arc<Config>,
    /// The built-in form when the configured one cannot be used (queries still work; nothing is linted).
    pub form: Arc<Form>,
    /// Whether the form was named (`--form`, `form =` of hyoka.toml or the editor's setting). When it was
    /// not, each sheet's title line may choose another built-in form ([`Resolved::form_for`]).
    pub named: bool,
    pub problem: Option<Arc<Problem>>,
}

impl Resolved {
    /// The form for a sheet with `text`: the named one, else the built-in form its title line belongs to,
    /// else the default.
    pub fn form_for(&self, text: &str, builtins: &[Arc<Form>]) -> Arc<Form> {
        if self.named {
            return self.form.clone();
        }
        hyoka_core::syntax::detect_form(text, builtins)
            .cloned()
            .unwrap_or_else(|| self.form.clone())
    }
}

/// The built-in form with `id`, or the problem that names the ones there are.
pub fn builtin_by_id(builtins: &[Arc<Form>], id: &str) -> Result<Arc<Form>, Problem> {
    builtins
        .iter()
        .find(|f| f.id == id)
        .cloned()
        .ok_or_else(|| {
            let ids: Vec<&str> = builtins.iter().map(|f| f.id.as_str()).collect();
            Problem {
                code: FORM_ERROR,
                message: ui(
                    "fs.load.unknown_builtin",
                    &[("id", &id), ("ids", &ids.join(", "))],
                ),
            }
        })
}

/// The form a command line's `--form` names: a built-in id or a file (relative to the working folder).
pub fn form_named(value: &str, builtins: &[Arc<Form>]) -> Result<Arc<Form>, String> {
    match FormRef::parse(value, Path::new("")) {
        FormRef::Builtin(id) => builtin_by_id(builtins, &id).map_err(|p| p.message),
        FormRef::File(p) => crate::load::load_form(&p)
            .map(Arc::new)
            .map_err(|e| e.to_string()),
    }
}

/// The forms a resolution may use.
pub struct Forms<'a> {
    /// The built-in forms, the default first.
    pub builtins: &'a [Arc<Form>],
    /// `--form`, or the server's `--form`: wins over any config.
    pub forced: Option<&'a Arc<Form>>,
    /// A form file by its canonical path: the caller caches, so that each file is read (and its error
    /// reported) once, however folders spell its path.
    pub load: &'a mut dyn FnMut(&Path) -> Result<Arc<Form>, LoadError>,
}

/// Resolve the settings for sheets in `dir` (None for a document that is not a file).
pub fn resolve(
    dir: Option<&Path>,
    fallback: impl FnOnce() -> Config,
    forms: Forms<'_>,
) -> Resolved {
    let mut problem = None;
    let from_file = match dir.and_then(discover_config) {
        Some(path) => match load_config_file(&path) {
            Ok(c) => Some(c),
            Err(e) => {
                problem = Some(Problem {
                    code: CONFIG_ERROR,
                    message: e.0,
                });
                None
            }
        },
        None => None,
    };
    let config = from_file.unwrap_or_else(fallback);
    let default = &forms.builtins[0];
    let named = forms.forced.is_some() || config.form.is_some();
    let form = match (forms.forced, &config.form) {
        (Some(f), _) => f.clone(),
        (None, Some(FormRef::Builtin(id))) => match builtin_by_id(forms.builtins, id) {
            Ok(f) => f,
            Err(p) => {
                problem.get_or_insert(p);
                default.clone()
            }
        },
        (None, Some(FormRef::File(p))) => {
            let p = std::fs::canonicalize(p).unwrap_or_else(|_| p.clone());
            match (forms.load)(&p) {
                Ok(f) => f,
                Err(e) => {
                    problem.get_or_insert(Problem {
                        code: FORM_ERROR,
                        message: e.0,
                    });
                    default.clone()
                }
            }
        }
        (None, None) => default.clone(),
    };
    Resolved {
        config: Arc::new(config),
        form,
        named,
        problem: problem.map(Arc::new),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loader(path: &Path) -> Result<Arc<Form>, LoadError> {
        crate::load::load_form(path).map(Arc::new)
    }

    #[test]
    fn a_config_names_its_form_and_a_broken_one_is_a_problem() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let builtins: Vec<Arc<Form>> = Form::builtins().into_iter().map(Arc::new).collect();
        let builtin = &builtins[0];
        let resolve_in = |sub: &str| {
            let mut load = loader;
            resolve(
                Some(&d.join(sub)),
                Config::default,
                Forms {
                    builtins: &builtins,
                    forced: None,
                    load: &mut load,
                },
            )
        };
        std::fs::create_dir_all(d.join("plain")).unwrap();
        let r = resolve_in("plain");
        assert!(r.problem.is_none() && Arc::ptr_eq(&r.form, builtin) && !r.named);
        std::fs::create_dir_all(d.join("bad-config")).unwrap();
        std::fs::write(d.join("bad-config/hyoka.toml"), "rules = 3\n").unwrap();
        assert_eq!(resolve_in("bad-config").problem.unwrap().code, CONFIG_ERROR);
        std::fs::create_dir_all(d.join("bad-form")).unwrap();
        std::fs::write(d.join("bad-form/hyoka.toml"), "form = \"none.toml\"\n").unwrap();
        let r = resolve_in("bad-form");
        assert_eq!(r.problem.unwrap().code, FORM_ERROR);
        assert!(Arc::ptr_eq(&r.form, builtin));
        std::fs::create_dir_all(d.join("by-id")).unwrap();
        std::fs::write(d.join("by-id/hyoka.toml"), "form = \"kakogawa-r4\"\n").unwrap();
        let r = resolve_in("by-id");
        assert!(r.problem.is_none() && r.named && r.form.id == "kakogawa-r4");
        std::fs::create_dir_all(d.join("no-such-id")).unwrap();
        std::fs::write(d.join("no-such-id/hyoka.toml"), "form = \"sapporo-r9\"\n").unwrap();
        let p = resolve_in("no-such-id").problem.unwrap();
        assert_eq!(p.code, FORM_ERROR);
        assert!(
            p.message.contains("sapporo-r9") && p.message.contains("hiratsuka-h27, kakogawa-r4"),
            "{}",
            p.message
        );
    }
}
