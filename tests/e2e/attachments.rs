//! Attachments in the real app (docs/ARCHITECTURE.md, Contract 9): an image dropped on the
//! composer is uploaded through the core in chunks (`attachments.create`, then
//! `attachment_upload`), its preview shows in the tray and then in the sent message, and the
//! answer acknowledges it — the offline model by name; a model server receives the image itself
//! as an `image_url` data URL. The bytes are kept under the app's data directory (`0600`), and
//! after a restart the reopened conversation still shows the image (`attachment_preview`).
//!
//! The file is made in the page (a real PNG followed by 300,000 padding bytes, so the upload takes
//! two chunks) and dropped as a `DragEvent` whose `DataTransfer` holds it: what a drag from the
//! file manager delivers to the page.

use serde_json::{json, Value};
use shop::testing::{MockOpenAi, Reply};
use shopdesk_e2e::session::default_timeout;
use shopdesk_e2e::{serial, App, Harness};

use crate::failures::{send, wait_for_answer};

/// A 1×1 PNG.
const PNG_BASE64: &str =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
const PADDING: usize = 300_000;

/// Lets the items' entry animation finish, so a screenshot shows them (the assertions do not wait).
async fn settle() {
    tokio::time::sleep(std::time::Duration::from_millis(1200)).await;
}

/// Drops `name` (the PNG plus padding) on the composer; returns the base64 of its bytes.
async fn drop_image(app: &App, name: &str) -> String {
    app.wait_for("#composer-input").await.expect("composer");
    let encoded = app
        .eval(
            "const [png, pad, name] = arguments;
             const head = Uint8Array.from(atob(png), (c) => c.charCodeAt(0));
             const bytes = new Uint8Array(head.length + pad);
             bytes.set(head);
             const file = new File([bytes], name, { type: 'image/png' });
             const dt = new DataTransfer();
             dt.items.add(file);
             const form = document.querySelector('form.composer');
             form.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
             form.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
             let s = '';
             for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
             return btoa(s);",
            vec![json!(PNG_BASE64), json!(PADDING), json!(name)],
        )
        .await
        .expect("drop a file");
    encoded.as_str().expect("base64").to_owned()
}

/// The first `img` matching `css` once it has loaded: `{src, width}`.
async fn loaded_image(app: &App, what: &str, css: &str) -> Value {
    app.wait_until(what, default_timeout(), async |c| {
        let v = c
            .execute(
                "const img = document.querySelector(arguments[0]); return img && img.complete && img.naturalWidth > 0 ? { src: img.getAttribute('src'), width: img.naturalWidth } : null;",
                vec![json!(css)],
            )
            .await?;
        Ok((!v.is_null()).then_some(v))
    })
    .await
    .expect(what)
}

async fn wait_uploaded(app: &App) {
    app.wait_until(
        "the attachment uploaded",
        default_timeout(),
        async |c| {
            let phase = c
                .execute(
                    "const el = document.querySelector('.attachment-pending'); return el && el.dataset.phase;",
                    vec![],
                )
                .await?;
            assert_ne!(phase, json!("failed"), "the upload failed");
            Ok((phase == json!("ready")).then_some(()))
        },
    )
    .await
    .expect("upload");
}

