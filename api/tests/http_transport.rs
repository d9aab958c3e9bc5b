//! `api::http` end to end on loopback: the generated clients over [`HttpChannel`] call a
//! generated processor served through [`process`], in both protocols, and the transport's
//! failures reach the caller as [`HttpFailure`]s.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::time::Duration;

use aurora_api::http::{
    process, request_protocol, response_protocol, HttpChannel, HttpFailure, HttpOptions, Protocol,
    MAX_BODY_BYTES,
};
use aurora_api::{
    JobConfiguration, JobKey, JobUpdateKey, JobUpdateQuery, JobUpdateRequest,
    ReadOnlySchedulerSyncHandler, ReadOnlySchedulerSyncProcessor, Response, ResponseCode,
    ServerInfo, TAuroraSchedulerManagerSyncClient, TReadOnlySchedulerSyncClient, TaskQuery,
};

/// A scheduler that knows one thing: its cluster's name, and which role asked for jobs.
struct Scheduler;

fn answer(message: &str) -> thrift::Result<Response> {
    Ok(Response {
        response_code: Some(ResponseCode::OK),
        result: None,
        server_info: Some(ServerInfo {
            cluster_name: Some("devcluster".into()),
            stats_url_prefix: None,
        }),
        details: Some(vec![aurora_api::ResponseDetail {
            message: Some(message.into()),
        }]),
    })
}

impl ReadOnlySchedulerSyncHandler for Scheduler {
    fn handle_get_role_summary(&self) -> thrift::Result<Response> {
        answer("roles")
    }
    fn handle_get_job_summary(&self, role: String) -> thrift::Result<Response> {
        answer(&format!("jobs of {role}"))
    }
    fn handle_get_tasks_status(&self, _: TaskQuery) -> thrift::Result<Response> {
        answer("tasks")
    }
    fn handle_get_tasks_without_configs(&self, _: TaskQuery) -> thrift::Result<Response> {
        answer("tasks")
    }
    fn handle_get_pending_reason(&self, _: TaskQuery) -> thrift::Result<Response> {
        answer("pending")
    }
    fn handle_get_config_summary(&self, _: JobKey) -> thrift::Result<Response> {
        answer("configs")
    }
    fn handle_get_jobs(&self, role: String) -> thrift::Result<Response> {
        answer(&format!("jobs of {role}"))
    }
    fn handle_get_quota(&self, _: String) -> thrift::Result<Response> {
        answer("quota")
    }
    fn handle_populate_job_config(&self, _: JobConfiguration) -> thrift::Result<Response> {
        answer("populated")
    }
    fn handle_get_job_update_summaries(&self, _: JobUpdateQuery) -> thrift::Result<Response> {
        answer("updates")
    }
    fn handle_get_job_update_details(
        &self,
        _: JobUpdateKey,
        _: JobUpdateQuery,
    ) -> thrift::Result<Response> {
        answer("update")
    }
    fn handle_get_job_update_diff(&self, _: JobUpdateRequest) -> thrift::Result<Response> {
        answer("diff")
    }
    fn handle_get_tier_configs(&self) -> thrift::Result<Response> {
        answer("tiers")
    }
}

/// What the test server saw of a request.
struct Seen {
    content_type: Option<String>,
    accept: Option<String>,
    authorization: Option<String>,
}

/// A thread-per-connection HTTP/1.1 server on loopback doing what a scheduler's `/api`
/// does with [`process`]; `password` is the only one it accepts when set.
fn serve(password: Option<&'static str>) -> (String, Arc<std::sync::Mutex<Vec<Seen>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        let processor = Arc::new(ReadOnlySchedulerSyncProcessor::new(Scheduler));
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            let (processor, log) = (processor.clone(), log.clone());
            std::thread::spawn(move || answer_connection(stream, &processor, password, &log));
        }
    });
    (url, seen)
}

fn answer_connection(
    stream: TcpStream,
    processor: &ReadOnlySchedulerSyncProcessor<Scheduler>,
    password: Option<&str>,
    log: &std::sync::Mutex<Vec<Seen>>,
) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut writer = stream;
    loop {
        let mut request_line = String::new();
        if reader.read_line(&mut request_line)? == 0 {
            return Ok(());
        }
        let mut headers = Vec::new();
        loop {
            let mut line = String::new();
            reader.read_line(&mut line)?;
            let line = line.trim_end().to_string();
            if line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
            }
        }
        let header = |name: &str| {
            headers
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.clone())
        };
        let length: usize = header("content-length")
            .and_then(|l| l.parse().ok())
            .unwrap_or(0);
        let mut body = vec![0; length];
        reader.read_exact(&mut body)?;
        log.lock().unwrap().push(Seen {
            content_type: header("content-type"),
            accept: header("accept"),
            authorization: header("authorization"),
        });
        let (status, content_type, answer) = if password.is_some_and(|p| {
            header("authorization") != Some(format!("Basic {}", base64(&format!("aurora:{p}"))))
        }) {
            (401, "text/plain", b"Unauthorized".to_vec())
        } else {
            match request_protocol(header("content-type").as_deref()) {
                Err(message) => (415, "text/plain", message.into_bytes()),
                Ok(input) => {
                    let output = response_protocol(header("accept").as_deref());
                    match process(processor, &body, input, output) {
                        Ok(reply) => (200, output.media_type(), reply),
                        Err(e) => (400, "text/plain", e.to_string().into_bytes()),
                    }
                }
            }
        };
        write!(
            writer,
            "HTTP/1.1 {status} X\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
            answer.len()
        )?;
        writer.write_all(&answer)?;
    }
}

