//! HTTP transport shared by the two OpenAI-protocol backends.
//!
//! One plain `reqwest` POST per model turn, with **no hidden retries** (retrying is the agent's
//! decision, made once in `assistant/model_retry.rs`, where the user can be told). The transport
//! owns what the server's reply may cost us: the response headers must arrive within the
//! first-byte timeout, an error body is read up to
//! [`MAX_ERROR_BODY_BYTES`](super::limits::MAX_ERROR_BODY_BYTES) and classified here (so a 401
//! with a plain-text body is still [`ModelError::Unauthorized`]), and `Retry-After` /
//! `retry-after-ms` are kept for the retry. The streamed body goes to `reduce`, which applies the
//! other timeouts (first byte, idle gap, turn deadline) with `tokio::time`, so every timeout is
//! a typed error rather than one guessed from a message.
//!
//! async-openai used to sit here; its stream decoder buffers events of any size and treats a
//! cut-off body like `[DONE]`, which is why the request and the SSE framing are our own now.

use std::sync::Once;
use std::time::{Duration, Instant};

use serde::Serialize;

use super::error::{ModelError, TimeoutPhase};
use super::key_origin::{ApiKey, KeyOrigin};
use super::limits::{Limit, DEFAULT_TURN_DEADLINE};

/// Default TCP + TLS connect timeout.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default wait for the first byte of an answer (a local server may load a model first).
pub const DEFAULT_FIRST_BYTE_TIMEOUT: Duration = Duration::from_secs(120);
/// Default longest silence between two chunks once an answer is streaming.
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(30);

/// Timeouts of one HTTP backend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HttpOptions {
    /// TCP + TLS connect.
    pub connect_timeout: Duration,
    /// From sending the request to the first byte of the streamed body (headers included).
    pub response_timeout: Duration,
    /// Longest silence between two chunks of the body once it started.
    pub idle_timeout: Duration,
    /// Wall-clock limit of the whole turn, however steadily the server sends.
    pub turn_deadline: Duration,
}

impl Default for HttpOptions {
    fn default() -> Self {
        HttpOptions {
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            response_timeout: DEFAULT_FIRST_BYTE_TIMEOUT,
            idle_timeout: DEFAULT_IDLE_TIMEOUT,
            turn_deadline: DEFAULT_TURN_DEADLINE,
        }
    }
}

impl HttpOptions {
    /// Applies `SHOPDESK_FIRST_BYTE_TIMEOUT_MS`, `SHOPDESK_IDLE_TIMEOUT_MS` and
    /// `SHOPDESK_TURN_DEADLINE_MS` (as `get` returns them; `None` = unchanged) over these
    /// options. `Err` is the message for the settings error (`model/config.rs`).
    pub fn with_env(self, get: &impl Fn(&str) -> Option<String>) -> Result<HttpOptions, String> {
        use super::config::{
            FIRST_BYTE_TIMEOUT_ENV, IDLE_TIMEOUT_ENV, MAX_TIMEOUT_MS, MIN_TIMEOUT_MS,
            TURN_DEADLINE_ENV,
        };
        let read = |name: &str, current: Duration| -> Result<Duration, String> {
            let Some(raw) = get(name) else {
                return Ok(current);
            };
            match raw.trim().parse::<u64>() {
                Ok(ms) if (MIN_TIMEOUT_MS..=MAX_TIMEOUT_MS).contains(&ms) => {
                    Ok(Duration::from_millis(ms))
                }
                _ => Err(format!(
                    "{name} must be a whole number of milliseconds from {MIN_TIMEOUT_MS} to \
                     {MAX_TIMEOUT_MS}, got {:?}",
                    raw.trim()
                )),
            }
        };
        Ok(HttpOptions {
            response_timeout: read(FIRST_BYTE_TIMEOUT_ENV, self.response_timeout)?,
            idle_timeout: read(IDLE_TIMEOUT_ENV, self.idle_timeout)?,
            turn_deadline: read(TURN_DEADLINE_ENV, self.turn_deadline)?,
            ..self
        })
    }
}

