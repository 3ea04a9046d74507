//! End-to-end tests of `hyoka check`, `hyoka explain` and `hyoka rules`: run the built binary and assert
//! what a user sees (spec: shared/sheet-format.md §1, §3, §5, §8; output formats as documented in
//! src/cli/output.rs). Sheets are copied into temporary folders; nothing in the repository is written.

use hyoka_core::text::decode::{self, Encoding};
use serde_json::Value;
use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

// ───────────────────────────── helpers ─────────────────────────────

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The sheets under examples/, subfolders (other cities' forms) included.
fn example_count() -> usize {
    fn count(dir: &Path) -> usize {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .map(|p| match p.is_dir() {
                true => count(&p),
                false => usize::from(p.extension().is_some_and(|e| e == "hyoka")),
            })
            .sum()
    }
    count(&root().join("examples"))
}

fn read(rel: &str) -> Vec<u8> {
    std::fs::read(root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn read_str(rel: &str) -> String {
    String::from_utf8(read(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[derive(Debug)]
struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Out {
    fn json(&self) -> Value {
        // Exactly one JSON document on stdout, followed only by white space.
        let mut docs = serde_json::Deserializer::from_str(&self.stdout).into_iter::<Value>();
        let first = docs
            .next()
            .unwrap_or_else(|| panic!("no JSON on stdout: {self:?}"))
            .expect("valid JSON");
        assert!(
            docs.next().is_none(),
            "more than one JSON document on stdout:\n{}",
            self.stdout
        );
        first
    }
}

fn run_in(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Out {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_hyoka"));
    cmd.args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("RUST_LOG");
    cmd.stdin(if stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    });
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("run hyoka");
    if let Some(input) = stdin {
        child.stdin.take().unwrap().write_all(input).unwrap();
    }
    let o = child.wait_with_output().unwrap();
    Out {
        code: o.status.code().expect("exited normally"),
        stdout: String::from_utf8(o.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(o.stderr).expect("stderr is UTF-8"),
    }
}

/// Run in the repository root.
fn run(args: &[&str]) -> Out {
    run_in(&root(), args, None)
}

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

fn write(path: &Path, bytes: impl AsRef<[u8]>) {
    if let Some(p) = path.parent() {
        std::fs::create_dir_all(p).unwrap();
    }
    std::fs::write(path, bytes).unwrap();
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// The diagnostics of the only file in a JSON report.
fn only_file(v: &Value) -> &Vec<Value> {
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 1, "{v:#}");
    files[0]["diagnostics"]
        .as_array()
        .unwrap_or_else(|| panic!("no diagnostics array: {v:#}"))
}

fn rules_of(diags: &[Value]) -> Vec<String> {
    diags
        .iter()
        .map(|d| d["rule"].as_str().unwrap().to_string())
        .collect()
}

/// Lines of a text as an editor shows them (LF or CRLF breaks).
fn lines(src: &str) -> Vec<&str> {
    src.split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect()
}

/// The text between 1-based (line, column) and (end_line, end_column), columns in Unicode scalar values,
/// end exclusive — computed independently of hyoka.
fn text_between(src: &str, line: usize, col: usize, end_line: usize, end_col: usize) -> String {
    let ls = lines(src);
    assert!(
        line >= 1 && col >= 1 && end_line >= line && end_line <= ls.len(),
        "bad range {line}:{col}-{end_line}:{end_col}"
    );
    let chars = |l: usize| ls[l - 1].chars().collect::<Vec<char>>();
    let (a, b) = (chars(line), chars(end_line));
    assert!(
        col - 1 <= a.len() && end_col - 1 <= b.len(),
        "column past the end of line: {line}:{col}-{end_line}:{end_col}"
    );
    if line == end_line {
        assert!(
            end_col >= col,
            "end before start: {line}:{col}-{end_line}:{end_col}"
        );
        return a[col - 1..end_col - 1].iter().collect();
    }
    let mut s: String = a[col - 1..].iter().collect();
    for l in line + 1..end_line {
        s.push('\n');
        s.push_str(ls[l - 1]);
    }
    s.push('\n');
    s.extend(&b[..end_col - 1]);
    s
}

/// Terminal width of the characters used in these tests: ASCII and half-width katakana 1, the
/// East-Asian-ambiguous shapes hyoka prints narrow (□■●○, U+2000–U+2E7F) 1, CJK, kana, full-width forms
/// and supplementary ideographs (𠮷) 2. A tab is shown as four spaces.
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| match c as u32 {
            0x09 => 4,
            0x20..=0x7E => 1,
            0xFF61..=0xFF9F => 1,
            0x2000..=0x2E7F => 1,
            0x3000..=0x30FF
            | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xFF01..=0xFF60
            | 0x20000..=0x3FFFD => 2,
            u => panic!("width of U+{u:04X} is not pinned down in this test; choose other text"),
        })
        .sum()
}

/// Check every diagnostic block of human output: the `-->` location, the quoted source line, and the
/// caret line (`^` under the offending text, padded by its display width). `sources` maps printed paths
/// to file text; `json` is the JSON report of the same run, for the end positions.
fn assert_human_blocks(human: &str, sources: &[(&str, &str)], json: &Value) -> usize {
    let out: Vec<&str> = human.lines().collect();
    let mut ends = std::collections::HashMap::new();
    for f in json["files"].as_array().unwrap() {
        for d in f["diagnostics"].as_array().into_iter().flatten() {
            let key = (
                f["path"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap() as usize,
                d["column"].as_u64().unwrap() as usize,
            );
            ends.entry(key).or_insert_with(Vec::new).push((
                d["end_line"].as_u64().unwrap() as usize,
                d["end_column"].as_u64().unwrap() as usize,
            ));
        }
    }
    let mut checked = 0;
    for (i, l) in out.iter().enumerate() {
        let Some(loc) = l.trim_start().strip_prefix("--> ") else {
            continue;
        };
        let mut parts = loc.rsplitn(3, ':');
        let col: usize = parts.next().unwrap().parse().unwrap();
        let line: usize = parts.next().unwrap().parse().unwrap();
        let path = parts.next().unwrap();
        let src = sources
            .iter()
            .find(|(n, _)| *n == path)
            .unwrap_or_else(|| panic!("unexpected path {path}"))
            .1;
        // The header line above names severity and rule: `error[missing-field]: …`.
        let head = out[i - 1];
        assert!(
            head.contains('[') && head.contains("]: "),
            "header line: {head}"
        );
        let gutter = line.to_string().len();
        assert_eq!(
            out[i + 1],
            format!("{:gutter$} |", ""),
            "empty gutter line after {l}"
        );
        let quoted = out[i + 2];
        let src_line = lines(src)[line - 1];
        assert_eq!(
            quoted,
            format!("{line} | {}", src_line.replace('\t', "    ")).trim_end(),
            "quoted line"
        );
        let carets = out[i + 3];
        let prefix = format!("{:gutter$} | ", "");
        let body = carets
            .strip_prefix(&prefix)
            .unwrap_or_else(|| panic!("caret line {carets:?}"));
        let pad = body.chars().take_while(|c| *c == ' ').count();
        let n = body[pad..].chars().take_while(|c| *c == '^').count();
        assert!(
            n >= 1 && body[pad + n..].is_empty(),
            "caret line {carets:?}"
        );
        let before: String = src_line.chars().take(col - 1).collect();
        assert_eq!(
            pad,
            width(&before),
            "caret of {path}:{line}:{col} not under the text: {carets:?} for {src_line:?}"
        );
        // Single-line spans are underlined by their display width; longer ones to the end of the line.
        let (el, ec) = ends[&(path.to_string(), line, col)][0];
        let span_w = if el == line {
            width(
                &src_line
                    .chars()
                    .skip(col - 1)
                    .take(ec - col)
                    .collect::<String>(),
            )
        } else {
            width(&src_line.chars().skip(col - 1).collect::<String>())
        };
        assert_eq!(n, span_w.max(1), "underline length at {path}:{line}:{col}");
        checked += 1;
    }
    checked
}

fn count(diags: impl IntoIterator<Item = Value>, severity: &str) -> usize {
    diags
        .into_iter()
        .filter(|d| d["severity"] == severity)
        .count()
}

fn all_diags(v: &Value) -> Vec<Value> {
    v["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["diagnostics"].as_array().cloned().unwrap_or_default())
        .collect()
}

/// A copy of `budget-sum.hyoka` (one budget-sum error on line 116) with a 𠮷 (a supplementary-plane
/// character: 2 UTF-16 units, 4 UTF-8 bytes, 1 scalar value, 2 columns on a terminal) earlier in the row.
fn astral_sheet() -> String {
    let src = read_str("tests/fixtures/rules/budget-sum.hyoka");
    let out = src.replacen("| 事業費(A) | 1,742 |", "| 事業費(A) | 𠮷1,742 |", 1);
    assert_ne!(out, src);
    out
}

const SPEC_RULES: [&str; 37] = [
    "missing-title",
    "title-year-conflict",
    "missing-section",
    "duplicate-section",
    "duplicate-field",
    "section-order",
    "field-outside-section",
    "missing-field",
    "empty-field",
    "unknown-label",
    "invalid-choice",
    "choice-key-label-mismatch",
    "choice-count",
    "unchecked-viewpoints",
    "other-viewpoint-unnamed",
    "unknown-viewpoint",
    "missing-viewpoint",
    "missing-rating",
    "multiple-ratings",
    "rating-text-conflict",
    "delay-reason-missing",
    "delay-reason-unexpected",
    "delay-reason-reports-success",
    "result-progress-conflict",
    "progress-indicator-conflict",
    "result-indicator-conflict",
    "indicator-chronic-shortfall",
    "indicator-suspicious-values",
    "outcome-is-output",
    "year-mismatch",
    "invalid-number",
    "budget-sum",
    "full-cost-sum",
    "execution-rate",
    "plan-code-mismatch",
    "budget-code-format",
    "stray-text",
];

/// The cross-sheet rules (issue: a year's sheets as one workspace), after the per-sheet ones.
const CROSS_SHEET_RULES: [&str; 5] = [
    "target-changed",
    "indicator-renamed",
    "copied-text",
    "duplicate-project",
    "department-name-variant",
];

fn all_rules() -> Vec<&'static str> {
    SPEC_RULES
        .iter()
        .chain(&CROSS_SHEET_RULES)
        .copied()
        .collect()
}

// ───────────────────────────── human output ─────────────────────────────

#[test]
fn examples_folder_human_output() {
    let out = run(&["check", "examples/"]);
    assert_eq!(out.code, 1, "the seed example has errors: {out:?}");
    let json = run(&["check", "--format", "json", "examples/"]).json();
    let complete = read_str("examples/complete.hyoka");
    let seed = read_str("examples/seed.hyoka");
    let h = &out.stdout;
    assert!(h.contains("error[missing-field]: "), "{h}");
    assert!(
        h.contains("examples/seed.hyoka:15:1"),
        "path:line:col of the section-1 heading: {h}"
    );
    assert!(
        !h.contains("examples/complete.hyoka:"),
        "complete.hyoka raises nothing: {h}"
    );
    let n = assert_human_blocks(
        h,
        &[
            ("examples/seed.hyoka", &seed),
            ("examples/complete.hyoka", &complete),
        ],
        &json,
    );
    let diags = all_diags(&json);
    let (e, w, hints) = (
        count(diags.clone(), "error"),
        count(diags.clone(), "warning"),
        count(diags.clone(), "hint"),
    );
    assert!(e > 0 && hints > 0);
    assert_eq!(
        n,
        diags.len() - hints,
        "one block per error/warning/info; hints hidden"
    );
    assert!(
        !h.contains("hint["),
        "hints are hidden without --show-hints: {h}"
    );
    let summary = h.lines().last().unwrap();
    let n = example_count();
    assert_eq!(summary, format!("{n} ファイルを検査: エラー {e} 件、警告 {w} 件（ヒント {hints} 件は --show-hints で表示）"));
    assert!(
        !h.contains('\x1b'),
        "no colour when stdout is not a terminal"
    );
}

#[test]
fn show_hints() {
    let out = run(&["check", "--show-hints", "examples/seed.hyoka"]);
    let json = run(&["check", "--format", "json", "examples/seed.hyoka"]).json();
    let diags = all_diags(&json);
    let hints = count(diags.clone(), "hint");
    assert!(hints > 0);
    assert_eq!(
        out.stdout.matches("\nhint[").count() + usize::from(out.stdout.starts_with("hint[")),
        hints,
        "{}",
        out.stdout
    );
    let n = assert_human_blocks(
        &out.stdout,
        &[("examples/seed.hyoka", &read_str("examples/seed.hyoka"))],
        &json,
    );
    assert_eq!(n, diags.len());
    let summary = out.stdout.lines().last().unwrap();
    assert!(
        summary.contains(&format!("情報・ヒント {hints} 件")) && !summary.contains("--show-hints"),
        "{summary}"
    );
}

#[test]
fn carets_account_for_wide_and_astral_chars() {
    let dir = tempdir();
    let f = dir.path().join("astral.hyoka");
    let src = astral_sheet();
    write(&f, &src);
    let out = run_in(dir.path(), &["check", "astral.hyoka"], None);
    assert_eq!(out.code, 1);
    let json = run_in(
        dir.path(),
        &["check", "--format", "json", "astral.hyoka"],
        None,
    )
    .json();
    let n = assert_human_blocks(&out.stdout, &[("astral.hyoka", &src)], &json);
    assert_eq!(
        n, 2,
        "invalid-number on the 𠮷 cell and budget-sum: {}",
        out.stdout
    );
    // Spelled out for the budget-sum caret: `| 事業費(A) | 𠮷1,742 | ` is 2+9+3+7+3 = 24 columns wide.
    assert!(out.stdout.contains("astral.hyoka:116:21"), "{}", out.stdout);
    assert!(
        out.stdout
            .contains(&format!("    | {}^^^^^\n", " ".repeat(24))),
        "{}",
        out.stdout
    );
}

#[test]
fn carets_under_tab_separated_rows_and_multi_line_spans() {
    // Section 3 pasted from Excel: cells separated by tabs (shown as four spaces).
    let src = read_str("tests/fixtures/rules/budget-sum.hyoka");
    let mut in3 = false;
    let tabbed: Vec<String> = src
        .split('\n')
        .map(|l| {
            in3 = (in3 || l.starts_with("３．")) && !l.starts_with("４．");
            if in3 && l.starts_with('|') {
                l.trim()
                    .trim_matches('|')
                    .split('|')
                    .map(str::trim)
                    .collect::<Vec<_>>()
                    .join("\t")
            } else {
                l.to_string()
            }
        })
        .collect();
    let tabbed = tabbed.join("\n");
    assert!(tabbed.contains("事業費(A)\t1,742\t1,850\t1,850"));
    let dir = tempdir();
    write(&dir.path().join("tab.hyoka"), &tabbed);
    let out = run_in(dir.path(), &["check", "tab.hyoka"], None);
    let json = run_in(
        dir.path(),
        &["check", "--format", "json", "tab.hyoka"],
        None,
    )
    .json();
    assert_eq!(rules_of(only_file(&json)), ["budget-sum"], "{json:#}");
    assert_eq!(
        assert_human_blocks(&out.stdout, &[("tab.hyoka", &tabbed)], &json),
        1
    );
    assert!(out.stdout.contains("tab.hyoka:116:14"), "{}", out.stdout);

    // The raw seed has a diagnostic spanning a split label (two lines): underlined to the end of its first line.
    let seed = "tests/fixtures/seed/000_59f8551fd5b1e581.txt";
    let json = run(&["check", "--format", "json", seed]).json();
    assert!(
        only_file(&json).iter().any(|d| d["end_line"] != d["line"]),
        "a multi-line span: {json:#}"
    );
    let out = run(&["check", "--show-hints", seed]);
    let n = assert_human_blocks(&out.stdout, &[(seed, &read_str(seed))], &json);
    assert_eq!(n, only_file(&json).len());
}

// ───────────────────────────── JSON ─────────────────────────────

#[test]
fn json_schema_is_exact() {
    let out = run(&[
        "check",
        "--format",
        "json",
        "examples/",
        "tests/fixtures/rules/",
    ]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.is_empty(), "{}", out.stderr);
    let v = out.json();
    let top: BTreeSet<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(top, BTreeSet::from(["files"]));
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), example_count() + SPEC_RULES.len());
    let want: BTreeSet<&str> = BTreeSet::from([
        "rule",
        "severity",
        "message",
        "line",
        "column",
        "end_line",
        "end_column",
    ]);
    let mut total = 0;
    for f in files {
        let keys: BTreeSet<&str> = f.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, BTreeSet::from(["path", "diagnostics"]), "{f}");
        let path = f["path"].as_str().unwrap();
        let src = read_str(path);
        let nlines = lines(&src).len() as u64;
        for d in f["diagnostics"].as_array().unwrap() {
            total += 1;
            let mut keys: BTreeSet<&str> =
                d.as_object().unwrap().keys().map(String::as_str).collect();
            // Related locations, when the rule gives some: in this file (no path) for per-sheet rules.
            if keys.remove("related") {
                for rel in d["related"].as_array().unwrap() {
                    let rk: BTreeSet<&str> = rel
                        .as_object()
                        .unwrap()
                        .keys()
                        .map(String::as_str)
                        .collect();
                    assert_eq!(
                        rk,
                        BTreeSet::from(["message", "line", "column", "end_line", "end_column"]),
                        "{d}"
                    );
                }
            }
            assert_eq!(keys, want, "{d}");
            assert!(SPEC_RULES.contains(&d["rule"].as_str().unwrap()), "{d}");
            assert!(
                ["error", "warning", "info", "hint"].contains(&d["severity"].as_str().unwrap()),
                "{d}"
            );
            assert!(!d["message"].as_str().unwrap().is_empty());
            let [l, c, el, ec] = ["line", "column", "end_line", "end_column"].map(|k| {
                d[k].as_u64()
                    .unwrap_or_else(|| panic!("{k} not a number: {d}"))
            });
            assert!(
                l >= 1 && c >= 1 && el <= nlines && (el, ec) >= (l, c),
                "{path}: {d}"
            );
            // Within the text: text_between panics otherwise.
            text_between(&src, l as usize, c as usize, el as usize, ec as usize);
        }
    }
    assert!(total > 40);
}

/// The text between (line, column) and (end_line, end_column) is what each rule should point at.
#[test]
fn json_ranges_cover_the_offending_text() {
    let cases: &[(&str, &str, usize, &str)] = &[
        (
            "budget-code-format",
            "budget-code-format",
            6,
            "1-'06013-'020000",
        ),
        ("budget-sum", "budget-sum", 116, "1,850"),
        ("choice-count", "choice-count", 7, "○ハード\u{3000}○ソフト"),
        (
            "choice-key-label-mismatch",
            "choice-key-label-mismatch",
            57,
            "Ａ：成果が一部あがった",
        ),
        (
            "delay-reason-missing",
            "delay-reason-missing",
            58,
            "②：若干遅れている",
        ),
        (
            "delay-reason-unexpected",
            "delay-reason-unexpected",
            59,
            "遅れている理由",
        ),
        (
            "duplicate-section",
            "duplicate-section",
            66,
            "２．事業の検証",
        ),
        ("empty-field", "empty-field", 19, "事業の概要"),
        ("execution-rate", "execution-rate", 120, "92.4"),
        ("full-cost-sum", "full-cost-sum", 119, "8,124"),
        ("invalid-choice", "invalid-choice", 7, "ソフト事業"),
        ("invalid-number", "invalid-number", 31, "11回"),
        ("invalid-number", "invalid-number", 118, "1,850千円"),
        (
            "missing-rating",
            "missing-rating",
            75,
            "○高\u{3000}○中\u{3000}○低",
        ),
        (
            "multiple-ratings",
            "multiple-ratings",
            85,
            "●高\u{3000}●中\u{3000}○低",
        ),
        (
            "other-viewpoint-unnamed",
            "other-viewpoint-unnamed",
            81,
            "■ その他（\u{3000}）",
        ),
        ("plan-code-mismatch", "plan-code-mismatch", 10, "'01"),
        (
            "result-progress-conflict",
            "result-progress-conflict",
            57,
            "Ａ：成果があがった",
        ),
        (
            "title-year-conflict",
            "title-year-conflict",
            136,
            "平成26年度",
        ),
        ("unknown-label", "unknown-label", 20, "事業の概用"),
        ("unknown-viewpoint", "unknown-viewpoint", 100, "費用対効果"),
        ("year-mismatch", "year-mismatch", 128, "平成28年度"),
    ];
    for (fixture, rule, line, text) in cases {
        let path = format!("tests/fixtures/rules/{fixture}.hyoka");
        let src = read_str(&path);
        let v = run(&["check", "--format", "json", &path]).json();
        let found: Vec<String> = only_file(&v)
            .iter()
            .filter(|d| d["rule"] == *rule && d["line"] == *line as u64)
            .map(|d| {
                let g = |k: &str| d[k].as_u64().unwrap() as usize;
                text_between(&src, g("line"), g("column"), g("end_line"), g("end_column"))
            })
            .collect();
        assert!(
            found.iter().any(|t| t == text),
            "{path}: {rule} on line {line}: expected {text:?}, got {found:?}"
        );
    }
}

#[test]
fn json_columns_count_unicode_scalar_values() {
    let dir = tempdir();
    let src = astral_sheet();
    write(&dir.path().join("astral.hyoka"), &src);
    let v = run_in(
        dir.path(),
        &["check", "--format", "json", "astral.hyoka"],
        None,
    )
    .json();
    let d = only_file(&v);
    let by_rule = |r: &str| {
        d.iter()
            .find(|x| x["rule"] == r)
            .unwrap_or_else(|| panic!("no {r}: {v:#}"))
    };
    let cell = by_rule("invalid-number");
    let sum = by_rule("budget-sum");
    // `| 事業費(A) | ` is 11 scalar values: the 𠮷 cell starts at column 12; `𠮷1,742 | ` is 9 more.
    assert_eq!(
        (
            &cell["line"],
            &cell["column"],
            &cell["end_line"],
            &cell["end_column"]
        ),
        (&116.into(), &12.into(), &116.into(), &18.into()),
        "{cell}"
    );
    assert_eq!(
        (
            &sum["line"],
            &sum["column"],
            &sum["end_line"],
            &sum["end_column"]
        ),
        (&116.into(), &21.into(), &116.into(), &26.into()),
        "{sum}"
    );
    assert_eq!(text_between(&src, 116, 12, 116, 18), "𠮷1,742");
    assert_eq!(text_between(&src, 116, 21, 116, 26), "1,850");
}

// ───────────────────────────── exit codes and unreadable files ─────────────────────────────

#[test]
fn unreadable_and_binary_files_are_reported_and_the_rest_checked() {
    let dir = tempdir();
    write(
        &dir.path().join("binary.hyoka"),
        b"\xE4\xBA\x8B\x00\x01\x02 not text",
    );
    write(
        &dir.path().join("budget-sum.hyoka"),
        read("tests/fixtures/rules/budget-sum.hyoka"),
    );
    write(
        &dir.path().join("clean.hyoka"),
        read("examples/complete.hyoka"),
    );
    let args = [
        "check",
        "--no-workspace",
        "--format",
        "json",
        "missing.hyoka",
        "binary.hyoka",
        "budget-sum.hyoka",
        "clean.hyoka",
    ];
    let out = run_in(dir.path(), &args, None);
    assert_eq!(out.code, 2, "an unreadable file wins over errors: {out:?}");
    let v = out.json();
    let files = v["files"].as_array().unwrap();
    let by_path = |name: &str| {
        files
            .iter()
            .find(|f| f["path"] == name)
            .unwrap_or_else(|| panic!("{name} missing: {v:#}"))
    };
    for bad in ["missing.hyoka", "binary.hyoka"] {
        let f = by_path(bad);
        let keys: BTreeSet<&str> = f.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, BTreeSet::from(["path", "error"]), "{f}");
        assert!(!f["error"].as_str().unwrap().is_empty());
    }
    assert!(
        by_path("binary.hyoka")["error"]
            .as_str()
            .unwrap()
            .contains('3'),
        "names the byte offset of the NUL: {v:#}"
    );
    assert_eq!(
        rules_of(
            by_path("budget-sum.hyoka")["diagnostics"]
                .as_array()
                .unwrap()
        ),
        ["budget-sum"]
    );
    assert_eq!(by_path("clean.hyoka")["diagnostics"], Value::Array(vec![]));

    // Human output: one error line per unreadable file, the others' diagnostics, a count in the summary.
    let mut hargs = vec!["check", "--no-workspace"];
    hargs.extend(&args[4..]);
    let out = run_in(dir.path(), &hargs, None);
    assert_eq!(out.code, 2);
    assert!(
        out.stdout.contains("missing.hyoka: ") && out.stdout.contains("binary.hyoka: "),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("error[budget-sum]"), "{}", out.stdout);
    let summary = out.stdout.lines().last().unwrap();
    assert!(
        summary.starts_with("2 ファイルを検査: エラー 1 件、警告 0 件")
            && summary.contains("読めないファイル 2 件"),
        "{summary}"
    );

    // Bytes that are neither UTF-8 nor CP932: a clear error with the byte offset.
    write(&dir.path().join("garbage.hyoka"), b"abc\x80\x80\xFF\xFF");
    let v = run_in(
        dir.path(),
        &["check", "--format", "json", "garbage.hyoka"],
        None,
    );
    assert_eq!(v.code, 2);
    let e = v.json()["files"][0]["error"].as_str().unwrap().to_string();
    assert!(
        e.contains("UTF-8") && e.contains("Shift_JIS") && e.chars().any(|c| c.is_ascii_digit()),
        "{e}"
    );
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["check"][..],
        &["check", "--bogus", "examples/"],
        &["check", "--format", "xml", "examples/"],
        &[],
        &["frobnicate"],
    ] {
        let out = run(args);
        assert_eq!(out.code, 2, "{args:?}: {out:?}");
        assert!(!out.stderr.is_empty(), "{args:?}: says why on stderr");
        assert!(
            out.stdout.is_empty(),
            "{args:?}: nothing on stdout: {}",
            out.stdout
        );
    }
}

#[test]
fn deny_warnings() {
    let warn = "tests/fixtures/rules/budget-code-format.hyoka";
    let v = run(&["check", "--format", "json", warn]).json();
    assert_eq!(rules_of(only_file(&v)), ["budget-code-format"]);
    assert_eq!(only_file(&v)[0]["severity"], "warning");
    assert_eq!(run(&["check", warn]).code, 0, "warnings alone pass");
    assert_eq!(
        run(&["check", "--deny-warnings", warn]).code,
        1,
        "--deny-warnings fails on a warning"
    );
    assert_eq!(
        run(&["check", "--deny-warnings", "examples/complete.hyoka"]).code,
        0
    );
    assert_eq!(run(&["check", "examples/complete.hyoka"]).code, 0);
    // Hints never fail a run.
    let hints = "tests/fixtures/rules/stray-text.hyoka";
    let v = run(&["check", "--format", "json", hints]).json();
    assert!(only_file(&v).iter().all(|d| d["severity"] == "hint") && !only_file(&v).is_empty());
    assert_eq!(run(&["check", "--deny-warnings", hints]).code, 0);
}

#[test]
fn stdin_is_read_with_dash() {
    let bytes = read("tests/fixtures/rules/budget-sum.hyoka");
    let from_file = run(&[
        "check",
        "--format",
        "json",
        "tests/fixtures/rules/budget-sum.hyoka",
    ])
    .json();
    let out = run_in(&root(), &["check", "--format", "json", "-"], Some(&bytes));
    assert_eq!(out.code, 1);
    let v = out.json();
    assert_eq!(v["files"][0]["path"], "-");
    assert_eq!(
        v["files"][0]["diagnostics"],
        from_file["files"][0]["diagnostics"]
    );
    let human = run_in(&root(), &["check", "-"], Some(&bytes));
    assert!(human.stdout.contains("--> -:116:20"), "{}", human.stdout);
    let clean = run_in(
        &root(),
        &["check", "-"],
        Some(&read("examples/complete.hyoka")),
    );
    assert_eq!(clean.code, 0, "{clean:?}");
    // Shift_JIS on stdin is decoded too, with a note naming `-`.
    let sjis = run_in(
        &root(),
        &["check", "-"],
        Some(&read("tests/fixtures/variants/cp932.hyoka")),
    );
    assert_eq!(sjis.code, 0, "{sjis:?}");
    assert_eq!(
        sjis.stderr.matches("Shift_JIS").count(),
        1,
        "{}",
        sjis.stderr
    );
    assert!(sjis.stderr.contains("-: "), "{}", sjis.stderr);
}

// ───────────────────────────── encodings and line breaks ─────────────────────────────

#[test]
fn cp932_fixture_is_complete_example() {
    // The fixture is exactly complete.hyoka in Windows-31J: the encoder used below agrees with it.
    assert_eq!(
        decode::encode(&read_str("examples/complete.hyoka"), Encoding::ShiftJis),
        read("tests/fixtures/variants/cp932.hyoka")
    );
}

#[test]
fn shift_jis_is_decoded_with_one_note_per_file() {
    let dir = tempdir();
    let sjis = read("tests/fixtures/variants/cp932.hyoka");
    assert!(std::str::from_utf8(&sjis).is_err());
    write(&dir.path().join("a.hyoka"), &sjis);
    write(&dir.path().join("b.hyoka"), &sjis);
    write(
        &dir.path().join("utf8.hyoka"),
        read("examples/complete.hyoka"),
    );
    let out = run_in(dir.path(), &["check", "a.hyoka"], None);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.stderr.matches("Shift_JIS").count(), 1, "{}", out.stderr);
    assert!(out.stderr.contains("a.hyoka"), "{}", out.stderr);
    assert!(
        !out.stdout.contains("Shift_JIS"),
        "the note goes to stderr only"
    );
    // Copies of one sheet: the cross-sheet rules would call them duplicates.
    let out = run_in(
        dir.path(),
        &["check", "--no-workspace", "--format", "json", "."],
        None,
    );
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(
        out.stderr.matches("Shift_JIS").count(),
        2,
        "once per Shift_JIS file, none for UTF-8: {}",
        out.stderr
    );
    assert!(
        out.stderr.contains("a.hyoka")
            && out.stderr.contains("b.hyoka")
            && !out.stderr.contains("utf8.hyoka"),
        "{}",
        out.stderr
    );
    for f in out.json()["files"].as_array().unwrap() {
        assert_eq!(f["diagnostics"], Value::Array(vec![]), "{f}");
    }
}

