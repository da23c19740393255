//! Server-handled widget actions, dispatched by type for the agent's `Responder::action`.
//!
//! * `product.details` `{product_id}` ⇒ the product's card (as `show_product`).
//! * `cart.checkout` `{lines}` ⇒ the order confirmation (see [`super::checkout`]).
//!
//! `cart.add` never gets here: it is a client action (Contract 2).

use super::registry::ToolOutput;
use super::show_product::show_card;
use super::{checkout, ToolContext, ToolError};
use crate::widgets::action_configs::{CART_CHECKOUT, PRODUCT_DETAILS};
use chatkit::StreamError;
use serde_json::Value;

/// Runs the handler for `action_type`, its events going into the context's sender as they
/// happen; `Ok(None)` when the shop has no such action (the caller then reports it as
/// unsupported). Errors become an `{"error": …}` output, as for tools; `Err` only when the
/// response was dropped.
pub async fn handle_action(
    action_type: &str,
    payload: &Value,
    ctx: &mut ToolContext<'_>,
) -> Result<Option<ToolOutput>, StreamError> {
    let result = match action_type {
        PRODUCT_DETAILS => product_details(payload, ctx).await,
        CART_CHECKOUT => checkout::checkout(payload, ctx).await,
        _ => return Ok(None),
    };
    ToolOutput::from_result(result).map(Some)
}

async fn product_details(payload: &Value, ctx: &mut ToolContext<'_>) -> Result<Value, ToolError> {
    let id = payload
        .get("product_id")
        .and_then(Value::as_str)
        .ok_or_else(|| {
            ToolError::InvalidArguments("product.details needs a string `product_id`".into())
        })?;
    show_card(ctx, Some(id)).await
}
