//! Every error answer of the HTTP glue: a status and a small JSON body
//! `{"error": {"code", "message"}}`.
//!
//! Why one place: a failure must never leak internal detail (a store's SQL error, a panic
//! message). [`from_chatkit`] is the one mapping from `chatkit`'s [`ChatKitError`] to HTTP
//! ([`ErrorKind::http_status`], as the app maps the same kinds to its IPC codes): the message of
//! an invalid request or an unknown id is about the client's own request and is returned
//! (shortened); an internal error is logged and answered with a generic sentence.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chatkit::{ChatKitError, ErrorKind};
use serde_json::json;

/// Longest message returned to a client, in characters.
const MAX_MESSAGE_CHARS: usize = 300;

/// What a client is told about a failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ErrorBody {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
}

impl ErrorBody {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        let message: String = message.into();
        Self {
            status,
            code,
            message: message.chars().take(MAX_MESSAGE_CHARS).collect(),
        }
    }
    pub fn invalid_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid_request", message)
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", message)
    }
    pub fn internal() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "Internal Server Error",
        )
    }
    pub fn unavailable(message: impl Into<String>) -> Self {
        Self::new(StatusCode::SERVICE_UNAVAILABLE, "unavailable", message)
    }
}

/// The answer to a failed ChatKit request. Internal errors are logged here (their message may
/// hold detail the client must not see) and answered generically.
pub(crate) fn from_chatkit(error: &ChatKitError) -> ErrorBody {
    let status =
        StatusCode::from_u16(error.kind.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    match error.kind {
        ErrorKind::InvalidRequest | ErrorKind::NotFound => {
            ErrorBody::new(status, error.kind.code(), &error.message)
        }
        ErrorKind::Internal => {
            tracing::error!(error = ?error.message, "chatkit request failed");
            ErrorBody::internal()
        }
    }
}

pub(crate) fn error_response(body: ErrorBody) -> Response {
    let json = json!({ "error": { "code": body.code, "message": body.message } });
    (body.status, Json(json)).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_map_to_statuses_and_internal_detail_never_leaves() {
        let secret = "disk I/O error at /home/u/.local/share/x.sqlite3";
        let cases = [
            (ChatKitError::invalid_request("bad type"), 400, "bad type"),
            (
                ChatKitError::not_found("no thread thr_1"),
                404,
                "no thread thr_1",
            ),
            (ChatKitError::internal(secret), 500, "Internal Server Error"),
        ];
        for (error, status, message) in cases {
            let body = from_chatkit(&error);
            assert_eq!(body.status.as_u16(), status);
            assert_eq!(body.status.as_u16(), error.kind.http_status());
            assert_eq!(body.message, message);
        }
        let long = ErrorBody::invalid_request("x".repeat(10_000));
        assert_eq!(long.message.chars().count(), MAX_MESSAGE_CHARS);
    }
}
