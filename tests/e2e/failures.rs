//! Failed replies in the real app (issue 8, "Resilience"): a failure stays visible in the
//! thread as a failure marker with one Retry, survives later messages and a restart, and Retry
//! waits out the provider's `Retry-After` with a visible countdown; a provider that fails once
//! is retried by the app itself and the answer arrives.
//!
//! The app is pointed at a scripted OpenAI-compatible server started in this process
//! (`shop::testing::MockOpenAi`), so a test can break and fix the "provider" mid-test. The mock
//! fails until told otherwise (`set_fallback`), so the tests hold whether or not the app retries
//! a request by itself before giving up; every good reply ends with its `finish_reason`.

use std::time::{Duration, Instant};

use fantoccini::Locator;
use shop::testing::{MockOpenAi, Reply};
use shopdesk_e2e::{serial, App, Harness};

const ENTER: &str = "\u{E007}";
const MARKER: &str = ".thread-item.is-failure-marker";
const MARKER_RETRY: &str = "#marker-retry-button";

fn server_error() -> Reply {
    Reply::error(500, "upstream exploded", "server_error")
}

fn harness(mock: &MockOpenAi) -> Harness {
    Harness::new()
        .expect("harness")
        .with_env("SHOPDESK_PROVIDER", "openai-compatible")
        .with_env("SHOPDESK_BASE_URL", &mock.base_url())
        .with_env("SHOPDESK_MODEL", "test-model")
        // As in secrets.rs: a key from the environment, so start-up does not wait on a keychain.
        .with_env("OPENAI_API_KEY", "sk-shopdesk-failures-test")
}

pub(crate) async fn send(app: &App, text: &str) {
    let input = app.wait_for("#composer-input").await.expect("composer");
    input.send_keys(text).await.expect("typing");
    input.send_keys(ENTER).await.expect("Enter");
}

/// What the thread shows right now: each visible item as `type: text`.
async fn thread_items(app: &App) -> Vec<String> {
    let value = app
        .eval(
            "return [...document.querySelectorAll('.thread-item')].map((el) => el.dataset.itemType + (el.classList.contains('is-failure-marker') ? '(failure)' : '') + ': ' + el.innerText.trim().replace(/\\s+/g, ' '));",
            vec![],
        )
        .await
        .expect("items");
    serde_json::from_value(value).expect("strings")
}

/// Waits until an assistant message contains `text`.
pub(crate) async fn wait_for_answer(app: &App, text: &str) {
    app.wait_until(
        &format!("the answer {text:?}"),
        Duration::from_secs(60),
        async |c| {
            let texts = c
                .execute(
                    "return [...document.querySelectorAll(\".thread-item[data-item-type='assistant_message']\")].map((el) => el.innerText.trim());",
                    vec![],
                )
                .await?;
            Ok(texts
                .as_array()
                .is_some_and(|a| a.iter().any(|t| t.as_str().is_some_and(|t| t.contains(text))))
                .then_some(()))
        },
    )
    .await
    .expect("the answer arrives");
}

