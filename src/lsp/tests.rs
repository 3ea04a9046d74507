//! In-process tests through the tower service: the real `LspService<Backend>` is driven with JSON-RPC
//! requests (`tower::ServiceExt`), and everything the server sends to the client is read from the
//! `ClientSocket` by a background task that also answers the server's own requests.

use super::server::Backend;
use futures::{SinkExt, StreamExt};
use serde_json::{json, Value};
use std::time::Duration;
use tokio::sync::mpsc;
use tower::{Service, ServiceExt};
use tower_lsp_server::jsonrpc::{Request, Response};
use tower_lsp_server::LspService;

const COMPLETE: &str = include_str!("../../examples/complete.hyoka");
const SEED: &str = include_str!("../../examples/seed.hyoka");
const URI: &str = "untitled:sheet.hyoka";
const TIMEOUT: Duration = Duration::from_secs(20);

// ---------------------------------------------------------------------------------------------------
// Harness
// ---------------------------------------------------------------------------------------------------

struct Harness {
    service: LspService<Backend>,
    /// Server → client messages (notifications and requests), as JSON.
    out: mpsc::UnboundedReceiver<Value>,
    next_id: i64,
    /// Every message read from `out` so far, and whether a `wait_for` has returned it.
    seen: Vec<Value>,
    taken: Vec<bool>,
}

impl Harness {
    /// A fresh server, not yet initialized.
    fn new() -> Harness {
        Harness::with(|client| Backend::new(client, None))
    }

    /// A fresh server made by `make`, not yet initialized.
    fn with(make: impl FnOnce(tower_lsp_server::Client) -> Backend) -> Harness {
        let (service, socket) = LspService::new(make);
        let (tx, rx) = mpsc::unbounded_channel();
        let (mut requests, mut responses) = socket.split();
        tokio::spawn(async move {
            while let Some(req) = requests.next().await {
                let v = serde_json::to_value(&req).expect("server message serializes");
                // Answer the server's requests (client/registerCapability, workspace/diagnostic/refresh…).
                if let Some(id) = req.id().cloned() {
                    let _ = responses.send(Response::from_ok(id, Value::Null)).await;
                }
                if tx.send(v).is_err() {
                    break;
                }
            }
        });
        Harness {
            service,
            out: rx,
            next_id: 0,
            seen: Vec::new(),
            taken: Vec::new(),
        }
    }

    /// A server initialized with these client capabilities; returns it and the InitializeResult.
    async fn initialized(capabilities: Value) -> (Harness, Value) {
        Harness::initialized_with(capabilities, Harness::new()).await
    }

    async fn initialized_with(capabilities: Value, mut h: Harness) -> (Harness, Value) {
        let result = h
            .request(
                "initialize",
                json!({ "processId": null, "rootUri": null, "capabilities": capabilities }),
            )
            .await;
        let result = result.expect("initialize succeeds");
        h.notify("initialized", json!({})).await;
        (h, result)
    }

    async fn call(&mut self, req: Request) -> Option<Response> {
        let svc = tokio::time::timeout(TIMEOUT, self.service.ready())
            .await
            .expect("service ready in time")
            .expect("service alive");
        tokio::time::timeout(TIMEOUT, svc.call(req))
            .await
            .expect("server answers in time")
            .expect("service alive")
    }

    /// Send a request; Ok(result) or Err(error object).
    async fn request(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        self.next_id += 1;
        let req = Request::build(method.to_string())
            .id(self.next_id)
            .params(params)
            .finish();
        let resp = self.call(req).await.expect("a request gets a response");
        let v = serde_json::to_value(&resp).unwrap();
        assert_eq!(v["id"], json!(self.next_id));
        match v.get("error") {
            Some(e) => Err(e.clone()),
            None => Ok(v["result"].clone()),
        }
    }

    /// A notification handled in its own task (the server may await inside it); join it to see it finish.
    async fn notify_in_background(
        &mut self,
        method: &str,
        params: Value,
    ) -> tokio::task::JoinHandle<()> {
        let req = Request::build(method.to_string()).params(params).finish();
        let svc = tokio::time::timeout(TIMEOUT, self.service.ready())
            .await
            .expect("service ready in time")
            .expect("service alive");
        let fut = svc.call(req);
        tokio::spawn(async move {
            assert!(fut.await.expect("service alive").is_none());
        })
    }

    async fn notify(&mut self, method: &str, params: Value) {
        let req = Request::build(method.to_string()).params(params).finish();
        assert!(
            self.call(req).await.is_none(),
            "a notification gets no response"
        );
    }

    async fn open(&mut self, uri: &str, version: i32, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "hyoka", "version": version, "text": text } }),
        )
        .await;
    }

    async fn change(&mut self, uri: &str, version: i32, changes: Value) {
        self.notify("textDocument/didChange", json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": changes }))
            .await;
    }

    /// The first message matching `pred` that no earlier `wait_for` returned: one already received
    /// (while waiting for something else), or the next to arrive.
    async fn wait_for(&mut self, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = (0..self.seen.len()).find(|&i| !self.taken[i] && pred(&self.seen[i])) {
            self.taken[i] = true;
            return self.seen[i].clone();
        }
        let deadline = tokio::time::Instant::now() + TIMEOUT;
        loop {
            let msg = tokio::time::timeout_at(deadline, self.out.recv())
                .await
                .unwrap_or_else(|_| panic!("timed out waiting for {what}; seen: {:#?}", self.seen))
                .unwrap_or_else(|| panic!("server closed its socket while waiting for {what}"));
            let hit = pred(&msg);
            self.seen.push(msg.clone());
            self.taken.push(hit);
            if hit {
                return msg;
            }
        }
    }

    /// The publishDiagnostics for `uri` at `version` (waits for it).
    async fn diagnostics_for(&mut self, uri: &str, version: i32) -> Value {
        let m = self
            .wait_for(&format!("publishDiagnostics {uri} v{version}"), |m| {
                m["method"] == "textDocument/publishDiagnostics"
                    && m["params"]["uri"] == uri
                    && m["params"]["version"] == version
            })
            .await;
        m["params"]["diagnostics"].clone()
    }

    /// Everything the server has sent so far (after a short grace period for spawned sends).
    async fn drain(&mut self) -> Vec<Value> {
        tokio::time::sleep(Duration::from_millis(150)).await;
        while let Ok(m) = self.out.try_recv() {
            self.seen.push(m);
            self.taken.push(false);
        }
        self.seen.clone()
    }

    fn publishes<'a>(msgs: &'a [Value], uri: &'a str) -> impl Iterator<Item = &'a Value> + 'a {
        msgs.iter().filter(move |m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        })
    }
}

