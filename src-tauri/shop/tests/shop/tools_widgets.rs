//! The shop's widget designs: valid roots, SDK key order, Contract 2 actions, and a product list
//! whose successive states diff into text deltas then root updates (what streaming relies on).

use chatkit::widgets::{diff_widget, validate_root, WidgetDiff};
use serde_json::{json, Value};
use shop::cart::{CartLine, Order};
use shop::catalog::{Catalog, Category};
use shop::widgets::product_list::product_row;
use shop::widgets::{cart_summary, order_confirmation, product_card, ProductList, SUMMARY_ID};

fn cart() -> Vec<CartLine> {
    vec![
        CartLine {
            product_id: "mug-ember".into(),
            name: "Ember Stoneware Mug".into(),
            price: 18.0,
            image: "/products/mug-ember.svg".into(),
            quantity: 2,
        },
        CartLine {
            product_id: "lamp-dune".into(),
            name: "Dune Mushroom Lamp".into(),
            price: 79.0,
            image: String::new(),
            quantity: 1,
        },
    ]
}

#[test]
fn every_design_is_a_valid_widget_root() {
    let catalog = Catalog::bundled();
    for p in catalog.all() {
        validate_root(&product_card(p)).unwrap_or_else(|e| panic!("{}: {e}", p.id));
    }
    let products: Vec<_> = catalog.all().iter().collect();
    for state in ProductList::states("All", "Here are all products.", &products) {
        validate_root(&state).unwrap();
    }
    validate_root(&cart_summary(&cart())).unwrap();
    validate_root(&cart_summary(&[])).unwrap();
    let order = Order::place("SD-ABCDEF".into(), &cart(), &catalog).unwrap();
    validate_root(&order_confirmation(&order)).unwrap();
}

