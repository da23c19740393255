//! Typed failures of a model turn, each with a message a shopper can read and a retry verdict.
//!
//! Providers fail in many shapes: an HTTP status with a JSON (or plain-text) body, an `error`
//! event inside the stream, a dropped TCP connection, a server that stops talking. The agent
//! loop turns every one of them into a ChatKit `error` event, so this module reduces them to a
//! handful of kinds with a user-facing text ([`ModelError::user_message`]) and whether offering
//! "retry" makes sense ([`ModelError::retryable`]). Detail for logs stays in `Display`.

use std::time::Duration;

use super::limits::Limit;

/// Why a model turn failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ModelError {
    /// 401 / 403: missing, wrong or revoked API key.
    #[error("unauthorized ({status}): {message}")]
    Unauthorized { status: u16, message: String },
    /// 429, or a `rate_limit_exceeded` error event. `quota_exhausted` is set for
    /// `insufficient_quota`, which no retry will fix.
    #[error("rate limited: {message}")]
    RateLimited {
        message: String,
        retry_after: Option<Duration>,
        quota_exhausted: bool,
    },
    /// 5xx, or a server-side error event (`status` is `None` for in-stream errors).
    /// `retry_after`: the `Retry-After` of a 503 (or any 5xx) that said when to come back.
    #[error("server error ({status:?}): {message}")]
    Server {
        status: Option<u16>,
        message: String,
        retry_after: Option<Duration>,
    },
    /// No answer in time: `phase` says whether waiting for the response or for the next event.
    #[error("timed out {phase} after {after:?}")]
    Timeout {
        phase: TimeoutPhase,
        after: Duration,
    },
    /// The connection could not be made, or broke; `mid_stream` when part of the turn arrived.
    #[error("connection failed{}: {message}", if *.mid_stream { " mid-stream" } else { "" })]
    Connection { message: String, mid_stream: bool },
    /// The stream was not valid SSE / JSON in the expected shape.
    #[error("malformed stream: {message}")]
    MalformedStream { message: String },
    /// Other 4xx (bad model name, invalid request …) or a non-retryable error event.
    #[error("request rejected ({status:?}): {message}")]
    BadRequest {
        status: Option<u16>,
        message: String,
    },
    /// The settings cannot work (no API key for OpenAI, invalid base URL …).
    #[error("model settings: {message}")]
    Config { message: String },
    /// The body ended cleanly but without the API's terminal marker (Chat Completions: a
    /// `finish_reason`; Responses: `response.completed` / `.incomplete` / `.failed`): the answer
    /// is cut off, so it is not accepted as complete. `mid_stream` when part of it arrived.
    #[error("stream ended without its terminal marker{}: {message}", if *.mid_stream { " mid-stream" } else { "" })]
    Truncated { message: String, mid_stream: bool },
    /// The server sent more than one of the caps in [`super::limits`] allows.
    #[error("limit exceeded: the server sent {}", .limit.describe())]
    LimitExceeded { limit: Limit },
}

/// Which wait ran out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeoutPhase {
    /// Connecting or waiting for the response headers.
    Response,
    /// Waiting for the next event of a stream that already started.
    Stream,
    /// The whole turn took longer than its wall-clock deadline.
    Turn,
}

impl std::fmt::Display for TimeoutPhase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            TimeoutPhase::Response => "waiting for the response",
            TimeoutPhase::Stream => "waiting for the next stream event",
            TimeoutPhase::Turn => "for the whole turn",
        })
    }
}

impl ModelError {
    /// Whether trying the same request again may succeed.
    pub fn retryable(&self) -> bool {
        match self {
            ModelError::RateLimited {
                quota_exhausted, ..
            } => !quota_exhausted,
            ModelError::Server { .. }
            | ModelError::Timeout { .. }
            | ModelError::Connection { .. }
            | ModelError::Truncated { .. }
            | ModelError::BadRequest {
                status: Some(409), ..
            } => true,
            // A garbled chunk from a flaky proxy need not repeat.
            ModelError::MalformedStream { .. } => true,
            ModelError::Unauthorized { .. }
            | ModelError::BadRequest { .. }
            | ModelError::Config { .. }
            | ModelError::LimitExceeded { .. } => false,
        }
    }

