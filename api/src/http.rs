//! The HTTP transport of Aurora's Thrift API, both sides of `POST /api`.
//!
//! Server side, as Aurora's scheduler servlet: the request's protocol comes from its
//! Content-Type (`application/vnd.apache.thrift.binary` is binary; `application/x-thrift`,
//! `application/json`, `application/vnd.apache.thrift.json` with or without
//! `charset=utf-8`, or no Content-Type at all, are TJSON; anything else is refused with 415
//! and `Unsupported Content-Type: ...`), the answer's from the Accept header (binary only
//! when it names exactly the binary type, TJSON otherwise). [`process`] runs one call through
//! any generated processor; the HTTP server around it is the caller's.
//!
//! Client side: [`HttpChannel`] is the transport the generated `...SyncClient`s run over:
//! what a call writes is buffered, `flush` posts it, and the answer is what the call reads.
//! Why a call failed below Thrift (unreachable, timed out, refused credentials, another HTTP
//! status) is kept as an [`HttpFailure`] for the caller to tell its user.

use std::cell::RefCell;
use std::io::{Cursor, Read, Write};
use std::rc::Rc;
use std::time::Duration;

use thrift::protocol::{
    TBinaryInputProtocol, TBinaryOutputProtocol, TInputProtocol, TOutputProtocol,
};
use thrift::server::TProcessor;

use crate::tjson::{TJsonInputProtocol, TJsonOutputProtocol};
use crate::{AuroraAdminSyncClient, AuroraSchedulerManagerSyncClient, ReadOnlySchedulerSyncClient};

/// Where the API is served.
pub const API_PATH: &str = "/api";

/// The largest request body a server should read, and the largest answer a client reads: a
/// job's configuration with its executor data is far below it.
pub const MAX_BODY_BYTES: usize = 32 << 20;

pub const BINARY_MEDIA_TYPE: &str = "application/vnd.apache.thrift.binary";
pub const JSON_MEDIA_TYPE: &str = "application/vnd.apache.thrift.json";

/// The two protocols `/api` speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Protocol {
    Binary,
    Json,
}

impl Protocol {
    /// The media type a body in this protocol is sent with.
    pub fn media_type(self) -> &'static str {
        match self {
            Protocol::Binary => BINARY_MEDIA_TYPE,
            Protocol::Json => JSON_MEDIA_TYPE,
        }
    }
}

/// A media type reduced to what Aurora's servlet compares: type, subtype and parameters,
/// lower-cased (Guava's `MediaType` lower-cases names and the charset's value).
fn media_type(text: &str) -> Option<(String, Vec<(String, String)>)> {
    let mut parts = text.split(';');
    let essence = parts.next()?.trim().to_ascii_lowercase();
    let (kind, subtype) = essence.split_once('/')?;
    if kind.is_empty() || subtype.is_empty() || kind.contains(' ') || subtype.contains(' ') {
        return None;
    }
    let mut parameters = Vec::new();
    for parameter in parts {
        let (name, value) = parameter.split_once('=')?;
        let name = name.trim().to_ascii_lowercase();
        let mut value = value.trim().trim_matches('"').to_string();
        if name == "charset" {
            value = value.to_ascii_lowercase();
        }
        parameters.push((name, value));
    }
    parameters.sort();
    Some((essence, parameters))
}

fn is_charset_free_or_utf8(parameters: &[(String, String)]) -> bool {
    match parameters {
        [] => true,
        [(name, value)] => name == "charset" && value == "utf-8",
        _ => false,
    }
}

/// The protocol of a request body, from its Content-Type; the error is the 415 answer's text.
pub fn request_protocol(content_type: Option<&str>) -> Result<Protocol, String> {
    let Some(text) = content_type else {
        return Ok(Protocol::Json);
    };
    let unsupported = || format!("Unsupported Content-Type: {text}");
    let (essence, parameters) = media_type(text).ok_or_else(unsupported)?;
    match (essence.as_str(), parameters.as_slice()) {
        ("application/vnd.apache.thrift.binary", []) => Ok(Protocol::Binary),
        ("application/json" | "application/x-thrift", []) => Ok(Protocol::Json),
        ("application/vnd.apache.thrift.json", parameters)
            if is_charset_free_or_utf8(parameters) =>
        {
            Ok(Protocol::Json)
        }
        _ => Err(unsupported()),
    }
}

/// The protocol of the answer, from the Accept header: binary when it asks for exactly that.
pub fn response_protocol(accept: Option<&str>) -> Protocol {
    match accept.and_then(media_type) {
        Some((essence, parameters)) if essence == BINARY_MEDIA_TYPE && parameters.is_empty() => {
            Protocol::Binary
        }
        _ => Protocol::Json,
    }
}

/// Why a request body was not answered with a Thrift reply.
#[derive(Debug, thiserror::Error)]
pub enum ProcessError {
    #[error("the request body is {0} bytes, more than the {MAX_BODY_BYTES} accepted")]
    TooLarge(usize),
    #[error("malformed Thrift request: {0}")]
    Malformed(thrift::Error),
}

