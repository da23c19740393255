//! The offline model: intents → the tool calls a real model would make, streamed replies.

use std::time::Duration;

use crate::support::*;
use serde_json::{json, Value};
use shop::model::{
    ModelBackend, ModelEvent, ModelMessage, ModelRequest, OfflineModel, ToolCall, ToolSpec,
};

fn model() -> OfflineModel {
    OfflineModel::bundled(Duration::ZERO)
}

fn ask(text: &str) -> ModelRequest {
    ModelRequest {
        tools: shop_tools(),
        ..ModelRequest::user(text)
    }
}

async fn tool_call_for(text: &str) -> ToolCall {
    let (events, error) = collect(model().stream(ask(text)).await.unwrap()).await;
    assert!(error.is_none());
    let made = calls(&events);
    assert_eq!(made.len(), 1, "{text:?} gave {events:?}");
    assert_eq!(events.last(), Some(&ModelEvent::Done { usage: None }));
    made[0].clone()
}

fn args(call: &ToolCall) -> Value {
    serde_json::from_str(&call.arguments).expect("arguments are JSON")
}

#[tokio::test]
async fn phase_one_rule_static_card_versus_streaming_list() {
    let c = tool_call_for("show products").await;
    assert_eq!(c.name, "show_product");
    assert_eq!(args(&c), json!({"product_id": "lamp-aurora"}));
    let c = tool_call_for("Show me products").await;
    assert_eq!(c.name, "show_products");
    assert_eq!(args(&c), json!({}));
}

#[tokio::test]
async fn categories_queries_cart_and_search() {
    // One product answers: its card; several: the list; a category: the list of it.
    let c = tool_call_for("Show me the headphones").await;
    assert_eq!(
        (c.name.as_str(), args(&c)),
        ("show_products", json!({"query": "headphones"}))
    );
    let c = tool_call_for("I want a keyboard").await;
    assert_eq!(
        (c.name.as_str(), args(&c)),
        ("show_product", json!({"product_id": "keyboard-glide"}))
    );
    let c = tool_call_for("show me lamps").await;
    assert_eq!(
        (c.name.as_str(), args(&c)),
        ("show_products", json!({"query": "lamp"}))
    );
    let c = tool_call_for("SHOW ME HOME OFFICE STUFF").await;
    assert_eq!(args(&c), json!({"category": "home_office"}));
    let c = tool_call_for("show me mugs").await;
    assert_eq!(
        (c.name.as_str(), args(&c)),
        ("show_product", json!({"product_id": "mug-ember"}))
    );
    let c = tool_call_for("What's in my cart?").await;
    assert_eq!((c.name.as_str(), args(&c)), ("view_cart", json!({})));
    let c = tool_call_for("do you have a french press?").await;
    assert_eq!(
        (c.name.as_str(), args(&c)),
        ("show_product", json!({"product_id": "press-origin"}))
    );
    let c = tool_call_for("kitchen stuff under $40, cheapest first").await;
    assert_eq!(
        (c.name.as_str(), args(&c)),
        (
            "show_products",
            json!({"category": "kitchen", "max_price": 40.0, "sort": "price_asc"})
        )
    );
    let c = tool_call_for("compare the aurora and the dune").await;
    assert_eq!(
        (c.name.as_str(), args(&c)),
        (
            "compare_products",
            json!({"product_ids": ["lamp-aurora", "lamp-dune"]})
        )
    );
}

