//! The ChatKit mode on the real app, with no network (issue 11): the built-in window's
//! Content-Security-Policy refuses OpenAI's loader script, a fetch to its CDN and a frame from
//! it; choosing "ChatKit web component" in Settings opens the ChatKit window, which cannot load
//! OpenAI's loader offline (and says it was not the window's policy that refused it), so the app
//! falls back to the built-in interface on its own, with a notice naming the cause, within the
//! ready timeout; "show products" → Add to Cart still works there; the choice survives a restart,
//! which tries ChatKit again and falls back again, saying so. And the ChatKit window's own policy
//! refuses a loader from any other host (the notice then names the policy, not the network).
//!
//! What cannot be checked here: the real component loading and rendering (it exists only on
//! OpenAI's CDN and needs a registered domain key).

use std::time::{Duration, Instant};

use serde_json::{json, Value};
use shopdesk_e2e::{serial, App, Harness};

use super::shopping::{add_to_cart_button, show_products};

/// The ready timeout the app is started with (`SHOPDESK_CHATKIT_TIMEOUT_MS`).
const READY_TIMEOUT: Duration = Duration::from_secs(4);
const LOADER: &str = "https://cdn.platform.openai.com/deployments/chatkit/chatkit.js";
const DOMAIN_KEY: &str = "domain_pk_shopdesk_e2e_offline";

/// Tries, from the page, a remote script, a fetch and a frame from OpenAI's CDN, and returns
/// the policy violations seen: `[[effectiveDirective, blockedURI]…]`, plus what each attempt did.
const CSP_PROBE: &str = r#"
    const [loader, done] = arguments;
    const seen = [];
    document.addEventListener('securitypolicyviolation',
        (e) => seen.push([e.effectiveDirective || e.violatedDirective, e.blockedURI]));
    const script = new Promise((resolve) => {
        const s = document.createElement('script');
        s.src = loader;
        s.onload = () => resolve('loaded');
        s.onerror = () => resolve('error');
        document.head.appendChild(s);
    });
    const fetched = fetch('https://cdn.platform.openai.com/deployments/chatkit/probe.json')
        .then(() => 'answered', (e) => 'refused: ' + e);
    const frame = document.createElement('iframe');
    frame.src = 'https://cdn.platform.openai.com/deployments/chatkit/index.html';
    document.body.appendChild(frame);
    Promise.all([script, fetched]).then(([script, fetched]) => setTimeout(() => {
        frame.remove();
        done({ seen, script, fetched, defined: !!customElements.get('openai-chatkit') });
    }, 500));
"#;

async fn click(app: &App, css: &str) {
    app.wait_for(css)
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .click()
        .await
        .unwrap_or_else(|e| panic!("click {css}: {e}"));
}

/// Waits for the fallback notice (at most the ready timeout plus start-up slack) and returns
/// its text; prints how long it took from `since`.
async fn fallback_notice(app: &App, since: Instant, what: &str) -> String {
    let notice = app
        .wait_for_within(
            "#chatkit-fallback-notice",
            READY_TIMEOUT + Duration::from_secs(20),
        )
        .await
        .expect("the fallback notice");
    println!(
        "[e2e] {what} → fallback notice: {:.0} ms",
        since.elapsed().as_secs_f64() * 1e3
    );
    let text = notice.text().await.unwrap();
    println!("[e2e] notice: {text}");
    assert!(text.contains("ChatKit could not load: "), "{text}");
    assert!(
        text.contains("Shopdesk switched to the built-in interface"),
        "{text}"
    );
    assert!(
        text.contains("Settings → Chat interface"),
        "how to fix it: {text}"
    );
    assert!(
        !text.contains("Content-Security-Policy"),
        "the ChatKit window's policy let the loader through (it failed on the network): {text}"
    );
    text
}

