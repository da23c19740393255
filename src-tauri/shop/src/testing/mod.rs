//! Test support: a scripted OpenAI-compatible server on loopback (feature `testing`).
//!
//! The model backends, the agent loop and the app's WebDriver tests all need a model that
//! answers with known bytes, over real HTTP, with real chunk timing and real failures (a
//! dropped connection, a server that stops talking, 401/429/5xx). [`MockOpenAi`] is that
//! server: it serves a queue of [`Reply`]s (SSE transcripts or error responses) on
//! `POST …/chat/completions` and `POST …/responses`, records every request for assertions, and
//! counts response bodies that ended so tests can see that a dropped stream closed the
//! connection. Point a backend — or the app, via `SHOPDESK_BASE_URL` — at
//! [`MockOpenAi::base_url`], the way a user points Shopdesk at Ollama. The `shop-mock-openai`
//! binary runs the same server from the command line.
//!
//! In a Rust test (dev-dependency `shop = { path = "…", features = ["testing"] }`):
//!
//! ```no_run
//! # async fn demo() {
//! use shop::model::{ChatCompletionsBackend, HttpOptions, ModelBackend, ModelRequest};
//! use shop::testing::{MockOpenAi, Reply};
//!
//! let server = MockOpenAi::start().await;
//! server.push(Reply::sse_json([serde_json::json!({
//!     "choices": [{"index": 0, "delta": {"content": "Hi"}, "finish_reason": "stop"}]
//! })]));
//! server.push(Reply::error(429, "slow down", "rate_limit_exceeded"));
//! let backend = ChatCompletionsBackend::new(&server.base_url(), None, "m", HttpOptions::default()).unwrap();
//! let _stream = backend.stream(ModelRequest::user("hello")).await.unwrap();
//! assert_eq!(server.requests()[0].path, "/v1/chat/completions");
//! # }
//! ```
//!
//! From a shell or another process (the app's WebDriver tests):
//! `shop-mock-openai --loop --delay-ms 50 tests/fixtures/sse/chat/tool_call.sse tests/fixtures/sse/chat/text.sse`
//! prints `SHOPDESK_BASE_URL=http://127.0.0.1:PORT/v1`; start the app with that variable (and
//! `SHOPDESK_PROVIDER=openai-compatible`, implied by the base URL) and it will get the scripted turns.

mod script;
mod server;

pub use script::{Frame, Reply, ScriptError};
pub use server::{MockOpenAi, RecordedRequest};
