//! One JSON-RPC client for `hyoka lsp --stdio`, shared by tests/lsp_stdio.rs, tests/lsp_torture.rs,
//! tests/snapshots.rs and benches/lsp.rs. Include it with
//!
//! ```text
//! #[path = "support/lsp_client.rs"]            // benches: "../tests/support/lsp_client.rs"
//! mod lsp_client;
//! ```
//!
//! The server runs with piped stdio. A writer thread feeds its stdin through a bounded channel (a server
//! that stops reading blocks the writer thread, not the test, which fails after `write_timeout`); a reader
//! thread frames its stdout and stamps every message with the `Instant` it was read (what the latency
//! bench measures); a third thread keeps its stderr for failure messages. Every wait has a deadline, and a
//! wait that runs out panics with the last messages seen and the server's stderr, so a hung server fails a
//! test instead of hanging it. The server's own requests (client/registerCapability, diagnostic refresh…)
//! are answered with `null` as they are received. The process is killed when the client is dropped.
#![allow(dead_code)]

#[path = "framing.rs"]
pub mod framing;

use serde_json::{json, Value};
use std::collections::VecDeque;
use std::ffi::OsStr;
use std::io::{BufReader, Read, Write};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, SyncSender, TrySendError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How many messages received while waiting for something else are kept (for failure messages and
/// [`LspClient::take_seen`]); the panic messages show the last [`SHOWN`] of them.
const KEPT: usize = 1000;
const SHOWN: usize = 40;

/// Ids of the client's own requests start here, so that ids a test writes by hand (1, 77, 4242…) never
/// meet one of them.
const FIRST_ID: i64 = 1_000_000;

pub struct LspClient {
    child: Child,
    /// Raw bytes for the writer thread; None once stdin is closed.
    to_stdin: Option<SyncSender<Vec<u8>>>,
    /// Messages with the instant the reader thread finished reading each.
    rx: Receiver<(Instant, Value)>,
    next_id: i64,
    stderr: Arc<Mutex<String>>,
    /// Messages received while waiting for something else (the last `KEPT`).
    seen: VecDeque<Value>,
    /// The deadline of `wait_for`, `request`, `diagnostics`… (the `_within` variants take their own).
    pub timeout: Duration,
    /// How long a write may wait for the server to take its input.
    pub write_timeout: Duration,
}

/// Why a receive returned nothing.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum NoMessage {
    Timeout,
    /// The server closed its stdout (it exited or crashed).
    Closed,
}

