//! A guard in front of tower-lsp-server's framing. The library ends the session, silently,
//! on the first frame it cannot decode (a bad or missing `Content-Length`, a body that is
//! not JSON, a batch, a scalar, an id it cannot represent), and believes any length, so a
//! `Content-Length` of 10^12 swallows all later input. Editors and fuzzers do send such
//! frames; the server must answer them with a JSON-RPC error and go on.
//!
//! So the server reads stdin itself: well-formed messages reach the library re-framed
//! through an in-memory pipe; the others get an error response. After a header it cannot
//! trust, the reader skips to the next line that starts a `Content-Length` header. All
//! output, the library's frames and these errors, goes to stdout through one writer, whole
//! frame by whole frame.

use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::mpsc;

/// The largest message accepted: far above any real document, far below memory.
pub(crate) const MAX_MESSAGE_BYTES: usize = 64 << 20;

/// The longest header line read: real ones are a few dozen bytes.
const MAX_HEADER_LINE: usize = 4096;

const PARSE_ERROR: i64 = -32700;
const INVALID_REQUEST: i64 = -32600;

/// One frame read from the client.
#[derive(Debug, PartialEq)]
enum Frame {
    /// A message for the server: its body.
    Message(Vec<u8>),
    /// A frame to answer with an error (code and message); reading goes on.
    Refused(i64, String),
    /// The input ended.
    End,
}

/// Reads client frames from `input`, forwards the well-formed ones (re-framed) to
/// `to_server` and sends an error response for each other one to `output`.
pub(crate) async fn guard_input(
    input: impl AsyncRead + Unpin,
    mut to_server: impl AsyncWrite + Unpin,
    output: mpsc::UnboundedSender<Vec<u8>>,
) {
    let mut reader = BufReader::new(input);
    let mut resync = false;
    loop {
        match read_frame(&mut reader, &mut resync).await {
            Frame::Message(body) => {
                let framed = frame(&body);
                if to_server.write_all(&framed).await.is_err() || to_server.flush().await.is_err() {
                    return;
                }
            }
            Frame::Refused(code, message) => {
                eprintln!("aurora-lsp: refused a message: {message}");
                let reply = json!({
                    "jsonrpc": "2.0",
                    "id": null,
                    "error": {"code": code, "message": message},
                });
                if output.send(frame(reply.to_string().as_bytes())).is_err() {
                    return;
                }
            }
            Frame::End => return,
        }
    }
}

/// Copies the server's frames from `from_server` to `output`, whole.
pub(crate) async fn forward_output(
    from_server: impl AsyncRead + Unpin,
    output: mpsc::UnboundedSender<Vec<u8>>,
) {
    let mut reader = BufReader::new(from_server);
    let mut resync = false;
    // The library's own frames are well-formed; read them with the same reader.
    while let Frame::Message(body) = read_frame(&mut reader, &mut resync).await {
        if output.send(frame(&body)).is_err() {
            return;
        }
    }
}

/// Writes each frame sent to `frames` to `out`, in order, flushing after each.
pub(crate) async fn write_output(
    mut frames: mpsc::UnboundedReceiver<Vec<u8>>,
    mut out: impl AsyncWrite + Unpin,
) {
    while let Some(bytes) = frames.recv().await {
        if out.write_all(&bytes).await.is_err() || out.flush().await.is_err() {
            return;
        }
    }
}

/// What the guard makes of `input` as a whole: the bodies it lets through, and how many
/// frames it answers with an error. For fuzzing: whatever the bytes, reading ends, and
/// only messages the library can take get through.
pub fn guard_frames(input: &[u8]) -> (Vec<Vec<u8>>, usize) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a current-thread runtime starts");
    runtime.block_on(async {
        let mut reader = BufReader::new(input);
        let mut resync = false;
        let (mut passed, mut refused) = (Vec::new(), 0);
        loop {
            match read_frame(&mut reader, &mut resync).await {
                Frame::Message(body) => passed.push(body),
                Frame::Refused(..) => refused += 1,
                Frame::End => return (passed, refused),
            }
        }
    })
}

