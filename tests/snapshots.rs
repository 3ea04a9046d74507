//! Snapshots of what users see, so that any change to it shows as a diff to review: the output of
//! `hyoka check` (human, JSON, SARIF) and the answers of `hyoka lsp` (hover, completion, outline, code
//! actions), both from the real binary. The snapshots are in tests/snapshots/; CONTRIBUTING.md says how
//! to review and accept a change (`cargo insta review`, or `INSTA_UPDATE=always` and `git diff`).
//!
//! Everything is made machine-independent: `hyoka check` runs in the repository root on relative paths,
//! with `NO_COLOR=1` and a Japanese locale; the server gets made-up URIs; the tool version in SARIF and the
//! years of the new-sheet skeleton (which follow today's date) are replaced by placeholders, each after
//! checking its value. Positions in the LSP snapshots are LSP's: line and character from 0, in UTF-16
//! units.

use serde_json::{json, Value};
use std::process::{Command, Stdio};
#[path = "support/lsp_client.rs"]
mod lsp_client;
use hyoka_fs::clock::evaluated_fiscal_year_now;
use lsp_client::LspClient;

const COMPLETE: &str = include_str!("../examples/complete.hyoka");
const SEED: &str = include_str!("../examples/seed.hyoka");

/// A YAML snapshot, with multi-line strings (hover texts, the skeleton) written as literal blocks, one
/// line of text per line of the file, so that their diffs can be read.
macro_rules! assert_yaml {
    ($($arg:tt)*) => {{
        yaml_block_style();
        insta::assert_yaml_snapshot!($($arg)*);
    }};
}

/// insta writes YAML literal blocks when `INSTA_YAML_BLOCK_STYLE=1`. Set once, before any snapshot is
/// taken, whether the tests run under `cargo test`, `cargo insta test` or by hand. (The environment is
/// only read and written through std here, which serialises those calls.)
fn yaml_block_style() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| std::env::set_var("INSTA_YAML_BLOCK_STYLE", "1"));
}

// ---------------------------------------------------------------------------------------------------
// `hyoka check`
// ---------------------------------------------------------------------------------------------------

/// `hyoka ARGS` in the repository root: exit code, stdout, stderr.
fn hyoka(args: &[&str]) -> (i32, String, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_hyoka"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .env("LC_ALL", "ja_JP.UTF-8")
        .env_remove("RUST_LOG")
        .stdin(Stdio::null())
        .output()
        .expect("run hyoka");
    (
        o.status.code().expect("exited normally"),
        String::from_utf8(o.stdout).expect("stdout is UTF-8"),
        String::from_utf8(o.stderr).expect("stderr is UTF-8"),
    )
}

/// One JSON document on stdout, exit code 1 (the seed has errors), nothing on stderr.
fn check_json(format: &str) -> Value {
    let (code, out, err) = hyoka(&["check", "--format", format, "examples/"]);
    assert_eq!((code, err.as_str()), (1, ""), "{out}");
    serde_json::from_str(&out).expect("one JSON document")
}

#[test]
fn check_examples_human() {
    let (code, out, err) = hyoka(&["check", "examples/"]);
    insta::assert_snapshot!(
        "check_examples_human",
        format!("exit code {code}\n── stdout ──\n{out}── stderr ──\n{err}")
    );
}

#[test]
fn check_examples_json() {
    insta::assert_json_snapshot!("check_examples_json", check_json("json"));
}

#[test]
fn check_examples_sarif() {
    let mut sarif = check_json("sarif");
    let version = &mut sarif["runs"][0]["tool"]["driver"]["version"];
    assert_eq!(version, env!("CARGO_PKG_VERSION"));
    *version = json!("[version]");
    insta::assert_json_snapshot!("check_examples_sarif", sarif);
}

// ---------------------------------------------------------------------------------------------------
// `hyoka lsp`
// ---------------------------------------------------------------------------------------------------

const COMPLETE_URI: &str = "file:///nonexistent-hyoka-snapshots/complete.hyoka";
const SEED_URI: &str = "file:///nonexistent-hyoka-snapshots/seed.hyoka";

/// A server (UTF-16 positions) with `docs` open; returns it and each document's diagnostics.
fn server(docs: &[(&str, &str)]) -> (LspClient, Vec<Vec<Value>>) {
    let mut c = LspClient::spawn(
        env!("CARGO_BIN_EXE_hyoka"),
        &["lsp", "--stdio"],
        &[("LC_ALL", "ja_JP.UTF-8")],
    );
    c.initialize(json!({ "general": { "positionEncodings": ["utf-16"] } }));
    let mut diags = Vec::new();
    for (uri, text) in docs {
        c.open(uri, 1, text);
        diags.push(c.diagnostics(uri, 1));
    }
    (c, diags)
}

