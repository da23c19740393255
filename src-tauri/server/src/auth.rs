//! Authentication (docs/ARCHITECTURE.md, design decisions 13 and 21): the layer every request
//! except `GET /health` and CORS preflights passes.
//!
//! * The shared bearer token (`--token-file`): when the server has one, a request must carry
//!   `Authorization: Bearer <token>`, compared in constant time.
//! * Users (`--users-file` or `--trust-user-header`, [`crate::users`]): a request must name a
//!   known user; the layer puts it in the request's extensions as
//!   [`crate::users::AuthenticatedUser`], where the context function finds it.
//!
//! Anything else is `401` with `WWW-Authenticate: Bearer` and one generic body, whatever was
//! wrong (missing, unknown, malformed). The binary refuses to listen on a non-loopback address
//! without a credential (`cli.rs`).
//!
//! Tokens are credentials: read from a file that only its owner may read ([`read_secret_file`];
//! never a flag, which `ps` shows), never logged ([`BearerToken`]'s `Debug` hides it) and never
//! written anywhere.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use subtle::ConstantTimeEq;

use crate::http_error::{error_response, ErrorBody};
use crate::users::{AuthenticatedUser, UserSource};

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

    /// Reads the token from the first line of `path`, which must be private to its owner.
    pub fn from_file(path: &std::path::Path) -> Result<Self, String> {
        let text = read_secret_file(path, "token file")?;
        Self::new(text.lines().next().unwrap_or(""))
            .map_err(|e| format!("the token file {}: {e}", path.display()))
    }

    /// The token's bytes (for the users file's constant-time lookup).
    pub(crate) fn bytes(&self) -> &[u8] {
        &self.0
    }

    /// Whether two tokens are the same (constant time).
    pub(crate) fn same_as(&self, other: &BearerToken) -> bool {
        self.0.ct_eq(&other.0).into()
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

/// Reads a credentials file. On Unix it must be a regular file that neither its group nor
/// others may read or write (`chmod 600`): a credential everyone on the machine can read is
/// no credential. The error says what to do, and never shows the file's content.
pub fn read_secret_file(path: &std::path::Path, what: &str) -> Result<String, String> {
    let cannot =
        |e: &dyn std::fmt::Display| format!("cannot read the {what} {}: {e}", path.display());
    let meta = std::fs::metadata(path).map_err(|e| cannot(&e))?;
    if !meta.is_file() {
        return Err(cannot(&"not a regular file"));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            return Err(format!(
                "the {what} {} can be read or changed by other users (mode {mode:03o}); \
                 make it private with `chmod 600 {}`",
                path.display(),
                path.display()
            ));
        }
    }
    std::fs::read_to_string(path).map_err(|e| cannot(&e))
}

/// What the authentication layer checks: the shared token and/or where users come from.
#[derive(Clone, Debug, Default)]
pub(crate) struct Auth {
    pub token: Option<BearerToken>,
    pub users: Option<UserSource>,
}

/// Middleware: checks the token (if the server has one), then finds the user (if the server
/// has users) and hands it on in the request's extensions.
pub(crate) async fn authenticate(
    State(auth): State<Auth>,
    mut request: Request,
    next: Next,
) -> Response {
    let exempt = request.method() == Method::OPTIONS
        || (request.method() == Method::GET && request.uri().path() == "/health");
    if exempt {
        return next.run(request).await;
    }
    if let Some(token) = &auth.token {
        if !token.admits(request.headers().get(header::AUTHORIZATION)) {
            return unauthorized();
        }
    }
    if let Some(users) = &auth.users {
        match users.identify(request.headers()) {
            Some(user) => {
                request.extensions_mut().insert(AuthenticatedUser(user));
            }
            None => return unauthorized(),
        }
    }
    next.run(request).await
}

/// The one answer to a request without valid credentials, whatever was wrong with them.
fn unauthorized() -> Response {
    let mut response = error_response(ErrorBody::new(
        StatusCode::UNAUTHORIZED,
        "unauthorized",
        "valid credentials are required",
    ));
    response
        .headers_mut()
        .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    response
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

    #[cfg(unix)]
    #[test]
    fn a_credentials_file_others_can_read_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("token");
        std::fs::write(&path, "s3cret-token-0123456789\n").unwrap();
        for (mode, ok) in [
            (0o600, true),
            (0o400, true),
            (0o640, false),
            (0o604, false),
            (0o620, false),
        ] {
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
            let read = BearerToken::from_file(&path);
            assert_eq!(read.is_ok(), ok, "mode {mode:o}");
            if let Err(e) = read {
                assert!(e.contains("chmod 600") && !e.contains("s3cret"), "{e}");
            }
        }
        assert!(
            read_secret_file(dir.path(), "token file").is_err(),
            "a directory"
        );
    }
}
