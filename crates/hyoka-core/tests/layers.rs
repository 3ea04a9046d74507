//! The core's layers (docs/architecture.md, "Layers"): a module may use its own layer and those below, never
//! one above. Every file under src/ belongs to the layer of its top-level module; its `crate::<module>`
//! paths (in `use` lines, grouped `use crate::{…}` and inline paths) and `super::` paths that climb to the
//! crate root are checked against that order.

use std::path::{Path, PathBuf};

/// Bottom to top. lib.rs, the crate root, sits above them all.
const LAYERS: &[&str] = &[
    "messages",
    "diagnostics",
    "text",
    "form",
    "syntax",
    "model",
    "rules",
    "config",
    "query",
];

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|m| *m == module)
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("a readable folder") {
        let path = entry.expect("a folder entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module path of a file below src/: `rules/mod.rs` → [rules], `rules/sums.rs` → [rules, sums].
fn module_path(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

fn ident(s: &str) -> &str {
    let end = s
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(s.len());
    &s[..end]
}

/// The top-level modules a text refers to, with the 1-based line of each reference. `depth` is the length of
/// the file's module path: that many `super::` reach the crate root.
fn references(src: &str, depth: usize) -> Vec<(usize, String)> {
    // Comments go first (doc comments name paths in backticks); a `//` inside a string only hides the rest
    // of its line.
    let code: String = src
        .lines()
        .map(|l| l.find("//").map_or(l, |i| &l[..i]))
        .collect::<Vec<_>>()
        .join("\n");
    let line_at = |i: usize| code[..i].matches('\n').count() + 1;
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(k) = code[from..].find("crate::") {
        let at = from + k;
        from = at + "crate::".len();
        let before = code[..at].chars().next_back();
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$') {
            continue; // `hyoka_crate::`, `$crate::`
        }
        let rest = &code[from..];
        if let Some(group) = rest.strip_prefix('{') {
            // `use crate::{a::X, b};`: the first name of each item at depth 0.
            let mut depth = 0;
            let mut item_start = true;
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => item_start = true,
                    c if item_start && !c.is_whitespace() => {
                        item_start = false;
                        let name = ident(&group[i..]);
                        if !name.is_empty() {
                            out.push((line_at(from + 1 + i), name.to_string()));
                        }
                    }
                    _ => {}
                }
            }
        } else {
            out.push((line_at(at), ident(rest).to_string()));
        }
    }
    // `super::super::x` from deep enough climbs to the crate root, then names a top-level module.
    let mut from = 0;
    while let Some(k) = code[from..].find("super::") {
        let at = from + k;
        let mut rest = &code[at..];
        let mut n = 0;
        while let Some(r) = rest.strip_prefix("super::") {
            rest = r;
            n += 1;
        }
        from = code.len() - rest.len();
        if n == depth {
            out.push((line_at(at), ident(rest).to_string()));
        }
    }
    out
}

/// (line, message) for each reference of a file in `module` to a higher layer, or to an unknown module.
fn violations(module: &str, src: &str, depth: usize) -> Vec<(usize, String)> {
    let Some(own) = layer(module) else {
        return vec![(
            1,
            format!("module `{module}` has no layer: add it to LAYERS and docs/architecture.md"),
        )];
    };
    references(src, depth)
        .into_iter()
        .filter_map(|(line, target)| {
            let theirs = layer(&target)?;
            (theirs > own).then(|| {
                (
                    line,
                    format!("`{module}` (layer {own}) uses `crate::{target}` (layer {theirs})"),
                )
            })
        })
        .collect()
}

#[test]
fn no_module_uses_a_higher_layer() {
    let src_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src_dir, &mut files);
    files.sort();
    assert!(files.len() > 20, "the sources are found");
    let mut problems = Vec::new();
    for f in &files {
        let rel = f.strip_prefix(&src_dir).expect("below src");
        let path = module_path(rel);
        if path == ["lib"] {
            continue; // the crate root sits above every layer
        }
        let src = std::fs::read_to_string(f).expect("a readable source file");
        for (line, message) in violations(&path[0], &src, path.len()) {
            problems.push(format!("src/{}:{line}: {message}", rel.display()));
        }
    }
    assert!(
        problems.is_empty(),
        "references to a higher layer:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_scanner_finds_plain_grouped_multiline_and_super_references() {
    let src = "use crate::form::Form;\n\
               // crate::query in a comment is not a reference\n\
               use crate::{\n    model::{Sheet, Span},\n    rules,\n};\n\
               fn f() { crate::config::FILE_NAME; hyoka_crate::query::x(); }\n\
               fn g() { super::super::query::hover(); super::sibling(); }\n";
    let refs = references(src, 2);
    assert_eq!(
        refs,
        [
            (1, "form".to_string()),
            (4, "model".to_string()),
            (5, "rules".to_string()),
            (7, "config".to_string()),
            (8, "query".to_string()),
        ]
    );
    let found = violations("model", src, 2);
    let lines: Vec<usize> = found.iter().map(|(l, _)| *l).collect();
    assert_eq!(lines, [5, 7, 8], "{found:?}");
    assert!(found[0]
        .1
        .contains("`model` (layer 5) uses `crate::rules` (layer 6)"));
    assert_eq!(violations("newcomer", src, 1).len(), 1);
}
