//! `show_products` streams a product list: the exact event shape on the wire, the consistency of
//! the updates with the final widget, live delivery and cancellation, and argument errors.

use crate::support::*;
use chatkit::types::{ThreadItem, ThreadItemUpdate, ThreadStreamEvent};
use chatkit::StreamError;
use futures::StreamExt;
use serde_json::{json, Value};
use shop::cart::{CartError, CartLine, CartSource};
use shop::catalog::{Catalog, Category};
use shop::tools::ToolRegistry;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

fn summary_of(widget: &Value) -> (String, bool) {
    let node = &widget["children"][0]["children"][0];
    assert_eq!(node["id"], "summary");
    (
        node["value"].as_str().unwrap().to_owned(),
        node["streaming"].as_bool().unwrap(),
    )
}

#[tokio::test]
async fn streams_a_category_as_added_deltas_root_updates_done() {
    let (out, events) = run_tool(&env(), "show_products", json!({"category": "audio"})).await;
    assert!(!out.is_error, "{}", out.output);
    // Every audio product fits in one list (the default limit is 8).
    let audio = Catalog::bundled().by_category(Category::Audio).len();
    assert_eq!(audio, 7);

    let shape = shape(&events);
    // Two progress lines, the list appears with its first product, words of its summary and
    // products take turns, the summary's last words, it stops streaming, and the item is done.
    assert_eq!(&shape[..3], [PROGRESS, PROGRESS, WIDGET_ADDED]);
    let mut expected: Vec<String> = [PROGRESS, PROGRESS, WIDGET_ADDED]
        .map(String::from)
        .to_vec();
    for _ in 1..audio {
        expected.extend([WIDGET_TEXT_DELTA.to_owned(), WIDGET_ROOT.to_owned()]);
    }
    expected.extend([WIDGET_TEXT_DELTA, WIDGET_ROOT, WIDGET_DONE].map(String::from));
    assert_eq!(shape, expected);

    // One item id throughout; the output names it.
    let ThreadStreamEvent::ItemAdded {
        item: ThreadItem::Widget(added),
    } = &events[2]
    else {
        panic!()
    };
    let done = done_widgets(&events);
    assert_eq!(done.len(), 1);
    assert_eq!(done[0].id, added.id);
    assert_eq!(done[0].created_at, added.created_at);
    assert_eq!(out.output["widget_id"], json!(added.id));
    for e in &events {
        if let ThreadStreamEvent::ItemUpdated { item_id, .. } = e {
            assert_eq!(item_id, &added.id);
        }
    }
    assert_eq!(summary_of(&added.widget), (String::new(), true));
    // The first product is in the item's first state: a row is on screen at once.
    assert_eq!(added.widget["children"].as_array().unwrap().len(), 2);
    let (final_text, streaming) = summary_of(&done[0].widget);
    assert!(!streaming);
    assert!(
        final_text.starts_with("Here are 7 audio products, from $29.99 to $249.00."),
        "{final_text}"
    );
    assert_eq!(out.output["shown"], 7);
}

#[tokio::test]
async fn replaying_the_updates_rebuilds_the_final_widget() {
    let (_, events) = run_tool(&env(), "show_products", json!({"category": "kitchen"})).await;
    let mut current = Value::Null;
    let mut text_deltas = String::new();
    for e in &events {
        match e {
            ThreadStreamEvent::ItemAdded {
                item: ThreadItem::Widget(w),
            } => current = w.widget.clone(),
            ThreadStreamEvent::ItemUpdated {
                update:
                    ThreadItemUpdate::WidgetTextDelta {
                        component_id,
                        delta,
                        done,
                    },
                ..
            } => {
                assert_eq!(component_id, "summary");
                assert!(!done, "the summary is still streaming while it grows");
                text_deltas.push_str(delta);
                let node = &mut current["children"][0]["children"][0]["value"];
                *node = json!(format!("{}{}", node.as_str().unwrap(), delta));
            }
            ThreadStreamEvent::ItemUpdated {
                update: ThreadItemUpdate::WidgetRootUpdated { widget },
                ..
            } => {
                current = Value::clone(widget);
            }
            ThreadStreamEvent::ItemDone {
                item: ThreadItem::Widget(w),
            } => assert_eq!(current, w.widget),
            _ => {}
        }
    }
    assert_eq!(text_deltas, summary_of(&current).0);
    let keys: Vec<&str> = current["children"].as_array().unwrap()[1..]
        .iter()
        .map(|r| r["key"].as_str().unwrap())
        .collect();
    // Nine kitchen products, the first eight in catalog order (the default limit).
    assert_eq!(
        keys,
        [
            "mug-ember",
            "kettle-swan",
            "press-origin",
            "grinder-mill",
            "espresso-barista",
            "scale-drip",
            "teapot-kyoto",
            "knife-kaze"
        ]
    );
}