/// Runs the call in `body` through `processor`, returning the reply's bytes in `output`.
/// A call the processor does not know gets Thrift's own `UNKNOWN_METHOD` reply; a body it
/// cannot read is an error (the server answers it with 400).
pub fn process(
    processor: &dyn TProcessor,
    body: &[u8],
    input: Protocol,
    output: Protocol,
) -> Result<Vec<u8>, ProcessError> {
    if body.len() > MAX_BODY_BYTES {
        return Err(ProcessError::TooLarge(body.len()));
    }
    let mut reply = Vec::new();
    let mut input_protocol = input_protocol(input, Cursor::new(body));
    let mut output_protocol = output_protocol(output, &mut reply);
    processor
        .process(&mut *input_protocol, &mut *output_protocol)
        .map_err(ProcessError::Malformed)?;
    drop(output_protocol);
    Ok(reply)
}

fn input_protocol<'a, R: Read + 'a>(protocol: Protocol, read: R) -> Box<dyn TInputProtocol + 'a> {
    match protocol {
        Protocol::Binary => Box::new(TBinaryInputProtocol::new(read, true)),
        Protocol::Json => Box::new(TJsonInputProtocol::new(read)),
    }
}

fn output_protocol<'a, W: Write + 'a>(
    protocol: Protocol,
    write: W,
) -> Box<dyn TOutputProtocol + 'a> {
    match protocol {
        Protocol::Binary => Box::new(TBinaryOutputProtocol::new(write, true)),
        Protocol::Json => Box::new(TJsonOutputProtocol::new(write)),
    }
}

/// Why a call failed below Thrift.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum HttpFailure {
    #[error("the scheduler at {0} is unreachable: {1}")]
    Unreachable(String, String),
    #[error("the scheduler at {0} did not answer in time")]
    TimedOut(String),
    #[error("the scheduler at {0} refused the credentials (HTTP 401)")]
    Unauthorized(String),
    #[error("the scheduler at {url} answered HTTP {status}: {body}")]
    Status {
        url: String,
        status: u16,
        body: String,
    },
    #[error("{0}")]
    Unsupported(String),
}

/// How a client reaches a scheduler.
#[derive(Clone, Debug)]
pub struct HttpOptions {
    pub protocol: Protocol,
    /// For HTTP basic auth.
    pub credentials: Option<(String, String)>,
    /// For the whole exchange, connecting included.
    pub timeout: Duration,
}

impl Default for HttpOptions {
    fn default() -> HttpOptions {
        HttpOptions {
            protocol: Protocol::Binary,
            credentials: None,
            timeout: Duration::from_secs(60),
        }
    }
}

#[derive(Debug)]
struct Exchange {
    url: String,
    options: HttpOptions,
    agent: ureq::Agent,
    request: Vec<u8>,
    answer: Cursor<Vec<u8>>,
    failure: Option<HttpFailure>,
}

impl Exchange {
    fn post(&mut self) -> std::io::Result<()> {
        let body = std::mem::take(&mut self.request);
        self.answer = Cursor::new(Vec::new());
        match self.send(&body) {
            Ok(answer) => {
                self.answer = Cursor::new(answer);
                self.failure = None;
                Ok(())
            }
            Err(failure) => {
                let error = std::io::Error::other(failure.to_string());
                self.failure = Some(failure);
                Err(error)
            }
        }
    }

    fn send(&self, body: &[u8]) -> Result<Vec<u8>, HttpFailure> {
        let url = self.url.clone();
        if url.starts_with("https:") {
            return Err(HttpFailure::Unsupported(format!(
                "{url}: https is not supported yet; use an http:// scheduler_uri"
            )));
        }
        let media_type = self.options.protocol.media_type();
        let mut request = self
            .agent
            .post(&url)
            .header("Content-Type", media_type)
            .header("Accept", media_type)
            .header(
                "User-Agent",
                concat!("aurora-rs/", env!("CARGO_PKG_VERSION")),
            );
        if let Some((user, password)) = &self.options.credentials {
            request = request.header("Authorization", basic_authorization(user, password));
        }
        let mut response = request.send(body).map_err(|e| match e {
            ureq::Error::Timeout(_) => HttpFailure::TimedOut(url.clone()),
            e => HttpFailure::Unreachable(url.clone(), e.to_string()),
        })?;
        let status = response.status().as_u16();
        let answer = response
            .body_mut()
            .with_config()
            .limit(MAX_BODY_BYTES as u64)
            .read_to_vec()
            .map_err(|e| match e {
                ureq::Error::Timeout(_) => HttpFailure::TimedOut(url.clone()),
                e => HttpFailure::Unreachable(url.clone(), e.to_string()),
            })?;
        match status {
            200 => Ok(answer),
            401 => Err(HttpFailure::Unauthorized(url)),
            status => Err(HttpFailure::Status {
                url,
                status,
                body: String::from_utf8_lossy(&answer).chars().take(500).collect(),
            }),
        }
    }
}

