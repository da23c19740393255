//! The failure marker a failed turn leaves in the thread (`shop::widgets::failure_marker`),
//! end to end through the ChatKit server and a scripted model over HTTP.
//!
//! A failed turn keeps its marker after later messages, and the model never sees it; a 429's
//! `Retry-After` reaches the `error` event (`retry_after_ms`) and the marker's Retry action; the
//! marker's action sent as `threads.custom_action` (what the official ChatKit client does with a
//! server action) removes the failed turn and answers the question again; a Stop leaves no
//! marker. The mock fails "until told otherwise" (`set_fallback`), so these hold whether or not
//! requests are retried automatically before the turn gives up.

use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::support::*;
use chatkit::types::{Order, ThreadItem};
use futures::StreamExt;
use serde_json::{json, Value};
use shop::model::{ChatCompletionsBackend, ModelBackend};
use shop::testing::{MockOpenAi, Reply};

fn chat(mock: &MockOpenAi) -> Arc<dyn ModelBackend> {
    Arc::new(ChatCompletionsBackend::new(&mock.base_url(), None, "llama3.2", opts()).unwrap())
}

fn server_error() -> Reply {
    Reply::error(500, "upstream exploded", "server_error")
}

fn types(items: &[Value]) -> Vec<&str> {
    items.iter().map(|i| i["type"].as_str().unwrap()).collect()
}

#[tokio::test]
async fn the_marker_stays_after_a_later_message_and_the_model_never_sees_it() {
    let mock = MockOpenAi::start().await;
    mock.set_fallback(server_error());
    let h = harness(chat(&mock), vec![]);
    let events = h.stream(create("lamps?")).await;
    assert!(error_event(&events).is_some(), "{events:#?}");
    let thread = thread_id(&events);

    mock.set_fallback(Reply::chat_text("Here is something else."));
    let later = h.stream(add_message(&thread, "anything else?")).await;
    assert!(error_event(&later).is_none(), "{later:#?}");
    let items = h.items(&thread).await;
    assert_eq!(
        types(&items),
        [
            "user_message",
            "widget",
            "user_message",
            "assistant_message"
        ]
    );
    let marker = failure_markers(&items)[0];
    assert!(
        marker["copy_text"]
            .as_str()
            .unwrap()
            .starts_with("This reply failed: The model provider had an internal error"),
        "{marker:#}"
    );
    let last = mock.requests().last().unwrap().body.to_string();
    assert!(
        last.contains("lamps?") && last.contains("anything else?"),
        "{last}"
    );
    assert!(
        !last.contains("This reply failed"),
        "the model never sees markers: {last}"
    );
}

#[tokio::test]
async fn a_retry_after_reaches_the_error_event_and_the_marker() {
    let mock = MockOpenAi::start().await;
    mock.set_fallback(
        Reply::error(429, "slow down", "rate_limit_exceeded").with_header("retry-after", "1"),
    );
    let h = harness(chat(&mock), vec![]);
    let events = h.stream(create("lamps?")).await;
    let error = error_event(&events).expect("an error event");
    assert_eq!(error["allow_retry"], true);
    assert_eq!(error["retry_after_ms"], 1000, "{error}");
    let items = h.items(&thread_id(&events)).await;
    let action = marker_retry_action(failure_markers(&items)[0]).expect("a Retry button");
    assert_eq!(action["payload"]["retry_after_ms"], 1000);
    assert_eq!(action["payload"]["item_id"], items[0]["id"]);

    // A failure without a wait carries none: the event stays exactly the reference's shape.
    mock.set_fallback(server_error());
    let events = h.stream(create("again")).await;
    let error = error_event(&events).unwrap();
    assert!(error.get("retry_after_ms").is_none(), "{error}");
    assert_eq!(
        error.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["type", "code", "message", "allow_retry"]
    );
}

#[tokio::test]
async fn the_markers_action_as_a_custom_action_answers_the_question_again() {
    let mock = MockOpenAi::start().await;
    mock.set_fallback(server_error());
    let h = harness(chat(&mock), vec![]);
    let events = h.stream(create("lamps?")).await;
    let thread = thread_id(&events);
    let items = h.items(&thread).await;
    let marker = failure_markers(&items)[0].clone();
    let action = marker_retry_action(&marker).unwrap().clone();

    mock.set_fallback(Reply::chat_text("Here are our lamps."));
    let retry = h
        .stream(json!({"type": "threads.custom_action", "params": {"thread_id": thread, "item_id": marker["id"], "action": {"type": action["type"], "payload": action["payload"]}}}))
        .await;
    assert!(error_event(&retry).is_none(), "{retry:#?}");
    assert!(
        retry
            .iter()
            .any(|e| e["type"] == "thread.item.removed" && e["item_id"] == marker["id"]),
        "the client is told the marker is gone: {retry:#?}"
    );
    let items = h.items(&thread).await;
    assert_eq!(types(&items), ["user_message", "assistant_message"]);
    assert_eq!(items[1]["content"][0]["text"], "Here are our lamps.");

    // A Retry that names no message of the thread fails clearly and removes nothing.
    let bad = h
        .stream(json!({"type": "threads.custom_action", "params": {"thread_id": thread, "action": {"type": action["type"], "payload": {"item_id": "msg_nope"}}}}))
        .await;
    let error = error_event(&bad).expect("an error");
    assert!(
        error["message"].as_str().unwrap().contains("no longer"),
        "{error}"
    );
    assert_eq!(h.items(&thread).await.len(), 2);
}

#[tokio::test]
async fn a_stopped_answer_is_not_a_failure_and_leaves_no_marker() {
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
    let mut thread = String::new();
    while let Some(event) = stream.next().await {
        let event: Value = serde_json::from_slice(&event.unwrap().to_json()).unwrap();
        if event["type"] == "thread.created" {
            thread = event["thread"]["id"].as_str().unwrap().to_owned();
        }
        if event["type"] == "thread.item.updated" {
            break;
        }
    }
    drop(stream);
    // The cancellation cleanup writes its hidden context item; wait for it (bounded generously).
    let started = Instant::now();
    let stored = loop {
        let page = h
            .server
            .store()
            .load_thread_items(&thread, None, 50, Order::Asc, &())
            .await
            .unwrap();
        if page
            .data
            .iter()
            .any(|i| matches!(i, ThreadItem::SdkHiddenContext(_)))
            || started.elapsed() > Duration::from_secs(10)
        {
            break page.data;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    println!("cancellation cleanup seen after {:?}", started.elapsed());
    assert!(
        stored
            .iter()
            .any(|i| matches!(i, ThreadItem::SdkHiddenContext(_))),
        "{stored:#?}"
    );
    assert!(
        !stored.iter().any(|i| matches!(i, ThreadItem::Widget(_))),
        "no marker after a Stop: {stored:#?}"
    );
}