#[test]
fn crlf_and_bom_change_nothing() {
    let dir = tempdir();
    let v = run(&[
        "check",
        "--format",
        "json",
        "tests/fixtures/variants/crlf-bom.hyoka",
    ])
    .json();
    assert_eq!(only_file(&v), &Vec::<Value>::new(), "hints included");
    // A CRLF + BOM copy of a sheet with problems gives the very same diagnostics, positions included.
    for rel in [
        "examples/seed.hyoka",
        "tests/fixtures/seed/000_59f8551fd5b1e581.txt",
        "tests/fixtures/rules/budget-sum.hyoka",
        "tests/fixtures/rules/year-mismatch.hyoka",
    ] {
        let src = read_str(rel);
        let mut crlf = b"\xEF\xBB\xBF".to_vec();
        crlf.extend(src.replace('\n', "\r\n").as_bytes());
        write(&dir.path().join("lf.hyoka"), &src);
        write(&dir.path().join("crlf.hyoka"), &crlf);
        let a = run_in(dir.path(), &["check", "--format", "json", "lf.hyoka"], None).json();
        let b = run_in(
            dir.path(),
            &["check", "--format", "json", "crlf.hyoka"],
            None,
        )
        .json();
        assert_eq!(
            a["files"][0]["diagnostics"], b["files"][0]["diagnostics"],
            "{rel}"
        );
    }
}

