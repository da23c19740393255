//! The `process()` fuzz on PostgreSQL: chatkit's request generators (mutated fixture requests,
//! random JSON, cancellations; `tests/support/request_gen.rs`) against the conformance server
//! over a [`chatkit_postgres::PostgresStore`], and after every case chatkit's consistency check
//! (`fuzz_requests/check.rs`: pages walk every row once in both orders, items belong to their
//! thread, no orphans). Fewer cases than on the in-process stores ([`CASES`], or
//! `CHATKIT_PG_FUZZ_CASES`): each case empties one schema (`TRUNCATE`) instead of opening a fresh
//! in-memory store.

#[path = "../../../chatkit/tests/chatkit/fuzz_requests/check.rs"]
mod check;
#[path = "../../../chatkit/tests/support/request_gen.rs"]
#[allow(dead_code)]
mod gen;

use crate::server::conformance_server;
use crate::{fixtures, responder};
use chatkit::server::{ChatKitServer, ProcessResult};
use chatkit::Store;
use chatkit_postgres::PostgresStore;
use futures::StreamExt;
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::Value;
use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

const CASES: u32 = 120;

/// The starting state every case builds (as the in-process fuzz does).
const SETUP: &[&str] = &[
    r#"{"type":"threads.create","params":{"input":{"content":[{"type":"input_text","text":"echo: Hello, world!"}],"attachments":[],"inference_options":{}}}}"#,
    r#"{"type":"threads.create","params":{"input":{"content":[{"type":"input_text","text":"widget: static"}],"attachments":[],"inference_options":{}}}}"#,
    r#"{"type":"threads.create","params":{"input":{"content":[{"type":"input_text","text":"client_tool"}],"attachments":[],"inference_options":{}}}}"#,
    r#"{"type":"attachments.create","params":{"name":"a.png","size":3,"mime_type":"image/png"}}"#,
];

/// One body: a typed error or JSON is fine; a stream must drain (or be cancelled) with an abort
/// only as its last item; nothing may hang.
async fn send(
    server: &ChatKitServer<()>,
    body: &[u8],
    cancel_after: Option<u8>,
) -> Result<(), String> {
    let outcome = tokio::time::timeout(Duration::from_secs(30), async {
        match server.process(body, ()).await {
            Err(_) => Ok(()),
            Ok(ProcessResult::Json(bytes)) => serde_json::from_slice::<Value>(&bytes)
                .map(drop)
                .map_err(|e| format!("JSON response is not JSON: {e}")),
            Ok(ProcessResult::Stream(mut stream)) => {
                let mut seen = 0usize;
                while let Some(item) = stream.next().await {
                    if item.is_err() {
                        return match stream.next().await {
                            Some(_) => Err("an item followed the abort".into()),
                            None => Ok(()),
                        };
                    }
                    seen += 1;
                    if cancel_after.map(usize::from) == Some(seen) {
                        stream.cancel().await;
                        return Ok(());
                    }
                }
                Ok(())
            }
        }
    })
    .await;
    outcome.unwrap_or_else(|_| Err("no response within 30 s (hung)".into()))
}

async fn empty(store: &PostgresStore) {
    let client = store.pool().get().await.expect("connection");
    client
        .batch_execute(
            "TRUNCATE chatkit_items, chatkit_threads, chatkit_attachments, chatkit_run_leases",
        )
        .await
        .expect("truncate");
}

async fn run_case(
    store: &PostgresStore,
    assets: &Arc<responder::Assets>,
    steps: &[gen::Step],
) -> Result<(), String> {
    empty(store).await;
    let shared: Arc<dyn Store<()>> = Arc::new(store.clone());
    let server = conformance_server(shared.clone(), assets.clone());
    for body in SETUP {
        send(&server, body.as_bytes(), None).await?;
    }
    let mut probes: HashSet<String> = gen::KNOWN_IDS.iter().map(|s| s.to_string()).collect();
    for step in steps {
        if let Ok(v) = serde_json::from_slice::<Value>(&step.body) {
            check::strings_in(&v, &mut probes);
        }
        send(&server, &step.body, step.cancel_after)
            .await
            .map_err(|e| format!("{e}; body {}", String::from_utf8_lossy(&step.body)))?;
    }
    check::consistent(&*shared, &probes).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn process_survives_fuzzed_requests_on_postgres() {
    let Some((store, _db)) = crate::fresh_store("fuzz").await else {
        return;
    };
    let cases = std::env::var("CHATKIT_PG_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(CASES);
    let assets = Arc::new(responder::Assets::load(&fixtures::assets_dir()).expect("assets"));
    let strategy = gen::steps(gen::fixture_requests());
    // A fixed seed sequence, so a failure is reproducible; the failing steps are printed.
    let config = Config {
        cases,
        ..Config::default()
    };
    let mut runner =
        TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha));
    let started = Instant::now();
    let mut bodies = 0;
    for case in 0..cases {
        let steps = strategy.new_tree(&mut runner).expect("generate").current();
        bodies += steps.len() + SETUP.len();
        if let Err(e) = run_case(&store, &assets, &steps).await {
            panic!("case {case}: {e}");
        }
    }
    println!(
        "fuzz (postgres): {cases} cases, {bodies} bodies, store consistent after each, in {:.1} s",
        started.elapsed().as_secs_f64()
    );
}
