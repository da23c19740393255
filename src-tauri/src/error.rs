//! The one error type the IPC surface returns.
//!
//! Why: the webview's transport turns a rejected `invoke` into an HTTP-like response
//! (Contract 1: `invalid_request` → 400, `not_found` → 404, `internal` → 500), so every failure
//! must reach it as the same `{ code, message }` object rather than as a free-form string.

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

/// Why a command failed. Serializes as `{ "code": "...", "message": "..." }`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AppError {
    /// The request could not be understood (bad JSON, unknown request type, bad run id …).
    #[error("{0}")]
    InvalidRequest(String),
    /// The request named something that does not exist (a thread, an item, an attachment).
    #[error("{0}")]
    NotFound(String),
    /// Anything else: storage failures, a model backend error, a cancelled start.
    #[error("{0}")]
    Internal(String),
}

impl AppError {
    /// The machine-readable code of Contract 1.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::InvalidRequest(_) => "invalid_request",
            AppError::NotFound(_) => "not_found",
            AppError::Internal(_) => "internal",
        }
    }

    /// The human-readable message.
    pub fn message(&self) -> &str {
        match self {
            AppError::InvalidRequest(m) | AppError::NotFound(m) | AppError::Internal(m) => m,
        }
    }
}

impl Serialize for AppError {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("AppError", 2)?;
        s.serialize_field("code", self.code())?;
        s.serialize_field("message", self.message())?;
        s.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_as_code_and_message() {
        let cases = [
            (
                AppError::InvalidRequest("bad json".into()),
                "invalid_request",
                "bad json",
            ),
            (
                AppError::NotFound("no thread th_1".into()),
                "not_found",
                "no thread th_1",
            ),
            (
                AppError::Internal("disk full".into()),
                "internal",
                "disk full",
            ),
        ];
        for (err, code, message) in cases {
            let value = serde_json::to_value(&err).unwrap();
            assert_eq!(
                value,
                serde_json::json!({ "code": code, "message": message })
            );
            assert_eq!(err.to_string(), message);
        }
    }
}
