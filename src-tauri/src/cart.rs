//! The cart as the shop's tools read it: [`shop::cart::CartSource`] over `tauri-plugin-store`.
//!
//! Why: the cart lives in the store plugin (`cart.json`, key `items`, Contract 2); the page
//! reaches it only through the `cart_load` / `cart_save` commands (`cart_commands.rs`), which
//! use [`stored_lines`] too, so the `view_cart` tool and the cart panel read the same live store
//! instance with the same rule: a bad line is dropped (and logged) by both, never rejected by one
//! and shown by the other.

use async_trait::async_trait;
use serde_json::Value;
use shop::cart::{read_lines, CartError, CartLine, CartSource};
use tauri::{AppHandle, Runtime};
use tauri_plugin_store::StoreExt;

use crate::paths::CART_FILE;

/// The key under which the page keeps the cart lines.
pub const CART_KEY: &str = "items";

/// Reads the cart from the store plugin of a running app.
pub struct PluginCart<R: Runtime> {
    app: AppHandle<R>,
}

impl<R: Runtime> PluginCart<R> {
    pub fn new(app: AppHandle<R>) -> Self {
        Self { app }
    }
}

#[async_trait]
impl<R: Runtime> CartSource for PluginCart<R> {
    async fn lines(&self) -> Result<Vec<CartLine>, CartError> {
        stored_lines(&self.app)
    }
}

/// The lines stored in the app's cart, read by the Contract 2 rule.
pub fn stored_lines<R: Runtime>(app: &AppHandle<R>) -> Result<Vec<CartLine>, CartError> {
    let store = app
        .store(CART_FILE)
        .map_err(|e| CartError::Unavailable(e.to_string()))?;
    Ok(lines_from(store.get(CART_KEY)))
}

/// An absent key is an empty cart; bad lines are dropped and anything but a list is an empty
/// cart, each with a warning ([`shop::cart::read_lines`]).
fn lines_from(value: Option<Value>) -> Vec<CartLine> {
    value.map(|v| read_lines(&v)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn absent_or_null_items_mean_an_empty_cart() {
        assert_eq!(lines_from(None), vec![]);
        assert_eq!(lines_from(Some(Value::Null)), vec![]);
    }

    #[test]
    fn stored_lines_are_parsed_and_bad_ones_dropped() {
        let stored = json!([{
            "product_id": "headphones-nimbus", "name": "Nimbus Headphones",
            "price": 129.0, "image": "/products/headphones-nimbus.svg", "quantity": 2
        }, {
            "product_id": "mug-ember", "name": "Ember Stoneware Mug",
            "price": -1, "image": "", "quantity": 1
        }]);
        let lines = lines_from(Some(stored));
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].quantity, 2);
        assert_eq!(lines_from(Some(json!("not a list"))), vec![]);
    }
}
