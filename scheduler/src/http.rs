//! The scheduler's HTTP server: Aurora's Thrift API at `/api` (both protocols, chosen as
//! Aurora's servlet chooses them, see `api::http`) and a `/health` check.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use aurora_api::http::{self as transport, ProcessError, API_PATH, MAX_BODY_BYTES};
use aurora_api::AuroraAdminSyncProcessor;
use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::api::SchedulerApi;

/// How the server treats its clients.
#[derive(Clone, Copy, Debug)]
pub struct ServerLimits {
    /// How long a request's body may take to arrive: a client that stops sending gets 408
    /// rather than holding its connection.
    pub body_timeout: Duration,
}

impl Default for ServerLimits {
    fn default() -> ServerLimits {
        ServerLimits {
            body_timeout: Duration::from_secs(10),
        }
    }
}

#[derive(Clone)]
struct Shared {
    processor: Arc<AuroraAdminSyncProcessor<SchedulerApi>>,
    limits: ServerLimits,
}

/// Every route of the scheduler's server.
pub fn router(api: SchedulerApi, limits: ServerLimits) -> Router {
    let shared = Shared {
        processor: Arc::new(AuroraAdminSyncProcessor::new(api)),
        limits,
    };
    Router::new()
        .route(API_PATH, get(call).post(call))
        .route("/health", get(|| async { "OK" }))
        .with_state(shared)
}

fn header_text(headers: &HeaderMap, name: header::HeaderName) -> Option<&str> {
    headers.get(name).and_then(|value| value.to_str().ok())
}

/// One Thrift call: the protocols from the headers, the call run off the async threads.
async fn call(State(shared): State<Shared>, headers: HeaderMap, body: Body) -> Response {
    let content_type = header_text(&headers, header::CONTENT_TYPE);
    let input = match transport::request_protocol(content_type) {
        Ok(protocol) => protocol,
        Err(message) => return (StatusCode::UNSUPPORTED_MEDIA_TYPE, message).into_response(),
    };
    let output = transport::response_protocol(header_text(&headers, header::ACCEPT));
    let body = axum::body::to_bytes(body, MAX_BODY_BYTES);
    let body = match tokio::time::timeout(shared.limits.body_timeout, body).await {
        Ok(Ok(body)) => body,
        Ok(Err(_)) => {
            let message = format!("The request body is over {MAX_BODY_BYTES} bytes or broken.");
            return (StatusCode::PAYLOAD_TOO_LARGE, message).into_response();
        }
        Err(_) => {
            let message = "The request body did not arrive in time.";
            return (StatusCode::REQUEST_TIMEOUT, message).into_response();
        }
    };
    let processor = shared.processor;
    let answered =
        tokio::task::spawn_blocking(move || transport::process(&*processor, &body, input, output))
            .await;
    match answered {
        Ok(Ok(reply)) => ([(header::CONTENT_TYPE, output.media_type())], reply).into_response(),
        Ok(Err(error @ ProcessError::TooLarge(_))) => {
            (StatusCode::PAYLOAD_TOO_LARGE, error.to_string()).into_response()
        }
        Ok(Err(error)) => (StatusCode::BAD_REQUEST, error.to_string()).into_response(),
        Err(_) => (StatusCode::INTERNAL_SERVER_ERROR, "The call failed.").into_response(),
    }
}

/// Serves `api` on `address` until the process ends; `on_bound` learns the address it
/// listens on (port 0 picks a free one).
pub fn serve(
    api: SchedulerApi,
    limits: ServerLimits,
    address: SocketAddr,
    on_bound: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_io()
        .enable_time()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(address).await?;
        on_bound(listener.local_addr()?);
        axum::serve(listener, router(api, limits)).await
    })
}