/// The parts of a diagnostic the editor shows: code, range, message.
fn essentials(diags: &Value) -> Vec<(String, Value, String)> {
    diags
        .as_array()
        .expect("diagnostics array")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default().to_string(),
                d["range"].clone(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn utf16_caps() -> Value {
    json!({})
}

fn utf8_caps() -> Value {
    json!({ "general": { "positionEncodings": ["utf-8", "utf-16"] } })
}

fn pos(line: u32, character: u32) -> Value {
    json!({ "line": line, "character": character })
}

fn range(a: (u32, u32), b: (u32, u32)) -> Value {
    json!({ "start": pos(a.0, a.1), "end": pos(b.0, b.1) })
}

/// Open `text` in a brand-new server and return (diagnostics, documentSymbol, foldingRange).
async fn fresh_view(caps: Value, text: &str) -> (Value, Value, Value) {
    let (mut h, _) = Harness::initialized(caps).await;
    h.open(URI, 1, text).await;
    let d = h.diagnostics_for(URI, 1).await;
    let s = h
        .request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": URI } }),
        )
        .await
        .unwrap();
    let f = h
        .request(
            "textDocument/foldingRange",
            json!({ "textDocument": { "uri": URI } }),
        )
        .await
        .unwrap();
    (d, s, f)
}

// ---------------------------------------------------------------------------------------------------
// A client-side model of the document, for computing LSP positions in either encoding
// ---------------------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug)]
enum Units {
    Utf8,
    Utf16,
}

/// Line starts as LSP (and the server's rope) see them: `\r\n`, `\r` and `\n` all end a line.
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

fn position_of(text: &str, off: usize, units: Units) -> (u32, u32) {
    let ls = line_starts(text);
    let line = ls.partition_point(|&s| s <= off) - 1;
    let seg = &text[ls[line]..off];
    let col = match units {
        Units::Utf8 => seg.len(),
        Units::Utf16 => seg.encode_utf16().count(),
    };
    (line as u32, col as u32)
}

/// A valid edit position near `off`: a char boundary, never between the `\r` and `\n` of a CRLF.
fn snap(text: &str, mut off: usize) -> usize {
    off = off.min(text.len());
    while !text.is_char_boundary(off) {
        off -= 1;
    }
    if off > 0
        && off < text.len()
        && text.as_bytes()[off - 1] == b'\r'
        && text.as_bytes()[off] == b'\n'
    {
        off -= 1;
    }
    off
}

struct Model {
    text: String,
    units: Units,
}

impl Model {
    /// Replace `start..end` (byte offsets, snapped) with `new`; returns the LSP change event.
    fn edit(&mut self, start: usize, end: usize, new: &str) -> Value {
        let (mut a, mut b) = (snap(&self.text, start), snap(&self.text, end));
        if a > b {
            std::mem::swap(&mut a, &mut b);
        }
        let r = range(
            position_of(&self.text, a, self.units),
            position_of(&self.text, b, self.units),
        );
        self.text.replace_range(a..b, new);
        json!({ "range": r, "text": new })
    }

    /// Byte offset of the end of the line that contains `needle` (its content end).
    fn line_end_after(&self, needle: &str) -> usize {
        let at = self.text.find(needle).unwrap_or(0);
        at + self.text[at..]
            .find(['\r', '\n'])
            .unwrap_or(self.text.len() - at)
    }

    /// Byte range of the terminator of the line containing `off`, if any.
    fn terminator_at(&self, off: usize) -> Option<(usize, usize)> {
        let rest = &self.text[off..];
        let i = off + rest.find(['\r', '\n'])?;
        let len = if self.text[i..].starts_with("\r\n") {
            2
        } else {
            1
        };
        Some((i, i + len))
    }
}

/// A small deterministic PRNG (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

/// Several hundred edits of every kind: typing char by char into a value (with 𠮷), backspacing,
/// pasting lines, CRLF conversions and joins, random replacements, and multi-change notifications.
/// Each element is one didChange's contentChanges.
fn edit_script(model: &mut Model, seed: u64) -> Vec<Value> {
    let mut rng = Rng(seed);
    let mut out: Vec<Value> = Vec::new();
    // 1. Type a sentence into the value of 事業担当, one char per notification.
    let sentence = "産業振興課・𠮷野家と協働し、ＰＲを強化（ｘ１２）します。";
    let mut at = model.line_end_after("事業担当：");
    for c in sentence.chars() {
        let s = c.to_string();
        out.push(json!([model.edit(at, at, &s)]));
        at += s.len();
    }
    // 2. Backspace eight chars (𠮷 is two UTF-16 units; the edit removes it whole).
    for _ in 0..8 {
        let prev = model.text[..at].chars().next_back().unwrap().len_utf8();
        out.push(json!([model.edit(at - prev, at, "")]));
        at -= prev;
    }
    // 3. Paste lines at line starts.
    let pastes = [
        "事業の概用：𠮷の説明\n",
        "　■ 市民ニーズ\r\n　□ その他（）\r\n",
        "| 一般財源 | 1,000 | 𠮷 | 1,480 |\n",
        "進捗状況：②：若干遅れている\n",
        "２．事業の検証\n",
        "予算科目：1-'060103-'02000\n",
    ];
    for p in &pastes {
        let starts = line_starts(&model.text);
        let l = starts[rng.below(starts.len())];
        out.push(json!([model.edit(l, l, p)]));
    }
    // 4. CRLF edits: convert terminators to CRLF or CR, join lines, split lines with \r.
    for i in 0..60 {
        let off = snap(&model.text, rng.below(model.text.len()));
        match (i % 4, model.terminator_at(off)) {
            (0, Some((a, b))) => out.push(json!([model.edit(a, b, "\r\n")])),
            (1, Some((a, b))) => out.push(json!([model.edit(a, b, "\r")])),
            (2, Some((a, b))) => out.push(json!([model.edit(a, b, "")])),
            _ => out.push(json!([model.edit(off, off, "\r")])),
        }
    }
    // 5. Random replacements and deletions, some notifications carrying several changes.
    let snippets = [
        "",
        "x",
        "𠮷",
        "　",
        "\n",
        "\r\n",
        "：",
        "■",
        "□",
        "①",
        "必要性\n",
        "事業の概要：",
        "｜ 目標 | 1 |\n",
        "平成28年度",
        "総合評価：○高　●中　○低\n",
        "| 事業費(A) | 9 | 9 | 9 |\r\n",
        "１．事業の位置付け\n",
        "// コメント\n",
        "𠮷𠮷野家\r\n",
    ];
    let source_lines: Vec<&str> = COMPLETE.split_inclusive('\n').collect();
    for _ in 0..300 {
        let n = 1 + rng.below(3);
        let mut changes = Vec::new();
        for _ in 0..n {
            let len = model.text.len();
            let a = rng.below(len + 1);
            let (del, new): (usize, String) = match rng.below(20) {
                // Typing and small replacements.
                0..=5 => (0, rng.pick(&snippets).to_string()),
                6..=9 => (1 + rng.below(4), rng.pick(&snippets).to_string()),
                10..=11 => (rng.below(40), rng.pick(&snippets).to_string()),
                // Cutting a block.
                12..=13 => (40 + rng.below(300), String::new()),
                // Pasting lines of a sheet.
                14..=16 => {
                    let from = rng.below(source_lines.len());
                    let to = (from + 1 + rng.below(10)).min(source_lines.len());
                    (0, source_lines[from..to].concat())
                }
                // Copying a slice of the document elsewhere (paste over a selection).
                _ => {
                    let s = snap(&model.text, rng.below(len + 1));
                    let e = snap(&model.text, s + rng.below(300));
                    (rng.below(10), model.text[s..e].to_string())
                }
            };
            changes.push(model.edit(a, a + del, &new));
        }
        out.push(Value::Array(changes));
    }
    // 6. Finally type and delete at the very end and the very start.
    for c in "末尾𠮷".chars() {
        let end = model.text.len();
        out.push(json!([model.edit(end, end, &c.to_string())]));
    }
    out.push(json!([model.edit(0, 0, "\r\n")]));
    out.push(json!([model.edit(0, 2, "")]));
    out
}

/// THE test from the issue: hundreds of rapid incremental edits, sent without waiting for anything, leave
/// the server exactly where a fresh open of the final text would: same diagnostics for the final version,
/// same outline and folding.
async fn rapid_edits_match_fresh_open(caps: Value, units: Units, start: &str, seed: u64) {
    let (mut h, init) = Harness::initialized(caps.clone()).await;
    let expected_enc = match units {
        Units::Utf8 => "utf-8",
        Units::Utf16 => "utf-16",
    };
    assert_eq!(init["capabilities"]["positionEncoding"], expected_enc);
    h.open(URI, 1, start).await;
    h.diagnostics_for(URI, 1).await;

    let mut model = Model {
        text: start.to_string(),
        units,
    };
    let script = edit_script(&mut model, seed);
    assert!(script.len() >= 400, "{} notifications", script.len());

    // Fire every didChange without awaiting any of them, the way the stdio transport does: calls in
    // order, futures run concurrently (buffer_unordered with the transport's default of 4).
    let mut futs = Vec::new();
    let mut version = 1;
    for changes in &script {
        version += 1;
        let req = Request::build("textDocument/didChange")
            .params(json!({ "textDocument": { "uri": URI, "version": version }, "contentChanges": changes }))
            .finish();
        let svc = h.service.ready().await.expect("service alive");
        futs.push(svc.call(req));
        // Requests interleaved with the edits (they analyse and cache whatever version is current).
        if version % 7 == 0 {
            h.next_id += 1;
            let method = [
                "textDocument/hover",
                "textDocument/documentSymbol",
                "textDocument/completion",
                "textDocument/foldingRange",
            ][(version as usize / 7) % 4];
            let params = json!({ "textDocument": { "uri": URI }, "position": pos(version as u32 % 50, version as u32 % 13) });
            let req = Request::build(method).id(h.next_id).params(params).finish();
            let svc = h.service.ready().await.expect("service alive");
            futs.push(svc.call(req));
        }
    }
    let results: Vec<_> = tokio::time::timeout(
        TIMEOUT * 3,
        futures::stream::iter(futs)
            .buffer_unordered(4)
            .collect::<Vec<_>>(),
    )
    .await
    .expect("all didChange handled in time");
    for r in &results {
        match r {
            Ok(None) => {}
            Ok(Some(resp)) => assert!(
                resp.is_ok(),
                "interleaved request failed: {:?}",
                serde_json::to_string(resp)
            ),
            Err(e) => panic!("service error: {e}"),
        }
    }
    let last = version;

    let final_diags = h.diagnostics_for(URI, last).await;
    let msgs = h.drain().await;
    // Published versions never go backwards (a stale result published late would show old squiggles).
    let versions: Vec<i64> = Harness::publishes(&msgs, URI)
        .filter_map(|m| m["params"]["version"].as_i64())
        .collect();
    assert!(
        versions.windows(2).all(|w| w[0] <= w[1]),
        "published versions go backwards: {versions:?}"
    );
    assert_eq!(
        versions.last(),
        Some(&(last as i64)),
        "the last publish is for the final version"
    );

    let symbols = h
        .request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": URI } }),
        )
        .await
        .unwrap();
    let folding = h
        .request(
            "textDocument/foldingRange",
            json!({ "textDocument": { "uri": URI } }),
        )
        .await
        .unwrap();

    let (fresh_d, fresh_s, fresh_f) = fresh_view(caps, &model.text).await;
    assert!(
        model.text.len() > 5_000,
        "the script should not whittle the sheet away: {} bytes",
        model.text.len()
    );
    assert!(
        !essentials(&fresh_d).is_empty(),
        "the final text should raise something, or the comparison is weak"
    );
    assert_eq!(
        essentials(&final_diags),
        essentials(&fresh_d),
        "final text:\n{}",
        model.text
    );
    assert_eq!(symbols, fresh_s, "outline differs from a fresh open");
    assert_eq!(folding, fresh_f, "folding differs from a fresh open");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rapid_incremental_edits_utf16_equal_fresh_open() {
    rapid_edits_match_fresh_open(utf16_caps(), Units::Utf16, SEED, 0x9E37_79B9_7F4A_7C15).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rapid_incremental_edits_utf8_equal_fresh_open() {
    rapid_edits_match_fresh_open(utf8_caps(), Units::Utf8, COMPLETE, 0xD1B5_4A32_D192_ED03).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rapid_incremental_edits_crlf_document() {
    let crlf = SEED.replace('\n', "\r\n");
    rapid_edits_match_fresh_open(utf16_caps(), Units::Utf16, &crlf, 42).await;
}

// ---------------------------------------------------------------------------------------------------
// Initialization and diagnostics
// ---------------------------------------------------------------------------------------------------

#[tokio::test]
async fn negotiates_position_encoding() {
    let (_, r) = Harness::initialized(json!({})).await;
    assert_eq!(r["capabilities"]["positionEncoding"], "utf-16");
    let (_, r) = Harness::initialized(utf8_caps()).await;
    assert_eq!(r["capabilities"]["positionEncoding"], "utf-8");
    let (_, r) =
        Harness::initialized(json!({ "general": { "positionEncodings": ["utf-16", "utf-8"] } }))
            .await;
    assert_eq!(r["capabilities"]["positionEncoding"], "utf-16");
    let (_, r) =
        Harness::initialized(json!({ "general": { "positionEncodings": ["utf-7"] } })).await;
    assert_eq!(r["capabilities"]["positionEncoding"], "utf-16");
    // Push mode by default: no diagnosticProvider; incremental sync.
    assert!(r["capabilities"]
        .get("diagnosticProvider")
        .is_none_or(Value::is_null));
    assert_eq!(r["capabilities"]["textDocumentSync"]["change"], 2);
    assert_eq!(r["serverInfo"]["name"], "hyoka");
}

/// A sheet whose year-mismatch sits after a 𠮷 on the same line: the column differs per encoding.
fn kanji_sheet() -> String {
    COMPLETE.replace(
        "| | 平成27年度 | 平成28年度 | 平成29年度 |",
        "| 𠮷 | 平成27年度 | 平成28年度 | 平成30年度 |",
    )
}

#[tokio::test]
async fn open_publishes_versioned_diagnostics_in_the_negotiated_encoding() {
    let text = kanji_sheet();
    let line = text.lines().position(|l| l.starts_with("| 𠮷 |")).unwrap() as u32;
    for (caps, start) in [
        (
            utf16_caps(),
            "| 𠮷 | 平成27年度 | 平成28年度 | ".encode_utf16().count(),
        ),
        (utf8_caps(), "| 𠮷 | 平成27年度 | 平成28年度 | ".len()),
    ] {
        let (mut h, _) = Harness::initialized(caps.clone()).await;
        h.open(URI, 7, &text).await;
        let d = h.diagnostics_for(URI, 7).await;
        let e = essentials(&d);
        assert_eq!(e.len(), 1, "{d:#}");
        assert_eq!(e[0].0, "year-mismatch");
        let end = start
            + if caps == utf8_caps() {
                "平成30年度".len()
            } else {
                "平成30年度".encode_utf16().count()
            };
        assert_eq!(
            e[0].1,
            range((line, start as u32), (line, end as u32)),
            "{caps}"
        );
        assert_eq!(d[0]["source"], "hyoka");
        assert_eq!(d[0]["severity"], 1);
    }
    // The complete example raises nothing, and a close clears what was published.
    let (mut h, _) = Harness::initialized(json!({})).await;
    h.open(URI, 1, COMPLETE).await;
    assert_eq!(h.diagnostics_for(URI, 1).await, json!([]));
    h.open("untitled:b.hyoka", 3, &text).await;
    h.diagnostics_for("untitled:b.hyoka", 3).await;
    h.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": "untitled:b.hyoka" } }),
    )
    .await;
    let cleared = h
        .wait_for("cleared diagnostics", |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == "untitled:b.hyoka"
                && m["params"]["diagnostics"] == json!([])
        })
        .await;
    assert!(cleared["params"].get("version").is_none_or(Value::is_null));
}

#[tokio::test]
async fn pull_diagnostics_when_the_client_supports_them() {
    let caps = json!({
        "textDocument": { "diagnostic": { "dynamicRegistration": false } },
        "workspace": { "diagnostics": { "refreshSupport": true } },
    });
    let (mut h, init) = Harness::initialized(caps).await;
    let provider = &init["capabilities"]["diagnosticProvider"];
    assert_eq!(provider["identifier"], "hyoka", "{init:#}");
    assert_eq!(provider["interFileDependencies"], true, "cross-sheet rules");
    h.open(URI, 1, SEED).await;
    h.change(
        URI,
        2,
        json!([{ "range": range((0, 0), (0, 0)), "text": "" }]),
    )
    .await;
    let report = h
        .request(
            "textDocument/diagnostic",
            json!({ "textDocument": { "uri": URI } }),
        )
        .await
        .unwrap();
    assert_eq!(report["kind"], "full");
    let items = &report["items"];
    assert!(!essentials(items).is_empty());
    let msgs = h.drain().await;
    assert_eq!(
        Harness::publishes(&msgs, URI).count(),
        0,
        "pull mode must not push: {msgs:#?}"
    );
    // Same items as a push-mode server publishes for the same text.
    let (push, _, _) = fresh_view(json!({}), SEED).await;
    assert_eq!(essentials(items), essentials(&push));
    // Unknown document: an empty report, not an error.
    let r = h
        .request(
            "textDocument/diagnostic",
            json!({ "textDocument": { "uri": "untitled:nope" } }),
        )
        .await
        .unwrap();
    assert_eq!(r["items"], json!([]));
    // Without the capability: no provider.
    let (_, init) = Harness::initialized(json!({})).await;
    assert!(init["capabilities"]
        .get("diagnosticProvider")
        .is_none_or(Value::is_null));
    // A client that pulls but cannot be asked to pull again (no refreshSupport) is pushed to instead.
    let (mut h, init) = Harness::initialized(json!({ "textDocument": { "diagnostic": {} } })).await;
    assert!(init["capabilities"]
        .get("diagnosticProvider")
        .is_none_or(Value::is_null));
    h.open(URI, 1, SEED).await;
    assert!(!essentials(&h.diagnostics_for(URI, 1).await).is_empty());
}

// ---------------------------------------------------------------------------------------------------
// Robustness
// ---------------------------------------------------------------------------------------------------

fn hover_params(uri: &str, line: u32, character: u32) -> Value {
    json!({ "textDocument": { "uri": uri }, "position": pos(line, character) })
}

/// The hover on the 分析の視点 `■ 事業目的の達成状況` of COMPLETE, opened as URI.
async fn hover_on_a_viewpoint(h: &mut Harness) -> Value {
    let line = COMPLETE
        .lines()
        .position(|l| l.contains("■ 事業目的の達成状況"))
        .unwrap() as u32;
    let hover = h.request("textDocument/hover", hover_params(URI, line, 3));
    hover.await.unwrap()
}

#[tokio::test]
async fn change_to_unknown_document_is_ignored() {
    let (mut h, _) = Harness::initialized(json!({})).await;
    h.open(URI, 1, COMPLETE).await;
    h.diagnostics_for(URI, 1).await;
    h.change(
        "untitled:never-opened.hyoka",
        5,
        json!([{ "range": range((0, 0), (0, 0)), "text": "x" }]),
    )
    .await;
    h.change(
        "untitled:never-opened.hyoka",
        6,
        json!([{ "text": "全文" }]),
    )
    .await;
    let hover = hover_on_a_viewpoint(&mut h).await;
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("事業目的の達成状況"),
        "{hover:#}"
    );
    let msgs = h.drain().await;
    assert_eq!(
        Harness::publishes(&msgs, "untitled:never-opened.hyoka").count(),
        0
    );
}

