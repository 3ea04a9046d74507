//! End-to-end tests of `hyoka lsp --stdio`: the real binary, spoken to over JSON-RPC with Content-Length
//! framing. Every wait has a timeout, so a hung server fails a test instead of hanging it.

use serde_json::{json, Value};
use std::process::Command;
use std::time::{Duration, Instant};
#[path = "support/lsp_client.rs"]
mod lsp_client;
use lsp_client::LspClient;

const COMPLETE: &str = include_str!("../examples/complete.hyoka");
const SEED: &str = include_str!("../examples/seed.hyoka");
const TIMEOUT: Duration = Duration::from_secs(15);
const URI: &str = "file:///nonexistent-hyoka-test/sheet.hyoka";

// ---------------------------------------------------------------------------------------------------
// The shared client (tests/support/lsp_client.rs), with the position units the server chose
// ---------------------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq)]
enum Units {
    Utf8,
    Utf16,
}

struct Client {
    lsp: LspClient,
    units: Units,
}

impl std::ops::Deref for Client {
    type Target = LspClient;
    fn deref(&self) -> &LspClient {
        &self.lsp
    }
}

impl std::ops::DerefMut for Client {
    fn deref_mut(&mut self) -> &mut LspClient {
        &mut self.lsp
    }
}

impl Client {
    /// Spawn `hyoka lsp --stdio` and initialize it with these capabilities.
    fn start(capabilities: Value) -> (Client, Value) {
        let mut lsp = LspClient::spawn(
            env!("CARGO_BIN_EXE_hyoka"),
            &["lsp", "--stdio"],
            // Messages the tests compare are in Japanese, whatever the locale of the machine.
            &[("LC_ALL", "ja_JP.UTF-8")],
        );
        lsp.timeout = TIMEOUT;
        let init = lsp.initialize(capabilities);
        let units = match init["capabilities"]["positionEncoding"].as_str() {
            Some("utf-8") => Units::Utf8,
            Some("utf-16") | None => Units::Utf16,
            Some(other) => panic!("unexpected encoding {other}"),
        };
        (Client { lsp, units }, init)
    }

    fn start_utf16() -> Client {
        Client::start(json!({ "general": { "positionEncodings": ["utf-16"] } })).0
    }

    fn start_utf8() -> Client {
        let (c, init) =
            Client::start(json!({ "general": { "positionEncodings": ["utf-8", "utf-16"] } }));
        assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
        c
    }

    fn shutdown_and_exit(self) -> std::process::ExitStatus {
        self.lsp.shutdown_and_exit()
    }
}

// ---------------------------------------------------------------------------------------------------
// Positions and edits on the client side
// ---------------------------------------------------------------------------------------------------

fn line_starts(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    let mut v = vec![0];
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\r' if b.get(i + 1) == Some(&b'\n') => {
                i += 2;
                v.push(i);
            }
            b'\r' | b'\n' => {
                i += 1;
                v.push(i);
            }
            _ => i += 1,
        }
    }
    v
}

/// Byte offset of an LSP position (asserting it is exact: on a char boundary, within its line).
fn offset(text: &str, p: &Value, units: Units) -> usize {
    let (line, col) = (
        p["line"].as_u64().unwrap() as usize,
        p["character"].as_u64().unwrap() as usize,
    );
    let ls = line_starts(text);
    let start = ls[line];
    let end = ls.get(line + 1).copied().unwrap_or(text.len());
    let content = text[start..end].trim_end_matches(['\r', '\n']);
    let mut units_seen = 0;
    for (i, c) in content.char_indices() {
        if units_seen == col {
            return start + i;
        }
        units_seen += match units {
            Units::Utf8 => c.len_utf8(),
            Units::Utf16 => c.len_utf16(),
        };
        if units_seen > col {
            panic!("position {p} falls inside a character ({units:?})");
        }
    }
    assert_eq!(
        units_seen, col,
        "position {p} is past the end of line {line} ({units:?})"
    );
    start + content.len()
}

fn position(text: &str, off: usize, units: Units) -> Value {
    let ls = line_starts(text);
    let line = ls.partition_point(|&s| s <= off) - 1;
    let seg = &text[ls[line]..off];
    let col = match units {
        Units::Utf8 => seg.len(),
        Units::Utf16 => seg.encode_utf16().count(),
    };
    json!({ "line": line, "character": col })
}

fn range_of(text: &str, a: usize, b: usize, units: Units) -> Value {
    json!({ "start": position(text, a, units), "end": position(text, b, units) })
}

fn text_under<'a>(text: &'a str, range: &Value, units: Units) -> &'a str {
    &text[offset(text, &range["start"], units)..offset(text, &range["end"], units)]
}

/// The TextEdits of a WorkspaceEdit for `uri` (from `changes` or `documentChanges`).
fn edits_of(edit: &Value, uri: &str) -> Vec<Value> {
    if let Some(e) = edit["changes"][uri].as_array() {
        return e.clone();
    }
    edit["documentChanges"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d["textDocument"]["uri"] == uri)
        .flat_map(|d| d["edits"].as_array().cloned().unwrap_or_default())
        .collect()
}

