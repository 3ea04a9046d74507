//! Loading forms and `hyoka.toml` from disk, with the read checks of [`crate::read`]: regular files only,
//! size-capped, errors in the user's language.

use crate::read::{read_regular_utf8, CONFIG_LIMIT, FORM_LIMIT};
use hyoka_core::config::{Config, FILE_NAME};
use hyoka_core::messages;
use hyoka_core::Form;
use std::path::{Path, PathBuf};

/// A form or config that could not be used, with the path it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError(pub String);

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for LoadError {}

/// The text of a form file (`hyoka form check` reads it to place its problems).
pub fn read_form(path: &Path) -> Result<String, LoadError> {
    read_regular_utf8(path, FORM_LIMIT).map_err(|e| {
        LoadError(messages::ui(
            "fs.load.form_unreadable",
            &[("path", &crate::paths::for_display(path)), ("reason", &e)],
        ))
    })
}

/// Load and validate a form file.
pub fn load_form(path: &Path) -> Result<Form, LoadError> {
    let shown = crate::paths::for_display(path);
    let text = read_form(path)?;
    Form::from_toml(&text).map_err(|e| {
        LoadError(messages::ui(
            "fs.load.form_invalid",
            &[("path", &shown), ("reason", &e)],
        ))
    })
}

/// The nearest `hyoka.toml` at `start` (a folder) or any parent.
pub fn discover_config(start: &Path) -> Option<PathBuf> {
    // Discovery climbs parents: a relative folder like "." has none, so make it absolute first.
    let start = std::path::absolute(start).unwrap_or_else(|_| start.to_path_buf());
    let mut dir = Some(start.as_path());
    while let Some(d) = dir {
        let candidate = d.join(FILE_NAME);
        // Anything by that name counts (a FIFO too): it is then refused by name instead of being passed over.
        if candidate.symlink_metadata().is_ok_and(|m| !m.is_dir()) {
            return Some(candidate);
        }
        dir = d.parent();
    }
    None
}

/// Read and parse one config file.
pub fn load_config_file(path: &Path) -> Result<Config, LoadError> {
    let shown = crate::paths::for_display(path);
    let text = read_regular_utf8(path, CONFIG_LIMIT).map_err(|e| {
        LoadError(messages::ui(
            "fs.load.config_unreadable",
            &[("path", &shown), ("reason", &e)],
        ))
    })?;
    let parent = path.parent().unwrap_or(Path::new("."));
    Config::from_toml(&text, parent, Some(path.to_path_buf())).map_err(|e| LoadError(e.to_string()))
}

/// The config that applies to a sheet in folder `dir` (the default config when there is none).
pub fn config_for(dir: &Path) -> Result<Config, LoadError> {
    match discover_config(dir) {
        None => Ok(Config::default()),
        Some(path) => load_config_file(&path),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_that_is_a_device_or_too_big_is_refused_in_words() {
        #[cfg(unix)]
        {
            let e = load_form(Path::new("/dev/zero")).unwrap_err();
            assert!(e.0.contains("/dev/zero"), "{e}");
        }
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.toml");
        std::fs::write(&big, vec![b'#'; (FORM_LIMIT + 1) as usize]).unwrap();
        assert!(load_form(&big).is_err());
    }
    #[test]
    fn a_form_taking_a_builtin_id_a_costly_pattern_or_too_many_values_does_not_load() {
        let dir = tempfile::tempdir().unwrap();
        let (file, builtin) = hyoka_core::form::BUILTIN_FORMS[1];
        let id = file.strip_suffix(".toml").unwrap();
        let path = dir.path().join("f.toml");
        // The built-in form's own text loads: it is that form.
        std::fs::write(&path, builtin).unwrap();
        assert_eq!(load_form(&path).unwrap().id, id);
        // A changed copy under its id does not, and the message says to choose another id.
        let copy = builtin.replacen("name = \"", "name = \"copy ", 1);
        std::fs::write(&path, &copy).unwrap();
        let e = load_form(&path).unwrap_err().0;
        let reason = messages::ui("form.error.reserved_id", &[("id", &id)]);
        assert!(e.contains("f.toml") && e.ends_with(&reason), "{e}");
        // Under another id it loads.
        let own = copy.replacen(&format!("id = \"{id}\""), "id = \"my-city\"", 1);
        std::fs::write(&path, &own).unwrap();
        assert!(load_form(&path).is_ok());
        // A value pattern over the cost cap.
        let costly = own.replacen(
            "[[fields]]",
            "[[fields]]\npattern = '(?:.{1,200}){1,50}'",
            1,
        );
        std::fs::write(&path, &costly).unwrap();
        let e = load_form(&path).unwrap_err().0;
        let limit = hyoka_core::form::PATTERN_SIZE_LIMIT / 1024;
        let reason = messages::ui("form.error.pattern_too_costly", &[("limit", &limit)]);
        assert!(e.ends_with(&reason), "{e}");
        // More separators than the node cap, far under the byte cap.
        let many = format!(
            "{own}\nx = [{}1]\n",
            "1,".repeat(hyoka_core::form::size::NODE_LIMIT)
        );
        assert!((many.len() as u64) < FORM_LIMIT / 8);
        std::fs::write(&path, &many).unwrap();
        let e = load_form(&path).unwrap_err().0;
        assert!(
            e.contains(&hyoka_core::form::size::NODE_LIMIT.to_string()),
            "{e}"
        );
    }
}