fn base64(text: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in text.as_bytes().chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (*b as u32) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn options(protocol: Protocol) -> HttpOptions {
    HttpOptions {
        protocol,
        credentials: None,
        timeout: Duration::from_secs(10),
    }
}

fn message(response: &Response) -> &str {
    response.details.as_ref().unwrap()[0]
        .message
        .as_deref()
        .unwrap()
}

#[test]
fn generated_clients_call_a_processor_over_http_in_both_protocols() {
    let (url, seen) = serve(None);
    for protocol in [Protocol::Binary, Protocol::Json] {
        let channel = HttpChannel::new(&url, options(protocol));
        let mut client = channel.read_only_client();
        let response = client.get_jobs("www-data".into()).unwrap();
        assert_eq!(response.response_code, Some(ResponseCode::OK));
        assert_eq!(message(&response), "jobs of www-data");
        assert_eq!(
            response.server_info.unwrap().cluster_name.as_deref(),
            Some("devcluster")
        );
        // A second call on the same channel: its answer is its own.
        assert_eq!(message(&client.get_tier_configs().unwrap()), "tiers");
        assert_eq!(channel.failure(), None);
        let last = seen.lock().unwrap().pop().unwrap();
        assert_eq!(last.content_type.as_deref(), Some(protocol.media_type()));
        assert_eq!(last.accept.as_deref(), Some(protocol.media_type()));
        assert_eq!(last.authorization, None);
    }
}

#[test]
fn a_method_the_processor_lacks_gets_thrifts_unknown_method_answer() {
    let (url, _) = serve(None);
    let channel = HttpChannel::new(&url, options(Protocol::Json));
    // createJob belongs to AuroraSchedulerManager, which this read-only server is not.
    let error = channel
        .scheduler_client()
        .create_job(JobConfiguration::default())
        .unwrap_err();
    match error {
        thrift::Error::Application(e) => {
            assert_eq!(e.kind, thrift::ApplicationErrorKind::UnknownMethod, "{e:?}")
        }
        other => panic!("expected an application error, got {other:?}"),
    }
}

#[test]
fn malformed_and_oversized_bodies_are_errors_not_answers() {
    let processor = ReadOnlySchedulerSyncProcessor::new(Scheduler);
    for body in [&b"[1,\"getJobs\""[..], b"\x80\x01\x00\x01garbage", b""] {
        for protocol in [Protocol::Json, Protocol::Binary] {
            assert!(process(&processor, body, protocol, protocol).is_err());
        }
    }
    let huge = vec![b' '; MAX_BODY_BYTES + 1];
    assert!(process(&processor, &huge, Protocol::Json, Protocol::Json)
        .unwrap_err()
        .to_string()
        .contains("more than"));
}

#[test]
fn transport_failures_say_what_went_wrong() {
    let (url, seen) = serve(Some("secret"));
    let mut with_password = options(Protocol::Binary);
    with_password.credentials = Some(("aurora".into(), "secret".into()));
    let channel = HttpChannel::new(&url, with_password);
    assert_eq!(
        message(&channel.read_only_client().get_quota("r".into()).unwrap()),
        "quota"
    );
    assert_eq!(
        seen.lock().unwrap().pop().unwrap().authorization.as_deref(),
        Some("Basic YXVyb3JhOnNlY3JldA==")
    );

    let channel = HttpChannel::new(&url, options(Protocol::Binary));
    assert!(channel.read_only_client().get_quota("r".into()).is_err());
    assert_eq!(
        channel.failure(),
        Some(HttpFailure::Unauthorized(format!("{url}/api")))
    );

    // Nobody listens on a port just freed.
    let free = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let channel = HttpChannel::new(&format!("http://{free}"), options(Protocol::Json));
    assert!(channel.read_only_client().get_role_summary().is_err());
    assert!(matches!(
        channel.failure(),
        Some(HttpFailure::Unreachable(..))
    ));

    // A server that accepts and never answers.
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = silent.local_addr().unwrap();
    std::thread::spawn(move || {
        silent.accept().map(|(stream, _)| {
            std::thread::sleep(Duration::from_secs(3));
            drop(stream)
        })
    });
    let mut quick = options(Protocol::Json);
    quick.timeout = Duration::from_millis(300);
    let channel = HttpChannel::new(&format!("http://{address}"), quick);
    assert!(channel.read_only_client().get_role_summary().is_err());
    assert_eq!(
        channel.failure(),
        Some(HttpFailure::TimedOut(format!("http://{address}/api")))
    );

    let channel = HttpChannel::new("https://example.invalid", options(Protocol::Json));
    assert!(channel.read_only_client().get_role_summary().is_err());
    assert!(matches!(
        channel.failure(),
        Some(HttpFailure::Unsupported(_))
    ));
}