// ───────────────────────────── folders ─────────────────────────────

#[test]
fn folders_are_walked_for_sheets() {
    let dir = tempdir();
    let d = dir.path();
    write(&d.join("a.hyoka"), read("examples/complete.hyoka"));
    write(&d.join("b.hyoka.txt"), read("examples/complete.hyoka"));
    // The raw seed: a .txt whose title is on line 37.
    write(
        &d.join("sub/deeper/seed.txt"),
        read("tests/fixtures/seed/000_59f8551fd5b1e581.txt"),
    );
    // The title on the 50th non-blank line (blank lines in between do not count): a sheet.
    let mut early = String::new();
    for i in 1..50 {
        early.push_str(&format!("メモ {i}\n\n"));
    }
    early.push_str("事業評価シート（平成27年度分）\n");
    write(&d.join("early.txt"), &early);
    // On the 51st: not a sheet.
    let mut late = String::new();
    for i in 1..=50 {
        late.push_str(&format!("メモ {i}\n"));
    }
    late.push_str("事業評価シート（平成27年度分）\n");
    write(&d.join("late.txt"), &late);
    // A Shift_JIS .txt sheet is sniffed after decoding.
    write(
        &d.join("sjis.txt"),
        read("tests/fixtures/variants/cp932.hyoka"),
    );
    write(&d.join("notes.txt"), "買い物メモ\n");
    write(&d.join("README.md"), "# 事業評価シート\n");
    write(
        &d.join(".hidden/c.hyoka"),
        read("tests/fixtures/rules/budget-sum.hyoka"),
    );

    let out = run_in(d, &["check", "--format", "json", "."], None);
    let v = out.json();
    let mut paths: Vec<String> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().replace('\\', "/"))
        .collect();
    paths.sort();
    assert_eq!(
        paths,
        [
            "./a.hyoka",
            "./b.hyoka.txt",
            "./early.txt",
            "./sjis.txt",
            "./sub/deeper/seed.txt"
        ],
        "{v:#}"
    );
    assert_eq!(out.code, 1, "the seed has errors");

    let human = run_in(d, &["check", "."], None);
    let summary = human.stdout.lines().last().unwrap();
    assert!(summary.starts_with("5 ファイルを検査"), "{summary}");
    // late.txt, notes.txt and README.md are not sheets (.hidden/ is not entered at all).
    assert!(summary.contains("スキップ 3 ファイル"), "{summary}");

    // A file named on the command line is always checked, whatever its name.
    let v = run_in(
        d,
        &["check", "--format", "json", "notes.txt", "late.txt"],
        None,
    )
    .json();
    assert_eq!(v["files"].as_array().unwrap().len(), 2);
    assert!(
        rules_of(v["files"][0]["diagnostics"].as_array().unwrap())
            .contains(&"missing-title".to_string()),
        "{v:#}"
    );
}

