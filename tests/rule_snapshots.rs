//! Per-rule snapshots: for every fixture of a rule (tests/fixtures/rules/<rule>.hyoka, and the folder
//! tests/fixtures/workspace/<rule>/ of a cross-sheet rule), everything its diagnostics say — severity, rule,
//! range, message, related locations, and each fix's title with the lines it leaves. The inline markers of
//! the fixtures pin (line, rule) only; these pin what a user reads. One file per rule, named after its id,
//! in tests/snapshots/rules/ (accept changes as CONTRIBUTING.md says).

use hyoka_core::diagnostics::{apply_edits, Diagnostic, Levels};
use hyoka_core::text::{ColumnUnit, LineIndex};
use hyoka_core::{check, Config, FileId, Form};
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `12:3-12:9` (1-based lines, columns in characters).
fn range(src: &str, index: &LineIndex, span: &std::ops::Range<usize>) -> String {
    let a = index.position(src, span.start, ColumnUnit::Chars);
    let b = index.position(src, span.end, ColumnUnit::Chars);
    format!("{}:{}-{}:{}", a.line + 1, a.col + 1, b.line + 1, b.col + 1)
}

/// The whole lines of `after` that a fix's edits touch (the edits are in the offsets of the text before).
fn changed_lines(after: &str, edits: &[hyoka_core::Edit]) -> String {
    let start = edits.iter().map(|e| e.span.start).min().unwrap_or(0);
    let delta: isize = edits
        .iter()
        .map(|e| e.text.len() as isize - e.span.len() as isize)
        .sum();
    let end_before = edits.iter().map(|e| e.span.end).max().unwrap_or(0);
    let end = (end_before as isize + delta).max(start as isize) as usize;
    let line_start = after[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = after[end..].find('\n').map_or(after.len(), |i| end + i);
    after[line_start..line_end]
        .lines()
        .map(|l| format!("      | {l}\n"))
        .collect()
}

/// One diagnostic as a reader meets it. `others` names the files of related locations elsewhere.
fn describe(src: &str, d: &Diagnostic, others: &dyn Fn(FileId) -> (String, String)) -> String {
    let index = LineIndex::new(src);
    let mut out = format!(
        "{} {} [{}] {}\n",
        range(src, &index, &d.span),
        d.severity.as_str(),
        d.rule,
        d.message
    );
    for rel in &d.related {
        match rel.file {
            Some(f) => {
                let (name, text) = others(f);
                let idx = LineIndex::new(&text);
                out.push_str(&format!(
                    "  related {name} {}: {}\n",
                    range(&text, &idx, &rel.span),
                    rel.message
                ));
            }
            None => out.push_str(&format!(
                "  related {}: {}\n",
                range(src, &index, &rel.span),
                rel.message
            )),
        }
    }
    for fix in &d.fixes {
        let after = apply_edits(src, &fix.edits);
        out.push_str(&format!(
            "  fix{} {}\n{}",
            if fix.notation { " (notation)" } else { "" },
            fix.title,
            changed_lines(&after, &fix.edits)
        ));
    }
    out
}

fn snapshot(rule: &str, text: String) {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(root().join("tests/snapshots/rules"));
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| insta::assert_snapshot!(rule.to_string(), text));
}

fn sheets_in(dir: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "hyoka"))
        .collect();
    paths.sort();
    paths
}

fn form_of(src: &str, forms: &[Form]) -> Form {
    hyoka_core::syntax::detect_form(src, forms)
        .unwrap_or(&forms[0])
        .clone()
}

#[test]
fn every_rule_fixture_as_a_reader_sees_it() {
    let forms = Form::builtins();
    let mut seen = 0;
    for p in sheets_in(&root().join("tests/fixtures/rules")) {
        let rule = p.file_stem().unwrap().to_string_lossy().into_owned();
        let src = std::fs::read_to_string(&p).unwrap();
        let form = form_of(&src, &forms);
        let (_, diags) = check(&src, &form, &Config::default());
        let text: String = diags
            .iter()
            .map(|d| describe(&src, d, &|_| unreachable!("a sheet's own rule")))
            .collect();
        snapshot(&rule, text);
        seen += 1;
    }
    assert!(seen >= 30, "only {seen} rule fixtures");
}

#[test]
fn every_cross_sheet_fixture_as_a_reader_sees_it() {
    let forms = Form::builtins();
    for rule in hyoka_core::rules::ALL.iter().filter(|r| r.is_cross_sheet()) {
        let dir = root().join("tests/fixtures/workspace").join(rule.id);
        let sheets: Vec<(String, String, Form)> = sheets_in(&dir)
            .into_iter()
            .map(|p| {
                let src = std::fs::read_to_string(&p).unwrap();
                let form = form_of(&src, &forms);
                (
                    p.file_name().unwrap().to_string_lossy().into_owned(),
                    src,
                    form,
                )
            })
            .collect();
        let summaries: Vec<_> = sheets
            .iter()
            .enumerate()
            .map(|(i, (_, src, form))| {
                let (sheet, _) = check(src, form, &Config::default());
                hyoka_core::summarize(src, &sheet, form, FileId(i as u32))
            })
            .collect();
        let refs: Vec<_> = summaries.iter().collect();
        let levels = Levels::new();
        let found = hyoka_core::rules::workspace::run(&refs, &Default::default(), &|_| &levels);
        let others = |f: FileId| {
            let (name, src, _) = &sheets[f.0 as usize];
            (name.clone(), src.clone())
        };
        let mut text = String::new();
        for (i, (name, src, _)) in sheets.iter().enumerate() {
            text.push_str(&format!("── {name}\n"));
            for (_, d) in found.iter().filter(|(f, _)| f.0 as usize == i) {
                text.push_str(&describe(src, d, &others));
            }
        }
        snapshot(rule.id, text);
    }
}
