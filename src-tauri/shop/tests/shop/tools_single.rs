//! The non-streaming tools and actions: `show_product`, `search_catalog`, `view_cart`, the
//! `product.details` / `cart.checkout` action handlers, and the registry's dispatch.

use crate::support::*;
use chatkit::types::ThreadStreamEvent;
use serde_json::{json, Value};
use shop::cart::MemoryCart;
use shop::tools::ToolRegistry;
use std::sync::Arc;

#[tokio::test]
async fn show_product_is_one_static_card() {
    let (out, events) = run_tool(&env(), "show_product", json!({"product_id": "lamp-dune"})).await;
    assert!(!out.is_error, "{}", out.output);
    assert_eq!(shape(&events), [PROGRESS, WIDGET_DONE]);
    let card = &done_widgets(&events)[0];
    assert_eq!(card.widget["type"], "Card");
    assert_eq!(card.widget["children"][0]["type"], "Image");
    assert_eq!(card.widget["children"][0]["src"], "/products/lamp-dune.svg");
    let acts = actions(&card.widget);
    assert_eq!(acts[0]["type"], "cart.add");
    assert_eq!(acts[0]["handler"], "client");
    assert_eq!(
        acts[0]["payload"],
        json!({"product_id": "lamp-dune", "name": "Dune Mushroom Lamp", "price": 79.0, "image": "/products/lamp-dune.svg"})
    );
    assert_eq!(acts[1]["type"], "product.details");
    assert_eq!(acts[1]["handler"], "server");
    assert!(card.copy_text.as_deref().unwrap().contains("$79.00"));
    assert_eq!(out.output["shown"]["id"], "lamp-dune");
}

#[tokio::test]
async fn show_product_without_id_shows_the_featured_product() {
    let (out, _) = run_tool(&env(), "show_product", json!({"product_id": ""})).await;
    assert_eq!(out.output["shown"]["id"], "lamp-aurora");
}

#[tokio::test]
async fn out_of_stock_products_cannot_be_added() {
    let (_, events) = run_tool(
        &env(),
        "show_product",
        json!({"product_id": "earbuds-echo"}),
    )
    .await;
    let card = &done_widgets(&events)[0].widget;
    // The buttons are the card's last row; Add to Cart comes first.
    let add = &card["children"].as_array().unwrap().last().unwrap()["children"][0];
    assert_eq!(add["label"], "Add to Cart");
    assert_eq!(add["disabled"], true);
}

#[tokio::test]
async fn unknown_product_id_is_a_clear_error_and_no_widget() {
    let (out, events) = run_tool(
        &env(),
        "show_product",
        json!({"product_id": "lamp-zeppelin"}),
    )
    .await;
    assert!(out.is_error);
    let msg = out.output["error"].as_str().unwrap();
    assert!(
        msg.starts_with("unknown product id \"lamp-zeppelin\"; did you mean"),
        "{msg}"
    );
    assert!(msg.contains("lamp-aurora"));
    assert!(events.is_empty());
}

#[tokio::test]
async fn search_catalog_returns_data_and_no_widget() {
    let (out, events) = run_tool(
        &env(),
        "search_catalog",
        json!({"query": "coffee", "category": "kitchen"}),
    )
    .await;
    assert!(!out.is_error, "{}", out.output);
    // The kitchen's coffee things: grinder, scale, espresso machine, mug, kettle, French press.
    assert_eq!(out.output["count"], 6);
    assert_eq!(shape(&events), [PROGRESS]);
    let first = &out.output["results"][0];
    assert!(first["relevance"].as_u64().unwrap() > 0);
    assert!(first["description"].is_string());
    let (out, _) = run_tool(
        &env(),
        "search_catalog",
        json!({"query": "coffee", "category": "audio"}),
    )
    .await;
    assert_eq!(out.output["count"], 0);
    let (out, _) = run_tool(&env(), "search_catalog", json!({"query": "  "})).await;
    assert!(out.is_error);
    let (out, _) = run_tool(&env(), "search_catalog", json!({})).await;
    assert!(
        out.output["error"]
            .as_str()
            .unwrap()
            .contains("missing field `query`"),
        "{}",
        out.output
    );
}

#[tokio::test]
async fn view_cart_with_an_empty_cart() {
    let (out, events) = run_tool(&env(), "view_cart", json!({})).await;
    assert!(!out.is_error);
    assert_eq!(out.output["empty"], true);
    assert_eq!(out.output["total"], 0.0);
    assert_eq!(shape(&events), [PROGRESS, WIDGET_DONE]);
    let card = &done_widgets(&events)[0].widget;
    assert_eq!(
        card["children"][0]["children"][1]["value"],
        "Your cart is empty"
    );
    assert!(
        actions(card).is_empty(),
        "no checkout button for an empty cart"
    );
}

