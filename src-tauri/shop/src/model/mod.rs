//! The model backends of Shopdesk's agent, behind one abstraction.
//!
//! The agent loop should not care whether the next assistant turn comes from OpenAI's Responses
//! API, from a local server speaking Chat Completions (Ollama, llama.cpp, LM Studio, vLLM), or
//! from the built-in offline model. Each backend turns a [`ModelRequest`] into one stream of
//! [`ModelEvent`]s (text deltas, complete tool calls, done with usage) or a typed
//! [`ModelError`] that knows its user-facing message and whether a retry makes sense. So the
//! loop, the ChatKit mapping and their tests are written once.
//!
//! * [`responses`] — the OpenAI Responses API (the default for OpenAI).
//! * [`chat_completions`] — Chat Completions, lenient about the quirks of
//!   OpenAI-compatible servers (missing tool-call `index`, empty `finish_reason`).
//! * [`offline`] — the default, network-free model that reads shoppers' requests (products,
//!   prices, sorting, follow-ups, cart edits, small talk) and makes the tool calls a real model
//!   would.
//! * [`config`] — the one parser and validator of the model settings (environment, saved file,
//!   settings panel) and settings → `Arc<dyn ModelBackend>`.
//! * [`http`], [`sse`], `reduce` — the transport both HTTP backends share: timeouts (connect,
//!   first byte, idle gap, turn deadline), a bounded SSE decoder, and the rule that a stream ends
//!   only with its API's terminal marker; [`limits`] — every cap on what a server may send.
//! * [`key_origin`] — which server an API key may go to (one origin per key), what a key is.
//!
//! Dropping a [`ModelStream`] stops the work behind it: the HTTP response is dropped and its
//! connection closed (the HTTP backends), or the pacing timer is cancelled (offline).

pub mod chat_chunks;
pub mod chat_completions;
pub mod config;
pub mod connection_check;
pub mod error;
pub mod http;
pub mod key_origin;
pub mod limits;
pub mod offline;
mod reduce;
pub mod responses;
pub mod responses_events;
pub mod sse;
pub mod types;

pub use chat_completions::ChatCompletionsBackend;
pub use config::{ModelSettings, Provider, SettingsError, WireApi};
pub use error::ModelError;
pub use http::HttpOptions;
pub use offline::OfflineModel;
pub use responses::ResponsesBackend;
pub use types::{
    ModelAttachment, ModelEvent, ModelMessage, ModelRequest, ToolCall, ToolSpec, Usage,
};

use futures::stream::BoxStream;

/// The stream one model turn produces. After an `Err` item the stream ends.
pub type ModelStream = BoxStream<'static, Result<ModelEvent, ModelError>>;

/// A source of assistant turns.
///
/// `stream` resolves once the backend has accepted the request (for HTTP backends: once the
/// response headers arrived with a success status), so authentication and rate-limit errors
/// surface as the `Err` of this call; failures after that arrive as the stream's last item.
/// A well-formed stream always ends with [`ModelEvent::Done`] or an `Err`: a stream that stops
/// without the API's terminal marker is an `Err` ([`ModelError::Truncated`]), never a `Done`.
#[async_trait::async_trait]
pub trait ModelBackend: Send + Sync {
    /// A short name for logs and diagnostics ("offline", "openai-responses", …).
    fn name(&self) -> &'static str;

    /// Starts one model turn.
    async fn stream(&self, request: ModelRequest) -> Result<ModelStream, ModelError>;
}
