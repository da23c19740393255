//! The golden scenarios over HTTP (`harness = false`; `cargo test -p shopdesk-server --test
//! http_conformance`): the chatkit crate's conformance runner — its modules included from
//! `src-tauri/chatkit/tests/conformance/` by `#[path]`, so there is one copy of the replay and
//! of its comparison rules — driven through an HTTP [`Transport`] instead of `process()`.
//!
//! For each scenario a fresh conformance server (the conformance responder, counter ids, the
//! recorded clock) over a fresh store is mounted behind this crate's real router
//! ([`shopdesk_server::router`]) and accept loop ([`shopdesk_server::serve`]) on
//! `127.0.0.1:0`; every request goes out as a browser page's `fetch` sends it (POST,
//! `content-type: application/json`, an allowed `Origin`, reqwest on keep-alive connections),
//! and every answer is read off the wire: the status, the content type, the CORS header a
//! browser needs to hand the answer to the page, and for streams the SSE frames reassembled
//! across chunk boundaries, with a cut body reported as an aborted stream (fixtures README
//! §1.1 says what each fixture kind means on HTTP). Stores: memory, and SQLite in a file in a
//! temporary folder. Prints `conformance (http memory): N passed, M failed` and
//! `conformance (http sqlite): …`; exits non-zero on any failure.
//!
//! What this does not do, honestly: it does not run the `shopdesk-server` binary. The binary
//! serves the shop assistant, whose answers are not the reference SDK's recorded ones; the
//! golden scenarios need the conformance responder, so the same router the binary uses is
//! mounted in-process around it. What the binary adds on top of the router (its CLI, the shop
//! assistant, SIGTERM) is exercised by the `load` and `bad_input` targets, which spawn it.

#[path = "../../chatkit/tests/conformance/attachments.rs"]
mod attachments;
#[path = "../../chatkit/tests/support/fixtures.rs"]
mod fixtures;
// The responder's self-check and the in-process transport belong to the in-process target.
#[allow(dead_code)]
#[path = "../../chatkit/tests/conformance/responder.rs"]
mod responder;
#[allow(dead_code)]
#[path = "../../chatkit/tests/conformance/runner.rs"]
mod runner;
#[path = "../../chatkit/tests/conformance/server.rs"]
mod server;
mod support;

use chatkit::store::sqlite::SqliteStore;
use chatkit::{ChatKitServer, MemoryStore, Store};
use responder::Ctx;
use runner::{Outcome, Session, Transport};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use support::wire::{self, Reply};

/// Each scenario's server behind the real router on its own loopback port.
struct Http {
    client: reqwest::Client,
}

/// One scenario: the server's address, and the task serving it (stopped when dropped).
struct HttpSession {
    client: reqwest::Client,
    base: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Transport for Http {
    type Session = HttpSession;

    fn name(&self) -> Option<&str> {
        Some("http")
    }

    async fn open(&self, server: ChatKitServer<Ctx>) -> Result<HttpSession, String> {
        let options = shopdesk_server::HttpOptions {
            allowed_origins: vec![wire::ORIGIN.to_owned()],
            ..Default::default()
        };
        let serve_options = shopdesk_server::ServeOptions {
            lifecycle: options.lifecycle.clone(),
            ..Default::default()
        };
        let app = shopdesk_server::router(Arc::new(server), |_parts, _metadata| Ok(()), options);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .map_err(|e| format!("bind: {e}"))?;
        let base = format!(
            "http://{}",
            listener.local_addr().map_err(|e| e.to_string())?
        );
        let (stop, stopped) = tokio::sync::oneshot::channel();
        let task = tokio::spawn(shopdesk_server::serve(
            listener,
            app,
            serve_options,
            async move {
                let _ = stopped.await;
            },
        ));
        Ok(HttpSession {
            client: self.client.clone(),
            base,
            stop: Some(stop),
            task,
        })
    }
}

impl Drop for HttpSession {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        self.task.abort();
    }
}

impl Session for HttpSession {
    async fn send(&mut self, body: &[u8]) -> Outcome {
        match wire::post_chatkit(&self.client, &self.base, body.to_vec()).await {
            Ok(response) => {
                let cors = response
                    .headers()
                    .get(reqwest::header::ACCESS_CONTROL_ALLOW_ORIGIN)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned);
                outcome(wire::read(response).await, cors.as_deref())
            }
            Err(e) => Outcome::Broken(format!("no HTTP answer: {e}")),
        }
    }
}

/// What the runner compares, from what came off the wire (fixtures README §1.1): a non-2xx
/// status is a failed request; `200 application/json` a JSON body that must arrive whole;
/// `200 text/event-stream` the frames, aborted when the body was cut. Anything else — another
/// content type or 2xx, or an answer without the CORS header a browser needs to let the page
/// read it — breaks the HTTP contract whatever the fixture expects.
fn outcome(reply: Reply, cors: Option<&str>) -> Outcome {
    if !(200..300).contains(&reply.status) {
        return Outcome::Error(format!("HTTP {}: {}", reply.status, reply.text()));
    }
    if cors != Some(wire::ORIGIN) {
        return Outcome::Broken(format!(
            "HTTP {} without access-control-allow-origin: {}",
            reply.status,
            wire::ORIGIN
        ));
    }
    match (reply.status, reply.content_type.as_str()) {
        (200, "application/json") => match reply.cut {
            None => Outcome::Json(reply.body),
            Some(cut) => Outcome::Broken(format!("JSON body {cut}")),
        },
        (200, "text/event-stream") => Outcome::stream(reply.frames, reply.cut),
        (status, content_type) => {
            Outcome::Broken(format!("HTTP {status} with content type {content_type:?}"))
        }
    }
}

type StoreFactory = Box<dyn Fn() -> Arc<dyn Store<Ctx>>>;

/// The stores to check: (label, factory). The SQLite store is a real file, one per scenario.
fn store_passes(dir: &std::path::Path) -> Vec<(&'static str, StoreFactory)> {
    let dir = dir.to_path_buf();
    let count = AtomicUsize::new(0);
    vec![
        (
            "memory",
            Box::new(|| Arc::new(MemoryStore::new()) as Arc<dyn Store<Ctx>>),
        ),
        (
            "sqlite",
            Box::new(move || {
                let n = count.fetch_add(1, Ordering::Relaxed);
                let path = dir.join(format!("scenario-{n:03}.sqlite3"));
                let store = SqliteStore::open(&path).expect("SQLite store in a file");
                Arc::new(store) as Arc<dyn Store<Ctx>>
            }),
        ),
    ]
}

fn main() {
    if let Err(e) = wire::splitter_self_check() {
        println!("SSE frame splitter self-check failed: {e}");
        std::process::exit(1);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime");
    let dir = tempfile::tempdir().expect("temp dir");
    let transport = Http {
        client: wire::client(),
    };
    let mut failed = 0;
    for (label, factory) in store_passes(dir.path()) {
        let summary = runtime.block_on(runner::run_all(label, &*factory, &transport));
        failed += summary.failed;
    }
    if failed > 0 {
        std::process::exit(1);
    }
}
