//! The commands through Tauri's real IPC layer (argument parsing, state, serialization of the
//! result and of the error) on the mock runtime: no display and no webview process needed.

use std::sync::Arc;

use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{
    get_ipc_response, mock_builder, mock_context, noop_assets, MockRuntime, INVOKE_KEY,
};
use tauri::webview::InvokeRequest;
use tauri::{Manager, WebviewWindow, WebviewWindowBuilder};

use shop::model::ModelSettings;

use super::{state_with, Failing};
use crate::settings::Settings;

pub(super) fn app() -> (tauri::App<MockRuntime>, WebviewWindow<MockRuntime>) {
    app_on(
        mock_context(noop_assets()),
        Settings::new(ModelSettings::default()),
    )
}

/// [`app`] with the given settings (e.g. with a key store of the test's own).
pub(super) fn app_with(
    settings: Settings,
) -> (tauri::App<MockRuntime>, WebviewWindow<MockRuntime>) {
    app_on(mock_context(noop_assets()), settings)
}

/// [`app`] on a given context (e.g. one with its own identifier, hence its own data directory).
pub(super) fn app_in(
    context: tauri::Context<MockRuntime>,
) -> (tauri::App<MockRuntime>, WebviewWindow<MockRuntime>) {
    app_on(context, Settings::new(ModelSettings::default()))
}

fn app_on(
    context: tauri::Context<MockRuntime>,
    settings: Settings,
) -> (tauri::App<MockRuntime>, WebviewWindow<MockRuntime>) {
    let app = crate::configure(mock_builder())
        .build(context)
        .expect("the app builds on the mock runtime");
    app.manage(state_with(Arc::new(Failing)));
    app.manage(settings);
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    (app, window)
}

pub(super) fn invoke(
    window: &WebviewWindow<MockRuntime>,
    cmd: &str,
    args: Value,
) -> Result<Value, Value> {
    get_ipc_response(
        window,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|body| body.deserialize::<Value>().unwrap())
}

#[test]
fn chatkit_request_answers_json_and_typed_errors_over_ipc() {
    let (_app, window) = app();
    let args =
        |body: &str, run: &str| json!({ "body": body, "runId": run, "onEvent": "__CHANNEL__:7" });

    let listed = invoke(
        &window,
        "chatkit_request",
        args(r#"{"type":"threads.list","params":{}}"#, "r1"),
    )
    .expect("threads.list answers");
    assert_eq!(listed["kind"], "json");
    let page: Value = serde_json::from_str(listed["body"].as_str().unwrap()).unwrap();
    assert_eq!(page["has_more"], false);

    let err = invoke(&window, "chatkit_request", args("not json", "r2")).unwrap_err();
    assert_eq!(err["code"], "invalid_request", "{err}");
    assert!(err["message"].as_str().is_some_and(|m| !m.is_empty()));

    let streaming = invoke(
        &window,
        "chatkit_request",
        args(&super::create_thread_body("hello"), "r3"),
    )
    .expect("a streaming request resolves at once");
    assert_eq!(streaming, json!({ "kind": "stream" }));
}

#[test]
fn malformed_ipc_arguments_are_rejected_without_a_panic() {
    let (_app, window) = app();
    for args in [
        json!({}),
        json!({ "body": 42, "runId": "r", "onEvent": "__CHANNEL__:1" }),
        json!({ "body": "{}", "runId": "r", "onEvent": "not a channel" }),
        json!({ "body": "{}", "onEvent": "__CHANNEL__:1" }),
    ] {
        let err = invoke(&window, "chatkit_request", args.clone()).unwrap_err();
        assert!(err.as_str().is_some_and(|m| !m.is_empty()), "{args}: {err}");
    }
    assert_eq!(
        invoke(&window, "chatkit_cancel", json!({ "runId": "nothing" })),
        Ok(json!(false))
    );
    let err = invoke(&window, "chatkit_cancel", json!({ "runId": "" })).unwrap_err();
    assert_eq!(err["code"], "invalid_request");
}

#[test]
fn save_settings_rejects_invalid_settings_with_the_shops_message() {
    let (_app, window) = app();
    let cases = [
        (
            json!({ "provider": "gpt", "base_url": "", "model": "", "api_key": null }),
            r#"unknown provider "gpt" (expected offline, openai or openai-compatible)"#,
        ),
        (
            json!({ "provider": "openai", "base_url": "ftp://h/v1", "model": "", "api_key": null }),
            r#"base URL must start with http:// or https://, got "ftp://h/v1""#,
        ),
        (
            json!({ "provider": "openai-compatible", "base_url": "", "model": "m", "api_key": "k" }),
            "an OpenAI-compatible server needs a base URL (e.g. http://127.0.0.1:11434/v1)",
        ),
    ];
    for (settings, message) in cases {
        let err = invoke(&window, "save_settings", json!({ "settings": settings })).unwrap_err();
        assert_eq!(
            err,
            json!({ "code": "invalid_request", "message": message }),
            "{settings}"
        );
    }
    let err = invoke(
        &window,
        "save_settings",
        json!({ "settings": { "model": "m" } }),
    )
    .unwrap_err();
    assert!(
        err.as_str().is_some_and(|m| m.contains("provider")),
        "{err}"
    );
}

#[test]
fn save_settings_refuses_a_key_that_could_leak_and_stores_nothing() {
    use shop::secrets::{ApiKeyStore, MemoryKeychain};
    let keychain = MemoryKeychain::available();
    let keys = ApiKeyStore::new(Box::new(keychain.clone()), Some("sk-env-canary".into()));
    let (_app, window) = app_with(Settings::new(ModelSettings::default()).with_key_store(keys));
    let canary = "sk-ipc-canary";
    let cases = [
        (
            "http://10.0.0.2:11434/v1",
            canary.to_owned(),
            "refusing to send an API key over plain http://",
        ),
        (
            "http://127.0.0.1:9/v1",
            format!("{canary}\u{1}"),
            "visible ASCII",
        ),
        (
            "http://127.0.0.1:9/v1",
            "k".repeat(2000),
            "longer than 1024 bytes",
        ),
        (
            "https://user:pw@example.com/v1",
            canary.to_owned(),
            "user name or password",
        ),
    ];
    for (base_url, key, message) in cases {
        let settings = json!({
            "provider": "openai-compatible", "base_url": base_url, "model": "m", "api_key": key
        });
        let err = invoke(&window, "save_settings", json!({ "settings": settings })).unwrap_err();
        assert_eq!(err["code"], "invalid_request", "{base_url}: {err}");
        let message_seen = err["message"].as_str().unwrap();
        assert!(message_seen.contains(message), "{base_url}: {err}");
        assert!(!message_seen.contains(canary) && !message_seen.contains("pw@"));
    }
    let offline = json!({ "provider": "offline", "api_key": "sk-x" });
    let err = invoke(&window, "save_settings", json!({ "settings": offline })).unwrap_err();
    assert_eq!(err["message"], "the offline model takes no API key");
    for origin in [
        "http://10.0.0.2:11434",
        "http://127.0.0.1:9",
        "https://example.com:443",
    ] {
        assert_eq!(keychain.entry(origin), None, "nothing stored for {origin}");
    }
    let view = invoke(&window, "get_settings", json!({})).unwrap();
    assert_eq!(view["provider"], "offline");
    assert_eq!(view["has_api_key"], false, "offline has no key: {view}");
    assert!(!view.to_string().contains("sk-env-canary"));
}