/// The position of the `nth` char after the start of `needle` (on the first line that starts with it,
/// after full-width indentation) and a description of it for the snapshot: `line:character` as LSP counts
/// them (from 0, UTF-16 units), then the line with ‸ at the position.
fn at(text: &str, needle: &str, nth: usize) -> (u32, u32, String) {
    let (line, content) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.trim_start_matches('　').starts_with(needle))
        .unwrap_or_else(|| panic!("no line starts with {needle}"));
    let start = content.find(needle).unwrap();
    let off = start
        + content[start..]
            .char_indices()
            .nth(nth)
            .map_or(content.len() - start, |(i, _)| i);
    let col = content[..off].encode_utf16().count();
    let described = format!("{line}:{col} {}‸{}", &content[..off], &content[off..]);
    (line as u32, col as u32, described)
}

/// Hovers at the given places of one document: [{ at, hover }].
fn hovers(c: &mut LspClient, uri: &str, text: &str, places: &[(&str, usize)]) -> Value {
    let mut out = Vec::new();
    for (needle, nth) in places {
        let (line, col, described) = at(text, needle, *nth);
        let h = c.hover(uri, line, col).expect("hover succeeds");
        assert!(!h.is_null(), "a hover at {described}");
        out.push(json!({ "at": described, "hover": h }));
    }
    Value::Array(out)
}

#[test]
fn hover_complete() {
    let (mut c, _) = server(&[(COMPLETE_URI, COMPLETE)]);
    let h = hovers(
        &mut c,
        COMPLETE_URI,
        COMPLETE,
        &[
            ("□ 市民ニーズ", 3),         // a 分析の視点 checkbox (unticked)
            ("■ 事業目的の達成状況", 3), // a 分析の視点 checkbox (ticked)
            ("進捗状況：", 1),           // a field label
            ("事業種類：", 6),           // a choice value
            ("２．事業の検証", 2),       // a section heading
            ("有効性", 1),               // an analysis item heading
            ("活動指標①", 1),            // an indicator block heading
            ("| 事業費(A) | 1,742", 13), // a budget table cell
        ],
    );
    assert_yaml!("hover_complete", h);
}

#[test]
fn hover_seed() {
    let (mut c, _) = server(&[(SEED_URI, SEED)]);
    let h = hovers(
        &mut c,
        SEED_URI,
        SEED,
        &[
            ("□ 市民ニーズ", 3),       // a 分析の視点 checkbox
            ("事業担当：", 1),         // a field label
            ("遅れている理由：", 1),   // the label that only a delay needs
            ("１．事業の位置付け", 2), // a section heading with missing fields
        ],
    );
    assert_yaml!("hover_seed", h);
}

/// Completion at one place: { at, items }.
fn completion_at(c: &mut LspClient, uri: &str, text: &str, needle: &str, nth: usize) -> Value {
    let (line, col, described) = at(text, needle, nth);
    let items = c.completion(uri, line, col);
    assert!(!items.is_empty(), "completion at {described}");
    json!({ "at": described, "items": items })
}

#[test]
fn completion_after_a_choice_label() {
    let (mut c, _) = server(&[(COMPLETE_URI, COMPLETE)]);
    let r = completion_at(&mut c, COMPLETE_URI, COMPLETE, "事業種類：", 5);
    assert_yaml!("completion_after_jigyou_shurui", r);
}

#[test]
fn completion_in_an_analysis_item() {
    let (mut c, _) = server(&[(COMPLETE_URI, COMPLETE)]);
    let r = completion_at(&mut c, COMPLETE_URI, COMPLETE, "□ 市民ニーズ", 2);
    assert_yaml!("completion_analysis_viewpoint", r);
}

/// An empty line in section 1 of the seed (the one before ２．): the section's labels, the missing ones
/// among them.
#[test]
fn completion_on_an_empty_line_in_section_1() {
    let (mut c, _) = server(&[(SEED_URI, SEED)]);
    let line = SEED.lines().position(|l| l == "２．事業の検証").unwrap() - 1;
    assert_eq!(SEED.lines().nth(line), Some(""));
    let items = c.completion(SEED_URI, line as u32, 0);
    assert!(!items.is_empty());
    assert_yaml!(
        "completion_section_1_empty_line",
        json!({ "at": format!("{line}:0 ‸ (an empty line, the last of １．)"), "items": items })
    );
}