async fn count(app: &App, css: &str) -> usize {
    app.find_all(css).await.expect("find").len()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failed_reply_stays_visible_with_one_retry_and_survives_later_messages_and_a_restart() {
    let _serial = serial().await;
    let mock = MockOpenAi::start().await;
    mock.set_fallback(server_error());
    let harness = harness(&mock);
    let app = harness.launch().await.expect("app");

    // (a) The provider keeps failing: the failure shows in the thread, with one Retry.
    let started = Instant::now();
    send(&app, "lamps please").await;
    let text = app
        .wait_until("a failure marker", Duration::from_secs(90), async |c| {
            let text = c
                .execute(
                    &format!("const el = document.querySelector('{MARKER}'); return el ? el.innerText : null;"),
                    vec![],
                )
                .await?;
            Ok(text.as_str().filter(|t| !t.trim().is_empty()).map(str::to_owned))
        })
        .await
        .expect("a failure marker");
    println!("failure marker after {:?}: {text:?}", started.elapsed());
    assert!(
        text.contains("This reply failed: The model provider had an internal error"),
        "{text}"
    );
    app.wait_for(MARKER_RETRY)
        .await
        .expect("the marker's Retry");
    assert_eq!(count(&app, ".retry-button").await, 1, "one Retry");
    assert_eq!(
        count(&app, "#error-banner").await,
        0,
        "no second, banner copy of the failure"
    );
    app.screenshot("failures-marker").await.expect("screenshot");

    // The provider is fixed; Retry answers the question, and the failure is gone.
    mock.set_fallback(Reply::chat_text("Here are our lamps."));
    app.client()
        .find(Locator::Css(MARKER_RETRY))
        .await
        .expect("Retry")
        .click()
        .await
        .expect("click Retry");
    wait_for_answer(&app, "Here are our lamps.").await;
    assert_eq!(
        count(&app, MARKER).await,
        0,
        "{:#?}",
        thread_items(&app).await
    );
    let retried = mock.requests().last().expect("a request").body.to_string();
    assert!(retried.contains("lamps please"), "{retried}");
    assert!(
        !retried.contains("This reply failed"),
        "the model never sees markers"
    );

    // (b) Another failure, then a later message: the marker stays, without Retry.
    mock.set_fallback(server_error());
    send(&app, "and desks?").await;
    app.wait_for_within(MARKER_RETRY, Duration::from_secs(90))
        .await
        .expect("the second failure's Retry");
    mock.set_fallback(Reply::chat_text("We have three desks."));
    send(&app, "any desks at all?").await;
    wait_for_answer(&app, "We have three desks.").await;
    let items = thread_items(&app).await;
    println!("thread after the later message: {items:#?}");
    let failures: Vec<&String> = items.iter().filter(|i| i.contains("(failure)")).collect();
    assert_eq!(failures.len(), 1, "{items:#?}");
    assert!(failures[0].contains("This reply failed"), "{items:#?}");
    assert_eq!(
        count(&app, ".retry-button").await,
        0,
        "an older failure offers no Retry"
    );
    app.screenshot("failures-after-later-message")
        .await
        .expect("screenshot");
    app.quit().await.expect("quit");

    // The same data after a restart: the failure is still explained.
    let app = harness.launch().await.expect("second launch, same data");
    app.wait_for(".history-item")
        .await
        .expect("the thread is listed")
        .click()
        .await
        .expect("open the thread");
    wait_for_answer(&app, "We have three desks.").await;
    let restored = thread_items(&app).await;
    assert_eq!(
        restored, items,
        "the thread reads the same after the restart"
    );
    app.screenshot("failures-restored")
        .await
        .expect("screenshot");
    app.quit().await.expect("quit");
}

#[tokio::test(flavor = "multi_thread")]
async fn retry_counts_down_a_retry_after_and_is_disabled_until_then() {
    let _serial = serial().await;
    let mock = MockOpenAi::start().await;
    mock.set_fallback(
        Reply::error(429, "Rate limit reached", "rate_limit_exceeded")
            .with_header("retry-after", "3"),
    );
    let harness = harness(&mock); // owns the display and data dir: kept for the whole test
    let app = harness.launch().await.expect("app");
    send(&app, "lamps please").await;

    // The countdown: disabled, "Retry in N s".
    let (seen_at, label) = app
        .wait_until(
            "a counting-down Retry",
            Duration::from_secs(90),
            async |c| {
                let Ok(button) = c.find(Locator::Css(MARKER_RETRY)).await else {
                    return Ok(None);
                };
                let label = button.text().await.unwrap_or_default();
                let disabled = button.attr("disabled").await?.is_some();
                Ok((disabled && label.contains("Retry in ")).then_some((Instant::now(), label)))
            },
        )
        .await
        .expect("Retry is disabled with a countdown");
    println!("countdown seen: {label:?}");
    let seconds: u64 = label
        .trim()
        .trim_start_matches("Retry in ")
        .trim_end_matches(" s")
        .parse()
        .unwrap_or_else(|_| panic!("a number of seconds in {label:?}"));
    assert!((1..=3).contains(&seconds), "{label:?}");
    app.screenshot("failures-countdown")
        .await
        .expect("screenshot");
    // Clicking now does nothing: no request leaves while it counts down.
    let before = mock.requests().len();
    let _ = app
        .eval(
            &format!("document.querySelector('{MARKER_RETRY}').click();"),
            vec![],
        )
        .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        mock.requests().len(),
        before,
        "a disabled Retry sends nothing"
    );

    // Then it is enabled and reads "Retry".
    app.wait_until("Retry enabled", Duration::from_secs(30), async |c| {
        let button = c.find(Locator::Css(MARKER_RETRY)).await?;
        let label = button.text().await.unwrap_or_default();
        Ok((button.attr("disabled").await?.is_none() && label.trim() == "Retry").then_some(()))
    })
    .await
    .expect("Retry is enabled once the wait is over");
    println!(
        "Retry enabled {:?} after the countdown was first seen at {seconds} s",
        seen_at.elapsed()
    );

    mock.set_fallback(Reply::chat_text("Here are our lamps."));
    app.client()
        .find(Locator::Css(MARKER_RETRY))
        .await
        .expect("Retry")
        .click()
        .await
        .expect("click Retry");
    wait_for_answer(&app, "Here are our lamps.").await;
    assert_eq!(count(&app, MARKER).await, 0);
    app.quit().await.expect("quit");
}

/// Issue 8's first WebDriver case: a provider that fails once (a 500 before any output) is
/// retried by the app itself — the user sees "retrying…" and then the answer, never an error.
#[tokio::test(flavor = "multi_thread")]
async fn a_provider_that_fails_once_is_retried_and_the_answer_arrives() {
    let _serial = serial().await;
    let mock = MockOpenAi::start().await;
    mock.push(server_error());
    mock.set_fallback(Reply::chat_text("Our lamps are on aisle one."));
    let harness = harness(&mock);
    let app = harness.launch().await.expect("app");
    app.wait_for("#composer-input").await.expect("composer");
    // Every text the progress line shows, however briefly (the retry's wait is under a second).
    app.eval(
        "window.__progressSeen = []; new MutationObserver(() => { const el = document.getElementById('progress-line'); if (el) window.__progressSeen.push(el.innerText); }).observe(document.body, { childList: true, subtree: true, characterData: true }); return null;",
        vec![],
    )
    .await
    .expect("observer");
    let started = Instant::now();
    send(&app, "lamps please").await;
    wait_for_answer(&app, "Our lamps are on aisle one.").await;
    println!("fails once: answer after {:?}", started.elapsed());
    let seen = app
        .eval("return window.__progressSeen;", vec![])
        .await
        .expect("progress texts");
    println!("progress line showed: {seen}");
    assert!(
        seen.to_string().to_lowercase().contains("retrying"),
        "the user is told the app is retrying: {seen}"
    );
    let chat_requests = mock
        .requests()
        .into_iter()
        .filter(|r| r.path.ends_with("/chat/completions"))
        .count();
    assert_eq!(chat_requests, 2, "one failure, one retry");
    assert_eq!(
        count(&app, MARKER).await,
        0,
        "{:#?}",
        thread_items(&app).await
    );
    assert_eq!(count(&app, "#error-banner").await, 0, "no error shown");
    app.quit().await.expect("quit");
}
