//! In-page timing probes for the numbers the tests print (never assert).
//!
//! Why: WebDriver polling adds its own latency, so "Enter → card" and "click → badge" are
//! measured inside the page: a capture-phase listener stamps the user's input and a
//! `MutationObserver` stamps the first frame in which the expected DOM state holds.

use fantoccini::Client;
use serde_json::{json, Value};

/// Installs a probe named `name`: `t0` when `trigger` (`"enter"` on `#composer-input`, or
/// `"click"` anywhere) happens, `t1` the first time an element matching `selector` exists
/// and, if `text` is given, has exactly that trimmed text.
pub async fn arm(
    client: &Client,
    name: &str,
    trigger: &str,
    selector: &str,
    text: Option<&str>,
) -> crate::Result<()> {
    const SCRIPT: &str = r#"
        const [name, trigger, selector, text] = arguments;
        const probes = (window.__e2eProbes = window.__e2eProbes || {});
        const probe = (probes[name] = { t0: null, t1: null });
        const ok = () => {
            const els = [...document.querySelectorAll(selector)];
            return els.some((el) => text === null || el.textContent.trim() === text);
        };
        const onInput = (ev) => {
            if (probe.t0 !== null) return;
            if (trigger === 'enter' && !(ev.type === 'keydown' && ev.key === 'Enter')) return;
            if (trigger === 'click' && ev.type !== 'click') return;
            probe.t0 = performance.now();
        };
        document.addEventListener('keydown', onInput, true);
        document.addEventListener('click', onInput, true);
        const obs = new MutationObserver(() => {
            if (probe.t0 !== null && probe.t1 === null && ok()) {
                probe.t1 = performance.now();
                obs.disconnect();
            }
        });
        obs.observe(document.documentElement, { subtree: true, childList: true, characterData: true, attributes: true });
    "#;
    client
        .execute(
            SCRIPT,
            vec![json!(name), json!(trigger), json!(selector), json!(text)],
        )
        .await?;
    Ok(())
}

/// Milliseconds between the probe's trigger and its DOM condition, if both happened.
pub async fn read_ms(client: &Client, name: &str) -> crate::Result<Option<f64>> {
    let value = client
        .execute(
            "const p = (window.__e2eProbes || {})[arguments[0]];
             return p && p.t0 !== null && p.t1 !== null ? p.t1 - p.t0 : null;",
            vec![json!(name)],
        )
        .await?;
    Ok(match value {
        Value::Number(n) => n.as_f64(),
        _ => None,
    })
}

/// Prints a measured interval in a greppable form: `[timing] <label>: 123.4 ms`.
pub fn report(label: &str, in_page_ms: Option<f64>, wall: std::time::Duration) {
    match in_page_ms {
        Some(ms) => println!(
            "[timing] {label}: {ms:.1} ms in page ({:.1} ms as seen through WebDriver)",
            wall.as_secs_f64() * 1000.0
        ),
        None => println!(
            "[timing] {label}: not observed in page ({:.1} ms as seen through WebDriver)",
            wall.as_secs_f64() * 1000.0
        ),
    }
}
