//! The PostgreSQL store and run lease against a real server (each test on a schema of its own,
//! `chatkit_postgres::testing`): the store contract shared with the memory and SQLite stores
//! (chatkit's `contract.rs`, included by `#[path]`), the scoping rules of
//! `chatkit::store::scope`, the migrations, the run lease across "processes" (separate pools)
//! and the `process()` fuzz with its consistency check.
//!
//! Without `SHOPDESK_TEST_DATABASE_URL` every test prints `skipped: …` and passes, except under
//! `CI=true`, where they fail.

#[path = "../../../chatkit/tests/conformance/attachments.rs"]
#[allow(dead_code)]
mod attachments;
#[path = "../../../chatkit/tests/chatkit/sqlite_store/contract.rs"]
#[allow(dead_code)]
mod contract;
#[path = "../../../chatkit/tests/support/fixtures.rs"]
mod fixtures;
#[path = "../../../chatkit/tests/chatkit/pages.rs"]
#[allow(dead_code)]
mod pages;
#[allow(dead_code)]
#[path = "../../../chatkit/tests/conformance/responder.rs"]
mod responder;
#[path = "../../../chatkit/tests/conformance/server.rs"]
mod server;

/// The isolation suite of the chatkit crate (two users, every store call aimed at the other's
/// rows, random interleavings), run here on PostgreSQL through [`isolation_stores`].
#[path = "../../../chatkit/tests/chatkit/isolation.rs"]
mod isolation;
/// `isolation.rs` finds the contract's row builders where chatkit's own test binary keeps them.
mod sqlite_store {
    pub(crate) use crate::contract;
}

mod fuzz;
mod leases;
mod migrations;
mod scoping;

use chatkit_postgres::testing::TestDatabase;
use chatkit_postgres::{PostgresConfig, PostgresStore};

/// A store on a fresh schema, with the schema (dropped when the pair is dropped); `None` when
/// the test is skipped.
pub async fn fresh_store(test: &str) -> Option<(PostgresStore, TestDatabase)> {
    let db = TestDatabase::create(test).await?;
    let store = PostgresStore::connect(&config(&db)).await.expect("connect");
    Some((store, db))
}

/// The stores `isolation.rs` runs on here: PostgreSQL only (chatkit's own tests cover the
/// others), each a fresh schema; none when the tests are skipped (no test database).
fn isolation_stores(
    _own: Vec<(&'static str, isolation::Factory)>,
) -> Vec<(&'static str, isolation::Factory)> {
    if std::env::var_os(chatkit_postgres::testing::TEST_DATABASE_URL).is_none() {
        // Under CI=true this is a failure, not a skip (`TestDatabase::create` panics).
        let _ = futures::executor::block_on(TestDatabase::create("isolation"));
        return Vec::new();
    }
    vec![(
        "postgres",
        Box::new(|| {
            Box::pin(async {
                let (store, db) = fresh_store("isolation").await.expect("a test database");
                // The schema outlives the test (the throwaway cluster is removed afterwards):
                // a store handed out as `Arc<dyn Store>` cannot carry its schema's guard.
                std::mem::forget(db);
                std::sync::Arc::new(store) as std::sync::Arc<dyn chatkit::Store<isolation::As>>
            })
        }),
    )]
}

/// Proptest settings for the included suites (as in chatkit's own test binary).
fn proptest_config(cases: u32) -> proptest::test_runner::Config {
    proptest::test_runner::Config {
        cases,
        failure_persistence: None,
        ..proptest::test_runner::Config::default()
    }
}

pub fn config(db: &TestDatabase) -> PostgresConfig {
    PostgresConfig {
        pool_size: 4,
        ..PostgresConfig::new(db.url())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_store_contract() {
    // Each topic on a fresh schema, as `run_contract` does with fresh stores.
    let mut keep = Vec::new();
    let mut stores = Vec::new();
    for _ in 0..5 {
        let Some((store, db)) = fresh_store("contract").await else {
            return;
        };
        stores.push(store);
        keep.push(db);
    }
    contract::threads_save_load_overwrite(&stores[0]).await;
    contract::items_order_and_pagination(&stores[1]).await;
    contract::items_upsert_load_delete(&stores[2]).await;
    contract::delete_thread_cascades(&stores[3]).await;
    contract::attachments(&stores[4]).await;
}

/// The row order survives a reconnect (a new pool on the same schema), as a restart would.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rows_survive_a_new_pool() {
    use chatkit::types::Order;
    use chatkit::Store;
    let Some((store, db)) = fresh_store("reopen").await else {
        return;
    };
    for i in 0..5 {
        store
            .save_thread(&contract::thread(&format!("t{i}")), &())
            .await
            .unwrap();
    }
    drop(store);
    let again = PostgresStore::connect(&config(&db)).await.unwrap();
    let ids = contract::all_threads(&again, 2, Order::Desc).await;
    assert_eq!(ids, ["t4", "t3", "t2", "t1", "t0"]);
}
