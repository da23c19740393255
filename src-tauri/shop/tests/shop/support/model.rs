//! Helpers shared by the model backend tests: fixtures, stream collection, the shop's tools.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::StreamExt;
use shop::model::{
    HttpOptions, ModelBackend, ModelError, ModelEvent, ModelRequest, ModelStream, ToolCall,
    ToolSpec,
};
use shop::testing::{MockOpenAi, Reply};

/// The path of `tests/fixtures/sse/<rel>` (`""`: the directory itself).
pub fn fixture_path(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/sse")
        .join(rel)
}

/// Loads `tests/fixtures/sse/<rel>` (e.g. `"chat/tool_call.sse"`).
pub fn fixture(rel: &str) -> Reply {
    Reply::from_file(fixture_path(rel)).unwrap_or_else(|e| panic!("fixture {rel}: {e}"))
}

/// Generous timeouts: tests must never wait on them unless they test them.
pub fn opts() -> HttpOptions {
    HttpOptions {
        connect_timeout: Duration::from_secs(10),
        response_timeout: Duration::from_secs(20),
        idle_timeout: Duration::from_secs(20),
        ..HttpOptions::default()
    }
}

/// Serves `reply` on a fresh mock server, streams `request` through the backend `make` builds
/// for it, and drains the stream (see [`collect`]).
pub async fn stream_reply<B: ModelBackend>(
    reply: Reply,
    make: impl FnOnce(&MockOpenAi) -> B,
    request: ModelRequest,
) -> (Vec<ModelEvent>, Option<ModelError>) {
    let server = MockOpenAi::start().await;
    server.push(reply);
    let stream = make(&server)
        .stream(request)
        .await
        .expect("the server accepted the request");
    collect(stream).await
}

/// [`stream_reply`] of fixture `rel`: the stream must end cleanly with exactly `expected` calls.
pub async fn expect_calls<B: ModelBackend>(
    rel: &str,
    make: impl FnOnce(&MockOpenAi) -> B,
    request: ModelRequest,
    expected: Vec<ToolCall>,
) {
    let (events, error) = stream_reply(fixture(rel), make, request).await;
    assert!(error.is_none(), "{rel}: {error:?}");
    assert_eq!(calls(&events), expected, "{rel}");
}

/// Drains a stream: all events, and the error that ended it if any. Asserts nothing follows
/// an error (the reducer must stop).
pub async fn collect(mut stream: ModelStream) -> (Vec<ModelEvent>, Option<ModelError>) {
    let mut events = Vec::new();
    let deadline = Duration::from_secs(60);
    loop {
        let next = tokio::time::timeout(deadline, stream.next())
            .await
            .expect("stream stalled for 60 s");
        match next {
            Some(Ok(event)) => events.push(event),
            Some(Err(error)) => {
                assert!(stream.next().await.is_none(), "items after an error");
                return (events, Some(error));
            }
            None => return (events, None),
        }
    }
}

/// The stream ended with a connection lost after the answer had started.
pub fn assert_dropped_mid_stream(error: &Option<ModelError>) {
    assert!(
        matches!(
            error,
            Some(ModelError::Connection {
                mid_stream: true,
                ..
            })
        ),
        "{error:?}"
    );
}

pub fn text(events: &[ModelEvent]) -> String {
    events
        .iter()
        .filter_map(|e| match e {
            ModelEvent::TextDelta(t) => Some(t.as_str()),
            _ => None,
        })
        .collect()
}

pub fn calls(events: &[ModelEvent]) -> Vec<ToolCall> {
    events
        .iter()
        .filter_map(|e| match e {
            ModelEvent::ToolCall(c) => Some(c.clone()),
            _ => None,
        })
        .collect()
}

pub fn call(id: &str, name: &str, arguments: &str) -> ToolCall {
    ToolCall {
        call_id: id.into(),
        name: name.into(),
        arguments: arguments.into(),
    }
}

/// A Chat Completions backend (model `llama3.2`, no key) on the mock, as a user points Shopdesk
/// at a local server.
pub fn chat_backend(mock: &MockOpenAi, options: HttpOptions) -> Arc<dyn ModelBackend> {
    Arc::new(
        shop::model::ChatCompletionsBackend::new(&mock.base_url(), None, "llama3.2", options)
            .unwrap(),
    )
}

/// A Responses backend (model `gpt-4.1-mini`, a test key) on the mock, as for OpenAI.
pub fn responses_backend(mock: &MockOpenAi, options: HttpOptions) -> Arc<dyn ModelBackend> {
    Arc::new(
        shop::model::ResponsesBackend::new(
            &mock.base_url(),
            Some("sk-test-key"),
            "gpt-4.1-mini",
            options,
        )
        .unwrap(),
    )
}

/// A model that plays one scripted turn per request and keeps the requests (no HTTP: for
/// agent-loop behaviour that does not depend on a backend's wire format).
pub struct ScriptedModel {
    turns: Mutex<VecDeque<Vec<ModelEvent>>>,
    requests: Mutex<Vec<ModelRequest>>,
}

impl ScriptedModel {
    pub fn new(turns: impl IntoIterator<Item = Vec<ModelEvent>>) -> Arc<Self> {
        Arc::new(Self {
            turns: Mutex::new(turns.into_iter().collect()),
            requests: Mutex::new(Vec::new()),
        })
    }

    /// Every request made so far, oldest first.
    pub fn requests(&self) -> Vec<ModelRequest> {
        self.requests.lock().unwrap().clone()
    }
}

#[async_trait::async_trait]
impl ModelBackend for ScriptedModel {
    fn name(&self) -> &'static str {
        "scripted"
    }
    async fn stream(&self, request: ModelRequest) -> Result<ModelStream, ModelError> {
        self.requests.lock().unwrap().push(request);
        let events = self
            .turns
            .lock()
            .unwrap()
            .pop_front()
            .expect("a scripted turn left");
        Ok(Box::pin(futures::stream::iter(events.into_iter().map(Ok))))
    }
}

/// The shop's real tool specs, as the agent offers them.
pub fn shop_tools() -> Vec<ToolSpec> {
    shop::tools::ToolRegistry::shop().specs()
}
