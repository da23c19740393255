//! Phase 2 (docs/ARCHITECTURE.md, "What the app must show"), seen by a person: "Show me products" makes the agent's tool stream a
//! product list that visibly builds itself. An in-page recorder (a `MutationObserver`, so
//! WebDriver's polling latency cannot hide states) notes every distinct state of the newest
//! widget — how many products it shows and how long its text is — until the assistant's closing
//! message arrives. The list must be seen in at least three distinct intermediate states and end
//! with products that each have an Add to Cart button. Times are printed, never asserted.
//! [`show_me_products_builds_visibly`] is also the browser test's phase 2 (browser.rs).

use std::time::Instant;

use serde_json::{json, Value};
use shopdesk_e2e::session::default_timeout;
use shopdesk_e2e::{serial, App, Harness};

use crate::figures::{bench, percentile};

const ENTER: &str = "\u{E007}";

/// Records `{rows, text, t}` each time the newest widget item that was not there when it was
/// installed changes; `done` once an assistant message follows it.
const RECORDER: &str = r#"
    const rec = (window.__phase2 = { states: [], done: null, enter: null, t0: performance.now() });
    // When Enter went down (capture phase, before the page handles it): the first row counts from
    // here, not from the install, so the time WebDriver takes to type the text is not in it.
    document.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' && rec.enter === null) rec.enter = performance.now() - rec.t0;
    }, true);
    const before = new Set(document.querySelectorAll('.thread-item[data-item-type]'));
    const snapshot = () => {
        const items = [...document.querySelectorAll('.thread-item[data-item-type]')];
        const widgets = items.filter((el) => el.getAttribute('data-item-type') === 'widget' && !before.has(el));
        const widget = widgets[widgets.length - 1];
        if (!widget) return;
        const rows = [...widget.querySelectorAll('button')].filter((b) => b.textContent.trim() === 'Add to Cart').length;
        const text = widget.innerText.length;
        const last = rec.states[rec.states.length - 1];
        if (!last || last.rows !== rows || last.text !== text) rec.states.push({ rows, text, t: performance.now() - rec.t0 });
        const after = items.slice(items.indexOf(widget) + 1);
        if (rec.done === null && after.some((el) => el.getAttribute('data-item-type') === 'assistant_message')) {
            rec.done = performance.now() - rec.t0;
        }
    };
    new MutationObserver(snapshot).observe(document.documentElement, { subtree: true, childList: true, characterData: true });
"#;

/// A fixed script — JSON round trips of a 200-row list tree, then an integer loop — timed in the
/// page: how fast this engine runs the page's kind of work, so the app's figures (WebKitGTK) can
/// be set beside the browser test's (headless Chromium) on the same machine.
const ENGINE_PROBE: &str = r#"
    const rows = Array.from({ length: 200 }, (_, i) => ({ type: 'ListViewItem', key: 'p' + i,
        children: [{ type: 'Text', value: 'Product ' + i }, { type: 'Image', src: '/products/' + i + '.svg' }] }));
    const t = performance.now();
    let n = 0;
    for (let k = 0; k < 50; k++) n += JSON.parse(JSON.stringify({ type: 'ListView', children: rows })).children.length;
    let s = 0;
    for (let i = 0; i < 3e6; i++) s = (s + i * 7) % 1000003;
    return { ms: performance.now() - t, n, s, ua: navigator.userAgent };
"#;

#[tokio::test(flavor = "multi_thread")]
async fn show_me_products_builds_the_list_visibly() {
    let _serial = serial().await;
    let harness = Harness::new().expect("harness");
    let app = harness.launch().await.expect("app");
    show_me_products_builds_visibly(&app).await;
    app.quit().await.expect("quit");
}

