//! The caps on `chatkit_request`, hit from the page's own JavaScript
//! (`window.__TAURI_INTERNALS__.invoke`, what a compromised or runaway page could call): a
//! 10 MB body and 50 parallel streaming runs are refused with clear `invalid_request` errors,
//! and the app keeps working — a message typed afterwards still gets its answer. The app is
//! pointed at a scripted OpenAI-compatible server on loopback whose replies stall until the
//! test lets them through, so the accepted runs really stay in flight (no race with their end)
//! and are then cancelled. Last, the log file: it exists in the data directory, is private
//! (0600 in a 0700 directory), records the start and the requests, and holds no trace of the
//! canary API key the app was launched with.

use std::os::unix::fs::PermissionsExt;
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{json, Value};
use shop::testing::{MockOpenAi, Reply};
use shopdesk_e2e::{serial, Harness};

const ENTER: &str = "\u{E007}";

/// The runs-in-flight cap of the app (`MAX_RUNS_IN_FLIGHT` in src-tauri/src/cancel_registry.rs).
const MAX_RUNS_IN_FLIGHT: usize = 16;

/// One 10 MB request, then 50 streaming runs at once, then a cancel for every accepted one.
const FLOOD: &str = r#"
    const done = arguments[arguments.length - 1];
    const T = window.__TAURI_INTERNALS__;
    const channel = () => '__CHANNEL__:' + T.transformCallback(() => {});
    const create = (text) => JSON.stringify({ type: 'threads.create', params: { input: {
        content: [{ type: 'input_text', text }], attachments: [], inference_options: {} } } });
    const settle = (p) => p.then((ok) => ({ ok }), (err) => ({ err }));
    (async () => {
        const big = await settle(T.invoke('chatkit_request',
            { body: create('a'.repeat(10000000)), runId: 'big-1', onEvent: channel() }));
        const runs = await Promise.all(Array.from({ length: 50 }, (_, i) =>
            settle(T.invoke('chatkit_request',
                { body: create('parallel ' + i), runId: 'par-' + i, onEvent: channel() }))
                .then((r) => ({ ...r, runId: 'par-' + i }))));
        const cancelled = await Promise.all(runs.filter((r) => r.ok)
            .map((r) => T.invoke('chatkit_cancel', { runId: r.runId })));
        done(JSON.stringify({ big, runs, cancelled }));
    })().catch((e) => done(JSON.stringify({ script_error: String(e) })));
"#;

fn mode(path: &std::path::Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[tokio::test(flavor = "multi_thread")]
async fn oversized_bodies_and_run_floods_are_refused_and_the_app_keeps_working() {
    let _serial = serial().await;
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let canary = format!("sk-shopdesk-log-canary-{}-{nanos}", std::process::id());

    let mock = MockOpenAi::start().await;
    mock.set_fallback(Reply::stall());
    let harness = Harness::new()
        .expect("harness")
        .with_env("SHOPDESK_PROVIDER", "openai-compatible")
        .with_env("SHOPDESK_BASE_URL", &mock.base_url())
        .with_env("SHOPDESK_MODEL", "test-model")
        .with_env("OPENAI_API_KEY", &canary);
    let app = harness.launch().await.expect("app");
    app.wait_for("#composer-input").await.expect("composer");

    let result = app
        .client()
        .execute_async(FLOOD, vec![])
        .await
        .expect("the flood script");
    let result: Value = serde_json::from_str(result.as_str().expect("a string")).unwrap();
    assert!(result.get("script_error").is_none(), "{result}");

    let big = &result["big"]["err"];
    assert_eq!(big["code"], "invalid_request", "{:.300}", result["big"]);
    let message = big["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("more than the limit of 4194304 bytes"),
        "{message}"
    );
    println!("[ipc_limits] 10 MB body: {message}");

    let runs = result["runs"].as_array().unwrap();
    let accepted = runs.iter().filter(|r| r["ok"]["kind"] == "stream").count();
    let refused: Vec<&Value> = runs.iter().filter_map(|r| r.get("err")).collect();
    println!(
        "[ipc_limits] 50 parallel streaming runs: {accepted} accepted, {} refused",
        refused.len()
    );
    assert_eq!(accepted + refused.len(), 50, "every run answered: {result}");
    assert!(
        (1..=MAX_RUNS_IN_FLIGHT).contains(&accepted),
        "at most {MAX_RUNS_IN_FLIGHT} in flight: {accepted}"
    );
    for err in &refused {
        assert_eq!(err["code"], "invalid_request", "{err}");
        assert!(
            err["message"]
                .as_str()
                .is_some_and(|m| m.starts_with("too many requests in flight (16 are running)")),
            "{err}"
        );
    }
    assert_eq!(
        result["cancelled"].as_array().unwrap().len(),
        accepted,
        "every accepted run was cancelled: {}",
        result["cancelled"]
    );

    // The app keeps working: a message typed now gets its answer.
    mock.set_fallback(Reply::sse_json([
        json!({"id": "c", "object": "chat.completion.chunk", "choices": [{"index": 0, "delta": {"role": "assistant", "content": "Still here after the flood."}, "finish_reason": null}]}),
        json!({"id": "c", "object": "chat.completion.chunk", "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}),
    ]));
    let input = app.wait_for("#composer-input").await.expect("composer");
    input.send_keys("hello again").await.expect("typing");
    input.send_keys(ENTER).await.expect("Enter");
    app.wait_for_text(
        ".thread-item[data-item-type='assistant_message']",
        "Still here after the flood.",
    )
    .await
    .expect("the answer after the flood");
    app.quit().await.expect("quit");

    // The log: in the data directory, private, about this run, without the key.
    let logs = harness.app_data_dir().join("logs");
    let file = logs.join("shopdesk.log");
    assert!(file.is_file(), "{} exists", file.display());
    assert_eq!(mode(&logs), 0o700, "the log directory is private");
    assert_eq!(mode(&file), 0o600, "the log file is private");
    let log = std::fs::read_to_string(&file).unwrap();
    for expected in [
        "shopdesk started",
        "provider=\"openai-compatible\"",
        "request=\"threads.create\"",
        "outcome=\"cancelled\"",
        "outcome=\"completed\"",
        "too many requests in flight",
        "request=\"(too large)\"",
    ] {
        assert!(
            log.contains(expected),
            "the log has {expected:?}:\n{log:.4000}"
        );
    }
    println!(
        "[ipc_limits] log: {} bytes, {} lines",
        log.len(),
        log.lines().count()
    );
    // The scan can fail: it finds the canary where it is planted ...
    let planted = logs.join("planted.tmp");
    std::fs::write(&planted, format!("xx{canary}xx")).unwrap();
    assert_eq!(files_containing(&logs, &canary), vec![planted.clone()]);
    std::fs::remove_file(&planted).unwrap();
    // ... and nowhere else: not in the log, nor in a rotated one.
    assert_eq!(
        files_containing(&logs, &canary),
        Vec::<std::path::PathBuf>::new(),
        "the API key reached the log"
    );
}

fn files_containing(dir: &std::path::Path, needle: &str) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|path| {
            let bytes = std::fs::read(path).unwrap();
            bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
        })
        .collect()
}
