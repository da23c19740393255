//! The caps on what a model server sends (`shop/src/model/limits.rs`), each hit over real HTTP
//! on both wire APIs: an oversized event, endless streams (text, padding, a trickle), 1,000 tool
//! calls, a 1 MB argument, an endless error body, and over-long search queries. Each ends with
//! a clear error within its bound; `--nocapture` prints the time each took.

use std::time::{Duration, Instant};

use crate::model_faults::Api;
use crate::support::*;
use serde_json::json;
use shop::model::error::TimeoutPhase;
use shop::model::limits::{Limit, MAX_SEARCH_QUERY_CHARS};
use shop::model::{HttpOptions, ModelError, ModelEvent, ModelRequest};
use shop::testing::{MockOpenAi, Reply};

fn caps_opts() -> HttpOptions {
    HttpOptions {
        connect_timeout: Duration::from_secs(2),
        response_timeout: Duration::from_secs(10),
        idle_timeout: Duration::from_secs(10),
        turn_deadline: Duration::from_secs(30),
    }
}

async fn run_with(
    api: Api,
    reply: Reply,
    options: HttpOptions,
) -> (Vec<ModelEvent>, Option<ModelError>, Duration) {
    let server = MockOpenAi::start().await;
    server.push(reply);
    let backend = api.backend(&server, options);
    let started = Instant::now();
    let (events, error) = match backend.stream(ModelRequest::user("hi")).await {
        Ok(stream) => collect(stream).await,
        Err(error) => (Vec::new(), Some(error)),
    };
    (events, error, started.elapsed())
}

/// Runs `reply` and expects the `limit` error, well within `bound`.
async fn expect_limit(api: Api, what: &str, reply: Reply, limit: Limit, bound: Duration) {
    let (events, error, elapsed) = run_with(api, reply, caps_opts()).await;
    println!(
        "[cap] {:<9} {what:<26} {:>6} ms  {}",
        api.name(),
        elapsed.as_millis(),
        error.as_ref().map(|e| e.to_string()).unwrap_or_default()
    );
    assert_eq!(
        error,
        Some(ModelError::LimitExceeded { limit }),
        "{api:?} {what}"
    );
    let message = error.unwrap().user_message();
    assert!(
        message.contains(&limit.max().to_string()),
        "the message names the cap: {message}"
    );
    assert!(!events.iter().any(|e| matches!(e, ModelEvent::Done { .. })));
    assert!(elapsed < bound, "{api:?} {what}: {elapsed:?}");
}

fn event(api: Api, chat: serde_json::Value, responses: serde_json::Value) -> String {
    let payload = if api == Api::Chat { chat } else { responses };
    format!("data: {payload}\n\n")
}

#[tokio::test]
async fn an_oversized_event_is_refused_not_buffered() {
    for api in Api::BOTH {
        let big = "a".repeat(2 * 1024 * 1024);
        let reply = Reply::sse(&event(
            api,
            json!({"choices": [{"index": 0, "delta": {"content": big}}]}),
            json!({"type": "response.output_text.delta", "delta": big}),
        ));
        expect_limit(
            api,
            "one 2 MiB event",
            reply,
            Limit::SseEvent,
            Duration::from_secs(10),
        )
        .await;
    }
}

#[tokio::test]
async fn endless_text_stops_at_the_text_cap() {
    for api in Api::BOTH {
        let reply = Reply::endless(event(
            api,
            json!({"choices": [{"index": 0, "delta": {"content": "lamps and more lamps "}}]}),
            json!({"type": "response.output_text.delta", "delta": "lamps and more lamps "}),
        ));
        expect_limit(
            api,
            "endless text",
            reply,
            Limit::Text,
            Duration::from_secs(20),
        )
        .await;
    }
}