#[test]
fn product_card_serializes_in_sdk_key_order() {
    let catalog = Catalog::bundled();
    let card = serde_json::to_string(&product_card(catalog.featured())).unwrap();
    assert!(
        card.starts_with(r#"{"key":"lamp-aurora","type":"Card","children":[{"type":"Image","src":"/products/lamp-aurora.svg","alt":"Aurora Desk Lamp","fit":"cover","radius":"md","height":180},{"type":"Caption","value":"Lighting"},{"type":"Title","value":"Aurora Desk Lamp","size":"md"},{"children":[{"type":"Text","value":"$49.99","weight":"semibold","size":"lg"},{"type":"Spacer"},{"type":"Badge","label":"★ 4.7","color":"warning","variant":"outline"},{"type":"Badge","label":"In stock","color":"success","variant":"soft"}],"align":"center","gap":2,"type":"Row"}"#),
        "{card}"
    );
    assert!(card.ends_with(r#""size":"sm"}"#));
    assert!(card.contains(r#"{"type":"Button","label":"Add to Cart","onClickAction":{"type":"cart.add","payload":{"product_id":"lamp-aurora","name":"Aurora Desk Lamp","price":49.99,"image":"/products/lamp-aurora.svg"},"handler":"client","loadingBehavior":"auto","streaming":true},"iconStart":"plus","style":"primary"}"#), "{card}");
    assert!(card.contains(r#""onClickAction":{"type":"product.details","payload":{"product_id":"lamp-aurora"},"handler":"server","loadingBehavior":"auto","streaming":true}"#));
}

#[test]
fn product_card_lists_features_and_says_when_stock_is_low() {
    let catalog = Catalog::bundled();
    let text = |id: &str| serde_json::to_string(&product_card(catalog.find(id).unwrap())).unwrap();
    let nimbus = catalog.find("headphones-nimbus").unwrap();
    let card = text("headphones-nimbus");
    for feature in &nimbus.features {
        assert!(
            card.contains(&format!(
                r#"{{"type":"Text","value":"{feature}","size":"sm"}}"#
            )),
            "{feature}: {card}"
        );
    }
    assert!(card.contains(r#""label":"In stock""#), "{card}");
    // Three chairs left: the badge says so; none left: out of stock.
    assert_eq!(catalog.find("chair-balance").unwrap().stock, 3);
    assert!(text("chair-balance").contains(r#""label":"Only 3 left","color":"warning""#));
    assert!(text("webcam-clarity").contains(r#""label":"Out of stock""#));
    let copy = shop::widgets::product_card::product_copy_text(nimbus);
    assert!(
        copy.contains("Features: Active noise cancelling;"),
        "{copy}"
    );
}

#[test]
fn product_list_states_show_a_row_first_and_stream_text_alongside_the_rows() {
    let catalog = Catalog::bundled();
    let products = &catalog.by_category(Category::Outdoor)[..3];
    let summary = "Here are 3 outdoor products.";
    let states = ProductList::states("Outdoor", summary, products);
    let rows = |w: &Value| w["children"].as_array().unwrap().len() - 1;
    // The first state (the item's `thread.item.added`) already shows the first product.
    assert_eq!(rows(&states[0]), 1);
    // first row + (words, row) × 2 + the last words + final flip
    assert_eq!(states.len(), 1 + 2 * 2 + 1 + 1);
    let mut kinds = Vec::new();
    let mut typed = String::new();
    for pair in states.windows(2) {
        for d in diff_widget(&pair[0], &pair[1]).unwrap() {
            match d {
                WidgetDiff::StreamingTextValueDelta {
                    component_id,
                    delta,
                    done,
                } => {
                    assert_eq!(component_id, SUMMARY_ID);
                    assert!(!done);
                    typed.push_str(delta);
                    kinds.push("delta");
                }
                WidgetDiff::RootUpdated { .. } => kinds.push("root"),
            }
        }
    }
    assert_eq!(typed, summary);
    // Words and rows take turns: the summary is not typed out before the rows come.
    assert_eq!(kinds, ["delta", "root", "delta", "root", "delta", "root"]);
    let last = states.last().unwrap();
    assert_eq!(rows(last), 3);
    assert_eq!(last["children"][0]["children"][0]["streaming"], false);
    assert_eq!(
        last["status"],
        json!({"text": "Outdoor", "icon": "sparkle"})
    );
}

#[test]
fn out_of_stock_rows_cannot_be_added() {
    let catalog = Catalog::bundled();
    let row: Value = product_row(catalog.find("earbuds-echo").unwrap()).into();
    let button = &row["children"][2];
    assert_eq!(button["label"], "Out of stock");
    assert_eq!(button["disabled"], true);
    let row: Value = product_row(catalog.find("mug-ember").unwrap()).into();
    assert_eq!(row["key"], "mug-ember");
    assert_eq!(row["children"][0]["src"], "/products/mug-ember.svg");
    assert!(row["children"][2].get("disabled").is_none());
}

#[test]
fn cart_summary_lists_lines_and_falls_back_to_an_icon_without_image() {
    let card = cart_summary(&cart());
    let text = serde_json::to_string(&card).unwrap();
    assert!(text.contains(r#""value":"2 × $18.00""#), "{text}");
    assert!(text.contains(r#""value":"$36.00""#));
    assert!(text.contains(r#""value":"$115.00""#), "total");
    assert!(
        text.contains(r#"{"type":"Icon","name":"cube""#),
        "line without image"
    );
    assert!(text.contains(r#""label":"3 items""#));
}

#[test]
fn order_confirmation_mentions_repricing_only_when_it_happened() {
    let catalog = Catalog::bundled();
    let order = Order::place("SD-ABCDEF".into(), &cart(), &catalog).unwrap();
    let text = serde_json::to_string(&order_confirmation(&order)).unwrap();
    assert!(text.contains("SD-ABCDEF") && text.contains("$115.00"));
    assert!(!text.contains("prices were updated"));
    let mut cheap = cart();
    cheap[0].price = 1.0;
    let order = Order::place("SD-ABCDEF".into(), &cheap, &catalog).unwrap();
    let text = serde_json::to_string(&order_confirmation(&order)).unwrap();
    assert!(text.contains("prices were updated") && text.contains("$115.00"));
}
