//! What one answer showed, read from the events the page received: the last widget's kind
//! and products, the assistant's text, the cart the page holds afterwards.

use std::collections::BTreeMap;
use std::time::Duration;

use serde_json::Value;

#[derive(Debug, Clone, Default)]
pub struct Outcome {
    /// `card`, `list`, `cart`, `comparison` or `none`.
    pub widget: String,
    /// Ids the last widget's Add to Cart buttons carry, in order.
    pub products: Vec<String>,
    /// The page's cart afterwards: id → quantity.
    pub cart: BTreeMap<String, u32>,
    /// Every assistant message of the answer, joined.
    pub reply: String,
    /// An `error` event's message, if the answer failed.
    pub error: Option<String>,
    /// From sending the message to the first event of its answer (a progress line, a widget
    /// or the assistant's text), through `ChatKitServer::process`.
    pub first_event: Duration,
}

/// The kind of a finished widget.
pub fn widget_kind(widget: &Value) -> &'static str {
    let text = widget.to_string();
    match widget["type"].as_str() {
        Some("ListView") => "list",
        Some("Card") if widget["key"] == "comparison" => "comparison",
        Some("Card") if text.contains("cart.checkout") || text.contains("Your cart") => "cart",
        Some("Card") => "card",
        _ => "other",
    }
}

/// Product ids of `cart.add` buttons in a widget tree, in order, each once.
pub fn widget_products(widget: &Value) -> Vec<String> {
    fn walk(node: &Value, out: &mut Vec<String>) {
        match node {
            Value::Object(m) => {
                if let Some(a) = m.get("onClickAction") {
                    if a["type"] == "cart.add" {
                        if let Some(id) = a.pointer("/payload/product_id").and_then(Value::as_str) {
                            if !out.iter().any(|o| o == id) {
                                out.push(id.to_string());
                            }
                        }
                    }
                }
                if let Some(children) = m.get("children") {
                    walk(children, out);
                }
            }
            Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(widget, &mut out);
    out
}

/// Reads the widget and text of an answer's events (all rounds, in order).
pub fn read(events: &[Value], outcome: &mut Outcome) {
    let mut texts = Vec::new();
    outcome.widget = "none".into();
    outcome.products.clear();
    for e in events {
        match (e["type"].as_str(), e["item"]["type"].as_str()) {
            (Some("thread.item.done"), Some("widget")) => {
                let widget = &e["item"]["widget"];
                if shop::widgets::is_failure_marker(widget) {
                    continue;
                }
                outcome.widget = widget_kind(widget).to_string();
                outcome.products = widget_products(widget);
            }
            (Some("thread.item.done"), Some("assistant_message")) => {
                for part in e["item"]["content"].as_array().into_iter().flatten() {
                    if let Some(t) = part["text"].as_str() {
                        texts.push(t.to_string());
                    }
                }
            }
            (Some("error"), _) => {
                outcome.error = Some(e["message"].as_str().unwrap_or("error").to_string())
            }
            _ => {}
        }
    }
    outcome.reply = texts.join("\n");
}
