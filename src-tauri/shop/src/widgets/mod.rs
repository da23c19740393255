//! The shop's widget designs: what a product, a product list, a comparison, the cart, an order
//! and a failed reply look like in the thread.
//!
//! Widgets are plain ChatKit widget trees (`serde_json::Value`, docs/PROTOCOL.md §5), one file per
//! widget family, all pure functions of shop data so they are easy to test and to diff. The
//! actions they carry are built in [`action_configs`] so that every button of the same kind sends the
//! same payload (Contract 2 for `cart.add`).

pub mod action_configs;
pub mod cart_summary;
pub mod failure_marker;
pub mod order_confirmation;
pub mod product_card;
pub mod product_comparison;
pub mod product_list;

pub use cart_summary::cart_summary;
pub use failure_marker::{failure_marker, is_failure_marker, FAILURE_MARKER_ID};
pub use order_confirmation::order_confirmation;
pub use product_card::product_card;
pub use product_comparison::product_comparison;
pub use product_list::{ProductList, SUMMARY_ID};

/// `★ 4.7`
pub(crate) fn rating_label(rating: f32) -> String {
    format!("★ {rating:.1}")
}
