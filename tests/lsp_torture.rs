//! Protocol torture tests of `hyoka lsp --stdio`: the real binary, fed malformed frames, protocol
//! violations, odd edits, many documents and very large ones. A reader thread drains the server's stdout,
//! a writer thread feeds its stdin, and every wait has a deadline, so a hung server fails a test instead of
//! hanging it.
//!
//! `torture` runs everything against ONE server and, at the end, checks that it still answers a hover on a
//! 分析の視点 correctly and exits with 0 after shutdown + exit. It prints the server's memory figures
//! (`cargo test --test lsp_torture -- --nocapture`); benches/PEERS.md records them.

use serde_json::{json, Value};
use std::time::{Duration, Instant};
#[path = "support/lsp_client.rs"]
mod lsp_client;
use lsp_client::framing::frame;
use lsp_client::LspClient;

const COMPLETE: &str = include_str!("../examples/complete.hyoka");
/// For a step that should be quick.
const QUICK: Duration = Duration::from_secs(20);
/// For steps that move tens of megabytes or a thousand documents through a debug build.
const SLOW: Duration = Duration::from_secs(120);

// ---------------------------------------------------------------------------------------------------
// The shared client (tests/support/lsp_client.rs) and what only this file needs
// ---------------------------------------------------------------------------------------------------

/// `hyoka lsp --stdio`, not initialized; requests wait `QUICK`, a write waits at most `SLOW`.
fn spawn() -> LspClient {
    let mut s = LspClient::spawn(env!("CARGO_BIN_EXE_hyoka"), &["lsp", "--stdio"], &[]);
    s.timeout = QUICK;
    s.write_timeout = SLOW;
    s
}

/// initialize (UTF-16 positions) + initialized.
fn initialize(s: &mut LspClient) -> Value {
    s.initialize(json!({ "general": { "positionEncodings": ["utf-16"] } }))
}

/// The next error response with a null id (what the transport guard sends for a frame it rejects).
fn null_id_error(s: &mut LspClient, what: &str, within: Duration) -> Value {
    let e = s.wait_for_within(what, within, |m| {
        m.get("method").is_none() && m["id"].is_null() && m.get("error").is_some()
    });
    e["error"].clone()
}

