//! A guard between stdio and the LSP service. tower-lsp-server stops reading after one frame it cannot
//! decode, so every frame is checked here first: well-formed JSON-RPC messages go through; anything else
//! (no Content-Length, a body that is not JSON or not a JSON-RPC message, an oversized body) gets an error
//! response with a null id, as JSON-RPC 2.0 prescribes, and the server carries on.
//!
//! It also drops a `$/cancelRequest` for an id that is not in flight: tower-lsp-server registers a request as
//! pending when it reads it but runs a cancel only when the cancel's task is first polled, so a cancel read
//! just before its own request would otherwise cancel that request.

use hyoka_core::messages::ui;
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::mpsc;

/// Larger bodies are skipped unread (memory stays bounded); 10 MB documents fit many times over.
const MAX_BODY: usize = 256 * 1024 * 1024;
const MAX_HEADER_LINE: u64 = 8 * 1024;

enum Frame {
    Body(Vec<u8>),
    /// Not a frame; the reason goes into the error response.
    Bad(String),
}

/// Read one frame; `None` at the end of input.
async fn read_frame<R: AsyncRead + Unpin>(r: &mut BufReader<R>) -> std::io::Result<Option<Frame>> {
    let mut length: Option<Result<usize, String>> = None;
    let mut saw_header = false;
    loop {
        let mut line = Vec::new();
        let n = (&mut *r)
            .take(MAX_HEADER_LINE)
            .read_until(b'\n', &mut line)
            .await?;
        if n == 0 {
            return Ok(None);
        }
        let text = String::from_utf8_lossy(&line);
        let t = text.trim_end_matches(['\r', '\n']);
        if t.is_empty() {
            if saw_header {
                break;
            }
            continue;
        }
        saw_header = true;
        // The last header on the line: garbage left by a broken frame ends where the next header starts.
        if let Some((name, value)) = t.rsplit_once(':') {
            if name.trim().to_ascii_lowercase().ends_with("content-length") {
                length = Some(value.trim().parse::<usize>().map_err(|_| {
                    ui(
                        "lsp.transport.length_not_number",
                        &[("value", &value.trim())],
                    )
                }));
            }
        }
    }
    let n = match length {
        None => return Ok(Some(Frame::Bad(ui("lsp.transport.no_length", &[])))),
        Some(Err(e)) => return Ok(Some(Frame::Bad(e))),
        Some(Ok(n)) => n,
    };
    if n > MAX_BODY {
        // Skip the body without keeping it.
        let skipped =
            tokio::io::copy(&mut (&mut *r).take(n as u64), &mut tokio::io::sink()).await?;
        return Ok(Some(Frame::Bad(ui(
            "lsp.transport.too_large",
            &[("size", &skipped), ("limit", &MAX_BODY)],
        ))));
    }
    let mut body = vec![0; n];
    match r.read_exact(&mut body).await {
        Ok(_) => Ok(Some(Frame::Body(body))),
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => Ok(None),
        Err(e) => Err(e),
    }
}

/// What a well-formed message is, as far as cancellation cares. Ids are keyed by their JSON text.
#[derive(Debug, PartialEq)]
enum Kind {
    Request(String),
    Cancel(String),
    Other,
}

/// Ids of the client's requests passed to the service and not answered yet.
#[derive(Clone, Default)]
pub struct InFlight(Arc<Mutex<HashSet<String>>>);

impl InFlight {
    fn set(&self) -> std::sync::MutexGuard<'_, HashSet<String>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The kind of a well-formed message, or why the service cannot take it, as (code, message, reply id).
fn check_message(body: &[u8]) -> Result<Kind, (i64, String, Value)> {
    let v: Value = serde_json::from_slice(body).map_err(|e| {
        (
            -32700,
            ui("lsp.transport.not_json", &[("error", &e)]),
            Value::Null,
        )
    })?;
    let Some(obj) = v.as_object() else {
        return Err((-32600, ui("lsp.transport.not_object", &[]), Value::Null));
    };
    let id = obj.get("id").cloned().unwrap_or(Value::Null);
    let id_ok = matches!(&id, Value::Null | Value::String(_)) || id.as_i64().is_some();
    let reply_id = if id_ok { id.clone() } else { Value::Null };
    if obj.get("jsonrpc").and_then(Value::as_str) != Some("2.0") {
        return Err((-32600, ui("lsp.transport.no_jsonrpc", &[]), reply_id));
    }
    let is_call = matches!(obj.get("method"), Some(Value::String(_)));
    let is_response =
        obj.contains_key("id") && (obj.contains_key("result") || obj.contains_key("error"));
    if obj.contains_key("method") && !is_call {
        return Err((-32600, ui("lsp.transport.method_not_string", &[]), reply_id));
    }
    if !id_ok || !(is_call || is_response) {
        return Err((-32600, ui("lsp.transport.not_a_message", &[]), reply_id));
    }
    Ok(match obj.get("method").and_then(Value::as_str) {
        Some("$/cancelRequest") => match obj.get("params").and_then(|p| p.get("id")) {
            Some(id) => Kind::Cancel(id.to_string()),
            None => Kind::Other,
        },
        // A null id cannot be told apart from a null-id error in the output: not tracked.
        Some(_) if !id.is_null() => Kind::Request(id.to_string()),
        _ => Kind::Other,
    })
}

/// The id of a response from the service (None for its notifications and requests to the client).
fn response_id(body: &[u8]) -> Option<String> {
    #[derive(Deserialize)]
    struct Head {
        #[serde(default)]
        id: Option<Value>,
        #[serde(default)]
        method: Option<serde::de::IgnoredAny>,
    }
    let h: Head = serde_json::from_slice(body).ok()?;
    match (h.method, h.id) {
        (None, Some(id)) => Some(id.to_string()),
        _ => None,
    }
}

fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

/// Pump client input into the service, answering what cannot go through.
pub async fn pump_input<R, W>(
    input: R,
    mut to_server: W,
    errors: mpsc::UnboundedSender<Vec<u8>>,
    in_flight: InFlight,
) where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut r = BufReader::with_capacity(1 << 16, input);
    loop {
        let frame_result = read_frame(&mut r).await;
        match frame_result {
            Ok(None) | Err(_) => break,
            Ok(Some(Frame::Body(body))) => match check_message(&body) {
                Ok(kind) => {
                    match kind {
                        // Not (or no longer) in flight: nothing to cancel, and it must not hit a later request.
                        Kind::Cancel(id) if !in_flight.set().contains(&id) => continue,
                        Kind::Request(id) => {
                            in_flight.set().insert(id);
                        }
                        _ => {}
                    }
                    if to_server.write_all(&frame(&body)).await.is_err()
                        || to_server.flush().await.is_err()
                    {
                        break;
                    }
                }
                Err((code, message, id)) => {
                    let reply = json!({ "jsonrpc": "2.0", "id": id, "error": { "code": code, "message": message } });
                    let _ = errors.send(reply.to_string().into_bytes());
                }
            },
            Ok(Some(Frame::Bad(reason))) => {
                let reply = json!({ "jsonrpc": "2.0", "id": null, "error": { "code": -32700, "message": reason } });
                let _ = errors.send(reply.to_string().into_bytes());
            }
        }
    }
    let _ = to_server.shutdown().await;
}

