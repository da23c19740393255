//! The assistant on the built-in offline model, through the ChatKit server exactly as the page
//! drives it: the three phases (docs/ARCHITECTURE.md, "What the app must show") (static card, streaming list, cart + checkout), the
//! history given to the model, one run per thread, and cancellation.

use std::sync::Arc;
use std::time::Duration;

use crate::support::*;
use futures::StreamExt;
use serde_json::{json, Value};
use shop::cart::CartLine;
use shop::model::offline::OfflineModel;

fn offline() -> Arc<OfflineModel> {
    Arc::new(OfflineModel::bundled(Duration::ZERO))
}

#[tokio::test]
async fn show_me_products_streams_a_list_that_builds_itself_then_summarises() {
    let h = harness(offline(), vec![]);
    let events = h.stream(create("Show me products")).await;
    let shape = shape(&events);

    // The exact outline: thread, question, options, the first progress line and right after it
    // the new title (the pipeline reports a thread change after the next event), more progress,
    // the widget growing, then the model's short summary streamed word by word.
    assert_eq!(
        &shape[..5],
        [
            "thread.created",
            "thread.item.done:user_message",
            "stream_options",
            "progress_update",
            "thread.updated"
        ]
    );
    let widget_added = shape
        .iter()
        .position(|s| s == "thread.item.added:widget")
        .expect("widget added");
    assert!(
        shape[5..widget_added]
            .iter()
            .all(|s| s == "progress_update"),
        "{shape:?}"
    );
    let widget_done = shape
        .iter()
        .position(|s| s == "thread.item.done:widget")
        .expect("widget done");
    let updates = &shape[widget_added + 1..widget_done];
    assert!(
        updates
            .iter()
            .all(|s| s.starts_with("thread.item.updated:widget.")),
        "{updates:?}"
    );
    assert!(
        updates
            .iter()
            .any(|s| s.ends_with("widget.streaming_text.value_delta")),
        "text streams: {updates:?}"
    );
    assert!(
        updates
            .iter()
            .filter(|s| s.ends_with("widget.root.updated"))
            .count()
            >= 3,
        "rows arrive one by one: {updates:?}"
    );
    let tail = &shape[widget_done + 1..];
    assert_eq!(
        tail.first().map(String::as_str),
        Some("thread.item.added:assistant_message"),
        "{tail:?}"
    );
    assert_eq!(
        tail.last().map(String::as_str),
        Some("thread.item.done:assistant_message")
    );
    assert!(
        tail.iter().filter(|s| s.ends_with("text_delta")).count() >= 2,
        "word by word: {tail:?}"
    );
    assert!(error_event(&events).is_none());

    // The title comes from the first message.
    assert_eq!(events[4]["thread"]["title"], "Show me products");

    // Replaying the updates rebuilds growing states, and the final state is the done widget.
    let mut states = vec![events[widget_added]["item"]["widget"].clone()];
    for e in &events[widget_added + 1..widget_done] {
        if e["update"]["type"] == "widget.root.updated" {
            states.push(e["update"]["widget"].clone());
        }
    }
    let rows = |w: &Value| w.to_string().matches("\"ListViewItem\"").count();
    let distinct: std::collections::BTreeSet<usize> = states.iter().map(rows).collect();
    assert!(
        distinct.len() >= 3,
        "the list is seen in at least 3 sizes: {distinct:?}"
    );
    assert_eq!(
        states.last().map(rows),
        Some(rows(&events[widget_done]["item"]["widget"]))
    );

    // Persisted: the question, the finished list and the answer; nothing half-built.
    let items = h.items(&thread_id(&events)).await;
    let types: Vec<&str> = items.iter().map(|i| i["type"].as_str().unwrap()).collect();
    assert_eq!(types, ["user_message", "widget", "assistant_message"]);
}

#[tokio::test]
async fn show_products_gives_one_static_card_with_a_client_side_add_to_cart() {
    let h = harness(offline(), vec![]);
    let events = h.stream(create("show products")).await;
    let shape = shape(&events);
    assert!(
        !shape.iter().any(|s| s == "thread.item.added:widget"),
        "static: no added/updated, {shape:?}"
    );
    let cards: Vec<&Value> = events
        .iter()
        .filter(|e| e["type"] == "thread.item.done" && e["item"]["type"] == "widget")
        .collect();
    assert_eq!(cards.len(), 1);
    let card = &cards[0]["item"]["widget"];
    assert_eq!(card["type"], "Card");
    let text = card.to_string();
    assert!(
        text.contains("\"Image\"") && text.contains("\"Title\"") && text.contains("Add to Cart"),
        "{text}"
    );
    let add = find_action(card, "cart.add").expect("Add to Cart action");
    assert_eq!(add["handler"], "client");
    for key in ["product_id", "name", "price", "image"] {
        assert!(!add["payload"][key].is_null(), "payload has {key}: {add}");
    }
}