/// (VmRSS, VmHWM) of a process in KiB, from /proc/PID/status.
fn memory_kib(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("/proc/PID/status");
    let field = |name: &str| -> u64 {
        let line = status
            .lines()
            .find(|l| l.starts_with(name))
            .unwrap_or_else(|| panic!("{name} in /proc/{pid}/status"));
        line.split_whitespace().nth(1).unwrap().parse().unwrap()
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn uri(name: &str) -> String {
    format!("file:///nonexistent-hyoka-torture/{name}")
}

/// Line and UTF-16 column of the viewpoint text 市民ニーズ in complete.hyoka.
fn viewpoint_position() -> (u32, u32) {
    let line = COMPLETE
        .lines()
        .position(|l| l == "　□ 市民ニーズ")
        .expect("complete.hyoka has 　□ 市民ニーズ");
    (line as u32, 4) // 　□␠市 — inside 市民ニーズ
}

/// A correct viewpoint hover: names the item, the viewpoint and its tick state.
fn assert_viewpoint_hover(h: &Value) {
    let md = h["contents"]["value"]
        .as_str()
        .unwrap_or_else(|| panic!("hover has markdown contents: {h:#}"));
    assert!(
        md.contains("必要性") && md.contains("分析の視点") && md.contains("市民ニーズ"),
        "{md}"
    );
    let (line, _) = viewpoint_position();
    assert_eq!(h["range"]["start"]["line"], line, "{h:#}");
}

const INVALID_REQUEST: i64 = -32600;
const METHOD_NOT_FOUND: i64 = -32601;
const INVALID_PARAMS: i64 = -32602;
const PARSE_ERROR: i64 = -32700;
const SERVER_NOT_INITIALIZED: i64 = -32002;
const REQUEST_CANCELLED: i64 = -32800;

/// Recovery after a broken frame: the request right after it may be swallowed, but the one after that
/// must be answered. Returns whether the first one was answered too.
fn assert_recovers(s: &mut LspClient, after: &str) -> bool {
    let (l, c) = (0, 0);
    let first = s.send_request("textDocument/hover", json!({ "textDocument": { "uri": uri("nothing-open") }, "position": { "line": l, "character": c } }));
    let second = s.send_request("textDocument/hover", json!({ "textDocument": { "uri": uri("nothing-open") }, "position": { "line": l, "character": c } }));
    let got = s.try_wait_for(QUICK, |m| {
        m.get("method").is_none() && m.get("id") == Some(&second)
    });
    let got = got.unwrap_or_else(|| {
        panic!(
            "after {after}, the server never answered a later valid request (id {second}); {}",
            s.report()
        )
    });
    assert!(got.get("error").is_none(), "after {after}: {got}");
    s.seen().any(|m| m.get("id") == Some(&first))
}

// ---------------------------------------------------------------------------------------------------
// The torture test: one server through all of it
// ---------------------------------------------------------------------------------------------------

#[test]
fn torture() {
    let mut s = spawn();

    // ── Before initialize: requests get ServerNotInitialized; notifications are dropped. ──
    let e = s.request("textDocument/hover", json!({ "textDocument": { "uri": uri("a.hyoka") }, "position": { "line": 0, "character": 0 } })).unwrap_err();
    assert_eq!(e["code"], SERVER_NOT_INITIALIZED, "{e}");
    let e = s.request("shutdown", Value::Null).unwrap_err();
    assert_eq!(e["code"], SERVER_NOT_INITIALIZED, "{e}");
    s.open(&uri("early.hyoka"), 1, COMPLETE); // dropped: not initialized
    let init = initialize(&mut s);
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    assert!(
        s.try_wait_for(Duration::from_millis(300), |m| m["params"]["uri"]
            == uri("early.hyoka"))
            .is_none(),
        "a didOpen before initialize was not dropped"
    );
    // A second initialize is refused.
    let e = s
        .request("initialize", json!({ "capabilities": {} }))
        .unwrap_err();
    assert_eq!(e["code"], INVALID_REQUEST, "{e}");

    let main_uri = uri("main.hyoka");
    s.open(&main_uri, 1, COMPLETE);
    assert_eq!(
        s.diagnostics_within(&main_uri, 1, QUICK),
        Vec::<Value>::new(),
        "complete.hyoka raises nothing"
    );

    // ── Malformed frames: each gets an error with a null id, and the server carries on. ──
    s.write_raw(frame(b"{oops"));
    assert_eq!(
        null_id_error(&mut s, "the error for a body that is not JSON", QUICK)["code"],
        PARSE_ERROR
    );
    assert!(
        assert_recovers(&mut s, "a body that is not JSON"),
        "a well-framed bad body must not eat the next request"
    );

    s.write_raw(frame(b"[1,2,3]"));
    assert_eq!(
        null_id_error(&mut s, "the error for a JSON array", QUICK)["code"],
        INVALID_REQUEST
    );
    s.write_raw(frame(
        br#"{"jsonrpc":"1.0","id":77,"method":"textDocument/hover"}"#,
    ));
    let e = s.wait_for_within("the error for jsonrpc 1.0", QUICK, |m| m["id"] == 77);
    assert_eq!(e["error"]["code"], INVALID_REQUEST, "{e}");
    s.write_raw(frame(
        br#"{"jsonrpc":"2.0","id":{"no":1},"method":"textDocument/hover"}"#,
    ));
    assert_eq!(
        null_id_error(&mut s, "the error for an object id", QUICK)["code"],
        INVALID_REQUEST
    );
    s.write_raw(frame(b"\xff\xfe\x00 not utf-8"));
    assert_eq!(
        null_id_error(&mut s, "the error for a non-UTF-8 body", QUICK)["code"],
        PARSE_ERROR
    );
    assert!(assert_recovers(&mut s, "well-framed bad bodies"));

    // Content-Length that is not a number, negative, or absent (with the body sent anyway).
    s.write_raw(b"Content-Length: lots\r\n\r\n".to_vec());
    null_id_error(&mut s, "the error for a non-numeric Content-Length", QUICK);
    assert_recovers(&mut s, "a non-numeric Content-Length with no body");
    s.write_raw(b"Content-Length: -5\r\n\r\n".to_vec());
    null_id_error(&mut s, "the error for a negative Content-Length", QUICK);
    assert_recovers(&mut s, "a negative Content-Length with no body");
    let body = br#"{"jsonrpc":"2.0","id":4242,"method":"textDocument/hover","params":{}}"#;
    s.write_raw(
        [
            b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n".as_slice(),
            body,
        ]
        .concat(),
    );
    null_id_error(
        &mut s,
        "the error for a frame without Content-Length",
        QUICK,
    );
    assert_recovers(
        &mut s,
        "a frame without Content-Length whose body was sent anyway",
    );

    // Wrong Content-Length: too short (the rest of the body becomes garbage before the next frame)…
    let body = serde_json::to_vec(&json!({ "jsonrpc": "2.0", "id": 4343, "method": "textDocument/hover", "params": { "textDocument": { "uri": main_uri }, "position": { "line": 0, "character": 0 } } })).unwrap();
    s.write_raw(
        [
            format!("Content-Length: {}\r\n\r\n", body.len() / 2).as_bytes(),
            &body,
        ]
        .concat(),
    );
    null_id_error(
        &mut s,
        "the error for a body cut short by its Content-Length",
        QUICK,
    );
    assert_recovers(&mut s, "a Content-Length shorter than the body");
    // …and too long: the body is completed by the start of the next frame, which is lost with it.
    s.write_raw(
        [
            format!("Content-Length: {}\r\n\r\n", body.len() + 40).as_bytes(),
            &body,
        ]
        .concat(),
    );
    assert_recovers(&mut s, "a Content-Length longer than the body");

    // Truncated message: the body is shorter than announced, then valid frames follow.
    let half = &body[..body.len() / 2];
    s.write_raw(
        [
            format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes(),
            half,
        ]
        .concat(),
    );
    assert_recovers(&mut s, "a truncated message");

    // A header line longer than the guard's limit, and garbage lines between frames.
    s.write_raw([b"X-Junk: ".as_slice(), &vec![b'x'; 100_000], b"\r\n\r\n"].concat());
    assert_recovers(&mut s, "a 100 KB header line");
    s.write_raw(b"\r\n\r\nhello there\r\n\r\n".to_vec());
    assert_recovers(&mut s, "garbage lines between frames");

    // ── Oversized and large-but-allowed bodies. ──
    // 300 MB announced AND sent (above the 256 MiB limit): skipped unread, answered with an error.
    const OVERSIZED: usize = 300 * 1024 * 1024;
    s.write_raw(format!("Content-Length: {OVERSIZED}\r\n\r\n").into_bytes());
    let chunk = vec![b' '; 1 << 20];
    let t = Instant::now();
    for _ in 0..OVERSIZED / chunk.len() {
        s.write_raw(chunk.clone());
    }
    // The error that names this size: a garbage line above may still have its own error in flight.
    let e = s.wait_for_within("the error for a 300 MB message", SLOW, |m| {
        m.get("method").is_none()
            && m["id"].is_null()
            && m["error"]["message"]
                .as_str()
                .is_some_and(|t| t.contains(&OVERSIZED.to_string()))
    })["error"]
        .clone();
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains(&OVERSIZED.to_string()),
        "{e}"
    );
    println!("300 MB oversized body skipped in {:?}", t.elapsed());
    assert!(
        assert_recovers(&mut s, "an oversized message"),
        "a fully sent oversized message must not eat the next request"
    );
    // A 20 MB body under the limit is processed: a didOpen of a 20 MB sheet, then a hover in it.
    let big_uri = uri("big-20MB.hyoka");
    let mut big = String::with_capacity(21 << 20);
    big.push_str(COMPLETE);
    while big.len() < 20 << 20 {
        big.push_str("　地場農水産物の消費拡大を図り、生産者と消費者の交流を深めます。\n");
    }
    let t = Instant::now();
    s.open(&big_uri, 1, &big);
    s.diagnostics_within(&big_uri, 1, SLOW);
    println!("20 MB document opened and diagnosed in {:?}", t.elapsed());
    let (vl, vc) = viewpoint_position();
    assert_viewpoint_hover(
        &s.hover_within(&big_uri, vl, vc, SLOW)
            .expect("hover in the 20 MB document"),
    );
    s.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": big_uri } }),
    );
    drop(big);

    // ── Protocol misuse. ──
    let e = s.request("hyoka/noSuchMethod", json!({})).unwrap_err();
    assert_eq!(e["code"], METHOD_NOT_FOUND, "{e}");
    s.notify("hyoka/noSuchNotification", json!({ "x": 1 })); // ignored
    s.notify("$/noSuchDollarNotification", json!({})); // ignored
    let e = s
        .request(
            "textDocument/hover",
            json!({ "textDocument": 5, "position": "top" }),
        )
        .unwrap_err();
    assert_eq!(e["code"], INVALID_PARAMS, "{e}");
    let e = s.request("textDocument/hover", Value::Null).unwrap_err();
    assert_eq!(e["code"], INVALID_PARAMS, "{e}");
    let e = s
        .request("textDocument/documentSymbol", json!([1, 2]))
        .unwrap_err();
    assert_eq!(e["code"], INVALID_PARAMS, "{e}");
    let e = s.request("textDocument/hover", json!({ "textDocument": { "uri": "not a uri" }, "position": { "line": 0, "character": 0 } })).unwrap_err();
    assert_eq!(e["code"], INVALID_PARAMS, "{e}");
    // Notifications with wrong params: dropped (no response), server carries on.
    s.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": 42 } }),
    );
    s.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": main_uri, "version": "two" }, "contentChanges": "x" }),
    );
    s.notify("textDocument/didChange", json!({ "textDocument": { "uri": main_uri, "version": 2 }, "contentChanges": [{ "range": { "start": { "line": -1, "character": 0 }, "end": { "line": 0, "character": 0 } }, "text": "x" }] }));
    // A response to a request the server never sent.
    s.send(&json!({ "jsonrpc": "2.0", "id": 999_999, "result": { "whatever": true } }));
    s.send(&json!({ "jsonrpc": "2.0", "id": "unknown-string-id", "error": { "code": -1, "message": "no" } }));
    // String request ids work and are echoed.
    s.send(&json!({ "jsonrpc": "2.0", "id": "str-id-1", "method": "textDocument/hover", "params": { "textDocument": { "uri": main_uri }, "position": { "line": vl, "character": vc } } }));
    let r = s.wait_for_within("the response to a string id", QUICK, |m| {
        m["id"] == "str-id-1"
    });
    assert_viewpoint_hover(&r["result"]);

    // Requests and edits for documents that are not open.
    let ghost = uri("ghost.hyoka");
    assert_eq!(s.hover_within(&ghost, 0, 0, QUICK).unwrap(), Value::Null);
    assert!(s
        .request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": ghost } })
        )
        .is_ok());
    s.change(&ghost, 5, json!([{ "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } }, "text": "x" }]));
    s.change(
        &ghost,
        6,
        json!([{ "text": "full replacement of nothing" }]),
    );
    s.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": ghost } }),
    );
    assert_eq!(
        s.hover_within(&ghost, 0, 0, QUICK).unwrap(),
        Value::Null,
        "an edit to an unknown document does not open it"
    );
    assert!(
        s.try_wait_for(Duration::from_millis(300), |m| m["method"]
            == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == ghost
            && m["params"]["version"].is_number())
            .is_none(),
        "diagnostics published for a document that is not open"
    );

    // ── Odd edits to an open document. ──
    // Ranges past the end of a line clamp to the line's end: an empty range there inserts nothing.
    s.change(&main_uri, 3, json!([{ "range": { "start": { "line": 0, "character": 500 }, "end": { "line": 0, "character": 600 } }, "text": "" }]));
    assert_eq!(
        s.diagnostics_within(&main_uri, 3, QUICK),
        Vec::<Value>::new(),
        "an empty edit past the line's end changed the text"
    );
    // Past the last line: the text goes at the end of the document.
    s.change(&main_uri, 4, json!([{ "range": { "start": { "line": 100_000, "character": 0 }, "end": { "line": 200_000, "character": 9 } }, "text": "" }]));
    assert_eq!(
        s.diagnostics_within(&main_uri, 4, QUICK),
        Vec::<Value>::new(),
        "an empty edit past the end changed the text"
    );
    // A reversed range (end before start), and one with character = u32::MAX.
    s.change(&main_uri, 5, json!([{ "range": { "start": { "line": 3, "character": 2 }, "end": { "line": 3, "character": 2 } }, "text": "" },
                                  { "range": { "start": { "line": 5, "character": u32::MAX }, "end": { "line": 5, "character": u32::MAX } }, "text": "" }]));
    s.diagnostics_within(&main_uri, 5, QUICK);
    // Inside a surrogate pair (UTF-16): must not panic.
    let astral = uri("astral.hyoka");
    s.open(&astral, 1, "事務事業名：𠮷野家\n");
    s.diagnostics_within(&astral, 1, QUICK);
    s.change(&astral, 2, json!([{ "range": { "start": { "line": 0, "character": 7 }, "end": { "line": 0, "character": 7 } }, "text": "x" }]));
    s.diagnostics_within(&astral, 2, QUICK);
    assert!(s.hover_within(&astral, 0, 7, QUICK).is_ok());
    // Versions going backwards: applied (with a logged warning) and published for that version.
    s.change(
        &astral,
        1,
        json!([{ "text": "事業評価シート（平成27年度分）\n" }]),
    );
    s.diagnostics_within(&astral, 1, QUICK);
    s.change(&astral, -7, json!([{ "text": "" }]));
    s.diagnostics_within(&astral, -7, QUICK);
    // Reopening an open document replaces it.
    s.open(&astral, 100, COMPLETE);
    assert_eq!(
        s.diagnostics_within(&astral, 100, QUICK),
        Vec::<Value>::new()
    );
    s.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": astral } }),
    );
    s.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": astral } }),
    ); // twice

    // A reversed range really edits (swapped): replace 事務事業名's value backwards, then forwards back.
    let name_line = COMPLETE
        .lines()
        .position(|l| l.starts_with("事務事業名："))
        .unwrap() as u32;
    s.change(&main_uri, 6, json!([{ "range": { "start": { "line": name_line, "character": 14 }, "end": { "line": name_line, "character": 6 } }, "text": "" }]));
    let d = s.diagnostics_within(&main_uri, 6, QUICK);
    assert!(
        !d.is_empty(),
        "emptying 事務事業名 (by a reversed range) is reported"
    );
    s.change(&main_uri, 7, json!([{ "range": { "start": { "line": name_line, "character": 6 }, "end": { "line": name_line, "character": 6 } }, "text": "地産地消推進事業" }]));
    assert_eq!(
        s.diagnostics_within(&main_uri, 7, QUICK),
        Vec::<Value>::new(),
        "restoring the value restores a clean sheet"
    );

    // ── $/cancelRequest: for an unknown id, and for requests in flight. ──
    s.notify("$/cancelRequest", json!({ "id": 123_456_789 }));
    s.notify("$/cancelRequest", json!({ "id": "never-sent" }));
    s.notify("$/cancelRequest", json!({ "id": { "bad": true } }));
    let mut ids = Vec::new();
    for _ in 0..20 {
        let id = s.send_request(
            "textDocument/semanticTokens/full",
            json!({ "textDocument": { "uri": main_uri } }),
        );
        s.notify("$/cancelRequest", json!({ "id": id }));
        ids.push(id);
    }
    for id in &ids {
        let r = s.response_within(id, QUICK);
        // Either it finished first or it was cancelled; nothing else.
        match r.get("error") {
            Some(e) => assert_eq!(e["code"], REQUEST_CANCELLED, "{r}"),
            None => assert!(r["result"]["data"].is_array(), "{r}"),
        }
    }
    // Cancelling a request that has already been answered is harmless.
    s.notify("$/cancelRequest", json!({ "id": ids[0] }));

    // ── 1,000 open documents: memory stays bounded. ──
    let (rss_before, _) = memory_kib(s.pid());
    let t = Instant::now();
    for i in 0..1000 {
        s.open(&uri(&format!("many/sheet{i:04}.hyoka")), 1, COMPLETE);
    }
    let mut left: std::collections::HashSet<String> = (0..1000)
        .map(|i| uri(&format!("many/sheet{i:04}.hyoka")))
        .collect();
    while !left.is_empty() {
        let m = s.wait_for_within(
            &format!("diagnostics for {} more documents", left.len()),
            SLOW,
            |m| m["method"] == "textDocument/publishDiagnostics",
        );
        if let Some(u) = m["params"]["uri"].as_str() {
            if left.remove(u) {
                assert_eq!(m["params"]["diagnostics"], json!([]), "{u}");
            }
        }
    }
    let opened_in = t.elapsed();
    let (rss, hwm) = memory_kib(s.pid());
    println!(
        "1,000 open documents ({} bytes each): opened and diagnosed in {opened_in:?}; VmRSS {} KiB → {} KiB ({:.1} MiB), VmHWM {} KiB ({:.1} MiB)",
        COMPLETE.len(),
        rss_before,
        rss,
        rss as f64 / 1024.0,
        hwm,
        hwm as f64 / 1024.0
    );
    assert!(rss < 500 * 1024, "1,000 open sheets use {rss} KiB of RSS");
    // Every one of them still answers.
    for i in [0, 499, 999] {
        assert_viewpoint_hover(
            &s.hover_within(&uri(&format!("many/sheet{i:04}.hyoka")), vl, vc, QUICK)
                .unwrap(),
        );
    }
    for i in 0..1000 {
        s.notify(
            "textDocument/didClose",
            json!({ "textDocument": { "uri": uri(&format!("many/sheet{i:04}.hyoka")) } }),
        );
    }

    // ── A 10 MB single-line document: open, diagnose, edit, hover. ──
    let line_uri = uri("one-line-10MB.hyoka");
    let unit = "地産地消推進";
    let mut one = String::from("事務事業名：");
    while one.len() < 10 << 20 {
        one.push_str(unit);
    }
    let chars16 = one.encode_utf16().count() as u32;
    let t = Instant::now();
    s.open(&line_uri, 1, &one);
    let d1 = s.diagnostics_within(&line_uri, 1, SLOW);
    assert!(!d1.is_empty(), "a one-line sheet lacks nearly everything");
    let opened = t.elapsed();
    let t = Instant::now();
    let mid = chars16 / 2;
    s.change(&line_uri, 2, json!([{ "range": { "start": { "line": 0, "character": mid }, "end": { "line": 0, "character": mid + 3 } }, "text": "編集" }]));
    s.diagnostics_within(&line_uri, 2, SLOW);
    let edited = t.elapsed();
    let t = Instant::now();
    s.hover_within(&line_uri, 0, 2, SLOW)
        .expect("hover on the label of a 10 MB line");
    s.hover_within(&line_uri, 0, mid, SLOW)
        .expect("hover in the middle of a 10 MB line");
    s.hover_within(&line_uri, 0, chars16 + 1000, SLOW)
        .expect("hover past the end of a 10 MB line");
    s.request_within(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": line_uri } }),
        SLOW,
    )
    .expect("outline");
    s.request_within(
        "textDocument/foldingRange",
        json!({ "textDocument": { "uri": line_uri } }),
        SLOW,
    )
    .expect("folding");
    s.request_within(
        "textDocument/semanticTokens/full",
        json!({ "textDocument": { "uri": line_uri } }),
        SLOW,
    )
    .expect("tokens");
    s.request_within(
        "textDocument/completion",
        json!({ "textDocument": { "uri": line_uri }, "position": { "line": 0, "character": mid } }),
        SLOW,
    )
    .expect("completion");
    s.request_within(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": line_uri }, "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": chars16 } }, "context": { "diagnostics": [] } }),
        SLOW,
    )
    .expect("code actions");
    println!("10 MB single-line document: open+diagnose {opened:?}, mid-line edit+diagnose {edited:?}, 7 requests {:?}", t.elapsed());
    s.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": line_uri } }),
    );

    let (rss_end, hwm_end) = memory_kib(s.pid());
    println!(
        "after everything: VmRSS {:.1} MiB, VmHWM {:.1} MiB",
        rss_end as f64 / 1024.0,
        hwm_end as f64 / 1024.0
    );

    // ── After all of it: a correct hover, then shutdown, refused requests, and exit with 0. ──
    assert_viewpoint_hover(
        &s.hover_within(&main_uri, vl, vc, QUICK)
            .expect("hover after the torture"),
    );
    assert_eq!(s.request("shutdown", Value::Null).unwrap(), Value::Null);
    let e = s.hover_within(&main_uri, vl, vc, QUICK).unwrap_err();
    assert_eq!(e["code"], INVALID_REQUEST, "a request after shutdown: {e}");
    let e = s.request("shutdown", Value::Null).unwrap_err();
    assert_eq!(e["code"], INVALID_REQUEST, "a second shutdown: {e}");
    s.notify("textDocument/didChange", json!({ "textDocument": { "uri": main_uri, "version": 99 }, "contentChanges": [{ "text": "" }] }));
    let t = Instant::now();
    s.notify("exit", Value::Null);
    let status = s
        .wait_exit(Duration::from_secs(5))
        .unwrap_or_else(|| panic!("server did not exit within 5 s of `exit` (stdin still open)"));
    println!("exit took {:?}", t.elapsed());
    assert_eq!(
        status.code(),
        Some(0),
        "exit after shutdown; stderr:\n{}",
        s.stderr()
    );
}