/// Apply a WorkspaceEdit to `text`; returns the new text and the same edits as incremental didChange
/// events (last edit first, so each range is valid in the text the previous event left).
fn apply_workspace_edit(text: &str, edit: &Value, uri: &str, units: Units) -> (String, Value) {
    let mut edits: Vec<(usize, usize, String, Value)> = edits_of(edit, uri)
        .into_iter()
        .map(|e| {
            (
                offset(text, &e["range"]["start"], units),
                offset(text, &e["range"]["end"], units),
                e["newText"].as_str().unwrap().to_string(),
                e["range"].clone(),
            )
        })
        .collect();
    assert!(
        !edits.is_empty(),
        "the edit changes nothing for {uri}: {edit:#}"
    );
    edits.sort_by_key(|e| std::cmp::Reverse((e.0, e.1)));
    let mut out = text.to_string();
    let mut events = Vec::new();
    for (a, b, new, range) in edits {
        out.replace_range(a..b, &new);
        events.push(json!({ "range": range, "text": new }));
    }
    (out, Value::Array(events))
}

fn codes(diags: &[Value]) -> Vec<&str> {
    diags.iter().map(|d| d["code"].as_str().unwrap()).collect()
}

fn line_of(text: &str, needle: &str) -> u32 {
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line with {needle}")) as u32
}

fn col_of(text: &str, needle: &str, units: Units) -> u32 {
    let at = text.find(needle).unwrap();
    position(text, at, units)["character"].as_u64().unwrap() as u32
}

/// complete.hyoka with problems behind 𠮷 and other CJK on the same lines.
fn broken_sheet() -> String {
    let s = COMPLETE
        .replace(
            "| | 平成27年度 | 平成28年度 | 平成29年度 |",
            "| 𠮷 | 平成27年度 | 平成28年度 | 平成30年度 |",
        )
        .replace(
            "| 事業費(A) | 1,742 | 1,850 | 1,850 |",
            "| 事業費(A) | 1,742 | 𠮷 | 1,900 |",
        )
        .replace("| 一般財源 | 1,372 |", "| 一般財源 | 1,000 |")
        .replace("\n事業の概要\n", "\n事業の概用：\n");
    assert_ne!(s, COMPLETE);
    s
}

// ---------------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------------

#[test]
fn diagnostics_at_exact_positions_in_utf16_and_utf8() {
    let text = broken_sheet();
    let mut per_encoding = Vec::new();
    for mut c in [Client::start_utf16(), Client::start_utf8()] {
        let units = c.units;
        c.open(URI, 3, &text);
        let diags = c.diagnostics(URI, 3);
        let mut got: Vec<(String, String)> = diags
            .iter()
            .map(|d| {
                (
                    d["code"].as_str().unwrap().to_string(),
                    text_under(&text, &d["range"], units).to_string(),
                )
            })
            .collect();
        got.sort();
        let mut want: Vec<(String, String)> = [
            ("budget-sum", "1,742"),
            ("budget-sum", "1,900"),
            ("full-cost-sum", "8,250"),
            ("invalid-number", "𠮷"),
            ("missing-field", "１．事業の位置付け"),
            ("unknown-label", "事業の概用"),
            ("year-mismatch", "平成30年度"),
        ]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        want.sort();
        assert_eq!(got, want, "{units:?}: {diags:#?}");
        // Exact numbers for the cell behind 𠮷: 𠮷 is 2 UTF-16 units and 4 UTF-8 bytes.
        let row = "| 事業費(A) | 1,742 | 𠮷 | ";
        let line = line_of(&text, row);
        let d = diags
            .iter()
            .filter(|d| d["code"] == "budget-sum")
            .max_by_key(|d| d["range"]["start"]["character"].as_u64())
            .unwrap();
        let col = match units {
            Units::Utf16 => row.encode_utf16().count(),
            Units::Utf8 => row.len(),
        };
        assert_eq!(
            d["range"],
            json!({ "start": { "line": line, "character": col }, "end": { "line": line, "character": col + 5 } }),
            "{units:?}"
        );
        // Related information points at the parts of the sum, one of them the 一般財源 cell.
        let related = d["relatedInformation"]
            .as_array()
            .expect("related information");
        assert!(
            related.iter().any(
                |r| text_under(&text, &r["location"]["range"], units) == "1,480"
                    && r["message"] == "一般財源"
            ),
            "{related:#?}"
        );
        assert!(
            d["codeDescription"].is_null()
                || d["codeDescription"]["href"]
                    .as_str()
                    .unwrap()
                    .contains("budget-sum")
        );
        per_encoding.push(diags.len());
        assert!(c.shutdown_and_exit().success());
    }
    assert_eq!(per_encoding[0], per_encoding[1]);
}

#[test]
fn seed_sheet_diagnostics_sit_on_their_lines() {
    let mut c = Client::start_utf16();
    c.open(URI, 1, SEED);
    let diags = c.diagnostics(URI, 1);
    // Each `// ^ rule` comment in the seed names a rule raised on the line just above it.
    let lines: Vec<&str> = SEED.lines().collect();
    for (i, l) in lines.iter().enumerate() {
        if let Some(rule) = l.strip_prefix("// ^ ") {
            let line = (i - 1) as u64;
            assert!(
                diags
                    .iter()
                    .any(|d| d["code"] == rule.trim() && d["range"]["start"]["line"] == line),
                "expected {rule} on line {line} ({}): {diags:#?}",
                lines[i - 1]
            );
        }
    }
    let conflict = diags
        .iter()
        .find(|d| d["code"] == "result-progress-conflict")
        .unwrap();
    assert_eq!(conflict["severity"], 2);
    let under = text_under(SEED, &conflict["range"], Units::Utf16);
    assert!(
        under.contains('Ａ') || under.contains("成果があがった"),
        "{under}"
    );
}

