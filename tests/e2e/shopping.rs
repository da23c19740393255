//! The three acceptance scenarios (docs/ARCHITECTURE.md, "What the app must show"), driven through the real app:
//! (a) "show products" + Enter ⇒ a product card with image, title, price and "Add to Cart";
//! (b) two clicks on "Add to Cart" ⇒ badge 2, panel quantity 2, the right total, and no ChatKit
//!     request sent for the clicks (client actions stay client-side);
//! (c) quit and relaunch on the same data ⇒ the cart is still there and the thread is listed in
//!     the history.
//! Timings (Enter → card, click → badge) are printed, never asserted. The helpers are also the
//! browser test's phases 1 and 3 (browser.rs).
//!
//! DOM contract (from the UI): `#composer-input`, `.thread-item[data-item-type]`, `.widget`,
//! `#cart-badge`, `#cart-panel` with `.cart-line[data-product-id]`, `.cart-qty`, `#cart-total`,
//! `.history-item`, and `window.__shopdesk.requests` (the ChatKit request types sent).

use std::time::{Duration, Instant};

use fantoccini::Locator;
use serde_json::{json, Value};
use shopdesk_e2e::session::default_timeout;
use shopdesk_e2e::{serial, timing, App, Harness};

pub(crate) const ADD_TO_CART: &str = "Add to Cart";
pub(crate) const ENTER: &str = "\u{E007}";

/// What the test saw of the product card.
#[derive(Debug, Clone)]
pub(crate) struct Card {
    pub(crate) title: String,
    pub(crate) price: f64,
}

