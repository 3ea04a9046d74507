//! Data-driven tests over the shipped fixtures. Each fixture marks its expected diagnostics inline:
//! a comment line `// ^ RULE` right after the line where a diagnostic of RULE starts.

use hyoka_core::text::decode::decode;
use hyoka_core::{check, Config, Form, Severity};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    decode(&bytes)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .0
}

/// (1-based line, rule) pairs the fixture expects.
fn expected(src: &str) -> BTreeSet<(usize, String)> {
    let lines: Vec<&str> = hyoka_core::text::lines::split_lines(src)
        .into_iter()
        .map(|r| &src[r])
        .collect();
    let mut out = BTreeSet::new();
    for (i, l) in lines.iter().enumerate() {
        let Some(rule) = l.trim().strip_prefix("// ^") else {
            continue;
        };
        let target = (0..i)
            .rev()
            .find(|&j| {
                let t = lines[j].trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
                !t.is_empty() && !t.starts_with("//")
            })
            .unwrap_or_else(|| panic!("marker on line {} points at nothing", i + 1));
        out.insert((target + 1, rule.trim().to_string()));
    }
    out
}

fn actual(src: &str, hints: bool) -> BTreeSet<(usize, String)> {
    let form = Form::builtin();
    let (sheet, diags) = check(src, &form, &Config::default());
    diags
        .iter()
        .filter(|d| hints || d.severity != Severity::Hint)
        .map(|d| (sheet.line_of(d.span.start) + 1, d.rule.to_string()))
        .collect()
}

fn run_dir(dir: &str) -> Vec<String> {
    let mut failures = Vec::new();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "hyoka"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no fixtures in {dir}");
    for p in paths {
        let src = read(&p);
        let hints = src.contains("// hyoka-test: hints");
        let (want, got) = (expected(&src), actual(&src, hints));
        if want != got {
            let missing: Vec<_> = want.difference(&got).collect();
            let extra: Vec<_> = got.difference(&want).collect();
            failures.push(format!(
                "{}:\n  expected but absent: {missing:?}\n  reported unexpectedly: {extra:?}",
                p.display()
            ));
        }
    }
    failures
}

#[test]
fn rule_fixtures() {
    let f = run_dir("tests/fixtures/rules");
    assert!(f.is_empty(), "{}", f.join("\n"));
}

#[test]
fn variants_raise_nothing() {
    let f = run_dir("tests/fixtures/variants");
    assert!(f.is_empty(), "{}", f.join("\n"));
}

#[test]
fn examples() {
    let f = run_dir("examples");
    assert!(f.is_empty(), "{}", f.join("\n"));
}

#[test]
fn every_rule_has_a_fixture() {
    for r in hyoka_core::rules::ALL {
        let p = root().join(format!("tests/fixtures/rules/{}.hyoka", r.id));
        assert!(p.exists(), "no fixture for {}", r.id);
        assert!(
            expected(&read(&p)).iter().any(|(_, rule)| rule == r.id),
            "fixture for {} never expects it",
            r.id
        );
    }
}
