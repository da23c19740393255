//! The product card: one product as a static widget (checklist phase 1).
//!
//! Image on top, then name and price, category and rating, a short description, and two
//! buttons: **Add to Cart** (client action, Contract 2) and **Details** (server action).

use super::actions;
use super::rating_label;
use crate::catalog::Product;
use serde_json::{json, Value};

/// The card for one product.
pub fn product_card(product: &Product) -> Value {
    let stock = if product.in_stock {
        json!({"type": "Badge", "label": "In stock", "color": "success", "variant": "soft"})
    } else {
        json!({"type": "Badge", "label": "Out of stock", "color": "secondary", "variant": "soft"})
    };
    let mut add = json!({
        "type": "Button",
        "label": "Add to Cart",
        "onClickAction": actions::add_to_cart(product),
        "iconStart": "plus",
        "style": "primary",
    });
    if !product.in_stock {
        add["disabled"] = json!(true);
    }
    json!({
        "key": product.id,
        "type": "Card",
        "children": [
            {
                "type": "Image",
                "src": product.image,
                "alt": product.name,
                "fit": "cover",
                "radius": "md",
                "height": 180,
                "aspectRatio": "4 / 3",
            },
            {
                "children": [
                    {"type": "Title", "value": product.name, "size": "md"},
                    {"type": "Spacer"},
                    {"type": "Text", "value": product.price_label(), "weight": "semibold"},
                ],
                "align": "center",
                "gap": 2,
                "type": "Row",
            },
            {
                "children": [
                    {"type": "Caption", "value": product.category.label()},
                    {"type": "Badge", "label": rating_label(product.rating), "color": "warning", "variant": "outline"},
                    stock,
                ],
                "align": "center",
                "gap": 2,
                "type": "Row",
            },
            {"type": "Text", "value": product.description, "size": "sm", "color": "secondary"},
            {
                "children": [
                    add,
                    {
                        "type": "Button",
                        "label": "Details",
                        "onClickAction": actions::product_details(product),
                        "variant": "outline",
                    },
                ],
                "gap": 2,
                "type": "Row",
            },
        ],
        "size": "sm",
    })
}

/// Plain-text rendering of a card (the widget item's `copy_text`).
pub fn product_copy_text(product: &Product) -> String {
    format!(
        "{} — {} ({}, {}): {}",
        product.name,
        product.price_label(),
        product.category.label(),
        rating_label(product.rating),
        product.description
    )
}
