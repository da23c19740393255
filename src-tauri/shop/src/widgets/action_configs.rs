//! The `ActionConfig`s the shop's buttons carry (docs/PROTOCOL.md §5.3), built in one place.
//!
//! Action names are part of the contract with the page and with the agent:
//! * `cart.add` — client action (Contract 2): the page adds the product to the cart itself.
//! * `product.details` — server action: the agent shows the product's card.
//! * `cart.checkout` — server action: the agent places the order for the lines in the payload.
//!
//! They are ChatKit [`ActionConfig`]s, which always write their defaults (`handler`,
//! `loadingBehavior`, `streaming`) as the reference SDK does.

use crate::cart::CartLine;
use crate::catalog::Product;
use chatkit::widgets::ActionConfig;
use serde_json::json;

/// Client action type for adding a product to the cart.
pub const CART_ADD: &str = "cart.add";
/// Server action type for showing a product's details.
pub const PRODUCT_DETAILS: &str = "product.details";
/// Server action type for checking the cart out.
pub const CART_CHECKOUT: &str = "cart.checkout";

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
