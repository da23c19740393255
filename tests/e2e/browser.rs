//! The tutorial's three phases, then the cart's round trip through the server, in headless
//! Chromium against `shopdesk-server` (the UI served by `vite preview` of ui/dist): the page in a
//! plain browser is the same renderer over HTTP, with the cart in `localStorage`.
//!
//! 1. "show products" ⇒ a static product card (shopping.rs's check);
//! 2. "Show me products" ⇒ a list that visibly builds (streaming.rs's check, ≥ 3 row counts);
//! 3. Add to Cart twice ⇒ badge 2, the panel and total right, and no request sent — neither in
//!    the page's request log nor in the server's own request log;
//!
//! then "What's in my cart?" ⇒ the server's cart summary shows the page's lines (sent as
//! `metadata.shopdesk_cart`) ⇒ Checkout ⇒ the order confirmation and an emptied cart; one more
//! Add to Cart and a reload ⇒ the cart is still there (localStorage), and so is the thread (the
//! server's SQLite). Along the way: no settings button (the model is the server's), the page's
//! Content-Security-Policy stops inline script, and the console has no errors.

use std::time::Instant;

use fantoccini::Locator;
use serde_json::{json, Value};
use shopdesk_e2e::browser_session::console_errors;
use shopdesk_e2e::session::default_timeout;
use shopdesk_e2e::{serial, App, BrowserHarness};

use crate::shopping::{
    add_to_cart_button, add_twice, cart_panel, money, settled_requests, show_products, Card, ENTER,
};
use crate::streaming::show_me_products_builds_visibly;

/// The innerText lines of the newest widget item whose text has `title` and, if given, a button
/// labelled `button`; `null` while there is none.
const NEWEST_WIDGET: &str = r#"
    const [title, button] = arguments;
    const widgets = [...document.querySelectorAll('.thread-item[data-item-type="widget"]')].reverse();
    const w = widgets.find((el) => el.innerText.split('\n').some((l) => l.trim() === title)
        && (button === null || [...el.querySelectorAll('button')].some((b) => b.textContent.trim() === button)));
    return w ? w.innerText.split('\n').map((l) => l.trim()).filter(Boolean) : null;
"#;

/// Waits for the newest widget with `title` (and `button`) and returns its lines.
async fn widget_lines(page: &App, title: &str, button: Option<&str>) -> Vec<String> {
    let v = page
        .wait_until(
            &format!("a widget titled {title:?}"),
            default_timeout(),
            async |c| {
                let v = c
                    .execute(NEWEST_WIDGET, vec![json!(title), json!(button)])
                    .await?;
                Ok((!v.is_null()).then_some(v))
            },
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    v.as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect()
}

/// Waits until no reply is streaming (the composer shows Send, not Stop).
async fn idle(page: &App) {
    page.wait_for("#composer-send")
        .await
        .expect("the reply ends");
}

/// Types `text` + Enter into the composer once no reply is streaming.
async fn send(page: &App, text: &str) {
    idle(page).await;
    let input = page
        .wait_for("#composer-input")
        .await
        .expect("the composer");
    input.send_keys(text).await.expect("typing");
    input.send_keys(ENTER).await.expect("Enter");
}

/// Sorted, so the page's log and the server's can be compared although requests overlap.
fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

/// The page's request log as strings.
fn page_log(v: &Value) -> Vec<String> {
    v.as_array()
        .expect("window.__shopdesk.requests")
        .iter()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect()
}

/// What the app has and the browser does not: no settings button, the server named instead.
async fn shows_browser_mode(page: &App, site: &BrowserHarness) {
    page.wait_for("#composer-input")
        .await
        .expect("the page starts");
    let host = site
        .chatkit_url()
        .trim_start_matches("http://")
        .split('/')
        .next()
        .unwrap()
        .to_owned();
    page.wait_for_text("#server-note", &host)
        .await
        .expect("the header names the server");
    assert!(
        page.find_all("#settings-button").await.unwrap().is_empty(),
        "no settings button without the app core"
    );
}

/// The page's CSP (vite.config.ts, from tauri.conf.json) stops an inline event handler, and the
/// browser reports the violation; the console has nothing else.
async fn inline_script_does_not_run(page: &App) {
    // The inline handler is registered before the listener, so it would run first: when the
    // listener runs, the inline handler has run or never will.
    let ran = page
        .eval(
            r#"return new Promise((resolve) => {
                   window.__inlineRan = false;
                   const img = document.createElement('img');
                   img.setAttribute('onerror', 'window.__inlineRan = true');
                   img.addEventListener('error', () => { img.remove(); resolve(window.__inlineRan); });
                   img.src = '/no-such-image.png';
                   document.body.appendChild(img);
               });"#,
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        ran, false,
        "an inline onerror handler must not run under the page's CSP"
    );
    let errors = console_errors(page).await.expect("the console log");
    let (csp, other): (Vec<_>, Vec<_>) = errors.into_iter().partition(|e| {
        e["message"]
            .as_str()
            .is_some_and(|m| m.contains("Content Security Policy") || m.contains("no-such-image"))
    });
    assert!(
        !csp.is_empty(),
        "the browser reported the refused inline handler"
    );
    assert!(other.is_empty(), "no console errors at start: {other:?}");
}

