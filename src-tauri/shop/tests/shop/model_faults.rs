//! Every fault a model server can inject, on both wire APIs, at the backend: each ends in the
//! right typed error (with its retry verdict) within a bound set by the configured timeouts,
//! and no cut-off answer is ever accepted as complete (`Done`). Short timeouts (300 ms idle,
//! 1 s first byte) keep the file fast; upper bounds are generous and the measured times are
//! printed (`cargo test -p shop --test shop model_faults -- --nocapture`).

use std::time::{Duration, Instant};

use crate::support::*;
use shop::model::error::TimeoutPhase;
use shop::model::{
    ChatCompletionsBackend, HttpOptions, ModelBackend, ModelError, ModelEvent, ModelRequest,
    ResponsesBackend,
};
use shop::testing::{MockOpenAi, Reply};

/// The two wire APIs, each with its backend and its transcript of a plain text answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Api {
    Chat,
    Responses,
}

impl Api {
    pub const BOTH: [Api; 2] = [Api::Chat, Api::Responses];

    pub fn name(self) -> &'static str {
        match self {
            Api::Chat => "chat",
            Api::Responses => "responses",
        }
    }

    pub fn backend(self, server: &MockOpenAi, options: HttpOptions) -> Box<dyn ModelBackend> {
        match self {
            Api::Chat => Box::new(
                ChatCompletionsBackend::new(&server.base_url(), None, "m", options).unwrap(),
            ),
            Api::Responses => Box::new(
                ResponsesBackend::new(&server.base_url(), Some("sk-test"), "m", options).unwrap(),
            ),
        }
    }

    /// `chat/text.sse` ("Hello! How can I help?") or `responses/text.sse` ("Hi there, shopper!").
    pub fn text_reply(self) -> Reply {
        fixture(&format!("{}/text.sse", self.name()))
    }

    pub fn full_text(self) -> &'static str {
        match self {
            Api::Chat => "Hello! How can I help?",
            Api::Responses => "Hi there, shopper!",
        }
    }

    /// Data frames of `text_reply` before its first text delta.
    pub fn frames_before_text(self) -> usize {
        match self {
            Api::Chat => 1,
            Api::Responses => 4,
        }
    }
}

/// 1 s to the first byte, 300 ms between chunks, 10 s per turn.
pub fn fault_opts() -> HttpOptions {
    HttpOptions {
        connect_timeout: Duration::from_secs(2),
        response_timeout: Duration::from_millis(1_000),
        idle_timeout: Duration::from_millis(300),
        turn_deadline: Duration::from_secs(10),
    }
}

/// Streams `reply` through `api`'s backend: the events, the error, the time to the error.
async fn run(api: Api, reply: Reply) -> (Vec<ModelEvent>, Option<ModelError>, Duration) {
    let server = MockOpenAi::start().await;
    server.push(reply);
    let backend = api.backend(&server, fault_opts());
    let started = Instant::now();
    let (events, error) = match backend.stream(ModelRequest::user("hi")).await {
        Ok(stream) => collect(stream).await,
        Err(error) => (Vec::new(), Some(error)),
    };
    (events, error, started.elapsed())
}

fn report(api: Api, fault: &str, error: &Option<ModelError>, elapsed: Duration) {
    println!(
        "[fault→error] {:<9} {fault:<28} {:>6} ms  {}",
        api.name(),
        elapsed.as_millis(),
        error.as_ref().map(|e| e.to_string()).unwrap_or_default()
    );
}

fn no_done(events: &[ModelEvent]) -> bool {
    !events.iter().any(|e| matches!(e, ModelEvent::Done { .. }))
}

/// Written against the backend API main already had: on main, the Chat Completions stream
/// that stops without a finish_reason came back as a complete answer (`Done`), so this failed.
#[tokio::test]
async fn truncated_fixtures_are_errors_not_answers() {
    let chat =
        |s: &MockOpenAi| ChatCompletionsBackend::new(&s.base_url(), None, "m", opts()).unwrap();
    let responses =
        |s: &MockOpenAi| ResponsesBackend::new(&s.base_url(), Some("k"), "m", opts()).unwrap();
    let outcomes = [
        stream_reply(fixture("chat/truncated.sse"), chat, ModelRequest::user("x")).await,
        stream_reply(
            fixture("responses/truncated.sse"),
            responses,
            ModelRequest::user("x"),
        )
        .await,
    ];
    for (rel, (events, error)) in ["chat/truncated.sse", "responses/truncated.sse"]
        .iter()
        .zip(outcomes)
    {
        assert!(
            !text(&events).is_empty(),
            "{rel}: the partial text streamed"
        );
        assert!(error.is_some(), "{rel}: a cut-off stream must be an error");
        assert!(no_done(&events), "{rel}: half an answer is not complete");
    }
}

#[tokio::test]
async fn truncated_stream_is_a_retryable_truncation() {
    for api in Api::BOTH {
        let reply = fixture(&format!("{}/truncated.sse", api.name()));
        let (events, error, elapsed) = run(api, reply).await;
        report(api, "truncate (no end marker)", &error, elapsed);
        assert!(
            matches!(
                &error,
                Some(ModelError::Truncated {
                    mid_stream: true,
                    ..
                })
            ),
            "{api:?}: {error:?}"
        );
        assert!(error.unwrap().retryable());
        assert!(no_done(&events));
        assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
    }
}

