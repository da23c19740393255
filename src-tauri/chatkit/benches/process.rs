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
#[allow(dead_code)]
#[path = "../tests/conformance/responder.rs"]
mod responder;

use chatkit::server::{sse_frame, ChatKitServer, ProcessResult};
use chatkit::store::sqlite::SqliteStore;
use chatkit::{CounterIds, FixedClock, MemoryStore, Store, Timestamp};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use futures::StreamExt;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

fn fixtures_dir() -> PathBuf {
    match std::env::var_os("CHATKIT_CONFORMANCE_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/conformance/v1.6.5"),
    }
}

/// Each scenario's request bodies, in order.
fn scenarios(dir: &Path) -> Vec<Vec<Vec<u8>>> {
    let read = |p: PathBuf| -> Value {
        serde_json::from_str(&std::fs::read_to_string(&p).expect("fixture")).expect("fixture JSON")
    };
    let index = read(dir.join("index.json"));
    index["scenarios"]
        .as_array()
        .expect("index.json scenarios")
        .iter()
        .map(|entry| {
            let scenario = read(dir.join(entry["file"].as_str().expect("file")));
            scenario["steps"]
                .as_array()
                .expect("steps")
                .iter()
                .map(
                    |step| match (step.get("request"), step.get("request_raw")) {
                        (_, Some(Value::String(raw))) => raw.clone().into_bytes(),
                        (Some(request), _) => serde_json::to_vec(request).expect("request"),
                        _ => Vec::new(),
                    },
                )
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
        let clock = Timestamp::parse("2026-01-01T00:00:00").expect("clock");
        for steps in &self.scenarios {
            let server = ChatKitServer::new(
                make_store(),
                Arc::new(responder::ConformanceResponder::new(self.assets.clone())),
            )
            .with_attachment_store(Arc::new(attachments::TestBlobs::default()))
            .with_id_generator(Arc::new(CounterIds::new()))
            .with_clock(Arc::new(FixedClock(clock)));
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
    let dir = fixtures_dir();
    let replay = Replay {
        assets: Arc::new(
            responder::Assets::load(dir.parent().unwrap_or(&dir)).expect("conformance assets"),
        ),
        scenarios: scenarios(&dir),
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