// ───────────────────────────── --fix ─────────────────────────────

/// `text` with the first occurrence of `from` replaced, asserting it occurs.
fn replace1(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "{from:?} not found");
    text.replacen(from, to, 1)
}

#[test]
fn fix_rewrites_only_a_misspelt_label() {
    let dir = tempdir();
    let f = dir.path().join("typo.hyoka");
    let good = read_str("examples/complete.hyoka");
    let bad = replace1(&good, "\n事業の概要\n", "\n事業の概用：\n");
    write(&f, &bad);
    let before = run_in(
        dir.path(),
        &["check", "--format", "json", "typo.hyoka"],
        None,
    )
    .json();
    assert!(
        rules_of(only_file(&before)).contains(&"unknown-label".to_string()),
        "{before:#}"
    );
    let out = run_in(dir.path(), &["check", "--fix", "typo.hyoka"], None);
    assert_eq!(out.code, 0, "fixed and re-checked: {out:?}");
    assert!(
        out.stderr.contains("typo.hyoka"),
        "says what it fixed: {}",
        out.stderr
    );
    let after = std::fs::read(&f).unwrap();
    assert_eq!(
        after,
        replace1(&good, "\n事業の概要\n", "\n事業の概要：\n").into_bytes(),
        "only the spelling changes"
    );

    // The rule fixture: one line differs, by one character.
    let f = dir.path().join("unknown-label.hyoka");
    let src = read_str("tests/fixtures/rules/unknown-label.hyoka");
    write(&f, &src);
    run_in(dir.path(), &["check", "--fix", "unknown-label.hyoka"], None);
    assert_eq!(
        std::fs::read(&f).unwrap(),
        replace1(&src, "事業の概用：", "事業の概要：").into_bytes()
    );
}

#[test]
fn fix_rewrites_a_misspelt_viewpoint() {
    let dir = tempdir();
    let f = dir.path().join("vp.hyoka");
    let good = read_str("examples/complete.hyoka");
    write(&f, replace1(&good, "□ 市民ニーズ", "□ 市民ニーヅ"));
    let out = run_in(dir.path(), &["check", "--fix", "vp.hyoka"], None);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(std::fs::read(&f).unwrap(), good.into_bytes());
}

#[test]
fn fix_keeps_shift_jis() {
    let dir = tempdir();
    let f = dir.path().join("sjis.hyoka");
    let good = read_str("examples/complete.hyoka");
    let bad = replace1(&good, "\n事業の概要\n", "\n事業の概用：\n");
    let bad_bytes = decode::encode(&bad, Encoding::ShiftJis);
    assert!(std::str::from_utf8(&bad_bytes).is_err());
    write(&f, &bad_bytes);
    let out = run_in(dir.path(), &["check", "--fix", "sjis.hyoka"], None);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.stderr.matches("Shift_JIS").count(), 1, "{}", out.stderr);
    let want = decode::encode(
        &replace1(&good, "\n事業の概要\n", "\n事業の概要：\n"),
        Encoding::ShiftJis,
    );
    assert_eq!(
        std::fs::read(&f).unwrap(),
        want,
        "rewritten in Shift_JIS, only the spelling changed"
    );
}

#[test]
fn fix_keeps_bom_and_crlf() {
    let dir = tempdir();
    let f = dir.path().join("crlf.hyoka");
    let good = read_str("examples/complete.hyoka").replace('\n', "\r\n");
    let bad = replace1(&good, "\r\n事業の概要\r\n", "\r\n事業の概用：\r\n");
    write(&f, [b"\xEF\xBB\xBF".as_slice(), bad.as_bytes()].concat());
    let out = run_in(dir.path(), &["check", "--fix", "crlf.hyoka"], None);
    assert_eq!(out.code, 0, "{out:?}");
    let want = replace1(&good, "\r\n事業の概要\r\n", "\r\n事業の概要：\r\n");
    assert_eq!(
        std::fs::read(&f).unwrap(),
        [b"\xEF\xBB\xBF".as_slice(), want.as_bytes()].concat()
    );
}

