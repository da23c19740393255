//! HTTP plumbing shared by the two OpenAI-protocol backends.
//!
//! Both backends use `async-openai` as the client, but with our own transport underneath
//! (`Client::with_http_service`): a plain `reqwest` call with a connect timeout and **no hidden
//! retries** (async-openai's default stack retries 429/5xx with backoff, which would leave the
//! shopper staring at a spinner; the agent surfaces a retryable error instead). The transport
//! also reads every non-success response itself, so a 401 with a plain-text body still becomes
//! [`ModelError::Unauthorized`] rather than a JSON parse error. The two timeouts that matter for
//! streaming — time to the response headers (here) and the idle gap between events (in
//! `reduce`) — are enforced with `tokio::time`, so their errors are typed rather than guessed from strings.

use std::future::Future;
use std::pin::Pin;
use std::sync::Once;
use std::task::{Context, Poll};
use std::time::Duration;

use async_openai::config::OpenAIConfig;
use async_openai::error::OpenAIError;
use async_openai::middleware::HttpRequestFactory;
use async_openai::Client;

use super::error::{ModelError, TimeoutPhase};
use super::key_origin::{ApiKey, KeyOrigin};

/// The key async-openai is configured with when there is none: it always builds an
/// `Authorization: Bearer` header, which our transport then removes, so a keyless server
/// receives no `Authorization` header at all.
pub const PLACEHOLDER_API_KEY: &str = "sk-no-key-required";

/// Timeouts of one HTTP backend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HttpOptions {
    /// TCP + TLS connect.
    pub connect_timeout: Duration,
    /// From sending the request to the response headers (local servers may load a model first).
    pub response_timeout: Duration,
    /// Longest silence between two stream events once streaming started.
    pub idle_timeout: Duration,
}

impl Default for HttpOptions {
    fn default() -> Self {
        HttpOptions {
            connect_timeout: Duration::from_secs(10),
            response_timeout: Duration::from_secs(120),
            idle_timeout: Duration::from_secs(90),
        }
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

/// Builds the async-openai client for `base_url` with our transport. `api_key` `None` or empty
/// sends no `Authorization` header. A key must be a valid [`ApiKey`] and its server must
/// accept one ([`KeyOrigin::accepts_key`]: not plain `http://` to another machine); else a
/// [`ModelError::Config`] — this is the last check before a key goes on the wire.
pub fn build_client(
    base_url: &str,
    api_key: Option<&str>,
    options: &HttpOptions,
) -> Result<Client<OpenAIConfig>, ModelError> {
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
    let send_authorization = api_key.is_some();
    let key = api_key.as_ref().map_or(PLACEHOLDER_API_KEY, |k| k.expose());
    let config = OpenAIConfig::new()
        .with_api_base(base_url)
        .with_api_key(key)
        // OpenAIConfig::new() reads OPENAI_ORG_ID / OPENAI_PROJECT_ID; those headers would be
        // wrong for a local server, and the app never asks for them.
        .with_org_id("")
        .with_project_id("");
    Ok(Client::with_config(config).with_http_service(PlainHttp {
        client: http,
        send_authorization,
    }))
}

/// What both OpenAI wire APIs (Responses, Chat Completions) need to reach a server: the client
/// for one base URL and key, the model asked for when a request names none, and the timeouts.
pub struct Endpoint {
    pub(crate) client: Client<OpenAIConfig>,
    pub(crate) default_model: String,
    pub(crate) options: HttpOptions,
}

impl Endpoint {
    /// `base_url` includes `/v1`; `api_key` may be `None` for keyless servers.
    pub fn new(
        base_url: &str,
        api_key: Option<&str>,
        default_model: impl Into<String>,
        options: HttpOptions,
    ) -> Result<Self, ModelError> {
        Ok(Endpoint {
            client: build_client(base_url, api_key, &options)?,
            default_model: default_model.into(),
            options,
        })
    }
}

/// Shows the base URL and model, never the key.
impl std::fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Endpoint")
            .field(
                "base_url",
                &async_openai::config::Config::api_base(self.client.config()),
            )
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

/// A non-success HTTP response, carried through async-openai as `OpenAIError::Boxed`.
#[derive(Debug)]
struct HttpStatusError {
    status: u16,
    retry_after: Option<Duration>,
    body: String,
}

impl std::fmt::Display for HttpStatusError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "HTTP {}: {}", self.status, self.body)
    }
}

impl std::error::Error for HttpStatusError {}

/// The transport: one reqwest call, statuses checked here, no retries.
#[derive(Clone)]
struct PlainHttp {
    client: reqwest::Client,
    /// `false` without a key: the placeholder `Authorization` header is removed.
    send_authorization: bool,
}

