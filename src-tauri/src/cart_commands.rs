//! The page's only way to the cart: `invoke('cart_load')` and `invoke('cart_save', { items })`.
//!
//! Why: the webview is not trusted with the store plugin itself (its `load` took any path, so
//! the page could read and write JSON anywhere; issue 9). These two commands touch exactly one
//! store, `cart.json` key `items` (Contract 2), validate what the page saves with the one cart
//! rule (`shop::cart`), cap its size, and tell every page about a change with the
//! [`CART_CHANGED_EVENT`] app event (the page listens with `core:event:allow-listen` only).

use serde_json::Value;
use shop::cart::{parse_lines, CartLine, MAX_LINES};
use tauri::{AppHandle, Emitter, Runtime};
use tauri_plugin_store::StoreExt;

use crate::cart::{stored_lines, CART_KEY};
use crate::error::AppError;
use crate::paths::CART_FILE;

/// Largest cart `cart_save` accepts, as compact JSON: far above any real cart (a line is about
/// 150 bytes), small enough that a page cannot fill the disk or the store through it.
pub const MAX_CART_BYTES: usize = 64 * 1024;

/// The app event emitted after every saved cart; its payload is the saved lines.
pub const CART_CHANGED_EVENT: &str = "cart-changed";

/// `invoke('cart_load')`: the stored lines, read by the Contract 2 rule (bad lines dropped and
/// logged, exactly as the `view_cart` tool reads them).
#[tauri::command]
pub async fn cart_load<R: Runtime>(app: AppHandle<R>) -> Result<Vec<CartLine>, AppError> {
    stored_lines(&app).map_err(|e| AppError::Internal(e.to_string()))
}

/// `invoke('cart_save', { items })`: replaces the cart with `items` when every line follows the
/// cart rule and the cart is within [`MAX_LINES`] / [`MAX_CART_BYTES`]; anything else is an
/// `invalid_request` and leaves the stored cart as it was. Resolves with the lines as stored
/// (duplicates merged) and emits [`CART_CHANGED_EVENT`] with them.
#[tauri::command]
pub async fn cart_save<R: Runtime>(
    app: AppHandle<R>,
    items: Value,
) -> Result<Vec<CartLine>, AppError> {
    let lines = checked_cart(&items)?;
    let store = app
        .store(CART_FILE)
        .map_err(|e| AppError::Internal(format!("cannot open {CART_FILE}: {e}")))?;
    let value = serde_json::to_value(&lines).map_err(|e| AppError::Internal(e.to_string()))?;
    store.set(CART_KEY, value);
    store
        .save()
        .map_err(|e| AppError::Internal(format!("cannot save {CART_FILE}: {e}")))?;
    if let Err(e) = app.emit(CART_CHANGED_EVENT, &lines) {
        tracing::warn!("cart: saved, but the {CART_CHANGED_EVENT} event failed: {e}");
    }
    Ok(lines)
}

/// What `cart_save` accepts: a list of at most [`MAX_LINES`] valid lines whose JSON is at most
/// [`MAX_CART_BYTES`]. The error says which limit or which line.
pub fn checked_cart(items: &Value) -> Result<Vec<CartLine>, AppError> {
    let refuse = |why: String| AppError::InvalidRequest(format!("cart_save: {why}"));
    let size = serde_json::to_vec(items)
        .map(|v| v.len())
        .unwrap_or(usize::MAX);
    if size > MAX_CART_BYTES {
        return Err(refuse(format!(
            "the cart is {size} bytes of JSON, more than the {MAX_CART_BYTES} allowed"
        )));
    }
    let list = items
        .as_array()
        .ok_or_else(|| refuse("`items` must be a list of cart lines (Contract 2)".to_owned()))?;
    if list.len() > MAX_LINES {
        return Err(refuse(format!(
            "the cart has {} lines, more than the {MAX_LINES} allowed",
            list.len()
        )));
    }
    parse_lines(items).map_err(|e| refuse(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn line(id: &str, quantity: u32) -> Value {
        json!({ "product_id": id, "name": id, "price": 1.5, "image": "", "quantity": quantity })
    }

    #[test]
    fn valid_carts_pass_and_merge() {
        let lines = checked_cart(&json!([line("a", 1), line("b", 2), line("a", 3)])).unwrap();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].quantity, 4);
        assert_eq!(checked_cart(&json!([])).unwrap(), vec![]);
    }

    #[test]
    fn anything_but_a_list_of_valid_lines_is_refused_with_a_clear_message() {
        for (items, says) in [
            (json!({ "path": "../../x" }), "must be a list"),
            (json!("../../../../tmp/x.json"), "must be a list"),
            (Value::Null, "must be a list"),
            (
                json!([line("a", 1), { "path": "../x" }]),
                "line 1: `product_id`",
            ),
            (json!([line("a", 0)]), "invalid quantity 0"),
        ] {
            let err = checked_cart(&items).unwrap_err();
            assert_eq!(err.code(), "invalid_request", "{items}");
            assert!(err.message().contains(says), "{items}: {}", err.message());
        }
    }

    #[test]
    fn oversized_carts_are_refused() {
        let many: Vec<Value> = (0..=MAX_LINES).map(|i| line(&format!("p{i}"), 1)).collect();
        let err = checked_cart(&Value::Array(many)).unwrap_err();
        assert!(
            err.message().contains("lines, more than"),
            "{}",
            err.message()
        );
        let big = json!([{ "product_id": "a", "name": "x".repeat(MAX_CART_BYTES), "price": 1, "image": "", "quantity": 1 }]);
        let err = checked_cart(&big).unwrap_err();
        assert!(err.message().contains("bytes of JSON"), "{}", err.message());
    }
}
