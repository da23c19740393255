//! Conformance against the reference SDK's golden fixtures (see `conformance/runner.rs`).
//!
//! Each store implementation gets its own `#[tokio::test]` that calls [`runner::run_all`] with a
//! factory for fresh, empty stores; the memory store is checked here. To add another store, add
//! a test like `memory_store` passing its factory.

#[path = "conformance/attachments.rs"]
mod attachments;
#[path = "conformance/responder.rs"]
mod responder;
#[path = "conformance/runner.rs"]
mod runner;

use chatkit::{MemoryStore, Store};
use std::sync::Arc;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn memory_store() {
    let make: &dyn Fn() -> Arc<dyn Store<()>> = &|| Arc::new(MemoryStore::new());
    let summary = runner::run_all("memory", make).await;
    assert_eq!(summary.failed, 0, "failing scenarios: {:?}", summary.failures);
}