#[tokio::test]
async fn ranges_past_the_end_clamp() {
    let (mut h, _) = Harness::initialized(json!({})).await;
    let text = "事業評価シート（平成27年度分）\n𠮷\n";
    h.open(URI, 1, text).await;
    h.diagnostics_for(URI, 1).await;
    // Past the last line: the end of the text. Past a line's end: that line's end (not the next line).
    h.change(
        URI,
        2,
        json!([
            { "range": range((99, 0), (120, 7)), "text": "末尾" },
            { "range": range((1, 50), (1, 80)), "text": "野家" },
            { "range": range((0, 999), (0, 1000)), "text": "！" },
        ]),
    )
    .await;
    let got = essentials(&h.diagnostics_for(URI, 2).await);
    let expected_text = "事業評価シート（平成27年度分）！\n𠮷野家\n末尾";
    let (fresh, _, _) = fresh_view(json!({}), expected_text).await;
    assert_eq!(got, essentials(&fresh));
    let syms_now = h
        .request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": URI } }),
        )
        .await
        .unwrap();
    let mut f = Harness::new();
    f.request("initialize", json!({ "capabilities": {} }))
        .await
        .unwrap();
    f.notify("initialized", json!({})).await;
    f.open(URI, 1, expected_text).await;
    let syms_fresh = f
        .request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": URI } }),
        )
        .await
        .unwrap();
    assert_eq!(syms_now, syms_fresh);
    // A reversed range is taken as the same range the right way round.
    h.change(
        URI,
        3,
        json!([{ "range": range((1, 4), (1, 0)), "text": "" }]),
    )
    .await;
    let got = essentials(&h.diagnostics_for(URI, 3).await);
    let (fresh, _, _) = fresh_view(json!({}), "事業評価シート（平成27年度分）！\n\n末尾").await;
    assert_eq!(got, essentials(&fresh));
}