#[test]
fn hover_on_a_viewpoint_explains_it() {
    let mut c = Client::start_utf16();
    c.open(URI, 1, COMPLETE);
    c.diagnostics(URI, 1);
    let line = line_of(COMPLETE, "■ 事業目的の達成状況");
    let h = c
        .request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": URI }, "position": { "line": line, "character": 4 } }),
        )
        .unwrap();
    assert_eq!(h["contents"]["kind"], "markdown", "{h:#}");
    let md = h["contents"]["value"].as_str().unwrap();
    assert!(md.contains("事業目的の達成状況"), "{md}");
    assert!(md.contains("必要性"), "names the item: {md}");
    assert!(
        md.contains("まだ実現していないか"),
        "carries the viewpoint's help: {md}"
    );
    assert_eq!(h["range"]["start"]["line"], line);
    // An item heading explains the item; a field label its field; a budget cell its sums.
    let h = c.request("textDocument/hover", json!({ "textDocument": { "uri": URI }, "position": { "line": line_of(COMPLETE, "有効性"), "character": 1 } })).unwrap();
    assert!(h["contents"]["value"].as_str().unwrap().contains("有効性"));
    let h = c.request("textDocument/hover", json!({ "textDocument": { "uri": URI }, "position": { "line": line_of(COMPLETE, "進捗状況："), "character": 1 } })).unwrap();
    assert!(
        h["contents"]["value"].as_str().unwrap().contains("③"),
        "{h:#}"
    );
    let row = "| 事業費(A) | ";
    let h = c
        .request("textDocument/hover", json!({ "textDocument": { "uri": URI }, "position": { "line": line_of(COMPLETE, row), "character": row.chars().count() + 1 } }))
        .unwrap();
    assert!(
        h["contents"]["value"].as_str().unwrap().contains("の合計"),
        "{h:#}"
    );
    // Nothing under the cursor: null.
    let blank = 1; // the empty line after the title
    assert_eq!(COMPLETE.lines().nth(blank), Some(""));
    let h = c.request("textDocument/hover", json!({ "textDocument": { "uri": URI }, "position": { "line": blank, "character": 0 } })).unwrap();
    assert_eq!(h, Value::Null);
}

fn contains(outer: &Value, inner: &Value) -> bool {
    let key = |p: &Value| {
        (
            p["line"].as_u64().unwrap(),
            p["character"].as_u64().unwrap(),
        )
    };
    key(&outer["start"]) <= key(&inner["start"]) && key(&inner["end"]) <= key(&outer["end"])
}

fn check_nesting(sym: &Value) -> usize {
    assert!(
        contains(&sym["range"], &sym["selectionRange"]),
        "selection outside range: {sym:#}"
    );
    let mut n = 1;
    for child in sym["children"].as_array().into_iter().flatten() {
        assert!(
            contains(&sym["range"], &child["range"]),
            "{} not inside {}",
            child["name"],
            sym["name"]
        );
        n += check_nesting(child);
    }
    n
}

#[test]
fn outline_and_folding() {
    let mut c = Client::start_utf16();
    c.open(URI, 1, COMPLETE);
    c.diagnostics(URI, 1);
    let syms = c
        .request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": URI } }),
        )
        .unwrap();
    let syms = syms.as_array().unwrap();
    assert_eq!(syms.len(), 1, "one title at the top: {syms:#?}");
    let title = &syms[0];
    assert_eq!(title["name"], "事業評価シート（平成27年度分）");
    let sections = title["children"].as_array().unwrap();
    let names: Vec<&str> = sections
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 4, "{names:?}");
    for (i, n) in names.iter().enumerate() {
        assert!(
            n.contains(
                [
                    "事業の位置付け",
                    "事業の検証",
                    "年度別事業内容・決算額",
                    "今後の事業展開"
                ][i]
            ),
            "{names:?}"
        );
        assert!(
            !sections[i]["children"].as_array().unwrap().is_empty(),
            "{n} has children"
        );
    }
    let total = check_nesting(title);
    assert!(total > 30, "{total} symbols");
    // Section 2 holds the indicator blocks (with their fields) and the four analysis items.
    let s2: Vec<&str> = sections[1]["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    for want in [
        "活動指標①",
        "成果指標①",
        "必要性",
        "有効性",
        "妥当性",
        "効率性",
    ] {
        assert!(s2.iter().any(|n| n.contains(want)), "{want} in {s2:?}");
    }
    let block = sections[1]["children"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "活動指標①")
        .unwrap();
    assert!(
        block["children"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["name"] == "指標名"),
        "{block:#}"
    );
    // Section ranges do not overlap and are in order.
    for w in sections.windows(2) {
        assert!(w[0]["range"]["end"]["line"].as_u64() <= w[1]["range"]["start"]["line"].as_u64());
    }

    let folds = c
        .request(
            "textDocument/foldingRange",
            json!({ "textDocument": { "uri": URI } }),
        )
        .unwrap();
    let folds = folds.as_array().unwrap();
    for s in sections {
        let start = &s["range"]["start"]["line"];
        assert!(
            folds
                .iter()
                .any(|f| f["startLine"] == *start && f["endLine"].as_u64() > start.as_u64()),
            "no fold for {}: {folds:#?}",
            s["name"]
        );
    }
    for f in folds {
        assert!(f["startLine"].as_u64() < f["endLine"].as_u64());
    }
}

