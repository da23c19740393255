//! Throughput of `ChatKitServer::process`: replays every request of every public golden
//! scenario (each scenario on a fresh, empty store, the conformance responder, streams drained
//! and framed as SSE) and reports requests/s and events/s per store: the in-memory store, the
//! SQLite store on a **file** in a temporary directory (WAL, `synchronous = NORMAL`: what the app
//! and the server run on) and the SQLite store on an in-memory database. The stores are opened
//! before the clock starts and closed after it stops: opening a database is start-up work, not
//! request work.
//!
//! Run: `cargo bench -p chatkit --bench process`. Besides criterion's report it prints one
//! summary line per store — `process (<store>): N requests/s, M events/s` — from replays of the
//! stores taken in turn (so a busy machine slows them alike), the SQLite file store's ratio to
//! the memory store, and `BENCH` lines for `scripts/bench.sh`. Figures are printed, never asserted.

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
#[path = "process/store_timing.rs"]
mod store_timing;

use chatkit::server::{sse_frame, ProcessResult};
use chatkit::store::sqlite::SqliteStore;
use chatkit::{MemoryStore, Store};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use futures::StreamExt;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
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

/// One fresh store per scenario, opened before a replay; dropped (closed) after it.
type Stores = Vec<Arc<dyn Store<()>>>;

impl Replay {
    fn requests(&self) -> usize {
        self.scenarios.iter().map(Vec::len).sum()
    }

    /// Replay everything once, scenario `i` on `stores[i]`; returns (requests, events, SSE bytes)
    /// and the stores, so that closing them happens outside any timing.
    async fn run(&self, stores: Stores) -> ((usize, usize, usize), Stores) {
        let (mut requests, mut events, mut bytes) = (0, 0, 0);
        for (steps, store) in self.scenarios.iter().zip(&stores) {
            let server = server::conformance_server(store.clone(), self.assets.clone());
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
        ((requests, events, bytes), stores)
    }
}

/// Where the file-backed stores live; removed when the bench ends.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Self {
        let dir =
            std::env::temp_dir().join(format!("chatkit-process-bench-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[derive(Clone, Copy)]
enum Kind {
    Memory,
    SqliteFile,
    SqliteInMemory,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Memory => "memory",
            Kind::SqliteFile => "sqlite-file",
            Kind::SqliteInMemory => "sqlite-in-memory",
        }
    }
}

/// Opens stores; file stores get a new file each (the previous replay's files are deleted).
struct Opener {
    dir: TempDir,
    next: AtomicUsize,
}

impl Opener {
    fn open(&self, kind: Kind, n: usize) -> Stores {
        (0..n)
            .map(|_| match kind {
                Kind::Memory => Arc::new(MemoryStore::new()) as Arc<dyn Store<()>>,
                Kind::SqliteInMemory => {
                    Arc::new(SqliteStore::open_in_memory().expect("sqlite in memory"))
                }
                Kind::SqliteFile => {
                    let n = self.next.fetch_add(1, Ordering::Relaxed);
                    let path = self.dir.0.join(format!("replay-{n}.sqlite3"));
                    Arc::new(SqliteStore::open(&path).expect("sqlite file"))
                }
            })
            .collect()
    }

