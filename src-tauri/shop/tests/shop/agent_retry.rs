//! Failures in the middle of a multi-step answer, and runs in separate threads.
//!
//! When the model fails after a tool already put a widget into the thread, the user keeps the
//! widget and gets a retryable error; `threads.retry_after_item` removes everything after the
//! question (the widget too) and answers again from scratch, so the thread never holds two lists
//! for one question. The one-run-per-thread lock is per thread: two conversations stream at once.

use std::sync::Arc;
use std::time::Duration;

use crate::support::*;
use futures::StreamExt;
use serde_json::{json, Value};
use shop::model::offline::OfflineModel;
use shop::model::{ChatCompletionsBackend, HttpOptions};
use shop::testing::{MockOpenAi, Reply};

fn types(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .map(|i| i["type"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_failure_after_a_tool_ran_keeps_the_widget_and_the_retry_starts_over() {
    let mock = MockOpenAi::start().await;
    mock.push(fixture("chat/tool_call.sse")); // show_products {"category":"audio"}
    mock.push(fixture("chat/error_500.http"));
    let options = HttpOptions {
        connect_timeout: Duration::from_secs(2),
        response_timeout: Duration::from_secs(5),
        idle_timeout: Duration::from_secs(5),
        ..HttpOptions::default()
    };
    let backend =
        Arc::new(ChatCompletionsBackend::new(&mock.base_url(), None, "llama3.2", options).unwrap());
    let h = harness(backend, vec![]);

    let events = h.stream(create("headphones please")).await;
    let error = error_event(&events).expect("error event");
    assert_eq!(error["allow_retry"], true);
    let thread = thread_id(&events);
    let items = h.items(&thread).await;
    assert_eq!(
        types(&items),
        ["user_message", "widget", "widget"],
        "the list the user saw stays, then the failure marker"
    );
    assert_eq!(failure_markers(&items).len(), 1, "{items:#?}");

    mock.push(fixture("chat/tool_call.sse"));
    mock.push(Reply::sse_json([
        json!({"id": "c", "object": "chat.completion.chunk", "choices": [{"index": 0, "delta": {"role": "assistant", "content": "Our audio picks."}, "finish_reason": null}]}),
        json!({"id": "c", "object": "chat.completion.chunk", "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}),
    ]));
    let question = events[1]["item"]["id"].clone();
    let retry = h.stream(json!({"type": "threads.retry_after_item", "params": {"thread_id": thread, "item_id": question}})).await;
    assert!(error_event(&retry).is_none(), "{retry:#?}");
    let items = h.items(&thread).await;
    assert_eq!(
        types(&items),
        ["user_message", "widget", "assistant_message"],
        "one list, not two"
    );
    assert_ne!(
        items[1]["id"],
        events
            .iter()
            .find(|e| e["type"] == "thread.item.done" && e["item"]["type"] == "widget")
            .unwrap()["item"]["id"]
    );

    // The retried run's first request holds the question only (the failed attempt is gone).
    let requests = mock.requests();
    assert_eq!(requests.len(), 4);
    let roles: Vec<&str> = requests[2].body["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["role"].as_str().unwrap())
        .collect();
    assert_eq!(roles, ["system", "user"]);
}

#[tokio::test]
async fn another_thread_answers_while_the_first_is_mid_run() {
    let h = harness(Arc::new(OfflineModel::bundled(Duration::ZERO)), vec![]);
    let chatkit::ProcessResult::Stream(mut first) = h
        .server
        .process(create("Show me products").to_string().as_bytes(), ())
        .await
        .unwrap()
    else {
        panic!("stream")
    };
    // Run the first answer until its tool is streaming the list (the thread is claimed).
    let mut a = Vec::new();
    while let Some(event) = first.next().await {
        let event: Value = serde_json::from_slice(&event.unwrap().to_json()).unwrap();
        let adding_widget = event["type"] == "thread.item.added";
        a.push(event);
        if adding_widget {
            break;
        }
    }
    // A second conversation is not blocked by it.
    let b = h.stream(create("show products")).await;
    assert!(error_event(&b).is_none(), "{b:#?}");
    assert_ne!(thread_id(&a), thread_id(&b));
    // And the first finishes normally.
    while let Some(event) = first.next().await {
        a.push(serde_json::from_slice(&event.unwrap().to_json()).unwrap());
    }
    assert!(error_event(&a).is_none(), "{a:#?}");
    assert_eq!(
        types(&h.items(&thread_id(&a)).await),
        ["user_message", "widget", "assistant_message"]
    );
}
