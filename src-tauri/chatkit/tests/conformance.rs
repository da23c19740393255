//! Conformance against the reference SDK's golden fixtures (`harness = false` target, run with
//! `cargo test -p chatkit --test conformance`). Prints one line per scenario, a byte-parity
//! line and, last, `conformance: N passed, M failed`; exits non-zero if any scenario failed.
//!
//! Every store implementation is checked the same way: add a pass to [`store_passes`] with a
//! factory that returns a fresh, empty store (one per scenario). Fixture location:
//! `tests/fixtures/v1.6.5` of this crate, or `$CHATKIT_CONFORMANCE_DIR` (a scenario folder whose
//! parent holds `vocabulary.json` and `widgets/`); see `tests/support/fixtures.rs`.

#[path = "conformance/attachments.rs"]
mod attachments;
#[path = "support/fixtures.rs"]
mod fixtures;
#[path = "conformance/responder.rs"]
mod responder;
#[path = "conformance/runner.rs"]
mod runner;
#[path = "conformance/server.rs"]
mod server;

use chatkit::{MemoryStore, Store};
use std::sync::Arc;

type StoreFactory = Box<dyn Fn() -> Arc<dyn Store<()>>>;

/// The stores to check: (label, factory).
fn store_passes() -> Vec<(&'static str, StoreFactory)> {
    vec![
        (
            "memory",
            Box::new(|| Arc::new(MemoryStore::new()) as Arc<dyn Store<()>>),
        ),
        (
            "sqlite",
            Box::new(|| {
                let store = chatkit::store::sqlite::SqliteStore::open_in_memory()
                    .expect("in-memory SQLite store");
                Arc::new(store) as Arc<dyn Store<()>>
            }),
        ),
    ]
}

fn main() {
    if let Err(e) = responder::self_check() {
        println!("responder self-check failed: {e}");
        std::process::exit(1);
    }
    match runner::round_trip_check() {
        Ok(n) => println!("round trip: {n} recorded events and bodies re-serialize byte for byte"),
        Err(e) => {
            println!("round trip failed: {e}");
            std::process::exit(1);
        }
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime");
    let mut failed = 0;
    for (label, factory) in store_passes() {
        let summary = runtime.block_on(runner::run_all(label, &*factory, &runner::InProcess));
        failed += summary.failed;
    }
    if failed > 0 {
        std::process::exit(1);
    }
}
