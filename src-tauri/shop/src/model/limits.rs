//! Caps on everything a model server sends, in one place.
//!
//! A model server is a third party (a local Ollama, a proxy, OpenAI): Shopdesk must not let it
//! fill memory, hold a turn open forever or hand a tool an argument no shopper could have meant.
//! Each cap is a named constant here; the transport (`http.rs`), the SSE decoder (`sse.rs`), the
//! stream driver (`reduce.rs`), the two wire reducers and the search tool check them and fail
//! with [`ModelError::LimitExceeded`], whose message names the cap that was hit. The caps are far
//! above what a real shopping answer needs, so only a broken or hostile server reaches them.

use std::time::Duration;

use super::error::ModelError;

/// Most bytes of an error response body that are read (the rest is never downloaded).
pub const MAX_ERROR_BODY_BYTES: usize = 64 * 1024;
/// Longest single SSE line, and longest single SSE event (all its `data:` lines together).
pub const MAX_SSE_EVENT_BYTES: usize = 1024 * 1024;
/// Most bytes one streamed response body may carry in total.
pub const MAX_STREAM_BYTES: usize = 32 * 1024 * 1024;
/// Most assistant text one model turn may produce, in bytes.
pub const MAX_TEXT_BYTES: usize = 256 * 1024;
/// Most tool calls one model turn may make.
pub const MAX_TOOL_CALLS: usize = 16;
/// Longest arguments text of one tool call, in bytes.
pub const MAX_TOOL_ARGUMENT_BYTES: usize = 64 * 1024;
/// Longest search query the `search_catalog` tool accepts, in characters.
pub const MAX_SEARCH_QUERY_CHARS: usize = 500;
/// Wall-clock limit of one model turn (request to its last event), whatever the server sends.
pub const DEFAULT_TURN_DEADLINE: Duration = Duration::from_secs(300);

/// Which cap was hit (the names are what the error message shows).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    ErrorBody,
    SseEvent,
    StreamBytes,
    Text,
    ToolCalls,
    ToolArguments,
}

impl Limit {
    /// The cap's value.
    pub fn max(self) -> usize {
        match self {
            Limit::ErrorBody => MAX_ERROR_BODY_BYTES,
            Limit::SseEvent => MAX_SSE_EVENT_BYTES,
            Limit::StreamBytes => MAX_STREAM_BYTES,
            Limit::Text => MAX_TEXT_BYTES,
            Limit::ToolCalls => MAX_TOOL_CALLS,
            Limit::ToolArguments => MAX_TOOL_ARGUMENT_BYTES,
        }
    }

    /// What is capped, for messages ("one stream event of more than 1048576 bytes").
    pub fn describe(self) -> String {
        let max = self.max();
        match self {
            Limit::ErrorBody => format!("an error body of more than {max} bytes"),
            Limit::SseEvent => format!("one stream event of more than {max} bytes"),
            Limit::StreamBytes => format!("a response of more than {max} bytes"),
            Limit::Text => format!("more than {max} bytes of text in one answer"),
            Limit::ToolCalls => format!("more than {max} tool calls in one answer"),
            Limit::ToolArguments => format!("tool arguments of more than {max} bytes"),
        }
    }

    /// `Err(LimitExceeded)` when `value` is over this cap.
    pub fn check(self, value: usize) -> Result<(), ModelError> {
        if value > self.max() {
            Err(ModelError::LimitExceeded { limit: self })
        } else {
            Ok(())
        }
    }
}
