//! Fuzzes `ChatKitServer::process` end to end: mutated fixture requests, random JSON, random
//! bytes and deep nesting (see `tests/support/request_gen.rs`) against a server running the conformance
//! responder on a store that already holds a few threads (a message thread, a widget thread, a
//! thread with a pending client tool call). Every case asserts that nothing panics or hangs, that
//! JSON responses are JSON and streams drain (or cancel) cleanly with an abort only as the last
//! item (`case.rs`), and that the store is consistent afterwards (`check.rs`; on SQLite also
//! `PRAGMA integrity_check` / `foreign_key_check`). 5,000 cases per store, 10,000 in total.

mod case;
mod check;
#[path = "../support/request_gen.rs"]
mod gen;

use crate::server::conformance_server;
use crate::{fixtures, responder};
use chatkit::store::sqlite::SqliteStore;
use chatkit::{MemoryStore, Store};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestCaseError;
use serde_json::Value;
use std::sync::{Arc, OnceLock};

const CASES_PER_STORE: u32 = 5_000;

fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime")
    })
}

fn assets() -> Arc<responder::Assets> {
    static ASSETS: OnceLock<Arc<responder::Assets>> = OnceLock::new();
    ASSETS
        .get_or_init(|| Arc::new(responder::Assets::load(&fixtures::assets_dir()).expect("assets")))
        .clone()
}

fn seeds() -> Vec<Value> {
    gen::fixture_requests()
}

async fn run_case(
    store: Arc<dyn Store<()>>,
    sqlite: Option<&SqliteStore>,
    steps: &[gen::Step],
) -> Result<(), TestCaseError> {
    let server = conformance_server(store.clone(), assets());
    let probes = case::replay(&server, steps)
        .await
        .map_err(TestCaseError::fail)?;
    check::consistent(&*store, &probes)
        .await
        .map_err(TestCaseError::fail)?;
    if let Some(db) = sqlite {
        db.check_integrity()
            .await
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { max_shrink_iters: 200, ..crate::proptest_config(CASES_PER_STORE) })]

    #[test]
    fn process_survives_fuzzed_requests_on_the_memory_store(steps in gen::steps(seeds())) {
        runtime().block_on(run_case(Arc::new(MemoryStore::new()), None, &steps))?;
    }

    #[test]
    fn process_survives_fuzzed_requests_on_the_sqlite_store(steps in gen::steps(seeds())) {
        let db = SqliteStore::open_in_memory().expect("sqlite");
        runtime().block_on(run_case(Arc::new(db.clone()), Some(&db), &steps))?;
    }
}

/// The generators must actually reach the server's handlers, not only its parser: a sample of
/// mutated bodies has to include both accepted requests and rejected ones.
#[test]
fn generators_reach_past_the_parser() {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = gen::body(seeds());
    let (mut accepted, mut rejected) = (0, 0);
    for _ in 0..500 {
        let body = strategy.new_tree(&mut runner).unwrap().current();
        match chatkit::types::ChatKitRequest::parse(&body) {
            Ok(_) => accepted += 1,
            Err(_) => rejected += 1,
        }
    }
    println!("generator sample: {accepted} parse, {rejected} rejected");
    assert!(
        accepted >= 100 && rejected >= 100,
        "{accepted} accepted, {rejected} rejected"
    );
}
