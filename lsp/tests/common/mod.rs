//! A small LSP client for the tests: starts the real `aurora-lsp` binary and speaks
//! JSON-RPC with it over stdio (Content-Length framing). Every wait is bounded; the child
//! is killed when the client is dropped.

// Each test binary uses a part of the client.
#![allow(dead_code)]

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// How long any one answer may take.
pub const TIMEOUT: Duration = Duration::from_secs(30);

pub struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    /// Notifications and requests from the server not yet looked at.
    unread: VecDeque<Value>,
    next_id: i64,
    _cache: tempfile::TempDir,
}

impl Client {
    /// Starts the server and completes the `initialize` handshake.
    pub fn start() -> Client {
        Client::start_with(json!({}))
    }

    /// [`Client::start`], with `params` added to those of `initialize` (`capabilities`,
    /// `initializationOptions`...).
    pub fn start_with(params: Value) -> Client {
        let cache = tempfile::tempdir().expect("a temporary directory");
        let mut child = Command::new(env!("CARGO_BIN_EXE_aurora-lsp"))
            .env("XDG_CACHE_HOME", cache.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("aurora-lsp starts");
        let stdin = child.stdin.take().expect("stdin is piped");
        let stdout = child.stdout.take().expect("stdout is piped");
        let (sender, messages) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if sender.send(message).is_err() {
                    break;
                }
            }
        });
        let mut client = Client {
            child,
            stdin,
            messages,
            unread: VecDeque::new(),
            next_id: 1,
            _cache: cache,
        };
        let mut initialize = json!({"processId": null, "rootUri": null, "capabilities": {}});
        if let (Some(initialize), Value::Object(params)) = (initialize.as_object_mut(), params) {
            initialize.extend(params);
        }
        let result = client.request("initialize", initialize);
        assert!(
            result["capabilities"]["hoverProvider"] == json!(true),
            "{result}"
        );
        client.notify("initialized", json!({}));
        client
    }

    fn send(&mut self, message: &Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write");
        self.stdin.flush().expect("flush");
    }

    /// Writes `bytes` to the server as they are (malformed frames, say).
    pub fn send_raw(&mut self, bytes: &[u8]) {
        self.stdin.write_all(bytes).expect("write");
        self.stdin.flush().expect("flush");
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and returns its result (panics on an error response or a timeout).
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        self.try_request(method, params)
            .unwrap_or_else(|error| panic!("{method}: {error}"))
    }

    /// Sends a request and returns its result, or its error (panics on a timeout).
    pub fn try_request(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let message = self.receive(deadline, method);
            if message.get("id") == Some(&json!(id)) && message.get("method").is_none() {
                return match message.get("error") {
                    Some(error) => Err(error.clone()),
                    None => Ok(message["result"].clone()),
                };
            }
            self.unread.push_back(message);
        }
    }

    fn receive(&mut self, deadline: Instant, waiting_for: &str) -> Value {
        let left = deadline.saturating_duration_since(Instant::now());
        self.messages
            .recv_timeout(left)
            .unwrap_or_else(|_| panic!("no answer to {waiting_for} within {TIMEOUT:?}"))
    }

    /// The next message from the server (a notification or a request) that `accept`
    /// accepts; the others stay unread.
    pub fn message(&mut self, waiting_for: &str, accept: impl Fn(&Value) -> bool) -> Value {
        if let Some(index) = self.unread.iter().position(&accept) {
            return self.unread.remove(index).expect("the index exists");
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let message = self.receive(deadline, waiting_for);
            if accept(&message) {
                return message;
            }
            self.unread.push_back(message);
        }
    }

    /// Answers the server's request `request` with `result`.
    pub fn respond(&mut self, request: &Value, result: Value) {
        self.send(&json!({"jsonrpc": "2.0", "id": request["id"], "result": result}));
    }

    /// The next `publishDiagnostics` for `uri` that `accept` accepts.
    pub fn diagnostics(&mut self, uri: &str, accept: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        let matches = |message: &Value| {
            message["method"] == "textDocument/publishDiagnostics"
                && message["params"]["uri"] == uri
                && accept(&message["params"])
        };
        if let Some(index) = self.unread.iter().position(matches) {
            return self.unread.remove(index).expect("the index exists")["params"].clone();
        }
        loop {
            let message = self.receive(deadline, "publishDiagnostics");
            if matches(&message) {
                return message["params"].clone();
            }
        }
    }

    /// Opens `text` as the file at `path`; returns its URI.
    pub fn open(&mut self, path: &Path, text: &str) -> String {
        let uri = file_uri(path);
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {
                "uri": uri, "languageId": "aurora", "version": 1, "text": text,
            }}),
        );
        uri
    }

    pub fn change(&mut self, uri: &str, version: i32, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"text": text}],
            }),
        );
    }

    /// An incremental change: `text` replaces the range from `start` to `end` (line and
    /// UTF-16 character).
    pub fn edit(
        &mut self,
        uri: &str,
        version: i32,
        start: (u32, u32),
        end: (u32, u32),
        text: &str,
    ) {
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{
                    "range": {
                        "start": {"line": start.0, "character": start.1},
                        "end": {"line": end.0, "character": end.1},
                    },
                    "text": text,
                }],
            }),
        );
    }

    /// `textDocument/<method>` at a line and UTF-16 character.
    pub fn at(&mut self, method: &str, uri: &str, line: u32, character: u32) -> Value {
        self.request(
            &format!("textDocument/{method}"),
            json!({
                "textDocument": {"uri": uri},
                "position": {"line": line, "character": character},
            }),
        )
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn file_uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// Line and UTF-16 character of the first `needle` in `text`, plus `shift` characters.
pub fn position_of(text: &str, needle: &str, shift: usize) -> (u32, u32) {
    let offset = text.find(needle).expect("the needle is in the text") + shift;
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let character: usize = before[line_start..].chars().map(char::len_utf16).sum();
    (line as u32, character as u32)
}

fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length:") {
            length = value.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}
