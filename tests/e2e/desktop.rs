//! Desktop habits in the real app (issue 13, item 6; docs/ARCHITECTURE.md, decision 17):
//! the dark theme is painted (the computed background changes) and kept across a restart, the
//! shortcuts work with real key presses (Ctrl+/ opens the overlay, Escape closes it, Ctrl+N starts
//! a new conversation from the composer), at 740×540 the history drawer closes after a choice and
//! neither it nor the cart panel covers the composer or the cart badge (element rectangles), and
//! the window reopens at the size and position it was left at.
//!
//! Screenshots at 740×540, 1000×700 and 1400×900, light and dark, when
//! `SHOPDESK_SCREENSHOT_DIR` is set (`desktop-<width>x<height>-<theme>.png`).

use std::time::{Duration, Instant};

use fantoccini::Locator;
use serde_json::{json, Value};
use shopdesk_e2e::session::default_timeout;
use shopdesk_e2e::{serial, App, Harness};

use crate::shopping::{add_to_cart_button, show_products};

const CTRL: &str = "\u{E009}";
const RELEASE: &str = "\u{E000}";
const ESCAPE: &str = "\u{E00C}";

/// The body's computed background and the root's `data-theme`; checks that the root's
/// `color-scheme` is that theme alone (the palette's `light-dark()` pairs follow it; the window's
/// native theme, which the app also sets, must not be what paints the page).
async fn painted(app: &App) -> (String, String) {
    let v = app
        .eval(
            "const root = document.documentElement; return [getComputedStyle(document.body).backgroundColor, root.dataset.theme || '', getComputedStyle(root).colorScheme];",
            vec![],
        )
        .await
        .unwrap();
    let theme = v[1].as_str().unwrap().to_owned();
    assert_eq!(
        v[2].as_str(),
        Some(theme.as_str()),
        "the root's color-scheme is the theme chosen: {v}"
    );
    (v[0].as_str().unwrap().to_owned(), theme)
}

async fn choose_theme(app: &App, choice: &str) {
    app.wait_for("#theme-button")
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let option = app
        .wait_for(&format!("#theme-option-{choice}"))
        .await
        .unwrap();
    option.click().await.unwrap();
    app.wait_until(
        &format!("data-theme after choosing {choice}"),
        default_timeout(),
        async |c| {
            let v = c
                .execute(
                    "return document.documentElement.dataset.themeChoice || '';",
                    vec![],
                )
                .await?;
            Ok((v == choice).then_some(()))
        },
    )
    .await
    .unwrap();
}

/// Resizes the window and waits until the page sees the new inner width.
async fn resize(app: &App, width: u32, height: u32) -> (u64, u64) {
    app.client()
        .set_window_rect(20, 20, width, height)
        .await
        .expect("set window rect");
    app.wait_until(
        &format!("the page at {width}x{height}"),
        Duration::from_secs(10),
        async |c| {
            let v = c
                .execute("return [window.innerWidth, window.innerHeight];", vec![])
                .await?;
            let (w, h) = (v[0].as_u64().unwrap_or(0), v[1].as_u64().unwrap_or(0));
            Ok(
                (w.abs_diff(u64::from(width)) <= 40 && h.abs_diff(u64::from(height)) <= 60)
                    .then_some((w, h)),
            )
        },
    )
    .await
    .unwrap()
}

/// Waits until no CSS transition or animation runs and two frames were painted (a screenshot or
/// a rectangle taken mid-slide, or right after a resize, shows a frame in between).
async fn settle(app: &App) {
    const QUIET: &str = r#"
        const done = arguments[arguments.length - 1];
        const quiet = () => document.getAnimations().every((a) => a.playState !== 'running');
        const frames = (n, then) => n === 0 ? then() : requestAnimationFrame(() => frames(n - 1, then));
        const check = (tries) => quiet() || tries === 0 ? frames(2, () => done(quiet())) : setTimeout(() => check(tries - 1), 50);
        check(60);
    "#;
    let quiet = app.client().execute_async(QUIET, vec![]).await.unwrap();
    if quiet != true {
        println!("[e2e] desktop: animations still running after 3 s");
    }
    tokio::time::sleep(Duration::from_millis(150)).await;
}

/// Rectangles of the composer, the cart badge, the history panel and the cart panel (null when
/// not shown), and whether the composer and the badge are inside the viewport and on top at
/// their centre (no other element drawn over them).
const LAYOUT: &str = r#"
    const rect = (sel) => {
        const el = document.querySelector(sel);
        if (!el) return null;
        const st = getComputedStyle(el);
        if (st.display === 'none' || st.visibility === 'hidden') return null;
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0 || r.right <= 0 || r.left >= innerWidth) return null;
        return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
    };
    const onTop = (sel) => {
        const el = document.querySelector(sel);
        const r = el.getBoundingClientRect();
        const hit = document.elementFromPoint((r.left + r.right) / 2, (r.top + r.bottom) / 2);
        return !!hit && (el === hit || el.contains(hit));
    };
    const composer = rect('.composer'), badge = rect('#cart-badge');
    const inView = (r) => !!r && r.left >= 0 && r.top >= 0 && r.right <= innerWidth + 0.5 && r.bottom <= innerHeight + 0.5;
    return {
        composer, badge, history: rect('nav.sidebar'), cart: rect('#cart-panel'),
        composerInView: inView(composer), badgeInView: inView(badge),
        composerOnTop: onTop('#composer-input'), badgeOnTop: onTop('#cart-badge'),
        sidebarOpen: document.querySelector('#sidebar-toggle').getAttribute('aria-expanded') === 'true',
    };