#[test]
fn fix_never_touches_amounts_years_choices_or_skeletons() {
    let dir = tempdir();
    for rule in [
        "budget-sum",
        "full-cost-sum",
        "execution-rate",
        "year-mismatch",
        "title-year-conflict",
        "choice-key-label-mismatch",
        "invalid-choice",
        "choice-count",
        "multiple-ratings",
        "missing-rating",
        "missing-field",
        "missing-section",
        "missing-viewpoint",
        "delay-reason-missing",
        "invalid-number",
        "other-viewpoint-unnamed",
    ] {
        let f = dir.path().join(format!("{rule}.hyoka"));
        let bytes = read(&format!("tests/fixtures/rules/{rule}.hyoka"));
        write(&f, &bytes);
        let name = format!("{rule}.hyoka");
        let out = run_in(
            dir.path(),
            &["check", "--fix", "--deny-warnings", &name],
            None,
        );
        assert_eq!(
            std::fs::read(&f).unwrap(),
            bytes,
            "{rule}: --fix changed the file"
        );
        assert!(
            !out.stderr.contains(&name),
            "{rule}: reported a fix: {}",
            out.stderr
        );
        assert_eq!(out.code, 1, "{rule}: the problem is still there");
    }
    // A label misspelt at edit distance 2 is reported but left for a person.
    let f = dir.path().join("far.hyoka");
    let bad = replace1(
        &read_str("examples/complete.hyoka"),
        "\n今後に向けた課題の分析\n",
        "\n今後に向けた課題分折：\n",
    );
    write(&f, &bad);
    let v = run_in(
        dir.path(),
        &["check", "--format", "json", "far.hyoka"],
        None,
    )
    .json();
    assert!(
        rules_of(only_file(&v)).contains(&"unknown-label".to_string()),
        "{v:#}"
    );
    run_in(dir.path(), &["check", "--fix", "far.hyoka"], None);
    assert_eq!(std::fs::read_to_string(&f).unwrap(), bad);
    // No temporary files are left behind.
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// `--fix -` behaves like a formatter: the fixed text on standard output, the report on standard error.
#[test]
fn fix_on_stdin_writes_the_fixed_text_to_stdout() {
    let complete = read_str("examples/complete.hyoka");
    let bad = replace1(&complete, "□ 市民ニーズ", "□ 市民ニーヅ");
    let out = run_in(
        &root(),
        &["check", "--fix", "--format", "json", "-"],
        Some(bad.as_bytes()),
    );
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.stdout, complete, "stdout is the fixed sheet");
    let report: Value = serde_json::from_str(
        out.stderr
            .lines()
            .find(|l| l.starts_with('{'))
            .unwrap_or_else(|| panic!("no JSON report on stderr: {}", out.stderr)),
    )
    .unwrap();
    assert_eq!(report["files"][0]["diagnostics"], serde_json::json!([]));
    assert!(
        out.stderr.contains("-: 1 箇所を修正しました"),
        "{}",
        out.stderr
    );
    // A sheet with nothing to fix comes back byte for byte, Shift_JIS included.
    let sjis = read("tests/fixtures/variants/cp932.hyoka");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_hyoka"))
        .args(["check", "--fix", "-"])
        .current_dir(root())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            c.stdin.take().unwrap().write_all(&sjis)?;
            c.wait_with_output()
        })
        .unwrap();
    assert_eq!(out.stdout, sjis);
    assert!(!root().join("-").exists());
}

// ───────────────────────────── SARIF ─────────────────────────────

