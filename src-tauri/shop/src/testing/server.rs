//! The mock OpenAI-compatible HTTP server (axum on loopback).
//!
//! Real HTTP, so the backends' base-URL handling, headers, chunked streaming, timeouts and
//! broken connections are exercised exactly as against Ollama or OpenAI. Replies are served in
//! the order they were queued, whatever the path; a fallback reply (or, with `looping`, the
//! whole script again) answers once the queue is empty.
//!
//! Another process (the app's WebDriver tests) steers a running server over HTTP:
//! `POST /__mock/fail?status=500` answers every model request with that error until
//! `DELETE /__mock/fail`; `POST /__mock/queue` with a fixture's text as the body (`.sse`, or
//! `.http` when it starts with a status line) queues it as the next reply. Both answer 204.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::Response;
use axum::Router;
use futures::StreamExt;
use tokio::sync::{oneshot, Notify};

use super::script::{Frame, Reply, ReplyKind};

/// One request the mock received.
#[derive(Debug, Clone)]
pub struct RecordedRequest {
    pub method: String,
    /// Path only, e.g. `/v1/chat/completions`.
    pub path: String,
    /// Header names are lower-case.
    pub headers: Vec<(String, String)>,
    /// The body parsed as JSON (`Null` if it was not JSON).
    pub body: serde_json::Value,
    pub raw_body: String,
}

impl RecordedRequest {
    /// The first value of a header (name case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Default)]
struct Shared {
    queue: Mutex<VecDeque<Reply>>,
    script: Mutex<Vec<Reply>>,
    looping: Mutex<bool>,
    fallback: Mutex<Option<Reply>>,
    /// Set by `POST /__mock/fail`: every model request gets this until `DELETE /__mock/fail`.
    failing: Mutex<Option<Reply>>,
    requests: Mutex<Vec<RecordedRequest>>,
    /// What `GET …/models` lists (`None`: the default `mock-model`); `Some(None)`: a 404.
    models: Mutex<Option<Option<Vec<String>>>>,
    /// Set by `require_key`: every other `Authorization` gets a 401.
    required_key: Mutex<Option<String>>,
    bodies_closed: AtomicUsize,
    changed: Notify,
}

impl Shared {
    fn next_reply(&self) -> Option<Reply> {
        if let Some(failing) = self.failing.lock().unwrap().clone() {
            return Some(failing);
        }
        let mut queue = self.queue.lock().unwrap();
        if queue.is_empty() && *self.looping.lock().unwrap() {
            queue.extend(self.script.lock().unwrap().iter().cloned());
        }
        queue
            .pop_front()
            .or_else(|| self.fallback.lock().unwrap().clone())
    }
}

/// A running mock server; stops when dropped.
pub struct MockOpenAi {
    addr: SocketAddr,
    shared: Arc<Shared>,
    shutdown: Option<oneshot::Sender<()>>,
}

impl MockOpenAi {
    /// Starts on `127.0.0.1` with a free port.
    pub async fn start() -> MockOpenAi {
        MockOpenAi::start_on(SocketAddr::from(([127, 0, 0, 1], 0)))
            .await
            .expect("bind a loopback port for the mock OpenAI server")
    }