#[tokio::test]
async fn view_cart_shows_lines_total_and_a_checkout_action() {
    let cart = Arc::new(MemoryCart::new(vec![
        line("mug-ember", 18.0, 2),
        line("lamp-aurora", 49.99, 1),
    ]));
    let (out, events) = run_tool(&env_with(cart), "view_cart", Value::Null).await;
    assert_eq!(out.output["units"], 3);
    assert_eq!(out.output["total"], 85.99);
    let card = &done_widgets(&events)[0].widget;
    let acts = actions(card);
    assert_eq!(acts.len(), 1);
    assert_eq!(acts[0]["type"], "cart.checkout");
    assert_eq!(acts[0]["handler"], "server");
    assert_eq!(
        acts[0]["payload"]["lines"][0],
        json!({"product_id": "mug-ember", "name": "name of mug-ember", "price": 18.0, "image": "/products/mug-ember.svg", "quantity": 2})
    );
    let text = serde_json::to_string(card).unwrap();
    assert!(
        text.contains("$85.99") && text.contains("3 items"),
        "{text}"
    );
}

#[tokio::test]
async fn checkout_places_an_order_priced_from_the_catalog() {
    // The page claims the mug costs one cent: the order uses the catalog price.
    let payload = json!({"lines": [line("mug-ember", 0.01, 2), line("bottle-summit", 29.0, 1)]});
    let (out, events) = run_action(&env(), "cart.checkout", payload).await;
    let out = out.expect("known action");
    assert!(!out.is_error, "{}", out.output);
    assert_eq!(out.output["total"], 65.0);
    assert_eq!(out.output["repriced"], json!(["mug-ember"]));
    let number = out.output["order_number"].as_str().unwrap();
    assert!(number.starts_with("SD-") && number.len() == 9);
    assert_eq!(shape(&events), [PROGRESS, WIDGET_DONE, CLIENT_EFFECT]);
    let card = &done_widgets(&events)[0].widget;
    let text = serde_json::to_string(card).unwrap();
    assert!(
        text.contains(number) && text.contains("$65.00") && text.contains("no payment"),
        "{text}"
    );
    match &events[2] {
        ThreadStreamEvent::ClientEffect { name, data } => {
            assert_eq!(name, "cart.cleared");
            assert_eq!(data["order_number"], number);
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn checkout_rejects_bad_payloads_without_a_widget() {
    for (payload, needle) in [
        (json!({}), "the cart is empty"),
        (json!({"lines": []}), "the cart is empty"),
        (json!({"lines": "everything"}), "malformed cart"),
        (
            json!({"lines": [line("ghost-item", 1.0, 1)]}),
            "unknown product",
        ),
        (
            json!({"lines": [line("mug-ember", 18.0, 500)]}),
            "invalid quantity",
        ),
    ] {
        let (out, events) = run_action(&env(), "cart.checkout", payload.clone()).await;
        let out = out.unwrap();
        assert!(out.is_error, "{payload}");
        assert!(
            out.output["error"].as_str().unwrap().contains(needle),
            "{payload}: {}",
            out.output
        );
        assert!(done_widgets(&events).is_empty());
    }
}

#[tokio::test]
async fn product_details_action_shows_the_card_and_unknown_actions_are_none() {
    let (out, events) = run_action(
        &env(),
        "product.details",
        json!({"product_id": "kettle-swan"}),
    )
    .await;
    assert!(!out.unwrap().is_error);
    assert_eq!(
        done_widgets(&events)[0].widget["children"][2]["value"],
        "Swan Gooseneck Kettle"
    );
    let (out, events) = run_action(&env(), "product.details", json!({})).await;
    assert!(out.unwrap().is_error);
    assert!(done_widgets(&events).is_empty());
    let (out, events) = run_action(&env(), "cart.add", json!({})).await;
    assert!(out.is_none(), "cart.add is a client action");
    assert!(events.is_empty());
    assert!(run_action(&env(), "nope", json!({})).await.0.is_none());
}

#[tokio::test]
async fn registry_lists_specs_and_reports_unknown_tools() {
    let registry = ToolRegistry::shop();
    let specs = registry.specs();
    let names: Vec<&str> = specs.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "show_products",
            "show_product",
            "search_catalog",
            "view_cart",
            "compare_products",
            "cart_add",
            "cart_set_quantity",
            "cart_remove",
            "cart_clear"
        ]
    );
    for spec in registry.specs() {
        assert_eq!(spec.parameters["type"], "object");
        assert!(!spec.description.is_empty());
    }
    let (out, events) = run_tool(&env(), "launch_rocket", json!({})).await;
    assert!(events.is_empty());
    assert!(out.is_error);
    assert_eq!(
        out.output,
        json!({"error": "unknown tool \"launch_rocket\""})
    );
}
