//! `search_catalog(query, category?, min_price?, max_price?, in_stock?, sort?)`: data for the
//! model, no widget.
//!
//! Lets a model look products up (to answer a question, or to find ids before calling
//! `show_product`) without putting anything in front of the user. The query is the model's
//! text, so it is capped ([`MAX_SEARCH_QUERY_CHARS`]): a longer one is an invalid argument.

use super::product_filters::{filter_properties, parse_filters};
use super::{non_blank, parse_args, product_json, Tool, ToolContext, ToolError};
use crate::catalog::Category;
use crate::model::limits::MAX_SEARCH_QUERY_CHARS;
use async_trait::async_trait;
use serde::Deserialize;
use serde_json::{json, Value};

/// Most results returned.
pub const MAX_RESULTS: usize = 10;

pub struct SearchCatalog;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Args {
    query: String,
    #[serde(default)]
    category: Option<String>,
    #[serde(default)]
    min_price: Option<f64>,
    #[serde(default)]
    max_price: Option<f64>,
    #[serde(default)]
    in_stock: Option<bool>,
    #[serde(default)]
    sort: Option<String>,
}

#[async_trait]
impl Tool for SearchCatalog {
    fn name(&self) -> &'static str {
        "search_catalog"
    }

    fn description(&self) -> &'static str {
        "Search the shop's catalog and get the matching products as data (id, name, price, \
         category, rating, stock, description), best match first, or in `sort` order; \
         min_price/max_price (US dollars) and in_stock narrow them. Nothing is shown to the user."
    }

    fn parameters(&self) -> Value {
        let mut schema = json!({
            "type": "object",
            "properties": {
                "query": {"type": "string", "maxLength": MAX_SEARCH_QUERY_CHARS, "description": "Search words, e.g. \"noise cancelling headphones\"."},
                "category": {
                    "type": "string",
                    "enum": Category::ALL.iter().map(|c| c.slug()).collect::<Vec<_>>(),
                    "description": "Only search this category."
                }
            },
            "required": ["query"],
            "additionalProperties": false
        });
        schema["properties"]
            .as_object_mut()
            .expect("properties is an object")
            .extend(filter_properties());
        schema
    }

    async fn run(&self, args: Value, ctx: &mut ToolContext<'_>) -> Result<Value, ToolError> {
        let args: Args = parse_args(args)?;
        let query = non_blank(Some(args.query))
            .ok_or_else(|| ToolError::InvalidArguments("`query` must not be empty".into()))?;
        if query.chars().count() > MAX_SEARCH_QUERY_CHARS {
            return Err(ToolError::InvalidArguments(format!(
                "`query` must be at most {MAX_SEARCH_QUERY_CHARS} characters"
            )));
        }
        let category = non_blank(args.category)
            .map(|c| c.parse::<Category>())
            .transpose()?;
        let (filters, sort) =
            parse_filters(args.min_price, args.max_price, args.in_stock, args.sort)?;
        ctx.progress("search", format!("Searching the catalog for “{query}”"))
            .await?;
        let mut hits: Vec<_> = ctx
            .catalog()
            .search_scored(&query)
            .into_iter()
            .filter(|h| category.is_none_or(|c| h.product.category == c))
            .filter(|h| filters.admits(h.product))
            .collect();
        let mut order: Vec<&crate::catalog::Product> = hits.iter().map(|h| h.product).collect();
        sort.apply(&mut order);
        hits.sort_by_key(|h| order.iter().position(|p| p.id == h.product.id));
        let hits: Vec<Value> = hits
            .into_iter()
            .take(MAX_RESULTS)
            .map(|h| {
                let mut v = product_json(h.product);
                v["description"] = json!(h.product.description);
                v["relevance"] = json!(h.score);
                v
            })
            .collect();
        Ok(json!({"query": query, "count": hits.len(), "results": hits}))
    }
}