#[tokio::test(flavor = "multi_thread")]
async fn chatkit_falls_back_to_the_built_in_interface_offline_and_the_choice_stays() {
    let _serial = serial().await;
    let harness = Harness::new().expect("harness").with_env(
        "SHOPDESK_CHATKIT_TIMEOUT_MS",
        &READY_TIMEOUT.as_millis().to_string(),
    );
    let app = harness.launch().await.expect("launch");
    app.wait_for("#composer-input").await.expect("the page");

    // The origin a domain key must be registered for (the ChatKit page has the same one).
    let origin = app
        .eval("return window.location.origin", vec![])
        .await
        .unwrap();
    println!("[e2e] window.location.origin = {origin}");
    assert_eq!(origin, json!("tauri://localhost"));

    // 1. The built-in window's policy: no remote script, fetch or frame, OpenAI's included.
    let probe: Value = app
        .client()
        .execute_async(CSP_PROBE, vec![json!(LOADER)])
        .await
        .expect("the probe ran");
    println!("[e2e] built-in window CSP probe: {probe}");
    assert_eq!(probe["script"], "error", "{probe}");
    assert_eq!(probe["defined"], false, "{probe}");
    assert!(
        probe["fetched"].as_str().unwrap().starts_with("refused"),
        "{probe}"
    );
    let seen: Vec<(String, String)> = serde_json::from_value(probe["seen"].clone()).unwrap();
    for (directive, blocked) in [
        ("script-src", LOADER),
        (
            "connect-src",
            "https://cdn.platform.openai.com/deployments/chatkit/probe.json",
        ),
        (
            "frame-src",
            "https://cdn.platform.openai.com/deployments/chatkit/index.html",
        ),
    ] {
        assert!(
            // WebKit reports a blocked frame by its origin only.
            seen.iter().any(|(d, b)| d.starts_with(directive)
                && b.starts_with("https://cdn.platform.openai.com")
                && blocked.starts_with(b.as_str())),
            "{directive} refused {blocked}: {seen:?}"
        );
    }

    // 2. Choose ChatKit in Settings: its window opens, cannot load offline, and the app falls
    //    back with a notice.
    click(&app, "#settings-button").await;
    let select = app
        .wait_for("#settings-interface")
        .await
        .expect("the choice");
    app.wait_until(
        "the interface setting loaded",
        Duration::from_secs(10),
        async |_| Ok(select.is_enabled().await.ok().filter(|e| *e)),
    )
    .await
    .expect("enabled");
    select
        .select_by_value("chatkit")
        .await
        .expect("choose ChatKit");
    let key = app
        .wait_for("#settings-domain-key")
        .await
        .expect("the key field");
    key.send_keys(DOMAIN_KEY).await.expect("typing the key");
    app.screenshot("chatkit-settings").await.unwrap();
    let saved_at = Instant::now();
    click(&app, "#settings-save").await;
    app.wait_for_text("#settings-panel [role=status]", "Settings saved.")
        .await
        .expect("saved");
    let cause = fallback_notice(&app, saved_at, "Save").await;
    assert!(
        saved_at.elapsed() < READY_TIMEOUT + Duration::from_secs(20),
        "within the timeout"
    );
    app.screenshot("chatkit-fallback").await.unwrap();
    let windows = app.client().windows().await.expect("handles");
    println!("[e2e] window handles after the fallback: {}", windows.len());
    assert_eq!(windows.len(), 1, "the ChatKit window was closed");
    let saved: Value = serde_json::from_str(
        &std::fs::read_to_string(harness.app_data_dir().join("settings.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        saved["interface"],
        json!({ "interface": "chatkit", "domain_key": DOMAIN_KEY }),
        "{saved}"
    );
    // The footer's Close (the notice sits over the dialog's header).
    click(&app, "#settings-panel .modal-footer button[type=button]").await;
    // The notice floats over the top of the thread; a user reads it and dismisses it (a tall
    // product card can sit under it).
    click(&app, "#chatkit-fallback-notice .startup-notices-dismiss").await;
    app.wait_until(
        "the notice to be dismissed",
        Duration::from_secs(5),
        async |c: &fantoccini::Client| {
            let gone = c
                .find(fantoccini::Locator::Css("#chatkit-fallback-notice"))
                .await
                .is_err();
            Ok(gone.then_some(()))
        },
    )
    .await
    .expect("the notice is dismissed");

    // 3. The built-in interface works: "show products" → Add to Cart.
    show_products(&app).await;
    app.click_in_view(&add_to_cart_button(&app).await)
        .await
        .expect("Add to Cart");
    app.wait_for_text("#cart-badge", "1")
        .await
        .expect("the badge counts the product");
    app.screenshot("chatkit-fallback-cart").await.unwrap();
    app.quit().await.expect("quit");

    // 4. A restart tries ChatKit again (the choice is kept) and falls back again, saying so.
    let started = Instant::now();
    let app = harness.launch().await.expect("second launch");
    let again = fallback_notice(&app, started, "launch").await;
    assert_eq!(
        again.split(':').nth(1),
        cause.split(':').nth(1),
        "the same cause"
    );
    app.wait_for_text("#cart-badge", "1")
        .await
        .expect("the cart kept its line");
    click(&app, "#settings-button").await;
    app.wait_until(
        "the saved choice in Settings",
        Duration::from_secs(10),
        async |c| {
            let v = c
                .execute(
                    "const s = document.querySelector('#settings-interface'); \
                 const k = document.querySelector('#settings-domain-key'); \
                 const save = document.querySelector('#settings-save'); \
                 return [s && s.value, k && k.value, !!save && !save.disabled];",
                    vec![],
                )
                .await?;
            Ok((v == json!(["chatkit", DOMAIN_KEY, true])).then_some(()))
        },
    )
    .await
    .expect("the choice survived the restart");
    app.screenshot("chatkit-after-restart").await.unwrap();
    app.quit().await.expect("quit");
}

/// The ChatKit window's policy admits OpenAI's CDN and nothing else: a loader from another host
/// (`SHOPDESK_CHATKIT_LOADER_URL`) is refused by the policy, not by the network, and the app
/// falls back saying so. The saved choice is written as the settings panel writes it.
#[tokio::test(flavor = "multi_thread")]
async fn the_chatkit_window_refuses_a_loader_from_another_host() {
    let _serial = serial().await;
    let harness = Harness::new()
        .expect("harness")
        .with_env(
            "SHOPDESK_CHATKIT_TIMEOUT_MS",
            &READY_TIMEOUT.as_millis().to_string(),
        )
        .with_env(
            "SHOPDESK_CHATKIT_LOADER_URL",
            "https://example.com/deployments/chatkit/chatkit.js",
        );
    let dir = harness.app_data_dir();
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("settings.json"),
        json!({ "interface": { "interface": "chatkit", "domain_key": DOMAIN_KEY } }).to_string(),
    )
    .unwrap();
    let started = Instant::now();
    let app = harness.launch().await.expect("launch");
    let notice = app
        .wait_for_within(
            "#chatkit-fallback-notice",
            READY_TIMEOUT + Duration::from_secs(20),
        )
        .await
        .expect("the fallback notice");
    let text = notice.text().await.unwrap();
    println!(
        "[e2e] launch → notice in {:.0} ms: {text}",
        started.elapsed().as_secs_f64() * 1e3
    );
    assert!(
        text.contains("ChatKit could not load: the loader script from example.com was blocked by the window's Content-Security-Policy"),
        "{text}"
    );
    // The window was behind the ChatKit one a moment ago: let it repaint before the picture.
    tokio::time::sleep(Duration::from_secs(1)).await;
    app.screenshot("chatkit-csp-refusal").await.unwrap();
    app.quit().await.expect("quit");
}