    /// How long the server asked us to wait before trying again (`Retry-After` /
    /// `retry-after-ms` of a 429 or a 5xx such as 503), if it said.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            ModelError::RateLimited { retry_after, .. }
            | ModelError::Server { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// What to show the shopper. Never contains the API key (we never put it in any message).
    pub fn user_message(&self) -> String {
        match self {
            ModelError::Unauthorized { .. } => {
                "The model provider rejected the API key. Check the key in Settings.".into()
            }
            ModelError::RateLimited { quota_exhausted: true, .. } => {
                "The model provider says this account is out of quota. Check your plan and billing.".into()
            }
            ModelError::RateLimited { retry_after, .. } => match retry_after {
                Some(d) => format!(
                    "The model provider is rate limiting requests. Try again in {} s.",
                    d.as_secs().max(1)
                ),
                None => "The model provider is rate limiting requests. Try again in a moment.".into(),
            },
            ModelError::Server { .. } => {
                "The model provider had an internal error. Try again.".into()
            }
            ModelError::Timeout { phase: TimeoutPhase::Response, .. } => {
                "The model did not answer in time. Check that the server is running, then try again."
                    .into()
            }
            ModelError::Timeout { phase: TimeoutPhase::Stream, .. } => {
                "The model stopped responding mid-answer. Try again.".into()
            }
            ModelError::Timeout { phase: TimeoutPhase::Turn, after } => format!(
                "The model took longer than {} s for one answer, so Shopdesk stopped waiting. Try again.",
                after.as_secs().max(1)
            ),
            ModelError::Truncated { .. } => {
                "The model's answer was cut off before it finished. Try again.".into()
            }
            ModelError::LimitExceeded { limit } => format!(
                "The model server sent {}, more than Shopdesk accepts, so the answer was stopped.",
                limit.describe()
            ),
            ModelError::Connection { mid_stream: true, .. } => {
                "The connection to the model dropped mid-answer. Try again.".into()
            }
            ModelError::Connection { mid_stream: false, .. } => {
                "Could not reach the model server. Check the base URL and your network, then try again."
                    .into()
            }
            ModelError::MalformedStream { .. } => {
                "The model server sent a reply Shopdesk could not understand.".into()
            }
            ModelError::BadRequest { status: Some(404), .. } => {
                "The model server does not know this model or endpoint. Check the base URL (it should end in /v1) and the model name.".into()
            }
            ModelError::BadRequest { message, .. } => {
                format!("The model provider rejected the request: {}", truncate(message, 200))
            }
            ModelError::Config { message } => format!("Model settings problem: {message}"),
        }
    }

    /// Classifies a non-success HTTP status and its body (JSON `{"error": …}`, Ollama's
    /// `{"error": "text"}`, or plain text).
    pub fn from_status(status: u16, body: &str, retry_after: Option<Duration>) -> ModelError {
        let (message, code) = error_body_parts(body);
        let message = if message.is_empty() {
            format!("HTTP {status}")
        } else {
            message
        };
        match status {
            401 | 403 => ModelError::Unauthorized { status, message },
            429 => ModelError::RateLimited {
                quota_exhausted: code.as_deref() == Some("insufficient_quota"),
                message,
                retry_after,
            },
            500..=599 => ModelError::Server {
                status: Some(status),
                message,
                retry_after,
            },
            408 => ModelError::Timeout {
                phase: TimeoutPhase::Response,
                after: Duration::ZERO,
            },
            _ => ModelError::BadRequest {
                status: Some(status),
                message,
            },
        }
    }

    /// Classifies an error reported inside a stream (`error` / `response.failed` events, or a
    /// chunk with an `error` member) from its `code` / `type` and message.
    pub fn from_stream_error(code: Option<&str>, message: &str) -> ModelError {
        let message = if message.is_empty() {
            "the model reported an error".to_string()
        } else {
            message.to_string()
        };
        match code.unwrap_or("") {
            "rate_limit_exceeded" | "rate_limit_error" | "too_many_requests" => {
                ModelError::RateLimited {
                    message,
                    retry_after: None,
                    quota_exhausted: false,
                }
            }
            "insufficient_quota" => ModelError::RateLimited {
                message,
                retry_after: None,
                quota_exhausted: true,
            },
            "invalid_api_key" | "authentication_error" | "unauthorized" => {
                ModelError::Unauthorized {
                    status: 401,
                    message,
                }
            }
            ""
            | "server_error"
            | "internal_error"
            | "api_error"
            | "overloaded_error"
            | "service_unavailable" => ModelError::Server {
                status: None,
                message,
                retry_after: None,
            },
            _ => ModelError::BadRequest {
                status: None,
                message,
            },
        }
    }
}

/// Pulls `(message, code)` out of an error body in any of the shapes servers use.
pub(crate) fn error_body_parts(body: &str) -> (String, Option<String>) {
    let trimmed = body.trim();
    if let Ok(value) = serde_json::from_str::<serde_json::Value>(trimmed) {
        let err = value.get("error").unwrap_or(&value);
        if let Some(text) = err.as_str() {
            return (text.to_string(), None);
        }
        let message = err
            .get("message")
            .and_then(|m| m.as_str())
            .unwrap_or_default()
            .to_string();
        let code = err
            .get("code")
            .and_then(|c| c.as_str())
            .or_else(|| err.get("type").and_then(|t| t.as_str()))
            .map(str::to_string);
        if !message.is_empty() || code.is_some() {
            return (message, code);
        }
    }
    (truncate(trimmed, 300), None)
}

fn truncate(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        text.to_string()
    } else {
        let cut: String = text.chars().take(max_chars).collect();
        format!("{cut}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_map_to_kinds_and_retry_verdicts() {
        let e = ModelError::from_status(
            401,
            r#"{"error":{"message":"Incorrect API key provided","type":"invalid_request_error","code":"invalid_api_key"}}"#,
            None,
        );
        assert!(
            matches!(&e, ModelError::Unauthorized { status: 401, message } if message == "Incorrect API key provided")
        );
        assert!(!e.retryable());
        let e = ModelError::from_status(
            429,
            r#"{"error":{"message":"slow down","code":"rate_limit_exceeded"}}"#,
            Some(Duration::from_secs(3)),
        );
        assert!(e.retryable());
        assert!(e.user_message().contains("3 s"));
        let e = ModelError::from_status(
            429,
            r#"{"error":{"message":"quota","type":"insufficient_quota","code":"insufficient_quota"}}"#,
            None,
        );
        assert!(!e.retryable());
        let e = ModelError::from_status(503, "busy", Some(Duration::from_secs(7)));
        assert_eq!(
            e.retry_after(),
            Some(Duration::from_secs(7)),
            "a 503's Retry-After is kept"
        );
        assert!(e.retryable());
        let e = ModelError::from_status(502, "<html>Bad Gateway</html>", None);
        assert!(
            matches!(&e, ModelError::Server { status: Some(502), message, .. } if message.contains("Bad Gateway"))
        );
        assert!(e.retryable());
        let e = ModelError::from_status(404, r#"{"error":"model \"llama9\" not found"}"#, None);
        assert!(
            matches!(&e, ModelError::BadRequest { status: Some(404), message } if message.contains("llama9"))
        );
        assert!(!e.retryable());
        assert!(e.user_message().contains("/v1"));
        let e = ModelError::from_status(400, "", None);
        assert!(matches!(&e, ModelError::BadRequest { message, .. } if message == "HTTP 400"));
    }

    #[test]
    fn stream_error_codes_map_to_kinds() {
        assert!(matches!(
            ModelError::from_stream_error(Some("rate_limit_exceeded"), "x"),
            ModelError::RateLimited { .. }
        ));
        assert!(matches!(
            ModelError::from_stream_error(Some("server_error"), "x"),
            ModelError::Server { status: None, .. }
        ));
        assert!(matches!(
            ModelError::from_stream_error(None, ""),
            ModelError::Server { .. }
        ));
        let e = ModelError::from_stream_error(Some("invalid_prompt"), "bad prompt");
        assert!(matches!(&e, ModelError::BadRequest { .. }));
        assert!(!e.retryable());
    }

    #[test]
    fn user_messages_are_distinct_per_kind() {
        let errors = [
            ModelError::Unauthorized {
                status: 401,
                message: String::new(),
            },
            ModelError::RateLimited {
                message: String::new(),
                retry_after: None,
                quota_exhausted: false,
            },
            ModelError::Server {
                status: Some(500),
                message: String::new(),
                retry_after: None,
            },
            ModelError::Timeout {
                phase: TimeoutPhase::Response,
                after: Duration::from_secs(1),
            },
            ModelError::Timeout {
                phase: TimeoutPhase::Stream,
                after: Duration::from_secs(1),
            },
            ModelError::Connection {
                message: String::new(),
                mid_stream: true,
            },
            ModelError::Connection {
                message: String::new(),
                mid_stream: false,
            },
            ModelError::MalformedStream {
                message: String::new(),
            },
            ModelError::Timeout {
                phase: TimeoutPhase::Turn,
                after: Duration::from_secs(1),
            },
            ModelError::Truncated {
                message: String::new(),
                mid_stream: true,
            },
            ModelError::LimitExceeded {
                limit: Limit::ToolCalls,
            },
        ];
        let mut seen = std::collections::HashSet::new();
        for e in &errors {
            assert!(seen.insert(e.user_message()), "duplicate message for {e:?}");
        }
    }
}
