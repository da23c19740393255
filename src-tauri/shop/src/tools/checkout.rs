//! The `cart.checkout` action: places the order for the lines the cart card carried and shows
//! the order confirmation (no payment is taken).
//!
//! The payload comes from the page and is untrusted: lines are validated and every price is
//! taken from the catalog. After the confirmation a `client_effect` named `cart.cleared` tells
//! the page to empty its cart (the page owns the cart store, Contract 2).

use super::widget_output::show_static;
use super::{ToolContext, ToolError};
use crate::cart::{order_number, parse_lines, Order};
use crate::widgets::order_confirmation::{order_confirmation, order_copy_text};
use chatkit::types::ThreadStreamEvent;
use serde_json::{json, Map, Value};

/// Name of the client effect sent after a successful checkout.
pub const CART_CLEARED_EFFECT: &str = "cart.cleared";

/// Handles `{type:"cart.checkout", payload:{lines:[…]}}`.
pub async fn checkout(payload: &Value, ctx: &mut ToolContext<'_>) -> Result<Value, ToolError> {
    let lines_value = payload.get("lines").cloned().unwrap_or(Value::Null);
    ctx.progress("check", "Placing your order").await?;
    let lines = parse_lines(&lines_value)?;
    let order = Order::place(order_number(ctx.seed()), &lines, ctx.catalog())?;
    let item = show_static(
        ctx,
        order_confirmation(&order),
        Some(order_copy_text(&order)),
    )
    .await?;
    let mut data = Map::new();
    data.insert("order_number".into(), json!(order.number));
    ctx.emit(ThreadStreamEvent::ClientEffect {
        name: CART_CLEARED_EFFECT.to_owned(),
        data,
    })
    .await?;
    Ok(json!({
        "order_number": order.number,
        "total": order.total,
        "lines": order.lines,
        "repriced": order.repriced,
        "widget_id": item.id,
    }))
}