/// Sends "Show me products" and checks that the reply's list visibly builds (see the module
/// doc); prints the timings and the states seen.
pub(crate) async fn show_me_products_builds_visibly(app: &App) {
    let input = app.wait_for("#composer-input").await.expect("composer");
    let engine = app.eval(ENGINE_PROBE, vec![]).await.expect("engine probe");
    let ua = engine["ua"].as_str().unwrap_or("");
    let name = if ua.contains("Chrome") {
        "Chromium"
    } else {
        "WebKit"
    };
    println!(
        "[timing] engine probe ({name}): {:.1} ms for a fixed script",
        engine["ms"].as_f64().unwrap_or(f64::NAN)
    );
    println!(
        "BENCH page.engine_probe_{}\t{:.1}\tms\t-",
        name.to_lowercase(),
        engine["ms"].as_f64().unwrap_or(f64::NAN)
    );
    app.eval(RECORDER, vec![]).await.expect("recorder");
    // The latency figures below are this list's only (the browser test sends a message before).
    app.eval(
        "const p = window.__shopdeskPerf;
         if (p) for (const k of ['eventLatencyMs', 'eventDispatchMs', 'eventsPerCommit']) p[k].length = 0;",
        vec![],
    )
    .await
    .expect("the page's figures cleared");
    input.send_keys("Show me products").await.expect("typing");
    let started = Instant::now();
    input.send_keys(ENTER).await.expect("Enter");

    let record = app
        .wait_until(
            "the list to finish and the assistant to answer",
            default_timeout(),
            async |c| {
                let r = c.execute("return window.__phase2;", vec![]).await?;
                Ok((!r["done"].is_null()).then_some(r))
            },
        )
        .await
        .expect("the streamed list");
    let wall = started.elapsed();
    app.screenshot("streaming-list").await.expect("screenshot");

    let states = record["states"].as_array().expect("states").clone();
    let final_state = states.last().expect("at least one state").clone();
    let intermediate: Vec<_> = states[..states.len() - 1].iter().collect();
    let enter = record["enter"].as_f64().unwrap_or(0.0);
    let first_row_ms = states
        .iter()
        .find(|s| s["rows"].as_u64() > Some(0))
        .and_then(|s| s["t"].as_f64())
        .map(|t| t - enter);
    println!(
        "[timing] Enter → first product row: {} ms; → list done and answered: {:.0} ms in page ({:.0} ms through WebDriver); {} distinct states",
        first_row_ms.map(|t| format!("{t:.0}")).unwrap_or_else(|| "-".into()),
        record["done"].as_f64().unwrap_or(f64::NAN) - enter,
        wall.as_secs_f64() * 1e3,
        states.len()
    );
    // The same figures as scripts/bench-app.sh collects them (issue 14 item 5); the browser
    // test's under its own name.
    let who = if name == "Chromium" { "browser" } else { "app" };
    if let Some(ms) = first_row_ms {
        println!("BENCH {who}.first_row_ms\t{ms:.1}\tms\t<= 300");
    }
    println!("BENCH {who}.list_states\t{}\tstates\t>= 5", states.len());
    // Core → applied latency of this list's events at the default pacing: the app's IPC frames
    // are stamped, and so are the server's SSE frames in the browser test (`--stamp-events`,
    // browser_session.rs); ui/src/perf/pagePerf.ts.
    let perf = app
        .eval(
            "const p = window.__shopdeskPerf;
             return [p?.eventLatencyMs ?? [], p?.eventsPerCommit ?? []];",
            vec![],
        )
        .await
        .expect("latencies");
    let numbers = |v: &Value| -> Vec<f64> {
        v.as_array()
            .map(|a| a.iter().filter_map(Value::as_f64).collect())
            .unwrap_or_default()
    };
    let (latency, per_commit) = (numbers(&perf[0]), numbers(&perf[1]));
    if !latency.is_empty() {
        println!(
            "[timing] core → applied at the default pacing: {} events, p50 {:.2} ms, p99 {:.2} ms",
            latency.len(),
            percentile(&latency, 50.0),
            percentile(&latency, 99.0)
        );
        bench(
            &format!("{who}.event_latency_p99_default_pacing"),
            percentile(&latency, 99.0),
            "ms",
            "<= 5",
        );
        // The first commit draws the question and the list's first state (in a new thread it
        // also mounts the thread view over the start screen); the events after it are what an
        // answer under way costs.
        let first = (per_commit.first().copied().unwrap_or(0.0) as usize).min(latency.len());
        if first > 0 && first < latency.len() {
            let later = &latency[first..];
            println!(
                "[timing] … the first commit: {first} events, up to {:.2} ms; after it: {} events, p50 {:.2} ms, p99 {:.2} ms",
                percentile(&latency[..first], 100.0),
                later.len(),
                percentile(later, 50.0),
                percentile(later, 99.0)
            );
            bench(
                &format!("{who}.event_latency_p99_after_first_commit"),
                percentile(later, 99.0),
                "ms",
                "-",
            );
        }
    }
    println!(
        "[phase2] states (rows, text length): {}",
        json!(states
            .iter()
            .map(|s| (s["rows"].clone(), s["text"].clone()))
            .collect::<Vec<_>>())
    );

    assert!(
        intermediate.len() >= 3,
        "the list must be seen in at least 3 intermediate states before its final one: {states:?}"
    );
    let rows: Vec<u64> = states.iter().filter_map(|s| s["rows"].as_u64()).collect();
    assert!(
        rows.windows(2).all(|w| w[0] <= w[1]),
        "the list only grows: {rows:?}"
    );
    let distinct_rows: std::collections::BTreeSet<u64> = rows.iter().copied().collect();
    assert!(
        distinct_rows.len() >= 3,
        "products arrive one by one, not all at once: {rows:?}"
    );
    assert!(
        final_state["rows"].as_u64() >= Some(3),
        "the finished list shows products with Add to Cart: {final_state}"
    );
}