#[tokio::test]
async fn done_marker_without_finish_reason_is_a_truncation() {
    // Chat Completions only: `[DONE]` straight after text, no finish_reason.
    let reply = Reply::sse_json([
        serde_json::json!({"choices": [{"index": 0, "delta": {"content": "Half"}}]}),
    ]);
    let (events, error, _) = run(Api::Chat, reply).await;
    assert_eq!(text(&events), "Half");
    assert!(
        matches!(error, Some(ModelError::Truncated { .. })),
        "{error:?}"
    );
}

#[tokio::test]
async fn malformed_chunk_ends_the_turn_even_if_the_rest_is_fine() {
    for api in Api::BOTH {
        // The garbled event sits before the last text; the transcript then ends normally, so a
        // client that skipped it would report a complete (wrong) answer.
        let reply = api
            .text_reply()
            .malformed_after(api.frames_before_text() + 1);
        let (events, error, elapsed) = run(api, reply).await;
        report(api, "malformed chunk", &error, elapsed);
        assert!(
            matches!(error, Some(ModelError::MalformedStream { .. })),
            "{api:?}: {error:?}"
        );
        assert!(no_done(&events));
        assert_ne!(text(&events), api.full_text());
        assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
    }
}

#[tokio::test]
async fn stall_mid_answer_is_an_idle_timeout_after_the_idle_limit() {
    for api in Api::BOTH {
        let reply = api.text_reply().hang_after(api.frames_before_text() + 1);
        let (events, error, elapsed) = run(api, reply).await;
        report(api, "stall > idle (300 ms)", &error, elapsed);
        assert!(
            matches!(
                error,
                Some(ModelError::Timeout {
                    phase: TimeoutPhase::Stream,
                    ..
                })
            ),
            "{api:?}: {error:?}"
        );
        assert!(!text(&events).is_empty());
        assert!(no_done(&events));
        // The timer cannot fire early; it must not take anywhere near the old 90 s either.
        assert!(elapsed >= Duration::from_millis(300), "{elapsed:?}");
        assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
    }
}

#[tokio::test]
async fn disconnect_after_n_chunks_is_a_mid_stream_connection_error() {
    for api in Api::BOTH {
        let reply = api.text_reply().drop_after(api.frames_before_text() + 1);
        let (events, error, elapsed) = run(api, reply).await;
        report(api, "disconnect after N chunks", &error, elapsed);
        assert_dropped_mid_stream(&error);
        assert!(error.unwrap().retryable());
        assert!(no_done(&events));
        assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
    }
}

#[tokio::test]
async fn status_errors_are_typed_with_retry_after() {
    for api in Api::BOTH {
        let cases: [(&str, Reply); 4] = [
            ("429 Retry-After: 7", fixture("chat/error_429.http")),
            (
                "429 retry-after-ms: 200",
                fixture("chat/error_429_retry_after_ms.http"),
            ),
            ("500", fixture("chat/error_500.http")),
            ("503 (HTML body)", fixture("chat/error_503.http")),
        ];
        for (fault, reply) in cases {
            let (_, error, elapsed) = run(api, reply).await;
            report(api, fault, &error, elapsed);
            let error = error.expect("an error");
            assert!(error.retryable(), "{fault}: {error:?}");
            match fault {
                "429 Retry-After: 7" => {
                    assert_eq!(error.retry_after(), Some(Duration::from_secs(7)))
                }
                "429 retry-after-ms: 200" => {
                    assert_eq!(error.retry_after(), Some(Duration::from_millis(200)))
                }
                "500" => assert!(matches!(
                    error,
                    ModelError::Server {
                        status: Some(500),
                        ..
                    }
                )),
                _ => assert!(
                    matches!(&error, ModelError::Server { status: Some(503), message, .. } if message.contains("Service Unavailable")),
                    "{error:?}"
                ),
            }
            assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
        }
    }
}

#[tokio::test]
async fn slow_first_byte_waits_up_to_the_first_byte_timeout() {
    for api in Api::BOTH {
        // Slower than the 1 s first-byte timeout: a response timeout, after about 1 s.
        let slow = api
            .text_reply()
            .with_first_byte_delay(Duration::from_millis(3_000));
        let (_, error, elapsed) = run(api, slow).await;
        report(api, "first byte > 1 s timeout", &error, elapsed);
        assert!(
            matches!(
                error,
                Some(ModelError::Timeout {
                    phase: TimeoutPhase::Response,
                    ..
                })
            ),
            "{api:?}: {error:?}"
        );
        assert!(elapsed >= Duration::from_millis(1_000), "{elapsed:?}");
        assert!(elapsed < Duration::from_millis(2_900), "{elapsed:?}");

        // Headers at once, then no body byte: the same first-byte timeout.
        let (_, error, elapsed) = run(api, api.text_reply().hang_after(0)).await;
        report(api, "headers, then no byte", &error, elapsed);
        assert!(
            matches!(
                error,
                Some(ModelError::Timeout {
                    phase: TimeoutPhase::Response,
                    ..
                })
            ),
            "{api:?}: {error:?}"
        );

        // Slow but within the timeout (longer than the idle timeout): a complete answer.
        let slowish = api
            .text_reply()
            .with_first_byte_delay(Duration::from_millis(500));
        let (events, error, elapsed) = run(api, slowish).await;
        report(api, "first byte 500 ms (ok)", &error, elapsed);
        assert!(error.is_none(), "{api:?}: {error:?}");
        assert_eq!(text(&events), api.full_text());
    }
}