type HttpFuture = Pin<Box<dyn Future<Output = Result<reqwest::Response, OpenAIError>> + Send>>;

impl tower::Service<HttpRequestFactory> for PlainHttp {
    type Response = reqwest::Response;
    type Error = OpenAIError;
    type Future = HttpFuture;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, factory: HttpRequestFactory) -> Self::Future {
        let client = self.client.clone();
        let send_authorization = self.send_authorization;
        Box::pin(async move {
            let mut request = factory.build().await?;
            if !send_authorization {
                request.headers_mut().remove(reqwest::header::AUTHORIZATION);
            }
            let response = client
                .execute(request)
                .await
                .map_err(OpenAIError::Reqwest)?;
            let status = response.status();
            if status.is_success() {
                return Ok(response);
            }
            let retry_after = response
                .headers()
                .get(reqwest::header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u64>().ok())
                .map(Duration::from_secs);
            let body = response.text().await.unwrap_or_default();
            Err(OpenAIError::Boxed(Box::new(HttpStatusError {
                status: status.as_u16(),
                retry_after,
                body,
            })))
        })
    }
}

/// Maps an async-openai error to a [`ModelError`]. `mid_stream` says whether part of the turn
/// had already arrived (only matters for connection errors).
pub fn map_openai_error(error: OpenAIError, mid_stream: bool) -> ModelError {
    match error {
        OpenAIError::Boxed(boxed) => match boxed.downcast::<HttpStatusError>() {
            Ok(status) => ModelError::from_status(status.status, &status.body, status.retry_after),
            Err(other) => ModelError::Connection {
                message: other.to_string(),
                mid_stream,
            },
        },
        OpenAIError::Reqwest(e) => map_reqwest_error(&e, mid_stream),
        OpenAIError::ApiError(api) => {
            let code = api.api_error.code.clone().or(api.api_error.r#type.clone());
            let body =
                serde_json::json!({"error": {"message": api.api_error.message, "code": code}});
            ModelError::from_status(api.status_code.as_u16(), &body.to_string(), None)
        }
        OpenAIError::JSONDeserialize(e, content) => ModelError::MalformedStream {
            message: format!("{e} in {}", content.chars().take(200).collect::<String>()),
        },
        OpenAIError::StreamError(stream_error) => {
            let text = stream_error.to_string();
            // eventsource-stream: "Transport error: …" wraps the body read; "UTF8 error" and
            // "Parse error" mean the bytes were not SSE.
            if text.contains("Transport error") {
                ModelError::Connection {
                    message: text,
                    mid_stream,
                }
            } else {
                ModelError::MalformedStream { message: text }
            }
        }
        OpenAIError::InvalidArgument(message) => ModelError::Config { message },
        other => ModelError::Connection {
            message: other.to_string(),
            mid_stream,
        },
    }
}

fn map_reqwest_error(e: &reqwest::Error, mid_stream: bool) -> ModelError {
    if e.is_timeout() {
        return ModelError::Timeout {
            phase: TimeoutPhase::Response,
            after: Duration::ZERO,
        };
    }
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

/// Awaits `start` (the request up to its headers) with the response timeout.
pub async fn with_response_timeout<T>(
    options: &HttpOptions,
    start: impl Future<Output = Result<T, OpenAIError>>,
) -> Result<T, ModelError> {
    match tokio::time::timeout(options.response_timeout, start).await {
        Ok(result) => result.map_err(|e| map_openai_error(e, false)),
        Err(_) => Err(ModelError::Timeout {
            phase: TimeoutPhase::Response,
            after: options.response_timeout,
        }),
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
    fn client_builds_with_and_without_key() {
        assert!(build_client(
            "https://api.openai.com/v1",
            Some("sk-test"),
            &HttpOptions::default()
        )
        .is_ok());
        assert!(build_client("http://127.0.0.1:1/v1", None, &HttpOptions::default()).is_ok());
    }

    #[test]
    fn a_bad_key_or_a_plain_http_server_elsewhere_is_a_config_error_not_a_panic() {
        let options = HttpOptions::default();
        for (url, key) in [
            ("http://127.0.0.1:1/v1", "sk-\u{0}"),
            ("http://127.0.0.1:1/v1", "sk-\r\nx"),
            ("http://127.0.0.1:1/v1", "sk-é"),
            ("http://10.0.0.2:11434/v1", "sk-fine"),
        ] {
            let err = build_client(url, Some(key), &options)
                .map(|_| ())
                .unwrap_err();
            assert!(
                matches!(err, ModelError::Config { .. }),
                "{url} {key:?}: {err:?}"
            );
        }
        assert!(build_client("http://10.0.0.2:11434/v1", None, &options).is_ok());
        assert!(build_client("http://[::1]:1/v1", Some("sk-fine"), &options).is_ok());
    }
}