#[tokio::test]
async fn versions_going_backwards_are_applied() {
    let (mut h, _) = Harness::initialized(json!({})).await;
    h.open(URI, 10, COMPLETE).await;
    assert_eq!(h.diagnostics_for(URI, 10).await, json!([]));
    let broken = kanji_sheet();
    h.change(URI, 5, json!([{ "text": broken }])).await;
    let d = h.diagnostics_for(URI, 5).await;
    assert_eq!(
        essentials(&d)
            .iter()
            .map(|e| e.0.as_str())
            .collect::<Vec<_>>(),
        ["year-mismatch"]
    );
    // And the next (still lower) version edits the text the backwards change produced.
    h.change(URI, 6, json!([{ "text": COMPLETE }])).await;
    assert_eq!(h.diagnostics_for(URI, 6).await, json!([]));
    // A backwards version is logged (the log is sent from a spawned task: wait for it).
    h.wait_for("a log about the version going backwards", |m| {
        m["method"] == "window/logMessage"
            && m["params"]["message"]
                .as_str()
                .is_some_and(|s| s.contains("版数"))
    })
    .await;
}

#[tokio::test]
async fn queries_on_unknown_documents_return_null() {
    let (mut h, _) = Harness::initialized(json!({})).await;
    let u = "untitled:unknown.hyoka";
    assert_eq!(
        h.request("textDocument/hover", hover_params(u, 0, 0))
            .await
            .unwrap(),
        Value::Null
    );
    assert_eq!(
        h.request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": u } })
        )
        .await
        .unwrap(),
        Value::Null
    );
    assert_eq!(
        h.request(
            "textDocument/foldingRange",
            json!({ "textDocument": { "uri": u } })
        )
        .await
        .unwrap(),
        Value::Null
    );
    assert_eq!(
        h.request("textDocument/completion", hover_params(u, 0, 0))
            .await
            .unwrap(),
        Value::Null
    );
    let ca = json!({ "textDocument": { "uri": u }, "range": range((0, 0), (0, 0)), "context": { "diagnostics": [] } });
    assert_eq!(
        h.request("textDocument/codeAction", ca).await.unwrap(),
        Value::Null
    );
}