/// `Basic` credentials, base64 with padding as RFC 7617 has it.
fn basic_authorization(user: &str, password: &str) -> String {
    let mut encoded = Vec::new();
    crate::tjson::base64_encode(format!("{user}:{password}").as_bytes(), &mut encoded);
    while encoded.len() % 4 != 0 {
        encoded.push(b'=');
    }
    format!("Basic {}", String::from_utf8_lossy(&encoded))
}

/// The client side of one scheduler's `/api`: the transport the generated clients use. Its
/// two halves (what a call reads and what it writes) share one exchange.
#[derive(Clone, Debug)]
pub struct HttpChannel {
    exchange: Rc<RefCell<Exchange>>,
}

impl HttpChannel {
    /// A channel to the scheduler at `scheduler_uri` (its `/api` is appended).
    pub fn new(scheduler_uri: &str, options: HttpOptions) -> HttpChannel {
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(options.timeout))
            .http_status_as_error(false)
            .build()
            .into();
        HttpChannel {
            exchange: Rc::new(RefCell::new(Exchange {
                url: format!("{}{API_PATH}", scheduler_uri.trim_end_matches('/')),
                options,
                agent,
                request: Vec::new(),
                answer: Cursor::new(Vec::new()),
                failure: None,
            })),
        }
    }

    /// Why the latest call failed below Thrift, if it did.
    pub fn failure(&self) -> Option<HttpFailure> {
        self.exchange.borrow().failure.clone()
    }

    fn protocols(&self) -> (Box<dyn TInputProtocol>, Box<dyn TOutputProtocol>) {
        let protocol = self.exchange.borrow().options.protocol;
        (
            input_protocol(protocol, self.clone()),
            output_protocol(protocol, self.clone()),
        )
    }

    pub fn read_only_client(
        &self,
    ) -> ReadOnlySchedulerSyncClient<Box<dyn TInputProtocol>, Box<dyn TOutputProtocol>> {
        let (input, output) = self.protocols();
        ReadOnlySchedulerSyncClient::new(input, output)
    }

    pub fn scheduler_client(
        &self,
    ) -> AuroraSchedulerManagerSyncClient<Box<dyn TInputProtocol>, Box<dyn TOutputProtocol>> {
        let (input, output) = self.protocols();
        AuroraSchedulerManagerSyncClient::new(input, output)
    }

    pub fn admin_client(
        &self,
    ) -> AuroraAdminSyncClient<Box<dyn TInputProtocol>, Box<dyn TOutputProtocol>> {
        let (input, output) = self.protocols();
        AuroraAdminSyncClient::new(input, output)
    }
}

impl Read for HttpChannel {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.exchange.borrow_mut().answer.read(buf)
    }
}

impl Write for HttpChannel {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut exchange = self.exchange.borrow_mut();
        if exchange.request.len() + buf.len() > MAX_BODY_BYTES {
            return Err(std::io::Error::other(format!(
                "a request of more than {MAX_BODY_BYTES} bytes is not sent"
            )));
        }
        exchange.request.extend_from_slice(buf);
        Ok(buf.len())
    }

    /// Sends the call written so far; the answer is then read.
    fn flush(&mut self) -> std::io::Result<()> {
        self.exchange.borrow_mut().post()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types_choose_the_request_protocol_as_aurora_does() {
        assert_eq!(request_protocol(None), Ok(Protocol::Json));
        for json in [
            "application/json",
            "application/x-thrift",
            "application/vnd.apache.thrift.json",
            "application/vnd.apache.thrift.json; charset=UTF-8",
            "Application/JSON",
        ] {
            assert_eq!(request_protocol(Some(json)), Ok(Protocol::Json), "{json}");
        }
        assert_eq!(
            request_protocol(Some("application/vnd.apache.thrift.binary")),
            Ok(Protocol::Binary)
        );
        for refused in [
            "text/plain",
            "application/json; charset=utf-8",
            "application/vnd.apache.thrift.binary; charset=utf-8",
            "application/vnd.apache.thrift.json; charset=latin1",
            "garbage",
        ] {
            assert_eq!(
                request_protocol(Some(refused)),
                Err(format!("Unsupported Content-Type: {refused}")),
                "{refused}"
            );
        }
    }

    #[test]
    fn accept_chooses_the_answer_protocol_json_unless_binary_is_asked_for() {
        assert_eq!(response_protocol(None), Protocol::Json);
        assert_eq!(response_protocol(Some("*/*")), Protocol::Json);
        assert_eq!(
            response_protocol(Some("application/vnd.apache.thrift.binary")),
            Protocol::Binary
        );
        // More than one type does not parse as one media type: the default.
        assert_eq!(
            response_protocol(Some(
                "application/vnd.apache.thrift.binary, application/json"
            )),
            Protocol::Json
        );
    }

    #[test]
    fn basic_credentials_are_padded_base64() {
        assert_eq!(
            basic_authorization("aurora", "secret"),
            "Basic YXVyb3JhOnNlY3JldA=="
        );
        assert_eq!(basic_authorization("a", "b"), "Basic YTpi");
    }
}
