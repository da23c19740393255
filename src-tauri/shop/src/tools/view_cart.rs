//! `view_cart()`: reads the cart the page keeps (Contract 2) and shows it as a summary card
//! with a **Checkout** button.

use super::widget_output::show_static;
use super::{parse_args, Tool, ToolContext, ToolError};
use crate::cart::{cart_total, cart_units};
use crate::widgets::cart_summary::{cart_copy_text, cart_summary};
use async_trait::async_trait;
use serde::Deserialize;
use serde_json::{json, Value};

pub struct ViewCart;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Args {}

#[async_trait]
impl Tool for ViewCart {
    fn name(&self) -> &'static str {
        "view_cart"
    }

    fn description(&self) -> &'static str {
        "Show the user's shopping cart (items, quantities, total) as a card with a Checkout button."
    }

    fn parameters(&self) -> Value {
        json!({"type": "object", "properties": {}, "additionalProperties": false})
    }

    async fn run(&self, args: Value, ctx: &mut ToolContext<'_>) -> Result<Value, ToolError> {
        let Args {} = parse_args(args)?;
        ctx.progress("suitcase", "Checking your cart").await?;
        let lines = ctx.cart().lines().await?;
        let item = show_static(ctx, cart_summary(&lines), Some(cart_copy_text(&lines))).await?;
        Ok(json!({
            "items": lines.iter().map(|l| json!({"product_id": l.product_id, "name": l.name, "price": l.price, "quantity": l.quantity})).collect::<Vec<_>>(),
            "units": cart_units(&lines),
            "total": cart_total(&lines),
            "empty": lines.is_empty(),
            "widget_id": item.id,
        }))
    }
}