#[tokio::test]
async fn hover_and_positions_inside_surrogate_pairs_do_not_panic() {
    let (mut h, _) = Harness::initialized(json!({})).await;
    let text = kanji_sheet();
    h.open(URI, 1, &text).await;
    h.diagnostics_for(URI, 1).await;
    let line = text.lines().position(|l| l.starts_with("| 𠮷 |")).unwrap() as u32;
    for c in 0..40 {
        h.request("textDocument/hover", hover_params(URI, line, c))
            .await
            .unwrap();
        h.request("textDocument/completion", hover_params(URI, line, c))
            .await
            .unwrap();
    }
    // Edits whose ends fall inside the surrogate pair of 𠮷 take the whole char.
    h.change(
        URI,
        2,
        json!([{ "range": range((line, 3), (line, 3)), "text": "x" }]),
    )
    .await;
    h.diagnostics_for(URI, 2).await;
}

#[tokio::test]
async fn shutdown_then_exit_ends_the_service() {
    let (mut h, _) = Harness::initialized(json!({})).await;
    h.open(URI, 1, COMPLETE).await;
    h.diagnostics_for(URI, 1).await;
    assert_eq!(
        h.request("shutdown", Value::Null).await.unwrap(),
        Value::Null
    );
    // After shutdown, requests are refused with InvalidRequest.
    let err = h
        .request("textDocument/hover", hover_params(URI, 0, 0))
        .await
        .unwrap_err();
    assert_eq!(err["code"], -32600, "{err}");
    h.notify("exit", Value::Null).await;
    let ready = tokio::time::timeout(TIMEOUT, h.service.ready())
        .await
        .expect("poll_ready answers");
    assert!(ready.is_err(), "the service has exited");
    // The socket closes: our reader task ends and the channel reports closed.
    let end = tokio::time::timeout(TIMEOUT, async { while h.out.recv().await.is_some() {} }).await;
    assert!(end.is_ok(), "the client socket closes after exit");
}