#[test]
fn completion_offers_options_and_a_skeleton() {
    let mut c = Client::start_utf16();
    c.open(URI, 1, COMPLETE);
    c.diagnostics(URI, 1);
    let line = line_of(COMPLETE, "進捗状況：");
    let r = c
        .request(
            "textDocument/completion",
            json!({ "textDocument": { "uri": URI }, "position": { "line": line, "character": 5 } }),
        )
        .unwrap();
    let items = r
        .as_array()
        .cloned()
        .or_else(|| r["items"].as_array().cloned())
        .unwrap();
    let labels: Vec<&str> = items.iter().map(|i| i["label"].as_str().unwrap()).collect();
    for want in ["①：予定どおり", "②：若干遅れている", "③：遅れている"] {
        assert!(labels.contains(&want), "{want} in {labels:?}");
    }
    let one = items
        .iter()
        .find(|i| i["label"] == "③：遅れている")
        .unwrap();
    assert_eq!(
        one["textEdit"]["range"]["start"],
        json!({ "line": line, "character": 5 })
    );

    // After □ in an analysis item: that item's viewpoints.
    let line = line_of(COMPLETE, "□ 市民ニーズ");
    let r = c
        .request(
            "textDocument/completion",
            json!({ "textDocument": { "uri": URI }, "position": { "line": line, "character": 3 } }),
        )
        .unwrap();
    let labels: Vec<String> = r
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap().to_string())
        .collect();
    assert!(
        labels.contains(&"市民ニーズ".to_string())
            && labels.contains(&"市の関与の必要性".to_string()),
        "{labels:?}"
    );
    assert!(
        !labels.contains(&"コスト削減の可能性".to_string()),
        "only 必要性's viewpoints: {labels:?}"
    );

    // An empty document: the whole skeleton.
    let empty = "file:///nonexistent-hyoka-test/new.hyoka";
    c.open(empty, 1, "");
    let r = c
        .request(
            "textDocument/completion",
            json!({ "textDocument": { "uri": empty }, "position": { "line": 0, "character": 0 } }),
        )
        .unwrap();
    let items = r.as_array().unwrap();
    assert_eq!(items.len(), 1, "{items:#?}");
    let skel = items[0]["textEdit"]["newText"].as_str().unwrap();
    for part in [
        "事業評価シート",
        "１．事業の位置付け",
        "２．事業の検証",
        "３．年度別事業内容・決算額",
        "４．今後の事業展開",
        "活動指標①",
        "必要性",
        "効率性",
        "□ その他",
        "一般財源",
    ] {
        assert!(skel.contains(part), "skeleton lacks {part}:\n{skel}");
    }
    // Inserted, the skeleton has every section (its placeholders still need filling in).
    c.change(
        empty,
        2,
        json!([{ "range": items[0]["textEdit"]["range"], "text": skel }]),
    );
    let diags = c.diagnostics(empty, 2);
    assert!(
        !codes(&diags)
            .iter()
            .any(|c| *c == "missing-section" || *c == "duplicate-section" || *c == "section-order"),
        "{diags:#?}"
    );
}

