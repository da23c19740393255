//! `cart_load` / `cart_save` through Tauri's IPC layer on the mock runtime, with the real store
//! plugin writing a real `cart.json`: the round trip, the refusals (path-like, oversized, bad
//! lines) that leave the stored cart alone, the `cart-changed` event, and that a stored cart
//! with bad lines reads the same through `cart_load` as through the `view_cart` tool's
//! `PluginCart`.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{json, Value};
use shop::cart::{CartSource, MAX_LINES};
use tauri::test::{mock_context, noop_assets, MockRuntime};
use tauri::{Listener, Manager, WebviewWindow};
use tauri_plugin_store::StoreExt;

use super::ipc::{app_in, invoke};
use crate::cart::{PluginCart, CART_KEY};
use crate::cart_commands::{CART_CHANGED_EVENT, MAX_CART_BYTES};
use crate::paths::CART_FILE;

/// An app with a data directory of its own (a unique identifier), removed on drop.
struct CartApp {
    app: tauri::App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
    dir: PathBuf,
}

impl CartApp {
    fn new() -> Self {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let mut context = mock_context(noop_assets());
        context.config_mut().identifier =
            format!("dev.shopdesk.test-cart-{}-{nanos}", std::process::id());
        let (app, window) = app_in(context);
        let dir = app.path().app_data_dir().unwrap();
        Self { app, window, dir }
    }

    fn invoke(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        invoke(&self.window, cmd, args)
    }

    fn file(&self) -> Option<Value> {
        let text = std::fs::read_to_string(self.dir.join(CART_FILE)).ok()?;
        Some(serde_json::from_str(&text).unwrap())
    }
}

impl Drop for CartApp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn line(id: &str, quantity: u32) -> Value {
    json!({ "product_id": id, "name": "Ember Stoneware Mug", "price": 18.0, "image": "/products/mug-ember.svg", "quantity": quantity })
}

#[test]
fn a_saved_cart_loads_back_is_on_disk_and_is_announced() {
    let cart = CartApp::new();
    let heard = Arc::new(Mutex::new(Vec::<Value>::new()));
    let sink = heard.clone();
    cart.app.listen(CART_CHANGED_EVENT, move |event| {
        sink.lock()
            .unwrap()
            .push(serde_json::from_str(event.payload()).unwrap());
    });
    assert_eq!(cart.invoke("cart_load", json!({})), Ok(json!([])));

    let items = json!([
        line("mug-ember", 2),
        line("lamp-aurora", 1),
        line("mug-ember", 1)
    ]);
    let saved = cart
        .invoke("cart_save", json!({ "items": items }))
        .expect("a valid cart is saved");
    let merged = json!([line("mug-ember", 3), line("lamp-aurora", 1)]);
    assert_eq!(saved, merged);
    assert_eq!(cart.invoke("cart_load", json!({})), Ok(merged.clone()));
    assert_eq!(
        cart.file(),
        Some(json!({ "items": merged.clone() })),
        "Contract 2 on disk, in the app data dir"
    );
    assert_eq!(*heard.lock().unwrap(), vec![merged]);
}

#[test]
fn path_like_oversized_and_bad_carts_are_refused_and_lose_nothing() {
    let cart = CartApp::new();
    let kept = json!([line("mug-ember", 1)]);
    cart.invoke("cart_save", json!({ "items": kept })).unwrap();
    let many: Vec<Value> = (0..=MAX_LINES).map(|i| line(&format!("p{i}"), 1)).collect();
    let mut huge = line("mug-ember", 1);
    huge["name"] = json!("x".repeat(MAX_CART_BYTES));
    for (items, says) in [
        (json!({ "path": "../../x" }), "must be a list"),
        (json!("../../../../tmp/x.json"), "must be a list"),
        (json!(null), "must be a list"),
        (Value::Array(many), "lines, more than"),
        (json!([huge]), "bytes of JSON"),
        (json!([line("a", 1), { "path": "../x" }]), "line 1:"),
        (json!([line("a", 100)]), "invalid quantity 100"),
    ] {
        let err = cart
            .invoke("cart_save", json!({ "items": items }))
            .unwrap_err();
        assert_eq!(err["code"], "invalid_request", "{err}");
        assert!(
            err["message"].as_str().is_some_and(|m| m.contains(says)),
            "{err}"
        );
        assert_eq!(cart.invoke("cart_load", json!({})), Ok(kept.clone()));
    }
    assert_eq!(cart.file(), Some(json!({ "items": kept })));
    // No `items` at all: Tauri's own argument error, still no panic and no change.
    let err = cart.invoke("cart_save", json!({})).unwrap_err();
    assert!(err.as_str().is_some_and(|m| m.contains("items")), "{err}");
}

#[tokio::test]
async fn bad_stored_lines_are_dropped_by_cart_load_exactly_as_view_cart_reads_them() {
    let cart = CartApp::new();
    // Written behind the page's back (an older version, a hand edit): one good, two bad lines.
    let store = cart.app.store(CART_FILE).unwrap();
    store.set(
        CART_KEY,
        json!([line("mug-ember", 2), { "path": "../../x" }, { "product_id": "lamp-aurora", "name": "Lamp", "price": -1, "image": "", "quantity": 1 }]),
    );
    let loaded = cart.invoke("cart_load", json!({})).unwrap();
    assert_eq!(loaded, json!([line("mug-ember", 2)]));
    let tool_view = PluginCart::new(cart.app.handle().clone())
        .lines()
        .await
        .expect("view_cart reads the cart, it does not reject it");
    assert_eq!(serde_json::to_value(tool_view).unwrap(), loaded);

    store.set(CART_KEY, json!("not a list"));
    assert_eq!(cart.invoke("cart_load", json!({})), Ok(json!([])));
    assert!(PluginCart::new(cart.app.handle().clone())
        .lines()
        .await
        .unwrap()
        .is_empty());
}
