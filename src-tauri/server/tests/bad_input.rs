//! Bad input over HTTP (`harness = false`; `cargo test -p shopdesk-server --test bad_input`):
//! the real `shopdesk-server` binary (offline model, no pacing, SQLite in a temporary data dir)
//! against what a hostile or broken client sends, on a few keep-alive connections at once:
//!
//! 1. the `process()` fuzz corpus (the chatkit crate's generators,
//!    `src-tauri/chatkit/tests/support/request_gen.rs`, included here by `#[path]`): mutated
//!    fixture requests, random JSON and bytes, deep nesting — [`FUZZ_CASES`] bodies, some of
//!    whose streams are dropped after a few events, with the fuzz's well-known ids replaced by
//!    the real ids of threads and items created first;
//! 2. oversized bodies (declared and chunked) → 413, truncated bodies → 400, a body shorter
//!    than its `Content-Length` → 400, wrong methods → 405, wrong content types → 415
//!    (`bad_input/edges.rs`);
//! 3. clients that stop reading mid-stream (a tiny receive buffer, so the server's writes
//!    block) while others are served, and clients that hang up mid-stream.
//!
//! Asserted: every answer has the status its input calls for and a well-formed body (the JSON
//! error shape; JSON that parses; SSE frames that parse); no answer contains internal error
//! text (a panic, a source path, SQL, the store's crate, the data dir, Debug formatting) unless
//! the request itself carried it; the server still serves afterwards (`/health`, a whole
//! conversation); every thread the run created lists, loads and lists its items — or, when the
//! corpus deleted it, is gone from both; after SIGTERM the server exits cleanly, its log has no
//! panic, and the SQLite file passes the store's integrity check.

#[path = "bad_input/edges.rs"]
mod edges;
#[path = "../../chatkit/tests/support/fixtures.rs"]
mod fixtures;
#[allow(dead_code)]
#[path = "../../chatkit/tests/support/request_gen.rs"]
mod gen;
mod support;

use futures::StreamExt;
use proptest::strategy::{Strategy, ValueTree};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;
use std::time::{Duration, Instant};
use support::binary::ServerProcess;
use support::wire::{self, Reply};
use support::{raw_client, requests, store_files, turn};

/// How many fuzz bodies are sent.
const FUZZ_CASES: usize = 10_000;
/// How many requests are in flight at once.
const CONCURRENCY: usize = 4;
/// The body bound the binary enforces (`chatkit::DEFAULT_MAX_BODY_BYTES`).
const MAX_BODY: usize = chatkit::DEFAULT_MAX_BODY_BYTES;

/// Text that must never reach a client unless the request itself held it.
const LEAK_MARKERS: &[&str] = &[
    "panicked",
    "RUST_BACKTRACE",
    "stack backtrace",
    ".rs:",
    "src/",
    "rusqlite",
    "sqlite",
    "SQLITE",
    "SELECT ",
    "INSERT ",
    "UPDATE ",
    "constraint failed",
    "no such table",
    "Error {",
    "Some(",
    "Err(",
    "Ok(",
    "kind: ",
    "/tmp/",
];

/// What the run saw, for the checks at the end and the printed figures.
#[derive(Default)]
struct Tally {
    statuses: BTreeMap<u16, usize>,
    streams: usize,
    dropped_streams: usize,
    created_threads: BTreeSet<String>,
    /// Valid requests answered 500 (generically), by request variant.
    internal: BTreeMap<String, usize>,
    failures: Vec<String>,
}

impl Tally {
    fn fail(&mut self, what: String) {
        if self.failures.len() < 20 {
            self.failures.push(what);
        }
    }
}

fn main() {
    let started = Instant::now();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime");
    let mut server = ServerProcess::spawn(&[]);
    let data_dir = server.data_dir().display().to_string();
    let result = runtime.block_on(run(&server.base, &data_dir, &|| server.log()));
    let tally = match result {
        Ok(t) => t,
        Err(e) => server.fail(&e),
    };
    if !tally.failures.is_empty() {
        let list = tally.failures.join("\n  ");
        server.fail(&format!("{} bad answers:\n  {list}", tally.failures.len()));
    }
    match server.stop(Duration::from_secs(20)) {
        Ok(status) if status.success() => {}
        Ok(status) => server.fail(&format!("exited with {status} after SIGTERM")),
        Err(e) => server.fail(&e),
    }
    if server.log().contains("panicked") {
        server.fail("the server log records a panic");
    }
    if let Err(e) = store_files::integrity_check(&server.data_dir()) {
        server.fail(&e);
    }
    if !tally.internal.is_empty() {
        println!(
            "bad input: valid requests answered 500 (generic body): {:?}",
            tally.internal
        );
    }
    let statuses: Vec<String> = tally
        .statuses
        .iter()
        .map(|(s, n)| format!("{s}: {n}"))
        .collect();
    println!(
        "bad input: {FUZZ_CASES} fuzz cases + edge cases over HTTP, 0 bad answers ({}); {} streams, {} dropped mid-stream; {} threads created, all consistent; integrity ok; {:.1} s",
        statuses.join(", "),
        tally.streams,
        tally.dropped_streams,
        tally.created_threads.len(),
        started.elapsed().as_secs_f64()
    );
}

