//! One log line per HTTP request (docs/ARCHITECTURE.md, design decision 12): a request id
//! (generated here, echoed as the `x-request-id` response header, attached to every log line
//! of the request through a span), the method, the path, the status, the milliseconds until
//! the answer's head was ready and, for `POST /chatkit`, the ChatKit request type. A stream
//! logs a second line when it ends (see `sse_body.rs`). Bodies are never logged: they hold what
//! the user typed.

use std::time::Instant;

use axum::extract::Request;
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use tracing::Instrument;

/// The response header that carries the request id.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// Longest path logged, in characters (the rest is cut: a path is client text).
const MAX_LOGGED_PATH: usize = 128;

/// The id of one request (`req_` + 16 hex digits), in the request's extensions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestId(pub String);

impl RequestId {
    fn generate() -> Self {
        let uuid = uuid::Uuid::new_v4().simple().to_string();
        Self(format!("req_{}", &uuid[..16]))
    }
}

/// The ChatKit request type of a `POST /chatkit`, put in the response's extensions by the
/// route so the log line can name it.
#[derive(Debug, Clone)]
pub(crate) struct RequestKind(pub String);

/// Middleware: id, span, timing and the log line.
pub(crate) async fn log_requests(mut request: Request, next: Next) -> Response {
    let id = RequestId::generate();
    let started = Instant::now();
    let method = request.method().clone();
    let path: String = request.uri().path().chars().take(MAX_LOGGED_PATH).collect();
    request.extensions_mut().insert(id.clone());
    let span = tracing::info_span!("http", request_id = %id.0);
    let mut response = next.run(request).instrument(span).await;
    let kind = response
        .extensions()
        .get::<RequestKind>()
        .map_or("-", |k| k.0.as_str())
        .to_owned();
    tracing::info!(
        request_id = %id.0,
        method = %method,
        path = ?path,
        status = response.status().as_u16(),
        ms = started.elapsed().as_millis() as u64,
        request = %kind,
        "http request"
    );
    if let Ok(value) = HeaderValue::from_str(&id.0) {
        response.headers_mut().insert(REQUEST_ID_HEADER, value);
    }
    response
}
