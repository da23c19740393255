//! What the HTTP tests share: a Shopdesk server on 127.0.0.1:0 in this process (real SQLite in
//! a temporary data directory, the offline model), the spawned binary, a reqwest client, and
//! readers for ChatKit bodies and SSE frames.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use chatkit::ChatKitServer;
use serde_json::{json, Value};
use shop::model::config::ModelSettings;
use shopdesk_server::{shop_app, HttpOptions, ServeOptions};
use tokio::sync::oneshot;

/// A server running in this process.
pub struct Running {
    pub base: String,
    pub dir: tempfile::TempDir,
    pub server: Arc<ChatKitServer<shop_app::ShopContext>>,
    pub lifecycle: Arc<shopdesk_server::drain::Lifecycle>,
    stop: Option<oneshot::Sender<()>>,
    done: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
}

impl Running {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Sends the stop signal and waits for the drain to finish.
    pub async fn stop(mut self) {
        let _ = self.stop.take().unwrap().send(());
        self.done.take().unwrap().await.unwrap().unwrap();
    }
}

/// Starts the Shopdesk server with the offline model paced by `delay`; `configure` adjusts the
/// HTTP options (token, origins …).
pub async fn start(delay: Duration, configure: impl FnOnce(&mut HttpOptions)) -> Running {
    start_with(delay, |http, _| configure(http)).await
}

/// [`start`], with the connection options too (timeouts, grace).
pub async fn start_with(
    delay: Duration,
    configure: impl FnOnce(&mut HttpOptions, &mut ServeOptions),
) -> Running {
    let dir = tempfile::tempdir().unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let settings = ModelSettings {
        stream_delay: Some(delay),
        ..ModelSettings::default()
    };
    let (server, blobs) = shop_app::shop_server(dir.path(), &settings, &base).unwrap();
    let mut options = HttpOptions {
        blobs: Some(blobs),
        store_kind: "sqlite".into(),
        ..HttpOptions::default()
    };
    let mut serve = ServeOptions {
        lifecycle: options.lifecycle.clone(),
        drain_grace: Duration::from_secs(2),
        ..ServeOptions::default()
    };
    configure(&mut options, &mut serve);
    let lifecycle = options.lifecycle.clone();
    let app = shopdesk_server::router(server.clone(), shop_app::shop_context, options);
    let (tx, rx) = oneshot::channel::<()>();
    let done = tokio::spawn(shopdesk_server::serve(listener, app, serve, async {
        let _ = rx.await;
    }));
    Running {
        base,
        dir,
        server,
        lifecycle,
        stop: Some(tx),
        done: Some(done),
    }
}

/// A plain HTTP client (rustls is compiled in through the shop crate, so its provider must be
/// installed even though these tests never use TLS).
pub fn client() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

/// `threads.create` with `text`, and the page's cart lines in the metadata when given.
pub fn create_thread(text: &str, cart: Option<Value>) -> Value {
    let mut body = json!({
        "type": "threads.create",
        "params": {"input": {"content": [{"type": "input_text", "text": text}],
                             "attachments": [], "inference_options": {}}}
    });
    if let Some(cart) = cart {
        body["metadata"] = json!({ "shopdesk_cart": cart });
    }
    body
}

/// POSTs `body` (JSON) to `/chatkit`.
pub async fn post(run: &Running, body: &Value) -> reqwest::Response {
    client()
        .post(run.url("/chatkit"))
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .unwrap()
}

/// The events of an SSE body, checking the framing: every frame is `data: <json>\n\n`.
pub fn sse_events(body: &str) -> Vec<Value> {
    assert!(
        body.ends_with("\n\n"),
        "a body ends with a whole frame: {body:?}"
    );
    body.split_terminator("\n\n")
        .map(|frame| {
            let json = frame
                .strip_prefix("data: ")
                .unwrap_or_else(|| panic!("not a data frame: {frame:?}"));
            assert!(!json.contains('\n'), "one line per frame");
            serde_json::from_str(json).unwrap()
        })
        .collect()
}

pub fn types(events: &[Value]) -> Vec<String> {
    events
        .iter()
        .map(|e| e["type"].as_str().unwrap_or("?").to_owned())
        .collect()
}

/// The spawned `shopdesk-server` binary and the address it printed.
pub struct Spawned {
    pub child: Child,
    pub base: String,
    pub stderr: std::thread::JoinHandle<String>,
}

/// Spawns the binary with `args` and waits for its one stdout line.
pub fn spawn_binary(args: &[&str]) -> Spawned {
    let mut child = Command::new(env!("CARGO_BIN_EXE_shopdesk-server"))
        .args(args)
        .env("RUST_LOG", "info")
        .env_remove("SHOPDESK_PROVIDER")
        .env_remove("SHOPDESK_BASE_URL")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let stderr = std::thread::spawn(move || {
        let mut text = String::new();
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            text.push_str(&line);
            text.push('\n');
        }
        text
    });
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let base = line
        .trim()
        .strip_prefix("shopdesk-server listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_owned();
    Spawned {
        child,
        base,
        stderr,
    }
}