#[tokio::test]
async fn requests_before_initialize_are_refused() {
    let mut h = Harness::new();
    let err = h
        .request("textDocument/hover", hover_params(URI, 0, 0))
        .await
        .unwrap_err();
    assert_eq!(err["code"], -32002, "ServerNotInitialized: {err}");
    h.request("initialize", json!({ "capabilities": {} }))
        .await
        .unwrap();
    let err = h
        .request("initialize", json!({ "capabilities": {} }))
        .await
        .unwrap_err();
    assert_eq!(
        err["code"], -32600,
        "second initialize is an InvalidRequest: {err}"
    );
}

// ---------------------------------------------------------------------------------------------------
// Settings: read outside the lock, broken ones reported, the cache evicted
// ---------------------------------------------------------------------------------------------------

const FORM_TOML: &str = include_str!("../../forms/hiratsuka-h27.toml");

fn file_uri(path: &std::path::Path) -> String {
    format!("file://{}", path.display())
}

fn messages_of<'a>(msgs: &'a [Value], method: &'a str) -> Vec<&'a Value> {
    msgs.iter().filter(|m| m["method"] == method).collect()
}

/// Regression: the form was read while the server's state lock was held, so a slow form file (a FIFO, a
/// network drive) froze every document. The load now runs on a blocking thread without the lock.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_form_file_does_not_stall_other_documents() {
    use std::sync::Arc;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("hyoka.toml"), "form = \"slow.toml\"\n").unwrap();
    let (started_tx, mut started) = mpsc::unbounded_channel();
    let (release, release_rx) = std::sync::mpsc::channel::<()>();
    let release_rx = std::sync::Mutex::new(release_rx);
    let loader: super::settings::FormLoader = Arc::new(move |p: &std::path::Path| {
        if p.ends_with("slow.toml") {
            let _ = started_tx.send(());
            // Bounded: a server that waits for this under its lock fails the test instead of hanging it.
            let _ = release_rx
                .lock()
                .unwrap()
                .recv_timeout(Duration::from_secs(10));
        }
        Ok(hyoka_core::Form::builtin())
    });
    let (mut h, _) = Harness::initialized_with(
        json!({}),
        Harness::with(|c| Backend::with_form_loader(c, loader)),
    )
    .await;
    let slow = file_uri(&dir.path().join("sheet.hyoka"));
    let opening = h
        .notify_in_background(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": slow, "languageId": "hyoka", "version": 1, "text": SEED } }),
        )
        .await;
    tokio::time::timeout(TIMEOUT, started.recv())
        .await
        .expect("the form load starts");
    // While the form loads: another document opens, publishes and answers at once.
    let t = std::time::Instant::now();
    h.open(URI, 1, COMPLETE).await;
    h.diagnostics_for(URI, 1).await;
    let hover = hover_on_a_viewpoint(&mut h).await;
    assert!(hover["contents"]["value"].is_string(), "{hover:#}");
    assert!(
        t.elapsed() < Duration::from_secs(5),
        "another document waited {:?} for the form load",
        t.elapsed()
    );
    // An edit to the loading document is applied now and published once the form is there.
    h.change(
        &slow,
        2,
        json!([{ "range": range((0, 0), (0, 0)), "text": "" }]),
    )
    .await;
    release.send(()).unwrap();
    tokio::time::timeout(TIMEOUT, opening)
        .await
        .expect("didOpen finishes")
        .unwrap();
    let diags = h.diagnostics_for(&slow, 2).await;
    assert!(
        !diags.as_array().unwrap().is_empty(),
        "the seed sheet is linted with the loaded form"
    );
    let msgs = h.drain().await;
    assert_eq!(
        Harness::publishes(&msgs, &slow)
            .filter(|m| m["params"]["version"] == 1)
            .count(),
        0,
        "nothing is published before the settings are known: {msgs:#?}"
    );
}

