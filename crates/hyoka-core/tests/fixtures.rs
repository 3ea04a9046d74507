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

fn actual(src: &str, hints: bool, form: &Form) -> BTreeSet<(usize, String)> {
    let (sheet, diags) = check(src, form, &Config::default());
    // Every placeholder of a message template is filled (a `{name}` left over is a missing argument).
    for d in &diags {
        let texts = std::iter::once(&d.message).chain(d.related.iter().map(|r| &r.message));
        for t in texts {
            let open = t.find('{').map(|i| &t[i..]);
            assert!(
                !open.is_some_and(|o| o[1..].starts_with(|c: char| c.is_ascii_lowercase())),
                "{}: an unfilled placeholder in {t:?}",
                d.rule
            );
        }
    }
    diags
        .iter()
        .filter(|d| hints || d.severity != Severity::Hint)
        .map(|d| (sheet.line_of(d.span.start) + 1, d.rule.to_string()))
        .collect()
}

fn sheets_in(dir: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "hyoka"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no fixtures in {}", dir.display());
    paths
}

fn run_dir(dir: &str) -> Vec<String> {
    run_dir_with(&root().join(dir), &|_| Form::builtin())
}

/// Each sheet of `dir` against its markers, read with the form `form_of` gives for its text.
fn run_dir_with(dir: &Path, form_of: &dyn Fn(&str) -> Form) -> Vec<String> {
    let mut failures = Vec::new();
    for p in sheets_in(dir) {
        let src = read(&p);
        let hints = src.contains("// hyoka-test: hints");
        let (want, got) = (expected(&src), actual(&src, hints, &form_of(&src)));
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

/// The sheets of a cross-sheet rule's fixture folder, each read with the form its title chooses.
fn workspace_fixture(dir: &Path) -> Vec<(PathBuf, String, Form)> {
    let all = Form::builtins();
    sheets_in(dir)
        .into_iter()
        .map(|p| {
            let src = read(&p);
            let id = hyoka_core::syntax::detect_form(&src, &all)
                .map_or_else(|| "hiratsuka-h27".to_string(), |f| f.id.clone());
            (p, src, builtin(&id))
        })
        .collect()
}

/// The cross-sheet diagnostics over a folder: per sheet, (line, rule) and the messages.
fn workspace_diagnostics(dir: &Path) -> Vec<(PathBuf, String, Vec<hyoka_core::Diagnostic>)> {
    let sheets = workspace_fixture(dir);
    let summaries: Vec<_> = sheets
        .iter()
        .enumerate()
        .map(|(i, (_, src, form))| {
            let (sheet, _) = check(src, form, &Config::default());
            hyoka_core::summarize(src, &sheet, form, hyoka_core::FileId(i as u32))
        })
        .collect();
    let refs: Vec<_> = summaries.iter().collect();
    let levels = hyoka_core::diagnostics::Levels::new();
    let found = hyoka_core::rules::workspace::run(&refs, &Default::default(), &|_| &levels);
    sheets
        .into_iter()
        .enumerate()
        .map(|(i, (p, src, _))| {
            let mine = found
                .iter()
                .filter(|(f, _)| f.0 as usize == i)
                .map(|(_, d)| d.clone())
                .collect();
            (p, src, mine)
        })
        .collect()
}

/// Each cross-sheet rule's folder `tests/fixtures/workspace/<rule>/`: every sheet gets exactly the cross-sheet
/// diagnostics its markers name (hints included), and each related location points into another sheet.
#[test]
fn workspace_fixtures() {
    let mut failures = Vec::new();
    for r in hyoka_core::rules::ALL.iter().filter(|r| r.is_cross_sheet()) {
        let dir = root().join("tests/fixtures/workspace").join(r.id);
        let mut raised = false;
        for (p, src, diags) in workspace_diagnostics(&dir) {
            let (sheet, _) = check(&src, &Form::builtin(), &Config::default());
            let got: BTreeSet<(usize, String)> = diags
                .iter()
                .map(|d| (sheet.line_of(d.span.start) + 1, d.rule.to_string()))
                .collect();
            let want = expected(&src);
            raised |= want.iter().any(|(_, rule)| rule == r.id);
            if want != got {
                failures.push(format!(
                    "{}:\n  expected but absent: {:?}\n  reported unexpectedly: {:?}",
                    p.display(),
                    want.difference(&got).collect::<Vec<_>>(),
                    got.difference(&want).collect::<Vec<_>>()
                ));
            }
            for d in &diags {
                assert!(
                    !d.related.is_empty() && d.related.iter().all(|x| x.file.is_some()),
                    "{}: {} has no related location in another sheet",
                    p.display(),
                    d.rule
                );
                assert!(
                    !d.message.contains('{'),
                    "{}: unfilled {:?}",
                    r.id,
                    d.message
                );
            }
        }
        if !raised {
            failures.push(format!("{}: its fixture folder never expects it", r.id));
        }
        let messages: Vec<String> = workspace_diagnostics(&dir)
            .into_iter()
            .flat_map(|(_, _, d)| d)
            .filter(|d| d.rule == r.id)
            .map(|d| d.message)
            .collect();
        if !messages.iter().any(|m| m == r.example()) {
            failures.push(format!(
                "{}: the example {:?} is not among its fixture's messages {messages:#?}",
                r.id,
                r.example()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The example message each rule shows in its docs (`rules.<id>.example`, docs/rules.md) is one its fixture
/// raises, word for word: a message that changes takes its example along.
#[test]
fn every_rules_example_message_is_raised_by_its_fixture() {
    let form = Form::builtin();
    for r in hyoka_core::rules::ALL
        .iter()
        .filter(|r| !r.is_cross_sheet())
    {
        let src = read(&root().join(format!("tests/fixtures/rules/{}.hyoka", r.id)));
        let (_, diags) = check(&src, &form, &Config::default());
        let messages: Vec<&str> = diags
            .iter()
            .filter(|d| d.rule == r.id)
            .map(|d| d.message.as_str())
            .collect();
        assert!(
            messages.contains(&r.example()),
            "{}: the example {:?} is not among its fixture's messages {messages:#?}",
            r.id,
            r.example()
        );
    }
}

#[test]
fn every_rule_has_a_fixture() {
    for r in hyoka_core::rules::ALL
        .iter()
        .filter(|r| !r.is_cross_sheet())
    {
        let p = root().join(format!("tests/fixtures/rules/{}.hyoka", r.id));
        assert!(p.exists(), "no fixture for {}", r.id);
        assert!(
            expected(&read(&p)).iter().any(|(_, rule)| rule == r.id),
            "fixture for {} never expects it",
            r.id
        );
    }
}

/// The built-in form with `id`.
fn builtin(id: &str) -> Form {
    Form::builtins()
        .into_iter()
        .find(|f| f.id == id)
        .unwrap_or_else(|| panic!("no built-in form {id}"))
}

/// The rules a form's fixtures need not raise, each with its reason: lines `- `rule-id`: …` of the README
/// in its fixture folder.
fn not_applicable(dir: &Path) -> BTreeSet<String> {
    let readme = std::fs::read_to_string(dir.join("README.md"))
        .unwrap_or_else(|e| panic!("{}/README.md: {e}", dir.display()));
    readme
        .lines()
        .filter_map(|l| l.strip_prefix("- `"))
        .filter_map(|l| l.split_once("`:").map(|(id, _)| id.to_string()))
        .collect()
}

/// Every built-in form but the default has its examples (`examples/<city>/`, chosen by their title lines)
/// and fixtures (`tests/fixtures/forms/<id>/`): the examples raise nothing, the fixtures raise exactly their
/// markers, and together they raise every rule except those the folder's README says cannot apply.
#[test]
fn city_forms_check_their_examples_and_catch_their_fixtures() {
    let mut failures = Vec::new();
    for form in Form::builtins().into_iter().skip(1) {
        let id = form.id.clone();
        let city = id.split('-').next().unwrap().to_string();
        let examples = root().join("examples").join(&city);
        let all = Form::builtins();
        let chosen = |src: &str| {
            let f = hyoka_core::syntax::detect_form(src, &all)
                .expect("the example's title names a form");
            builtin(&f.id)
        };
        let mine: Vec<PathBuf> = sheets_in(&examples)
            .into_iter()
            .filter(|p| chosen(&read(p)).id == id)
            .collect();
        assert!(
            !mine.is_empty(),
            "{id}: no example in examples/{city}/ has its title"
        );
        for p in mine {
            let src = read(&p);
            let got = actual(&src, false, &form);
            if !got.is_empty() {
                failures.push(format!("{}: an example raises {got:?}", p.display()));
            }
        }
        let dir = root().join("tests/fixtures/forms").join(&id);
        failures.extend(run_dir_with(&dir, &|_| builtin(&id)));
        let raised: BTreeSet<String> = sheets_in(&dir)
            .iter()
            .flat_map(|p| expected(&read(p)))
            .map(|(_, rule)| rule)
            .collect();
        let exempt = not_applicable(&dir);
        // Cross-sheet rules compare sheets; tests/fixtures/workspace/ has their fixtures.
        for r in hyoka_core::rules::ALL
            .iter()
            .filter(|r| !r.is_cross_sheet())
        {
            let id_ = r.id.to_string();
            if raised.contains(&id_) == exempt.contains(&id_) {
                failures.push(format!(
                    "{id}: rule {} is {}",
                    r.id,
                    if exempt.contains(&id_) {
                        "raised by a fixture but listed as not applicable"
                    } else {
                        "neither raised by a fixture nor listed as not applicable in README.md"
                    }
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
