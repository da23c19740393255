//! The cart summary card shown by `view_cart`: the lines, the total and a **Checkout** button.
//!
//! The checkout button carries the lines it was drawn from, so the order placed is the one the
//! user saw (the handler still re-prices it from the catalog). An empty cart gets a friendly
//! empty state and no button.

use super::action_configs;
use crate::cart::{cart_total, cart_units, CartLine};
use crate::catalog::format_usd;
use chatkit::widgets::{
    Badge, Button, Caption, Card, Col, Divider, Icon, Image, Row, Spacer, Text, Title,
};
use serde_json::Value;

/// The cart summary card for these lines.
pub fn cart_summary(lines: &[CartLine]) -> Value {
    if lines.is_empty() {
        return Card::new()
            .child(
                Row::new()
                    .child(Icon::new("suitcase").color("secondary").size("lg"))
                    .child(Title::new("Your cart is empty").size("sm"))
                    .align("center")
                    .gap(2),
            )
            .child(
                Text::new("Ask me to show you some products, then use Add to Cart.")
                    .size("sm")
                    .color("secondary"),
            )
            .size("sm")
            .into_value();
    }
    let units = cart_units(lines);
    Card::new()
        .child(
            Row::new()
                .child(Title::new("Your cart").size("sm"))
                .child(Spacer::new())
                .child(
                    Badge::new(format!("{units} item{}", if units == 1 { "" } else { "s" }))
                        .color("info")
                        .variant("soft"),
                )
                .align("center"),
        )
        .child(Divider::new())
        .children(lines.iter().map(line_row))
        .child(Divider::new())
        .child(
            Row::new()
                .child(Text::new("Total").weight("semibold"))
                .child(Spacer::new())
                .child(Text::new(format_usd(cart_total(lines))).weight("semibold")),
        )
        .child(
            Row::new().child(
                Button::new("Checkout")
                    .on_click_action(action_configs::checkout(lines))
                    .icon_start("check")
                    .style("primary")
                    .block(true),
            ),
        )
        .size("md")
        .into_value()
}

fn line_row(line: &CartLine) -> Row {
    let thumb: Value = if line.image.is_empty() {
        Icon::new("cube").color("secondary").size("xl").into()
    } else {
        Image::new(line.image.as_str())
            .alt(line.name.as_str())
            .fit("cover")
            .radius("sm")
            .size(40)
            .into()
    };
    Row::new()
        .child(thumb)
        .child(
            Col::new()
                .child(Text::new(line.name.as_str()).weight("medium").max_lines(2))
                .child(Caption::new(format!(
                    "{} × {}",
                    line.quantity,
                    format_usd(line.price)
                )))
                .flex(1),
        )
        .child(Text::new(format_usd(line.subtotal())))
        .align("center")
        .gap(3)
        .key(line.product_id.as_str())
}

/// Plain-text rendering of the cart (the widget item's `copy_text`).
pub fn cart_copy_text(lines: &[CartLine]) -> String {
    if lines.is_empty() {
        return "Your cart is empty.".to_owned();
    }
    let mut s = String::new();
    for l in lines {
        s.push_str(&format!(
            "{} × {} — {}\n",
            l.quantity,
            l.name,
            format_usd(l.subtotal())
        ));
    }
    s.push_str(&format!("Total: {}", format_usd(cart_total(lines))));
    s
}