#[test]
fn sarif_output() {
    let args = [
        "examples/",
        "tests/fixtures/rules/",
        "tests/fixtures/seed/000_59f8551fd5b1e581.txt",
    ];
    let json = run(&[&["check", "--format", "json"][..], &args].concat()).json();
    let out = run(&[&["check", "--format", "sarif"][..], &args].concat());
    assert_eq!(out.code, 1);
    let v = out.json();
    assert_eq!(v["version"], "2.1.0");
    let runs = v["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let r = &runs[0];
    assert_eq!(r["columnKind"], "unicodeCodePoints");
    assert_eq!(r["tool"]["driver"]["name"], "hyoka");
    let rules = r["tool"]["driver"]["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|x| x["id"].as_str().unwrap()).collect();
    assert_eq!(ids, all_rules());
    let results = r["results"].as_array().unwrap();
    // One result per diagnostic, in the same order as JSON, with the same positions.
    let mut expected = Vec::new();
    for f in json["files"].as_array().unwrap() {
        for d in f["diagnostics"].as_array().unwrap() {
            expected.push((f["path"].as_str().unwrap().to_string(), d.clone()));
        }
    }
    assert_eq!(results.len(), expected.len());
    for (res, (path, d)) in results.iter().zip(&expected) {
        assert_eq!(res["ruleId"], d["rule"]);
        let idx = res["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[idx]["id"], d["rule"], "ruleIndex points at the rule");
        let level = match d["severity"].as_str().unwrap() {
            "error" => "error",
            "warning" => "warning",
            _ => "note",
        };
        assert_eq!(res["level"], level);
        assert_eq!(res["message"]["text"], d["message"]);
        let loc = &res["locations"][0]["physicalLocation"];
        let uri = loc["artifactLocation"]["uri"].as_str().unwrap();
        assert!(
            path.ends_with(uri.rsplit('/').next().unwrap()) || uri.contains('%'),
            "{uri} vs {path}"
        );
        let reg = &loc["region"];
        assert_eq!(
            (
                &reg["startLine"],
                &reg["startColumn"],
                &reg["endLine"],
                &reg["endColumn"]
            ),
            (&d["line"], &d["column"], &d["end_line"], &d["end_column"])
        );
    }
    // Unreadable files become tool execution notifications, not results.
    let out = run(&[
        "check",
        "--format",
        "sarif",
        "no-such-file.hyoka",
        "examples/complete.hyoka",
    ]);
    assert_eq!(out.code, 2);
    let v = out.json();
    let inv = &v["runs"][0]["invocations"][0];
    assert_eq!(inv["executionSuccessful"], false);
    assert_eq!(
        inv["toolExecutionNotifications"].as_array().unwrap().len(),
        1
    );
    assert_eq!(v["runs"][0]["results"], Value::Array(vec![]));
}

/// Validate SARIF against the official SARIF 2.1.0 schema (vendored in tests/data/, see its README) with
/// tests/data/validate.py (Python `jsonschema`).
#[test]
fn sarif_validates_against_the_official_schema() {
    let dir = tempdir();
    write(&dir.path().join("astral.hyoka"), astral_sheet());
    write(
        &dir.path().join("スペース あり.hyoka"),
        read("tests/fixtures/rules/rating-text-conflict.hyoka"),
    );
    let examples = root().join("examples");
    let rules_dir = root().join("tests/fixtures/rules");
    let out = run_in(
        dir.path(),
        &[
            "check",
            "--format",
            "sarif",
            ".",
            p(&examples),
            p(&rules_dir),
            "missing.hyoka",
        ],
        None,
    );
    assert_eq!(out.code, 2);
    let file = dir.path().join("out.sarif");
    write(&file, &out.stdout);
    let script = root().join("tests/data/validate.py");
    let schema = root().join("tests/data/sarif-2.1.0-rtm.5.json");
    let v = Command::new("python3")
        .arg(&script)
        .arg(&schema)
        .arg(&file)
        .output();
    let v = v.unwrap_or_else(|e| panic!("python3 is needed to validate SARIF against its schema ({e}); install python3 and `pip install jsonschema`"));
    assert!(
        v.status.success(),
        "SARIF does not validate against the 2.1.0 schema:\n{}{}",
        String::from_utf8_lossy(&v.stdout),
        String::from_utf8_lossy(&v.stderr)
    );
}

// ───────────────────────────── explain / rules ─────────────────────────────

#[test]
fn explain_prints_a_rules_doc() {
    let out = run(&["explain", "budget-sum"]);
    assert_eq!(out.code, 0);
    let rule = hyoka_core::rules::find("budget-sum").unwrap();
    assert!(
        out.stdout.starts_with("budget-sum (error)"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains(rule.summary()) && out.stdout.contains(rule.doc()),
        "{}",
        out.stdout
    );
    for id in all_rules() {
        let out = run(&["explain", id]);
        assert_eq!(out.code, 0, "{id}");
        assert!(
            out.stdout.len() > 80,
            "{id}: a real explanation: {}",
            out.stdout
        );
    }
    let out = run(&["explain", "no-such-rule"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("no-such-rule") && out.stdout.is_empty(),
        "{out:?}"
    );
}

#[test]
fn rules_lists_every_rule_in_catalogue_order() {
    let out = run(&["rules"]);
    assert_eq!(out.code, 0);
    let ids: Vec<&str> = out
        .stdout
        .lines()
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(ids, all_rules());
    for l in out.stdout.lines() {
        let sev = l.split_whitespace().nth(1).unwrap();
        assert!(["error", "warning", "info", "hint"].contains(&sev), "{l}");
    }
    // Default severities as the spec's catalogue gives them (missing-field: E, its H is per field).
    let sev = |id: &str| {
        out.stdout
            .lines()
            .find(|l| l.split_whitespace().next() == Some(id))
            .unwrap()
            .split_whitespace()
            .nth(1)
            .unwrap()
            .to_string()
    };
    for (id, want) in [
        ("missing-field", "error"),
        ("section-order", "warning"),
        ("stray-text", "hint"),
        ("budget-sum", "error"),
        ("unknown-label", "warning"),
        ("execution-rate", "warning"),
        ("result-indicator-conflict", "warning"),
    ] {
        assert_eq!(sev(id), want, "{id}");
    }
}

#[test]
fn rules_markdown_matches_docs() {
    let out = run(&["rules", "--markdown"]);
    assert_eq!(out.code, 0);
    let path = root().join("docs/rules.md");
    let committed = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "docs/rules.md is missing ({e}); run `cargo run -- rules --markdown > docs/rules.md`"
        )
    });
    assert!(
        committed == out.stdout,
        "docs/rules.md is stale; run `cargo run -- rules --markdown > docs/rules.md`"
    );
    for id in all_rules() {
        assert!(
            committed.contains(&format!("\n## {id}\n")),
            "{id} has a section"
        );
    }
}

// ───────────────────────────── hyoka.toml ─────────────────────────────

#[test]
fn config_turns_a_rule_off_for_its_folder_and_below() {
    let dir = tempdir();
    let d = dir.path();
    let sheet = read("tests/fixtures/rules/budget-sum.hyoka");
    write(
        &d.join("proj/hyoka.toml"),
        "[rules]\nbudget-sum = \"off\"\n",
    );
    write(&d.join("proj/a.hyoka"), &sheet);
    write(&d.join("proj/sub/deeper/b.hyoka"), &sheet);
    write(&d.join("other/c.hyoka"), &sheet);
    for (path, code) in [
        ("proj/a.hyoka", 0),
        ("proj/sub/deeper/b.hyoka", 0),
        ("other/c.hyoka", 1),
    ] {
        let out = run_in(d, &["check", "--format", "json", path], None);
        assert_eq!(out.code, code, "{path}: {out:?}");
        let diags = only_file(&out.json()).clone();
        assert_eq!(rules_of(&diags).is_empty(), code == 0, "{path}: {diags:?}");
    }
    // On the folder as a whole, and by absolute path from anywhere.
    assert_eq!(run_in(d, &["check", "proj"], None).code, 0);
    assert_eq!(
        run_in(
            &root(),
            &["check", p(&d.join("proj/sub/deeper/b.hyoka"))],
            None
        )
        .code,
        0
    );
    // The nearest hyoka.toml wins whole: an empty one below turns budget-sum back on there.
    write(&d.join("proj/sub/hyoka.toml"), "[rules]\n");
    assert_eq!(
        run_in(d, &["check", "proj/sub/deeper/b.hyoka"], None).code,
        1
    );
    assert_eq!(run_in(d, &["check", "proj/a.hyoka"], None).code, 0);
}

#[test]
fn config_changes_a_rules_severity() {
    let dir = tempdir();
    let d = dir.path();
    write(
        &d.join("hyoka.toml"),
        "[rules]\nbudget-sum = \"warning\"\nstray-text = \"error\"\n",
    );
    write(
        &d.join("sub/a.hyoka"),
        read("tests/fixtures/rules/budget-sum.hyoka"),
    );
    let out = run_in(d, &["check", "--format", "json", "sub/a.hyoka"], None);
    assert_eq!(out.code, 0, "{out:?}");
    let v = out.json();
    let diags = only_file(&v);
    assert_eq!(rules_of(diags), ["budget-sum"]);
    assert_eq!(diags[0]["severity"], "warning");
    assert_eq!(
        run_in(d, &["check", "--deny-warnings", "sub/a.hyoka"], None).code,
        1
    );
    // A hint rule raised to error fails the run.
    write(
        &d.join("sub/b.hyoka"),
        read("tests/fixtures/rules/stray-text.hyoka"),
    );
    let out = run_in(d, &["check", "--format", "json", "sub/b.hyoka"], None);
    assert_eq!(out.code, 1, "{out:?}");
    assert!(only_file(&out.json())
        .iter()
        .any(|x| x["rule"] == "stray-text" && x["severity"] == "error"));
}

#[test]
fn bad_config_exits_2_with_a_clear_message() {
    let dir = tempdir();
    let d = dir.path();
    write(&d.join("a.hyoka"), read("examples/complete.hyoka"));
    for (toml, needle) in [
        ("[rules]\nbudget-summ = \"off\"\n", "budget-summ"),
        ("[rules]\nbudget-sum = \"loud\"\n", "loud"),
        ("[rules\n", "hyoka.toml"),
        ("colour = \"red\"\n", "colour"),
        ("form = \"no-such-form.toml\"\n", "no-such-form.toml"),
    ] {
        write(&d.join("hyoka.toml"), toml);
        let out = run_in(d, &["check", "a.hyoka"], None);
        assert_eq!(out.code, 2, "{toml:?}: {out:?}");
        let said = format!("{}{}", out.stdout, out.stderr);
        assert!(
            said.contains(needle),
            "{toml:?}: the message names {needle:?}: {said}"
        );
        assert!(
            said.contains("hyoka.toml") || said.contains("no-such-form.toml"),
            "{toml:?}: names the file: {said}"
        );
    }
}

#[test]
fn config_form_path_is_relative_to_the_config() {
    let dir = tempdir();
    let d = dir.path();
    // A user's copy of the built-in form takes its own id (the built-in ids are reserved).
    let form = replace1(
        &read_str("forms/hiratsuka-h27.toml"),
        "id = \"hiratsuka-h27\"",
        "id = \"other\"",
    );
    write(
        &d.join("forms/other.toml"),
        replace1(
            &form,
            "label = \"事業の概要\"",
            "label = \"事業のあらまし\"",
        ),
    );
    write(&d.join("hyoka.toml"), "form = \"forms/other.toml\"\n");
    let complete = read_str("examples/complete.hyoka");
    let renamed = replace1(&complete, "\n事業の概要\n", "\n事業のあらまし\n");
    write(&d.join("sheets/renamed.hyoka"), &renamed);
    write(&d.join("sheets/original.hyoka"), &complete);
    // Run from elsewhere: the form path is resolved against hyoka.toml's folder, not the working directory.
    let (renamed_p, original_p) = (
        d.join("sheets/renamed.hyoka"),
        d.join("sheets/original.hyoka"),
    );
    let out = run_in(
        &root(),
        // Two copies of one sheet: compared, they would be one project twice.
        &[
            "check",
            "--no-workspace",
            "--format",
            "json",
            p(&renamed_p),
            p(&original_p),
        ],
        None,
    );
    let v = out.json();
    assert_eq!(
        v["files"][0]["diagnostics"],
        Value::Array(vec![]),
        "the changed label is read: {v:#}"
    );
    let orig = v["files"][1]["diagnostics"].as_array().unwrap();
    assert!(
        orig.iter().any(|x| x["rule"] == "missing-field"
            && x["message"].as_str().unwrap().contains("事業のあらまし")),
        "the old label no longer counts: {v:#}"
    );
    assert_eq!(out.code, 1);
    assert_eq!(run_in(d, &["check", "sheets/renamed.hyoka"], None).code, 0);
    // Without the config, the built-in form applies.
    std::fs::remove_file(d.join("hyoka.toml")).unwrap();
    assert_eq!(run_in(d, &["check", "sheets/original.hyoka"], None).code, 0);
}

/// Spec §8: `hyoka.toml` "in the sheet's folder or any parent" — also when the sheet is named by a path
/// relative to the working directory and the config sits above the working directory.
#[test]
fn config_is_discovered_above_the_working_directory() {
    let dir = tempdir();
    let d = dir.path();
    write(&d.join("hyoka.toml"), "[rules]\nbudget-sum = \"off\"\n");
    write(
        &d.join("sub/deeper/b.hyoka"),
        read("tests/fixtures/rules/budget-sum.hyoka"),
    );
    for (cwd, path) in [
        ("", "sub/deeper/b.hyoka"),
        ("sub", "deeper/b.hyoka"),
        ("sub/deeper", "b.hyoka"),
        ("sub/deeper", "./b.hyoka"),
        ("sub/deeper", "."),
    ] {
        let out = run_in(&d.join(cwd), &["check", "--format", "json", path], None);
        assert_eq!(
            out.code, 0,
            "`hyoka check {path}` run in ./{cwd}: the hyoka.toml above is not applied: {}",
            out.stdout
        );
    }
    // The same for a form named by the config.
    // A user's copy of the built-in form takes its own id (the built-in ids are reserved).
    let form = replace1(
        &read_str("forms/hiratsuka-h27.toml"),
        "id = \"hiratsuka-h27\"",
        "id = \"other\"",
    );
    write(&d.join("hyoka.toml"), "form = \"other.toml\"\n");
    write(
        &d.join("other.toml"),
        replace1(
            &form,
            "label = \"事業の概要\"",
            "label = \"事業のあらまし\"",
        ),
    );
    write(
        &d.join("sub/renamed.hyoka"),
        replace1(
            &read_str("examples/complete.hyoka"),
            "\n事業の概要\n",
            "\n事業のあらまし\n",
        ),
    );
    let out = run_in(&d.join("sub"), &["check", "renamed.hyoka"], None);
    assert_eq!(
        out.code, 0,
        "run in ./sub: the form of the hyoka.toml above is not used: {}",
        out.stdout
    );
}

// ───────────────────────────── directives ─────────────────────────────

fn budget_sum_with(before_row: &str) -> String {
    replace1(
        &read_str("tests/fixtures/rules/budget-sum.hyoka"),
        "| 事業費(A) | 1,742 |",
        &format!("{before_row}| 事業費(A) | 1,742 |"),
    )
}

fn rules_for(src: &str) -> Vec<String> {
    let dir = tempdir();
    write(&dir.path().join("s.hyoka"), src);
    rules_of(only_file(
        &run_in(dir.path(), &["check", "--format", "json", "s.hyoka"], None).json(),
    ))
    .into_iter()
    .filter(|r| r != "stray-text")
    .collect()
}

#[test]
fn disable_next_line() {
    assert_eq!(rules_for(&budget_sum_with("")), ["budget-sum"]);
    assert_eq!(
        rules_for(&budget_sum_with("// hyoka-disable-next-line budget-sum\n")),
        Vec::<String>::new()
    );
    // The next non-blank, non-comment line: blank and comment lines in between are skipped.
    assert_eq!(
        rules_for(&budget_sum_with(
            "// hyoka-disable-next-line budget-sum\n\n// 金額は確認中\n\n"
        )),
        Vec::<String>::new()
    );
    // Indented, several rules, or no rule at all.
    assert_eq!(
        rules_for(&budget_sum_with(
            "　　// hyoka-disable-next-line full-cost-sum, budget-sum\n"
        )),
        Vec::<String>::new()
    );
    assert_eq!(
        rules_for(&budget_sum_with("// hyoka-disable-next-line\n")),
        Vec::<String>::new()
    );
    // Another rule does not silence budget-sum; the directive covers one line only.
    assert_eq!(
        rules_for(&budget_sum_with(
            "// hyoka-disable-next-line full-cost-sum\n"
        )),
        ["budget-sum"]
    );
    let two_above = replace1(
        &budget_sum_with(""),
        "| 一般財源 |",
        "// hyoka-disable-next-line budget-sum\n| 一般財源 |",
    );
    assert_eq!(rules_for(&two_above), ["budget-sum"]);
}

#[test]
fn disable_enable_ranges() {
    let src = read_str("tests/fixtures/rules/budget-sum.hyoka");
    // Open from the directive to the end of the file.
    let open = replace1(
        &src,
        "３．年度別事業内容",
        "// hyoka-disable budget-sum\n３．年度別事業内容",
    );
    assert_eq!(rules_for(&open), Vec::<String>::new());
    // Closed before the row: the diagnostic is back.
    let closed = replace1(
        &open,
        "| 国庫支出金 |",
        "// hyoka-enable budget-sum\n| 国庫支出金 |",
    );
    assert_eq!(rules_for(&closed), ["budget-sum"]);
    // Closed after the row: still silenced.
    let after = replace1(
        &open,
        "| 予算額 |",
        "// hyoka-enable budget-sum\n| 予算額 |",
    );
    assert_eq!(rules_for(&after), Vec::<String>::new());
    // A range for another rule does not silence it; a bare disable silences everything.
    let other = replace1(
        &src,
        "３．年度別事業内容",
        "// hyoka-disable full-cost-sum\n３．年度別事業内容",
    );
    assert_eq!(rules_for(&other), ["budget-sum"]);
    let all = replace1(
        &src,
        "３．年度別事業内容",
        "// hyoka-disable\n３．年度別事業内容",
    );
    assert_eq!(rules_for(&all), Vec::<String>::new());
    // The shipped variant with directives raises nothing.
    let v = run(&[
        "check",
        "--format",
        "json",
        "tests/fixtures/variants/directives.hyoka",
    ])
    .json();
    assert!(
        only_file(&v).iter().all(|d| d["severity"] == "hint"),
        "{v:#}"
    );
}

// ───────────────────────────── the command line as a newcomer meets it ─────────────────────────────

fn run_with_env(args: &[&str], env: &[(&str, &str)]) -> Out {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_hyoka"));
    cmd.args(args).current_dir(root()).env("NO_COLOR", "1");
    for v in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        cmd.env_remove(v);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    let o = cmd.stdin(Stdio::null()).output().unwrap();
    Out {
        code: o.status.code().unwrap(),
        stdout: String::from_utf8(o.stdout).unwrap(),
        stderr: String::from_utf8(o.stderr).unwrap(),
    }
}

#[test]
fn help_is_japanese_and_english_when_the_locale_says_en() {
    for locale in [None, Some("ja_JP.UTF-8"), Some("C.UTF-8")] {
        let env: Vec<(&str, &str)> = locale.map(|l| ("LANG", l)).into_iter().collect();
        let top = run_with_env(&["--help"], &env);
        assert_eq!(top.code, 0);
        assert!(top.stdout.contains("使い方: hyoka"), "{}", top.stdout);
        assert!(top.stdout.contains("シートを検査します"), "{}", top.stdout);
        let check = run_with_env(&["check", "--help"], &env);
        for word in [
            "オプション",
            "--fix",
            "表記だけの修正",
            "終了コード",
            "このヘルプを表示します",
        ] {
            assert!(check.stdout.contains(word), "{word}: {}", check.stdout);
        }
        for english in [
            "Usage",
            "Options",
            "Print help",
            "possible values",
            "default",
        ] {
            assert!(
                !check.stdout.contains(english),
                "{english}: {}",
                check.stdout
            );
        }
    }
    // LC_ALL wins over LANG, as POSIX orders them.
    for env in [
        vec![("LANG", "en_US.UTF-8")],
        vec![("LC_ALL", "en_GB.UTF-8"), ("LANG", "ja_JP.UTF-8")],
        vec![("LC_MESSAGES", "en_US.UTF-8")],
    ] {
        let check = run_with_env(&["check", "--help"], &env);
        assert!(
            check
                .stdout
                .contains("Usage: hyoka check [OPTIONS] <PATH>..."),
            "{env:?}: {}",
            check.stdout
        );
        assert!(check.stdout.contains("Exit status"), "{}", check.stdout);
    }
    let ja = run_with_env(
        &["check", "--help"],
        &[("LC_ALL", "ja_JP.UTF-8"), ("LANG", "en_US.UTF-8")],
    );
    assert!(ja.stdout.contains("使い方"), "{}", ja.stdout);
}

#[test]
fn command_line_errors_are_japanese() {
    let cases: [(&[&str], &str); 6] = [
        (&["check", "--bogus", "examples/"], "不明な引数「--bogus」"),
        (
            &["check", "--format", "xml", "examples/"],
            "「xml」は --format",
        ),
        (&["check"], "必要な引数がありません"),
        (&["frobnicate"], "不明なコマンド「frobnicate」"),
        (
            &["check", "--form", "no-such-form.toml", "examples/"],
            "様式ファイル no-such-form.toml を読めません: ファイルまたはフォルダがありません",
        ),
        (&["explain", "no-such-rule"], "不明なルール「no-such-rule」"),
    ];
    for (args, says) in cases {
        let out = run_with_env(args, &[]);
        assert_eq!(out.code, 2, "{args:?}: {out:?}");
        assert!(out.stderr.contains(says), "{args:?}: {}", out.stderr);
        assert!(!out.stderr.contains("os error"), "{args:?}: {}", out.stderr);
        assert!(
            !out.stderr.contains("error:"),
            "{args:?}: clap's English: {}",
            out.stderr
        );
    }
    let en = run_with_env(&["check", "--bogus", "x"], &[("LANG", "en_US.UTF-8")]);
    assert!(
        en.stderr.contains("unknown argument '--bogus'"),
        "{}",
        en.stderr
    );
}

#[test]
fn a_missing_or_empty_folder_is_not_a_clean_run() {
    let tmp = tempdir();
    std::fs::create_dir(tmp.path().join("empty")).unwrap();
    write(&tmp.path().join("notes/memo.txt"), "会議のメモ\n");
    for (dir, says) in [
        ("empty", "検査するシートがありませんでした"),
        ("notes", "検査するシートがありませんでした"),
        (
            "no-such-folder",
            "no-such-folder: ファイルまたはフォルダがありません",
        ),
    ] {
        let out = run_in(tmp.path(), &["check", dir], None);
        assert_eq!(out.code, 2, "{dir}: {out:?}");
        let said = format!("{}{}", out.stdout, out.stderr);
        assert!(said.contains(says), "{dir}: {said}");
    }
}

#[test]
fn a_decoding_error_names_line_and_column() {
    let tmp = tempdir();
    let mut bytes = "事業評価シート（平成27年度分）\n事務事業名："
        .as_bytes()
        .to_vec();
    bytes.extend_from_slice(b"\xFF\xFE\n");
    write(&tmp.path().join("broken.hyoka"), &bytes);
    let out = run_in(
        tmp.path(),
        &["check", "--format", "json", "broken.hyoka"],
        None,
    );
    assert_eq!(out.code, 2);
    let e = out.json()["files"][0]["error"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(e.contains("2 行 7 文字目"), "{e}");
}

// ───────────────────────────── cross-sheet rules ─────────────────────────────

/// The cross-sheet diagnostics of a JSON report: (file name, rule, line, related paths' file names).
fn cross_sheet_of(v: &Value) -> Vec<(String, String, u64, Vec<String>)> {
    let name = |p: &str| {
        Path::new(p)
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned()
    };
    let mut out = Vec::new();
    for f in v["files"].as_array().unwrap() {
        for d in f["diagnostics"].as_array().into_iter().flatten() {
            let rule = d["rule"].as_str().unwrap();
            if !CROSS_SHEET_RULES.contains(&rule) {
                continue;
            }
            let related = d["related"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|r| name(r["path"].as_str().expect("a path into the other sheet")))
                .collect();
            out.push((
                name(f["path"].as_str().unwrap()),
                rule.to_string(),
                d["line"].as_u64().unwrap(),
                related,
            ));
        }
    }
    out
}

#[test]
fn a_folder_is_checked_as_one_workspace_with_related_locations_in_other_files() {
    let out = run(&[
        "check",
        "--format",
        "json",
        "tests/fixtures/workspace/target-changed",
    ]);
    assert_eq!(out.code, 0, "warnings only: {out:?}");
    let v = out.json();
    assert_eq!(
        cross_sheet_of(&v),
        vec![(
            "h27-chisan-chisho.hyoka".to_string(),
            "target-changed".to_string(),
            46,
            vec!["h26-chisan-chisho.hyoka".to_string()]
        )]
    );
    // The related location is the H26 sheet's cell for the same year and row.
    let d = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["diagnostics"].as_array().unwrap())
        .find(|d| d["rule"] == "target-changed")
        .unwrap();
    let rel = &d["related"][0];
    let other = read_str(rel["path"].as_str().unwrap());
    let [l, c, el, ec] =
        ["line", "column", "end_line", "end_column"].map(|k| rel[k].as_u64().unwrap() as usize);
    assert_eq!(text_between(&other, l, c, el, ec), "21.0");

    // SARIF: the related location's URI is the other file.
    let sarif = run(&[
        "check",
        "--format",
        "sarif",
        "tests/fixtures/workspace/target-changed",
    ])
    .json();
    let result = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "target-changed")
        .unwrap()
        .clone();
    let uri = result["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        .as_str()
        .unwrap();
    assert!(uri.ends_with("h26-chisan-chisho.hyoka"), "{uri}");
    assert!(
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .ends_with("h27-chisan-chisho.hyoka")
    );

    // Human output: the note names the other file and its line.
    let human = run(&["check", "tests/fixtures/workspace/target-changed"]);
    assert!(
        human.stdout.contains("warning[target-changed]")
            && human.stdout.contains("h26-chisan-chisho.hyoka:46:23)"),
        "{}",
        human.stdout
    );
}

#[test]
fn no_workspace_and_workspace_false_turn_the_cross_sheet_rules_off() {
    let dir = tempdir();
    for f in ["h26-chisan-chisho.hyoka", "h27-chisan-chisho.hyoka"] {
        write(
            &dir.path().join(f),
            read(&format!("tests/fixtures/workspace/target-changed/{f}")),
        );
    }
    let json = |args: &[&str]| run_in(dir.path(), args, None).json();
    assert_eq!(
        cross_sheet_of(&json(&["check", "--format", "json", "."])).len(),
        1
    );
    assert!(
        cross_sheet_of(&json(&["check", "--no-workspace", "--format", "json", "."])).is_empty()
    );
    write(&dir.path().join("hyoka.toml"), "workspace = false\n");
    assert!(cross_sheet_of(&json(&["check", "--format", "json", "."])).is_empty());
    // A rule's level applies to cross-sheet rules as to any other.
    write(
        &dir.path().join("hyoka.toml"),
        "[rules]\ntarget-changed = \"off\"\n",
    );
    assert!(cross_sheet_of(&json(&["check", "--format", "json", "."])).is_empty());
}

#[test]
fn aliases_join_a_renamed_project_to_its_earlier_sheets() {
    let dir = tempdir();
    let h26 = read_str("tests/fixtures/workspace/target-changed/h26-chisan-chisho.hyoka").replacen(
        "事務事業名：学校給食地場産物活用事業",
        "事務事業名：学校給食地場産物事業",
        1,
    );
    write(&dir.path().join("h26.hyoka"), h26);
    write(
        &dir.path().join("h27.hyoka"),
        read("tests/fixtures/workspace/target-changed/h27-chisan-chisho.hyoka"),
    );
    let rules = |dir: &Path| {
        let v = run_in(dir, &["check", "--format", "json", "."], None).json();
        cross_sheet_of(&v)
            .into_iter()
            .map(|(_, r, _, _)| r)
            .collect::<Vec<_>>()
    };
    assert!(
        rules(dir.path()).is_empty(),
        "a renamed project is another project"
    );
    write(
        &dir.path().join("hyoka.toml"),
        "[aliases]\n\"学校給食地場産物事業\" = \"学校給食地場産物活用事業\"\n",
    );
    assert_eq!(rules(dir.path()), vec!["target-changed"]);
}

#[test]
fn every_cross_sheet_fixture_folder_raises_its_markers_through_the_command_line() {
    for rule in CROSS_SHEET_RULES {
        let dir = format!("tests/fixtures/workspace/{rule}");
        let v = run(&["check", "--format", "json", &dir]).json();
        let got: BTreeSet<(String, u64, String)> = cross_sheet_of(&v)
            .into_iter()
            .map(|(f, r, l, _)| (f, l, r))
            .collect();
        let mut want = BTreeSet::new();
        for e in std::fs::read_dir(root().join(&dir)).unwrap() {
            let p = e.unwrap().path();
            let src = read_str(p.to_str().unwrap());
            let lines: Vec<&str> = src.lines().collect();
            for (i, l) in lines.iter().enumerate() {
                if let Some(r) = l.trim().strip_prefix("// ^") {
                    let target = (0..i)
                        .rev()
                        .find(|&j| {
                            let t = lines[j].trim_matches(|c: char| c.is_whitespace());
                            !t.is_empty() && !t.starts_with("//")
                        })
                        .unwrap();
                    let name = p.file_name().unwrap().to_string_lossy().into_owned();
                    want.insert((name, target as u64 + 1, r.trim().to_string()));
                }
            }
        }
        assert_eq!(got, want, "{rule}");
    }
}

// ───────────────────────────── hyoka report ─────────────────────────────

/// A minimal CSV reader for the report's output (RFC 4180: quoted cells may hold `,`, `""` and line breaks).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = vec![];
    let mut row = vec![];
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut cell)),
            (false, '\r') => {
                assert_eq!(chars.next(), Some('\n'), "a lone CR in the CSV");
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (false, '\n') => panic!("a line ends without CR"),
            (false, c) => cell.push(c),
        }
    }
    assert!(
        cell.is_empty() && row.is_empty(),
        "the last line ends with CRLF"
    );
    rows
}

