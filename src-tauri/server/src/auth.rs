//! The bearer token (docs/ARCHITECTURE.md, design decision 12): when the server has one, every
//! request except `GET /health` and CORS preflights must carry `Authorization: Bearer <token>`,
//! compared in constant time; anything else is `401`. The binary refuses to listen on a
//! non-loopback address without one (`cli.rs`).
//!
//! The token is a credential: it is read from a file (never a flag, which `ps` shows), never
//! logged ([`BearerToken`]'s `Debug` hides it) and never written anywhere.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use subtle::ConstantTimeEq;

use crate::http_error::{error_response, ErrorBody};

/// Shortest token accepted, in bytes: a guessable token is no protection.
pub const MIN_TOKEN_BYTES: usize = 16;

/// The token clients must present.
#[derive(Clone)]
pub struct BearerToken(Arc<[u8]>);

impl BearerToken {
    /// A token from its text (surrounding whitespace trimmed); refused when shorter than
    /// [`MIN_TOKEN_BYTES`] or when it holds characters a header cannot carry.
    pub fn new(text: &str) -> Result<Self, String> {
        let token = text.trim();
        if token.len() < MIN_TOKEN_BYTES {
            return Err(format!(
                "the token must be at least {MIN_TOKEN_BYTES} characters long"
            ));
        }
        if !token.bytes().all(|b| b.is_ascii_graphic()) {
            return Err("the token must be printable ASCII without spaces".into());
        }
        Ok(Self(token.as_bytes().into()))
    }

    /// Reads the token from the first line of `path`.
    pub fn from_file(path: &std::path::Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read the token file {}: {e}", path.display()))?;
        Self::new(text.lines().next().unwrap_or(""))
            .map_err(|e| format!("the token file {}: {e}", path.display()))
    }

    /// Whether an `Authorization` header value carries this token.
    fn admits(&self, value: Option<&HeaderValue>) -> bool {
        let Some(presented) = value
            .map(HeaderValue::as_bytes)
            .and_then(|v| v.strip_prefix(b"Bearer "))
        else {
            return false;
        };
        presented.ct_eq(&self.0).into()
    }
}

impl std::fmt::Debug for BearerToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BearerToken(<redacted>)")
    }
}

/// Middleware: checks the token, if the server has one.
pub(crate) async fn require_token(
    State(token): State<Option<BearerToken>>,
    request: Request,
    next: Next,
) -> Response {
    let exempt = request.method() == Method::OPTIONS
        || (request.method() == Method::GET && request.uri().path() == "/health");
    match &token {
        Some(token) if !exempt && !token.admits(request.headers().get(header::AUTHORIZATION)) => {
            let mut response = error_response(ErrorBody::new(
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "a valid bearer token is required",
            ));
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            response
        }
        _ => next.run(request).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_exact_token_is_admitted_and_it_never_prints() {
        let token = BearerToken::new("  s3cret-token-0123456789\n").unwrap();
        let header = |v: &str| HeaderValue::from_str(v).unwrap();
        assert!(token.admits(Some(&header("Bearer s3cret-token-0123456789"))));
        for wrong in [
            "Bearer s3cret-token-012345678",
            "Bearer s3cret-token-01234567890",
            "bearer s3cret-token-0123456789",
            "s3cret-token-0123456789",
            "Basic s3cret-token-0123456789",
            "Bearer ",
        ] {
            assert!(!token.admits(Some(&header(wrong))), "{wrong}");
        }
        assert!(!token.admits(None));
        assert!(!format!("{token:?}").contains("s3cret"));
        assert!(BearerToken::new("short").is_err());
        assert!(BearerToken::new("with a space in the middle!!").is_err());
    }
}
