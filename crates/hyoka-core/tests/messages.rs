//! The message catalogue against the code: every rule has its words, every key the sources name exists,
//! and the English catalogue only translates (same keys, same placeholders).

use hyoka_core::messages::{self, Language};
use hyoka_core::rules;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

#[test]
fn every_rule_has_a_summary_and_doc() {
    for r in rules::ALL {
        for part in ["summary", "doc"] {
            let key = format!("rules.{}.{part}", r.id);
            assert!(messages::has(&key), "ja.toml has no {key}");
        }
        assert!(!r.summary().trim().is_empty(), "{}: empty summary", r.id);
        assert!(!r.doc().trim().is_empty(), "{}: empty doc", r.id);
        assert!(
            !r.summary().contains('\n'),
            "{}: the summary is one line (it is a table cell in docs/rules.md)",
            r.id
        );
    }
}

#[test]
fn rule_tables_name_existing_rules() {
    for key in messages::keys(Language::Japanese) {
        let Some(rest) = key.strip_prefix("rules.") else {
            continue;
        };
        let id = rest.split('.').next().unwrap_or("");
        assert!(
            id == "common" || rules::find(id).is_some(),
            "ja.toml has {key}, but there is no rule {id}"
        );
    }
}

#[test]
fn english_keys_are_a_subset_of_japanese_keys() {
    let ja: BTreeSet<&str> = messages::keys(Language::Japanese).into_iter().collect();
    for k in messages::keys(Language::English) {
        assert!(ja.contains(k), "en.toml has {k}, ja.toml does not");
    }
}

fn placeholders(template: &str) -> BTreeSet<&str> {
    let mut out = BTreeSet::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        out.insert(&after[..close]);
        rest = &after[close + 1..];
    }
    out
}

#[test]
fn english_templates_use_the_same_placeholders() {
    for k in messages::keys(Language::English) {
        let (en, ja) = (
            messages::template(Language::English, k),
            messages::template(Language::Japanese, k),
        );
        assert_eq!(
            placeholders(en),
            placeholders(ja),
            "{k}: en.toml and ja.toml fill different placeholders"
        );
    }
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs")
            && p.file_name().is_some_and(|n| n != "tests.rs")
        {
            out.push(p);
        }
    }
}

/// The source before its unit tests (roughly: up to a line `mod tests {`).
fn non_test_part(src: &str) -> &str {
    let mut at = 0;
    for line in src.split_inclusive('\n') {
        if line.trim_start().starts_with("mod tests {") {
            break;
        }
        at += line.len();
    }
    &src[..at]
}

/// A string literal at the start of `s` (after whitespace), if it is one without escapes.
fn literal(s: &str) -> Option<&str> {
    let s = s.trim_start().strip_prefix('"')?;
    let end = s.find('"')?;
    let key = &s[..end];
    (!key.contains('\\')).then_some(key)
}

/// After `template(`: skip the language argument up to its comma, then the key.
fn after_first_argument(s: &str) -> Option<&str> {
    let mut depth = 0;
    for (i, c) in s.char_indices() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' if depth == 0 => return None,
            ')' | ']' | '}' => depth -= 1,
            ',' if depth == 0 => return Some(&s[i + 1..]),
            _ => {}
        }
    }
    None
}

/// Literal keys passed to `ja(…)`, `ui(…)` (with or without `messages::`) and `template(lang, …)`.
fn literal_keys(src: &str) -> Vec<String> {
    let mut keys = Vec::new();
    for (name, skip_language) in [("ja(", false), ("ui(", false), ("template(", true)] {
        let mut from = 0;
        while let Some(i) = src[from..].find(name) {
            let at = from + i;
            from = at + name.len();
            let boundary = src[..at]
                .chars()
                .next_back()
                .is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
            if !boundary {
                continue;
            }
            let args = &src[from..];
            let key = if skip_language {
                after_first_argument(args).and_then(literal)
            } else {
                literal(args)
            };
            if let Some(k) = key {
                keys.push(k.to_string());
            }
        }
    }
    keys
}

#[test]
fn every_literal_key_in_the_sources_is_in_the_japanese_catalogue() {
    let root = workspace_root();
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    let crates = std::fs::read_dir(root.join("crates")).expect("the crates folder");
    for c in crates.flatten() {
        rust_files(&c.path().join("src"), &mut files);
    }
    files.sort();
    let mut checked = 0;
    let mut missing = Vec::new();
    for f in &files {
        let src = std::fs::read_to_string(f).expect("a readable source file");
        for key in literal_keys(non_test_part(&src)) {
            checked += 1;
            if !messages::has(&key) {
                missing.push(format!("{}: {key}", f.display()));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "keys missing from ja.toml:\n{}",
        missing.join("\n")
    );
    // The scan itself works: the sources name close to two hundred keys.
    assert!(checked > 150, "only {checked} literal keys found");
}

#[test]
fn the_scanner_finds_keys_across_lines_and_skips_unit_tests() {
    let src = "let a = messages::ja(\"a.b\", &[]);\nlet b = ui(\n    \"c.d\",\n    &[],\n);\n\
               let c = template(Language::Japanese, \"e.f\");\nlet d = template(\n    lang,\n    \"g.h\",\n);\n\
               let e = gui(\"no\"); let f = ja(&key, &[]);\n#[cfg(test)]\nmod tests {\n    ja(\"x.y\", &[]);\n}\n";
    let mut keys = literal_keys(non_test_part(src));
    keys.sort();
    assert_eq!(keys, ["a.b", "c.d", "e.f", "g.h"]);
}