/// "What's in my cart?" ⇒ the summary shows the page's line; Checkout ⇒ the confirmation, and the
/// page's cart is emptied by the server's `cart.cleared` effect.
async fn view_cart_and_check_out(page: &App, card: &Card) {
    send(page, "What's in my cart?").await;
    let summary = widget_lines(page, "Your cart", Some("Checkout")).await;
    println!("[browser] cart summary: {summary:?}");
    assert!(
        summary.iter().any(|l| l == &card.title),
        "the summary lists the page's product: {summary:?}"
    );
    assert!(
        summary.iter().any(|l| l.starts_with("2 ×")),
        "with the page's quantity: {summary:?}"
    );
    let total = summary
        .iter()
        .rev()
        .find_map(|l| money(l))
        .expect("a total");
    assert!(
        (total - 2.0 * card.price).abs() < 0.005,
        "total {total} = 2 × {}",
        card.price
    );

    // The Checkout button of the newest summary, once the reply is over (the thread stops
    // scrolling to follow it).
    idle(page).await;
    let buttons = page
        .client()
        .find_all(Locator::XPath("//*[contains(concat(' ', normalize-space(@class), ' '), ' widget ')]//button[normalize-space(.)='Checkout']"))
        .await
        .unwrap();
    page.click_in_view(buttons.last().expect("a Checkout button"))
        .await
        .expect("click Checkout");
    let order = widget_lines(page, "Order confirmed", None).await;
    println!("[browser] order: {order:?}");
    assert!(
        order.iter().any(|l| l == &card.title),
        "the order is for the page's product: {order:?}"
    );
    page.wait_for_text("#cart-badge", "0")
        .await
        .expect("the cart is emptied after the order");
    page.screenshot("order-confirmed").await.unwrap();
    let stored = page
        .eval(
            "return window.localStorage.getItem('shopdesk.cart.items');",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        stored,
        json!("[]"),
        "the emptied cart is what localStorage holds"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_tutorial_in_a_browser_against_shopdesk_server() {
    let _serial = serial().await;
    let started = Instant::now();
    let site = BrowserHarness::start().expect("shopdesk-server and vite preview");
    let page = site.open().await.expect("headless Chromium on the page");
    shows_browser_mode(&page, &site).await;
    inline_script_does_not_run(&page).await;

    let card = show_products(&page).await;
    println!("[browser] card: {card:?}");
    idle(&page).await;
    show_me_products_builds_visibly(&page).await;

    // Phase 3, seen from both ends: the page's request log and the server's.
    let page_before = page_log(&settled_requests(&page).await);
    let server_before = site.chatkit_requests();
    assert_eq!(
        sorted(page_before.clone()),
        sorted(server_before.clone()),
        "every request the page sent reached the server, and no other"
    );
    add_twice(&page, &card).await;
    let page_after = page_log(&settled_requests(&page).await);
    let server_after = site.chatkit_requests();
    assert_eq!(
        page_after, page_before,
        "Add to Cart sent no request (page log)"
    );
    assert_eq!(
        server_after, server_before,
        "Add to Cart sent no request (server log)"
    );
    println!("[browser] requests before Add to Cart: {server_before:?}");

    view_cart_and_check_out(&page, &card).await;

    // One more, then a reload: localStorage keeps it, the server keeps the thread.
    page.click_in_view(&add_to_cart_button(&page).await)
        .await
        .expect("click Add to Cart");
    page.wait_for_text("#cart-badge", "1")
        .await
        .expect("badge 1");
    let before_reload = console_errors(&page).await.expect("the console log");
    page.client().refresh().await.expect("reload");
    page.wait_for_text("#cart-badge", "1")
        .await
        .expect("the cart survives a reload");
    let (lines, total) = cart_panel(&page).await;
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert_eq!(lines[0].1, 1, "{lines:?}");
    assert!((total - card.price).abs() < 0.005, "total {total}");
    page.wait_for(".history-item")
        .await
        .expect("the thread is in the server's history");
    page.screenshot("reloaded").await.unwrap();

    let mut errors = before_reload;
    errors.extend(console_errors(&page).await.expect("the console log"));
    assert!(errors.is_empty(), "the console has no errors: {errors:?}");
    page.quit().await.expect("quit");
    println!(
        "[timing] browser test: {:.1} s",
        started.elapsed().as_secs_f64()
    );
}