/// An empty document: one item, the skeleton of a new sheet. Its years follow today's date (N is the
/// fiscal year the server computes, `hyoka_fs::clock::evaluated_fiscal_year_now`), so each year label is
/// checked and replaced by `{N}`, `{N-1}`, `{N+2}`….
#[test]
fn completion_in_an_empty_document_is_the_skeleton() {
    let uri = "file:///nonexistent-hyoka-snapshots/new.hyoka";
    let before = evaluated_fiscal_year_now();
    let (mut c, _) = server(&[(uri, "")]);
    let items = c.completion(uri, 0, 0);
    let after = evaluated_fiscal_year_now();
    // The server read the clock between `before` and `after`: retry the (rare) run across 1 April.
    if before != after {
        return completion_in_an_empty_document_is_the_skeleton();
    }
    let n = before;
    assert_eq!(items.len(), 1, "{items:#?}");
    let skeleton = items[0]["textEdit"]["newText"].as_str().unwrap();
    let title = format!("（{}分）", format_year(n));
    assert!(
        skeleton.lines().next().unwrap().ends_with(&title),
        "the skeleton is for fiscal year {n} ({title}):\n{skeleton}"
    );
    let mut items = Value::Array(items);
    redact_years(&mut items, n);
    assert_yaml!("completion_empty_document_skeleton", items);
}

/// A fiscal year as the built-in form writes it (令和7年度).
fn format_year(y: i32) -> String {
    hyoka_core::Form::builtin().format.years.format(y)
}

/// Every year label N-4…N+4 (`令和7年度`) in the strings of `v` becomes `{N-4}`…`{N+4}`.
fn redact_years(v: &mut Value, n: i32) {
    match v {
        Value::String(s) => {
            for k in -4..=4 {
                let token = match k {
                    0 => "{N}".to_string(),
                    k => format!("{{N{k:+}}}"),
                };
                *s = s.replace(&format_year(n + k), &token);
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| redact_years(x, n)),
        Value::Object(o) => o.values_mut().for_each(|x| redact_years(x, n)),
        _ => {}
    }
}

#[test]
fn outline_complete() {
    let (mut c, _) = server(&[(COMPLETE_URI, COMPLETE)]);
    assert_yaml!("outline_complete", c.document_symbols(COMPLETE_URI));
}

#[test]
fn outline_seed() {
    let (mut c, _) = server(&[(SEED_URI, SEED)]);
    assert_yaml!("outline_seed", c.document_symbols(SEED_URI));
}

/// Code actions over lines 28–33 of the seed (２．事業の検証 … 進捗状況), with the diagnostics that start
/// there.
#[test]
fn code_actions_for_the_seed() {
    let (mut c, diags) = server(&[(SEED_URI, SEED)]);
    let (first, last) = (27u64, 32u64); // 0-based
    let here: Vec<Value> = diags[0]
        .iter()
        .filter(|d| (first..=last).contains(&d["range"]["start"]["line"].as_u64().unwrap()))
        .cloned()
        .collect();
    assert!(here.len() >= 3, "{here:#?}");
    let end = SEED
        .lines()
        .nth(last as usize)
        .unwrap()
        .encode_utf16()
        .count();
    let range = json!({ "start": { "line": first, "character": 0 }, "end": { "line": last, "character": end } });
    let actions = c.code_actions(SEED_URI, range.clone(), json!(here), None);
    assert_yaml!(
        "code_actions_seed_lines_28_33",
        json!({ "range": range, "diagnostics": here, "actions": actions })
    );
}

/// `source.fixAll.hyoka` on complete.hyoka with one label misspelt (事業の概要 → 事業の概用：) and one
/// amount wrong: one action, which fixes the label and leaves the amount.
#[test]
fn fix_all_on_a_misspelt_label() {
    let uri = "file:///nonexistent-hyoka-snapshots/misspelt.hyoka";
    let text = COMPLETE
        .replace("\n事業の概要\n", "\n事業の概用：\n")
        .replace("| 一般財源 | 1,372 |", "| 一般財源 | 1,000 |");
    let (mut c, diags) = server(&[(uri, &text)]);
    let lines = text.lines().count();
    let whole =
        json!({ "start": { "line": 0, "character": 0 }, "end": { "line": lines, "character": 0 } });
    let actions = c.code_actions(
        uri,
        whole,
        json!(diags[0]),
        Some(json!(["source.fixAll.hyoka"])),
    );
    assert_yaml!(
        "code_actions_fix_all_misspelt_label",
        json!({ "diagnostics": diags[0], "actions": actions })
    );
}
