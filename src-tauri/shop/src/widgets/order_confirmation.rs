//! The order confirmation card produced by the `cart.checkout` action: order number, items
//! and total. Shopdesk takes no payment; the card says so.

use crate::cart::Order;
use crate::catalog::format_usd;
use chatkit::widgets::{
    Badge, Caption, Card, Divider, Icon, Row, Spacer, Text, Title, WidgetStatus,
};
use serde_json::Value;

/// The confirmation card for a placed order.
pub fn order_confirmation(order: &Order) -> Value {
    let mut note = String::from("This is a demo shop: no payment was taken and nothing will ship.");
    if !order.repriced.is_empty() {
        note.push_str(" Some prices were updated to the current catalog price.");
    }
    Card::new()
        .child(
            Row::new()
                .child(Icon::new("check-circle-filled").color("success").size("lg"))
                .child(Title::new("Order confirmed").size("sm"))
                .child(Spacer::new())
                .child(
                    Badge::new(order.number.as_str())
                        .color("success")
                        .variant("soft"),
                )
                .align("center")
                .gap(2),
        )
        .child(Divider::new())
        .children(order.lines.iter().map(|l| {
            Row::new()
                .child(Text::new(l.name.as_str()))
                .child(Spacer::new())
                .child(Caption::new(format!(
                    "{} × {}",
                    l.quantity,
                    format_usd(l.unit_price)
                )))
                .key(l.product_id.as_str())
        }))
        .child(Divider::new())
        .child(
            Row::new()
                .child(Text::new("Total").weight("semibold"))
                .child(Spacer::new())
                .child(Text::new(format_usd(order.total)).weight("semibold")),
        )
        .child(Caption::new(note).color("secondary"))
        .size("md")
        .status(WidgetStatus::with_icon("Checkout", "check"))
        .into_value()
}

/// Plain-text rendering of the order (the widget item's `copy_text`).
pub fn order_copy_text(order: &Order) -> String {
    let mut s = format!("Order {} confirmed\n", order.number);
    for l in &order.lines {
        s.push_str(&format!(
            "{} × {} — {}\n",
            l.quantity,
            l.name,
            format_usd(l.subtotal)
        ));
    }
    s.push_str(&format!("Total: {}", format_usd(order.total)));
    s
}