/// Checks and normalises a base URL (`http(s)://host[:port]/…/v1`, no trailing slash).
pub fn normalize_base_url(base_url: &str) -> Result<String, ModelError> {
    let trimmed = base_url.trim().trim_end_matches('/');
    let url = reqwest::Url::parse(trimmed).map_err(|e| ModelError::Config {
        message: format!("invalid base URL {trimmed:?}: {e}"),
    })?;
    if url.scheme() != "http" && url.scheme() != "https" {
        return Err(ModelError::Config {
            message: format!("base URL must start with http:// or https://, got {trimmed:?}"),
        });
    }
    if url.host_str().is_none() {
        return Err(ModelError::Config {
            message: format!("base URL {trimmed:?} has no host"),
        });
    }
    Ok(trimmed.to_string())
}

/// What both OpenAI wire APIs (Responses, Chat Completions) need to reach a server: the HTTP
/// client, the base URL and key, the model asked for when a request names none, the timeouts.
pub struct Endpoint {
    http: reqwest::Client,
    base_url: String,
    /// `None`: the request carries no `Authorization` header at all.
    api_key: Option<ApiKey>,
    pub(crate) default_model: String,
    pub(crate) options: HttpOptions,
}

/// A request the server accepted: its streaming body, and when the request was sent (the
/// first-byte timeout and the turn deadline count from there).
pub struct Opened {
    pub response: reqwest::Response,
    pub sent_at: Instant,
}

impl Endpoint {
    /// `base_url` includes `/v1`; `api_key` `None` or empty sends no `Authorization` header. A
    /// key must be a valid [`ApiKey`] and its server must accept one
    /// ([`KeyOrigin::accepts_key`]: not plain `http://` to another machine); else a
    /// [`ModelError::Config`] — this is the last check before a key goes on the wire.
    pub fn new(
        base_url: &str,
        api_key: Option<&str>,
        default_model: impl Into<String>,
        options: HttpOptions,
    ) -> Result<Self, ModelError> {
        let base_url = normalize_base_url(base_url)?;
        let api_key = match api_key.filter(|k| !k.trim().is_empty()) {
            None => None,
            Some(raw) => {
                let key = ApiKey::parse(raw)?;
                KeyOrigin::of_base_url(&base_url)?.accepts_key()?;
                Some(key)
            }
        };
        install_crypto_provider();
        let http = reqwest::Client::builder()
            .connect_timeout(options.connect_timeout)
            .pool_idle_timeout(Duration::from_secs(30))
            .build()
            .map_err(|e| ModelError::Config {
                message: format!("cannot build the HTTP client: {e}"),
            })?;
        Ok(Endpoint {
            http,
            base_url,
            api_key,
            default_model: default_model.into(),
            options,
        })
    }

    /// POSTs `body` as JSON to `{base_url}{path}` asking for a stream. Resolves once the
    /// response headers arrived with a success status (within the first-byte timeout); any
    /// other status is read (capped) and classified.
    pub async fn open_stream(
        &self,
        path: &str,
        body: &impl Serialize,
    ) -> Result<Opened, ModelError> {
        let body = serde_json::to_vec(body).map_err(|e| ModelError::Config {
            message: format!("cannot encode the request: {e}"),
        })?;
        let sent_at = Instant::now();
        let mut request = self.http.post(format!("{}{path}", self.base_url));
        if let Some(key) = &self.api_key {
            request = request.bearer_auth(key.expose());
        }
        let request = request
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header(reqwest::header::ACCEPT, "text/event-stream")
            .body(body)
            .send();
        let limit = self.options.response_timeout;
        let response = match tokio::time::timeout(limit, request).await {
            Ok(result) => result.map_err(|e| map_reqwest_error(&e, false))?,
            Err(_) => {
                return Err(ModelError::Timeout {
                    phase: TimeoutPhase::Response,
                    after: limit,
                })
            }
        };
        let status = response.status();
        if status.is_success() {
            return Ok(Opened { response, sent_at });
        }
        let retry_after = retry_after(response.headers());
        let remaining = limit.saturating_sub(sent_at.elapsed());
        let body = tokio::time::timeout(remaining, read_capped(response))
            .await
            .unwrap_or_default();
        Err(ModelError::from_status(status.as_u16(), &body, retry_after))
    }