/// The skeleton's own labels should be recognised: filling it in must not start from errors about
/// fields it does contain. (Regression: the year-labelled fields were once written `平成　年度の…：` with a
/// blank year and not recognised — missing-field errors for 検証結果, 主な取組と成果 and 取組方針 although
/// the lines were there, and `平成　年度の主な取組と成果：` read as the value of the empty `進捗状況：`.)
#[test]
fn skeleton_labels_are_recognised() {
    let mut c = Client::start_utf16();
    let uri = "file:///nonexistent-hyoka-test/new.hyoka";
    c.open(uri, 1, "");
    let r = c
        .request(
            "textDocument/completion",
            json!({ "textDocument": { "uri": uri }, "position": { "line": 0, "character": 0 } }),
        )
        .unwrap();
    let skel = r[0]["textEdit"]["newText"].as_str().unwrap().to_string();
    c.change(
        uri,
        2,
        json!([{ "range": r[0]["textEdit"]["range"], "text": skel }]),
    );
    let diags = c.diagnostics(uri, 2);
    let bad: Vec<(String, u64, String)> = diags
        .iter()
        .filter(|d| {
            matches!(
                d["code"].as_str(),
                Some("invalid-choice" | "stray-text" | "unknown-label")
            ) || (d["code"] == "missing-field" && d["severity"] == 1)
        })
        .map(|d| {
            (
                d["code"].as_str().unwrap().into(),
                d["range"]["start"]["line"].as_u64().unwrap(),
                d["message"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert!(
        bad.is_empty(),
        "skeleton:\n{skel}\nproblems with what the skeleton contains: {bad:#?}"
    );
}

#[test]
fn quick_fixes_applied_client_side_clear_their_diagnostics() {
    for mut c in [Client::start_utf16(), Client::start_utf8()] {
        let units = c.units;
        let mut text = COMPLETE
            .replace("\n事業の概要\n", "\n事業の概用：\n")
            .replace("| 一般財源 | 1,372 |", "| 一般財源 | 1,000 |");
        // 𠮷 before the cell on the same line shifts UTF-16 and UTF-8 columns differently.
        text = text.replace(
            "| 事業内容 | 地産地消フェア",
            "| 事業内容 | 𠮷地産地消フェア",
        );
        let mut version = 1;
        c.open(URI, version, &text);
        let mut diags = c.diagnostics(URI, version);
        assert_eq!(
            codes(&diags)
                .iter()
                .filter(|c| **c != "missing-field")
                .count(),
            2,
            "{diags:#?}"
        );

        for (rule, title_part, expect_under) in [
            ("unknown-label", "事業の概要", "事業の概用"),
            ("budget-sum", "一般財源 を 1,372", "1,000"),
        ] {
            let d = diags
                .iter()
                .find(|d| d["code"] == rule)
                .unwrap_or_else(|| panic!("{rule} in {diags:#?}"))
                .clone();
            let actions = c.code_actions(URI, d["range"].clone(), json!([d.clone()]), None);
            let fix = actions
                .iter()
                .find(|a| {
                    a["kind"] == "quickfix" && a["title"].as_str().unwrap().contains(title_part)
                })
                .unwrap_or_else(|| panic!("no fix with {title_part}: {actions:#?}"));
            assert!(
                actions
                    .iter()
                    .any(|a| a["title"].as_str().unwrap().contains("無効にする")),
                "disable action: {actions:#?}"
            );
            let edits = edits_of(&fix["edit"], URI);
            assert_eq!(
                text_under(&text, &edits[0]["range"], units),
                expect_under,
                "{units:?}"
            );
            let (new_text, events) = apply_workspace_edit(&text, &fix["edit"], URI, units);
            text = new_text;
            version += 1;
            c.change(URI, version, events);
            diags = c.diagnostics(URI, version);
            assert!(
                !codes(&diags).contains(&rule),
                "{rule} gone after its fix ({units:?}): {diags:#?}"
            );
        }
        assert_eq!(diags, Vec::<Value>::new(), "all clean");
        assert_eq!(
            text,
            COMPLETE
                .replace(
                    "| 事業内容 | 地産地消フェア",
                    "| 事業内容 | 𠮷地産地消フェア"
                )
                .replace("\n事業の概要\n", "\n事業の概要：\n")
        );
    }
}

#[test]
fn fix_all_applies_only_notation_fixes() {
    let mut c = Client::start_utf16();
    let text = broken_sheet();
    c.open(URI, 1, &text);
    let diags = c.diagnostics(URI, 1);
    let whole = range_of(&text, 0, text.len(), Units::Utf16);
    let actions = c.code_actions(
        URI,
        whole.clone(),
        json!(diags),
        Some(json!(["source.fixAll.hyoka"])),
    );
    assert_eq!(actions.len(), 1, "{actions:#?}");
    assert_eq!(actions[0]["kind"], "source.fixAll.hyoka");
    // `source` is a prefix of source.fixAll.hyoka: also offered; `quickfix` only: not offered.
    let a = c.code_actions(URI, whole.clone(), json!(diags), Some(json!(["source"])));
    assert!(a.iter().any(|a| a["kind"] == "source.fixAll.hyoka"));
    let a = c.code_actions(URI, whole.clone(), json!(diags), Some(json!(["quickfix"])));
    assert!(a.iter().all(|a| a["kind"] == "quickfix"), "{a:#?}");
    let (fixed, events) = apply_workspace_edit(&text, &actions[0]["edit"], URI, Units::Utf16);
    assert!(
        fixed.contains("\n事業の概要：\n"),
        "the label spelling is fixed"
    );
    assert!(
        fixed.contains("| 一般財源 | 1,000 |"),
        "an amount is never changed by fixAll"
    );
    c.change(URI, 2, events);
    let after = c.diagnostics(URI, 2);
    let mut got = codes(&after);
    got.sort();
    assert_eq!(
        got,
        [
            "budget-sum",
            "budget-sum",
            "full-cost-sum",
            "invalid-number",
            "year-mismatch"
        ],
        "{after:#?}"
    );
    // Nothing left to fix by notation: no fixAll action.
    let actions = c.code_actions(
        URI,
        range_of(&fixed, 0, fixed.len(), Units::Utf16),
        json!(after),
        Some(json!(["source.fixAll.hyoka"])),
    );
    assert!(actions.is_empty(), "{actions:#?}");
}

#[test]
fn checkbox_toggle_assist() {
    let mut c = Client::start_utf8();
    let mut text = COMPLETE.to_string();
    c.open(URI, 1, &text);
    c.diagnostics(URI, 1);
    let line = line_of(&text, "□ 市民ニーズ");
    let col = col_of(&text, "□ 市民ニーズ", Units::Utf8);
    let at = json!({ "start": { "line": line, "character": col }, "end": { "line": line, "character": col } });
    let actions = c.code_actions(
        URI,
        at.clone(),
        json!([]),
        Some(json!(["refactor.rewrite"])),
    );
    assert_eq!(actions.len(), 1, "{actions:#?}");
    assert_eq!(actions[0]["kind"], "refactor.rewrite");
    assert!(actions[0]["title"].as_str().unwrap().contains('■'));
    let (new_text, events) = apply_workspace_edit(&text, &actions[0]["edit"], URI, Units::Utf8);
    assert!(new_text.contains("\n　■ 市民ニーズ\n"), "□ became ■");
    text = new_text;
    c.change(URI, 2, events);
    assert_eq!(c.diagnostics(URI, 2), Vec::<Value>::new());
    // And back.
    let actions = c.code_actions(URI, at, json!([]), Some(json!(["refactor"])));
    let back = actions
        .iter()
        .find(|a| a["title"].as_str().unwrap().contains('□'))
        .expect("toggle back");
    let (again, _) = apply_workspace_edit(&text, &back["edit"], URI, Units::Utf8);
    assert_eq!(again, COMPLETE);
    // A marked choice: moving the ● is offered too.
    let line = line_of(&text, "総合評価：●高");
    let at = json!({ "start": { "line": line, "character": 20 }, "end": { "line": line, "character": 20 } });
    let actions = c.code_actions(URI, at, json!([]), Some(json!(["refactor.rewrite"])));
    let titles: Vec<&str> = actions
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert!(
        titles.iter().any(|t| t.contains("「中」を選ぶ"))
            && titles.iter().any(|t| t.contains("「低」を選ぶ")),
        "{titles:?}"
    );
}

fn hover_still_answers(c: &mut Client) {
    let line = line_of(COMPLETE, "■ 事業目的の達成状況");
    let h = c
        .request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": URI }, "position": { "line": line, "character": 4 } }),
        )
        .unwrap();
    assert!(
        h["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("事業目的の達成状況"),
        "{h:#}"
    );
}

/// A frame whose body is not JSON (or not a JSON-RPC message) gets a parse error / invalid request
/// response with a null id — and then the server must carry on. (Regression: tower-lsp-server 0.23's
/// transport loops `while let Some(msg) = framed_stdin.next()`, and tokio-util 0.7.20's FramedRead yields
/// `None` once right after a decode error, so one bad frame ended the server with exit status 0.)
#[test]
fn a_frame_that_is_not_json_does_not_end_the_server() {
    for bad in [
        &b"{this is not json"[..],
        b"[1, 2, 3]",
        b"{\"jsonrpc\": \"2.0\"}",
    ] {
        let mut c = Client::start_utf16();
        c.open(URI, 1, COMPLETE);
        c.diagnostics(URI, 1);
        c.write_raw(format!("Content-Length: {}\r\n\r\n", bad.len()).as_bytes());
        c.write_raw(bad);
        let e = c.wait_for("an error response with a null id", |m| {
            m.get("error").is_some() && m["id"].is_null()
        });
        assert!(
            e["error"]["code"] == -32700 || e["error"]["code"] == -32600,
            "{e:#}"
        );
        hover_still_answers(&mut c);
        assert!(c.shutdown_and_exit().success());
    }
}

/// Ids the JSON-RPC layer cannot hold (a fraction, beyond i64) are refused with a null-id error instead of
/// reaching the service's decoder (regression: `"id": 1.5` passed the stdio guard, failed to decode in
/// tower-lsp-server, and ended the server).
#[test]
fn unrepresentable_ids_are_refused_and_the_server_survives() {
    let mut c = Client::start_utf16();
    c.open(URI, 1, COMPLETE);
    c.diagnostics(URI, 1);
    for id in ["1.5", "18446744073709551615", "1.0", "true", "{}"] {
        let body =
            format!(r#"{{"jsonrpc":"2.0","id":{id},"method":"textDocument/hover","params":{{}}}}"#);
        c.write_raw(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
        let e = c.wait_for(&format!("error for id {id}"), |m| {
            m.get("error").is_some() && m["id"].is_null()
        });
        assert_eq!(e["error"]["code"], -32600, "{id}: {e:#}");
        hover_still_answers(&mut c);
    }
    // Negative and string ids are fine.
    for id in [json!(-7), json!("abc")] {
        c.send(&json!({ "jsonrpc": "2.0", "id": id, "method": "hyoka/none" }));
        let r = c.response(&id);
        assert_eq!(r["error"]["code"], -32601, "{r:#}");
    }
    assert!(c.shutdown_and_exit().success());
}

/// Framing: several messages in one write, one message dribbled a few bytes at a time, extra headers,
/// a header block without Content-Length (an error, then the next frame is read).
#[test]
fn framing_edge_cases() {
    let mut c = Client::start_utf16();
    let line = line_of(COMPLETE, "■ 事業目的の達成状況");
    let frame = |v: Value| lsp_client::framing::frame(&serde_json::to_vec(&v).unwrap());
    // didOpen and a hover in a single write.
    let mut both = frame(
        json!({ "jsonrpc": "2.0", "method": "textDocument/didOpen", "params": { "textDocument": { "uri": URI, "languageId": "hyoka", "version": 1, "text": COMPLETE } } }),
    );
    both.extend(frame(json!({ "jsonrpc": "2.0", "id": 100, "method": "textDocument/hover", "params": { "textDocument": { "uri": URI }, "position": { "line": line, "character": 4 } } })));
    c.write_raw(both);
    let r = c.response(&json!(100));
    assert!(
        r["result"]["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("事業目的の達成状況"),
        "{r:#}"
    );
    // A hover dribbled in 7-byte pieces (splitting UTF-8 sequences and the header).
    let f = frame(
        json!({ "jsonrpc": "2.0", "id": 101, "method": "textDocument/hover", "params": { "textDocument": { "uri": URI }, "position": { "line": line, "character": 4 } }, "note": "𠮷野家" }),
    );
    for piece in f.chunks(7) {
        c.write_raw(piece);
        std::thread::sleep(Duration::from_millis(2));
    }
    let r = c.response(&json!(101));
    assert!(
        r["result"]["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("事業目的の達成状況"),
        "{r:#}"
    );
    // Lower-case header name and a Content-Type.
    let b = serde_json::to_vec(&json!({ "jsonrpc": "2.0", "id": 102, "method": "hyoka/none" }))
        .unwrap();
    let mut f = format!(
        "content-length: {}\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n",
        b.len()
    )
    .into_bytes();
    f.extend(b);
    c.write_raw(f);
    assert_eq!(c.response(&json!(102))["error"]["code"], -32601);
    // No Content-Length: an error with a null id; the next frame still gets through.
    c.write_raw(b"X-Whatever: 1\r\n\r\n");
    let e = c.wait_for("error for a header without Content-Length", |m| {
        m.get("error").is_some() && m["id"].is_null()
    });
    assert!(e["error"]["code"].is_i64(), "{e:#}");
    hover_still_answers(&mut c);
    assert!(c.shutdown_and_exit().success());
}

#[test]
fn malformed_requests_get_errors_and_the_server_survives() {
    let mut c = Client::start_utf16();
    c.open(URI, 1, COMPLETE);
    c.diagnostics(URI, 1);
    // 3. An unknown method: MethodNotFound.
    let err = c.request("hyoka/noSuchMethod", json!({})).unwrap_err();
    assert_eq!(err["code"], -32601, "{err:#}");
    // An unknown notification is ignored, `$/` ones silently.
    c.notify("$/noSuchNotification", json!({}));
    c.notify("hyoka/noSuchNotification", json!({}));
    // 4. Wrong parameter types: InvalidParams; the same for a notification is dropped.
    let err = c
        .request(
            "textDocument/hover",
            json!({ "textDocument": 5, "position": "here" }),
        )
        .unwrap_err();
    assert_eq!(err["code"], -32602, "{err:#}");
    let err = c
        .request("textDocument/documentSymbol", json!(null))
        .unwrap_err();
    assert_eq!(err["code"], -32602, "{err:#}");
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": URI }, "contentChanges": "nope" }),
    );
    c.notify("textDocument/didOpen", json!({ "textDocument": 1 }));
    // 5. Still alive and correct.
    hover_still_answers(&mut c);
    // A change after all that still publishes for its version.
    c.change(URI, 2, json!([{ "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } }, "text": "" }]));
    assert_eq!(c.diagnostics(URI, 2), Vec::<Value>::new());
    assert!(c.shutdown_and_exit().success());
}

#[test]
fn shutdown_and_exit_end_the_process_with_status_zero() {
    let mut c = Client::start_utf16();
    c.open(URI, 1, SEED);
    c.diagnostics(URI, 1);
    let t = Instant::now();
    let status = c.shutdown_and_exit();
    assert!(status.success(), "{status:?}");
    assert!(t.elapsed() < Duration::from_secs(5));
}

#[test]
fn exit_without_shutdown_and_closed_stdin_end_the_process() {
    // stdin closed without a word: the server stops.
    let mut c = Client::start_utf16();
    c.close_stdin();
    assert!(
        c.wait_exit(Duration::from_secs(5)).is_some(),
        "server outlived its stdin"
    );
}

/// A `$/cancelRequest` that arrives before its request must not cancel it. (tower-lsp-server registers a
/// request as pending when it is read, but runs a cancel only when its task is first polled, so a cancel read
/// just before its request, in the same read, used to cancel it.)
#[test]
fn a_cancel_that_arrives_before_its_request_does_not_cancel_it() {
    let mut c = Client::start_utf16();
    c.open(URI, 1, COMPLETE);
    c.diagnostics(URI, 1);
    let line = line_of(COMPLETE, "■ 事業目的の達成状況");
    let frame = |v: Value| lsp_client::framing::frame(&serde_json::to_vec(&v).unwrap());
    for id in 1000..1020 {
        // Cancel and request in one write, as a client racing itself would send them.
        let mut both =
            frame(json!({ "jsonrpc": "2.0", "method": "$/cancelRequest", "params": { "id": id } }));
        both.extend(frame(json!({ "jsonrpc": "2.0", "id": id, "method": "textDocument/hover", "params": { "textDocument": { "uri": URI }, "position": { "line": line, "character": 4 } } })));
        c.write_raw(both);
        let r = c.response(&json!(id));
        assert!(r.get("error").is_none(), "id {id} was cancelled: {r:#}");
        assert!(
            r["result"]["contents"]["value"]
                .as_str()
                .is_some_and(|v| v.contains("事業目的の達成状況")),
            "{r:#}"
        );
    }
    // A cancel for a request in flight still works (or the request finished first).
    let id = json!(2000);
    let mut both = frame(
        json!({ "jsonrpc": "2.0", "id": id, "method": "textDocument/semanticTokens/full", "params": { "textDocument": { "uri": URI } } }),
    );
    both.extend(frame(
        json!({ "jsonrpc": "2.0", "method": "$/cancelRequest", "params": { "id": id } }),
    ));
    c.write_raw(both);
    let r = c.response(&id);
    match r.get("error") {
        Some(e) => assert_eq!(e["code"], -32800, "{r:#}"),
        None => assert!(r["result"]["data"].is_array(), "{r:#}"),
    }
    assert!(c.shutdown_and_exit().success());
}

/// A hover at the 事業目的の達成状況 heading of COMPLETE, opened as `uri`.
fn hover_answers_at(c: &mut Client, uri: &str) {
    let line = line_of(COMPLETE, "■ 事業目的の達成状況");
    let h = c
        .request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": 4 } }),
        )
        .unwrap();
    assert!(
        h["contents"]["value"]
            .as_str()
            .is_some_and(|v| v.contains("事業目的の達成状況")),
        "{h:#}"
    );
}

/// The one diagnostic a sheet gets when its settings cannot be used: code, line-1 range, the CLI's words.
fn assert_settings_error(diags: &[Value], code: &str, message: &str) {
    let first_line = COMPLETE.lines().next().unwrap().encode_utf16().count();
    assert_eq!(
        diags,
        [json!({
            "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": first_line } },
            "severity": 1,
            "code": code,
            "source": "hyoka",
            "message": message,
        })],
    );
}

/// Regression (Hardening 2): hyoka.toml naming a FIFO or a device as the form. The form used to be read under
/// the server's lock (a FIFO froze every document), and a form that could not be read fell back to the
/// built-in one with only a log line, where the CLI exits 2. Now: the CLI's error as a diagnostic on line 1,
/// one error message, and the server keeps answering.
#[cfg(unix)]
#[test]
fn a_fifo_or_device_named_as_the_form_is_reported_and_the_server_keeps_answering() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo.toml");
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    for (folder, form) in [("fifo", "../fifo.toml"), ("device", "/dev/zero")] {
        let sub = dir.path().join(folder);
        std::fs::create_dir(&sub).unwrap();
        std::fs::write(sub.join("hyoka.toml"), format!("form = \"{form}\"\n")).unwrap();
        let form_path = std::fs::canonicalize(sub.join(form)).unwrap();
        let expected = hyoka_fs::load::load_form(&form_path)
            .unwrap_err()
            .to_string();
        let mut c = Client::start_utf16();
        let t = Instant::now();
        let uri = format!("file://{}", sub.join("sheet.hyoka").display());
        c.open(&uri, 1, COMPLETE);
        assert_settings_error(&c.diagnostics(&uri, 1), "form-error", &expected);
        let shown = c.wait_for("window/showMessage", |m| {
            m["method"] == "window/showMessage"
        });
        assert_eq!(shown["params"]["type"], 1, "{shown:#}");
        assert!(
            shown["params"]["message"]
                .as_str()
                .unwrap()
                .contains(&expected),
            "{shown:#}"
        );
        // Queries still answer (with the built-in form), as does a document elsewhere.
        hover_answers_at(&mut c, &uri);
        c.open(URI, 1, COMPLETE);
        assert_eq!(c.diagnostics(URI, 1), Vec::<Value>::new());
        hover_answers_at(&mut c, URI);
        assert!(
            t.elapsed() < Duration::from_secs(10),
            "{folder}: {:?}",
            t.elapsed()
        );
        // The form fixed (hyoka.toml removed): the sheet is checked again.
        std::fs::remove_file(sub.join("hyoka.toml")).unwrap();
        c.notify(
            "workspace/didChangeWatchedFiles",
            json!({ "changes": [{ "uri": format!("file://{}", sub.join("hyoka.toml").display()), "type": 3 }] }),
        );
        assert_eq!(c.diagnostics(&uri, 1), Vec::<Value>::new(), "{folder}");
        assert!(c.shutdown_and_exit().success());
    }
}

/// A hyoka.toml the CLI refuses (here an unknown rule) is the same error in the editor, not a silent fall
/// back to the editor's settings.
#[test]
fn a_broken_hyoka_toml_is_reported_as_the_cli_reports_it() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("hyoka.toml");
    std::fs::write(&config, "[rules]\nno-such-rule = \"off\"\n").unwrap();
    let expected = hyoka_fs::load::load_config_file(&config)
        .unwrap_err()
        .to_string();
    let mut c = Client::start_utf16();
    let uri = format!("file://{}", dir.path().join("sheet.hyoka").display());
    c.open(&uri, 1, COMPLETE);
    assert_settings_error(&c.diagnostics(&uri, 1), "config-error", &expected);
    let shown = c.wait_for("window/showMessage", |m| {
        m["method"] == "window/showMessage"
    });
    assert_eq!(shown["params"]["type"], 1, "{shown:#}");
    // Not repeated by an edit, nor by another sheet in the folder.
    c.change(&uri, 2, json!([{ "range": { "start": { "line": 1, "character": 0 }, "end": { "line": 1, "character": 0 } }, "text": "" }]));
    assert_settings_error(&c.diagnostics(&uri, 2), "config-error", &expected);
    let other = format!("file://{}", dir.path().join("other.hyoka").display());
    c.open(&other, 1, COMPLETE);
    assert_settings_error(&c.diagnostics(&other, 1), "config-error", &expected);
    hover_answers_at(&mut c, &uri);
    // Messages are sent from spawned tasks: give a repeat time to arrive.
    c.drain(Duration::from_millis(300));
    // Everything received after the first showMessage and not waited for, the grace period included.
    let seen = c.take_seen();
    let again = seen
        .iter()
        .filter(|m| m["method"] == "window/showMessage")
        .count();
    assert_eq!(again, 0, "{seen:#?}");
    assert!(c.shutdown_and_exit().success());
}
