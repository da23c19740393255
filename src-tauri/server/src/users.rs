//! Who a request is from: the users file (`--users-file`, bearer token → user id) and the user
//! header of a trusted reverse proxy (`--trust-user-header`), and the [`AuthenticatedUser`] the
//! authentication layer (`auth.rs`) hands to the request's context function.
//!
//! Why: one server may serve many people, and the stores scope every thread, item and attachment
//! to the user the context names (docs/ARCHITECTURE.md, Contract 6). This module only answers
//! "which user is this?"; refusing a request without one is the layer's job.
//!
//! # The users file
//!
//! One user per line, `user_id token`, separated by spaces or tabs; blank lines and lines
//! starting with `#` are ignored:
//!
//! ```text
//! # user_id   token (at least 16 printable ASCII characters, no spaces)
//! alice       6f1d0c3e9b2a47d8a1f0c9e2
//! bob         b7e4a2c91d0f4e6a8c3b5d7f
//! ```
//!
//! A user id is 1 to 64 characters of `A–Z a–z 0–9 . _ @ + -`. A user may have several tokens
//! (rotation); a token may belong to one user only. The file is a credential: it must not be
//! readable or writable by group or others (`chmod 600`), and no token is ever logged or shown
//! in an error (errors name the line number).

use std::sync::Arc;

use axum::http::{HeaderMap, HeaderName, HeaderValue};
use subtle::{Choice, ConstantTimeEq};

use crate::auth::{read_secret_file, BearerToken};

/// Longest user id, in bytes.
pub const MAX_USER_ID_BYTES: usize = 64;

/// The user a request was authenticated as; put in the request's extensions by the
/// authentication layer, read by context functions with [`AuthenticatedUser::of`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthenticatedUser(pub String);

impl AuthenticatedUser {
    /// The user of an authenticated request; `None` when the server has no users configured.
    pub fn of(parts: &axum::http::request::Parts) -> Option<&str> {
        parts
            .extensions
            .get::<AuthenticatedUser>()
            .map(|u| u.0.as_str())
    }
}

/// Whether `id` is a user id this server accepts (see the module docs).
pub fn valid_user_id(id: &str) -> bool {
    (1..=MAX_USER_ID_BYTES).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b".-_@+".contains(&b))
}

/// Where user identities come from.
#[derive(Clone, Debug)]
pub enum UserSource {
    /// `Authorization: Bearer <token>`, looked up in the users file.
    Tokens(Arc<UserTokens>),
    /// A header a trusted reverse proxy sets (e.g. `X-Forwarded-User`). Only safe when the
    /// server can be reached through that proxy alone.
    TrustedHeader(HeaderName),
}

impl UserSource {
    /// The user a request's headers name, or `None` (missing, unknown or malformed: a 401).
    pub(crate) fn identify(&self, headers: &HeaderMap) -> Option<String> {
        match self {
            UserSource::Tokens(tokens) => {
                tokens.user_of(headers.get(axum::http::header::AUTHORIZATION))
            }
            UserSource::TrustedHeader(name) => {
                let mut values = headers.get_all(name).iter();
                let (Some(value), None) = (values.next(), values.next()) else {
                    return None; // absent, or ambiguous (sent twice)
                };
                value
                    .to_str()
                    .ok()
                    .map(str::trim)
                    .filter(|id| valid_user_id(id))
                    .map(str::to_owned)
            }
        }
    }
}

/// The users file: tokens and the users they belong to.
#[derive(Clone)]
pub struct UserTokens {
    entries: Vec<(BearerToken, String)>,
}