#[tokio::test]
async fn rows_carry_the_contract_two_add_to_cart_action() {
    let (_, events) = run_tool(
        &env(),
        "show_products",
        json!({"query": "wireless headphones"}),
    )
    .await;
    let done = done_widgets(&events);
    let rows = &done[0].widget["children"].as_array().unwrap()[1..];
    assert_eq!(rows[0]["key"], "headphones-nimbus");
    let action = &actions(&rows[0])[0];
    assert_eq!(
        action,
        &json!({
            "type": "cart.add",
            "payload": {"product_id": "headphones-nimbus", "name": "Nimbus Wireless Headphones", "price": 199.0, "image": "/products/headphones-nimbus.svg"},
            "handler": "client",
            "loadingBehavior": "auto",
            "streaming": true
        })
    );
    assert_eq!(
        done[0].widget["status"]["text"],
        "Results for “wireless headphones”"
    );
}

#[tokio::test]
async fn events_are_delivered_live_into_the_response() {
    // With a pause between the list's states, its first state reaches the response stream
    // while the tool is still working, and the whole stream is what an unpaced run produces.
    let paced = env().with_stream_delay(Duration::from_millis(20));
    let (mut stream, mut output) =
        run_tool_stream(&paced, "show_products", json!({"category": "lighting"}));
    let mut live = Vec::new();
    while let Some(event) = stream.next().await {
        let added = matches!(event, Ok(ThreadStreamEvent::ItemAdded { .. }));
        live.push(event.unwrap());
        if added {
            break;
        }
    }
    assert_eq!(shape(&live), [PROGRESS, PROGRESS, WIDGET_ADDED]);
    assert_eq!(output.try_recv(), Ok(None), "the tool has not returned yet");
    live.extend(events_of(stream).await);
    let (out, events) = run_tool(&env(), "show_products", json!({"category": "lighting"})).await;
    assert_eq!(output.await.unwrap(), out);
    assert_eq!(live, events);
}

/// A cart that counts how often it was read.
#[derive(Default)]
struct CountingCart(AtomicUsize);

#[async_trait::async_trait]
impl CartSource for CountingCart {
    async fn lines(&self) -> Result<Vec<CartLine>, CartError> {
        self.0.fetch_add(1, Ordering::SeqCst);
        Ok(Vec::new())
    }
}

#[tokio::test]
async fn a_dropped_response_stops_the_tool() {
    let turn = turn();
    let mut out = closed_sender();
    let err = ToolRegistry::shop()
        .call(
            "show_products",
            json!({}),
            &mut env().context(&turn, &mut out),
        )
        .await
        .unwrap_err();
    assert_eq!(err, StreamError::internal("the response was cancelled"));
    // `view_cart` reads the cart after its progress line: it stopped at the failed send.
    let cart = Arc::new(CountingCart::default());
    let err = ToolRegistry::shop()
        .call(
            "view_cart",
            json!({}),
            &mut env_with(cart.clone()).context(&turn, &mut out),
        )
        .await
        .unwrap_err();
    assert_eq!(err, StreamError::internal("the response was cancelled"));
    assert_eq!(
        cart.0.load(Ordering::SeqCst),
        0,
        "stopped at the first failed send"
    );
}

#[tokio::test]
async fn no_arguments_shows_top_picks_with_the_default_limit() {
    let (out, events) = run_tool(&env(), "show_products", Value::Null).await;
    assert_eq!(out.output["shown"], 8);
    let done = done_widgets(&events);
    assert_eq!(done[0].widget["status"]["text"], "Top picks");
    assert_eq!(done[0].widget["children"].as_array().unwrap().len(), 9);
}

#[tokio::test]
async fn arguments_may_be_a_json_string_and_limit_is_clamped() {
    let (out, _) = run_tool(
        &env(),
        "show_products",
        json!("{\"category\":\"Home Office\",\"limit\":2}"),
    )
    .await;
    assert_eq!(out.output["shown"], 2, "{}", out.output);
    let (out, _) = run_tool(&env(), "show_products", json!({"limit": 0})).await;
    assert_eq!(out.output["shown"], 1);
}

#[tokio::test]
async fn unknown_category_is_a_clear_error_without_widget() {
    let (out, events) = run_tool(&env(), "show_products", json!({"category": "jewellery"})).await;
    assert!(out.is_error);
    let msg = out.output["error"].as_str().unwrap();
    assert!(
        msg.contains("unknown category \"jewellery\"") && msg.contains("home_office"),
        "{msg}"
    );
    assert!(events.is_empty());
}

#[tokio::test]
async fn no_match_reports_zero_and_streams_nothing() {
    let (out, events) = run_tool(&env(), "show_products", json!({"query": "submarine"})).await;
    assert!(!out.is_error);
    assert_eq!(out.output["shown"], 0);
    assert_eq!(shape(&events), [PROGRESS]);
}

#[tokio::test]
async fn bad_arguments_are_typed_errors() {
    for args in [
        json!({"category": 3}),
        json!({"colour": "red"}),
        json!([1, 2]),
        json!("{not json"),
    ] {
        let (out, _) = run_tool(&env(), "show_products", args.clone()).await;
        assert!(out.is_error, "{args}");
        assert!(
            out.output["error"]
                .as_str()
                .unwrap()
                .starts_with("invalid arguments"),
            "{}",
            out.output
        );
    }
}