/// Task: a form or hyoka.toml that cannot be used is an error diagnostic on line 1 of each sheet it applies
/// to (in place of the rules' diagnostics, as the CLI reports it instead of checking), and ONE error message
/// per distinct failure — not per document, not per edit; shown again only if it comes back after a fix.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_broken_form_or_config_is_reported_once_and_replaces_the_lint() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for sub in ["a", "b", "c"] {
        std::fs::create_dir(d.join(sub)).unwrap();
    }
    std::fs::write(d.join("broken-form.toml"), "this is not a form").unwrap();
    std::fs::write(d.join("a/hyoka.toml"), "form = \"../broken-form.toml\"\n").unwrap();
    std::fs::write(d.join("b/hyoka.toml"), "form = \"../broken-form.toml\"\n").unwrap();
    std::fs::write(d.join("c/hyoka.toml"), "[rules]\nno-such-rule = \"off\"\n").unwrap();
    let form_error = hyoka_fs::load::load_form(&d.join("broken-form.toml").canonicalize().unwrap())
        .unwrap_err()
        .to_string();
    let config_error = hyoka_fs::load::load_config_file(&d.join("c/hyoka.toml"))
        .unwrap_err()
        .to_string();
    let (mut h, _) = Harness::initialized(json!({})).await;
    let uris: Vec<String> = ["a/1.hyoka", "a/2.hyoka", "b/1.hyoka", "c/1.hyoka"]
        .iter()
        .map(|p| file_uri(&d.join(p)))
        .collect();
    for u in &uris {
        h.open(u, 1, SEED).await;
    }
    for (u, (code, message)) in uris.iter().zip([
        ("form-error", &form_error),
        ("form-error", &form_error),
        ("form-error", &form_error),
        ("config-error", &config_error),
    ]) {
        let diags = h.diagnostics_for(u, 1).await;
        let first_line_end = SEED.lines().next().unwrap().encode_utf16().count() as u32;
        assert_eq!(
            diags,
            json!([{
                "range": range((0, 0), (0, first_line_end)),
                "severity": 1,
                "code": code,
                "source": "hyoka",
                "message": message,
            }]),
            "{u}"
        );
    }
    // Edits do not repeat the message.
    h.change(
        &uris[0],
        2,
        json!([{ "range": range((1, 0), (1, 0)), "text": "\n" }]),
    )
    .await;
    h.diagnostics_for(&uris[0], 2).await;
    let msgs = h.drain().await;
    let shown: Vec<&str> = messages_of(&msgs, "window/showMessage")
        .iter()
        .map(|m| {
            assert_eq!(m["params"]["type"], 1, "{m}");
            m["params"]["message"].as_str().unwrap()
        })
        .collect();
    assert_eq!(
        shown.len(),
        2,
        "one message per distinct failure: {shown:#?}"
    );
    assert!(shown.iter().any(|m| m.contains(&form_error)), "{shown:#?}");
    assert!(
        shown.iter().any(|m| m.contains(&config_error)),
        "{shown:#?}"
    );
    // Queries still work (with the built-in form) on a sheet that is not linted.
    let hover = h
        .request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": uris[0] } }),
        )
        .await
        .unwrap();
    assert!(hover.as_array().is_some_and(|a| !a.is_empty()), "{hover:#}");

    // Fixed: the sheets are linted again, and nothing new is shown.
    std::fs::write(d.join("broken-form.toml"), FORM_TOML).unwrap();
    std::fs::write(d.join("c/hyoka.toml"), "").unwrap();
    h.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": file_uri(&d.join("broken-form.toml")), "type": 2 }] }),
    )
    .await;
    for u in &uris {
        h.wait_for(&format!("{u} linted again"), |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == u.as_str()
                && m["params"]["diagnostics"].as_array().is_some_and(|ds| {
                    !ds.is_empty()
                        && ds
                            .iter()
                            .all(|d| d["code"] != "form-error" && d["code"] != "config-error")
                })
        })
        .await;
    }
    let msgs = h.drain().await;
    assert_eq!(messages_of(&msgs, "window/showMessage").len(), 2);
    // Broken again: shown again, once.
    std::fs::write(d.join("broken-form.toml"), "still not a form").unwrap();
    h.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": file_uri(&d.join("broken-form.toml")), "type": 2 }] }),
    )
    .await;
    for u in &uris[..3] {
        h.wait_for(&format!("{u} broken again"), |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == u.as_str()
                && m["params"]["diagnostics"][0]["code"] == "form-error"
        })
        .await;
    }
    let msgs = h.drain().await;
    assert_eq!(
        messages_of(&msgs, "window/showMessage").len(),
        3,
        "{msgs:#?}"
    );
}

/// Regression: the per-folder settings cache was never evicted (+2.6 MB per 10,000 folders opened and
/// closed). A folder's entry, and forms no other folder uses, go when its last document closes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_settings_of_a_folder_go_when_its_last_document_closes() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("form.toml"), FORM_TOML).unwrap();
    let (mut h, _) = Harness::initialized(json!({})).await;
    const FOLDERS: usize = 200;
    let text = "事業評価シート\n";
    let mut uris = Vec::new();
    for i in 0..FOLDERS {
        let sub = d.join(format!("x{i}"));
        std::fs::create_dir(&sub).unwrap();
        if i % 20 == 0 {
            std::fs::write(sub.join("hyoka.toml"), "form = \"../form.toml\"\n").unwrap();
        }
        let pair = [
            file_uri(&sub.join("a.hyoka")),
            file_uri(&sub.join("b.hyoka")),
        ];
        for u in &pair {
            h.open(u, 1, text).await;
            h.diagnostics_for(u, 1).await;
        }
        uris.push(pair);
    }
    assert_eq!(h.service.inner().resolver_sizes(), (FOLDERS, 1, FOLDERS, 0));
    for [a, _] in &uris {
        h.notify(
            "textDocument/didClose",
            json!({ "textDocument": { "uri": a } }),
        )
        .await;
    }
    // Each folder still has a document open.
    assert_eq!(h.service.inner().resolver_sizes(), (FOLDERS, 1, FOLDERS, 0));
    for [_, b] in &uris {
        h.notify(
            "textDocument/didClose",
            json!({ "textDocument": { "uri": b } }),
        )
        .await;
    }
    assert_eq!(h.service.inner().resolver_sizes(), (0, 0, 0, 0));
    // Reopening loads again.
    h.open(&uris[0][0], 1, text).await;
    h.diagnostics_for(&uris[0][0], 1).await;
    assert_eq!(h.service.inner().resolver_sizes(), (1, 1, 1, 0));
}

