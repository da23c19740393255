//! Load (`harness = false`; `cargo test -p shopdesk-server --test load`): the real
//! `shopdesk-server` binary on loopback (offline model, no stream pacing, a temporary data dir)
//! and [`CONVERSATIONS`] conversations at once, each a `threads.create` with "Show me products"
//! — the offline model's streaming product list, a widget that builds itself over many events.
//!
//! Asserted: every request is answered 200 `text/event-stream`, every stream is a finished turn
//! (`support/turn.rs`), and afterwards the store holds exactly those threads, each with the
//! user message and the assistant's items as they were streamed; after a SIGTERM the server
//! exits cleanly and its SQLite file passes `PRAGMA integrity_check`. Printed, never asserted:
//! throughput (conversations/s, events/s) and p50/p99 latency to the first event and to the end.

mod support;

use serde_json::json;
use std::collections::BTreeSet;
use std::time::{Duration, Instant};
use support::binary::ServerProcess;
use support::wire;
use support::{requests, store_files, turn};

/// How many conversations run at once.
const CONVERSATIONS: usize = 100;
/// What each conversation asks (the offline model's streaming list, `offline_intent.rs`).
const MESSAGE: &str = "Show me products";

/// One conversation's result: its thread id, items it saw finished, and timings.
struct Conversation {
    thread_id: String,
    done_items: Vec<String>,
    events: usize,
    first_event: Duration,
    total: Duration,
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime");
    let mut server = ServerProcess::spawn(&[]);
    let result = runtime.block_on(run(&server.base));
    let conversations = match result {
        Ok(c) => c,
        Err(e) => server.fail(&e),
    };
    let store_check = runtime.block_on(check_store(&server.base, &conversations));
    if let Err(e) = store_check {
        server.fail(&e);
    }
    match server.stop(Duration::from_secs(15)) {
        Ok(status) if status.success() => {}
        Ok(status) => server.fail(&format!("exited with {status} after SIGTERM")),
        Err(e) => server.fail(&e),
    }
    if let Err(e) = store_files::integrity_check(&server.data_dir()) {
        server.fail(&e);
    }
    println!(
        "load: {} conversations, 0 errors, every stream a finished turn; store consistent ({} threads incl. the warm-up, items as streamed); SQLite integrity ok",
        conversations.len(),
        conversations.len() + 1
    );
}

async fn run(base: &str) -> Result<Vec<Conversation>, String> {
    let client = wire::client();
    // Warm-up: one conversation alone, so the figures measure load, not the first connection.
    converse(&client, base).await?;
    let started = Instant::now();
    let tasks: Vec<_> = (0..CONVERSATIONS)
        .map(|_| {
            let client = client.clone();
            let base = base.to_owned();
            tokio::spawn(async move { converse(&client, &base).await })
        })
        .collect();
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for task in tasks {
        match task.await {
            Ok(Ok(c)) => out.push(c),
            Ok(Err(e)) => errors.push(e),
            Err(e) => errors.push(format!("task failed: {e}")),
        }
    }
    let wall = started.elapsed();
    if !errors.is_empty() {
        return Err(format!(
            "{} of {CONVERSATIONS} conversations failed; first: {}",
            errors.len(),
            errors[0]
        ));
    }
    report(&out, wall);
    Ok(out)
}

async fn converse(client: &reqwest::Client, base: &str) -> Result<Conversation, String> {
    let started = Instant::now();
    let mut first_event = None;
    let response = wire::post_chatkit(client, base, requests::create_thread(MESSAGE))
        .await
        .map_err(|e| format!("request failed: {e}"))?;
    let reply = wire::read_with(response, |_| {
        first_event.get_or_insert_with(|| started.elapsed());
        true
    })
    .await;
    let total = started.elapsed();
    let (thread_id, done_items) = turn::finished_turn(&reply)?;
    Ok(Conversation {
        thread_id,
        done_items,
        events: reply.frames.len(),
        first_event: first_event.unwrap_or(total),
        total,
    })
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let at = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[at.min(sorted.len() - 1)]
}

fn report(conversations: &[Conversation], wall: Duration) {
    let events: usize = conversations.iter().map(|c| c.events).sum();
    let mut first: Vec<Duration> = conversations.iter().map(|c| c.first_event).collect();
    let mut total: Vec<Duration> = conversations.iter().map(|c| c.total).collect();
    first.sort();
    total.sort();
    let secs = wall.as_secs_f64().max(1e-9);
    println!(
        "load: {} concurrent conversations streaming {MESSAGE:?} in {:.2} s: {:.0} conversations/s, {:.0} events/s ({events} events)",
        conversations.len(),
        secs,
        conversations.len() as f64 / secs,
        events as f64 / secs,
    );
    println!(
        "load: first event p50 {:.1} ms, p99 {:.1} ms; end of stream p50 {:.1} ms, p99 {:.1} ms",
        ms(percentile(&first, 0.5)),
        ms(percentile(&first, 0.99)),
        ms(percentile(&total, 0.5)),
        ms(percentile(&total, 0.99)),
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// `threads.list` has every conversation's thread (plus the warm-up's) and each thread's
/// `items.list` is the user message followed by exactly the items its stream finished.
async fn check_store(base: &str, conversations: &[Conversation]) -> Result<(), String> {
    let client = wire::client();
    let listed = requests::list_all(&client, base, json!({}), "threads.list").await?;
    let listed: BTreeSet<String> = listed
        .iter()
        .filter_map(|t| t["id"].as_str().map(str::to_owned))
        .collect();
    if listed.len() != CONVERSATIONS + 1 {
        return Err(format!(
            "threads.list shows {} threads, expected {} (+1 warm-up)",
            listed.len(),
            CONVERSATIONS
        ));
    }
    for c in conversations {
        if !listed.contains(&c.thread_id) {
            return Err(format!("{} is not in threads.list", c.thread_id));
        }
        let items = requests::list_all(
            &client,
            base,
            json!({"thread_id": c.thread_id}),
            "items.list",
        )
        .await?;
        let kinds: Vec<&str> = items
            .iter()
            .map(|i| i["type"].as_str().unwrap_or(""))
            .collect();
        let ids: Vec<String> = items
            .iter()
            .filter_map(|i| i["id"].as_str().map(str::to_owned))
            .collect();
        if kinds.first() != Some(&"user_message") {
            return Err(format!(
                "{}: first item is {:?}",
                c.thread_id,
                kinds.first()
            ));
        }
        let user_text = items[0]["content"][0]["text"].as_str().unwrap_or_default();
        if user_text != MESSAGE {
            return Err(format!("{}: user message is {user_text:?}", c.thread_id));
        }
        let streamed: Vec<&String> = c.done_items.iter().filter(|id| ids.contains(id)).collect();
        if streamed.len() != c.done_items.len() || ids.len() != c.done_items.len() {
            return Err(format!(
                "{}: stored items {ids:?}, streamed {:?}",
                c.thread_id, c.done_items
            ));
        }
    }
    Ok(())
}
