//! The product list: a `ListView` that builds itself while it streams (checklist phase 2).
//!
//! The first row holds a summary `Text` with a stable id (`SUMMARY_ID`) and `streaming: true`
//! while it grows, so appending words to it reaches the page as
//! `widget.streaming_text.value_delta` updates; each product row added afterwards is a
//! structural change and reaches the page as `widget.root.updated`. [`ProductList::states`]
//! produces the whole sequence of states a tool feeds to ChatKit's widget streaming.

use super::actions;
use super::rating_label;
use crate::catalog::Product;
use serde_json::{json, Value};

/// The `id` of the streaming summary text.
pub const SUMMARY_ID: &str = "summary";

/// A product list in progress: the summary typed so far and the products shown so far.
#[derive(Debug, Clone, PartialEq)]
pub struct ProductList<'a> {
    /// The list's header line (`ListView.status`), e.g. "Audio".
    pub title: String,
    pub summary: String,
    pub summary_streaming: bool,
    pub products: Vec<&'a Product>,
}

impl<'a> ProductList<'a> {
    /// An empty list with an empty, streaming summary.
    pub fn new(title: impl Into<String>) -> Self {
        ProductList {
            title: title.into(),
            summary: String::new(),
            summary_streaming: true,
            products: Vec::new(),
        }
    }

    /// The widget tree for the current state.
    pub fn widget(&self) -> Value {
        let mut summary = json!({
            "id": SUMMARY_ID,
            "type": "Text",
            "value": self.summary,
            "streaming": self.summary_streaming,
        });
        if !self.summary_streaming {
            summary["color"] = json!("secondary");
        }
        let mut children = vec![json!({"type": "ListViewItem", "children": [summary]})];
        children.extend(self.products.iter().map(|p| product_row(p)));
        json!({
            "type": "ListView",
            "children": children,
            "status": {"text": self.title, "icon": "sparkle"},
        })
    }

    /// Every state of the streamed list, first to last: the empty list, the summary growing
    /// word by word (`chunk_words` words per state), one state per product added, and a final
    /// state with the summary marked as no longer streaming.
    pub fn states(title: &str, summary: &str, products: &[&'a Product], chunk_words: usize) -> Vec<Value> {
        let mut list = ProductList::new(title);
        let mut states = vec![list.widget()];
        let words: Vec<&str> = summary.split_inclusive(' ').collect();
        for chunk in words.chunks(chunk_words.max(1)) {
            list.summary.push_str(&chunk.concat());
            states.push(list.widget());
        }
        for product in products {
            list.products.push(product);
            states.push(list.widget());
        }
        list.summary_streaming = false;
        states.push(list.widget());
        states
    }
}

/// One product row: thumbnail, name, price and rating, and an **Add to Cart** button.
pub fn product_row(product: &Product) -> Value {
    let mut add = json!({
        "type": "Button",
        "label": "Add to Cart",
        "onClickAction": actions::add_to_cart(product),
        "size": "sm",
        "style": "primary",
    });
    if !product.in_stock {
        add["label"] = json!("Out of stock");
        add["disabled"] = json!(true);
    }
    json!({
        "key": product.id,
        "type": "ListViewItem",
        "children": [
            {
                "type": "Image",
                "src": product.image,
                "alt": product.name,
                "fit": "cover",
                "radius": "sm",
                "size": 56,
            },
            {
                "children": [
                    {"type": "Text", "value": product.name, "weight": "medium", "maxLines": 1},
                    {"type": "Caption", "value": format!("{} · {}", product.price_label(), rating_label(product.rating))},
                ],
                "flex": 1,
                "gap": 0,
                "type": "Col",
            },
            add,
        ],
        "gap": 3,
        "align": "center",
    })
}
