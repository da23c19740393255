//! An API key goes only to the server it was saved for, in the real app. Two scripted
//! OpenAI-compatible servers run on loopback (A and B: same host, different ports, so different
//! origins) and the app is started pointed at A with an `OPENAI_API_KEY` canary in its
//! environment and no keychain (the session bus is made unreachable, so a typed key is kept for
//! this session — deterministic, and nothing lands in the developer's real keychain):
//!
//! 1. a message answered by A carries no `Authorization` header: the environment's key is for
//!    OpenAI's API only;
//! 2. a key saved for A from the page's JS (`save_settings`) is sent to A, and the panel says it
//!    is kept for this session;
//! 3. the page's JS then points the settings at B with `api_key: null` (what a script in the
//!    page would do to redirect the key): B receives no `Authorization` header, and the panel
//!    says no key is stored for B's origin;
//! 4. back at A, A's key is used again (it stayed with its origin).

use fantoccini::Locator;
use serde_json::{json, Value};
use shop::testing::{MockOpenAi, RecordedRequest, Reply};
use shopdesk_e2e::session::default_timeout;
use shopdesk_e2e::{serial, App, Harness};

const ENTER: &str = "\u{E007}";
const ENV_CANARY: &str = "sk-env-canary-openai-only";
const KEY_FOR_A: &str = "sk-saved-for-server-a";
const ASSISTANT: &str = ".thread-item[data-item-type='assistant_message']";

/// `save_settings` from the page, as any script in it could call it.
const SAVE: &str = r#"
    const done = arguments[arguments.length - 1];
    window.__TAURI_INTERNALS__.invoke('save_settings', { settings: arguments[0] })
        .then((view) => done({ ok: view }), (err) => done({ err: err }));
"#;

/// The key status and key origin lines of the open settings panel.
const PANEL_KEY_STATE: &str = r#"
    const text = (css) => document.querySelector(css)?.textContent ?? "";
    return [text('#settings-key-status'), text('#settings-key-origin')];
"#;

async fn save(app: &App, mock: &MockOpenAi, api_key: Value) -> Value {
    let settings = json!({
        "provider": "openai-compatible", "base_url": mock.base_url(), "model": "test-model",
        "api_key": api_key,
    });
    let answer = app
        .client()
        .execute_async(SAVE, vec![settings])
        .await
        .expect("save_settings ran");
    answer
        .get("ok")
        .cloned()
        .unwrap_or_else(|| panic!("save_settings failed: {answer}"))
}

/// Sends `text` and waits until `mock` has seen one more request and the page shows one more
/// assistant message; returns that request.
async fn send(app: &App, mock: &MockOpenAi, text: &str) -> RecordedRequest {
    let before = mock.requests().len();
    let answers = app.find_all(ASSISTANT).await.expect("answers").len();
    let input = app.wait_for("#composer-input").await.expect("composer");
    input.send_keys(text).await.expect("typing");
    input.send_keys(ENTER).await.expect("Enter");
    app.wait_until(
        "the model server's answer in the page",
        default_timeout(),
        async |client| {
            let shown = client.find_all(Locator::Css(ASSISTANT)).await?.len();
            Ok((mock.requests().len() > before && shown > answers).then_some(()))
        },
    )
    .await
    .expect("answered");
    mock.requests()[before].clone()
}

fn assert_no_key(request: &RecordedRequest, server: &str) {
    assert_eq!(
        request.header("authorization"),
        None,
        "{server} got an Authorization header"
    );
    for (name, value) in &request.headers {
        assert!(
            !value.contains(ENV_CANARY) && !value.contains(KEY_FOR_A),
            "{server} got a key in {name}"
        );
    }
}

/// Opens the settings panel afresh and returns the key status and origin lines.
async fn panel_key_state(app: &App) -> (String, String) {
    if app
        .find_all("#settings-panel")
        .await
        .expect("panel")
        .is_empty()
    {
        app.wait_for("#settings-button")
            .await
            .expect("settings button")
            .click()
            .await
            .expect("open settings");
    }
    // textContent, not WebDriver's visible text: the dialog may still be fading in.
    let state = app
        .wait_until("the key status", default_timeout(), async |client| {
            let state = client.execute(PANEL_KEY_STATE, vec![]).await?;
            let status = state[0].as_str().unwrap_or_default().to_owned();
            let origin = state[1].as_str().unwrap_or_default().to_owned();
            Ok((!status.is_empty() && !status.contains("Loading")).then_some((status, origin)))
        })
        .await
        .expect("key status");
    app.client()
        .find(Locator::Css("button[aria-label='Close settings']"))
        .await
        .expect("close button")
        .click()
        .await
        .expect("close settings");
    state
}

#[tokio::test(flavor = "multi_thread")]
async fn a_key_goes_only_to_the_server_it_was_saved_for() {
    let _serial = serial().await;
    let a = MockOpenAi::start().await;
    a.set_fallback(Reply::chat_text("Hello from A."));
    let b = MockOpenAi::start().await;
    b.set_fallback(Reply::chat_text("Hello from B."));
    let harness = Harness::new()
        .expect("harness")
        .with_env("SHOPDESK_PROVIDER", "openai-compatible")
        .with_env("SHOPDESK_BASE_URL", &a.base_url())
        .with_env("SHOPDESK_MODEL", "test-model")
        .with_env("OPENAI_API_KEY", ENV_CANARY)
        .with_env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/shopdesk-e2e-bus",
        );
    let app = harness.launch().await.expect("app");
    let origin_a = format!("http://{}", a.addr());
    let origin_b = format!("http://{}", b.addr());

    // 1. The environment's key is for OpenAI's API only.
    assert_no_key(&send(&app, &a, "hello").await, "A (environment key)");
    let (status, origin) = panel_key_state(&app).await;
    assert!(status.contains("No API key stored."), "{status}");
    assert!(origin.contains(&origin_a), "{origin}");

    // 2. A key saved for A is sent to A, and kept for this session.
    let view = save(&app, &a, json!(KEY_FOR_A)).await;
    assert_eq!(view["key_storage"], "session", "{view}");
    assert_eq!(view["key_origin"], origin_a.as_str());
    assert_eq!(view["has_api_key"], true);
    assert!(!view.to_string().contains(KEY_FOR_A));
    let request = send(&app, &a, "again").await;
    assert_eq!(
        request.header("authorization"),
        Some(format!("Bearer {KEY_FOR_A}").as_str())
    );
    let (status, origin) = panel_key_state(&app).await;
    assert!(status.contains("kept for this session"), "{status}");
    assert!(origin.contains(&origin_a), "{origin}");

    // 3. Redirected to B without a key: B gets none.
    let view = save(&app, &b, Value::Null).await;
    assert_eq!(view["has_api_key"], false, "{view}");
    assert_eq!(view["key_storage"], "none");
    assert_eq!(view["key_origin"], origin_b.as_str());
    assert_no_key(&send(&app, &b, "third").await, "B (redirected)");
    let (status, origin) = panel_key_state(&app).await;
    assert!(status.contains("No API key stored."), "{status}");
    assert!(origin.contains(&origin_b), "{origin}");

    // 4. A's key stayed with A.
    let view = save(&app, &a, Value::Null).await;
    assert_eq!(view["key_storage"], "session", "{view}");
    let request = send(&app, &a, "back").await;
    assert_eq!(
        request.header("authorization"),
        Some(format!("Bearer {KEY_FOR_A}").as_str())
    );
    println!(
        "[e2e] key_origin: A saw {} requests, B saw {}",
        a.requests().len(),
        b.requests().len()
    );
    app.quit().await.expect("quit");
}
