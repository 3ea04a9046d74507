//! Language-server latency over stdio, with the release binary: the time from writing a `didChange` to
//! reading the `publishDiagnostics` for that version.
//!
//!     cargo build --release && cargo bench --bench lsp
//!
//! Cases (each in a fresh server, edits sent one at a time, each waiting for its diagnostics):
//! - `typing/complete`: 500 single-char inserts at the end of a value of `examples/complete.hyoka`.
//! - `typing/large-1MB`: the same into complete.hyoka with its prose lengthened to about 1 MB (as in
//!   benches/lint.rs); it raises nothing, asserted on open and after every edit.
//! - `full/large-1MB` (and `full/complete`): the *same* edits, each sent as a full replacement
//!   (`range` absent, the whole new text) — what a server without incremental sync would receive and
//!   reparse. The ratio full ÷ incremental compares the two paths on identical resulting texts.
//!
//! The first `WARMUP` edits of each case are not counted. Figures: benches/README.md (Language server).

use serde_json::{json, Value};
use std::path::PathBuf;
use std::time::Duration;
#[path = "../tests/support/lsp_client.rs"]
mod lsp_client;
use lsp_client::LspClient;

#[path = "support/large_sheet.rs"]
mod large_sheet;
use large_sheet::{large, COMPLETE, LARGE_BYTES};
const EDITS: usize = 500;
const WARMUP: usize = 20;
const TIMEOUT: Duration = Duration::from_secs(30);
const URI: &str = "untitled:bench.hyoka";
/// What gets typed, one char per edit (cycled).
const TYPED: &str = "地産地消の推進に向けて関係団体と協働し、市民への周知を図ります。";

