//! The server every replay of the golden scenarios talks to (the conformance runner, the
//! `process()` fuzz and the `process` bench): the conformance responder and blob store, counter
//! ids (`thr_0001`, …) and the clock the fixtures were recorded with, so ids and timestamps come
//! out as recorded. Expects `attachments` and `responder` as sibling modules.

use super::attachments::TestBlobs;
use super::responder::{Assets, ConformanceResponder, Ctx};
use chatkit::{ChatKitServer, CounterIds, FixedClock, Store, Timestamp};
use std::sync::Arc;

/// The instant every fixture was recorded at (`FixedClock`).
pub const RECORDED_AT: &str = "2026-01-01T00:00:00";

/// A fresh conformance server over `store`.
pub fn conformance_server(store: Arc<dyn Store<Ctx>>, assets: Arc<Assets>) -> ChatKitServer<Ctx> {
    let clock = Timestamp::parse(RECORDED_AT).expect("fixed clock");
    ChatKitServer::new(store, Arc::new(ConformanceResponder::new(assets)))
        .with_attachment_store(Arc::new(TestBlobs::default()))
        .with_id_generator(Arc::new(CounterIds::new()))
        .with_clock(Arc::new(FixedClock(clock)))
}