// ---------------------------------------------------------------------------------------------------
// Focused tests
// ---------------------------------------------------------------------------------------------------

/// LSP: "The server should exit with success code 0 if the shutdown request has been received before;
/// otherwise with error code 1."
#[test]
fn exit_without_shutdown_exits_1() {
    let mut s = spawn();
    initialize(&mut s);
    s.notify("exit", Value::Null);
    let status = s
        .wait_exit(Duration::from_secs(5))
        .expect("server exits promptly on `exit` even without shutdown");
    assert_eq!(
        status.code(),
        Some(1),
        "exit without a shutdown request must give status 1 (LSP spec)"
    );
}

/// The editor crashes: stdin closes with no shutdown and no exit. The server must not linger.
#[test]
fn eof_on_stdin_ends_the_server() {
    let mut s = spawn();
    initialize(&mut s);
    s.open(&uri("a.hyoka"), 1, COMPLETE);
    s.diagnostics_within(&uri("a.hyoka"), 1, QUICK);
    s.close_stdin();
    assert!(
        s.wait_exit(Duration::from_secs(5)).is_some(),
        "server still running 5 s after its stdin closed"
    );
}

/// Closing stdin in the middle of a frame (header sent, body half sent) also ends the server.
#[test]
fn eof_inside_a_frame_ends_the_server() {
    let mut s = spawn();
    initialize(&mut s);
    s.write_raw(b"Content-Length: 1000\r\n\r\n{\"jsonrpc\":\"2.0\",".to_vec());
    s.close_stdin();
    assert!(
        s.wait_exit(Duration::from_secs(5)).is_some(),
        "server still running 5 s after its stdin closed mid-frame"
    );
}

