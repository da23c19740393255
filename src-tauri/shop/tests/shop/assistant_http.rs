//! The assistant over real HTTP: pointed at a scripted OpenAI-compatible server on loopback the
//! way a user points it at Ollama (base URL + model) for Chat Completions, and at a mock
//! Responses endpoint for OpenAI. Each failure a real server produces becomes an `error` event
//! with a readable message and the right retry flag, and retrying the question works once the
//! server behaves.

use std::sync::Arc;
use std::time::Duration;

use crate::support::*;
use serde_json::{json, Value};
use shop::model::{HttpOptions, ModelBackend};
use shop::testing::{MockOpenAi, Reply};

fn quick() -> HttpOptions {
    HttpOptions {
        connect_timeout: Duration::from_secs(2),
        response_timeout: Duration::from_millis(2_000),
        idle_timeout: Duration::from_millis(2_000),
        ..HttpOptions::default()
    }
}

fn chat(mock: &MockOpenAi) -> Arc<dyn ModelBackend> {
    chat_backend(mock, quick())
}

fn responses(mock: &MockOpenAi) -> Arc<dyn ModelBackend> {
    responses_backend(mock, quick())
}

fn chat_text(text: &str) -> Reply {
    Reply::sse_json([
        json!({"id": "c", "object": "chat.completion.chunk", "choices": [{"index": 0, "delta": {"role": "assistant", "content": text}, "finish_reason": null}]}),
        json!({"id": "c", "object": "chat.completion.chunk", "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}),
    ])
}

fn widget_done(events: &[Value]) -> Option<&Value> {
    events
        .iter()
        .find(|e| e["type"] == "thread.item.done" && e["item"]["type"] == "widget")
}

#[tokio::test]
async fn chat_completions_tool_call_streams_the_widget_and_feeds_the_result_back() {
    let mock = MockOpenAi::start().await;
    mock.push(fixture("chat/tool_call.sse")); // show_products {"category":"audio"}
    mock.push(chat_text("Here are our audio picks."));
    let h = harness(chat(&mock), vec![]);
    let events = h.stream(create("Show me some headphones")).await;
    assert!(error_event(&events).is_none(), "{events:#?}");
    let widget = widget_done(&events).expect("the tool's list widget");
    assert!(
        widget["item"]["widget"]
            .to_string()
            .contains("headphones-nimbus"),
        "audio products listed"
    );
    assert!(events.iter().any(
        |e| e["type"] == "thread.item.updated" && e["update"]["type"] == "widget.root.updated"
    ));
    let answer = events
        .iter()
        .rev()
        .find(|e| e["type"] == "thread.item.done")
        .unwrap();
    assert_eq!(
        answer["item"]["content"][0]["text"],
        "Here are our audio picks."
    );

    let requests = mock.requests();
    assert_eq!(requests.len(), 2);
    assert!(requests.iter().all(|r| r.path == "/v1/chat/completions"));
    assert_eq!(requests[0].body["model"], "llama3.2");
    let tool_names: Vec<&str> = requests[0].body["tools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["function"]["name"].as_str().unwrap())
        .collect();
    assert!(
        tool_names.contains(&"show_products") && tool_names.contains(&"view_cart"),
        "{tool_names:?}"
    );
    let second = requests[1].body["messages"].as_array().unwrap();
    let tool_result = second
        .iter()
        .find(|m| m["role"] == "tool")
        .expect("tool result sent back");
    assert_eq!(tool_result["tool_call_id"], "call_Ab12");
    assert!(tool_result["content"]
        .as_str()
        .unwrap()
        .contains("headphones-nimbus"));
    assert!(second
        .iter()
        .any(|m| m["role"] == "system" && m["content"].as_str().unwrap().contains("Shopdesk")));
}

#[tokio::test]
async fn responses_function_call_runs_the_tool_then_answers() {
    let mock = MockOpenAi::start().await;
    mock.push(fixture("responses/function_call.sse")); // show_products {"category":"lighting"}
    mock.push(fixture("responses/text.sse"));
    let h = harness(responses(&mock), vec![]);
    let events = h.stream(create("Any lamps?")).await;
    assert!(error_event(&events).is_none(), "{events:#?}");
    assert!(widget_done(&events).unwrap()["item"]["widget"]
        .to_string()
        .contains("lamp-aurora"));
    let requests = mock.requests();
    assert!(requests.iter().all(|r| r.path == "/v1/responses"));
    assert_eq!(
        requests[0].header("authorization"),
        Some("Bearer sk-test-key")
    );
    let input = requests[1].body["input"].as_array().unwrap();
    let output = input
        .iter()
        .find(|i| i["type"] == "function_call_output")
        .expect("function output sent back");
    assert_eq!(output["call_id"], "call_Qx7");
}

/// One failing request, then the retry of the same question against a healthy server.
async fn failure_then_retry(reply: Reply, expect_retry: bool, message_part: &str) {
    let mock = MockOpenAi::start().await;
    mock.push(reply);
    mock.push(chat_text("Back to normal."));
    let h = harness(chat(&mock), vec![]);
    let events = h.stream(create("hello")).await;
    let error = error_event(&events).unwrap_or_else(|| panic!("an error event: {events:#?}"));
    assert_eq!(error["code"], "custom");
    assert_eq!(error["allow_retry"], expect_retry, "{error}");
    let message = error["message"].as_str().unwrap();
    assert!(
        message.contains(message_part),
        "{message:?} should mention {message_part:?}"
    );
    assert!(!message.contains("sk-"), "no key in messages");
    let thread = thread_id(&events);
    let items = h.items(&thread).await;
    assert_eq!(failure_markers(&items).len(), 1, "{items:#?}");
    assert_eq!(
        marker_retry_action(failure_markers(&items)[0]).is_some(),
        expect_retry
    );

    let user_item = events[1]["item"]["id"].clone();
    let retry = h.stream(json!({"type": "threads.retry_after_item", "params": {"thread_id": thread, "item_id": user_item}})).await;
    assert!(error_event(&retry).is_none(), "{retry:#?}");
    let items = h.items(&thread).await;
    let texts: Vec<String> = items
        .iter()
        .filter(|i| i["type"] == "assistant_message")
        .map(|i| i["content"][0]["text"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        texts,
        ["Back to normal."],
        "the failed attempt's partial text is gone after the retry"
    );
}

#[tokio::test]
async fn unauthorized_is_not_retryable_and_points_at_settings() {
    failure_then_retry(fixture("chat/error_401.http"), false, "API key").await;
}

#[tokio::test]
async fn rate_limited_is_retryable() {
    failure_then_retry(fixture("chat/error_429.http"), true, "rate limiting").await;
}

#[tokio::test]
async fn server_error_is_retryable() {
    failure_then_retry(fixture("chat/error_500.http"), true, "internal error").await;
}

#[tokio::test]
async fn a_silent_server_times_out() {
    failure_then_retry(Reply::stall(), true, "in time").await;
}

#[tokio::test]
async fn malformed_stream_is_reported() {
    failure_then_retry(fixture("chat/malformed.sse"), true, "could not understand").await;
}

#[tokio::test]
async fn a_connection_dropped_mid_answer_keeps_what_arrived_until_the_retry() {
    let mock = MockOpenAi::start().await;
    mock.push(fixture("chat/dropped.sse")); // "Here are" " some lamps", then the connection is cut
    let h = harness(chat(&mock), vec![]);
    let events = h.stream(create("lamps?")).await;
    let error = error_event(&events).expect("error event");
    assert_eq!(error["allow_retry"], true);
    assert!(error["message"].as_str().unwrap().contains("dropped"));
    // The partial answer was finished and saved before the error, so the user keeps it.
    let items = h.items(&thread_id(&events)).await;
    let texts: Vec<&Value> = items
        .iter()
        .filter(|i| i["type"] == "assistant_message")
        .collect();
    assert_eq!(texts.len(), 1, "{items:#?}");
    assert_eq!(texts[0]["content"][0]["text"], "Here are some lamps");
    assert_eq!(failure_markers(&items).len(), 1, "then the failure marker");
    // Then the retry replaces it (covered for every kind by failure_then_retry).
    failure_then_retry(fixture("chat/dropped.sse"), true, "dropped").await;
}

#[tokio::test]
async fn stopping_the_response_closes_the_model_request() {
    let mock = MockOpenAi::start().await;
    mock.push(fixture("chat/text.sse").hang_after(2));
    let h = harness(chat(&mock), vec![]);
    let chatkit::ProcessResult::Stream(mut stream) = h
        .server
        .process(create("hi").to_string().as_bytes(), ())
        .await
        .unwrap()
    else {
        panic!("stream")
    };
    use futures::StreamExt;
    while let Some(event) = stream.next().await {
        if event
            .unwrap()
            .to_json()
            .windows(10)
            .any(|w| w == b"text_delta")
        {
            break;
        }
    }
    drop(stream);
    assert!(
        mock.wait_bodies_closed(1, Duration::from_secs(5)).await,
        "the HTTP response body was closed by the client"
    );
}