    /// GETs `{base_url}{path}` (with the key, if any) and parses its JSON body, read up to
    /// `max_bytes`, all within the first-byte timeout. A non-success status is classified like
    /// a model request's ([`ModelError::from_status`]); a body that is too large or not JSON is
    /// [`ModelError::MalformedStream`]. Used by the settings panel's model list and check.
    pub async fn get_json(
        &self,
        path: &str,
        max_bytes: usize,
    ) -> Result<serde_json::Value, ModelError> {
        let limit = self.options.response_timeout;
        let mut request = self.http.get(format!("{}{path}", self.base_url));
        if let Some(key) = &self.api_key {
            request = request.bearer_auth(key.expose());
        }
        let read = async {
            let mut response = request
                .header(reqwest::header::ACCEPT, "application/json")
                .send()
                .await
                .map_err(|e| map_reqwest_error(&e, false))?;
            let status = response.status();
            if !status.is_success() {
                let retry_after = retry_after(response.headers());
                let body = read_capped(response).await;
                return Err(ModelError::from_status(status.as_u16(), &body, retry_after));
            }
            let mut body = Vec::new();
            while let Some(chunk) = response
                .chunk()
                .await
                .map_err(|e| map_reqwest_error(&e, true))?
            {
                if body.len() + chunk.len() > max_bytes {
                    return Err(ModelError::MalformedStream {
                        message: format!("{path} sent more than {max_bytes} bytes"),
                    });
                }
                body.extend_from_slice(&chunk);
            }
            serde_json::from_slice(&body).map_err(|e| ModelError::MalformedStream {
                message: format!("{path} did not send JSON: {e}"),
            })
        };
        match tokio::time::timeout(limit, read).await {
            Ok(result) => result,
            Err(_) => Err(ModelError::Timeout {
                phase: TimeoutPhase::Response,
                after: limit,
            }),
        }
    }
}

/// Shows the base URL and model, never the key.
impl std::fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Endpoint")
            .field("base_url", &self.base_url)
            .field("default_model", &self.default_model)
            .finish_non_exhaustive()
    }
}

/// reqwest is built with `rustls-no-provider`; the ring provider is installed once per process.
fn install_crypto_provider() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // Err means another part of the process installed one first: fine.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

/// Reads an error body up to [`Limit::ErrorBody`] bytes; the rest is never downloaded.
async fn read_capped(mut response: reqwest::Response) -> String {
    let mut body = Vec::new();
    let max = Limit::ErrorBody.max();
    while let Ok(Some(chunk)) = response.chunk().await {
        let room = max - body.len();
        body.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if body.len() >= max {
            tracing::debug!("error body cut at {max} bytes");
            break;
        }
    }
    String::from_utf8_lossy(&body).into_owned()
}

/// `retry-after-ms` (OpenAI's, milliseconds) or `Retry-After` (seconds; an HTTP date is ignored).
pub fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let number = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<f64>().ok())
            .filter(|n| n.is_finite() && *n >= 0.0)
    };
    if let Some(ms) = number("retry-after-ms") {
        return Some(Duration::from_secs_f64(ms.min(86_400_000.0) / 1000.0));
    }
    number("retry-after").map(|s| Duration::from_secs_f64(s.min(86_400.0)))
}

