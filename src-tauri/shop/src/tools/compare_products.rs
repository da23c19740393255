//! `compare_products(product_ids)`: two to four products side by side, as a static widget.
//!
//! For "compare the Aurora and the Dune lamp" or "which is better, the headphones or the
//! earbuds?": the widget ([`crate::widgets::product_comparison`]) puts price, rating, stock
//! and key features next to each other and highlights the differences; the result tells the
//! model the same facts so it can answer in a sentence.

use super::widget_output::show_static;
use super::{parse_args, product_json, Tool, ToolContext, ToolError};
use crate::catalog::Product;
use crate::widgets::product_comparison::{differences, key_features, product_comparison};
use async_trait::async_trait;
use serde::Deserialize;
use serde_json::{json, Value};

/// Fewest and most products one comparison takes.
pub const MIN_PRODUCTS: usize = 2;
pub const MAX_PRODUCTS: usize = 4;

pub struct CompareProducts;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Args {
    product_ids: Vec<String>,
}

#[async_trait]
impl Tool for CompareProducts {
    fn name(&self) -> &'static str {
        "compare_products"
    }

    fn description(&self) -> &'static str {
        "Show the user 2 to 4 products side by side (price, rating, stock, key features, with \
         the differences highlighted) as a comparison widget with Add to Cart buttons. Use it \
         when the user asks to compare products or which of several is better."
    }

    fn parameters(&self) -> Value {
        json!({
            "type": "object",
            "properties": {
                "product_ids": {
                    "type": "array",
                    "items": {"type": "string"},
                    "minItems": MIN_PRODUCTS,
                    "maxItems": MAX_PRODUCTS,
                    "description": "The ids of the products to compare, e.g. [\"lamp-aurora\", \"lamp-dune\"]."
                }
            },
            "required": ["product_ids"],
            "additionalProperties": false
        })
    }

    async fn run(&self, args: Value, ctx: &mut ToolContext<'_>) -> Result<Value, ToolError> {
        let args: Args = parse_args(args)?;
        let mut ids: Vec<String> = Vec::new();
        for id in args.product_ids {
            let id = id.trim().to_string();
            if !id.is_empty() && !ids.contains(&id) {
                ids.push(id);
            }
        }
        if !(MIN_PRODUCTS..=MAX_PRODUCTS).contains(&ids.len()) {
            return Err(ToolError::InvalidArguments(format!(
                "`product_ids` must name {MIN_PRODUCTS} to {MAX_PRODUCTS} different products, got {}",
                ids.len()
            )));
        }
        let products: Vec<&Product> = ids
            .iter()
            .map(|id| ctx.catalog().get(id))
            .collect::<Result<_, _>>()?;
        let products: Vec<Product> = products.into_iter().cloned().collect();
        let refs: Vec<&Product> = products.iter().collect();
        ctx.progress("chart", "Comparing products").await?;
        let copy = refs
            .iter()
            .map(|p| format!("{} — {} ({:.1}★)", p.name, p.price_label(), p.rating))
            .collect::<Vec<_>>()
            .join("\n");
        let item = show_static(ctx, product_comparison(&refs), Some(copy)).await?;
        let notes = differences(&refs);
        Ok(json!({
            "compared": refs.iter().zip(&notes).map(|(p, notes)| {
                let mut v = product_json(p);
                v["features"] = json!(key_features(p));
                v["differences"] = json!(notes);
                v
            }).collect::<Vec<_>>(),
            "widget_id": item.id,
            "note": "The comparison is displayed to the user; answer with the main difference in one sentence.",
        }))
    }
}