fn requests(log: &Value) -> Vec<String> {
    log.as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn an_attached_image_is_uploaded_through_the_core_shown_and_acknowledged() {
    let _serial = serial().await;
    let started = std::time::Instant::now();
    let harness = Harness::new().expect("harness");
    let app = harness.launch().await.expect("app");

    // A refused file first: the reason shows, nothing is created.
    app.wait_for("#composer-input").await.expect("composer");
    app.eval(
        "const dt = new DataTransfer();
         dt.items.add(new File(['<svg/>'], 'logo.svg', { type: 'image/svg+xml' }));
         document.querySelector('form.composer').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));",
        vec![],
    )
    .await
    .expect("drop an svg");
    app.wait_for_text(
        ".attachment-notice",
        "\"logo.svg\" cannot be attached: only PNG, JPEG, GIF and WebP images, PDF, text, Markdown, CSV and JSON files.",
    )
    .await
    .expect("the refusal is shown");

    drop_image(&app, "lamp.png").await;
    let tray = loaded_image(
        &app,
        "the tray preview",
        ".attachment-pending img.attachment-thumb",
    )
    .await;
    assert!(tray["src"].as_str().unwrap().starts_with("blob:"), "{tray}");
    wait_uploaded(&app).await;
    app.screenshot("attachments-tray")
        .await
        .expect("screenshot");

    send(&app, "what do you think of this lamp?").await;
    wait_for_answer(&app, "I received your image \"lamp.png\"").await;
    let sent = loaded_image(
        &app,
        "the image in the sent message",
        ".thread-item[data-item-type='user_message'] img.attachment-image",
    )
    .await;
    assert_eq!(sent["width"], 1, "{sent}");
    let log = requests(
        &app.eval("return window.__shopdesk.requests;", vec![])
            .await
            .expect("request log"),
    );
    assert!(log.contains(&"attachments.create".to_owned()), "{log:?}");
    assert!(
        app.find_all(".attachment-pending")
            .await
            .unwrap()
            .is_empty(),
        "the tray is empty after sending"
    );
    settle().await;
    app.screenshot("attachments-sent")
        .await
        .expect("screenshot");

    // The bytes are in the data directory, private, exactly as uploaded (two chunks).
    let dir = harness.app_data_dir().join("attachments");
    let files: Vec<_> = std::fs::read_dir(&dir)
        .expect("attachments dir")
        .map(|e| e.unwrap())
        .filter(|e| e.file_name().to_string_lossy().starts_with("atc_"))
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let meta = files[0].metadata().unwrap();
    let png_len = PNG_BASE64.len() / 4 * 3 - PNG_BASE64.matches('=').count();
    assert_eq!(meta.len(), (png_len + PADDING) as u64);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    }
    app.quit().await.expect("quit");

    // After a restart the conversation still shows the image, read back through the core.
    let app = harness.launch().await.expect("app again");
    let entry = app
        .wait_for(".history-item .history-open")
        .await
        .expect("the conversation in the history");
    app.click_in_view(&entry).await.expect("open it");
    let reopened = loaded_image(
        &app,
        "the image after a restart",
        ".thread-item[data-item-type='user_message'] img.attachment-image",
    )
    .await;
    assert!(
        reopened["src"].as_str().unwrap().starts_with("blob:"),
        "{reopened}"
    );
    settle().await;
    app.screenshot("attachments-reopened")
        .await
        .expect("screenshot");
    app.quit().await.expect("quit");
    println!(
        "[e2e] attachments (offline): {:.1} s",
        started.elapsed().as_secs_f64()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_model_server_receives_the_attached_image_as_a_data_url() {
    let _serial = serial().await;
    let started = std::time::Instant::now();
    let mock = MockOpenAi::start().await;
    mock.push(Reply::chat_text("A bright little lamp."));
    let harness = Harness::new()
        .expect("harness")
        .with_env("SHOPDESK_PROVIDER", "openai-compatible")
        .with_env("SHOPDESK_BASE_URL", &mock.base_url())
        .with_env("SHOPDESK_MODEL", "test-model")
        .with_env("OPENAI_API_KEY", "sk-shopdesk-attachments-test");
    let app = harness.launch().await.expect("app");
    let encoded = drop_image(&app, "lamp.png").await;
    wait_uploaded(&app).await;
    send(&app, "describe this").await;
    wait_for_answer(&app, "A bright little lamp.").await;

    let body = mock
        .requests()
        .last()
        .expect("a model request")
        .body
        .clone();
    let user = body["messages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["role"] == "user" && m["content"].is_array())
        .unwrap_or_else(|| panic!("a user message with parts: {body}"))
        .clone();
    let url = user["content"][0]["image_url"]["url"].as_str().unwrap();
    assert_eq!(user["content"][0]["type"], "image_url");
    assert!(
        url == format!("data:image/png;base64,{encoded}"),
        "the model got the uploaded bytes ({} chars, expected {})",
        url.len(),
        encoded.len() + 22
    );
    app.quit().await.expect("quit");
    println!(
        "[e2e] attachments (model server): {:.1} s",
        started.elapsed().as_secs_f64()
    );
}
