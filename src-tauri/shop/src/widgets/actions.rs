//! The `ActionConfig`s the shop's buttons carry (protocol §5.3), built in one place.
//!
//! Action names are part of the contract with the page and with the agent:
//! * `cart.add` — client action (Contract 2): the page adds the product to the cart itself.
//! * `product.details` — server action: the agent shows the product's card.
//! * `cart.checkout` — server action: the agent places the order for the lines in the payload.
//!
//! Defaults are written out (`handler`, `loadingBehavior`, `streaming`) because the reference
//! SDK always serializes them.

use crate::cart::CartLine;
use crate::catalog::Product;
use serde_json::{json, Value};

/// Client action type for adding a product to the cart.
pub const CART_ADD: &str = "cart.add";
/// Server action type for showing a product's details.
pub const PRODUCT_DETAILS: &str = "product.details";
/// Server action type for checking the cart out.
pub const CART_CHECKOUT: &str = "cart.checkout";

fn action(kind: &str, payload: Value, handler: &str) -> Value {
    json!({
        "type": kind,
        "payload": payload,
        "handler": handler,
        "loadingBehavior": "auto",
        "streaming": true,
    })
}

/// `{type:"cart.add", handler:"client", payload:{product_id, name, price, image}}`.
pub fn add_to_cart(product: &Product) -> Value {
    action(
        CART_ADD,
        json!({
            "product_id": product.id,
            "name": product.name,
            "price": product.price,
            "image": product.image,
        }),
        "client",
    )
}

/// `{type:"product.details", handler:"server", payload:{product_id}}`.
pub fn product_details(product: &Product) -> Value {
    action(PRODUCT_DETAILS, json!({ "product_id": product.id }), "server")
}

/// `{type:"cart.checkout", handler:"server", payload:{lines:[…Contract 2 lines…]}}`.
pub fn checkout(lines: &[CartLine]) -> Value {
    action(CART_CHECKOUT, json!({ "lines": lines }), "server")
}
