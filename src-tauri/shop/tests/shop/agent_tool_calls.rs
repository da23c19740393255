//! How the agent loop handles the tool calls a real model makes beyond the happy path: several
//! calls in one turn (run in the model's order, their events streamed in that order, every
//! result sent back under its own call id), and calls it cannot honour (an unknown tool, broken
//! JSON arguments), which go back to the model as error results instead of failing the answer.

use std::sync::Arc;
use std::time::Duration;

use crate::support::*;
use serde_json::{json, Value};
use shop::cart::CartLine;
use shop::model::{ChatCompletionsBackend, HttpOptions, ModelEvent, ModelMessage, ToolCall};
use shop::testing::{MockOpenAi, Reply};

fn lamp_in_cart() -> CartLine {
    CartLine {
        product_id: "lamp-aurora".into(),
        name: "Aurora Desk Lamp".into(),
        price: 49.99,
        image: "/products/lamp-aurora.svg".into(),
        quantity: 1,
    }
}

#[tokio::test]
async fn parallel_tool_calls_run_in_order_and_each_result_goes_back() {
    let mock = MockOpenAi::start().await;
    mock.push(fixture("chat/parallel_tool_calls.sse")); // search_catalog {"query":"kettle"} and view_cart {}
    mock.push(Reply::sse_json([
        json!({"id": "c", "object": "chat.completion.chunk", "choices": [{"index": 0, "delta": {"role": "assistant", "content": "Found a kettle."}, "finish_reason": null}]}),
        json!({"id": "c", "object": "chat.completion.chunk", "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}),
    ]));
    let options = HttpOptions {
        connect_timeout: Duration::from_secs(2),
        response_timeout: Duration::from_secs(5),
        idle_timeout: Duration::from_secs(5),
        ..HttpOptions::default()
    };
    let backend =
        Arc::new(ChatCompletionsBackend::new(&mock.base_url(), None, "qwen2.5", options).unwrap());
    let h = harness(backend, vec![lamp_in_cart()]);
    let events = h.stream(create("kettle, and what's in my cart")).await;
    assert!(error_event(&events).is_none(), "{events:#?}");

    // The search's progress line comes before the cart's widget (the model's order).
    let search = events
        .iter()
        .position(|e| {
            e["type"] == "progress_update" && e["text"].as_str().unwrap().contains("kettle")
        })
        .expect("search progress");
    let cart = events
        .iter()
        .position(|e| e["type"] == "thread.item.done" && e["item"]["type"] == "widget")
        .expect("cart widget");
    assert!(search < cart);
    assert!(events[cart]["item"]["widget"]
        .to_string()
        .contains("Aurora Desk Lamp"));
    assert_eq!(
        events.last().unwrap()["item"]["content"][0]["text"],
        "Found a kettle."
    );

    let requests = mock.requests();
    assert_eq!(requests.len(), 2);
    let messages = requests[1].body["messages"].as_array().unwrap();
    let roles: Vec<&str> = messages
        .iter()
        .map(|m| m["role"].as_str().unwrap())
        .collect();
    assert_eq!(roles, ["system", "user", "assistant", "tool", "tool"]);
    let ids: Vec<&str> = messages[2]["tool_calls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["call_one", "call_two"]);
    assert_eq!(messages[3]["tool_call_id"], "call_one");
    assert!(
        messages[3]["content"]
            .as_str()
            .unwrap()
            .contains("kettle-swan"),
        "{}",
        messages[3]
    );
    assert_eq!(messages[4]["tool_call_id"], "call_two");
    assert!(
        messages[4]["content"]
            .as_str()
            .unwrap()
            .contains("lamp-aurora"),
        "{}",
        messages[4]
    );
}

fn call(id: &str, name: &str, arguments: &str) -> ModelEvent {
    ModelEvent::ToolCall(ToolCall {
        call_id: id.into(),
        name: name.into(),
        arguments: arguments.into(),
    })
}

#[tokio::test]
async fn calls_the_shop_cannot_honour_go_back_as_error_results() {
    let done = ModelEvent::Done { usage: None };
    let model = ScriptedModel::new([
        vec![
            call("c1", "delete_everything", "{}"),
            call("c2", "search_catalog", r#"{"query": "lam"#),
            done.clone(),
        ],
        vec![
            ModelEvent::TextDelta("Sorry, ".into()),
            ModelEvent::TextDelta("let me try again.".into()),
            done,
        ],
    ]);
    let h = harness(model.clone(), vec![]);
    let events = h.stream(create("lamps")).await;
    assert!(
        error_event(&events).is_none(),
        "a bad tool call does not fail the answer: {events:#?}"
    );
    assert_eq!(
        events.last().unwrap()["item"]["content"][0]["text"],
        "Sorry, let me try again."
    );

    let requests = model.requests();
    assert_eq!(requests.len(), 2);
    let results: Vec<(&str, Value)> = requests[1]
        .messages
        .iter()
        .filter_map(|m| match m {
            ModelMessage::ToolResult { call_id, output } => {
                Some((call_id.as_str(), serde_json::from_str(output).unwrap()))
            }
            _ => None,
        })
        .collect();
    assert_eq!(results.len(), 2);
    assert_eq!(results[0].0, "c1");
    assert!(
        results[0].1["error"]
            .as_str()
            .unwrap()
            .contains("delete_everything"),
        "{:?}",
        results[0]
    );
    assert_eq!(results[1].0, "c2");
    assert!(
        results[1].1["error"].is_string(),
        "broken arguments are reported: {:?}",
        results[1]
    );
}