/// Copy the service's output to the client, interleaving the guard's error responses between frames.
pub async fn pump_output<R, W>(
    from_server: R,
    mut out: W,
    mut errors: mpsc::UnboundedReceiver<Vec<u8>>,
    in_flight: InFlight,
) where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut r = BufReader::with_capacity(1 << 16, from_server);
    let mut errors_open = true;
    loop {
        tokio::select! {
            f = read_frame(&mut r) => match f {
                Ok(Some(Frame::Body(body))) => {
                    if !in_flight.set().is_empty() {
                        if let Some(id) = response_id(&body) {
                            in_flight.set().remove(&id);
                        }
                    }
                    if out.write_all(&frame(&body)).await.is_err() || out.flush().await.is_err() {
                        return;
                    }
                }
                Ok(Some(Frame::Bad(_))) => {}
                Ok(None) | Err(_) => break,
            },
            e = errors.recv(), if errors_open => match e {
                Some(body) => {
                    if out.write_all(&frame(&body)).await.is_err() || out.flush().await.is_err() {
                        return;
                    }
                }
                None => errors_open = false,
            },
        }
    }
    let _ = out.flush().await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_checks() {
        assert_eq!(
            check_message(br#"{"jsonrpc":"2.0","id":1,"method":"x"}"#),
            Ok(Kind::Request("1".into()))
        );
        assert_eq!(
            check_message(br#"{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":"a"}}"#),
            Ok(Kind::Cancel("\"a\"".into()))
        );
        assert_eq!(
            check_message(br#"{"jsonrpc":"2.0","method":"x"}"#),
            Ok(Kind::Other)
        );
        assert_eq!(
            check_message(br#"{"jsonrpc":"2.0","id":1,"result":null}"#),
            Ok(Kind::Other)
        );
        assert_eq!(
            response_id(br#"{"jsonrpc":"2.0","id":1,"result":[1]}"#),
            Some("1".into())
        );
        assert_eq!(
            response_id(br#"{"jsonrpc":"2.0","id":1,"method":"m"}"#),
            None
        );
        assert_eq!(
            response_id(br#"{"jsonrpc":"2.0","method":"m","params":{}}"#),
            None
        );
        assert_eq!(check_message(b"{oops").unwrap_err().0, -32700);
        assert_eq!(check_message(b"[1,2]").unwrap_err().0, -32600);
        assert_eq!(
            check_message(br#"{"jsonrpc":"2.0"}"#).unwrap_err().0,
            -32600
        );
        assert_eq!(
            check_message(br#"{"jsonrpc":"2.0","id":7,"method":5}"#)
                .unwrap_err()
                .2,
            json!(7)
        );
        assert_eq!(
            check_message(br#"{"id":1,"method":"x"}"#).unwrap_err().0,
            -32600
        );
    }

    #[tokio::test]
    async fn frames_survive_garbage_between_them() {
        let input = b"garbage\r\n\r\nContent-Length: 5\r\n\r\nhelloContent-Length: abc\r\n\r\ncontent-length: 2\r\nContent-Type: x\r\n\r\n{}";
        let mut r = BufReader::new(&input[..]);
        assert!(matches!(
            read_frame(&mut r).await.unwrap(),
            Some(Frame::Bad(_))
        ));
        assert!(matches!(read_frame(&mut r).await.unwrap(), Some(Frame::Body(b)) if b == b"hello"));
        assert!(matches!(
            read_frame(&mut r).await.unwrap(),
            Some(Frame::Bad(_))
        ));
        assert!(matches!(read_frame(&mut r).await.unwrap(), Some(Frame::Body(b)) if b == b"{}"));
        assert!(read_frame(&mut r).await.unwrap().is_none());
    }
}