impl LspClient {
    /// Start `binary` with `args` and extra environment variables, with piped stdio.
    pub fn spawn(binary: impl AsRef<OsStr>, args: &[&str], env: &[(&str, &str)]) -> LspClient {
        let binary = binary.as_ref();
        let mut child = Command::new(binary)
            .args(args)
            .envs(env.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("spawn {}: {e}", binary.to_string_lossy()));
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut r = BufReader::with_capacity(1 << 16, stdout);
            while let Some(m) = framing::read_message(&mut r) {
                if tx.send((Instant::now(), m)).is_err() {
                    break;
                }
            }
        });
        let stderr = Arc::new(Mutex::new(String::new()));
        let (mut err_pipe, sink) = (child.stderr.take().unwrap(), stderr.clone());
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = err_pipe.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        let mut stdin = child.stdin.take().unwrap();
        let (wtx, wrx) = mpsc::sync_channel::<Vec<u8>>(8);
        std::thread::spawn(move || {
            for chunk in wrx {
                if stdin.write_all(&chunk).and_then(|_| stdin.flush()).is_err() {
                    break;
                }
            }
            // Dropping stdin closes the server's input.
        });
        LspClient {
            child,
            to_stdin: Some(wtx),
            rx,
            next_id: FIRST_ID,
            stderr,
            seen: VecDeque::new(),
            timeout: Duration::from_secs(15),
            write_timeout: Duration::from_secs(120),
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// What the server has written to stderr so far.
    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// The last messages seen and the server's stderr, for a failure message.
    pub fn report(&self) -> String {
        let skip = self.seen.len().saturating_sub(SHOWN);
        let last: Vec<String> = self.seen.iter().skip(skip).map(brief).collect();
        format!(
            "last {} of {} messages seen:\n{}\nstderr:\n{}",
            last.len(),
            self.seen.len(),
            last.join("\n"),
            self.stderr()
        )
    }

    // ── Writing ────────────────────────────────────────────────────────────────────────────────────

    /// Queue raw bytes for the server's stdin. Fails the test if the server stops taking its input for
    /// `write_timeout`, or if stdin is closed.
    pub fn write_raw(&mut self, bytes: impl Into<Vec<u8>>) {
        if let Err(why) = self.queue(bytes.into()) {
            panic!("{why}; {}", self.report());
        }
    }

    fn queue(&self, mut item: Vec<u8>) -> Result<(), &'static str> {
        let deadline = Instant::now() + self.write_timeout;
        let tx = self.to_stdin.as_ref().ok_or("write after close_stdin")?;
        loop {
            match tx.try_send(item) {
                Ok(()) => return Ok(()),
                Err(TrySendError::Full(back)) => {
                    if Instant::now() >= deadline {
                        return Err("the server stopped reading its input");
                    }
                    item = back;
                    std::thread::sleep(Duration::from_millis(1));
                }
                Err(TrySendError::Disconnected(_)) => return Err("the server's stdin is closed"),
            }
        }
    }

    /// Send one message, framed. Returns the instant just before it was queued (the start of a round
    /// trip, for the latency bench).
    pub fn send(&mut self, msg: &Value) -> Instant {
        let framed = framing::frame(&serde_json::to_vec(msg).unwrap());
        let t = Instant::now();
        self.write_raw(framed);
        t
    }

    pub fn notify(&mut self, method: &str, params: Value) -> Instant {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }))
    }

    /// Send a request with the next id and return the id, without waiting for the response.
    pub fn send_request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = json!(self.next_id);
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        id
    }

    /// Close the server's stdin (once the writer thread has written what is queued).
    pub fn close_stdin(&mut self) {
        self.to_stdin = None;
    }

    // ── Reading ────────────────────────────────────────────────────────────────────────────────────

    /// The next message and the instant it was read, answering the server's own requests on the way.
    pub fn recv_timed(&mut self, deadline: Instant) -> Result<(Instant, Value), NoMessage> {
        let left = deadline.saturating_duration_since(Instant::now());
        match self.rx.recv_timeout(left) {
            Ok((t, m)) => {
                if m.get("method").is_some() && m.get("id").is_some() {
                    // client/registerCapability, workspace/diagnostic/refresh…: accept (unless stdin is
                    // closed or the server has gone: then there is no one to answer).
                    let answer = json!({ "jsonrpc": "2.0", "id": m["id"], "result": null });
                    let _ = self.queue(framing::frame(&serde_json::to_vec(&answer).unwrap()));
                }
                Ok((t, m))
            }
            Err(RecvTimeoutError::Timeout) => Err(NoMessage::Timeout),
            Err(RecvTimeoutError::Disconnected) => Err(NoMessage::Closed),
        }
    }

    /// The next message; None on timeout or when the server has closed its output.
    pub fn recv(&mut self, deadline: Instant) -> Option<Value> {
        self.recv_timed(deadline).ok().map(|(_, m)| m)
    }

    fn remember(&mut self, m: Value) {
        if self.seen.len() == KEPT {
            self.seen.pop_front();
        }
        self.seen.push_back(m);
    }

    /// The messages received while waiting for something else (the last 1,000).
    pub fn seen(&self) -> impl Iterator<Item = &Value> {
        self.seen.iter()
    }

    /// The messages received while waiting for something else, emptying the list.
    pub fn take_seen(&mut self) -> Vec<Value> {
        self.seen.drain(..).collect()
    }

    /// Every message that arrives within `within` (kept in the seen list too).
    pub fn drain(&mut self, within: Duration) -> Vec<Value> {
        let deadline = Instant::now() + within;
        let mut out = Vec::new();
        while let Some(m) = self.recv(deadline) {
            self.remember(m.clone());
            out.push(m);
        }
        out
    }

    /// The first message within `within` that satisfies `pred`, with the instant it was read; the others
    /// go to the seen list.
    pub fn try_wait_for_timed(
        &mut self,
        within: Duration,
        pred: impl Fn(&Value) -> bool,
    ) -> Result<(Instant, Value), NoMessage> {
        let deadline = Instant::now() + within;
        loop {
            let (t, m) = self.recv_timed(deadline)?;
            if pred(&m) {
                return Ok((t, m));
            }
            self.remember(m);
        }
    }

    pub fn try_wait_for(
        &mut self,
        within: Duration,
        pred: impl Fn(&Value) -> bool,
    ) -> Option<Value> {
        self.try_wait_for_timed(within, pred).ok().map(|(_, m)| m)
    }

    /// As `try_wait_for_timed`, panicking (with `what`, the last messages and stderr) when nothing comes.
    pub fn wait_for_timed(
        &mut self,
        what: &str,
        within: Duration,
        pred: impl Fn(&Value) -> bool,
    ) -> (Instant, Value) {
        match self.try_wait_for_timed(within, pred) {
            Ok(got) => got,
            Err(NoMessage::Timeout) => {
                panic!(
                    "timed out ({within:?}) waiting for {what}; {}",
                    self.report()
                )
            }
            Err(NoMessage::Closed) => panic!(
                "the server closed its output while we waited for {what}; {}",
                self.report()
            ),
        }
    }

    pub fn wait_for_within(
        &mut self,
        what: &str,
        within: Duration,
        pred: impl Fn(&Value) -> bool,
    ) -> Value {
        self.wait_for_timed(what, within, pred).1
    }

    pub fn wait_for(&mut self, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
        self.wait_for_within(what, self.timeout, pred)
    }

    /// The response (result or error) to the request `id`.
    pub fn response_within(&mut self, id: &Value, within: Duration) -> Value {
        let id = id.clone();
        self.wait_for_within(&format!("the response to id {id}"), within, |m| {
            m.get("method").is_none() && m.get("id") == Some(&id)
        })
    }

    pub fn response(&mut self, id: &Value) -> Value {
        self.response_within(id, self.timeout)
    }

    /// A request and its response: Ok(result) or Err(error object).
    pub fn request_within(
        &mut self,
        method: &str,
        params: Value,
        within: Duration,
    ) -> Result<Value, Value> {
        let id = self.send_request(method, params);
        let r = self.response_within(&id, within);
        match r.get("error") {
            Some(e) => Err(e.clone()),
            None => Ok(r["result"].clone()),
        }
    }

    pub fn request(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        self.request_within(method, params, self.timeout)
    }

    // ── The protocol ───────────────────────────────────────────────────────────────────────────────

    /// `initialize` with these client capabilities (it must succeed), then `initialized`. Returns the
    /// InitializeResult.
    pub fn initialize(&mut self, capabilities: Value) -> Value {
        let r = self
            .request(
                "initialize",
                json!({ "processId": null, "rootUri": null, "capabilities": capabilities }),
            )
            .unwrap_or_else(|e| panic!("initialize failed: {e}; {}", self.report()));
        self.notify("initialized", json!({}));
        r
    }

    /// `initialize` with whole params (workspace folders, say), then `initialized`.
    pub fn initialize_params(&mut self, params: Value) -> Value {
        let r = self
            .request("initialize", params)
            .unwrap_or_else(|e| panic!("initialize failed: {e}; {}", self.report()));
        self.notify("initialized", json!({}));
        r
    }

    pub fn open(&mut self, uri: &str, version: i32, text: &str) -> Instant {
        self.notify("textDocument/didOpen", json!({ "textDocument": { "uri": uri, "languageId": "hyoka", "version": version, "text": text } }))
    }

    pub fn change(&mut self, uri: &str, version: i32, changes: Value) -> Instant {
        self.notify("textDocument/didChange", json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": changes }))
    }

    pub fn close(&mut self, uri: &str) {
        self.notify(
            "textDocument/didClose",
            json!({ "textDocument": { "uri": uri } }),
        );
    }

    /// The publishDiagnostics for `uri` at `version`, and the instant it was read.
    pub fn diagnostics_timed(
        &mut self,
        uri: &str,
        version: i32,
        within: Duration,
    ) -> (Instant, Vec<Value>) {
        let (t, m) =
            self.wait_for_timed(&format!("diagnostics for {uri} v{version}"), within, |m| {
                m["method"] == "textDocument/publishDiagnostics"
                    && m["params"]["uri"] == uri
                    && m["params"]["version"] == version
            });
        (t, m["params"]["diagnostics"].as_array().unwrap().clone())
    }

    pub fn diagnostics_within(&mut self, uri: &str, version: i32, within: Duration) -> Vec<Value> {
        self.diagnostics_timed(uri, version, within).1
    }

    pub fn diagnostics(&mut self, uri: &str, version: i32) -> Vec<Value> {
        self.diagnostics_within(uri, version, self.timeout)
    }

    pub fn hover_within(
        &mut self,
        uri: &str,
        line: u32,
        character: u32,
        within: Duration,
    ) -> Result<Value, Value> {
        self.request_within(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } }),
            within,
        )
    }

    pub fn hover(&mut self, uri: &str, line: u32, character: u32) -> Result<Value, Value> {
        self.hover_within(uri, line, character, self.timeout)
    }

    /// The completion items at a position (from an array or a CompletionList).
    pub fn completion(&mut self, uri: &str, line: u32, character: u32) -> Vec<Value> {
        let r = self
            .request(
                "textDocument/completion",
                json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } }),
            )
            .unwrap_or_else(|e| panic!("completion failed: {e}"));
        r.as_array()
            .or_else(|| r["items"].as_array())
            .cloned()
            .unwrap_or_default()
    }

    pub fn document_symbols(&mut self, uri: &str) -> Value {
        self.request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": uri } }),
        )
        .unwrap_or_else(|e| panic!("documentSymbol failed: {e}"))
    }

    /// The code actions for `range`, given these diagnostics and, optionally, `only` kinds.
    pub fn code_actions(
        &mut self,
        uri: &str,
        range: Value,
        diagnostics: Value,
        only: Option<Value>,
    ) -> Vec<Value> {
        let mut context = json!({ "diagnostics": diagnostics });
        if let Some(o) = only {
            context["only"] = o;
        }
        let r = self.request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": uri }, "range": range, "context": context }),
        );
        r.unwrap_or_else(|e| panic!("codeAction failed: {e}"))
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    // ── Ending ─────────────────────────────────────────────────────────────────────────────────────

    /// The process's exit status within `within`, or None if it is still running.
    pub fn wait_exit(&mut self, within: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + within;
        loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                return Some(s);
            }
            if Instant::now() >= deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// `shutdown` (answered with null), `exit`, stdin closed; the exit status within 5 s.
    pub fn shutdown_and_exit(mut self) -> ExitStatus {
        let r = self.request("shutdown", Value::Null);
        assert_eq!(r, Ok(Value::Null), "shutdown; {}", self.report());
        self.notify("exit", Value::Null);
        self.close_stdin();
        match self.wait_exit(Duration::from_secs(5)) {
            Some(s) => s,
            None => panic!(
                "the server did not exit within 5 s after exit; {}",
                self.report()
            ),
        }
    }
}

impl Drop for LspClient {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// A message cut to 300 chars, for failure messages.
pub fn brief(v: &Value) -> String {
    let s = v.to_string();
    match s.char_indices().nth(300) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s,
    }
}