fn frame(body: &[u8]) -> Vec<u8> {
    let mut framed = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    framed.extend_from_slice(body);
    framed
}

/// Reads one frame. `resync` says the last header was untrustworthy: lines are skipped
/// until one starts a `Content-Length` header.
async fn read_frame(reader: &mut (impl AsyncBufReadExt + Unpin), resync: &mut bool) -> Frame {
    let mut length: Option<Result<usize, String>> = None;
    let mut any_header = false;
    loop {
        let Some(line) = read_line(reader).await else {
            return Frame::End;
        };
        let Ok(line) = line else {
            *resync = true;
            return Frame::Refused(PARSE_ERROR, "a header line is too long".into());
        };
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        let content_length = header_value(text, "content-length");
        if *resync {
            if content_length.is_none() {
                continue;
            }
            *resync = false;
        }
        if text.is_empty() {
            if !any_header {
                // Blank lines between frames.
                continue;
            }
            break;
        }
        any_header = true;
        if let Some(value) = content_length {
            length = Some(match value.parse::<u64>() {
                Ok(n) if n as usize <= MAX_MESSAGE_BYTES && n <= MAX_MESSAGE_BYTES as u64 => {
                    Ok(n as usize)
                }
                Ok(n) => Err(format!(
                    "Content-Length {n} is larger than the limit of {MAX_MESSAGE_BYTES} bytes"
                )),
                Err(_) => Err(format!("Content-Length `{value}` is not a byte count")),
            });
        }
    }
    let length = match length {
        Some(Ok(length)) => length,
        Some(Err(message)) => {
            *resync = true;
            return Frame::Refused(PARSE_ERROR, message);
        }
        None => {
            *resync = true;
            return Frame::Refused(
                PARSE_ERROR,
                "a message without a Content-Length header".into(),
            );
        }
    };
    let mut body = vec![0; length];
    if reader.read_exact(&mut body).await.is_err() {
        return Frame::End;
    }
    match check_message(&body) {
        Ok(()) => Frame::Message(body),
        Err((code, message)) => Frame::Refused(code, message),
    }
}

/// One line, newline included; `Err` for a line longer than [`MAX_HEADER_LINE`] (then
/// consumed up to its end); `None` at the end of the input.
async fn read_line(reader: &mut (impl AsyncBufReadExt + Unpin)) -> Option<Result<Vec<u8>, ()>> {
    let mut line = Vec::new();
    let mut too_long = false;
    loop {
        let available = match reader.fill_buf().await {
            Ok(available) => available,
            Err(_) => return None,
        };
        if available.is_empty() {
            return if line.is_empty() && !too_long {
                None
            } else if too_long {
                Some(Err(()))
            } else {
                Some(Ok(line))
            };
        }
        let (taken, done) = match available.iter().position(|&b| b == b'\n') {
            Some(newline) => (newline + 1, true),
            None => (available.len(), false),
        };
        if !too_long {
            line.extend_from_slice(&available[..taken]);
            if line.len() > MAX_HEADER_LINE {
                too_long = true;
                line.clear();
            }
        }
        reader.consume(taken);
        if done {
            return Some(if too_long { Err(()) } else { Ok(line) });
        }
    }
}

/// The value of header `name` (case-insensitive) in `line`.
fn header_value<'a>(line: &'a str, name: &str) -> Option<&'a str> {
    let (key, value) = line.split_once(':')?;
    key.trim().eq_ignore_ascii_case(name).then(|| value.trim())
}

