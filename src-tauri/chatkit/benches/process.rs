//! Throughput of `ChatKitServer::process`: replays every request of every public golden
//! scenario (each scenario on a fresh server, the conformance responder, streams drained and
//! framed as SSE) and reports requests/s and events/s. The in-memory store is the headline;
//! the SQLite store (in-memory database) is measured alongside to show the store's cost.
//!
//! Run: `cargo bench -p chatkit --bench process`. Besides criterion's report it prints one
//! summary line per store: `process (<store>): N requests/s, M events/s`.

#[allow(dead_code)]
#[path = "../tests/conformance/attachments.rs"]
mod attachments;
#[path = "../tests/support/fixtures.rs"]
mod fixtures;
#[allow(dead_code)]
#[path = "../tests/conformance/responder.rs"]
mod responder;
#[path = "../tests/conformance/server.rs"]
mod server;

use chatkit::server::{sse_frame, ProcessResult};
use chatkit::store::sqlite::SqliteStore;
use chatkit::{MemoryStore, Store};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use futures::StreamExt;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Each scenario's request bodies, in order.
fn scenarios() -> Vec<Vec<Vec<u8>>> {
    fixtures::scenarios()
        .iter()
        .map(|(_, scenario)| {
            fixtures::steps(scenario)
                .iter()
                .map(fixtures::request_body)
                .collect()
        })
        .collect()
}

struct Replay {
    assets: Arc<responder::Assets>,
    scenarios: Vec<Vec<Vec<u8>>>,
}

impl Replay {
    fn requests(&self) -> usize {
        self.scenarios.iter().map(Vec::len).sum()
    }

    /// Replay everything once; returns (requests, events, SSE bytes).
    async fn run(&self, make_store: &dyn Fn() -> Arc<dyn Store<()>>) -> (usize, usize, usize) {
        let (mut requests, mut events, mut bytes) = (0, 0, 0);
        for steps in &self.scenarios {
            let server = server::conformance_server(make_store(), self.assets.clone());
            for body in steps {
                requests += 1;
                match server.process(body, ()).await {
                    Err(_) => {}
                    Ok(ProcessResult::Json(json)) => bytes += json.len(),
                    Ok(ProcessResult::Stream(mut stream)) => {
                        while let Some(Ok(event)) = stream.next().await {
                            events += 1;
                            bytes += sse_frame(&event).len();
                        }
                    }
                }
            }
        }
        (requests, events, bytes)
    }
}

type MakeStore = fn() -> Arc<dyn Store<()>>;

fn memory() -> Arc<dyn Store<()>> {
    Arc::new(MemoryStore::new())
}

fn sqlite() -> Arc<dyn Store<()>> {
    Arc::new(SqliteStore::open_in_memory().expect("sqlite"))
}

fn bench(c: &mut Criterion) {
    let replay = Replay {
        assets: Arc::new(
            responder::Assets::load(&fixtures::assets_dir()).expect("conformance assets"),
        ),
        scenarios: scenarios(),
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let stores: [(&str, MakeStore); 2] = [("memory", memory), ("sqlite", sqlite)];

    let mut group = c.benchmark_group("process_replay_all_scenarios");
    group
        .throughput(Throughput::Elements(replay.requests() as u64))
        .sample_size(20)
        .measurement_time(Duration::from_secs(8));
    for (name, make) in stores {
        group.bench_function(name, |b| b.to_async(&rt).iter(|| replay.run(&make)));
    }
    group.finish();

    // A plain timed loop for the summary line (events/s needs the event count per replay).
    for (name, make) in stores {
        let (mut reqs, mut evs, mut bytes, mut runs) = (0, 0, 0, 0);
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(3) {
            let (r, e, b) = rt.block_on(replay.run(&make));
            (reqs, evs, bytes, runs) = (reqs + r, evs + e, bytes + b, runs + 1);
        }
        let secs = start.elapsed().as_secs_f64();
        println!(
            "process ({name}): {:.0} requests/s, {:.0} events/s, {:.1} MB/s of responses \
             ({runs} replays of {} scenarios, {} requests and {} events each)",
            reqs as f64 / secs,
            evs as f64 / secs,
            bytes as f64 / secs / 1e6,
            replay.scenarios.len(),
            reqs / runs,
            evs / runs,
        );
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