#[tokio::test]
async fn arguments_follow_the_offered_schemas() {
    // Every call the offline model makes names an offered tool, and only declared properties.
    let tools = shop_tools();
    for text in [
        "show products",
        "Show me products",
        "show me the headphones",
        "cart",
        "search for kettle",
        "show me mugs",
        "cheapest lamps in stock",
        "compare the two lamps",
        "between 20 and 40 dollars",
    ] {
        let c = tool_call_for(text).await;
        let spec = tools
            .iter()
            .find(|t| t.name == c.name)
            .expect("offered tool");
        let declared = spec.property_names();
        for key in args(&c).as_object().unwrap().keys() {
            assert!(
                declared.contains(&key.as_str()),
                "{text:?}: {key} not in {declared:?}"
            );
        }
        if let Some(category) = args(&c).get("category") {
            assert!(spec
                .enum_values("category")
                .unwrap()
                .contains(&category.as_str().unwrap()));
        }
    }
    // A schema that spells categories as labels gets labels.
    let labelled = ToolSpec {
        name: "show_products".into(),
        description: String::new(),
        parameters: json!({"type": "object", "properties": {"category": {"type": "string", "enum": ["Lighting", "Audio"]}}}),
    };
    let request = ModelRequest {
        tools: vec![labelled],
        ..ModelRequest::user("show me audio")
    };
    let (events, _) = collect(model().stream(request).await.unwrap()).await;
    assert_eq!(calls(&events)[0].arguments, r#"{"category":"Audio"}"#);
}

#[tokio::test]
async fn replies_stream_word_by_word() {
    let (events, error) = collect(model().stream(ask("hello")).await.unwrap()).await;
    assert!(error.is_none());
    let deltas: Vec<&ModelEvent> = events
        .iter()
        .filter(|e| matches!(e, ModelEvent::TextDelta(_)))
        .collect();
    assert!(
        deltas.len() > 10,
        "one delta per word, got {}",
        deltas.len()
    );
    for d in &deltas {
        let ModelEvent::TextDelta(t) = d else {
            unreachable!()
        };
        assert_eq!(
            t.trim().split(' ').count(),
            1,
            "{t:?} is more than one word"
        );
    }
    let reply = text(&events);
    assert!(
        reply.starts_with("Hi!") && reply.contains("Show me products"),
        "{reply}"
    );
    assert!(!calls(&events).iter().any(|_| true));
}

#[tokio::test]
async fn after_tool_results_it_summarises() {
    let cases = [
        (
            "view_cart",
            json!({"items": [], "units": 0, "total": 0.0, "empty": true}),
            "Your cart is empty",
        ),
        (
            "view_cart",
            json!({"items": [{}], "units": 3, "total": 129.5, "empty": false}),
            "3 items in your cart, $129.50",
        ),
        (
            "show_products",
            json!({"shown": 4, "products": []}),
            "Here are 4 products",
        ),
        (
            "show_products",
            json!({"shown": 0, "message": "No product matched."}),
            "No product matched.",
        ),
        (
            "show_product",
            json!({"shown": {"name": "Aurora Desk Lamp"}}),
            "Here's the Aurora Desk Lamp",
        ),
        (
            "search_catalog",
            json!({"query": "mug", "count": 1, "results": [{"name": "Ember Stoneware Mug", "price": 18.0}]}),
            "one match for \"mug\": Ember Stoneware Mug ($18.00)",
        ),
        (
            "search_catalog",
            json!({"error": "unknown category"}),
            "Sorry, that didn't work: unknown category",
        ),
    ];
    for (tool, output, expected) in cases {
        let mut request = ask("whatever");
        request.messages.push(ModelMessage::ToolCalls {
            calls: vec![ToolCall {
                call_id: "call_offline_1".into(),
                name: tool.into(),
                arguments: "{}".into(),
            }],
        });
        request.messages.push(ModelMessage::ToolResult {
            call_id: "call_offline_1".into(),
            output: output.to_string(),
        });
        let (events, error) = collect(model().stream(request).await.unwrap()).await;
        assert!(error.is_none());
        assert!(calls(&events).is_empty(), "no new tool call after a result");
        let reply = text(&events);
        assert!(
            reply.contains(expected),
            "{tool}: {reply:?} lacks {expected:?}"
        );
    }
}

#[tokio::test]
async fn call_ids_are_unique_per_conversation_and_missing_tools_fall_back_to_text() {
    let mut request = ask("show me lamps");
    request.messages.insert(
        0,
        ModelMessage::ToolCalls {
            calls: vec![ToolCall {
                call_id: "call_offline_1".into(),
                name: "view_cart".into(),
                arguments: "{}".into(),
            }],
        },
    );
    request.messages.insert(
        1,
        ModelMessage::ToolResult {
            call_id: "call_offline_1".into(),
            output: "{}".into(),
        },
    );
    let (events, _) = collect(model().stream(request).await.unwrap()).await;
    assert_eq!(calls(&events)[0].call_id, "call_offline_2");

    let (events, _) = collect(
        model()
            .stream(ModelRequest::user("show me lamps"))
            .await
            .unwrap(),
    )
    .await;
    assert!(calls(&events).is_empty());
    assert!(text(&events).contains("can't reach"));
}

#[tokio::test]
async fn pacing_delay_does_not_change_the_words() {
    let slow = OfflineModel::bundled(Duration::from_millis(1));
    let (a, _) = collect(slow.stream(ask("hi")).await.unwrap()).await;
    let (b, _) = collect(model().stream(ask("hi")).await.unwrap()).await;
    assert_eq!(a, b);
}