#[test]
fn report_csv_has_one_row_per_sheet_with_the_documented_columns() {
    let dir = tempdir();
    let out_path = dir.path().join("集計.csv");
    let out = run(&[
        "report",
        "examples",
        "tests/fixtures/workspace/target-changed",
        "-o",
        out_path.to_str().unwrap(),
    ]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stderr.contains("集計.csv"), "{}", out.stderr);
    let bytes = std::fs::read(&out_path).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 with a BOM");
    let rows = parse_csv(std::str::from_utf8(&bytes[3..]).unwrap());
    let header = &rows[0];
    assert_eq!(
        header[..9],
        [
            "ファイル",
            "様式",
            "年度（西暦）",
            "年度",
            "部",
            "課",
            "事務事業名",
            "検証結果",
            "進捗状況"
        ]
    );
    let tail: Vec<&str> = header[header.len() - 8..]
        .iter()
        .map(String::as_str)
        .collect();
    assert_eq!(
        tail,
        [
            "事業費（N-2）",
            "事業費（N-1）",
            "事業費（N）",
            "事業費（N+1）",
            "事業費（N+2）",
            "フルコスト（N）",
            "エラー数",
            "警告数"
        ]
    );
    // Every sheet once: the examples and the two sheets of the fixture.
    let sheets = example_count() + 3;
    assert_eq!(rows.len(), 1 + sheets);
    assert!(rows.iter().all(|r| r.len() == header.len()));
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let complete = rows
        .iter()
        .find(|r| r[0] == "examples/complete.hyoka")
        .expect("the complete example");
    assert_eq!(complete[col("様式")], "hiratsuka-h27");
    assert_eq!(complete[col("年度（西暦）")], "2015");
    assert_eq!(complete[col("部")], "産業振興部");
    assert_eq!(complete[col("課")], "農水産課");
    assert_eq!(complete[col("事務事業名")], "地産地消推進事業");
    assert_eq!(complete[col("検証結果")], "成果があがった");
    assert_eq!(complete[col("総合評価（効率性）")], "中");
    assert_eq!(complete[col("事業費（N）")], "1742");
    assert_eq!(complete[col("事業費（N+2）")], "1850");
    assert_eq!(complete[col("事業費（N-1）")], "");
    assert_eq!(complete[col("フルコスト（N）")], "8142");
    assert_eq!(complete[col("エラー数")], "0");
    // The seed sheet's errors are counted.
    let seed = rows.iter().find(|r| r[0] == "examples/seed.hyoka").unwrap();
    assert!(seed[col("エラー数")].parse::<u32>().unwrap() > 0);
    // A sheet of another form fills the columns its form has (郡山市: 部 and 課 are fields of their own).
    let koriyama = rows
        .iter()
        .find(|r| r[col("様式")] == "koriyama-h27")
        .expect("a 郡山市 sheet");
    assert!(!koriyama[col("課")].is_empty() && !koriyama[col("部")].is_empty());
    // Cross-sheet warnings count: the fixture's H27 sheet changed a target of its H26 sheet.
    let h27 = rows
        .iter()
        .find(|r| r[0].ends_with("target-changed/h27-chisan-chisho.hyoka"))
        .unwrap();
    assert_eq!(h27[col("警告数")], "1");
}

