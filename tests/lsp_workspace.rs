//! The server's workspace over stdio: it indexes the sheets of the workspace folders with work-done
//! progress, gives open documents the cross-sheet diagnostics with related information in the other file,
//! updates them after edits (of this sheet and of the sheets it affects) and after changes on disk.

use serde_json::{json, Value};
use std::path::Path;
use std::time::Duration;

#[path = "support/lsp_client.rs"]
mod lsp_client;
use lsp_client::LspClient;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn uri_of(p: &Path) -> String {
    format!("file://{}", p.display())
}

/// The server, initialized on `folder` with progress and watched files.
fn start(folder: &Path) -> LspClient {
    start_with(folder, &[], &[])
}

/// The same, with `args` after `lsp --stdio` and `env` besides the locale.
fn start_with(folder: &Path, args: &[&str], env: &[(&str, &str)]) -> LspClient {
    let mut argv = vec!["lsp", "--stdio"];
    argv.extend_from_slice(args);
    let mut vars = vec![("LC_ALL", "ja_JP.UTF-8")];
    vars.extend_from_slice(env);
    let mut lsp = LspClient::spawn(env!("CARGO_BIN_EXE_hyoka"), &argv, &vars);
    lsp.timeout = Duration::from_secs(30);
    lsp.initialize_params(json!({
        "processId": null,
        "rootUri": uri_of(folder),
        "workspaceFolders": [{ "uri": uri_of(folder), "name": "h27" }],
        "capabilities": {
            "general": { "positionEncodings": ["utf-16"] },
            "window": { "workDoneProgress": true },
            "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } },
        },
    }));
    lsp
}

fn rules(diags: &[Value]) -> Vec<&str> {
    diags.iter().map(|d| d["code"].as_str().unwrap()).collect()
}

/// The latest publishDiagnostics for `uri` that satisfies `pred`.
fn published(
    lsp: &mut LspClient,
    uri: &str,
    what: &str,
    pred: impl Fn(&[Value]) -> bool,
) -> Vec<Value> {
    let m = lsp.wait_for(what, |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == uri
            && pred(m["params"]["diagnostics"].as_array().unwrap())
    });
    m["params"]["diagnostics"].as_array().unwrap().clone()
}

#[test]
fn the_workspace_is_indexed_and_cross_sheet_diagnostics_follow_edits_and_files() {
    let dir = tempfile::tempdir().unwrap();
    let src = root().join("tests/fixtures/workspace/target-changed");
    for f in [
        "h26-chisan-chisho.hyoka",
        "h27-chisan-chisho.hyoka",
        "h26-kokeisha.hyoka",
    ] {
        std::fs::copy(src.join(f), dir.path().join(f)).unwrap();
    }
    let h26 = dir.path().join("h26-chisan-chisho.hyoka");
    let h27 = dir.path().join("h27-chisan-chisho.hyoka");
    let (u26, u27) = (uri_of(&h26), uri_of(&h27));
    let mut lsp = start(dir.path());

    // Indexing reports progress: begin, reports 「シートを読み込み中 n/3」, end.
    lsp.wait_for("the end of indexing", |m| {
        m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end"
    });
    let progress: Vec<String> = lsp
        .seen()
        .filter(|m| m["method"] == "$/progress")
        .filter_map(|m| m["params"]["value"]["message"].as_str().map(String::from))
        .collect();
    assert!(
        progress.iter().any(|m| m == "シートを読み込み中 3/3"),
        "{progress:?}"
    );

    // Opened, the H27 sheet warns of the H26 sheet's other 目標, and points into that file.
    let text27 = std::fs::read_to_string(&h27).unwrap();
    lsp.open(&u27, 1, &text27);
    let d = lsp.diagnostics(&u27, 1);
    assert_eq!(rules(&d), ["target-changed"], "{d:#?}");
    let rel = &d[0]["relatedInformation"][0]["location"];
    assert_eq!(rel["uri"], u26.as_str());
    // Line 46 of the H26 sheet, the cell 21.0 (UTF-16 columns: the line starts with a full-width space).
    let line = std::fs::read_to_string(&h26)
        .unwrap()
        .lines()
        .nth(45)
        .unwrap()
        .to_string();
    let col = line[..line.find("21.0").unwrap()].encode_utf16().count();
    assert_eq!(
        rel["range"],
        json!({ "start": { "line": 45, "character": col }, "end": { "line": 45, "character": col + 4 } })
    );

    // Editing this sheet to agree removes the warning.
    let row = text27
        .lines()
        .position(|l| l.contains("| 目標 | 20.0 | 22.0 | 24.0 |"))
        .unwrap();
    let at = text27.lines().nth(row).unwrap().find("22.0").unwrap();
    let ch = text27.lines().nth(row).unwrap()[..at]
        .encode_utf16()
        .count() as u32;
    let edit = |v: &str| json!([{ "range": { "start": { "line": row, "character": ch }, "end": { "line": row, "character": ch + 4 } }, "text": v }]);
    lsp.change(&u27, 2, edit("21.0"));
    assert!(lsp.diagnostics(&u27, 2).is_empty());

    // An edit of the other sheet (open too) updates this one.
    let text26 = std::fs::read_to_string(&h26).unwrap();
    lsp.open(&u26, 1, &text26);
    lsp.diagnostics(&u26, 1);
    let row26 = text26
        .lines()
        .position(|l| l.contains("| 目標 | 18.0 | 20.0 | 21.0 |"))
        .unwrap();
    let l26 = text26.lines().nth(row26).unwrap();
    let ch26 = l26[..l26.find("21.0").unwrap()].encode_utf16().count() as u32;
    lsp.change(
        &u26,
        2,
        json!([{ "range": { "start": { "line": row26, "character": ch26 }, "end": { "line": row26, "character": ch26 + 4 } }, "text": "23.0" }]),
    );
    let d = published(&mut lsp, &u27, "the H27 sheet republished", |d| {
        !d.is_empty()
    });
    assert_eq!(rules(&d), ["target-changed"]);
    assert!(d[0]["message"].as_str().unwrap().contains("23.0"), "{d:#?}");

    // Closed unsaved, the H26 sheet counts as on disk again (21.0, as the H27 sheet now says).
    lsp.close(&u26);
    published(&mut lsp, &u27, "the warning gone", |d| d.is_empty());

    // Changed on disk and announced by the watcher: the H27 sheet warns again.
    std::fs::write(
        &h26,
        text26.replacen(
            "| 目標 | 18.0 | 20.0 | 21.0 |",
            "| 目標 | 18.0 | 20.0 | 19.5 |",
            1,
        ),
    )
    .unwrap();
    lsp.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": u26, "type": 2 }] }),
    );
    let d = published(&mut lsp, &u27, "the warning after the file changed", |d| {
        !d.is_empty()
    });
    assert!(d[0]["message"].as_str().unwrap().contains("19.5"), "{d:#?}");

    // Deleted: nothing to compare with.
    std::fs::remove_file(&h26).unwrap();
    lsp.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": u26, "type": 3 }] }),
    );
    published(&mut lsp, &u27, "no warning once the file is gone", |d| {
        d.is_empty()
    });
    lsp.shutdown_and_exit();
}

