//! The `ActionConfig`s the shop's buttons carry (docs/PROTOCOL.md §5.3), built in one place.
//!
//! Action names are part of the contract with the page and with the agent:
//! * `cart.add` — client action (Contract 2): the page adds the product to the cart itself.
//! * `product.details` — server action: the agent shows the product's card.
//! * `cart.checkout` — server action: the agent places the order for the lines in the payload.
//! * `thread.retry_failed_reply` — the Retry button of a failure marker
//!   ([`super::failure_marker`]): answer the user message `item_id` again. Our page sends it as
//!   `threads.retry_after_item`; other clients send it as `threads.custom_action` and the
//!   assistant does the same retry server-side.
//!
//! They are ChatKit [`ActionConfig`]s, which always write their defaults (`handler`,
//! `loadingBehavior`, `streaming`) as the reference SDK does.

use crate::cart::CartLine;
use crate::catalog::Product;
use chatkit::widgets::ActionConfig;
use serde_json::json;
use std::time::Duration;

/// Client action type for adding a product to the cart.
pub const CART_ADD: &str = "cart.add";
/// Server action type for showing a product's details.
pub const PRODUCT_DETAILS: &str = "product.details";
/// Server action type for checking the cart out.
pub const CART_CHECKOUT: &str = "cart.checkout";
/// Server action type of a failure marker's Retry button.
pub const RETRY_FAILED_REPLY: &str = "thread.retry_failed_reply";

/// `{type:"cart.add", handler:"client", payload:{product_id, name, price, image}}`.
pub fn add_to_cart(product: &Product) -> ActionConfig {
    ActionConfig::new(CART_ADD)
        .payload(json!({
            "product_id": product.id,
            "name": product.name,
            "price": product.price,
            "image": product.image,
        }))
        .client()
}

/// `{type:"product.details", handler:"server", payload:{product_id}}`.
pub fn product_details(product: &Product) -> ActionConfig {
    ActionConfig::new(PRODUCT_DETAILS).payload(json!({ "product_id": product.id }))
}

/// `{type:"cart.checkout", handler:"server", payload:{lines:[…Contract 2 lines…]}}`.
pub fn checkout(lines: &[CartLine]) -> ActionConfig {
    ActionConfig::new(CART_CHECKOUT).payload(json!({ "lines": lines }))
}

/// `{type:"thread.retry_failed_reply", handler:"server", payload:{item_id, retry_after_ms?}}`:
/// answer user message `question_id` again, not before `wait` after the marker's `created_at`.
pub fn retry_failed_reply(question_id: &str, wait: Option<Duration>) -> ActionConfig {
    let mut payload = json!({ "item_id": question_id });
    if let Some(wait) = wait {
        payload["retry_after_ms"] = json!(u64::try_from(wait.as_millis()).unwrap_or(u64::MAX));
    }
    ActionConfig::new(RETRY_FAILED_REPLY).payload(payload)
}
