//! The assistant changes the cart itself, in the real app (docs/ARCHITECTURE.md, Contract 5): a
//! model that calls `cart_add` gets the cart changed by the page — the badge shows it with no Add
//! to Cart click, the page posts `threads.add_client_tool_output`, the model's answer follows —
//! and the cart is still there after a restart. Along the way the product card of one of the
//! newer products (features, stock, its generated illustration) is shown and its picture must load
//! under the app's CSP.
//!
//! The model is a scripted OpenAI-compatible server in this process (`shop::testing::MockOpenAi`),
//! as in `failures.rs`, so the test says exactly which tool calls "the model" makes.

use serde_json::{json, Value};
use shop::testing::{MockOpenAi, Reply};
use shopdesk_e2e::session::default_timeout;
use shopdesk_e2e::{serial, App, Harness};

use crate::failures::{send, wait_for_answer};

const PRODUCT: &str = "lamp-halo";

/// The image of `css`'s first match: `{src, complete, width}`, or `null` while there is none.
async fn image(app: &App, css: &str) -> Value {
    app.wait_until(
        &format!("a loaded image in {css}"),
        default_timeout(),
        async |c| {
            let v = c
                .execute(
                    "const img = document.querySelector(arguments[0]); return img && { src: img.getAttribute('src'), complete: img.complete, width: img.naturalWidth };",
                    vec![json!(css)],
                )
                .await?;
            Ok((v["complete"] == true).then_some(v))
        },
    )
    .await
    .expect("the image element")
}

async fn badge(app: &App) -> String {
    app.eval(
        "return document.getElementById('cart-badge').textContent.trim();",
        vec![],
    )
    .await
    .expect("badge")
    .as_str()
    .unwrap()
    .to_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_assistant_adds_to_the_cart_without_a_click_and_the_cart_survives_a_restart() {
    let _serial = serial().await;
    let mock = MockOpenAi::start().await;
    mock.push(Reply::chat_tool_call(
        "call_show",
        "show_product",
        &json!({"product_id": PRODUCT}),
    ));
    mock.push(Reply::chat_text("Here is the Halo Arc Floor Lamp."));
    mock.push(Reply::chat_tool_call(
        "call_add",
        "cart_add",
        &json!({"product_id": PRODUCT, "quantity": 2}),
    ));
    mock.push(Reply::chat_text(
        "I added two Halo Arc Floor Lamps to your cart.",
    ));
    let harness = Harness::new()
        .expect("harness")
        .with_env("SHOPDESK_PROVIDER", "openai-compatible")
        .with_env("SHOPDESK_BASE_URL", &mock.base_url())
        .with_env("SHOPDESK_MODEL", "test-model")
        // As in failures.rs: a key from the environment, so start-up does not wait on a keychain.
        .with_env("OPENAI_API_KEY", "sk-shopdesk-cart-tools-test");
    let app = harness.launch().await.expect("app");

    // The card of a newer product: its generated picture loads, its features are listed.
    send(&app, "show me the halo floor lamp").await;
    wait_for_answer(&app, "Here is the Halo Arc Floor Lamp.").await;
    let img = image(&app, ".thread-item[data-item-type='widget'] img").await;
    assert_eq!(img["src"], format!("/products/{PRODUCT}.svg"), "{img}");
    assert!(
        img["width"].as_u64() > Some(0),
        "the SVG loaded under the CSP: {img}"
    );
    let card = app
        .eval(
            "return document.querySelector(\".thread-item[data-item-type='widget']\").innerText;",
            vec![],
        )
        .await
        .expect("card text");
    let card = card.as_str().unwrap();
    assert!(
        card.contains("Marble base") && card.contains("Only 4 left"),
        "{card}"
    );
    assert_eq!(badge(&app).await, "0");
    // The answer is over (Send is back), so the next message is not dropped as "busy".
    app.wait_for("#composer-send")
        .await
        .expect("the answer ended");
    app.screenshot("cart-tools-card").await.expect("screenshot");

    // "Add two": the model calls cart_add; the page runs it on its cart, no click needed.
    send(&app, "add two of them to my cart").await;
    wait_for_answer(&app, "I added two Halo Arc Floor Lamps to your cart.").await;
    assert_eq!(
        badge(&app).await,
        "2",
        "the badge counts the assistant's change"
    );
    let requests = app
        .eval("return window.__shopdesk.requests;", vec![])
        .await
        .expect("request log");
    let sent: Vec<&str> = requests
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(sent.contains(&"threads.add_client_tool_output"), "{sent:?}");
    let tool_line = app
        .eval(
            "const el = document.querySelector(\".thread-item[data-item-type='client_tool_call']\"); return el && el.innerText;",
            vec![],
        )
        .await
        .expect("tool call item");
    assert!(
        tool_line.as_str().is_some_and(|t| t.contains("cart_add")),
        "{tool_line}"
    );
    // The model read the page's result as the call's output.
    let last = mock.requests().last().unwrap().body.clone();
    let tool = last["messages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["role"] == "tool" && m["tool_call_id"] == "call_add")
        .cloned()
        .expect("the cart_add result went to the model");
    let output: Value = serde_json::from_str(tool["content"].as_str().unwrap()).unwrap();
    assert_eq!(output["items"][0]["product_id"], PRODUCT, "{output}");
    assert_eq!(output["items"][0]["quantity"], 2, "{output}");
    let saved: Value = serde_json::from_str(
        &std::fs::read_to_string(harness.app_data_dir().join("cart.json")).expect("cart.json"),
    )
    .expect("JSON");
    assert_eq!(saved["items"][0]["product_id"], PRODUCT, "{saved}");
    assert_eq!(saved["items"][0]["quantity"], 2, "{saved}");
    app.screenshot("cart-tools-added")
        .await
        .expect("screenshot");
    app.quit().await.expect("quit");

    // A restart on the same data: the cart is still there, picture included.
    let app = harness.launch().await.expect("second launch");
    app.wait_for_text("#cart-badge", "2")
        .await
        .expect("the cart after a restart");
    app.wait_for("#cart-badge")
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let img = image(
        &app,
        &format!("#cart-panel .cart-line[data-product-id='{PRODUCT}'] img"),
    )
    .await;
    assert!(
        img["width"].as_u64() > Some(0),
        "the cart line's picture loads: {img}"
    );
    app.screenshot("cart-tools-restart")
        .await
        .expect("screenshot");
    app.quit().await.expect("quit");
}
