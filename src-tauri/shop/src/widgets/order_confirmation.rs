//! The order confirmation card produced by the `cart.checkout` action: order number, items
//! and total. Shopdesk takes no payment; the card says so.

use crate::cart::Order;
use crate::catalog::format_usd;
use serde_json::{json, Value};

/// The confirmation card for a placed order.
pub fn order_confirmation(order: &Order) -> Value {
    let mut children = vec![
        json!({
            "children": [
                {"type": "Icon", "name": "check-circle-filled", "color": "success", "size": "lg"},
                {"type": "Title", "value": "Order confirmed", "size": "sm"},
                {"type": "Spacer"},
                {"type": "Badge", "label": order.number, "color": "success", "variant": "soft"},
            ],
            "align": "center",
            "gap": 2,
            "type": "Row",
        }),
        json!({"type": "Divider"}),
    ];
    children.extend(order.lines.iter().map(|l| {
        json!({
            "children": [
                {"type": "Text", "value": l.name},
                {"type": "Spacer"},
                {"type": "Caption", "value": format!("{} × {}", l.quantity, format_usd(l.unit_price))},
            ],
            "key": l.product_id,
            "type": "Row",
        })
    }));
    children.push(json!({"type": "Divider"}));
    children.push(json!({
        "children": [
            {"type": "Text", "value": "Total", "weight": "semibold"},
            {"type": "Spacer"},
            {"type": "Text", "value": format_usd(order.total), "weight": "semibold"},
        ],
        "type": "Row",
    }));
    let mut note = String::from("This is a demo shop: no payment was taken and nothing will ship.");
    if !order.repriced.is_empty() {
        note.push_str(" Some prices were updated to the current catalog price.");
    }
    children.push(json!({"type": "Caption", "value": note, "color": "secondary"}));
    json!({"type": "Card", "children": children, "size": "md", "status": {"text": "Checkout", "icon": "check"}})
}

/// Plain-text rendering of the order (the widget item's `copy_text`).
pub fn order_copy_text(order: &Order) -> String {
    let mut s = format!("Order {} confirmed\n", order.number);
    for l in &order.lines {
        s.push_str(&format!("{} × {} — {}\n", l.quantity, l.name, format_usd(l.subtotal)));
    }
    s.push_str(&format!("Total: {}", format_usd(order.total)));
    s
}
