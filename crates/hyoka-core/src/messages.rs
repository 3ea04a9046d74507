//! The tool's own words, one catalogue per language (`messages/ja.toml`, `messages/en.toml`), as data.
//!
//! Keys are dotted paths (`cli.error.not_found`). Templates name their arguments in braces: `{path}`.
//! Diagnostics are always Japanese (the sheets are); help and command-line errors follow the user's
//! language, which the front-end sets once with [`set_language`]. A key missing from English falls back to
//! Japanese; a key missing from Japanese is a defect that the catalogue test catches.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    Japanese,
    English,
}

const JA: &str = include_str!("../messages/ja.toml");
const EN: &str = include_str!("../messages/en.toml");

static UI_LANGUAGE: AtomicU8 = AtomicU8::new(0);

/// The language of help, command-line errors and server messages (diagnostics stay Japanese).
pub fn set_language(lang: Language) {
    UI_LANGUAGE.store(lang as u8, Ordering::Relaxed);
}

pub fn language() -> Language {
    match UI_LANGUAGE.load(Ordering::Relaxed) {
        1 => Language::English,
        _ => Language::Japanese,
    }
}

/// The language a locale name asks for (`en_US.UTF-8` → English; anything else → Japanese).
pub fn language_of_locale(locale: &str) -> Language {
    if locale.to_ascii_lowercase().starts_with("en") {
        Language::English
    } else {
        Language::Japanese
    }
}

type Table = HashMap<String, String>;

fn flatten(prefix: &str, value: &toml::Value, out: &mut Table) {
    match value {
        toml::Value::Table(t) => {
            for (k, v) in t {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&key, v, out);
            }
        }
        toml::Value::String(s) => {
            out.insert(prefix.to_string(), s.clone());
        }
        _ => {}
    }
}

fn parse(src: &str) -> Table {
    let mut out = Table::new();
    // Both catalogues are embedded and parsed by the test suite: failure here is a build defect.
    let value: toml::Value = toml::from_str(src).expect("the message catalogue is valid TOML");
    flatten("", &value, &mut out);
    out
}

fn table(lang: Language) -> &'static Table {
    static JA_TABLE: OnceLock<Table> = OnceLock::new();
    static EN_TABLE: OnceLock<Table> = OnceLock::new();
    match lang {
        Language::Japanese => JA_TABLE.get_or_init(|| parse(JA)),
        Language::English => EN_TABLE.get_or_init(|| parse(EN)),
    }
}

/// The template for `key` in `lang`, falling back to Japanese, then to the key itself.
pub fn template(lang: Language, key: &str) -> &'static str {
    table(lang)
        .get(key)
        .or_else(|| table(Language::Japanese).get(key))
        .map_or_else(|| leak_key(key), String::as_str)
}

fn leak_key(key: &str) -> &'static str {
    // Only reached for a key missing from the Japanese catalogue, which the tests forbid.
    static MISSING: OnceLock<std::sync::Mutex<HashMap<String, &'static str>>> = OnceLock::new();
    let mut m = MISSING
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    m.entry(key.to_string())
        .or_insert_with(|| Box::leak(key.to_string().into_boxed_str()))
}

/// Fill `{name}` placeholders. Unknown placeholders stay as written.
pub fn fill(template: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match args.iter().find(|(n, _)| *n == name) {
                    Some((_, v)) => out.push_str(&v.to_string()),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// A message in the user's language.
pub fn ui(key: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    fill(template(language(), key), args)
}

/// A message in Japanese, whatever the user's language (diagnostics).
pub fn ja(key: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    fill(template(Language::Japanese, key), args)
}

/// Whether the Japanese catalogue (the complete one) has `key`.
pub fn has(key: &str) -> bool {
    table(Language::Japanese).contains_key(key)
}

/// Every key of a catalogue (for the completeness tests).
pub fn keys(lang: Language) -> Vec<&'static str> {
    let mut k: Vec<&'static str> = table(lang).keys().map(String::as_str).collect();
    k.sort_unstable();
    k
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_keys_exist_in_japanese() {
        let ja = keys(Language::Japanese);
        for k in keys(Language::English) {
            assert!(ja.contains(&k), "en.toml has {k}, ja.toml does not");
        }
    }

    #[test]
    fn fills_placeholders_and_keeps_unknown_ones() {
        assert_eq!(
            fill("{path}: {n} 件 {other}", &[("path", &"a.hyoka"), ("n", &3)]),
            "a.hyoka: 3 件 {other}"
        );
        assert_eq!(fill("閉じない {", &[]), "閉じない {");
    }

    #[test]
    fn locale_names() {
        assert_eq!(language_of_locale("en_US.UTF-8"), Language::English);
        assert_eq!(language_of_locale("ja_JP.UTF-8"), Language::Japanese);
        assert_eq!(language_of_locale("C.UTF-8"), Language::Japanese);
    }
}
