//! Error types at the three boundaries of the library: [`ChatKitError`] for `process` (with a
//! kind the app maps to 400/404/500), [`StoreError`] for stores, and [`StreamError`] for
//! responders, which the event pipeline turns into an `error` event (docs/PROTOCOL.md §3.3, §9).

use crate::types::events::ThreadStreamEvent;
use std::fmt;
use std::time::Duration;

/// How the app should report a failed request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The body is not a valid request, or the request is not allowed in the thread's state (400).
    InvalidRequest,
    /// A thread, item or attachment does not exist (404).
    NotFound,
    /// Anything else (500).
    Internal,
}

impl ErrorKind {
    /// `invalid_request`, `not_found` or `internal` (the IPC error codes of the app).
    pub fn code(self) -> &'static str {
        match self {
            ErrorKind::InvalidRequest => "invalid_request",
            ErrorKind::NotFound => "not_found",
            ErrorKind::Internal => "internal",
        }
    }

    /// The HTTP status a web glue would use.
    pub fn http_status(self) -> u16 {
        match self {
            ErrorKind::InvalidRequest => 400,
            ErrorKind::NotFound => 404,
            ErrorKind::Internal => 500,
        }
    }
}

/// A request that failed before (or instead of) producing a response.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: {message}", kind.code())]
pub struct ChatKitError {
    pub kind: ErrorKind,
    pub message: String,
}

impl ChatKitError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }
    pub fn invalid_request(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::InvalidRequest, message)
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::NotFound, message)
    }
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Internal, message)
    }
}

/// Failure of a [`crate::store::Store`] or [`crate::store::AttachmentStore`] call.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    /// No thread / item / attachment with that id.
    #[error("not found: {0}")]
    NotFound(String),
    /// A pagination cursor (`after`) that names no row.
    #[error("unknown cursor: {0}")]
    InvalidCursor(String),
    /// Anything else (I/O, corrupt rows …).
    #[error("store failure: {0}")]
    Other(String),
}

impl From<StoreError> for ChatKitError {
    fn from(e: StoreError) -> Self {
        let kind = match e {
            StoreError::NotFound(_) => ErrorKind::NotFound,
            StoreError::InvalidCursor(_) => ErrorKind::InvalidRequest,
            StoreError::Other(_) => ErrorKind::Internal,
        };
        ChatKitError::new(kind, e.to_string())
    }
}

/// The code of a non-custom stream error. `stream.error` is the only code the reference defines.
pub const STREAM_ERROR: &str = "stream.error";

/// What a responder raises while streaming; becomes one `error` event, then the stream ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StreamError {
    /// `{"type":"error","code":"custom","message":…,"allow_retry":…}` — shown verbatim.
    Custom { message: String, allow_retry: bool },
    /// `{"type":"error","code":…,"allow_retry":…}` — the client shows a localized message.
    Code { code: String, allow_retry: bool },
    /// Any other failure: logged; `{"type":"error","code":"stream.error","allow_retry":true}`.
    Internal(String),
    /// A custom, retryable error that is worth retrying only after `after` (a provider's
    /// `Retry-After`): `{"type":"error","code":"custom","message":…,"allow_retry":true,
    /// "retry_after_ms":…}` (the last field is a Shopdesk extension, docs/PROTOCOL.md §12).
    RetryLater { message: String, after: Duration },
}

impl StreamError {
    /// A custom error with `allow_retry: false`.
    pub fn custom(message: impl Into<String>) -> Self {
        StreamError::Custom {
            message: message.into(),
            allow_retry: false,
        }
    }

    /// `stream.error` with the given retry flag.
    pub fn stream(allow_retry: bool) -> Self {
        StreamError::Code {
            code: STREAM_ERROR.into(),
            allow_retry,
        }
    }

    /// An unexpected failure.
    pub fn internal(message: impl fmt::Display) -> Self {
        StreamError::Internal(message.to_string())
    }

    /// The `error` event the pipeline sends for this error.
    pub fn to_event(&self) -> ThreadStreamEvent {
        match self {
            StreamError::Custom {
                message,
                allow_retry,
            } => ThreadStreamEvent::Error {
                code: "custom".into(),
                message: Some(message.clone()),
                allow_retry: *allow_retry,
                retry_after_ms: None,
            },
            StreamError::Code { code, allow_retry } => ThreadStreamEvent::Error {
                code: code.clone(),
                message: None,
                allow_retry: *allow_retry,
                retry_after_ms: None,
            },
            StreamError::Internal(_) => ThreadStreamEvent::Error {
                code: STREAM_ERROR.into(),
                message: None,
                allow_retry: true,
                retry_after_ms: None,
            },
            StreamError::RetryLater { message, after } => ThreadStreamEvent::Error {
                code: "custom".into(),
                message: Some(message.clone()),
                allow_retry: true,
                retry_after_ms: Some(u64::try_from(after.as_millis()).unwrap_or(u64::MAX)),
            },
        }
    }
}

impl fmt::Display for StreamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StreamError::Custom { message, .. } => write!(f, "custom stream error: {message}"),
            StreamError::Code { code, .. } => write!(f, "stream error {code}"),
            StreamError::Internal(m) => write!(f, "internal error: {m}"),
            StreamError::RetryLater { message, after } => {
                write!(f, "custom stream error (retry after {after:?}): {message}")
            }
        }
    }
}

impl std::error::Error for StreamError {}

impl From<StoreError> for StreamError {
    fn from(e: StoreError) -> Self {
        StreamError::Internal(e.to_string())
    }
}

impl From<ChatKitError> for StreamError {
    fn from(e: ChatKitError) -> Self {
        StreamError::Internal(e.to_string())
    }
}

impl From<crate::widgets::diff::WidgetError> for StreamError {
    fn from(e: crate::widgets::diff::WidgetError) -> Self {
        StreamError::Internal(e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(error: &StreamError) -> String {
        String::from_utf8(error.to_event().to_json()).unwrap()
    }

    #[test]
    fn retry_later_adds_retry_after_ms_and_nothing_else_changes() {
        let later = StreamError::RetryLater {
            message: "Busy.".into(),
            after: std::time::Duration::from_millis(3_250),
        };
        assert_eq!(
            json(&later),
            r#"{"type":"error","code":"custom","message":"Busy.","allow_retry":true,"retry_after_ms":3250}"#
        );
        let custom = StreamError::Custom {
            message: "Busy.".into(),
            allow_retry: true,
        };
        assert_eq!(
            json(&custom),
            r#"{"type":"error","code":"custom","message":"Busy.","allow_retry":true}"#
        );
        let parsed: ThreadStreamEvent = serde_json::from_str(&json(&later)).unwrap();
        assert_eq!(parsed, later.to_event());
    }
}