async fn run(base: &str, data_dir: &str, log: &dyn Fn() -> String) -> Result<Tally, String> {
    let client = wire::client();
    let tally = Mutex::new(Tally::default());
    let ids = setup(&client, base, &tally).await?;
    let t = Instant::now();
    let (cases, bytes) = fuzz(&client, base, data_dir, &ids, &tally).await;
    if cases != FUZZ_CASES {
        return Err(format!("sent {cases} fuzz cases, expected {FUZZ_CASES}"));
    }
    println!(
        "bad input: {cases} fuzz cases ({:.1} MB) sent in {:.1} s",
        bytes as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );
    edges::edges(&client, base, data_dir, &tally).await?;
    stalled_and_vanished_clients(&client, base, &tally, log).await?;
    still_serving(&client, base, &tally).await?;
    let mut tally = tally.into_inner().expect("tally");
    consistent(&client, base, &tally.created_threads).await?;
    tally.statuses.entry(200).or_default();
    Ok(tally)
}

/// Conversations for the corpus to reach (the fuzz's `thr_0001`… are replaced by their ids).
async fn setup(
    client: &reqwest::Client,
    base: &str,
    tally: &Mutex<Tally>,
) -> Result<BTreeMap<String, String>, String> {
    let mut ids = BTreeMap::new();
    let mut items = Vec::new();
    for (n, text) in ["Show me products", "show products", "what's in my cart?"]
        .iter()
        .enumerate()
    {
        let response = wire::post_chatkit(client, base, requests::create_thread(text))
            .await
            .map_err(|e| e.to_string())?;
        let reply = wire::read(response).await;
        let (thread_id, done) = turn::finished_turn(&reply).map_err(|e| format!("setup: {e}"))?;
        tally
            .lock()
            .unwrap()
            .created_threads
            .insert(thread_id.clone());
        ids.insert(format!("thr_000{}", n + 1), thread_id);
        items.extend(done);
    }
    for (n, item) in items.into_iter().enumerate().take(8) {
        ids.insert(format!("msg_000{}", n + 1), item);
    }
    Ok(ids)
}

/// Put the real ids where the generators planted their well-known ones.
fn with_real_ids(body: &[u8], ids: &BTreeMap<String, String>) -> Vec<u8> {
    // Deep-nesting bodies are large and hold no id: skip them cheaply.
    if body.len() > 8192 {
        return body.to_vec();
    }
    let mut text = match String::from_utf8(body.to_vec()) {
        Ok(text) => text,
        Err(_) => return body.to_vec(),
    };
    for (fake, real) in ids {
        let quoted = format!("\"{fake}\"");
        if text.contains(&quoted) {
            text = text.replace(&quoted, &format!("\"{real}\""));
        }
    }
    text.into_bytes()
}

/// The corpus: [`FUZZ_CASES`] bodies from the generators' deterministic runner (the same
/// corpus on every run), made on a thread of their own while earlier ones are being sent
/// (generating costs about as much as sending) and handed over through a bounded channel.
fn corpus(ids: BTreeMap<String, String>) -> tokio::sync::mpsc::Receiver<gen::Step> {
    let (tx, rx) = tokio::sync::mpsc::channel(256);
    std::thread::spawn(move || {
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let strategy = gen::steps(gen::fixture_requests());
        let mut sent = 0;
        while sent < FUZZ_CASES {
            let steps = strategy.new_tree(&mut runner).expect("a case").current();
            for mut step in steps.into_iter().take(FUZZ_CASES - sent) {
                step.body = with_real_ids(&step.body, &ids);
                if tx.blocking_send(step).is_err() {
                    return;
                }
                sent += 1;
            }
        }
    });
    rx
}

async fn fuzz(
    client: &reqwest::Client,
    base: &str,
    data_dir: &str,
    ids: &BTreeMap<String, String>,
    tally: &Mutex<Tally>,
) -> (usize, usize) {
    let mut bodies = corpus(ids.clone());
    let steps = futures::stream::poll_fn(move |cx| bodies.poll_recv(cx));
    let counted = Mutex::new((0usize, 0usize));
    let counted_ref = &counted;
    steps
        .for_each_concurrent(CONCURRENCY, |step| async move {
            let verdict = send_case(client, base, data_dir, &step, tally).await;
            {
                let mut counted = counted_ref.lock().unwrap();
                counted.0 += 1;
                counted.1 += step.body.len();
            }
            if let Err(e) = verdict {
                let shown = String::from_utf8_lossy(&step.body[..step.body.len().min(300)]);
                tally.lock().unwrap().fail(format!("{e}; body {shown}"));
            }
        })
        .await;
    counted.into_inner().expect("count")
}

