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

mod script;
mod server;

pub use script::{Frame, Reply, ScriptError};
pub use server::{MockOpenAi, RecordedRequest};
