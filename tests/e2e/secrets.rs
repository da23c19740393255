//! The API key never leaves the Rust core. The app is pointed at a scripted OpenAI-compatible
//! server on loopback (the way a user points it at Ollama), a unique canary key is typed into
//! the settings panel and saved (for that server's origin; with the session bus unreachable
//! there is no keychain, so it is kept for this session and the panel says so), and a message
//! is answered through the server, which proves the key is really in use (the server sees it
//! in `Authorization`). Then the canary must appear nowhere the webview or the disk can see: the page's DOM, web storage, the
//! `get_settings` answer, and every file in the app's data directory (`cart.json`,
//! `settings.json`, `shopdesk.sqlite3` with its WAL). The scanners are first shown to find a
//! canary planted on purpose, so a broken scanner cannot pass silently.

use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use fantoccini::Locator;
use serde_json::json;
use shop::testing::{MockOpenAi, Reply};
use shopdesk_e2e::{serial, App, Harness};

const ENTER: &str = "\u{E007}";

/// Everything the page can see, as one string: the DOM, web storage, and the settings answer.
const PAGE_DUMP: &str = r#"
    const done = arguments[arguments.length - 1];
    const storage = (s) => { const o = {}; for (let i = 0; i < s.length; i++) { const k = s.key(i); o[k] = s.getItem(k); } return o; };
    const parts = [document.documentElement.outerHTML, JSON.stringify(storage(localStorage)), JSON.stringify(storage(sessionStorage))];
    const form = [...document.querySelectorAll('input, textarea, select')].map((el) => el.value);
    parts.push(JSON.stringify(form));
    window.__TAURI_INTERNALS__.invoke('get_settings')
        .then((s) => { parts.push(JSON.stringify(s)); done(parts.join('\n')); })
        .catch((e) => { parts.push('get_settings failed: ' + String(e)); done(parts.join('\n')); });
"#;

fn files_containing(dir: &Path, needle: &[u8]) -> Vec<String> {
    let mut hits = Vec::new();
    let mut scanned = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(path) = stack.pop() {
        if path.is_dir() {
            stack.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
        } else if let Ok(bytes) = std::fs::read(&path) {
            scanned += 1;
            if bytes.windows(needle.len()).any(|w| w == needle) {
                hits.push(path.display().to_string());
            }
        }
    }
    assert!(scanned > 0, "nothing to scan in {}", dir.display());
    hits
}

async fn page_dump(app: &App) -> String {
    let value = app
        .client()
        .execute_async(PAGE_DUMP, vec![])
        .await
        .expect("page dump");
    value.as_str().expect("a string").to_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_api_key_is_used_but_never_reaches_the_page_or_the_disk() {
    let _serial = serial().await;
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let canary = format!("sk-shopdesk-canary-{}-{nanos}", std::process::id());

    let mock = MockOpenAi::start().await;
    mock.set_fallback(Reply::chat_text("Hello from the test model."));
    let harness = Harness::new()
        .expect("harness")
        .with_env("SHOPDESK_PROVIDER", "openai-compatible")
        .with_env("SHOPDESK_BASE_URL", &mock.base_url())
        .with_env("SHOPDESK_MODEL", "test-model")
        .with_env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/shopdesk-e2e-bus",
        );
    let app = harness.launch().await.expect("app");

    // Settings: open, type the key, save (writes settings.json), so every place a key could land
    // exists.
    app.wait_for("#settings-button")
        .await
        .expect("settings button")
        .click()
        .await
        .expect("open settings");
    app.wait_for_text("#settings-key-status > span", "No API key stored.")
        .await
        .expect("no key yet");
    let field = app.wait_for("#settings-api-key").await.expect("key field");
    field.send_keys(&canary).await.expect("typing the key");
    app.client()
        .find(Locator::Css("#settings-save"))
        .await
        .expect("save")
        .click()
        .await
        .expect("save settings");
    app.wait_for_text(
        "#settings-key-status > span",
        "An API key is kept for this session (in memory until the app quits).",
    )
    .await
    .expect("the panel says the key is kept for this session");
    app.wait_until(
        "settings.json written",
        shopdesk_e2e::session::default_timeout(),
        async |_| {
            Ok(harness
                .app_data_dir()
                .join("settings.json")
                .exists()
                .then_some(()))
        },
    )
    .await
    .expect("settings saved");
    app.client()
        .find(Locator::Css("button[aria-label='Close settings']"))
        .await
        .expect("close button")
        .click()
        .await
        .expect("close settings");

    // A message answered by the mock through Chat Completions, with the key.
    let input = app.wait_for("#composer-input").await.expect("composer");
    input.send_keys("hello").await.expect("typing");
    input.send_keys(ENTER).await.expect("Enter");
    app.wait_for_text(
        ".thread-item[data-item-type='assistant_message']",
        "Hello from the test model.",
    )
    .await
    .expect("the mock's answer in the page");
    let requests = mock.requests();
    assert!(!requests.is_empty(), "the app called the model server");
    assert_eq!(requests[0].path, "/v1/chat/completions");
    assert_eq!(requests[0].body["model"], "test-model");
    assert_eq!(
        requests[0].header("authorization"),
        Some(format!("Bearer {canary}").as_str()),
        "the key is in use"
    );

    // The scanners find a planted canary (so they can fail) ...
    app.eval("const p = document.createElement('span'); p.id = 'planted'; p.textContent = arguments[0]; document.body.appendChild(p);", vec![json!(canary)])
        .await
        .expect("plant");
    assert!(
        page_dump(&app).await.contains(&canary),
        "the page scanner sees the DOM"
    );
    app.eval("document.getElementById('planted').remove();", vec![])
        .await
        .expect("unplant");
    let planted = harness.app_data_dir().join("planted.tmp");
    std::fs::write(&planted, format!("xx{canary}xx")).unwrap();
    assert_eq!(
        files_containing(&harness.app_data_dir(), canary.as_bytes()),
        [planted.display().to_string()]
    );
    std::fs::remove_file(&planted).unwrap();

    // ... and find the real one nowhere.
    let page = page_dump(&app).await;
    assert!(
        page.contains("has_api_key"),
        "get_settings answered: {page:.200}"
    );
    assert!(!page.contains(&canary), "the API key reached the webview");
    app.quit().await.expect("quit");
    let data = harness.app_data_dir();
    for name in ["settings.json", "shopdesk.sqlite3"] {
        assert!(
            data.join(name).exists(),
            "{name} exists, so the scan covers it"
        );
    }
    assert_eq!(
        files_containing(&data, canary.as_bytes()),
        Vec::<String>::new(),
        "the API key reached a file"
    );
}
