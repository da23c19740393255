//! The product card: one product as a static widget (phase 1, docs/ARCHITECTURE.md "What the app must show").
//!
//! Image on top, then category, name, price with rating and stock, a short description, the
//! key features (a check mark each), and two buttons: **Add to Cart** (client action, Contract
//! 2) and **Details** (server action).

use super::action_configs;
use super::{rating_label, stock_badge};
use crate::catalog::Product;
use chatkit::widgets::{Badge, Button, Caption, Card, Col, Icon, Image, Row, Spacer, Text, Title};
use serde_json::Value;

/// At or below this many units the stock badge says how many are left ("Only 3 left").
pub const LOW_STOCK: u32 = 5;

/// The card for one product.
pub fn product_card(product: &Product) -> Value {
    let stock = stock_badge(product);
    let mut add = Button::new("Add to Cart")
        .on_click_action(action_configs::add_to_cart(product))
        .icon_start("plus")
        .style("primary");
    if !product.in_stock {
        add = add.disabled(true);
    }
    Card::new()
        .key(product.id.as_str())
        .child(
            Image::new(product.image.as_str())
                .alt(product.name.as_str())
                .fit("cover")
                .radius("md")
                .height(180),
        )
        .child(Caption::new(product.category.label()))
        .child(Title::new(product.name.as_str()).size("md"))
        .child(
            Row::new()
                .child(
                    Text::new(product.price_label())
                        .size("lg")
                        .weight("semibold"),
                )
                .child(Spacer::new())
                .child(
                    Badge::new(rating_label(product.rating))
                        .color("warning")
                        .variant("outline"),
                )
                .child(stock)
                .align("center")
                .gap(2),
        )
        .child(
            Text::new(product.description.as_str())
                .size("sm")
                .color("secondary"),
        )
        .child(features(product))
        .child(
            Row::new()
                .child(add)
                .child(
                    Button::new("Details")
                        .on_click_action(action_configs::product_details(product))
                        .variant("outline"),
                )
                .gap(2),
        )
        .size("sm")
        .into_value()
}

/// The key features, one line each with a check mark.
fn features(product: &Product) -> Col {
    Col::new().gap(1).children(product.features.iter().map(|f| {
        Row::new()
            .child(Icon::new("check").color("success").size("sm"))
            .child(Text::new(f.as_str()).size("sm"))
            .gap(2)
            .align("center")
    }))
}

/// Plain-text rendering of a card (the widget item's `copy_text`).
pub fn product_copy_text(product: &Product) -> String {
    let features = if product.features.is_empty() {
        String::new()
    } else {
        format!(" Features: {}.", product.features.join("; "))
    };
    format!(
        "{} — {} ({}, {}): {}{features}",
        product.name,
        product.price_label(),
        product.category.label(),
        rating_label(product.rating),
        product.description
    )
}