/// Describes the first product card in the thread (the smallest block around the first
/// "Add to Cart" button that also holds an image: its lines, its most prominent text as the
/// title, its image), or `null` while there is none.
const DESCRIBE_CARD: &str = r#"
    const label = arguments[0];
    const buttons = [...document.querySelectorAll('.thread-item[data-item-type] .widget button')]
        .filter((b) => b.textContent.trim() === label);
    if (buttons.length === 0) return null;
    const button = buttons[0];
    const widget = button.closest('.widget');
    let card = button.parentElement;
    while (card && card !== widget && !card.querySelector('img')) card = card.parentElement;
    const img = card ? card.querySelector('img') : null;
    // The title: the most prominent text (largest font, then heaviest) that is not in a button
    // and not a price.
    const scope = card || widget;
    let title = null, best = [-1, -1];
    for (const el of scope.querySelectorAll('*')) {
        if (el.closest('button')) continue;
        const own = [...el.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join('').trim();
        if (!own || /\d+[.,]\d{2}/.test(own)) continue;
        const st = getComputedStyle(el);
        const rank = [parseFloat(st.fontSize), parseInt(st.fontWeight, 10) || 400];
        if (rank[0] > best[0] || (rank[0] === best[0] && rank[1] > best[1])) { best = rank; title = own; }
    }
    return {
        itemType: button.closest('.thread-item').getAttribute('data-item-type'),
        title,
        lines: scope.innerText.split('\n').map((l) => l.trim()).filter(Boolean),
        img: img && { src: img.getAttribute('src') || '', complete: img.complete, width: img.naturalWidth },
    };
"#;

/// Parses the first money amount in `text` ("$49.99", "49,99 €", "Total: 99.98").
pub(crate) fn money(text: &str) -> Option<f64> {
    let start = text.find(|c: char| c.is_ascii_digit())?;
    let digits: String = text[start..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
        .filter(|c| *c != ',' || !text.contains('.'))
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    digits.trim_end_matches('.').parse().ok()
}

fn looks_like_price(line: &str) -> bool {
    line.chars().any(|c| c.is_ascii_digit())
        && (line.contains('$') || line.contains('€') || line.contains('£') || line.contains('.'))
        && money(line).is_some()
}

/// Types "show products" + Enter and waits for the card; prints Enter → card.
pub(crate) async fn show_products(app: &App) -> Card {
    let input = app.wait_for("#composer-input").await.expect("the composer");
    timing::arm(
        app.client(),
        "enter-to-card",
        "enter",
        ".widget button",
        Some(ADD_TO_CART),
    )
    .await
    .expect("probe");
    input.send_keys("show products").await.expect("typing");
    let started = Instant::now();
    input.send_keys(ENTER).await.expect("Enter");
    let described = app
        .wait_until(
            "a product card with an image loaded",
            default_timeout(),
            async |c| {
                let v = c.execute(DESCRIBE_CARD, vec![json!(ADD_TO_CART)]).await?;
                let loaded = v["img"]["complete"] == true && v["img"]["width"].as_u64() > Some(0);
                Ok((!v.is_null() && loaded).then_some(v))
            },
        )
        .await
        .expect("a product card");
    let wall = started.elapsed();
    timing::report(
        "Enter → card in DOM",
        timing::read_ms(app.client(), "enter-to-card")
            .await
            .unwrap(),
        wall,
    );
    app.screenshot("shopping-card").await.expect("screenshot");

    assert_eq!(
        described["itemType"], "widget",
        "the card is a widget item: {described}"
    );
    assert!(
        !described["img"]["src"].as_str().unwrap_or("").is_empty(),
        "{described}"
    );
    let lines: Vec<&str> = described["lines"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let price_line = lines
        .iter()
        .find(|l| looks_like_price(l))
        .expect("a price on the card");
    let title = described["title"].as_str().expect("a title on the card");
    assert!(lines.contains(&title), "the title is shown: {described}");
    Card {
        title: title.to_string(),
        price: money(price_line).unwrap(),
    }
}

/// The first "Add to Cart" button inside a widget.
pub(crate) async fn add_to_cart_button(app: &App) -> fantoccini::elements::Element {
    let xpath = format!(
        "//*[contains(concat(' ', normalize-space(@class), ' '), ' widget ')]\
         //button[normalize-space(.)='{ADD_TO_CART}']"
    );
    app.client()
        .find(Locator::XPath(&xpath))
        .await
        .expect("the Add to Cart button")
}

/// The request log once the page is quiet: neither the log nor the thread's text changed for
/// a second. A response still streaming (and the history refresh the page makes when it ends)
/// must not be mistaken for a request caused by a click.
pub(crate) async fn settled_requests(app: &App) -> Value {
    const SNAPSHOT: &str = r#"
        const items = [...document.querySelectorAll('.thread-item')].map((i) => i.textContent).join('\u0001');
        return [(window.__shopdesk && window.__shopdesk.requests) || null, items];
    "#;
    let mut last = app.eval(SNAPSHOT, vec![]).await.unwrap();
    let mut stable_since = Instant::now();
    let deadline = Instant::now() + default_timeout();
    while stable_since.elapsed() < Duration::from_millis(1000) {
        assert!(Instant::now() < deadline, "the page never settled: {last}");
        tokio::time::sleep(Duration::from_millis(50)).await;
        let now = app.eval(SNAPSHOT, vec![]).await.unwrap();
        if now != last {
            last = now;
            stable_since = Instant::now();
        }
    }
    last[0].clone()
}

/// The cart panel's lines as `(product id, quantity)` and the panel's total, opening the panel
/// through the badge first if it is not on screen.
pub(crate) async fn cart_panel(app: &App) -> (Vec<(String, u64)>, f64) {
    const ON_SCREEN: &str = r#"
        const panel = document.querySelector('#cart-panel');
        if (!panel) return false;
        const r = panel.getBoundingClientRect();
        const st = getComputedStyle(panel);
        return r.width > 0 && r.height > 0 && r.left < window.innerWidth && r.right > 0
            && st.visibility !== 'hidden' && st.display !== 'none';
    "#;
    if app.eval(ON_SCREEN, vec![]).await.unwrap() != true {
        app.client()
            .find(Locator::Css("#cart-badge"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        app.wait_until(
            "the cart panel on screen",
            Duration::from_secs(10),
            async |c| Ok((c.execute(ON_SCREEN, vec![]).await? == true).then_some(())),
        )
        .await
        .expect("the badge opens the cart panel");
        // Let a slide-in transition finish before the screenshot.
        tokio::time::sleep(Duration::from_millis(400)).await;
    }
    let lines = app
        .wait_until("the cart panel's lines", Duration::from_secs(10), async |c| {
            let v = c
                .execute(
                    r#"const lines = [...document.querySelectorAll('#cart-panel .cart-line[data-product-id]')];
                       const total = document.querySelector('#cart-total');
                       if (lines.length === 0 || !total) return null;
                       return {
                         lines: lines.map((l) => {
                           const q = l.querySelector('.cart-qty');
                           const raw = q ? (q.value !== undefined && q.value !== '' ? q.value : q.textContent) : '';
                           return [l.getAttribute('data-product-id'), String(raw).trim()];
                         }),
                         total: total.textContent,
                       };"#,
                    vec![],
                )
                .await?;
            Ok((!v.is_null()).then_some(v))
        })
        .await
        .expect("cart panel");
    let parsed = lines["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let qty = l[1].as_str().unwrap();
            let qty = qty
                .trim_start_matches(['×', 'x', ' '])
                .parse()
                .unwrap_or_else(|_| panic!("a numeric .cart-qty, got {qty:?}"));
            (l[0].as_str().unwrap().to_owned(), qty)
        })
        .collect();
    let total_text = lines["total"].as_str().unwrap();
    (
        parsed,
        money(total_text).unwrap_or_else(|| panic!("a total, got {total_text:?}")),
    )
}

/// Clicks "Add to Cart" twice and checks badge, panel, total and the request log; prints
/// click → badge. Returns the product id in the cart.
pub(crate) async fn add_twice(app: &App, card: &Card) -> String {
    let before = settled_requests(app).await;
    assert!(
        before.is_array(),
        "window.__shopdesk.requests is an array: {before}"
    );
    timing::arm(
        app.client(),
        "click-to-badge",
        "click",
        "#cart-badge",
        Some("1"),
    )
    .await
    .unwrap();
    let button = add_to_cart_button(app).await;
    let started = Instant::now();
    app.click_in_view(&button).await.expect("first click");
    app.wait_for_text("#cart-badge", "1")
        .await
        .expect("badge 1");
    let wall = started.elapsed();
    timing::report(
        "click → badge update",
        timing::read_ms(app.client(), "click-to-badge")
            .await
            .unwrap(),
        wall,
    );
    app.click_in_view(&add_to_cart_button(app).await)
        .await
        .expect("second click");
    app.wait_for_text("#cart-badge", "2")
        .await
        .expect("badge 2");

    let (lines, total) = cart_panel(app).await;
    assert_eq!(lines.len(), 1, "one product line: {lines:?}");
    assert_eq!(lines[0].1, 2, "quantity 2: {lines:?}");
    assert!(
        (total - 2.0 * card.price).abs() < 0.005,
        "total {total} = 2 × {}",
        card.price
    );
    app.screenshot("shopping-cart").await.expect("screenshot");

    let after = settled_requests(app).await;
    assert_eq!(
        after, before,
        "Add to Cart is a client action: no ChatKit request is sent"
    );
    lines[0].0.clone()
}

/// Waits until `cart.json` on disk holds `product_id` with quantity 2 (the page saves it
/// asynchronously; quitting before that would lose it).
async fn wait_for_saved_cart(app: &App, harness: &Harness, product_id: &str, card: &Card) {
    let path = harness.app_data_dir().join("cart.json");
    let saved = app
        .wait_until(
            "cart.json to hold the cart",
            Duration::from_secs(10),
            async |_| {
                let Ok(text) = std::fs::read_to_string(&path) else {
                    return Ok(None);
                };
                let Ok(v) = serde_json::from_str::<Value>(&text) else {
                    return Ok(None);
                };
                let line = v["items"].as_array().and_then(|items| {
                    items
                        .iter()
                        .find(|i| i["product_id"] == product_id)
                        .cloned()
                });
                Ok(line.filter(|l| l["quantity"] == 2))
            },
        )
        .await
        .expect("the saved cart");
    assert_eq!(
        saved["name"],
        card.title.as_str(),
        "Contract 2 line: {saved}"
    );
    assert!(
        (saved["price"].as_f64().unwrap() - card.price).abs() < 0.005,
        "{saved}"
    );
    assert!(
        saved["image"].as_str().is_some_and(|s| !s.is_empty()),
        "{saved}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_show_products_renders_a_product_card() {
    let _serial = serial().await;
    let harness = Harness::new().expect("harness");
    let app = harness.launch().await.expect("launch");
    let card = show_products(&app).await;
    println!("[e2e] card: {card:?}");
    assert!(card.price > 0.0);
    app.quit().await.expect("quit");
}

#[tokio::test(flavor = "multi_thread")]
async fn b_add_to_cart_twice_updates_badge_panel_and_total_without_requests() {
    let _serial = serial().await;
    let harness = Harness::new().expect("harness");
    let app = harness.launch().await.expect("launch");
    let card = show_products(&app).await;
    let product_id = add_twice(&app, &card).await;
    wait_for_saved_cart(&app, &harness, &product_id, &card).await;
    app.quit().await.expect("quit");
}

#[tokio::test(flavor = "multi_thread")]
async fn c_cart_and_thread_survive_a_restart() {
    let _serial = serial().await;
    let harness = Harness::new().expect("harness");
    let app = harness.launch().await.expect("first launch");
    let card = show_products(&app).await;
    let product_id = add_twice(&app, &card).await;
    wait_for_saved_cart(&app, &harness, &product_id, &card).await;
    app.quit().await.expect("quit");
    assert!(
        harness.app_data_dir().join("shopdesk.sqlite3").is_file(),
        "threads are in SQLite"
    );

    let app = harness.launch().await.expect("second launch, same data");
    app.wait_for_text("#cart-badge", "2")
        .await
        .expect("the badge survives the restart");
    let (lines, total) = cart_panel(&app).await;
    assert_eq!(
        lines,
        vec![(product_id, 2)],
        "the cart survives the restart"
    );
    assert!((total - 2.0 * card.price).abs() < 0.005);

    let history = app
        .wait_for(".history-item")
        .await
        .expect("the thread is in the history");
    history.click().await.expect("open the thread");
    app.wait_until("the restored card", Duration::from_secs(20), async |c| {
        let v = c.execute(DESCRIBE_CARD, vec![json!(ADD_TO_CART)]).await?;
        Ok((!v.is_null()).then_some(v))
    })
    .await
    .expect("the thread's card is restored from SQLite");
    app.screenshot("shopping-restored")
        .await
        .expect("screenshot");
    app.quit().await.expect("quit");
}

#[test]
fn money_parses_common_formats() {
    assert_eq!(money("$49.99"), Some(49.99));
    assert_eq!(money("Total: $1,299.00"), Some(1299.0));
    assert_eq!(money("49,99 €"), Some(49.99));
    assert_eq!(money("no price"), None);
    assert!(looks_like_price("$12.00"));
    assert!(!looks_like_price("Add to Cart"));
}