"#;

fn overlaps(a: &Value, b: &Value) -> bool {
    if a.is_null() || b.is_null() {
        return false;
    }
    let f = |v: &Value, k: &str| v[k].as_f64().unwrap();
    f(a, "left") < f(b, "right") - 0.5
        && f(b, "left") < f(a, "right") - 0.5
        && f(a, "top") < f(b, "bottom") - 0.5
        && f(b, "top") < f(a, "bottom") - 0.5
}

/// Asserts that nothing covers the composer or the cart badge; returns the layout seen.
async fn assert_uncovered(app: &App, when: &str) -> Value {
    settle(app).await;
    let l = app.eval(LAYOUT, vec![]).await.unwrap();
    for panel in ["history", "cart"] {
        for target in ["composer", "badge"] {
            assert!(
                !overlaps(&l[panel], &l[target]),
                "{when}: the {panel} panel covers the {target}: {l}"
            );
        }
    }
    for key in [
        "composerInView",
        "badgeInView",
        "composerOnTop",
        "badgeOnTop",
    ] {
        assert_eq!(l[key], true, "{when}: {key}: {l}");
    }
    l
}

#[tokio::test]
async fn theme_shortcuts_and_narrow_layout() {
    let _serial = serial().await;
    let started = Instant::now();
    let harness = Harness::new().expect("harness");
    let app = harness.launch().await.expect("launch");
    let input = app.wait_for("#composer-input").await.unwrap();

    // Dark mode: the computed background changes, and back.
    let (light_bg, theme) = painted(&app).await;
    assert_eq!(
        theme, "light",
        "Xvfb's system is light; the default choice is System"
    );
    choose_theme(&app, "dark").await;
    let (dark_bg, theme) = painted(&app).await;
    assert_eq!(theme, "dark");
    assert_ne!(
        dark_bg, light_bg,
        "the dark theme paints another background"
    );
    println!("[e2e] desktop: body background light {light_bg}, dark {dark_bg}");
    choose_theme(&app, "light").await;
    assert_eq!(painted(&app).await.0, light_bg);

    // Ctrl+/ from the composer opens the overlay (a Ctrl shortcut works while typing); "?"
    // typed in the composer types.
    input.click().await.unwrap();
    input.send_keys("?").await.unwrap();
    assert!(
        app.find_all("#shortcut-help").await.unwrap().is_empty(),
        "? typed in the composer must type"
    );
    assert_eq!(input.prop("value").await.unwrap().as_deref(), Some("?"));
    input.send_keys(&format!("{CTRL}/{RELEASE}")).await.unwrap();
    app.wait_for("#shortcut-help")
        .await
        .expect("Ctrl+/ opens the shortcut overlay");
    let rows = app
        .find_all("#shortcut-help tr[data-shortcut]")
        .await
        .unwrap()
        .len();
    assert!(rows >= 5, "the overlay lists the shortcuts ({rows})");
    app.screenshot("desktop-shortcut-help").await.unwrap();
    let focused_inside = app
        .eval(
            "return document.querySelector('#shortcut-help').contains(document.activeElement);",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(focused_inside, true, "the overlay takes the focus");
    let focused = app.client().active_element().await.unwrap();
    focused.send_keys(ESCAPE).await.unwrap();
    app.wait_until(
        "the overlay closed by Escape",
        default_timeout(),
        async |c| {
            Ok(c.find(Locator::Css("#shortcut-help"))
                .await
                .is_err()
                .then_some(()))
        },
    )
    .await
    .unwrap();

    // A conversation, then Ctrl+N (from the composer) starts a new one.
    input.clear().await.unwrap();
    show_products(&app).await;
    app.wait_for(".history-item")
        .await
        .expect("the conversation is listed");
    let input = app.wait_for("#composer-input").await.unwrap();
    input.send_keys(&format!("{CTRL}n{RELEASE}")).await.unwrap();
    app.wait_for(".start-screen")
        .await
        .expect("Ctrl+N shows a new conversation");
    assert_eq!(
        app.eval(
            "return document.activeElement && document.activeElement.id;",
            vec![]
        )
        .await
        .unwrap(),
        "composer-input",
        "the new conversation is ready to type in"
    );

    // 740×540: the history is a drawer; it closes after a choice; nothing covers the composer or
    // the badge, with the drawer open, after the choice, with the cart open.
    let (w, h) = resize(&app, 740, 540).await;
    println!("[e2e] desktop: page at {w}x{h}");
    let toggle = app.wait_for("#sidebar-toggle").await.unwrap();
    let l = app.eval(LAYOUT, vec![]).await.unwrap();
    if l["sidebarOpen"] != true {
        toggle.click().await.unwrap();
    }
    app.wait_for("nav.sidebar:not(.is-collapsed) .history-open")
        .await
        .expect("the drawer open");
    assert_uncovered(&app, "740x540, drawer open").await;
    app.screenshot("desktop-740x540-drawer").await.unwrap();
    app.wait_for(".history-open")
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    app.wait_for(".widget")
        .await
        .expect("the chosen conversation opens");
    let l = assert_uncovered(&app, "740x540, after a choice").await;
    assert_eq!(
        l["sidebarOpen"], false,
        "the drawer closes after a choice: {l}"
    );
    assert!(l["history"].is_null(), "the drawer is gone: {l}");
    app.screenshot("desktop-740x540-light").await.unwrap();
    let add = add_to_cart_button(&app).await;
    app.click_in_view(&add).await.unwrap();
    app.wait_for("#cart-badge[data-count='1']").await.unwrap();
    app.wait_for("#cart-badge")
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    app.wait_for("#cart-panel.is-open").await.unwrap();
    let l = assert_uncovered(&app, "740x540, cart open").await;
    assert!(!l["cart"].is_null(), "the cart panel is on screen: {l}");
    let right = l["cart"]["right"].as_f64().unwrap();
    assert!(
        right <= w as f64 + 0.5,
        "the cart panel is not cut at the right edge: {l}"
    );
    app.screenshot("desktop-740x540-cart-light").await.unwrap();
    // Opening the drawer now closes the cart (both do not fit beside the conversation).
    toggle.click().await.unwrap();
    app.wait_for("#cart-panel:not(.is-open)").await.unwrap();
    assert_uncovered(&app, "740x540, drawer reopened").await;
    toggle.click().await.unwrap();

    // The other sizes, light and dark: nothing covered, and a screenshot to look at.
    for (width, height) in [(740, 540), (1000, 700), (1400, 900)] {
        resize(&app, width, height).await;
        for theme in ["light", "dark"] {
            choose_theme(&app, theme).await;
            assert_uncovered(&app, &format!("{width}x{height} {theme}")).await;
            app.screenshot(&format!("desktop-{width}x{height}-{theme}"))
                .await
                .unwrap();
        }
    }
    app.quit().await.unwrap();
    println!(
        "[e2e] desktop: theme, shortcuts and layout in {:.1} s",
        started.elapsed().as_secs_f64()
    );
}

#[tokio::test]
async fn window_geometry_and_theme_survive_a_restart() {
    let _serial = serial().await;
    let started = Instant::now();
    let harness = Harness::new().expect("harness");
    let app = harness.launch().await.expect("launch");
    app.wait_for("#composer-input").await.unwrap();
    app.client()
        .set_window_rect(60, 40, 900, 650)
        .await
        .expect("set window rect");
    choose_theme(&app, "dark").await;
    let before = app.client().get_window_rect().await.unwrap();
    let inner_before = app
        .eval("return [innerWidth, innerHeight];", vec![])
        .await
        .unwrap();
    // Saved a moment after the last resize (window_state::SAVE_DELAY), without a clean close.
    let file = harness.app_data_dir().join("window-state.json");
    let saved = app
        .wait_until(
            "window-state.json with the new size",
            default_timeout(),
            async |_| {
                let text = std::fs::read_to_string(&file).unwrap_or_default();
                let v: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
                Ok((v["width"]
                    .as_f64()
                    .is_some_and(|w| (w - inner_before[0].as_f64().unwrap()).abs() < 1.0))
                .then_some(v))
            },
        )
        .await
        .unwrap();
    println!("[e2e] desktop: window rect {before:?}, saved {saved}");
    app.quit().await.unwrap();

    let again = harness.launch().await.expect("relaunch");
    again.wait_for("#composer-input").await.unwrap();
    let after = again.client().get_window_rect().await.unwrap();
    let inner_after = again
        .eval("return [innerWidth, innerHeight];", vec![])
        .await
        .unwrap();
    println!("[e2e] desktop: after the restart window rect {after:?}, inner {inner_after}");
    assert_eq!(inner_after, inner_before, "the window reopens at its size");
    assert_eq!(
        (after.0, after.1),
        (before.0, before.1),
        "the window reopens at its position"
    );
    again
        .wait_until(
            "the dark theme after the restart",
            default_timeout(),
            async |c| {
                let v = c
                    .execute("return document.documentElement.dataset.theme;", vec![])
                    .await?;
                Ok((v == json!("dark")).then_some(()))
            },
        )
        .await
        .unwrap();
    again.quit().await.unwrap();
    println!(
        "[e2e] desktop: geometry and theme across a restart in {:.1} s",
        started.elapsed().as_secs_f64()
    );
}