/// Send one corpus body and judge the answer.
async fn send_case(
    client: &reqwest::Client,
    base: &str,
    data_dir: &str,
    step: &gen::Step,
    tally: &Mutex<Tally>,
) -> Result<(), String> {
    let parsed = chatkit::types::ChatKitRequest::parse(&step.body);
    let response = wire::post_chatkit(client, base, step.body.clone())
        .await
        .map_err(|e| format!("no answer: {e}"))?;
    let mut seen = 0usize;
    let stop_after = step.cancel_after.map(usize::from);
    let reply = wire::read_with(response, |_| {
        seen += 1;
        stop_after != Some(seen)
    })
    .await;
    no_leak(&reply, &step.body, data_dir)?;
    let mut tally = tally.lock().unwrap();
    *tally.statuses.entry(reply.status).or_default() += 1;
    let envelope = match parsed {
        Err(_) => {
            return expect_error(&reply, 400);
        }
        Ok(envelope) => envelope,
    };
    match reply.status {
        200 if envelope.request.is_streaming() => {
            if !reply.is_stream() {
                return Err(format!("a stream answered as {:?}", reply.content_type));
            }
            tally.streams += 1;
            if reply.cut.as_deref() == Some("stopped reading") {
                tally.dropped_streams += 1;
            }
            for frame in &reply.frames {
                let event = wire::frame_json(frame)?;
                if event["type"] == "thread.created" {
                    if let Some(id) = event["thread"]["id"].as_str() {
                        tally.created_threads.insert(id.to_owned());
                    }
                }
            }
            Ok(())
        }
        200 => {
            if reply.content_type != "application/json" {
                return Err(format!("JSON answered as {:?}", reply.content_type));
            }
            serde_json::from_slice::<Value>(&reply.body)
                .map(drop)
                .map_err(|e| format!("200 body is not JSON: {e}"))
        }
        400 | 404 => expect_error(&reply, reply.status),
        500 => {
            expect_error(&reply, 500)?;
            let kind = format!("{:?}", envelope.request);
            let kind = kind.split('(').next().unwrap_or_default().to_owned();
            *tally.internal.entry(kind).or_default() += 1;
            let body: Value = serde_json::from_slice(&reply.body).unwrap_or_default();
            if body["error"]["message"] != "Internal Server Error" {
                return Err(format!("a 500 that is not generic: {}", reply.text()));
            }
            Ok(())
        }
        other => Err(format!(
            "HTTP {other} for a valid request: {}",
            reply.text()
        )),
    }
}

/// `status` with the JSON error shape `{"error": {"code", "message"}}`.
fn expect_error(reply: &Reply, status: u16) -> Result<(), String> {
    if reply.status != status {
        return Err(format!(
            "expected HTTP {status}, got {}: {}",
            reply.status,
            reply.text()
        ));
    }
    if reply.content_type != "application/json" {
        return Err(format!(
            "HTTP {status} answered as {:?}: {}",
            reply.content_type,
            reply.text()
        ));
    }
    let body: Value =
        serde_json::from_slice(&reply.body).map_err(|e| format!("error body not JSON: {e}"))?;
    if !body["error"]["code"].is_string() || !body["error"]["message"].is_string() {
        return Err(format!("error body without code/message: {body}"));
    }
    Ok(())
}

/// No internal text in the answer that the request did not bring itself.
fn no_leak(reply: &Reply, request: &[u8], data_dir: &str) -> Result<(), String> {
    let answer = reply.text();
    let asked = String::from_utf8_lossy(request);
    for marker in LEAK_MARKERS.iter().copied().chain([data_dir]) {
        if answer.contains(marker) && !asked.contains(marker) {
            return Err(format!(
                "HTTP {} answer contains {marker:?}: {}",
                reply.status,
                &answer[..answer.len().min(400)]
            ));
        }
    }
    Ok(())
}

/// A streaming request on a raw socket, read up to its `thread.created`: the socket and the
/// server's request id for it.
async fn start_stream(
    base: &str,
    body: &[u8],
    tally: &Mutex<Tally>,
) -> Result<(tokio::net::TcpStream, String), String> {
    let mut stream = raw_client::connect(base).await?;
    raw_client::post(&mut stream, body.len(), body).await?;
    let (created, got) =
        raw_client::read_event(&mut stream, "thread.created", Duration::from_secs(10)).await?;
    if let Some(id) = created["thread"]["id"].as_str() {
        tally.lock().unwrap().created_threads.insert(id.to_owned());
    }
    let request_id = raw_client::header(&got, "x-request-id").ok_or("no x-request-id")?;
    Ok((stream, request_id))
}

