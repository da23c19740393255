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

/// The stock badge every product view shows: "Out of stock", "Only N left" at or below
/// [`product_card::LOW_STOCK`] units, else "In stock".
pub(crate) fn stock_badge(product: &crate::catalog::Product) -> chatkit::widgets::Badge {
    use chatkit::widgets::Badge;
    match product.stock {
        0 => Badge::new("Out of stock")
            .color("secondary")
            .variant("soft"),
        n if n <= product_card::LOW_STOCK => Badge::new(format!("Only {n} left"))
            .color("warning")
            .variant("soft"),
        _ => Badge::new("In stock").color("success").variant("soft"),
    }
}

/// The small **Add to Cart** button of a list row or a comparison column (Contract 2's
/// `cart.add`); it reads "Out of stock" and is disabled when the product is.
pub(crate) fn small_add_to_cart(product: &crate::catalog::Product) -> chatkit::widgets::Button {
    let add = chatkit::widgets::Button::new("Add to Cart")
        .on_click_action(action_configs::add_to_cart(product))
        .size("sm")
        .style("primary");
    if product.in_stock {
        add
    } else {
        add.label("Out of stock").disabled(true)
    }
}

/// `★ 4.7`
pub(crate) fn rating_label(rating: f32) -> String {
    format!("★ {rating:.1}")
}
