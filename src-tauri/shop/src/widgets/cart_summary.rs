//! The cart summary card shown by `view_cart`: the lines, the total and a **Checkout** button.
//!
//! The checkout button carries the lines it was drawn from, so the order placed is the one the
//! user saw (the handler still re-prices it from the catalog). An empty cart gets a friendly
//! empty state and no button.

use super::actions;
use crate::cart::{cart_total, cart_units, CartLine};
use crate::catalog::format_usd;
use serde_json::{json, Value};

/// The cart summary card for these lines.
pub fn cart_summary(lines: &[CartLine]) -> Value {
    if lines.is_empty() {
        return json!({
            "type": "Card",
            "children": [
                {
                    "children": [
                        {"type": "Icon", "name": "suitcase", "color": "secondary", "size": "lg"},
                        {"type": "Title", "value": "Your cart is empty", "size": "sm"},
                    ],
                    "align": "center",
                    "gap": 2,
                    "type": "Row",
                },
                {"type": "Text", "value": "Ask me to show you some products, then use Add to Cart.", "size": "sm", "color": "secondary"},
            ],
            "size": "sm",
        });
    }
    let units = cart_units(lines);
    let mut children = vec![
        json!({
            "children": [
                {"type": "Title", "value": "Your cart", "size": "sm"},
                {"type": "Spacer"},
                {"type": "Badge", "label": format!("{units} item{}", if units == 1 { "" } else { "s" }), "color": "info", "variant": "soft"},
            ],
            "align": "center",
            "type": "Row",
        }),
        json!({"type": "Divider"}),
    ];
    children.extend(lines.iter().map(line_row));
    children.push(json!({"type": "Divider"}));
    children.push(json!({
        "children": [
            {"type": "Text", "value": "Total", "weight": "semibold"},
            {"type": "Spacer"},
            {"type": "Text", "value": format_usd(cart_total(lines)), "weight": "semibold"},
        ],
        "type": "Row",
    }));
    children.push(json!({
        "children": [
            {
                "type": "Button",
                "label": "Checkout",
                "onClickAction": actions::checkout(lines),
                "iconStart": "check",
                "style": "primary",
                "block": true,
            },
        ],
        "type": "Row",
    }));
    json!({"type": "Card", "children": children, "size": "md"})
}

fn line_row(line: &CartLine) -> Value {
    let mut thumb = json!({"type": "Image", "src": line.image, "alt": line.name, "fit": "cover", "radius": "sm", "size": 40});
    if line.image.is_empty() {
        thumb = json!({"type": "Icon", "name": "cube", "color": "secondary", "size": "xl"});
    }
    json!({
        "children": [
            thumb,
            {
                "children": [
                    {"type": "Text", "value": line.name, "weight": "medium", "maxLines": 1},
                    {"type": "Caption", "value": format!("{} × {}", line.quantity, format_usd(line.price))},
                ],
                "flex": 1,
                "type": "Col",
            },
            {"type": "Text", "value": format_usd(line.subtotal())},
        ],
        "align": "center",
        "gap": 3,
        "key": line.product_id,
        "type": "Row",
    })
}

/// Plain-text rendering of the cart (the widget item's `copy_text`).
pub fn cart_copy_text(lines: &[CartLine]) -> String {
    if lines.is_empty() {
        return "Your cart is empty.".to_owned();
    }
    let mut s = String::new();
    for l in lines {
        s.push_str(&format!("{} × {} — {}\n", l.quantity, l.name, format_usd(l.subtotal())));
    }
    s.push_str(&format!("Total: {}", format_usd(cart_total(lines))));
    s
}