/// The server keeps reading while it is busy: many messages written back to back without waiting for any
/// response (the client does not read until all are written) are all answered, in order of ids.
#[test]
fn a_burst_of_requests_is_all_answered() {
    let mut s = spawn();
    initialize(&mut s);
    let u = uri("burst.hyoka");
    s.open(&u, 1, COMPLETE);
    let (vl, vc) = viewpoint_position();
    let ids: Vec<Value> = (0..2000)
        .map(|_| s.send_request("textDocument/hover", json!({ "textDocument": { "uri": u }, "position": { "line": vl, "character": vc } })))
        .collect();
    let mut pending: std::collections::HashSet<String> = ids.iter().map(Value::to_string).collect();
    while !pending.is_empty() {
        let m = s.wait_for_within(
            &format!("{} more hover responses", pending.len()),
            SLOW,
            |m| m.get("method").is_none(),
        );
        if pending.remove(&m["id"].to_string()) {
            assert_viewpoint_hover(&m["result"]);
        }
    }
}

/// Typing fast into one document: every intermediate version may be skipped, but the last one must be
/// published, and its diagnostics must match the final text.
#[test]
fn rapid_edits_publish_the_last_version() {
    let mut s = spawn();
    initialize(&mut s);
    let u = uri("typing.hyoka");
    s.open(&u, 1, COMPLETE);
    s.diagnostics_within(&u, 1, QUICK);
    let last_line = COMPLETE.lines().count() as u32;
    // Append 300 chars one at a time at the end of the text, then delete them all in one edit.
    let mut v = 1;
    for i in 0..300u32 {
        v += 1;
        s.change(&u, v, json!([{ "range": { "start": { "line": last_line, "character": i }, "end": { "line": last_line, "character": i } }, "text": "あ" }]));
    }
    v += 1;
    s.change(&u, v, json!([{ "range": { "start": { "line": last_line, "character": 0 }, "end": { "line": last_line, "character": 300 } }, "text": "" }]));
    assert_eq!(
        s.diagnostics_within(&u, v, SLOW),
        Vec::<Value>::new(),
        "back to complete.hyoka after typing and deleting"
    );
}

