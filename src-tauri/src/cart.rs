//! The cart as the shop's tools read it: [`shop::cart::CartSource`] over `tauri-plugin-store`.
//!
//! Why: the page owns the cart and writes it to the store plugin (`cart.json`, key `items`,
//! Contract 2); the `view_cart` tool must see the same lines, including ones not yet flushed to
//! disk. The plugin keeps one live instance per file, shared by the page's `load` and Rust's
//! `StoreExt::store`, so reading through it (not the file) gives exactly what the page shows.

use async_trait::async_trait;
use serde_json::Value;
use shop::cart::{parse_lines, CartError, CartLine, CartSource};
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
        let store = self
            .app
            .store(CART_FILE)
            .map_err(|e| CartError::Unavailable(e.to_string()))?;
        lines_from(store.get(CART_KEY))
    }
}

/// An absent key is an empty cart; anything else must have the Contract 2 shape.
fn lines_from(value: Option<Value>) -> Result<Vec<CartLine>, CartError> {
    match value {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(value) => parse_lines(&value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn absent_or_null_items_mean_an_empty_cart() {
        assert_eq!(lines_from(None).unwrap(), vec![]);
        assert_eq!(lines_from(Some(Value::Null)).unwrap(), vec![]);
    }

    #[test]
    fn stored_lines_are_parsed_and_bad_ones_rejected() {
        let stored = json!([{
            "product_id": "headphones-nimbus", "name": "Nimbus Headphones",
            "price": 129.0, "image": "/products/headphones-nimbus.svg", "quantity": 2
        }]);
        let lines = lines_from(Some(stored)).unwrap();
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].quantity, 2);
        assert!(lines_from(Some(json!("not a list"))).is_err());
    }
}
