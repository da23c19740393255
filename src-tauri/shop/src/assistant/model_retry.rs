//! Automatic retry of a model turn that failed before any of it reached the user.
//!
//! Model servers fail transiently: a dropped connection, a 500 or 503 from an overloaded
//! server, a 429 with `Retry-After`, a stream cut before its first word. The official OpenAI
//! SDKs retry those twice with exponential backoff and jitter, honouring `Retry-After`; this
//! module does the same for the agent loop, in one place, with one difference: the wait is not
//! silent — a ChatKit `progress_update` ("The model server is busy — retrying in 2 s…") tells
//! the user why nothing is happening yet.
//!
//! The rule that keeps it safe: only a failure **before the first text delta or tool call** is
//! retried, so nothing the user saw is ever repeated or replaced. The stream is opened, its
//! first event awaited, and only then handed to the loop (that first event included). Once
//! output arrived, or for errors no retry can fix (401/403, 400/404/422, quota, caps), the
//! error goes up as before: an `error` event with `allow_retry` ([`ModelError::retryable`]).

use std::hash::{BuildHasher, Hasher};
use std::time::Duration;

use chatkit::types::ThreadStreamEvent;
use chatkit::{EventSender, StreamError};
use futures::StreamExt;

use crate::model::error::TimeoutPhase;
use crate::model::{ModelBackend, ModelError, ModelRequest, ModelStream};

/// Attempts per model turn: the first one and two retries, as the official SDKs do.
pub const MAX_ATTEMPTS: u32 = 3;
/// The wait before the first retry; it doubles for each further one.
pub const INITIAL_BACKOFF: Duration = Duration::from_millis(500);
/// The longest backoff between two attempts.
pub const MAX_BACKOFF: Duration = Duration::from_secs(8);
/// The longest `Retry-After` honoured; a server asking for more gets this.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);

/// How a turn is retried; [`RetryPolicy::default`] is the SDKs' policy (tests shorten it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all (1 = never retry).
    pub max_attempts: u32,
    pub initial_backoff: Duration,
    pub max_backoff: Duration,
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: MAX_ATTEMPTS,
            initial_backoff: INITIAL_BACKOFF,
            max_backoff: MAX_BACKOFF,
            max_retry_after: MAX_RETRY_AFTER,
        }
    }
}

impl RetryPolicy {
    /// Never retry (one attempt).
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// Whether `error`, met before any output, is worth another attempt: what
    /// [`ModelError::retryable`] says (the same verdict the user's Retry gets), except a spent
    /// turn deadline, which another attempt at once would only spend again.
    pub fn should_retry(&self, error: &ModelError) -> bool {
        error.retryable()
            && !matches!(
                error,
                ModelError::Timeout {
                    phase: TimeoutPhase::Turn,
                    ..
                }
            )
    }

    /// The wait before retry number `retry` (1-based): the server's `Retry-After` (at most
    /// `max_retry_after`), else `initial_backoff · 2^(retry-1)` up to `max_backoff`, minus up to
    /// 25 % jitter so that many clients do not come back at the same instant.
    pub fn delay(&self, retry: u32, error: &ModelError) -> Duration {
        if let Some(after) = error.retry_after() {
            return after.min(self.max_retry_after);
        }
        let factor = 2u32.saturating_pow(retry.saturating_sub(1));
        let backoff = self
            .initial_backoff
            .saturating_mul(factor)
            .min(self.max_backoff);
        backoff.mul_f64(1.0 - 0.25 * random_unit())
    }
}

/// A number in `[0, 1)` from the standard library's per-process random hasher keys.
fn random_unit() -> f64 {
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(0x5eed);
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

/// Opens a model turn, retrying per `policy` while nothing has reached the user, and telling
/// the user through `out` when it waits. The outer `Err` is the response stream going away;
/// the inner one the model failure to report.
pub(super) async fn open(
    backend: &dyn ModelBackend,
    request: &ModelRequest,
    policy: &RetryPolicy,
    out: &mut EventSender,
) -> Result<Result<ModelStream, ModelError>, StreamError> {
    let mut attempt = 1;
    loop {
        let error = match backend.stream(request.clone()).await {
            Ok(mut stream) => match stream.next().await {
                Some(Ok(first)) => {
                    let first = futures::stream::once(async move { Ok(first) });
                    return Ok(Ok(first.chain(stream).boxed()));
                }
                Some(Err(error)) => error,
                None => return Ok(Ok(stream)),
            },
            Err(error) => error,
        };
        if attempt >= policy.max_attempts || !policy.should_retry(&error) {
            return Ok(Err(error));
        }
        let delay = policy.delay(attempt, &error);
        tracing::warn!(
            attempt,
            ?delay,
            "model request failed before any output, retrying: {error}"
        );
        out.send(ThreadStreamEvent::ProgressUpdate {
            icon: Some("reload".to_owned()),
            text: retry_notice(&error, delay),
        })
        .await?;
        tokio::time::sleep(delay).await;
        attempt += 1;
    }
}

/// The line the user sees while the retry waits.
pub fn retry_notice(error: &ModelError, delay: Duration) -> String {
    let reason = match error {
        ModelError::RateLimited { .. } | ModelError::Server { .. } => "The model server is busy",
        ModelError::Timeout { .. } => "The model server did not answer in time",
        _ => "The connection to the model server failed",
    };
    let secs = delay.as_secs_f64().ceil().max(1.0) as u64;
    format!("{reason} — retrying in {secs} s…")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server() -> ModelError {
        ModelError::Server {
            status: Some(503),
            message: String::new(),
            retry_after: None,
        }
    }

    #[test]
    fn backoff_doubles_with_jitter_and_honours_retry_after_capped() {
        let p = RetryPolicy::default();
        for retry in 1..=6 {
            let d = p.delay(retry, &server());
            let full = INITIAL_BACKOFF
                .saturating_mul(2u32.pow(retry - 1))
                .min(MAX_BACKOFF);
            assert!(d <= full && d >= full.mul_f64(0.75), "{retry}: {d:?}");
        }
        let limited = |after| ModelError::RateLimited {
            message: String::new(),
            retry_after: Some(after),
            quota_exhausted: false,
        };
        assert_eq!(
            p.delay(1, &limited(Duration::from_secs(3))),
            Duration::from_secs(3)
        );
        assert_eq!(
            p.delay(1, &limited(Duration::from_secs(3600))),
            MAX_RETRY_AFTER
        );
    }

    #[test]
    fn only_transient_failures_are_retried() {
        let p = RetryPolicy::default();
        assert!(p.should_retry(&server()));
        assert!(p.should_retry(&ModelError::BadRequest {
            status: Some(409),
            message: String::new()
        }));
        for status in [400, 404, 422] {
            assert!(!p.should_retry(&ModelError::from_status(status, "", None)));
        }
        assert!(!p.should_retry(&ModelError::from_status(401, "", None)));
        assert!(p.should_retry(&ModelError::from_status(408, "", None)));
        assert!(p.should_retry(&ModelError::from_status(429, "", None)));
        assert!(!p.should_retry(&ModelError::from_status(
            429,
            r#"{"error":{"code":"insufficient_quota"}}"#,
            None
        )));
        assert!(!p.should_retry(&ModelError::Timeout {
            phase: TimeoutPhase::Turn,
            after: Duration::from_secs(1)
        }));
        assert_eq!(
            retry_notice(&server(), Duration::from_millis(1500)),
            "The model server is busy — retrying in 2 s…"
        );
    }
}