/// Whether `body` is a message the library can take: a JSON object that is a request, a
/// notification or a response, with an id it can represent.
fn check_message(body: &[u8]) -> Result<(), (i64, String)> {
    let text = std::str::from_utf8(body)
        .map_err(|_| (PARSE_ERROR, "the message is not valid UTF-8".to_string()))?;
    // serde_json refuses nesting deeper than 128 levels, so a deep body cannot exhaust
    // the stack.
    let message: Value = serde_json::from_str(text)
        .map_err(|error| (PARSE_ERROR, format!("the message is not JSON: {error}")))?;
    let Value::Object(fields) = &message else {
        let what = if message.is_array() {
            "a batch (LSP sends one message per frame)"
        } else {
            "not a JSON object"
        };
        return Err((INVALID_REQUEST, format!("the message is {what}")));
    };
    match fields.get("id") {
        None | Some(Value::Null | Value::String(_)) => {}
        Some(Value::Number(number)) if number.is_i64() => {}
        Some(other) => {
            return Err((
                INVALID_REQUEST,
                format!("the message's id {other} is not a string or a 64-bit integer"),
            ))
        }
    }
    let is_call = matches!(fields.get("method"), Some(Value::String(_)));
    let is_response = fields.contains_key("id")
        && (fields.contains_key("result") || fields.contains_key("error"));
    if !is_call && !is_response {
        return Err((
            INVALID_REQUEST,
            "the message is neither a request, a notification nor a response".into(),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn frames_of(input: &[u8]) -> Vec<Frame> {
        let mut reader = BufReader::new(input);
        let mut resync = false;
        let mut frames = Vec::new();
        loop {
            match read_frame(&mut reader, &mut resync).await {
                Frame::End => return frames,
                frame => frames.push(frame),
            }
        }
    }

    fn good(body: &str) -> Vec<u8> {
        frame(body.as_bytes())
    }

    const PING: &str = r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#;

    fn refused_then_ping(frames: &[Frame]) {
        assert!(
            matches!(frames, [Frame::Refused(..), Frame::Message(body)] if body == PING.as_bytes()),
            "{frames:?}"
        );
    }

    #[tokio::test]
    async fn well_formed_messages_pass() {
        let mut input = good(PING);
        input.extend(b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n");
        input.extend(good(
            r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#,
        ));
        let frames = frames_of(&input).await;
        assert_eq!(frames.len(), 2, "{frames:?}");
        assert!(frames.iter().all(|f| matches!(f, Frame::Message(_))));
    }

    #[tokio::test]
    async fn bad_lengths_are_refused_and_reading_goes_on() {
        for header in [
            "Content-Length: -5\r\n\r\n{}",
            "Content-Length: abc\r\n\r\n{}",
            "Content-Length: 1000000000000\r\n\r\n{}",
            "Content-Type: text/plain\r\n\r\n{}",
        ] {
            let mut input = header.as_bytes().to_vec();
            input.extend(b"\r\n");
            input.extend(good(PING));
            refused_then_ping(&frames_of(&input).await);
        }
    }

    #[tokio::test]
    async fn bodies_that_are_no_message_are_refused() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let bodies: Vec<Vec<u8>> = vec![
            b"not json".to_vec(),
            b"\xff\xfe".to_vec(),
            br#"[{"jsonrpc":"2.0","id":1,"method":"shutdown"}]"#.to_vec(),
            b"42".to_vec(),
            deep.into_bytes(),
            br#"{"jsonrpc":"2.0","id":123456789012345678901234567890,"method":"shutdown"}"#
                .to_vec(),
            br#"{"jsonrpc":"2.0","id":1.5,"method":"shutdown"}"#.to_vec(),
            br#"{"jsonrpc":"2.0"}"#.to_vec(),
        ];
        for body in bodies {
            let mut input = frame(&body);
            input.extend(good(PING));
            refused_then_ping(&frames_of(&input).await);
        }
    }

    #[tokio::test]
    async fn an_endless_header_line_is_refused() {
        let mut input = vec![b'x'; 100_000];
        input.extend(b"\r\n");
        input.extend(good(PING));
        refused_then_ping(&frames_of(&input).await);
    }
}
