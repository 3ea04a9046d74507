//! A year's sheets as one workspace, with the release binary (benches/README.md, "Workspace and report"):
//!
//!     cargo build --release && cargo bench --bench workspace
//!
//! - `index/1000`: the server started on a folder of 1,000 generated sheets (250 projects × 4 years,
//!   `benches/gen_sheets.py --workspace 4`): the time from `initialized` to the end of its work-done
//!   progress, and the server's peak resident memory (VmHWM) once indexed.
//! - `edit/1000` against `edit/alone`: the time from a `didChange` (one character typed in 主な取組と成果)
//!   to its `publishDiagnostics` with 1,000 sheets indexed, and with the same sheet opened alone (no
//!   workspace folder). Their difference is what the cross-sheet update costs after an edit.
//! - `rules/1000`: the cross-sheet rules alone (`rules::workspace::run`) over the 1,000 summaries.
//! - `report/10000`: `hyoka report` over 10,000 generated sheets (2,500 projects × 4 years), HTML; and the
//!   size of the HTML for 1,000 sheets.

use serde_json::{json, Value};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};
#[path = "../tests/support/lsp_client.rs"]
mod lsp_client;
use lsp_client::LspClient;
#[path = "support/release.rs"]
mod release;
use release::{binary, generate};

const TIMEOUT: Duration = Duration::from_secs(120);
const EDITS: usize = 300;
const WARMUP: usize = 20;
const TYPED: &str = "関係団体と協働して推進店の周知を進めました。";

fn uri_of(p: &Path) -> String {
    format!("file://{}", p.display())
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

/// Peak resident memory of a process (Linux), in MiB.
fn peak_mib(pid: u32) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn start(folder: Option<&Path>) -> (LspClient, Instant) {
    let mut c = LspClient::spawn(binary(), &["lsp", "--stdio"], &[]);
    c.timeout = TIMEOUT;
    let (root_uri, folders) = match folder {
        Some(f) => (
            json!(uri_of(f)),
            json!([{ "uri": uri_of(f), "name": "bench" }]),
        ),
        None => (Value::Null, Value::Null),
    };
    let t = Instant::now();
    c.initialize_params(json!({
        "processId": null,
        "rootUri": root_uri,
        "workspaceFolders": folders,
        "capabilities": { "window": { "workDoneProgress": true } },
    }));
    (c, t)
}

/// Typing into 主な取組と成果 of `path`, opened in `c`: the latency of each edit's diagnostics.
fn typing(c: &mut LspClient, path: &Path) -> Vec<Duration> {
    let uri = uri_of(path);
    let text = std::fs::read_to_string(path).unwrap();
    c.open(&uri, 1, &text);
    c.diagnostics(&uri, 1);
    let line = text
        .lines()
        .position(|l| l.ends_with("の主な取組と成果"))
        .expect("主な取組と成果 in the sheet")
        + 1;
    let mut col = text.lines().nth(line).unwrap().encode_utf16().count();
    let mut out = Vec::new();
    for (i, ch) in TYPED.chars().cycle().take(EDITS).enumerate() {
        let version = i as i32 + 2;
        let p = json!({ "line": line, "character": col });
        let sent = c.change(
            &uri,
            version,
            json!([{ "range": { "start": p, "end": p }, "text": ch.to_string() }]),
        );
        let (got, _) = c.wait_for_timed("diagnostics", TIMEOUT, |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri.as_str()
                && m["params"]["version"] == version
        });
        col += ch.len_utf16();
        if i >= WARMUP {
            out.push(got - sent);
        }
    }
    out.sort();
    out
}

fn report_line(name: &str, d: &[Duration]) {
    println!(
        "{name:<16} p50 {:>9}  p99 {:>9}  max {:>9}  ({} edits)",
        ms(percentile(d, 0.5)),
        ms(percentile(d, 0.99)),
        ms(*d.last().unwrap()),
        d.len()
    );
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return; // `cargo test --benches` lists benches; nothing to list here
    }
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("h24-h27");
    generate(&ws, 1000, 4);

    // index/1000
    let (mut c, t) = start(Some(&ws));
    let (end, _) = c.wait_for_timed("the end of indexing", TIMEOUT, |m| {
        m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end"
    });
    let indexed = end - t;
    let peak = peak_mib(c.pid());
    println!(
        "index/1000       {}  peak memory {}",
        ms(indexed),
        peak.map_or("n/a".into(), |m| format!("{m:.1} MiB"))
    );

    // edit/1000: a sheet of the newest year, its project's earlier sheets indexed.
    let sheet = ws.join("sheet00003.hyoka");
    let with = typing(&mut c, &sheet);
    report_line("edit/1000", &with);
    assert!(c.shutdown_and_exit().success());
    let (mut c, _) = start(None);
    let alone = typing(&mut c, &sheet);
    report_line("edit/alone", &alone);
    assert!(c.shutdown_and_exit().success());
    println!(
        "edit/1000 ÷ edit/alone: p50 {:.2}×, p99 {:.2}×",
        percentile(&with, 0.5).as_secs_f64() / percentile(&alone, 0.5).as_secs_f64(),
        percentile(&with, 0.99).as_secs_f64() / percentile(&alone, 0.99).as_secs_f64()
    );

    // rules/1000: the cross-sheet rules alone over the summaries.
    let forms = hyoka_core::Form::builtins();
    let summaries: Vec<_> = std::fs::read_dir(&ws)
        .unwrap()
        .map(|e| e.unwrap().path())
        .enumerate()
        .map(|(i, p)| {
            let text = std::fs::read_to_string(p).unwrap();
            let form = hyoka_core::syntax::detect_form(&text, &forms).unwrap_or(&forms[0]);
            let (_, sheet) = hyoka_core::model::parse(&text, form);
            hyoka_core::summarize(&text, &sheet, form, hyoka_core::FileId(i as u32))
        })
        .collect();
    let refs: Vec<_> = summaries.iter().collect();
    let levels = hyoka_core::diagnostics::Levels::new();
    let mut runs = Vec::new();
    for _ in 0..200 {
        let t = Instant::now();
        let found = hyoka_core::rules::workspace::run(&refs, &Default::default(), &|_| &levels);
        runs.push(t.elapsed());
        std::hint::black_box(found);
    }
    runs.sort();
    println!(
        "rules/1000       p50 {:>9}  p99 {:>9}  (200 runs)",
        ms(percentile(&runs, 0.5)),
        ms(percentile(&runs, 0.99))
    );

    // report: the HTML for 1,000 sheets, then 10,000 sheets.
    let html = tmp.path().join("r1000.html");
    let out = Command::new(binary())
        .args(["report", ws.to_str().unwrap(), "-o", html.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let size = std::fs::metadata(&html).unwrap().len();
    println!("report/1000      HTML {:.2} MB", size as f64 / 1e6);
    let big = tmp.path().join("h24-h27-10000");
    generate(&big, 10_000, 4);
    let mut times = Vec::new();
    for _ in 0..3 {
        let html = tmp.path().join("r10000.html");
        let t = Instant::now();
        let out = Command::new(binary())
            .args([
                "report",
                big.to_str().unwrap(),
                "-o",
                html.to_str().unwrap(),
            ])
            .output()
            .unwrap();
        times.push(t.elapsed());
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    times.sort();
    let size = std::fs::metadata(tmp.path().join("r10000.html"))
        .unwrap()
        .len();
    println!(
        "report/10000     median {} of 3 (min {})  HTML {:.1} MB",
        ms(times[1]),
        ms(times[0]),
        size as f64 / 1e6
    );
}