/// Regression test (found by `torture`): after a frame whose body is not where its header says (no
/// Content-Length, or a wrong one), the body's leftover bytes run into the next frame's header line. The
/// guard used to read that line's name as everything before its first `:` (inside the JSON), so the next
/// frame lost its Content-Length, and its own body then ran into the frame after it: every later message
/// was answered with "Content-Length ヘッダーがありません" and none ever reached the server again.
#[test]
fn a_broken_frame_does_not_swallow_every_later_frame() {
    let mut s = spawn();
    initialize(&mut s);
    let body = br#"{"jsonrpc":"2.0","id":1,"method":"textDocument/hover","params":{}}"#;
    s.write_raw(
        [
            b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n".as_slice(),
            body,
        ]
        .concat(),
    );
    null_id_error(
        &mut s,
        "the error for the frame without Content-Length",
        QUICK,
    );
    for _ in 0..3 {
        assert_recovers(&mut s, "a frame without Content-Length");
    }
    // Header names are still matched whole-word-insensitively, and other headers are ignored.
    s.write_raw(b"content-type: x\r\nCONTENT-LENGTH: 70\r\n\r\n".to_vec());
    s.write_raw(
        br#"{"jsonrpc":"2.0","id":"ok-1","method":"textDocument/hover","params":{}}"#.to_vec(),
    );
    // (70 bytes announced; the body above is 71: the last `}` becomes garbage before the next frame.)
    assert_recovers(&mut s, "a Content-Length one byte short");
}