/// A reqwest failure as a [`ModelError`]; `mid_stream` when part of the turn had arrived.
pub fn map_reqwest_error(e: &reqwest::Error, mid_stream: bool) -> ModelError {
    // reqwest's Display hides the cause ("error sending request"); keep the chain for logs.
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    ModelError::Connection {
        message,
        mid_stream,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_are_checked_and_normalised() {
        assert_eq!(
            normalize_base_url(" http://localhost:11434/v1/ ").unwrap(),
            "http://localhost:11434/v1"
        );
        assert!(matches!(
            normalize_base_url("localhost:11434/v1"),
            Err(ModelError::Config { .. })
        ));
        assert!(matches!(
            normalize_base_url("ftp://x/v1"),
            Err(ModelError::Config { .. })
        ));
        assert!(matches!(
            normalize_base_url(""),
            Err(ModelError::Config { .. })
        ));
    }

    #[test]
    fn endpoint_builds_with_and_without_key_and_hides_it() {
        let e = Endpoint::new(
            "https://api.openai.com/v1",
            Some("sk-test"),
            "m",
            HttpOptions::default(),
        )
        .unwrap();
        assert!(!format!("{e:?}").contains("sk-test"));
        assert!(Endpoint::new("http://127.0.0.1:1/v1", None, "m", HttpOptions::default()).is_ok());
    }

    #[test]
    fn a_bad_key_or_a_plain_http_server_elsewhere_is_a_config_error_not_a_panic() {
        let options = HttpOptions::default();
        let endpoint = |url: &str, key: Option<&str>| Endpoint::new(url, key, "m", options);
        for (url, key) in [
            ("http://127.0.0.1:1/v1", "sk-\u{0}"),
            ("http://127.0.0.1:1/v1", "sk-\r\nx"),
            ("http://127.0.0.1:1/v1", "sk-é"),
            ("http://10.0.0.2:11434/v1", "sk-fine"),
        ] {
            let err = endpoint(url, Some(key)).map(|_| ()).unwrap_err();
            assert!(
                matches!(err, ModelError::Config { .. }),
                "{url} {key:?}: {err:?}"
            );
        }
        assert!(endpoint("http://10.0.0.2:11434/v1", None).is_ok());
        assert!(endpoint("http://[::1]:1/v1", Some("sk-fine")).is_ok());
    }

    #[test]
    fn timeout_variables_set_the_options() {
        let vars = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        let o = HttpOptions::default()
            .with_env(&vars(&[
                ("SHOPDESK_FIRST_BYTE_TIMEOUT_MS", "60000"),
                ("SHOPDESK_IDLE_TIMEOUT_MS", "300"),
                ("SHOPDESK_TURN_DEADLINE_MS", " 5000 "),
            ]))
            .unwrap();
        assert_eq!(o.response_timeout, Duration::from_secs(60));
        assert_eq!(o.idle_timeout, Duration::from_millis(300));
        assert_eq!(o.turn_deadline, Duration::from_secs(5));
        assert_eq!(
            HttpOptions::default().with_env(&vars(&[])),
            Ok(HttpOptions::default())
        );
        for bad in [
            &[("SHOPDESK_IDLE_TIMEOUT_MS", "0")][..],
            &[("SHOPDESK_IDLE_TIMEOUT_MS", "99")],
            &[("SHOPDESK_IDLE_TIMEOUT_MS", "3600001")],
            &[("SHOPDESK_IDLE_TIMEOUT_MS", "soon")],
            &[("SHOPDESK_IDLE_TIMEOUT_MS", "-5")],
        ] {
            let e = HttpOptions::default().with_env(&vars(bad)).unwrap_err();
            assert!(
                e.starts_with("SHOPDESK_IDLE_TIMEOUT_MS must be a whole number of milliseconds"),
                "{bad:?}: {e}"
            );
        }
    }

    #[test]
    fn retry_after_headers() {
        let mut h = reqwest::header::HeaderMap::new();
        assert_eq!(retry_after(&h), None);
        h.insert("retry-after", "2".parse().unwrap());
        assert_eq!(retry_after(&h), Some(Duration::from_secs(2)));
        h.insert("retry-after-ms", "150".parse().unwrap());
        assert_eq!(retry_after(&h), Some(Duration::from_millis(150)));
        let mut h = reqwest::header::HeaderMap::new();
        h.insert(
            "retry-after",
            "Wed, 21 Oct 2015 07:28:00 GMT".parse().unwrap(),
        );
        assert_eq!(retry_after(&h), None);
    }
}
