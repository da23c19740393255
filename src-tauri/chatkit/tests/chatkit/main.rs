//! The chatkit crate's integration tests, one binary (one link, one run) with a module per
//! topic. The conformance replay is a separate `harness = false` target (`tests/conformance.rs`).
//!
//! * `sqlite_store`: the store contract on both stores, and what only SQLite has.
//! * `isolation`: per-user scoping on every store (another user's rows are not there).
//! * `fuzz_requests`: `ChatKitServer::process` against mutated and random bodies.
//! * `pages`: walking a store listing page by page (shared by the two above).
//! * `widgets_builders`, `widgets_template`, `widgets_diff`, `upstream_widgets`: the widget
//!   builders, `.widget` templates and the streaming diff against the golden widget files.
//!
//! Fixtures are found through `tests/support/fixtures.rs`. Property tests keep their
//! regression seeds next to their source (`<module>.proptest-regressions`).

// The conformance responder serves the fuzz here; parts of it only the conformance run uses.
#[allow(dead_code)]
#[path = "../conformance/attachments.rs"]
mod attachments;
#[path = "../support/fixtures.rs"]
mod fixtures;
#[allow(dead_code)]
#[path = "../conformance/responder.rs"]
mod responder;
#[path = "../conformance/server.rs"]
mod server;

mod fuzz_requests;
mod isolation;
mod pages;
mod sqlite_store;
mod thread_search;
mod upstream_widgets;
mod widgets_builders;
mod widgets_diff;
mod widgets_template;

/// The proptest configuration of this binary's property tests: `cases` cases, and failures
/// persisted beside the source file that declares the test (`foo.rs` →
/// `foo.proptest-regressions`). Proptest's default would put them under
/// `tests/proptest-regressions/` because it anchors on this `main.rs`.
/// The stores `isolation.rs` runs on in this binary: all of chatkit's own.
fn isolation_stores(
    own: Vec<(&'static str, isolation::Factory)>,
) -> Vec<(&'static str, isolation::Factory)> {
    own
}

fn proptest_config(cases: u32) -> proptest::test_runner::Config {
    use proptest::test_runner::FileFailurePersistence;
    proptest::test_runner::Config {
        cases,
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..proptest::test_runner::Config::default()
    }
}