#[tokio::test]
async fn endless_padding_stops_at_the_body_cap() {
    for api in Api::BOTH {
        let pad = "p".repeat(16 * 1024);
        let reply = Reply::endless(event(
            api,
            json!({"choices": [], "pad": pad}),
            json!({"type": "response.in_progress", "pad": pad}),
        ));
        expect_limit(
            api,
            "endless ignored events",
            reply,
            Limit::StreamBytes,
            Duration::from_secs(25),
        )
        .await;
    }
}

#[tokio::test]
async fn a_trickle_that_never_ends_hits_the_turn_deadline() {
    for api in Api::BOTH {
        let reply = Reply::endless(event(
            api,
            json!({"choices": []}),
            json!({"type": "response.in_progress"}),
        ))
        .with_delay(Duration::from_millis(50));
        let options = HttpOptions {
            idle_timeout: Duration::from_millis(500),
            turn_deadline: Duration::from_millis(1_500),
            ..caps_opts()
        };
        let (_, error, elapsed) = run_with(api, reply, options).await;
        println!(
            "[cap] {:<9} {:<26} {:>6} ms  {}",
            api.name(),
            "trickle vs 1.5 s deadline",
            elapsed.as_millis(),
            error.as_ref().map(|e| e.to_string()).unwrap_or_default()
        );
        assert!(
            matches!(
                error,
                Some(ModelError::Timeout {
                    phase: TimeoutPhase::Turn,
                    ..
                })
            ),
            "{api:?}: {error:?}"
        );
        assert!(elapsed >= Duration::from_millis(1_500), "{elapsed:?}");
        assert!(elapsed < Duration::from_secs(6), "{elapsed:?}");
    }
}

#[tokio::test]
async fn a_thousand_tool_calls_stop_at_the_call_cap() {
    for api in Api::BOTH {
        let events = (0..1000).map(|i| {
            if api == Api::Chat {
                json!({"choices": [{"index": 0, "delta": {"tool_calls": [{"index": i, "id": format!("call_{i}"), "type": "function", "function": {"name": "view_cart", "arguments": "{}"}}]}}]})
            } else {
                json!({"type": "response.output_item.added", "item": {"type": "function_call", "id": format!("fc_{i}"), "call_id": format!("call_{i}"), "name": "view_cart", "arguments": ""}})
            }
        });
        let reply = Reply::sse_json(events);
        expect_limit(
            api,
            "1,000 tool calls",
            reply,
            Limit::ToolCalls,
            Duration::from_secs(10),
        )
        .await;
    }
}

#[tokio::test]
async fn a_one_megabyte_argument_stops_at_the_argument_cap() {
    for api in Api::BOTH {
        let piece = "x".repeat(64 * 1024);
        let mut events = vec![if api == Api::Chat {
            json!({"choices": [{"index": 0, "delta": {"tool_calls": [{"index": 0, "id": "call_1", "function": {"name": "search_catalog", "arguments": ""}}]}}]})
        } else {
            json!({"type": "response.output_item.added", "item": {"type": "function_call", "id": "fc_1", "call_id": "call_1", "name": "search_catalog", "arguments": ""}})
        }];
        for _ in 0..16 {
            events.push(if api == Api::Chat {
                json!({"choices": [{"index": 0, "delta": {"tool_calls": [{"index": 0, "function": {"arguments": piece}}]}}]})
            } else {
                json!({"type": "response.function_call_arguments.delta", "item_id": "fc_1", "delta": piece})
            });
        }
        let reply = Reply::sse_json(events);
        expect_limit(
            api,
            "1 MiB argument (deltas)",
            reply,
            Limit::ToolArguments,
            Duration::from_secs(10),
        )
        .await;
    }
    // One event carrying the whole megabyte (under the event cap, over the argument cap).
    let args = "y".repeat(1_000_000);
    let reply = Reply::sse_json([
        json!({"type": "response.output_item.done", "item": {"type": "function_call", "id": "fc_1", "call_id": "call_1", "name": "search_catalog", "arguments": args}}),
    ]);
    expect_limit(
        Api::Responses,
        "1 MB argument (one event)",
        reply,
        Limit::ToolArguments,
        Duration::from_secs(10),
    )
    .await;
}