/// The server's memory with 1,000 sheets open (a fresh server, nothing else opened). The figures are
/// printed (`-- --nocapture`); benches/PEERS.md records them for the release build.
#[test]
fn thousand_open_documents_stay_bounded() {
    let mut s = spawn();
    initialize(&mut s);
    let (rss0, _) = memory_kib(s.pid());
    for i in 0..1000 {
        s.open(&uri(&format!("mem/sheet{i:04}.hyoka")), 1, COMPLETE);
    }
    let mut left: std::collections::HashSet<String> = (0..1000)
        .map(|i| uri(&format!("mem/sheet{i:04}.hyoka")))
        .collect();
    while !left.is_empty() {
        let m = s.wait_for_within("publishDiagnostics", SLOW, |m| {
            m["method"] == "textDocument/publishDiagnostics"
        });
        left.remove(m["params"]["uri"].as_str().unwrap_or_default());
    }
    let (rss, hwm) = memory_kib(s.pid());
    println!(
        "fresh server, 1,000 × complete.hyoka ({} bytes = {:.1} MiB of text): VmRSS {:.1} → {:.1} MiB, VmHWM {:.1} MiB, {:.1} KiB per document",
        COMPLETE.len(),
        (COMPLETE.len() * 1000) as f64 / 1048576.0,
        rss0 as f64 / 1024.0,
        rss as f64 / 1024.0,
        hwm as f64 / 1024.0,
        (rss.saturating_sub(rss0)) as f64 / 1000.0
    );
    assert!(hwm < 500 * 1024, "peak {hwm} KiB with 1,000 open sheets");
    assert_eq!(s.request("shutdown", Value::Null).unwrap(), Value::Null);
    s.notify("exit", Value::Null);
    assert_eq!(
        s.wait_exit(Duration::from_secs(5)).and_then(|st| st.code()),
        Some(0)
    );
}
