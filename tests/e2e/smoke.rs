//! Smoke test of the built app: the window opens on the embedded UI, and the IPC surface of
//! Contract 1 answers (typed errors for malformed input, JSON for a non-streaming request).
//!
//! Why a module of its own: it proves the harness and the Rust wiring independently of the
//! shopping scenarios, so a failure there points at the UI or the shop, not at the plumbing.

use fantoccini::Locator;
use serde_json::{json, Value};
use shopdesk_e2e::session::default_timeout;
use shopdesk_e2e::{serial, Harness};

/// Calls `chatkit_request` from the page through Tauri's IPC and returns
/// `{ ok: true, value }` or `{ ok: false, error }`.
async fn invoke_request(app: &shopdesk_e2e::App, body: &str, run_id: &str) -> Value {
    const SCRIPT: &str = r#"
        const [body, runId, done] = arguments;
        const internals = window.__TAURI_INTERNALS__;
        const frames = [];
        const channelId = internals.transformCallback((m) => frames.push(m));
        internals
            .invoke('chatkit_request', { body, runId, onEvent: `__CHANNEL__:${channelId}` })
            .then((value) => done({ ok: true, value }), (error) => done({ ok: false, error }));
    "#;
    app.client()
        .execute_async(SCRIPT, vec![json!(body), json!(run_id)])
        .await
        .expect("the IPC call returns")
}

#[tokio::test(flavor = "multi_thread")]
async fn window_opens_with_the_embedded_ui() {
    let _serial = serial().await;
    let harness = Harness::new().expect("harness");
    let app = harness.launch().await.expect("launch");
    let title = app
        .wait_until(
            "the document title",
            std::time::Duration::from_secs(20),
            async |c| {
                let title = c.title().await?;
                Ok((!title.is_empty()).then_some(title))
            },
        )
        .await
        .expect("a title");
    assert_eq!(title, "Shopdesk");
    let url = app.client().current_url().await.expect("url");
    assert_eq!(
        url.scheme(),
        "tauri",
        "the UI is served from the binary, not a dev server"
    );
    // tauri.conf.json `freezePrototype`: a page script cannot patch the prototypes the app relies on.
    let frozen = app
        .client()
        .execute("return Object.isFrozen(Object.prototype);", vec![])
        .await
        .expect("probe");
    assert_eq!(frozen, true, "Object.prototype is frozen");
    app.screenshot("smoke-window").await.expect("screenshot");
    app.quit().await.expect("quit");
}

