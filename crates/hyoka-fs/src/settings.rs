//! Which config and form apply to the sheets of one folder: one answer for the command line and the server.
//!
//! The nearest `hyoka.toml` wins whole; without one, the front-end's fallback applies (the defaults for the
//! command line, the editor's settings for the server). A form given on the command line or to the server
//! wins over the config's. Something that cannot be used is a [`Problem`]: the front-ends report it instead
//! of linting the sheet, in the same words.

use crate::load::{discover_config, load_config_file, LoadError};
use hyoka_core::config::Config;
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
    pub problem: Option<Arc<Problem>>,
}

/// The forms a resolution may use.
pub struct Forms<'a> {
    pub builtin: &'a Arc<Form>,
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
    let form = match (forms.forced, &config.form) {
        (Some(f), _) => f.clone(),
        (None, Some(p)) => {
            let p = std::fs::canonicalize(p).unwrap_or_else(|_| p.clone());
            match (forms.load)(&p) {
                Ok(f) => f,
                Err(e) => {
                    problem.get_or_insert(Problem {
                        code: FORM_ERROR,
                        message: e.0,
                    });
                    forms.builtin.clone()
                }
            }
        }
        (None, None) => forms.builtin.clone(),
    };
    Resolved {
        config: Arc::new(config),
        form,
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
        let builtin = Arc::new(Form::builtin());
        let resolve_in = |sub: &str| {
            let mut load = loader;
            resolve(
                Some(&d.join(sub)),
                Config::default,
                Forms {
                    builtin: &builtin,
                    forced: None,
                    load: &mut load,
                },
            )
        };
        std::fs::create_dir_all(d.join("plain")).unwrap();
        let r = resolve_in("plain");
        assert!(r.problem.is_none() && Arc::ptr_eq(&r.form, &builtin));
        std::fs::create_dir_all(d.join("bad-config")).unwrap();
        std::fs::write(d.join("bad-config/hyoka.toml"), "rules = 3\n").unwrap();
        assert_eq!(resolve_in("bad-config").problem.unwrap().code, CONFIG_ERROR);
        std::fs::create_dir_all(d.join("bad-form")).unwrap();
        std::fs::write(d.join("bad-form/hyoka.toml"), "form = \"none.toml\"\n").unwrap();
        let r = resolve_in("bad-form");
        assert_eq!(r.problem.unwrap().code, FORM_ERROR);
        assert!(Arc::ptr_eq(&r.form, &builtin));
    }
}
