//! `show_product(product_id)`: one product as a static card (phase 1, docs/ARCHITECTURE.md "What the app must show").
//!
//! Also used by the `product.details` widget action. Without an id it shows the featured
//! product, so "show me a product" always has an answer.

use super::widget_output::show_static;
use super::{non_blank, parse_args, product_json, Tool, ToolContext, ToolError};
use crate::widgets::product_card::{product_card, product_copy_text};
use async_trait::async_trait;
use serde::Deserialize;
use serde_json::{json, Value};

pub struct ShowProduct;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Args {
    #[serde(default)]
    product_id: Option<String>,
}

#[async_trait]
impl Tool for ShowProduct {
    fn name(&self) -> &'static str {
        "show_product"
    }

    fn description(&self) -> &'static str {
        "Show the user one product as a card with its picture, price, rating, description and an \
         Add to Cart button. Give the product id (e.g. \"lamp-aurora\"); leave it out to show the \
         featured product."
    }

    fn parameters(&self) -> Value {
        json!({
            "type": "object",
            "properties": {
                "product_id": {"type": "string", "description": "The product's id, e.g. \"lamp-aurora\"."}
            },
            "additionalProperties": false
        })
    }

    async fn run(&self, args: Value, ctx: &mut ToolContext<'_>) -> Result<Value, ToolError> {
        let args: Args = parse_args(args)?;
        show_card(ctx, non_blank(args.product_id).as_deref()).await
    }
}

/// Shows the card of `product_id` (or of the featured product) as one `thread.item.done`.
pub async fn show_card(
    ctx: &mut ToolContext<'_>,
    product_id: Option<&str>,
) -> Result<Value, ToolError> {
    let product = match product_id {
        Some(id) => ctx.catalog().get(id)?,
        None => ctx.catalog().featured(),
    };
    ctx.progress("cube", format!("Fetching {}", product.name))
        .await?;
    let item = show_static(ctx, product_card(product), Some(product_copy_text(product))).await?;
    Ok(json!({
        "shown": product_json(product),
        "description": product.description,
        "widget_id": item.id,
        "note": "The card is displayed to the user with an Add to Cart button.",
    }))
}
