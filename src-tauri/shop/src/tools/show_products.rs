//! `show_products(category?, query?, limit?, min_price?, max_price?, in_stock?, sort?)`: streams
//! a product list into the thread.
//!
//! This is phase 2 of the checklist (docs/ARCHITECTURE.md): the list appears with its first
//! product (`thread.item.added`), then its summary text types itself in
//! (`widget.streaming_text.value_delta`) taking turns with the products joining one by one
//! (`widget.root.updated`), the summary stops streaming (`widget.root.updated`), and the item
//! is finished (`thread.item.done`), paced so a person sees it build.
//!
//! When nothing matches, nothing is shown and the result says what was searched, with the
//! nearest matches (the same words without the price/stock conditions) and the categories, so
//! the model can offer a way on instead of a dead end.

use super::product_filters::{filter_properties, parse_filters};
use super::widget_output::stream_states;
use super::{non_blank, parse_args, product_json, Tool, ToolContext, ToolError};
use crate::catalog::{format_usd, Category, Filters, Product, ProductQuery, SortOrder};
use crate::widgets::ProductList;
use async_trait::async_trait;
use serde::Deserialize;
use serde_json::{json, Value};

/// Products shown when the caller gives no limit.
pub const DEFAULT_LIMIT: usize = 8;
/// Most products one list may show.
pub const MAX_LIMIT: usize = 20;

pub struct ShowProducts;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Args {
    #[serde(default)]
    category: Option<String>,
    #[serde(default)]
    query: Option<String>,
    #[serde(default)]
    limit: Option<usize>,
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
impl Tool for ShowProducts {
    fn name(&self) -> &'static str {
        "show_products"
    }

    fn description(&self) -> &'static str {
        "Show the user a list of products from the shop's catalog, as an interactive widget with \
         Add to Cart buttons. Optionally filter by category, search words, price range \
         (min_price/max_price in US dollars) and stock, and order by price or rating (sort). Use \
         this when the user wants to browse or see several products, e.g. \"headphones under \
         $150\" is query \"headphones\", max_price 150; \"cheapest lamps\" is query \"lamp\", \
         sort price_asc."
    }

    fn parameters(&self) -> Value {
        let mut schema = json!({
            "type": "object",
            "properties": {
                "category": {
                    "type": "string",
                    "enum": Category::ALL.iter().map(|c| c.slug()).collect::<Vec<_>>(),
                    "description": "Only show products of this category."
                },
                "query": {"type": "string", "description": "Search words, e.g. \"wireless\" or \"coffee\"."},
                "limit": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "description": "How many products at most (default 8)."}
            },
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
        let category = non_blank(args.category)
            .map(|c| c.parse::<Category>())
            .transpose()?;
        let query = non_blank(args.query);
        let limit = args.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT);
        let (filters, sort) =
            parse_filters(args.min_price, args.max_price, args.in_stock, args.sort)?;
        ctx.progress("search", "Searching the catalog").await?;
        let wanted = ProductQuery {
            category,
            text: query.clone(),
            limit: Some(limit),
            filters,
            sort,
        };
        let products = ctx.catalog().query(&wanted);
        if products.is_empty() {
            return Ok(no_match(ctx.catalog(), &wanted));
        }
        ctx.progress(
            "sparkle",
            format!("Found {} product{}", products.len(), plural(products.len())),
        )
        .await?;
        let title = list_title(category, query.as_deref());
        let summary = summary_text(&products, category, query.as_deref());
        let summary = match (filters.describe(), sort) {
            (conditions, SortOrder::Relevance) if conditions.is_empty() => summary,
            (conditions, sort) => format!("{summary}{}", conditions_note(&conditions, sort)),
        };
        let states = ProductList::states(&title, &summary, &products);
        let copy = products
            .iter()
            .map(|p| format!("{} — {}", p.name, p.price_label()))
            .collect::<Vec<_>>()
            .join("\n");
        let item = stream_states(ctx, states, Some(copy)).await?;
        Ok(json!({
            "shown": products.len(),
            "widget_id": item.id,
            "products": products.iter().map(|p| product_json(p)).collect::<Vec<_>>(),
            "note": "The list is displayed to the user with Add to Cart buttons; do not repeat it item by item.",
        }))
    }
}

