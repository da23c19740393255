//! The stores at scale, through `ChatKitServer::process`: a thread with 10,000 items read as
//! `items.list` pages of 20 from either end (and from its middle, by cursor), and 10,000 threads
//! read as `threads.list` pages of 20. It exists because the app opens long threads page by page
//! and lists history page by page: a page must cost the same whether the database holds ten rows
//! or ten thousand (keyset pagination on `seq`, docs/ARCHITECTURE.md).
//!
//! Stores: the SQLite store on a file in a temporary directory (WAL, as the app opens it) and the
//! in-memory store for comparison. Each case prints one machine-readable line for
//! `scripts/bench.sh` — `BENCH <name>\t<p50>\tms p50\t<target>` — plus a human line with p50/p99.
//! Figures are printed, never asserted.
//!
//! Run: `cargo bench -p chatkit --bench scale`. `SCALE_ROWS=<n>` changes the 10,000.
//! Run as a test (`cargo test --benches`) it seeds 200 rows and times a few pages, so it stays a
//! quick check that the bench still works.

use chatkit::server::ProcessResult;
use chatkit::types::{ThreadItem, ThreadMetadata, UserMessageItem};
use chatkit::{
    ChatKitServer, MemoryStore, Responder, ResponseStream, SqliteStore, Store, Timestamp,
    TurnContext,
};
use serde_json::json;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Never asked to answer: the bench only sends `items.list` and `threads.list`.
struct NoTurns;

impl Responder<()> for NoTurns {
    fn respond(
        self: Arc<Self>,
        _turn: TurnContext<()>,
        _input: Option<UserMessageItem>,
    ) -> ResponseStream {
        Box::pin(futures::stream::empty())
    }
}

/// A directory under the system temp dir, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Self {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        let dir = std::env::temp_dir().join(format!(
            "chatkit-scale-bench-{}-{nanos}",
            std::process::id()
        ));
        std::fs::create_dir_all(&dir).expect("temp dir");
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

const LONG_THREAD: &str = "thr_long";

fn ts(i: usize) -> Timestamp {
    // 2026-01-01T00:00:00Z + i seconds.
    let utc = chrono::DateTime::from_timestamp(1_767_225_600 + i as i64, 0).expect("timestamp");
    Timestamp::from_utc(utc)
}

/// Item `i` of the long thread: alternating user and assistant messages of a few sentences.
fn item(i: usize) -> ThreadItem {
    let text = format!(
        "Message {i}: which of the lamps would suit a small desk, and is the warm white one \
         still in stock? I would like it before the weekend if possible."
    );
    let value = if i.is_multiple_of(2) {
        json!({
            "id": format!("msg_{i:05}"), "thread_id": LONG_THREAD, "created_at": ts(i),
            "type": "user_message", "content": [{"type": "input_text", "text": text}],
            "attachments": [], "inference_options": {}
        })
    } else {
        json!({
            "id": format!("msg_{i:05}"), "thread_id": LONG_THREAD, "created_at": ts(i),
            "type": "assistant_message",
            "content": [{"type": "output_text", "text": text, "annotations": []}]
        })
    };
    serde_json::from_value(value).expect("thread item")
}

fn thread(i: usize) -> ThreadMetadata {
    let mut t = ThreadMetadata::new(format!("thr_{i:05}"), ts(i));
    t.title = Some(format!("Shopping for desk lamps, part {i}"));
    t
}

/// One store holding the long thread (`rows` items) and `rows` more threads.
async fn seed(store: &Arc<dyn Store<()>>, rows: usize) -> Duration {
    let start = Instant::now();
    store
        .save_thread(&ThreadMetadata::new(LONG_THREAD, ts(0)), &())
        .await
        .expect("seed thread");
    for i in 0..rows {
        store
            .add_thread_item(LONG_THREAD, &item(i), &())
            .await
            .expect("seed item");
    }
    for i in 0..rows {
        store.save_thread(&thread(i), &()).await.expect("seed");
    }
    start.elapsed()
}

/// p50 and p99 of `reps` requests with `body`, each response checked to be a page of `expect`.
async fn time_requests(
    server: &ChatKitServer<()>,
    body: &[u8],
    reps: usize,
    expect: usize,
) -> (Duration, Duration) {
    let mut times = Vec::with_capacity(reps);
    for _ in 0..reps {
        let t = Instant::now();
        let result = server.process(body, ()).await.expect("request");
        let elapsed = t.elapsed();
        let ProcessResult::Json(json) = result else {
            panic!("a page request must answer JSON")
        };
        let page: serde_json::Value = serde_json::from_slice(&json).expect("page JSON");
        let got = page["data"].as_array().map_or(0, Vec::len);
        assert_eq!(
            got,
            expect,
            "page size for {}",
            String::from_utf8_lossy(body)
        );
        times.push(elapsed);
    }
    times.sort();
    (times[reps / 2], times[(reps * 99 / 100).min(reps - 1)])
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

async fn run_store(name: &str, store: Arc<dyn Store<()>>, rows: usize, reps: usize) {
    let seeded = seed(&store, rows).await;
    println!(
        "scale ({name}): seeded {rows} items in one thread and {rows} threads in {:.2} s",
        seeded.as_secs_f64()
    );
    let server = ChatKitServer::new(store, Arc::new(NoTurns));
    let middle_item = format!("msg_{:05}", rows / 2);
    let middle_thread = format!("thr_{:05}", rows / 2);
    let cases: [(&str, serde_json::Value, &str); 5] = [
        (
            "items.list/oldest-20",
            json!({"type": "items.list", "params": {"thread_id": LONG_THREAD, "limit": 20, "order": "asc"}}),
            "<= 1",
        ),
        (
            "items.list/newest-20",
            json!({"type": "items.list", "params": {"thread_id": LONG_THREAD, "limit": 20, "order": "desc"}}),
            "<= 1",
        ),
        (
            "items.list/middle-20",
            json!({"type": "items.list", "params": {"thread_id": LONG_THREAD, "limit": 20, "order": "desc", "after": middle_item}}),
            "<= 1",
        ),
        (
            "threads.list/newest-20",
            json!({"type": "threads.list", "params": {"limit": 20, "order": "desc"}}),
            "<= 2",
        ),
        (
            "threads.list/middle-20",
            json!({"type": "threads.list", "params": {"limit": 20, "order": "desc", "after": middle_thread}}),
            "<= 2",
        ),
    ];
    for (case, body, target) in cases {
        let body = serde_json::to_vec(&body).expect("body");
        let (p50, p99) = time_requests(&server, &body, reps, 20).await;
        println!(
            "scale ({name}) {case}: p50 {:.3} ms, p99 {:.3} ms over {reps} requests ({rows} rows)",
            ms(p50),
            ms(p99)
        );
        println!(
            "BENCH scale/{case}/{name}\t{:.3}\tms p50\t{target}",
            ms(p50)
        );
    }
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let rows = std::env::var("SCALE_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if full { 10_000 } else { 200 });
    let reps = if full { 300 } else { 5 };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let dir = TempDir::new();
    rt.block_on(async {
        let file = dir.0.join("scale.sqlite3");
        let sqlite = SqliteStore::open(&file).expect("SQLite store on a file");
        run_store("sqlite-file", Arc::new(sqlite), rows, reps).await;
        run_store("memory", Arc::new(MemoryStore::new()), rows, reps).await;
    });
}
