//! Model failures on the Responses path (OpenAI's default API), end to end through the ChatKit
//! server: each one a real server can produce becomes exactly one `error` event with a readable
//! message and the right `allow_retry`, the thread is not left locked, and
//! `threads.retry_after_item` on the question succeeds once the server behaves — sending the
//! model the question alone, without the failed attempt's partial text. The failure leaves one
//! failure marker (Retry only when retrying can help), which the retry removes. (The Chat Completions
//! path has the same matrix in `assistant_http.rs`.)

use std::sync::Arc;
use std::time::Duration;

use crate::support::*;
use serde_json::{json, Value};
use shop::model::{HttpOptions, ModelBackend, ResponsesBackend};
use shop::testing::{MockOpenAi, Reply};

fn backend(mock: &MockOpenAi) -> Arc<dyn ModelBackend> {
    let quick = HttpOptions {
        connect_timeout: Duration::from_secs(2),
        response_timeout: Duration::from_millis(2_000),
        idle_timeout: Duration::from_millis(2_000),
        ..HttpOptions::default()
    };
    Arc::new(
        ResponsesBackend::new(&mock.base_url(), Some("sk-test-key"), "gpt-4.1-mini", quick)
            .unwrap(),
    )
}

/// The failure, its error event, then a retry against `text.sse` ("Hi there, shopper!").
/// Returns the assistant texts saved right after the failure (before the retry).
async fn fails_then_retries(reply: Reply, allow_retry: bool, message_part: &str) -> Vec<String> {
    let mock = MockOpenAi::start().await;
    mock.push(reply);
    mock.push(fixture("responses/text.sse"));
    let h = harness(backend(&mock), vec![]);
    let events = h.stream(create("hello")).await;
    let errors: Vec<&Value> = events.iter().filter(|e| e["type"] == "error").collect();
    assert_eq!(errors.len(), 1, "{events:#?}");
    // The error ends the response; only the pipeline's trailing `thread.updated` (the new
    // title, when no event followed the change before the failure) may come after it, as in the
    // reference server.
    let after: Vec<&Value> = events
        .iter()
        .skip_while(|e| e["type"] != "error")
        .skip(1)
        .collect();
    assert!(
        after.iter().all(|e| e["type"] == "thread.updated") && after.len() <= 1,
        "{after:#?}"
    );
    assert!(
        events
            .iter()
            .any(|e| e["type"] == "thread.updated" && e["thread"]["title"] == "Hello"),
        "titled even on failure"
    );
    let error = errors[0];
    assert_eq!(error["code"], "custom");
    assert_eq!(error["allow_retry"], allow_retry, "{error}");
    let message = error["message"].as_str().unwrap();
    assert!(
        message.contains(message_part),
        "{message:?} should mention {message_part:?}"
    );
    assert!(
        !message.contains("sk-test-key"),
        "the key never reaches the UI"
    );
    // Nothing half-open: every item that was added was also finished.
    let added = events
        .iter()
        .filter(|e| e["type"] == "thread.item.added")
        .count();
    let finished = events
        .iter()
        .filter(|e| e["type"] == "thread.item.done" && e["item"]["type"] != "user_message")
        .count();
    assert_eq!(
        added + 1,
        finished,
        "every added item finished, plus the failure marker: {events:#?}"
    );

    let thread = thread_id(&events);
    let question = events[1]["item"]["id"].clone();
    let items = h.items(&thread).await;
    let markers = failure_markers(&items);
    assert_eq!(markers.len(), 1, "one failure marker: {items:#?}");
    assert_eq!(
        markers[0]["id"],
        items.last().unwrap()["id"],
        "the marker ends the turn"
    );
    assert_eq!(
        markers[0]["copy_text"],
        format!("This reply failed: {message}")
    );
    match marker_retry_action(markers[0]) {
        Some(action) => {
            assert!(
                allow_retry,
                "no Retry on the marker when retrying cannot help"
            );
            assert_eq!(action["payload"]["item_id"], question);
        }
        None => assert!(!allow_retry, "the marker offers Retry: {:#?}", markers[0]),
    }
    let saved: Vec<String> = assistant_texts(&items);
    let retry = h.stream(json!({"type": "threads.retry_after_item", "params": {"thread_id": thread, "item_id": question}})).await;
    assert!(error_event(&retry).is_none(), "{retry:#?}");
    let items = h.items(&thread).await;
    assert_eq!(assistant_texts(&items), ["Hi there, shopper!"]);
    assert!(
        failure_markers(&items).is_empty(),
        "the retry removed the marker"
    );
    let requests = mock.requests();
    let input = requests.last().unwrap().body["input"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(
        input.len(),
        1,
        "the retry sends the question alone: {input:#?}"
    );
    assert_eq!(input[0]["role"], "user");
    saved
}

fn assistant_texts(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .filter(|i| i["type"] == "assistant_message")
        .map(|i| i["content"][0]["text"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn unauthorized_asks_for_the_key_and_is_not_retryable() {
    let saved = fails_then_retries(fixture("responses/error_401.http"), false, "API key").await;
    assert!(saved.is_empty());
}

#[tokio::test]
async fn server_error_is_retryable() {
    fails_then_retries(fixture("responses/error_500.http"), true, "internal error").await;
}

#[tokio::test]
async fn rate_limit_event_in_the_stream_is_retryable() {
    fails_then_retries(fixture("responses/error_event.sse"), true, "rate limiting").await;
}

#[tokio::test]
async fn rate_limit_status_is_retryable() {
    fails_then_retries(
        Reply::error(
            429,
            "Rate limit reached for requests",
            "rate_limit_exceeded",
        ),
        true,
        "rate limiting",
    )
    .await;
}

#[tokio::test]
async fn response_failed_is_reported() {
    fails_then_retries(fixture("responses/failed.sse"), true, "internal error").await;
}

#[tokio::test]
async fn no_answer_in_time_is_a_retryable_timeout() {
    fails_then_retries(Reply::stall(), true, "in time").await;
}

#[tokio::test]
async fn malformed_events_are_reported() {
    let garbage = Reply::sse("event: response.created\ndata: {this is not json\n\n");
    fails_then_retries(garbage, true, "could not understand").await;
}

#[tokio::test]
async fn a_dropped_connection_keeps_the_partial_text_until_the_retry() {
    let saved = fails_then_retries(fixture("responses/dropped.sse"), true, "dropped").await;
    assert_eq!(saved, ["Here"], "the partial answer is finished and kept");
}

#[tokio::test]
async fn a_stream_that_goes_silent_mid_answer_times_out() {
    let saved = fails_then_retries(
        fixture("responses/text.sse").hang_after(5),
        true,
        "stopped responding",
    )
    .await;
    assert_eq!(saved.len(), 1, "{saved:?}");
    assert!(
        "Hi there, shopper!".starts_with(&saved[0]) && !saved[0].is_empty(),
        "{saved:?}"
    );
}