/// Pull mode: a document pulled while its settings load gets an empty report, then the client is asked to
/// pull again (requests never wait for a load: a waiting handler holds one of the framework's request slots).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pull_while_the_settings_load_is_answered_and_refreshed() {
    use std::sync::Arc;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("hyoka.toml"), "form = \"slow.toml\"\n").unwrap();
    let (release, release_rx) = std::sync::mpsc::channel::<()>();
    let release_rx = std::sync::Mutex::new(release_rx);
    let loader: super::settings::FormLoader = Arc::new(move |_: &std::path::Path| {
        let _ = release_rx
            .lock()
            .unwrap()
            .recv_timeout(Duration::from_secs(10));
        Ok(hyoka_core::Form::builtin())
    });
    let caps = json!({
        "textDocument": { "diagnostic": { "dynamicRegistration": false } },
        "workspace": { "diagnostics": { "refreshSupport": true } }
    });
    let (mut h, _) = Harness::initialized_with(
        caps,
        Harness::with(|c| Backend::with_form_loader(c, loader)),
    )
    .await;
    let uri = file_uri(&dir.path().join("sheet.hyoka"));
    h.open(&uri, 1, SEED).await;
    let t = std::time::Instant::now();
    let report = h
        .request(
            "textDocument/diagnostic",
            json!({ "textDocument": { "uri": uri } }),
        )
        .await
        .unwrap();
    assert!(t.elapsed() < Duration::from_secs(5), "{:?}", t.elapsed());
    assert_eq!(report["items"], json!([]), "{report:#}");
    release.send(()).unwrap();
    h.wait_for("workspace/diagnostic/refresh", |m| {
        m["method"] == "workspace/diagnostic/refresh"
    })
    .await;
    let report = h
        .request(
            "textDocument/diagnostic",
            json!({ "textDocument": { "uri": uri } }),
        )
        .await
        .unwrap();
    assert!(
        report["items"].as_array().is_some_and(|a| !a.is_empty()),
        "{report:#}"
    );
}

/// No form named: the title line chooses the built-in form, and choosing again when the title is edited.
#[tokio::test]
async fn the_title_line_chooses_the_form_and_an_edit_of_it_switches_live() {
    let kakogawa = include_str!("../../examples/kakogawa/r4-fukushi-bus.hyoka");
    let (mut h, _) = Harness::initialized(utf16_caps()).await;
    h.open(URI, 1, kakogawa).await;
    assert_eq!(
        h.diagnostics_for(URI, 1).await,
        json!([]),
        "read with kakogawa-r4"
    );
    let hover = h
        .request("textDocument/hover", hover_params(URI, 0, 2))
        .await
        .unwrap();
    assert!(hover.to_string().contains("kakogawa-r4"), "{hover:#}");
    // Line 1 becomes a Hiratsuka title: the Hiratsuka form applies, and its sections are missing.
    let title = kakogawa.lines().next().unwrap();
    let end = title.encode_utf16().count() as u32;
    let edit = |text: &str| json!([{ "range": range((0, 0), (0, end)), "text": text }]);
    h.change(URI, 2, edit("事業評価シート（令和3年度分）"))
        .await;
    let d = h.diagnostics_for(URI, 2).await;
    assert!(
        essentials(&d)
            .iter()
            .any(|(code, _, _)| code == "missing-section"),
        "{d:#}"
    );
    let end = "事業評価シート（令和3年度分）".encode_utf16().count() as u32;
    h.change(
        URI,
        3,
        json!([{ "range": range((0, 0), (0, end)), "text": title }]),
    )
    .await;
    assert_eq!(
        h.diagnostics_for(URI, 3).await,
        json!([]),
        "back to kakogawa-r4"
    );
}

/// Reliability 3, finding 4: every watched-file event was applied on its own (2,000 events for one sheet kept
/// hovers waiting 10–27 s), and every event naming hyoka.toml started a full re-index beside the running
/// ones (200 events, 201 re-indexes). Now a burst is folded into a few updates, and a re-index cancels the
/// one it replaces.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bursts_of_watched_file_events_are_folded_into_few_updates() {
    let dir = tempfile::tempdir().unwrap();
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/workspace/target-changed/h26-chisan-chisho.hyoka");
    let text = std::fs::read_to_string(&src).unwrap();
    // Enough sheets for an index to take several batches.
    for i in 0..300 {
        let sheet = text.replacen(
            "学校給食地場産物活用事業",
            &format!("学校給食事業{i:03}"),
            1,
        );
        std::fs::write(dir.path().join(format!("s{i:03}.hyoka")), sheet).unwrap();
    }
    let folder = format!("file://{}", dir.path().display());
    let mut h = Harness::new();
    h.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": folder,
            "workspaceFolders": [{ "uri": folder, "name": "h26" }],
            "capabilities": { "window": { "workDoneProgress": true } },
        }),
    )
    .await
    .unwrap();
    h.notify("initialized", json!({})).await;
    h.wait_for("the first index", |m| {
        m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end"
    })
    .await;
    let backend = h.service.inner().clone();
    let (runs, _, updates) = backend.workspace_work();
    assert_eq!((runs, updates), (1, 0));

    // 2,000 events for one sheet.
    let one = format!("{folder}/s000.hyoka");
    for _ in 0..2000 {
        h.notify(
            "workspace/didChangeWatchedFiles",
            json!({ "changes": [{ "uri": one, "type": 2 }] }),
        )
        .await;
    }
    // 200 events naming hyoka.toml, each a full re-index once.
    let config = format!("{folder}/hyoka.toml");
    for _ in 0..200 {
        h.notify(
            "workspace/didChangeWatchedFiles",
            json!({ "changes": [{ "uri": config, "type": 2 }] }),
        )
        .await;
    }
    // Wait until everything has been applied: the last index ends and nothing is pending.
    let deadline = std::time::Instant::now() + TIMEOUT;
    loop {
        let (runs, cancelled, _) = backend.workspace_work();
        let ends = h
            .drain()
            .await
            .iter()
            .filter(|m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end")
            .count();
        if runs >= 2 && ends == runs && backend.workspace_idle() {
            let _ = cancelled;
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the burst was not applied in time"
        );
    }
    let (runs, cancelled, updates) = backend.workspace_work();
    println!("after the burst: {runs} index runs ({cancelled} cancelled), {updates} file updates");
    assert!(
        updates <= 20,
        "2,000 events for one sheet gave {updates} updates"
    );
    assert!(
        runs - cancelled <= 3,
        "200 config events gave {runs} index runs, {cancelled} of them cancelled"
    );
    // The progress of every run that started has ended (none left spinning in the editor).
    let msgs = h.drain().await;
    let begins = msgs
        .iter()
        .filter(|m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "begin")
        .count();
    assert_eq!(begins, runs);
}
