//! The product list: a `ListView` that builds itself while it streams (phase 2, docs/ARCHITECTURE.md "What the app must show").
//!
//! The first row holds a summary `Text` with a stable id (`SUMMARY_ID`) and `streaming: true`
//! while it grows, so appending words to it reaches the page as
//! `widget.streaming_text.value_delta` updates; each product row added is a structural change
//! and reaches the page as `widget.root.updated`. [`ProductList::states`] produces the whole
//! sequence of states a tool feeds to ChatKit's widget streaming: the first row comes with the
//! item itself and the summary's words take turns with the rows (issue 14 item 5: the first row
//! used to wait ~2 s for the summary to finish typing).

use super::{rating_label, small_add_to_cart};
use crate::catalog::Product;
use chatkit::widgets::{Caption, Col, Image, ListView, ListViewItem, Text, WidgetStatus};
use serde_json::Value;

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
        let mut summary = Text::new(self.summary.as_str())
            .id(SUMMARY_ID)
            .streaming(self.summary_streaming);
        if !self.summary_streaming {
            summary = summary.color("secondary");
        }
        ListView::new()
            .item(ListViewItem::new().child(summary))
            .items(self.products.iter().map(|p| product_row(p)))
            .status(WidgetStatus::with_icon(self.title.as_str(), "sparkle"))
            .into_value()
    }

    /// Every state of the streamed list, first to last. The first state already shows the first
    /// product, so a row is on screen with the item's first event; then a few words of the
    /// summary and a product take turns (the summary streams alongside the rows, not before
    /// them), the summary's last words follow the last product, and a final state marks the
    /// summary as no longer streaming. The words are spread evenly over the products: one chunk
    /// before each product after the first and one after the last.
    pub fn states(title: &str, summary: &str, products: &[&'a Product]) -> Vec<Value> {
        let mut list = ProductList::new(title);
        let mut rest = products.iter();
        if let Some(first) = rest.next() {
            list.products.push(first);
        }
        let mut states = vec![list.widget()];
        let words: Vec<&str> = summary.split_inclusive(' ').collect();
        // Chunk `i` of `n` holds words[i·w/n .. (i+1)·w/n]: as even as whole words allow.
        let n = products.len().max(1);
        let chunk = |i: usize| words[i * words.len() / n..(i + 1) * words.len() / n].concat();
        let add_words = |list: &mut ProductList<'a>, states: &mut Vec<Value>, i: usize| {
            let words = chunk(i);
            if !words.is_empty() {
                list.summary.push_str(&words);
                states.push(list.widget());
            }
        };
        for (i, product) in rest.enumerate() {
            add_words(&mut list, &mut states, i);
            list.products.push(product);
            states.push(list.widget());
        }
        add_words(&mut list, &mut states, n - 1);
        list.summary_streaming = false;
        states.push(list.widget());
        states
    }
}

/// One product row: thumbnail, name, price and rating, and an **Add to Cart** button.
pub fn product_row(product: &Product) -> ListViewItem {
    let add = small_add_to_cart(product);
    ListViewItem::new()
        .key(product.id.as_str())
        .child(
            Image::new(product.image.as_str())
                .alt(product.name.as_str())
                .fit("cover")
                .radius("sm")
                .size(56),
        )
        .child(
            Col::new()
                .child(
                    Text::new(product.name.as_str())
                        .weight("medium")
                        .max_lines(2),
                )
                .child(Caption::new(format!(
                    "{} · {}",
                    product.price_label(),
                    rating_label(product.rating)
                )))
                .flex(1)
                .gap(0),
        )
        .child(add)
        .gap(3)
        .align("center")
}