/// Reliability 3, finding 6: the index held every sheet of the folders, however many. Past the total it
/// leaves sheets out of the cross-sheet rules, and the editor says how many and why, once.
#[test]
fn sheets_past_the_total_are_left_out_with_one_message() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = std::fs::read_to_string(
        root().join("tests/fixtures/workspace/target-changed/h26-chisan-chisho.hyoka"),
    )
    .unwrap();
    for i in 0..5 {
        let text = sheet.replacen("学校給食地場産物活用事業", &format!("学校給食事業{i}"), 1);
        std::fs::write(dir.path().join(format!("s{i}.hyoka")), text).unwrap();
    }
    let limit = (3 * sheet.len() + 100).to_string();
    let mut lsp = start_with(dir.path(), &[], &[("HYOKA_TOTAL_LIMIT", &limit)]);
    let end = lsp.wait_for("the end of indexing", |m| {
        m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end"
    });
    assert_eq!(
        end["params"]["value"]["message"],
        "シート 3 件を読み込みました"
    );
    let m = lsp.wait_for("the message about the sheets left out", |m| {
        m["method"] == "window/showMessage"
    });
    let text = m["params"]["message"].as_str().unwrap();
    assert!(
        text.starts_with("シート 2 件は") && text.contains("上限"),
        "{text}"
    );
    assert_eq!(m["params"]["type"], 2, "a warning");
    lsp.shutdown_and_exit();
}

/// The index and `hyoka check` agree on which `.txt` files are sheets: with a form named (`--form`), a memo
/// whose first lines carry that form's title word is one, though no built-in form reads its title line. The
/// index used to ask the built-in forms only and left it out.
#[test]
fn the_index_takes_the_txt_sheets_the_walk_takes() {
    let dir = tempfile::tempdir().unwrap();
    let complete = std::fs::read_to_string(root().join("examples/complete.hyoka")).unwrap();
    std::fs::write(dir.path().join("a.hyoka"), &complete).unwrap();
    let draft = complete.replacen(
        "事業評価シート（平成27年度分）",
        "事業評価シート 案 平成27年度",
        1,
    );
    assert_ne!(draft, complete);
    std::fs::write(dir.path().join("draft.txt"), draft).unwrap();
    let check = std::process::Command::new(env!("CARGO_BIN_EXE_hyoka"))
        .args(["check", "--form", "hiratsuka-h27", "--format", "json", "."])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&check.stdout).unwrap();
    assert_eq!(v["files"].as_array().unwrap().len(), 2, "{v:#}");
    let mut lsp = start_with(dir.path(), &["--form", "hiratsuka-h27"], &[]);
    let end = lsp.wait_for("the end of indexing", |m| {
        m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end"
    });
    assert_eq!(
        end["params"]["value"]["message"],
        "シート 2 件を読み込みました"
    );
    lsp.shutdown_and_exit();
}