/// " Only up to $50.00. Cheapest first." for the summary line.
fn conditions_note(conditions: &str, sort: SortOrder) -> String {
    let mut note = String::new();
    if !conditions.is_empty() {
        note.push_str(&format!(" Only {conditions}."));
    }
    note.push_str(match sort {
        SortOrder::PriceAsc => " Cheapest first.",
        SortOrder::PriceDesc => " Most expensive first.",
        SortOrder::RatingDesc => " Best rated first.",
        SortOrder::Relevance => "",
    });
    note
}

/// The result when nothing matched: what was searched, the nearest matches without the price
/// and stock conditions (or, failing that, the best rated products of the category), and the
/// categories.
fn no_match(catalog: &crate::catalog::Catalog, wanted: &ProductQuery) -> Value {
    let mut searched = Vec::new();
    if let Some(q) = &wanted.text {
        searched.push(format!("“{q}”"));
    }
    if let Some(c) = wanted.category {
        searched.push(format!("in {}", c.label().to_lowercase()));
    }
    let conditions = wanted.filters.describe();
    if !conditions.is_empty() {
        searched.push(conditions);
    }
    let searched = if searched.is_empty() {
        "that".to_string()
    } else {
        searched.join(" ")
    };
    let relaxed = ProductQuery {
        filters: Filters::default(),
        limit: Some(3),
        ..wanted.clone()
    };
    let nearest = catalog.query(&relaxed);
    let categories: Vec<&str> = catalog.categories().iter().map(|c| c.slug()).collect();
    let message = if nearest.is_empty() {
        format!(
            "No product matched {searched}. The shop has {}.",
            catalog
                .categories()
                .iter()
                .map(|c| c.label().to_lowercase())
                .collect::<Vec<_>>()
                .join(", ")
        )
    } else {
        format!(
            "No product matched {searched}. The nearest: {}.",
            nearest
                .iter()
                .map(|p| format!("{} ({})", p.name, p.price_label()))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    json!({
        "shown": 0,
        "products": [],
        "searched": searched,
        "message": message,
        "nearest": nearest.iter().map(|p| product_json(p)).collect::<Vec<_>>(),
        "categories": categories,
    })
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn list_title(category: Option<Category>, query: Option<&str>) -> String {
    match (category, query) {
        (_, Some(q)) => format!("Results for “{q}”"),
        (Some(c), None) => c.label().to_owned(),
        (None, None) => "Top picks".to_owned(),
    }
}

/// "Here are 3 audio products, from $89.99 to $199.00."
pub fn summary_text(
    products: &[&Product],
    category: Option<Category>,
    query: Option<&str>,
) -> String {
    let n = products.len();
    let what = match category {
        Some(c) => format!("{} product{}", c.label().to_lowercase(), plural(n)),
        None => format!("product{}", plural(n)),
    };
    let matching = query
        .map(|q| format!(" matching “{q}”"))
        .unwrap_or_default();
    let lo = products
        .iter()
        .map(|p| p.price)
        .fold(f64::INFINITY, f64::min);
    let hi = products.iter().map(|p| p.price).fold(0.0, f64::max);
    let range = if n == 1 || (hi - lo).abs() < 0.005 {
        format!(" at {}", format_usd(lo))
    } else {
        format!(", from {} to {}", format_usd(lo), format_usd(hi))
    };
    let best = products
        .iter()
        .max_by(|a, b| a.rating.total_cmp(&b.rating).then(b.id.cmp(&a.id)))
        .map(|p| format!(" Best rated: {} ({:.1}★).", p.name, p.rating))
        .unwrap_or_default();
    format!(
        "Here {} {n} {what}{matching}{range}.{best}",
        if n == 1 { "is" } else { "are" }
    )
}
