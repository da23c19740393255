//! The nine everyday requests of issue 12, asked in the real app on the built-in offline
//! model, each in a new thread: every one must end with the assistant's answer, and the ones
//! that should show something must show a widget. With `SHOPDESK_SCREENSHOT_DIR` set, each
//! answer is saved as `nlu-<n>.png` to be looked at.

use std::time::Duration;

use shopdesk_e2e::session::default_timeout;
use shopdesk_e2e::{serial, App, Harness};

const ENTER: &str = "\u{E007}";

/// The cart badge's number.
async fn badge(app: &App) -> String {
    let v = app
        .eval(
            "const b = document.getElementById('cart-badge'); return b ? b.textContent.trim() : '';",
            vec![],
        )
        .await
        .expect("reading the badge");
    v.as_str().unwrap_or("").to_string()
}

/// (context sent first in the same thread, request, whether a widget must answer it).
const REQUESTS: &[(&[&str], &str, bool)] = &[
    (&[], "What can you do?", false),
    (&[], "show me something under $50", true),
    (&[], "cheapest headphones", true),
    (&[], "what's your best rated product?", true),
    (&[], "compare the two lamps", true),
    (&[], "do you have anything for camping?", true),
    (&[], "I want a keyboard", true),
    (
        &["add the aurora lamp"],
        "remove the lamp from my cart",
        false,
    ),
    (&[], "thanks!", false),
];

/// How many items of each kind the thread shows: (assistant messages, widgets).
async fn counts(app: &App) -> (u64, u64) {
    let v = app
        .eval(
            "const t = [...document.querySelectorAll('.thread-item[data-item-type]')].map((el) => el.getAttribute('data-item-type'));
             return [t.filter((x) => x === 'assistant_message').length, t.filter((x) => x === 'widget').length];",
            vec![],
        )
        .await
        .expect("counting items");
    (v[0].as_u64().unwrap_or(0), v[1].as_u64().unwrap_or(0))
}

/// Sends `text` and waits until a new assistant message has arrived and nothing streams for a
/// moment (a client cart tool call is a second round). Returns the widgets added.
async fn ask(app: &App, text: &str) -> u64 {
    let (messages, widgets) = counts(app).await;
    let input = app.wait_for("#composer-input").await.expect("composer");
    input.send_keys(text).await.expect("typing");
    input.send_keys(ENTER).await.expect("Enter");
    let mut quiet = 0;
    app.wait_until(
        &format!("the answer to {text:?}"),
        default_timeout(),
        async |c| {
            let streaming = c
                .execute("return !!document.getElementById('composer-stop');", vec![])
                .await?;
            let (now, _) = counts(app).await;
            quiet = if streaming == false && now > messages {
                quiet + 1
            } else {
                0
            };
            tokio::time::sleep(Duration::from_millis(150)).await;
            Ok((quiet >= 4).then_some(()))
        },
    )
    .await
    .expect("a finished answer");
    counts(app).await.1 - widgets
}

#[tokio::test]
async fn the_nine_issue_requests_get_a_shoppers_answer() {
    let _serial = serial().await;
    let harness = Harness::new()
        .expect("harness")
        .with_env("SHOPDESK_STREAM_DELAY_MS", "0");
    let app = harness.launch().await.expect("launch");
    for (n, (context, text, shows)) in REQUESTS.iter().enumerate() {
        app.wait_for("#new-thread")
            .await
            .expect("new thread button")
            .click()
            .await
            .expect("new thread");
        for earlier in context.iter() {
            ask(&app, earlier).await;
        }
        let before = badge(&app).await;
        let added = ask(&app, text).await;
        if text.starts_with("remove") {
            // The page ran cart_add, then cart_remove: its cart (the badge) shows it.
            assert_eq!((before.as_str(), badge(&app).await.as_str()), ("1", "0"));
        }
        println!("[e2e] {text:?}: {added} widget(s)");
        if *shows {
            assert!(added >= 1, "{text:?} showed no widget");
        }
        app.screenshot(&format!("nlu-{}", n + 1))
            .await
            .expect("screenshot");
    }
    app.quit().await.expect("quit");
}
