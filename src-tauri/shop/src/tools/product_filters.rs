//! The price, stock and sort arguments `show_products` and `search_catalog` share.
//!
//! One schema and one validator, so every backend (the OpenAI ones read the schema, the
//! offline model fills the same fields) gets the same meaning and the same clear errors:
//! `min_price`/`max_price` are US dollars, inclusive; `in_stock: true` keeps only products in
//! stock; `sort` is one of [`SortOrder::ALL`].

use super::ToolError;
use crate::catalog::{Filters, SortOrder};
use serde_json::{json, Map, Value};

/// The JSON-schema properties of the shared arguments, to merge into a tool's `properties`.
pub fn filter_properties() -> Map<String, Value> {
    let sorts: Vec<&str> = SortOrder::ALL.iter().map(|s| s.as_str()).collect();
    let props = json!({
        "min_price": {"type": "number", "minimum": 0, "description": "Lowest price in US dollars (inclusive), e.g. 20 for \"over $20\"."},
        "max_price": {"type": "number", "minimum": 0, "description": "Highest price in US dollars (inclusive), e.g. 50 for \"under $50\"."},
        "in_stock": {"type": "boolean", "description": "true: only products that are in stock."},
        "sort": {"type": "string", "enum": sorts, "description": "Order of the results: price_asc (cheapest first), price_desc (most expensive first), rating_desc (best rated first) or relevance (best match first, the default)."}
    });
    match props {
        Value::Object(map) => map,
        _ => unreachable!("a JSON object literal"),
    }
}

/// Checks the shared arguments and turns them into [`Filters`] and a [`SortOrder`].
pub fn parse_filters(
    min_price: Option<f64>,
    max_price: Option<f64>,
    in_stock: Option<bool>,
    sort: Option<String>,
) -> Result<(Filters, SortOrder), ToolError> {
    for (name, value) in [("min_price", min_price), ("max_price", max_price)] {
        if value.is_some_and(|v| !v.is_finite() || v < 0.0) {
            return Err(ToolError::InvalidArguments(format!(
                "`{name}` must be a non-negative number of US dollars"
            )));
        }
    }
    if let (Some(lo), Some(hi)) = (min_price, max_price) {
        if lo > hi {
            return Err(ToolError::InvalidArguments(format!(
                "`min_price` ({lo}) is above `max_price` ({hi})"
            )));
        }
    }
    let sort = match super::non_blank(sort) {
        Some(s) => s
            .parse::<SortOrder>()
            .map_err(|e| ToolError::InvalidArguments(e.to_string()))?,
        None => SortOrder::Relevance,
    };
    Ok((
        Filters {
            min_price,
            max_price,
            in_stock: in_stock.unwrap_or(false),
        },
        sort,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_arguments_become_filters() {
        let (f, s) =
            parse_filters(Some(20.0), Some(40.0), Some(true), Some("price_asc".into())).unwrap();
        assert_eq!(
            f,
            Filters {
                min_price: Some(20.0),
                max_price: Some(40.0),
                in_stock: true
            }
        );
        assert_eq!(s, SortOrder::PriceAsc);
        let (f, s) = parse_filters(None, None, None, Some(" ".into())).unwrap();
        assert!(f.is_empty());
        assert_eq!(s, SortOrder::Relevance);
    }

    #[test]
    fn bad_arguments_are_clear_errors() {
        let e = parse_filters(Some(50.0), Some(10.0), None, None).unwrap_err();
        assert!(e.to_string().contains("above `max_price`"), "{e}");
        let e = parse_filters(Some(-1.0), None, None, None).unwrap_err();
        assert!(e.to_string().contains("non-negative"), "{e}");
        let e = parse_filters(None, None, None, Some("cheap".into())).unwrap_err();
        assert!(e.to_string().contains("price_asc"), "{e}");
    }
}