#[test]
fn report_csv_in_cp932_replaces_what_shift_jis_cannot_hold_and_says_so() {
    let dir = tempdir();
    write(
        &dir.path().join("sheet.hyoka"),
        read_str("examples/complete.hyoka").replacen("地産地消推進事業", "𠮷田地産地消推進事業", 1),
    );
    let out = run_in(
        dir.path(),
        &["report", ".", "-o", "out.csv", "--encoding", "cp932"],
        None,
    );
    assert_eq!(out.code, 0, "{out:?}");
    assert!(
        out.stderr.contains("1 字") && out.stderr.contains('〓'),
        "the replacement is counted: {}",
        out.stderr
    );
    let bytes = std::fs::read(dir.path().join("out.csv")).unwrap();
    let (text, enc) = decode::decode(&bytes).unwrap();
    assert_eq!(enc, Encoding::ShiftJis);
    let rows = parse_csv(&text);
    assert_eq!(rows.len(), 2);
    assert!(
        rows[1].contains(&"〓田地産地消推進事業".to_string()),
        "{rows:?}"
    );
    // Only CSV has an encoding to choose.
    let out = run_in(
        dir.path(),
        &["report", ".", "-o", "out.html", "--encoding", "cp932"],
        None,
    );
    assert_eq!(out.code, 2);
}

#[test]
fn report_json_and_html_describe_the_same_sheets() {
    let dir = tempdir();
    let json_path = dir.path().join("r.json");
    let out = run(&["report", "examples", "-o", json_path.to_str().unwrap()]);
    assert_eq!(out.code, 0, "{out:?}");
    let v: Value = serde_json::from_slice(&std::fs::read(&json_path).unwrap()).unwrap();
    assert_eq!(v["version"], 1);
    let sheets = v["sheets"].as_array().unwrap();
    assert_eq!(sheets.len(), example_count());
    assert_eq!(v["summary"]["sheets"], example_count());
    let errors: u64 = sheets.iter().map(|s| s["errors"].as_u64().unwrap()).sum();
    assert_eq!(v["summary"]["errors"], errors);
    let complete = sheets
        .iter()
        .find(|s| s["path"] == "examples/complete.hyoka")
        .unwrap();
    assert_eq!(complete["indicators"][0]["block"], "活動指標①");
    assert_eq!(
        complete["indicators"][0]["years"][2],
        serde_json::json!({"year": 2015, "target": 12.0, "actual": 14.0})
    );
    // The HTML: one row per sheet, a link to each file relative to the report, nothing from the network.
    let html_path = dir.path().join("r.html");
    let out = run(&["report", "examples", "-o", html_path.to_str().unwrap()]);
    assert_eq!(out.code, 0, "{out:?}");
    let html = std::fs::read_to_string(&html_path).unwrap();
    assert_eq!(
        html.matches(r#"<tr class="sheet""#).count(),
        example_count()
    );
    assert!(!html.contains("http://") && !html.contains("https://") && !html.contains("src="));
    assert!(html.contains(r#"data-count="sheets">"#));
    // The format by extension, else --format; an unknown extension is a usage error.
    let out = run(&[
        "report",
        "examples",
        "-o",
        dir.path().join("r.txt").to_str().unwrap(),
    ]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("--format"), "{}", out.stderr);
    let out = run(&[
        "report",
        "examples",
        "--format",
        "json",
        "-o",
        dir.path().join("r.txt").to_str().unwrap(),
    ]);
    assert_eq!(out.code, 0, "{out:?}");
    // A folder as the output is refused, not replaced.
    let out = run(&["report", "examples", "-o", dir.path().to_str().unwrap()]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(dir.path().is_dir());
}