#[tokio::test]
async fn an_endless_error_body_is_read_only_up_to_its_cap() {
    for api in Api::BOTH {
        // A 500 whose body never ends: uncapped, the read would run into the 10 s first-byte
        // timeout and lose the message; capped, the error is immediate and keeps the text.
        let reply = Reply::endless("overloaded ".repeat(800)).with_stream_status(500);
        let (_, error, elapsed) = run_with(api, reply, caps_opts()).await;
        println!(
            "[cap] {:<9} {:<26} {:>6} ms",
            api.name(),
            "endless 500 body",
            elapsed.as_millis()
        );
        assert!(
            matches!(&error, Some(ModelError::Server { status: Some(500), message, .. }) if message.starts_with("overloaded")),
            "{api:?}: {error:?}"
        );
        assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
    }
}

#[tokio::test]
async fn over_long_search_queries_are_refused_with_a_clear_error() {
    // 10,000 characters: under the argument cap, over the query cap — the tool says so to the
    // model, which then answers.
    let mock = MockOpenAi::start().await;
    let query = "lamp ".repeat(2_000);
    let args = json!({"query": query}).to_string();
    mock.push(Reply::sse_json([
        json!({"choices": [{"index": 0, "delta": {"tool_calls": [{"index": 0, "id": "call_q", "type": "function", "function": {"name": "search_catalog", "arguments": args}}]}}]}),
        json!({"choices": [{"index": 0, "delta": {}, "finish_reason": "tool_calls"}]}),
    ]));
    mock.push(fixture("chat/text.sse"));
    let backend = std::sync::Arc::from(Api::Chat.backend(&mock, caps_opts()));
    let h = harness(backend, vec![]);
    let events = h.stream(create("lamps")).await;
    assert!(error_event(&events).is_none(), "{events:#?}");
    let second = &mock.requests()[1].body;
    let tool_message = second["messages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["role"] == "tool")
        .expect("the tool result went back to the model");
    assert!(
        tool_message["content"]
            .as_str()
            .unwrap()
            .contains(&format!("at most {MAX_SEARCH_QUERY_CHARS} characters")),
        "{tool_message}"
    );

    // 100 KB: over the argument cap already, so the model stream itself ends with that error.
    let mock = MockOpenAi::start().await;
    let args = json!({"query": "q".repeat(100 * 1024)}).to_string();
    mock.push(Reply::sse_json([
        json!({"choices": [{"index": 0, "delta": {"tool_calls": [{"index": 0, "id": "call_q", "type": "function", "function": {"name": "search_catalog", "arguments": args}}]}}]}),
        json!({"choices": [{"index": 0, "delta": {}, "finish_reason": "tool_calls"}]}),
    ]));
    let backend = std::sync::Arc::from(Api::Chat.backend(&mock, caps_opts()));
    let h = harness(backend, vec![]);
    let events = h.stream(create("lamps")).await;
    let error = error_event(&events).expect("an error event");
    assert_eq!(error["allow_retry"], false);
    assert!(error["message"]
        .as_str()
        .unwrap()
        .contains("tool arguments"));

    // The catalog's own term de-duplication is linear: 100 KB of distinct words.
    let words: String = (0..20_000).map(|i| format!("w{i} ")).collect();
    assert!(words.len() >= 100 * 1024);
    let started = Instant::now();
    let terms = shop::catalog::search::query_terms(&words);
    let elapsed = started.elapsed();
    println!(
        "[cap] query_terms on {} bytes: {} terms in {} ms",
        words.len(),
        terms.len(),
        elapsed.as_millis()
    );
    assert_eq!(terms.len(), 20_000);
    assert!(elapsed < Duration::from_secs(2), "{elapsed:?}");
}