/// How many clients stall, and how many hang up.
const STALLED: usize = 4;

/// Clients that stop reading mid-stream, kept open while others are served, then clients that
/// hang up after the first event. Every one of those runs must end (completed, or cancelled
/// when the client went away: the server logs how each stream ended, by request id), and
/// their threads must be consistent afterwards.
async fn stalled_and_vanished_clients(
    client: &reqwest::Client,
    base: &str,
    tally: &Mutex<Tally>,
    log: &dyn Fn() -> String,
) -> Result<(), String> {
    // A user message of 3 MiB: its `thread.item.done` is far more than the socket buffers
    // hold, so a client that stops reading really does block the server's writes.
    let text = format!("Show me products {}", "x".repeat(3 << 20));
    let body = requests::create_thread(&text);
    let mut stalled = Vec::new();
    let mut ids = Vec::new();
    for _ in 0..STALLED {
        let (stream, id) = start_stream(base, &body, tally).await?;
        stalled.push(stream);
        ids.push(id);
    }
    // While they sit on unread streams: health and a whole conversation, promptly.
    let t = Instant::now();
    tokio::time::timeout(Duration::from_secs(20), still_serving(client, base, tally))
        .await
        .map_err(|_| "not served while clients stalled (20 s)".to_owned())??;
    let ended = |log: &str, id: &str| log.contains(&format!("stream ended request_id={id} "));
    let text = log();
    let blocked = ids.iter().filter(|id| !ended(&text, id)).count();
    println!(
        "bad input: served a whole conversation in {:.0} ms while {STALLED} clients stalled mid-stream ({blocked} of their streams still blocked on writes); then {STALLED} hung up after the first event",
        t.elapsed().as_secs_f64() * 1000.0
    );
    drop(stalled);
    let body = requests::create_thread("Show me products");
    for _ in 0..STALLED {
        let (stream, id) = start_stream(base, &body, tally).await?;
        drop(stream);
        ids.push(id);
    }
    // Every run ends: the server notices the closed sockets and cancels what was still going.
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let text = log();
        let open: Vec<&String> = ids.iter().filter(|id| !ended(&text, id)).collect();
        if open.is_empty() {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(format!("runs of gone clients never ended: {open:?}"));
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// `/health` answers and a whole conversation runs to its end.
async fn still_serving(
    client: &reqwest::Client,
    base: &str,
    tally: &Mutex<Tally>,
) -> Result<(), String> {
    let health = client
        .get(format!("{base}/health"))
        .send()
        .await
        .map_err(|e| format!("/health: {e}"))?;
    if health.status() != 200 {
        return Err(format!("/health answered {}", health.status()));
    }
    let response = wire::post_chatkit(client, base, requests::create_thread("Show me products"))
        .await
        .map_err(|e| e.to_string())?;
    let (thread_id, _) = turn::finished_turn(&wire::read(response).await)?;
    tally.lock().unwrap().created_threads.insert(thread_id);
    Ok(())
}

/// Every thread the run created is either listed, loadable and has listable items that are
/// its own, or — deleted by the corpus — neither listed nor loadable.
async fn consistent(
    client: &reqwest::Client,
    base: &str,
    created: &BTreeSet<String>,
) -> Result<(), String> {
    let listed: BTreeSet<String> = requests::list_all(client, base, json!({}), "threads.list")
        .await?
        .iter()
        .filter_map(|t| t["id"].as_str().map(str::to_owned))
        .collect();
    if let Some(stray) = listed.difference(created).next() {
        return Err(format!(
            "threads.list shows {stray}, whose thread.created never reached the client"
        ));
    }
    for id in created {
        let got =
            requests::call_json(client, base, "threads.get_by_id", json!({"thread_id": id})).await;
        match (listed.contains(id), got) {
            (true, Ok(thread)) if thread["id"] == json!(id) => {
                let items =
                    requests::list_all(client, base, json!({"thread_id": id}), "items.list")
                        .await?;
                if let Some(stranger) = items.iter().find(|i| i["thread_id"] != json!(id)) {
                    return Err(format!("{id}: item of another thread {stranger}"));
                }
            }
            (false, Err(e)) if e.contains("HTTP 404") => {}
            (listed, got) => {
                return Err(format!("{id}: listed {listed}, threads.get_by_id {got:?}"));
            }
        }
    }
    Ok(())
}
