//! The `process()` fuzz on PostgreSQL: chatkit's request generators (mutated fixture requests,
//! random JSON, cancellations; `tests/support/request_gen.rs`) and its fuzz case
//! (`fuzz_requests/case.rs`: the starting state, each answer checked) against the conformance
//! server over a [`chatkit_postgres::PostgresStore`], and after every case chatkit's consistency
//! check (`fuzz_requests/check.rs`: pages walk every row once in both orders, items belong to
//! their thread, no orphans). Fewer cases than on the in-process stores ([`CASES`], or
//! `CHATKIT_PG_FUZZ_CASES`): each case empties one schema (`TRUNCATE`) instead of opening a fresh
//! in-memory store.

#[path = "../../../chatkit/tests/chatkit/fuzz_requests/case.rs"]
mod case;
#[path = "../../../chatkit/tests/chatkit/fuzz_requests/check.rs"]
mod check;
#[path = "../../../chatkit/tests/support/request_gen.rs"]
#[allow(dead_code)]
mod gen;

use crate::server::conformance_server;
use crate::{fixtures, responder};
use chatkit::Store;
use chatkit_postgres::PostgresStore;
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use std::sync::Arc;
use std::time::Instant;

const CASES: u32 = 120;

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
    let probes = case::replay(&server, steps).await?;
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
        bodies += steps.len() + case::SETUP.len();
        if let Err(e) = run_case(&store, &assets, &steps).await {
            panic!("case {case}: {e}");
        }
    }
    println!(
        "fuzz (postgres): {cases} cases, {bodies} bodies, store consistent after each, in {:.1} s",
        started.elapsed().as_secs_f64()
    );
}