#[tokio::test(flavor = "multi_thread")]
async fn ipc_answers_with_typed_errors_and_json() {
    let _serial = serial().await;
    let harness = Harness::new().expect("harness");
    let app = harness.launch().await.expect("launch");

    let bad = invoke_request(&app, "{ this is not json", "run-bad").await;
    assert_eq!(bad["ok"], false, "{bad}");
    assert_eq!(bad["error"]["code"], "invalid_request", "{bad}");
    assert!(
        bad["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "{bad}"
    );

    let empty_run = invoke_request(&app, r#"{"type":"threads.list","params":{}}"#, "").await;
    assert_eq!(empty_run["error"]["code"], "invalid_request", "{empty_run}");

    let listed = invoke_request(
        &app,
        r#"{"type":"threads.list","params":{"limit":5}}"#,
        "run-1",
    )
    .await;
    assert_eq!(listed["ok"], true, "{listed}");
    assert_eq!(listed["value"]["kind"], "json", "{listed}");
    let page: Value = serde_json::from_str(listed["value"]["body"].as_str().expect("body"))
        .expect("the body is JSON");
    assert!(page["data"].is_array(), "a page of threads: {page}");
    assert_eq!(
        page["has_more"], false,
        "a fresh data directory has no threads: {page}"
    );

    let missing = invoke_request(
        &app,
        r#"{"type":"threads.get_by_id","params":{"thread_id":"thr_missing"}}"#,
        "run-2",
    )
    .await;
    assert_eq!(missing["error"]["code"], "not_found", "{missing}");

    app.quit().await.expect("quit");
}

/// The capability grants the page what the cart needs and nothing more: `cart_load` /
/// `cart_save` work (and the file lands in the isolated data directory); the store plugin itself
/// and window control through the core API are refused (`confinement.rs` has the full check).
#[tokio::test(flavor = "multi_thread")]
async fn the_page_may_keep_the_cart_and_nothing_more() {
    let _serial = serial().await;
    let harness = Harness::new().expect("harness");
    let app = harness.launch().await.expect("launch");
    const SCRIPT: &str = r#"
        const done = arguments[0];
        const invoke = window.__TAURI_INTERNALS__.invoke;
        const attempt = (cmd, args) => invoke(cmd, args).then(
            (value) => ({ ok: true, value }),
            (error) => ({ ok: false, error: String(error) }));
        const line = { product_id: 'mug-ember', name: 'Ember Stoneware Mug', price: 18, image: '', quantity: 2 };
        (async () => {
            const save = await attempt('cart_save', { items: [line] });
            const load = await attempt('cart_load', {});
            const store = await attempt('plugin:store|load', { path: 'e2e-probe.json', options: { autoSave: false, defaults: {} } });
            const close = await attempt('plugin:window|close', { label: 'main' });
            return { save, load, store, close };
        })().then(done, (e) => done({ failed: String(e) }));
    "#;
    let result = app
        .client()
        .execute_async(SCRIPT, vec![])
        .await
        .expect("the script runs");
    assert!(result.get("failed").is_none(), "{result}");
    assert_eq!(result["save"]["ok"], true, "{result}");
    assert_eq!(result["load"]["value"][0]["quantity"], 2, "{result}");
    assert_eq!(
        result["store"]["ok"], false,
        "the store plugin is not granted: {result}"
    );
    assert!(
        result["store"]["error"]
            .as_str()
            .unwrap()
            .contains("not allowed"),
        "{result}"
    );
    assert_eq!(
        result["close"]["ok"], false,
        "window control is not granted: {result}"
    );
    assert!(!harness.app_data_dir().join("e2e-probe.json").exists());
    let saved = harness.app_data_dir().join("cart.json");
    let on_disk: Value =
        serde_json::from_str(&std::fs::read_to_string(&saved).expect("saved")).expect("JSON");
    assert_eq!(on_disk["items"][0]["product_id"], "mug-ember");
    app.quit().await.expect("quit");
}

/// The relaunch helper and the SQLite wiring: a message sent in one session is listed in the
/// history of the next session on the same data directory, and its thread reopens.
#[tokio::test(flavor = "multi_thread")]
async fn a_thread_survives_a_relaunch() {
    let _serial = serial().await;
    let harness = Harness::new().expect("harness");
    let app = harness.launch().await.expect("first launch");
    let input = app.wait_for("#composer-input").await.expect("the composer");
    input
        .send_keys("hello from the first session")
        .await
        .expect("typing");
    input.send_keys("\u{E007}").await.expect("Enter");
    app.wait_for(".thread-item[data-item-type=\"user_message\"]")
        .await
        .expect("the message");
    app.wait_for(".history-item")
        .await
        .expect("the thread is listed");
    app.quit().await.expect("quit");
    assert!(harness.app_data_dir().join("shopdesk.sqlite3").is_file());

    let app = harness.launch().await.expect("second launch, same data");
    let entry = app
        .wait_for(".history-item")
        .await
        .expect("the thread is still listed");
    entry.click().await.expect("open it");
    app.wait_until(
        "the reopened thread's message",
        default_timeout(),
        async |c| {
            let items = c
                .find_all(Locator::Css(
                    ".thread-item[data-item-type=\"user_message\"]",
                ))
                .await?;
            for item in items {
                if item.text().await?.contains("hello from the first session") {
                    return Ok(Some(()));
                }
            }
            Ok(None)
        },
    )
    .await
    .expect("the message is restored from SQLite");
    app.screenshot("smoke-relaunch").await.expect("screenshot");
    app.quit().await.expect("quit");
}
