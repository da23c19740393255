//! The golden scenarios on PostgreSQL (`harness = false`; `cargo test -p chatkit-postgres --test
//! postgres_conformance`): the chatkit crate's conformance runner, included by `#[path]` so the
//! replay and its comparison rules exist once, with a [`PostgresStore`] on a fresh database per
//! scenario (the scenarios expect counter ids from an empty store). Prints the runner's lines and,
//! last, `conformance (postgres): N passed, M failed`; exits non-zero on any failure.
//!
//! Needs `SHOPDESK_TEST_DATABASE_URL` (scripts/pg-test.sh); without it the run says it was
//! skipped and passes, except under `CI=true`, where it fails.

#[path = "../../chatkit/tests/conformance/attachments.rs"]
mod attachments;
#[path = "../../chatkit/tests/support/fixtures.rs"]
mod fixtures;
#[allow(dead_code)]
#[path = "../../chatkit/tests/conformance/responder.rs"]
mod responder;
#[allow(dead_code)]
#[path = "../../chatkit/tests/conformance/runner.rs"]
mod runner;
#[path = "../../chatkit/tests/conformance/server.rs"]
mod server;

use chatkit::Store;
use chatkit_postgres::testing::TestDatabase;
use chatkit_postgres::{PostgresConfig, PostgresStore};
use responder::Ctx;
use std::sync::{Arc, Mutex};

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime");
    let failed = runtime.block_on(async {
        let scenarios = fixtures::scenarios().len();
        let started = std::time::Instant::now();
        let mut databases = Vec::new();
        let mut stores = Vec::new();
        for _ in 0..scenarios {
            let Some(db) = TestDatabase::create("conformance").await else {
                return 0;
            };
            let config = PostgresConfig {
                pool_size: 4,
                ..PostgresConfig::new(db.url())
            };
            let store = PostgresStore::connect(&config).await.expect("connect");
            stores.push(Arc::new(store) as Arc<dyn Store<Ctx>>);
            databases.push(db);
        }
        println!(
            "{} schemas created and migrated in {:.2?}",
            databases.len(),
            started.elapsed()
        );
        stores.reverse();
        let stores = Mutex::new(stores);
        let factory = || {
            stores
                .lock()
                .unwrap()
                .pop()
                .expect("one fresh store per scenario")
        };
        let started = std::time::Instant::now();
        let summary = runner::run_all("postgres", &factory, &runner::InProcess).await;
        println!("replayed in {:.2?}", started.elapsed());
        println!(
            "conformance (postgres): {} passed, {} failed",
            summary.passed, summary.failed
        );
        drop(stores);
        summary.failed
    });
    if failed > 0 {
        std::process::exit(1);
    }
}