#[tokio::test]
async fn cart_summary_then_checkout_confirms_the_order() {
    let line = CartLine {
        product_id: "lamp-aurora".into(),
        name: "Aurora Desk Lamp".into(),
        price: 49.99,
        image: "/products/lamp-aurora.svg".into(),
        quantity: 2,
    };
    let h = harness(offline(), vec![line]);
    let events = h.stream(create("What's in my cart?")).await;
    let summary = events
        .iter()
        .find(|e| e["type"] == "thread.item.done" && e["item"]["type"] == "widget")
        .expect("cart summary widget");
    let checkout =
        find_action(&summary["item"]["widget"], "cart.checkout").expect("Checkout button");
    assert_ne!(checkout["handler"], "client", "checkout is a server action");
    assert!(
        summary["item"]["widget"].to_string().contains("99.98"),
        "total of 2 × 49.99"
    );

    let thread = thread_id(&events);
    let action = json!({"type": "threads.custom_action", "params": {"thread_id": thread, "item_id": summary["item"]["id"], "action": {"type": "cart.checkout", "payload": checkout["payload"]}}});
    let events = h.stream(action).await;
    assert!(error_event(&events).is_none(), "{events:#?}");
    let confirmation = events
        .iter()
        .find(|e| e["type"] == "thread.item.done" && e["item"]["type"] == "widget")
        .expect("order confirmation");
    let text = confirmation["item"]["widget"].to_string();
    assert!(
        text.contains("Aurora Desk Lamp") && text.contains("99.98"),
        "{text}"
    );
    assert!(events
        .iter()
        .any(|e| e["type"] == "client_effect" && e["name"] == "cart.cleared"));
}

#[tokio::test]
async fn an_unknown_action_is_a_clear_error() {
    let h = harness(offline(), vec![]);
    let events = h.stream(create("hello")).await;
    let action = json!({"type": "threads.custom_action", "params": {"thread_id": thread_id(&events), "action": {"type": "cart.explode"}}});
    let events = h.stream(action).await;
    let error = error_event(&events).expect("error");
    assert_eq!(error["code"], "custom");
    assert!(error["message"].as_str().unwrap().contains("cart.explode"));
}

#[tokio::test]
async fn follow_up_turns_see_the_conversation_and_keep_the_title() {
    let h = harness(offline(), vec![]);
    let first = h.stream(create("Show me products")).await;
    let thread = thread_id(&first);
    let second = h
        .stream(add_message(&thread, "show me the headphones"))
        .await;
    assert!(error_event(&second).is_none());
    assert!(
        !second.iter().any(|e| e["type"] == "thread.updated"),
        "an existing title is kept"
    );
    assert!(second
        .iter()
        .any(|e| e["type"] == "thread.item.done" && e["item"]["type"] == "widget"));
    assert_eq!(h.items(&thread).await.len(), 6);
}

#[tokio::test]
async fn a_second_run_in_the_same_thread_is_refused_while_the_first_streams() {
    // Slow pacing keeps the first run busy while the second arrives.
    let h = harness(
        Arc::new(OfflineModel::bundled(Duration::from_millis(200))),
        vec![],
    );
    let first = h.stream(create("hello")).await;
    let thread = thread_id(&first);
    let chatkit::ProcessResult::Stream(mut running) = h
        .server
        .process(
            add_message(&thread, "tell me more").to_string().as_bytes(),
            (),
        )
        .await
        .unwrap()
    else {
        panic!("stream")
    };
    // Consume until the assistant has started answering.
    while let Some(event) = running.next().await {
        if event
            .unwrap()
            .to_json()
            .windows(17)
            .any(|w| w == b"thread.item.added")
        {
            break;
        }
    }
    let refused = h.stream(add_message(&thread, "and again")).await;
    let error = error_event(&refused).expect("refused with an error event");
    assert_eq!(error["allow_retry"], true);
    assert!(error["message"]
        .as_str()
        .unwrap()
        .contains("still answering"));
    drop(running);
    // Once the first run is gone the thread accepts messages again.
    tokio::time::sleep(Duration::from_millis(50)).await;
    let again = h.stream(add_message(&thread, "hi")).await;
    assert!(error_event(&again).is_none(), "{again:#?}");
}

#[tokio::test]
async fn stopping_mid_answer_saves_the_partial_text_and_tells_the_model() {
    let h = harness(
        Arc::new(OfflineModel::bundled(Duration::from_millis(40))),
        vec![],
    );
    let chatkit::ProcessResult::Stream(mut stream) = h
        .server
        .process(create("hello there").to_string().as_bytes(), ())
        .await
        .unwrap()
    else {
        panic!("stream")
    };
    let mut thread = String::new();
    let mut deltas = 0;
    while let Some(event) = stream.next().await {
        let event: Value = serde_json::from_slice(&event.unwrap().to_json()).unwrap();
        if event["type"] == "thread.created" {
            thread = event["thread"]["id"].as_str().unwrap().to_owned();
        }
        if event["update"]["type"] == "assistant_message.content_part.text_delta" {
            deltas += 1;
            if deltas == 3 {
                break;
            }
        }
    }
    stream.cancel().await;
    let items = h.items(&thread).await;
    let types: Vec<&str> = items.iter().map(|i| i["type"].as_str().unwrap()).collect();
    assert_eq!(
        types,
        ["user_message", "assistant_message"],
        "hidden context is stored but not listed"
    );
    let saved = items[1]["content"][0]["text"].as_str().unwrap();
    assert!(
        !saved.is_empty() && saved.split_whitespace().count() <= 4,
        "partial answer saved: {saved:?}"
    );
}

fn find_action<'a>(node: &'a Value, kind: &str) -> Option<&'a Value> {
    if let Some(action) = node.get("onClickAction").filter(|a| a["type"] == kind) {
        return Some(action);
    }
    match node {
        Value::Object(map) => map.values().find_map(|v| find_action(v, kind)),
        Value::Array(list) => list.iter().find_map(|v| find_action(v, kind)),
        _ => None,
    }
}