impl UserTokens {
    /// Parses the users file's text (see the module docs). Errors name the line, never a token.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut entries: Vec<(BearerToken, String)> = Vec::new();
        for (index, line) in text.lines().enumerate() {
            let number = index + 1;
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut fields = line.split_whitespace();
            let (Some(user), Some(token), None) = (fields.next(), fields.next(), fields.next())
            else {
                return Err(format!("line {number}: expected `user_id token`"));
            };
            if !valid_user_id(user) {
                return Err(format!(
                    "line {number}: a user id is 1 to {MAX_USER_ID_BYTES} characters of \
                     A-Z a-z 0-9 . _ @ + -"
                ));
            }
            let token = BearerToken::new(token).map_err(|e| format!("line {number}: {e}"))?;
            if entries.iter().any(|(known, _)| known.same_as(&token)) {
                return Err(format!(
                    "line {number}: this token is already given to a user on an earlier line"
                ));
            }
            entries.push((token, user.to_owned()));
        }
        if entries.is_empty() {
            return Err("no users in the file (one `user_id token` per line)".into());
        }
        Ok(Self { entries })
    }

    /// Reads and parses `path`, which must be private to its owner (see the module docs).
    pub fn from_file(path: &std::path::Path) -> Result<Self, String> {
        let text = read_secret_file(path, "users file")?;
        Self::parse(&text).map_err(|e| format!("the users file {}: {e}", path.display()))
    }

    /// How many tokens the file holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the file holds no token (never true for a parsed file).
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The user whose token an `Authorization` header carries. Every token is compared, in
    /// constant time each, whichever matches: the time does not tell which entry it was.
    fn user_of(&self, header: Option<&HeaderValue>) -> Option<String> {
        let presented = header
            .map(HeaderValue::as_bytes)
            .and_then(|v| v.strip_prefix(b"Bearer "))?;
        let mut found: Option<&str> = None;
        for (token, user) in &self.entries {
            let matches: Choice = token.bytes().ct_eq(presented);
            if bool::from(matches) {
                found = Some(user);
            }
        }
        found.map(str::to_owned)
    }
}

impl std::fmt::Debug for UserTokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "UserTokens({} tokens, <redacted>)", self.entries.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "# comment\n\nalice  token-of-alice-0123456\n\
                        bob\ttoken-of-bob-000000000\nalice token-two-of-alice-99\n";

    fn bearer(token: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            axum::http::header::AUTHORIZATION,
            HeaderValue::from_str(&format!("Bearer {token}")).unwrap(),
        );
        headers
    }

    #[test]
    fn tokens_map_to_their_users_and_nothing_else_does() {
        let tokens = UserTokens::parse(FILE).unwrap();
        assert_eq!(tokens.len(), 3);
        let source = UserSource::Tokens(Arc::new(tokens));
        let who = |token: &str| source.identify(&bearer(token));
        assert_eq!(who("token-of-alice-0123456").as_deref(), Some("alice"));
        assert_eq!(who("token-two-of-alice-99").as_deref(), Some("alice"));
        assert_eq!(who("token-of-bob-000000000").as_deref(), Some("bob"));
        for wrong in [
            "token-of-bob-00000000",
            "token-of-bob-0000000000",
            "alice",
            "",
        ] {
            assert_eq!(who(wrong), None, "{wrong}");
        }
        assert_eq!(source.identify(&HeaderMap::new()), None);
        assert!(!format!("{source:?}").contains("token-of"));
    }

    #[test]
    fn a_bad_users_file_is_refused_by_line_without_showing_the_token() {
        for (text, says) in [
            ("alice\n", "line 1: expected"),
            ("alice tok extra-field-here-xx\n", "line 1: expected"),
            ("# only\n", "no users"),
            (
                "# users\nalice token-0123456789abc\nal ice token-0123456789x\n",
                "line 3: expected",
            ),
            ("al/ice token-0123456789abc\n", "line 1: a user id"),
            ("alice short\n", "line 1: the token must be at least"),
            (
                "a token-0123456789abc\nb token-0123456789abc\n",
                "line 2: this token",
            ),
        ] {
            let error = UserTokens::parse(text).unwrap_err();
            assert!(error.contains(says), "{text:?}: {error}");
            assert!(!error.contains("0123456789"), "{error}");
        }
        let long = format!("{} token-0123456789abc", "u".repeat(MAX_USER_ID_BYTES + 1));
        assert!(UserTokens::parse(&long).is_err());
    }

    #[test]
    fn the_trusted_header_names_one_well_formed_user() {
        let source = UserSource::TrustedHeader(HeaderName::from_static("x-forwarded-user"));
        let with = |values: &[&str]| {
            let mut headers = HeaderMap::new();
            for v in values {
                headers.append("x-forwarded-user", HeaderValue::from_str(v).unwrap());
            }
            source.identify(&headers)
        };
        assert_eq!(
            with(&["carol@example.com"]).as_deref(),
            Some("carol@example.com")
        );
        assert_eq!(with(&[]), None);
        assert_eq!(with(&[""]), None);
        assert_eq!(with(&["a", "b"]), None, "sent twice is ambiguous");
        assert_eq!(with(&["../etc"]), None);
        assert_eq!(with(&["has space"]), None);
    }
}
