//! Server-handled widget actions, dispatched by type for the agent's `Responder::action`.
//!
//! * `product.details` `{product_id}` ⇒ the product's card (as `show_product`).
//! * `cart.checkout` `{lines}` ⇒ the order confirmation (see [`super::checkout`]).
//!
//! `cart.add` never gets here: it is a client action (Contract 2).

use super::registry::ToolOutput;
use super::show_product::show_card;
use super::{checkout, ToolContext, ToolError};
use crate::widgets::actions::{CART_CHECKOUT, PRODUCT_DETAILS};
use serde_json::Value;

/// Runs the handler for `action_type`, or returns `None` when the shop has no such action (the
/// caller then reports it as unsupported). Errors become an `{"error": …}` output, as for tools.
pub async fn handle_action(
    action_type: &str,
    payload: &Value,
    ctx: &ToolContext,
) -> Option<ToolOutput> {
    let result = match action_type {
        PRODUCT_DETAILS => product_details(payload, ctx).await,
        CART_CHECKOUT => checkout::checkout(payload, ctx).await,
        _ => return None,
    };
    Some(ToolOutput::from_result(result, ctx.take_events()))
}

async fn product_details(payload: &Value, ctx: &ToolContext) -> Result<Value, ToolError> {
    let id = payload
        .get("product_id")
        .and_then(Value::as_str)
        .ok_or_else(|| {
            ToolError::InvalidArguments("product.details needs a string `product_id`".into())
        })?;
    show_card(ctx, Some(id)).await
}