    /// Close `stores` and delete the files they used.
    fn close(&self, stores: Stores) {
        drop(stores);
        for entry in std::fs::read_dir(&self.dir.0)
            .into_iter()
            .flatten()
            .flatten()
        {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

const KINDS: [Kind; 3] = [Kind::Memory, Kind::SqliteFile, Kind::SqliteInMemory];

fn bench(c: &mut Criterion) {
    let replay = Replay {
        assets: Arc::new(
            responder::Assets::load(&fixtures::assets_dir()).expect("conformance assets"),
        ),
        scenarios: scenarios(),
    };
    let opener = Opener {
        dir: TempDir::new(),
        next: AtomicUsize::new(0),
    };
    let n = replay.scenarios.len();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");

    let mut group = c.benchmark_group("process_replay_all_scenarios");
    group
        .throughput(Throughput::Elements(replay.requests() as u64))
        .sample_size(10)
        .measurement_time(Duration::from_secs(4));
    for kind in KINDS {
        group.bench_function(kind.name(), |b| {
            b.to_async(&rt).iter_batched(
                || opener.open(kind, n),
                |stores| replay.run(stores),
                BatchSize::PerIteration,
            )
        });
        opener.close(Vec::new());
    }
    group.finish();
    // `cargo test --benches` runs each benchmark once, without `--bench`: skip the summary.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }

    // The summary: the stores replay in turn for ~3 s each in total, so a machine that gets
    // busier half-way slows all of them alike; only `run` is timed.
    let mut totals = [(Duration::ZERO, 0usize, 0usize, 0usize, 0usize); KINDS.len()];
    // Each round's replay time per store, for the median of the rounds' ratios below.
    let mut rounds: Vec<[f64; KINDS.len()]> = Vec::new();
    let mut cpu_totals = [Duration::ZERO; KINDS.len()];
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(3 * KINDS.len() as u64) {
        let mut round = [0.0; KINDS.len()];
        for (((kind, total), time), cpu) in KINDS
            .iter()
            .zip(totals.iter_mut())
            .zip(&mut round)
            .zip(&mut cpu_totals)
        {
            let stores = opener.open(*kind, n);
            let (t, cpu_start) = (Instant::now(), cpu_time());
            let ((r, e, b), stores) = rt.block_on(replay.run(stores));
            total.0 += t.elapsed();
            *time = t.elapsed().as_secs_f64();
            *cpu += cpu_time().saturating_sub(cpu_start);
            (total.1, total.2, total.3, total.4) =
                (total.1 + r, total.2 + e, total.3 + b, total.4 + 1);
            opener.close(stores);
        }
        rounds.push(round);
    }
    let mut rates = Vec::new();
    for (kind, (time, reqs, evs, bytes, runs)) in KINDS.iter().zip(totals) {
        let secs = time.as_secs_f64();
        let rate = reqs as f64 / secs;
        rates.push(rate);
        println!(
            "process ({}): {rate:.0} requests/s, {:.0} events/s, {:.1} MB/s of responses, \
             {:.2} ms per replay ({runs} replays of {n} scenarios, {} requests and {} events each)",
            kind.name(),
            evs as f64 / secs,
            bytes as f64 / secs / 1e6,
            secs * 1e3 / runs as f64,
            reqs / runs,
            evs / runs,
        );
        println!("BENCH process/{}\t{rate:.0}\trequests/s\t", kind.name());
    }
    let ratio = rates[1] / rates[0];
    println!("process: sqlite-file / memory = {ratio:.2}x requests/s (target >= 0.6x)");
    // The same ratio per round (memory and SQLite replayed back to back), its median: less
    // swayed by a burst of load on the machine that hits one store's rounds more than another's.
    let mut per_round: Vec<f64> = rounds.iter().map(|r| r[0] / r[1]).collect();
    per_round.sort_by(f64::total_cmp);
    println!(
        "process: sqlite-file / memory per round: median {:.2}x, range {:.2}-{:.2}x ({} rounds)",
        per_round[per_round.len() / 2],
        per_round[0],
        per_round[per_round.len() - 1],
        per_round.len(),
    );
    // Each store's fastest round: the one the rest of the machine disturbed least.
    let best = |k: usize| rounds.iter().map(|r| r[k]).fold(f64::INFINITY, f64::min) * 1e3;
    println!(
        "process: fastest round: memory {:.2} ms, sqlite-file {:.2} ms, sqlite-in-memory {:.2} ms; \
         sqlite-file / memory = {:.2}x",
        best(0),
        best(1),
        best(2),
        best(0) / best(1),
    );
    // CPU time (all the process's threads, user and kernel) instead of wall time: what the
    // stores cost, with no waiting for a time slice on a machine that other work keeps busy.
    if cpu_totals[0] > Duration::ZERO {
        let per_replay = |cpu: Duration| cpu.as_secs_f64() * 1e3 / totals[0].4 as f64;
        println!(
            "process: CPU time per replay: memory {:.2} ms, sqlite-file {:.2} ms, sqlite-in-memory \
             {:.2} ms; sqlite-file / memory = {:.2}x",
            per_replay(cpu_totals[0]),
            per_replay(cpu_totals[1]),
            per_replay(cpu_totals[2]),
            cpu_totals[0].as_secs_f64() / cpu_totals[1].as_secs_f64(),
        );
    }
    println!("BENCH process/sqlite-file-vs-memory\t{ratio:.2}\tx\t>= 0.6");
    store_timing::time_store_calls(&replay, &opener, &rt, 10);
}

/// CPU time the process's threads have run so far (Linux: `/proc/self/task/*/schedstat`, in
/// nanoseconds); zero elsewhere.
fn cpu_time() -> Duration {
    let nanos: u64 = std::fs::read_dir("/proc/self/task")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|task| std::fs::read_to_string(task.path().join("schedstat")).ok())
        .filter_map(|stat| stat.split_whitespace().next()?.parse::<u64>().ok())
        .sum();
    Duration::from_nanos(nanos)
}

criterion_group!(benches, bench);
criterion_main!(benches);