fn binary() -> PathBuf {
    if let Some(p) = std::env::var_os("HYOKA_BIN") {
        return PathBuf::from(p);
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let bin = target
        .join("release")
        .join(format!("hyoka{}", std::env::consts::EXE_SUFFIX));
    if !bin.exists() {
        eprintln!("{} does not exist: build it first with\n\n    cargo build --release\n\n(or point HYOKA_BIN at a binary)", bin.display());
        std::process::exit(2);
    }
    // Warn when the sources are newer than the binary (a stale build measures old code).
    let built = bin.metadata().and_then(|m| m.modified()).ok();
    let newest = ["src", "crates/hyoka-core/src", "forms"]
        .iter()
        .flat_map(|d| walk(&root.join(d)))
        .filter_map(|p| p.metadata().and_then(|m| m.modified()).ok())
        .max();
    if let (Some(b), Some(n)) = (built, newest) {
        if n > b {
            eprintln!(
                "warning: sources are newer than {} — run `cargo build --release` first",
                bin.display()
            );
        }
    }
    bin
}

fn walk(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

/// The shared client (tests/support/lsp_client.rs): its reader thread stamps each message with the
/// instant it was read, which ends a round trip.
struct Server(LspClient);

impl Server {
    fn start(bin: &PathBuf) -> Server {
        let mut c = LspClient::spawn(bin, &["lsp", "--stdio"], &[]);
        c.timeout = TIMEOUT;
        c.initialize(json!({}));
        Server(c)
    }

    /// Send `msg` (a didOpen/didChange for `version`) and return the time to its diagnostics.
    fn round_trip(&mut self, msg: &Value, version: i64) -> (Duration, usize) {
        let sent = self.0.send(msg);
        let (got, m) = self.0.wait_for_timed(
            &format!("diagnostics for version {version}"),
            TIMEOUT,
            |m| {
                m["method"] == "textDocument/publishDiagnostics"
                    && m["params"]["version"] == version
            },
        );
        (
            got - sent,
            m["params"]["diagnostics"].as_array().map_or(0, Vec::len),
        )
    }

    fn stop(self) {
        let status = self.0.shutdown_and_exit();
        assert!(status.success(), "the server exited with {status}");
    }
}

fn utf16_position(text: &str, off: usize) -> Value {
    let line_start = text[..off].rfind('\n').map_or(0, |i| i + 1);
    let line = text[..line_start].matches('\n').count();
    json!({ "line": line, "character": text[line_start..off].encode_utf16().count() })
}

/// The edits: `EDITS` single-char inserts at the end of the 事業担当 value. Returns, per edit, the
/// incremental change, and the byte offset and text of the insert (to rebuild the full text).
fn typing(start: &str) -> Vec<(Value, usize, String)> {
    let mut text = start.to_string();
    let label = text.find("事業担当：").expect("事業担当 in the sheet");
    let mut at = label + text[label..].find('\n').unwrap();
    let mut out = Vec::with_capacity(EDITS);
    for c in TYPED.chars().cycle().take(EDITS) {
        let p = utf16_position(&text, at);
        let s = c.to_string();
        text.insert_str(at, &s);
        at += s.len();
        out.push((
            json!({ "range": { "start": p, "end": p }, "text": s }),
            at - s.len(),
            s,
        ));
    }
    out
}

struct Stats {
    n: usize,
    p50: Duration,
    p99: Duration,
    mean: Duration,
    max: Duration,
}

fn stats(mut v: Vec<Duration>) -> Stats {
    v.sort();
    let n = v.len();
    let at = |q: f64| v[((n as f64 * q).ceil() as usize).clamp(1, n) - 1];
    Stats {
        n,
        p50: at(0.50),
        p99: at(0.99),
        mean: v.iter().sum::<Duration>() / n as u32,
        max: v[n - 1],
    }
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1e3)
}

/// Open `start`, then send every edit (incremental or as a full replacement) and time each round trip.
fn run(
    bin: &PathBuf,
    start: &str,
    edits: &[(Value, usize, String)],
    full: bool,
    expect_clean: bool,
) -> Stats {
    let mut s = Server::start(bin);
    let open = json!({ "jsonrpc": "2.0", "method": "textDocument/didOpen", "params": { "textDocument": { "uri": URI, "languageId": "hyoka", "version": 1, "text": start } } });
    let (t, n) = s.round_trip(&open, 1);
    if expect_clean {
        assert_eq!(n, 0, "the sheet must raise nothing on open");
    }
    eprintln!("    open ({} bytes): {}", start.len(), ms(t));
    let mut times = Vec::with_capacity(edits.len());
    let mut text = start.to_string();
    for (i, (change, at, s_)) in edits.iter().enumerate() {
        let version = i as i64 + 2;
        text.insert_str(*at, s_);
        let change = if full {
            json!({ "text": text })
        } else {
            change.clone()
        };
        let msg = json!({ "jsonrpc": "2.0", "method": "textDocument/didChange", "params": { "textDocument": { "uri": URI, "version": version }, "contentChanges": [change] } });
        let (t, n) = s.round_trip(&msg, version);
        if expect_clean {
            assert_eq!(n, 0, "edit {i} raised {n} diagnostics");
        }
        if i >= WARMUP {
            times.push(t);
        }
    }
    s.stop();
    stats(times)
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` does not: there, only check that it builds.
    if !std::env::args().any(|a| a == "--bench") {
        eprintln!("benches/lsp.rs: run with `cargo bench --bench lsp`");
        return;
    }
    let bin = binary();
    eprintln!("binary: {}", bin.display());
    let large = large();
    assert!(
        large.len() >= LARGE_BYTES * 9 / 10 && large.len() <= LARGE_BYTES * 11 / 10,
        "large sheet is {} bytes",
        large.len()
    );

    let mut rows = Vec::new();
    for (name, start) in [("complete", COMPLETE.to_string()), ("large-1MB", large)] {
        let edits = typing(&start);
        eprintln!(
            "{name}: {} bytes, {} edits ({} counted)",
            start.len(),
            edits.len(),
            edits.len() - WARMUP
        );
        let inc = run(&bin, &start, &edits, false, true);
        let full = run(&bin, &start, &edits, true, true);
        rows.push((name, start.len(), inc, full));
    }

    println!();
    println!("| sheet | bytes | path | edits | p50 | p99 | mean | max |");
    println!("|---|---:|---|---:|---:|---:|---:|---:|");
    for (name, bytes, inc, full) in &rows {
        for (path, s) in [("incremental", inc), ("full replacement", full)] {
            println!(
                "| {name} | {bytes} | {path} | {} | {} | {} | {} | {} |",
                s.n,
                ms(s.p50),
                ms(s.p99),
                ms(s.mean),
                ms(s.max)
            );
        }
    }
    println!();
    for (name, _, inc, full) in &rows {
        println!(
            "{name}: full ÷ incremental = {:.2}× at p50, {:.2}× at p99, {:.2}× mean",
            full.p50.as_secs_f64() / inc.p50.as_secs_f64(),
            full.p99.as_secs_f64() / inc.p99.as_secs_f64(),
            full.mean.as_secs_f64() / inc.mean.as_secs_f64()
        );
    }
    let (_, _, typical, _) = &rows[0];
    let (_, _, big_inc, big_full) = &rows[1];
    println!();
    println!(
        "aim p99 < 2 ms on a typical sheet: {} ({})",
        if typical.p99 < Duration::from_millis(2) {
            "met"
        } else {
            "MISSED"
        },
        ms(typical.p99)
    );
    let ratio = big_full.p50.as_secs_f64() / big_inc.p50.as_secs_f64();
    println!(
        "aim incremental ≥ 5× faster than full at 1 MB: {} ({ratio:.2}× at p50)",
        if ratio >= 5.0 { "met" } else { "MISSED" }
    );
}