    /// Starts on a given address.
    pub async fn start_on(addr: SocketAddr) -> std::io::Result<MockOpenAi> {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared::default());
        let (shutdown, stopped) = oneshot::channel::<()>();
        let state = shared.clone();
        let app = Router::new().fallback(
            move |method: Method, uri: Uri, headers: HeaderMap, body: Bytes| {
                let state = state.clone();
                async move { handle(state, method, uri, headers, body).await }
            },
        );
        tokio::spawn(async move {
            let server = axum::serve(listener, app).with_graceful_shutdown(async move {
                let _ = stopped.await;
            });
            if let Err(e) = server.await {
                tracing::warn!("mock OpenAI server stopped: {e}");
            }
        });
        Ok(MockOpenAi {
            addr,
            shared,
            shutdown: Some(shutdown),
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT/v1` — what a user would type as the base URL.
    pub fn base_url(&self) -> String {
        format!("http://{}/v1", self.addr)
    }

    /// Queues a reply for the next model request.
    pub fn push(&self, reply: Reply) -> &Self {
        self.shared.queue.lock().unwrap().push_back(reply.clone());
        self.shared.script.lock().unwrap().push(reply);
        self
    }

    /// When the queue is empty, serve the queued script again from the start.
    pub fn set_looping(&self, looping: bool) {
        *self.shared.looping.lock().unwrap() = looping;
    }

    /// Answers every request once the queue is empty (default: a 500 saying so).
    pub fn set_fallback(&self, reply: Reply) {
        *self.shared.fallback.lock().unwrap() = Some(reply);
    }

    /// Answers every model request with `reply` (`Some`) until healed (`None`), whatever is
    /// queued; the queue is served again afterwards.
    pub fn set_failing(&self, reply: Option<Reply>) {
        *self.shared.failing.lock().unwrap() = reply;
    }

    /// What `GET …/models` lists from now on; `None` answers it with a 404 (no model list).
    pub fn set_models(&self, ids: Option<&[&str]>) {
        *self.shared.models.lock().unwrap() =
            Some(ids.map(|ids| ids.iter().map(|id| id.to_string()).collect()));
    }

    /// From now on, a request without `Authorization: Bearer <key>` gets an OpenAI-shaped 401.
    pub fn require_key(&self, key: &str) {
        *self.shared.required_key.lock().unwrap() = Some(key.to_owned());
    }

    /// Every request received so far, oldest first.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.requests.lock().unwrap().clone()
    }

    /// How many response bodies have ended (finished, aborted, or dropped by the client).
    pub fn bodies_closed(&self) -> usize {
        self.shared.bodies_closed.load(Ordering::SeqCst)
    }

    /// Waits until at least `n` response bodies have ended, or `limit` passes; returns
    /// whether the count was reached.
    pub async fn wait_bodies_closed(&self, n: usize, limit: Duration) -> bool {
        let wait = async {
            loop {
                let notified = self.shared.changed.notified();
                if self.bodies_closed() >= n {
                    return;
                }
                notified.await;
            }
        };
        tokio::time::timeout(limit, wait).await.is_ok()
    }

    /// Runs until the process is stopped (for the `shop-mock-openai` binary).
    pub async fn serve_forever(mut self) {
        let _keep = self.shutdown.take();
        futures::future::pending::<()>().await;
    }
}

impl Drop for MockOpenAi {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

async fn handle(
    state: Arc<Shared>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let raw_body = String::from_utf8_lossy(&body).into_owned();
    let request = RecordedRequest {
        method: method.to_string(),
        path: uri.path().to_string(),
        headers: headers
            .iter()
            .map(|(n, v)| {
                (
                    n.as_str().to_string(),
                    v.to_str().unwrap_or_default().to_string(),
                )
            })
            .collect(),
        body: serde_json::from_str(&raw_body).unwrap_or(serde_json::Value::Null),
        raw_body,
    };
    let path = request.path.clone();
    if path.starts_with("/__mock/") {
        return control(&state, &method, &uri, &request.raw_body);
    }
    state.requests.lock().unwrap().push(request);
    state.changed.notify_waiters();

    let required = state.required_key.lock().unwrap().clone();
    if let Some(key) = required {
        let given = headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        if given != format!("Bearer {key}") {
            return json_response(
                401,
                r#"{"error":{"message":"Incorrect API key provided.","type":"invalid_request_error","code":"invalid_api_key"}}"#.into(),
            );
        }
    }
    if method == Method::GET && path.ends_with("/models") {
        let listed = state.models.lock().unwrap().clone();
        return match listed {
            None => json_response(
                200,
                r#"{"object":"list","data":[{"id":"mock-model","object":"model","owned_by":"shopdesk"}]}"#.into(),
            ),
            Some(None) => json_response(404, r#"{"error":"404 page not found"}"#.into()),
            Some(Some(ids)) => {
                let data: Vec<_> = ids
                    .iter()
                    .map(|id| serde_json::json!({"id": id, "object": "model", "owned_by": "shopdesk"}))
                    .collect();
                json_response(200, serde_json::json!({"object": "list", "data": data}).to_string())
            }
        };
    }
    let Some(reply) = state.next_reply() else {
        return json_response(500, r#"{"error":{"message":"mock: no scripted reply left","type":"server_error","code":"server_error"}}"#.into());
    };
    if !reply.first_byte_delay.is_zero() {
        tokio::time::sleep(reply.first_byte_delay).await;
    }
    let stream_status = reply.stream_status;
    match reply.kind {
        ReplyKind::Status {
            status,
            headers,
            body,
        } => {
            let mut builder = Response::builder()
                .status(StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR));
            for (name, value) in headers {
                builder = builder.header(name, value);
            }
            builder
                .body(Body::from(body))
                .unwrap_or_else(|_| json_response(500, "{}".into()))
        }
        ReplyKind::Stall => futures::future::pending().await,
        ReplyKind::Sse { frames, delay } => sse_response(state, frames, delay, stream_status),
    }
}

/// The `/__mock/…` control endpoints (see the module docs).
fn control(state: &Shared, method: &Method, uri: &Uri, body: &str) -> Response {
    let bad = |message: String| {
        json_response(
            400,
            serde_json::json!({"error": {"message": message}}).to_string(),
        )
    };
    match (method.as_str(), uri.path()) {
        ("POST", "/__mock/fail") => {
            let status = uri
                .query()
                .unwrap_or_default()
                .split('&')
                .find_map(|kv| kv.strip_prefix("status="))
                .unwrap_or("500");
            match status.parse::<u16>() {
                Ok(code) if (400..=599).contains(&code) => {
                    let reply = Reply::error(code, "mock: failing on purpose", "server_error");
                    *state.failing.lock().unwrap() = Some(reply);
                }
                _ => return bad(format!("status must be 400 to 599, got {status:?}")),
            }
        }
        ("DELETE", "/__mock/fail") => *state.failing.lock().unwrap() = None,
        ("POST", "/__mock/queue") => {
            let starts_with_status = body
                .trim_start()
                .split(|c: char| c.is_whitespace())
                .next()
                .is_some_and(|w| w.len() == 3 && w.bytes().all(|b| b.is_ascii_digit()));
            let reply = if starts_with_status {
                match Reply::parse_http(body) {
                    Ok(reply) => reply,
                    Err(reason) => return bad(reason),
                }
            } else {
                Reply::sse(body)
            };
            state.queue.lock().unwrap().push_back(reply);
        }
        _ => return bad(format!("unknown control request {method} {}", uri.path())),
    }
    Response::builder()
        .status(204)
        .body(Body::empty())
        .expect("static response")
}

fn json_response(status: u16, body: String) -> Response {
    Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .body(Body::from(body))
        .expect("static response")
}

/// Counts the body as closed when its stream is dropped, however that happens.
struct CloseGuard(Arc<Shared>);

impl Drop for CloseGuard {
    fn drop(&mut self) {
        self.0.bodies_closed.fetch_add(1, Ordering::SeqCst);
        self.0.changed.notify_waiters();
    }
}

fn sse_response(state: Arc<Shared>, frames: Vec<Frame>, delay: Duration, status: u16) -> Response {
    let guard = CloseGuard(state);
    // `Repeat` frames expand into an endless run of data frames.
    let frames = futures::stream::iter(frames).flat_map(|frame| match frame {
        Frame::Repeat(text) => futures::stream::repeat(Frame::Data(text)).boxed(),
        other => futures::stream::once(async move { other }).boxed(),
    });
    let stream = futures::stream::unfold(
        (Box::pin(frames), 0usize, guard),
        move |(mut frames, sent, guard)| async move {
            let frame = frames.next().await?;
            if sent > 0 && !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
            match frame {
                Frame::Data(text) => Some((Ok(Bytes::from(text)), (frames, sent + 1, guard))),
                Frame::Drop => {
                    // hyper buffers writes; let it flush what was sent before cutting, or the client
                    // would see no response at all instead of a stream cut mid-way.
                    if sent > 0 {
                        tokio::time::sleep(Duration::from_millis(20)).await;
                    }
                    Some((
                        Err(std::io::Error::other("mock: connection dropped")),
                        (frames, sent + 1, guard),
                    ))
                }
                Frame::Hang => {
                    let _guard = guard;
                    futures::future::pending::<()>().await;
                    None
                }
                // Expanded into data frames above; never reached.
                Frame::Repeat(_) => None,
            }
        },
    );
    // After an error hyper aborts the connection; stop the stream there too.
    let mut failed = false;
    let stream = stream.take_while(move |item| {
        let keep = !failed;
        failed |= item.is_err();
        futures::future::ready(keep)
    });
    Response::builder()
        .status(StatusCode::from_u16(status).unwrap_or(StatusCode::OK))
        .header("content-type", "text/event-stream")
        .header("cache-control", "no-cache")
        .body(Body::from_stream(stream))
        .expect("static response")
}
