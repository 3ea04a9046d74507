//! The user's language for help and command-line errors: LC_ALL, LC_MESSAGES, LANG (the first that is set
//! and not empty, as POSIX orders them); on Windows with none set, the user's UI language. `en…` gives
//! English, anything else Japanese: the users are Japanese city staff.

use hyoka_core::messages::{self, Language};

pub fn detect() -> Language {
    let from_env = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.is_empty());
    match from_env {
        Some(locale) => messages::language_of_locale(&locale),
        None => system_language(),
    }
}

#[cfg(windows)]
fn system_language() -> Language {
    sys_locale::get_locale().map_or(Language::Japanese, |l| messages::language_of_locale(&l))
}

#[cfg(not(windows))]
fn system_language() -> Language {
    Language::Japanese
}
