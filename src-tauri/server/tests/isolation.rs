//! Per-user isolation through the HTTP server (docs/ARCHITECTURE.md, Contract 6), over real TCP
//! on 127.0.0.1 with the shop's assistant (offline model) and a users file: every request type
//! of user B aimed at user A's thread, items and attachment is answered exactly as the same
//! request with ids nobody has (status and body, the id swapped in), A's data is unchanged
//! afterwards, lists never show the other user's threads, and missing or unknown credentials
//! are one `401`. Runs on every store of [`store_factories`]; the trusted proxy header and the
//! spawned binary's `--users-file` checks follow.

#[allow(dead_code)]
#[path = "server_http/harness.rs"]
mod harness;

use std::sync::Arc;
use std::time::{Duration, Instant};

use chatkit::store::sqlite::SqliteStore;
use chatkit::{ChatKitServer, MemoryStore, Store};
use chatkit_postgres::testing::{TestDatabase, TEST_DATABASE_URL};
use chatkit_postgres::{PostgresConfig, PostgresStore};
use harness::{client, create_thread, spawn_binary, sse_events};
use serde_json::{json, Value};
use shop::assistant::{FixedBackend, ShopAssistant};
use shop::cart::MemoryCart;
use shop::model::config::ModelSettings;
use shop::tools::ToolEnv;
use shopdesk_server::shop_app::{self, ShopContext};
use shopdesk_server::{BlobStore, HttpOptions, ServeOptions, UserSource, UserTokens};

const ALICE: &str = "alice-token-0123456789abcdef";
const BOB: &str = "bob-token-0123456789abcdef00";
const USERS_FILE: &str =
    "# test users\nalice alice-token-0123456789abcdef\nbob bob-token-0123456789abcdef00\n";

type StoreFuture =
    std::pin::Pin<Box<dyn std::future::Future<Output = Arc<dyn Store<ShopContext>>>>>;
type Factory = Box<dyn Fn(&std::path::Path) -> StoreFuture>;

/// Every store the HTTP isolation is checked on; each call a fresh store (files under the
/// given directory; PostgreSQL: a fresh schema of the test database, when
/// `SHOPDESK_TEST_DATABASE_URL` names one — `scripts/test.sh` always does).
fn store_factories() -> Vec<(&'static str, Factory)> {
    let mut factories: Vec<(&'static str, Factory)> = vec![
        (
            "memory",
            Box::new(|_: &std::path::Path| {
                Box::pin(async { Arc::new(MemoryStore::new()) as Arc<dyn Store<ShopContext>> })
                    as StoreFuture
            }),
        ),
        (
            "sqlite",
            Box::new(|dir: &std::path::Path| {
                let path = dir.join("isolation.sqlite3");
                Box::pin(async move {
                    Arc::new(SqliteStore::open(path).unwrap()) as Arc<dyn Store<ShopContext>>
                }) as StoreFuture
            }),
        ),
    ];
    if std::env::var_os(TEST_DATABASE_URL).is_some() {
        factories.push((
            "postgres",
            Box::new(|_: &std::path::Path| {
                Box::pin(async {
                    let db = TestDatabase::create("http_isolation")
                        .await
                        .expect("a test database");
                    let store = PostgresStore::connect(&PostgresConfig::new(db.url()))
                        .await
                        .expect("connect to the test database");
                    // The schema outlives the test (the throwaway cluster is removed afterwards).
                    std::mem::forget(db);
                    Arc::new(store) as Arc<dyn Store<ShopContext>>
                }) as StoreFuture
            }),
        ));
    } else if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!(
            "{TEST_DATABASE_URL} is not set but CI=true: isolation must be checked on PostgreSQL"
        );
    }
    factories
}

/// A Shopdesk server on 127.0.0.1:0 over `store`, with users from `users`.
struct Served {
    base: String,
    _dir: tempfile::TempDir,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for Served {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

async fn serve(make: &Factory, users: UserSource) -> Served {
    let dir = tempfile::tempdir().unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let settings = ModelSettings {
        stream_delay: Some(Duration::ZERO),
        ..ModelSettings::default()
    };
    let blobs = Arc::new(BlobStore::open(&dir.path().join("attachments"), &base).unwrap());
    let tools = ToolEnv::new(Arc::new(MemoryCart::default())).with_stream_delay(Duration::ZERO);
    let assistant = ShopAssistant::new(Arc::new(FixedBackend(settings.build().unwrap())), tools);
    let server = ChatKitServer::new(make(dir.path()).await, Arc::new(assistant))
        .with_attachment_store(blobs.clone());
    let options = HttpOptions {
        blobs: Some(blobs),
        users: Some(users),
        ..HttpOptions::default()
    };
    let serve_options = ServeOptions {
        lifecycle: options.lifecycle.clone(),
        ..ServeOptions::default()
    };
    let app = shopdesk_server::router(Arc::new(server), shop_app::shop_context, options);
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(shopdesk_server::serve(
        listener,
        app,
        serve_options,
        async {
            let _ = rx.await;
        },
    ));
    Served {
        base,
        _dir: dir,
        stop: Some(tx),
    }
}

/// What a stream aborted mid-way (the reference's way to fail after `thread.created`) ends in.
const ABORTED: &str = "<aborted>";

/// One answer: status and body text (ending in [`ABORTED`] when the body was cut off).
async fn send(request: reqwest::RequestBuilder) -> (u16, String) {
    let mut response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let mut body = Vec::new();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => body.extend_from_slice(&chunk),
            Ok(None) => return (status, String::from_utf8_lossy(&body).into_owned()),
            Err(_) => {
                return (
                    status,
                    format!("{}{ABORTED}", String::from_utf8_lossy(&body).into_owned()),
                )
            }
        }
    }
}

/// `POST /chatkit` with `body`, as the holder of `token` (or with `header` set, proxy mode).
async fn chatkit(base: &str, who: &Who, body: &Value) -> (u16, String) {
    let request = client()
        .post(format!("{base}/chatkit"))
        .header("content-type", "application/json")
        .body(body.to_string());
    send(who.sign(request)).await
}

/// How a request says who it is from.
enum Who {
    Token(&'static str),
    Header(&'static str),
}

impl Who {
    fn sign(&self, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match self {
            Who::Token(token) => request.header("authorization", format!("Bearer {token}")),
            Who::Header(user) => request.header("x-forwarded-user", *user),
        }
    }
}

/// An id of the same kind and length as `id` that nobody has.
fn unknown_like(id: &str) -> String {
    let (prefix, rest) = id.split_once('_').unwrap();
    format!("{prefix}_{}", "0".repeat(rest.len()))
}

/// What A owns after seeding: a thread with items (a user message, the product card widget)
/// and an uploaded image attachment.
struct Seeded {
    thread: String,
    message: String,
    widget: String,
    attachment: String,
    thread_json: String,
}

async fn seed(base: &str, a: &Who) -> Seeded {
    let (status, body) = chatkit(base, a, &create_thread("show products", None)).await;
    assert_eq!(status, 200, "{body}");
    let events = sse_events(&body);
    let thread = events[0]["thread"]["id"].as_str().unwrap().to_owned();
    let items_body = json!({"type": "items.list", "params": {"thread_id": thread}});
    let (_, items) = chatkit(base, a, &items_body).await;
    let items: Value = serde_json::from_str(&items).unwrap();
    let find = |kind: &str| {
        items["data"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["type"] == kind)
            .unwrap_or_else(|| panic!("no {kind} item in {items}"))["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let (message, widget) = (find("user_message"), find("widget"));
    let create = json!({"type": "attachments.create",
                        "params": {"name": "a.png", "size": 4, "mime_type": "image/png"}});
    let (status, created) = chatkit(base, a, &create).await;
    assert_eq!(status, 200, "{created}");
    let attachment = serde_json::from_str::<Value>(&created).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let upload = client()
        .put(format!("{base}/attachments/{attachment}/upload"))
        .body(vec![0x89, b'P', b'N', b'G']);
    assert_eq!(send(a.sign(upload)).await.0, 204);
    let get = json!({"type": "threads.get_by_id", "params": {"thread_id": thread}});
    let (_, thread_json) = chatkit(base, a, &get).await;
    Seeded {
        thread,
        message,
        widget,
        attachment,
        thread_json,
    }
}

/// Every request type a client can aim at someone's thread, item or attachment, with `ids`
/// (thread, message, widget, attachment) filled in.
fn attacks(t: &str, m: &str, w: &str, at: &str) -> Vec<(&'static str, Value)> {
    let input = json!({"content": [{"type": "input_text", "text": "hi"}], "attachments": [],
                       "inference_options": {}});
    let action = json!({"type": "add_to_cart", "payload": {"product_id": "p1"}});
    vec![
        (
            "threads.get_by_id",
            json!({"type": "threads.get_by_id", "params": {"thread_id": t}}),
        ),
        (
            "threads.update",
            json!({"type": "threads.update", "params": {"thread_id": t, "title": "bob's now"}}),
        ),
        (
            "threads.add_user_message",
            json!({"type": "threads.add_user_message", "params": {"thread_id": t, "input": input}}),
        ),
        (
            "threads.add_client_tool_output",
            json!({"type": "threads.add_client_tool_output", "params": {"thread_id": t, "result": {"ok": true}}}),
        ),
        (
            "threads.add_structured_input",
            json!({"type": "threads.add_structured_input", "params": {"thread_id": t, "item_id": m, "input": {"answers": {}}}}),
        ),
        (
            "threads.retry_after_item",
            json!({"type": "threads.retry_after_item", "params": {"thread_id": t, "item_id": m}}),
        ),
        (
            "threads.custom_action",
            json!({"type": "threads.custom_action", "params": {"thread_id": t, "item_id": w, "action": action}}),
        ),
        (
            "threads.sync_custom_action",
            json!({"type": "threads.sync_custom_action", "params": {"thread_id": t, "item_id": w, "action": action}}),
        ),
        (
            "items.list",
            json!({"type": "items.list", "params": {"thread_id": t}}),
        ),
        (
            "items.list after",
            json!({"type": "items.list", "params": {"thread_id": t, "after": m}}),
        ),
        (
            "items.feedback",
            json!({"type": "items.feedback", "params": {"thread_id": t, "item_ids": [m, w], "kind": "negative"}}),
        ),
        (
            "attachments.delete",
            json!({"type": "attachments.delete", "params": {"attachment_id": at}}),
        ),
        (
            "threads.delete",
            json!({"type": "threads.delete", "params": {"thread_id": t}}),
        ),
    ]
}

/// B's every request at A's ids is answered as the same request at unknown ids; A keeps
/// everything; lists never cross. Returns how many requests B sent.
async fn users_never_see_each_other(name: &str, base: &str, a: &Who, b: &Who) -> usize {
    let own = chatkit(base, b, &create_thread("hello", None)).await;
    assert_eq!(own.0, 200, "{name}: {}", own.1);
    let bobs_thread = sse_events(&own.1)[0]["thread"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let s = seed(base, a).await;
    let mut sent = 0;
    let unknown: Vec<String> = [&s.thread, &s.message, &s.widget, &s.attachment]
        .iter()
        .map(|id| unknown_like(id))
        .collect();
    let theirs = attacks(&s.thread, &s.message, &s.widget, &s.attachment);
    let nobodys = attacks(&unknown[0], &unknown[1], &unknown[2], &unknown[3]);
    for ((what, at_a), (_, at_nobody)) in theirs.iter().zip(&nobodys) {
        let (status, body) = chatkit(base, b, at_a).await;
        let (expected_status, mut expected) = chatkit(base, b, at_nobody).await;
        sent += 2;
        for (id, fake) in [&s.thread, &s.message, &s.widget, &s.attachment]
            .iter()
            .zip(&unknown)
        {
            expected = expected.replace(fake.as_str(), id);
        }
        assert_eq!(
            (status, &body),
            (expected_status, &expected),
            "{name}: B's {what} on A's ids must be answered as on unknown ids"
        );
        assert!(
            status == 404 || status == 400 || body == "{}" || body.contains("\"data\":[]"),
            "{name}: {what} answered {status} {body}"
        );
    }
    // A new message of B's that names A's attachment fails as an unknown attachment does.
    let with = |atc: &str| {
        let mut body = create_thread("look", None);
        body["params"]["input"]["attachments"] = json!([atc]);
        body
    };
    let (_, stolen) = chatkit(base, b, &with(&s.attachment)).await;
    let (_, missing) = chatkit(base, b, &with(&unknown[3])).await;
    sent += 2;
    let kinds = |body: &str| {
        let complete = body.strip_suffix(ABORTED).unwrap_or(body);
        (
            harness::types(&sse_events(complete)),
            body.ends_with(ABORTED),
        )
    };
    assert_eq!(
        kinds(&stolen),
        kinds(&missing),
        "{name}: a message with A's attachment"
    );
    assert_eq!(
        kinds(&stolen),
        (vec!["thread.created".to_owned()], true),
        "{name}: B's new thread stops at the attachment it may not use: {stolen}"
    );
    // The upload and preview routes: A's attachment is not there for B.
    for (method, path) in [("PUT", "upload"), ("GET", "preview")] {
        let url = |id: &str| format!("{base}/attachments/{id}/{path}");
        let request = |id: &str| {
            let builder = match method {
                "PUT" => client().put(url(id)).body("evil"),
                _ => client().get(url(id)),
            };
            b.sign(builder)
        };
        let got = send(request(&s.attachment)).await;
        let nobody = send(request(&unknown[3])).await;
        sent += 2;
        assert_eq!(got.0, 404, "{name}: B's {method} {path}: {}", got.1);
        assert_eq!(got, nobody, "{name}: B's {method} {path}");
    }
    // Lists: B sees its own threads only, A its own.
    let list = json!({"type": "threads.list", "params": {"limit": 100}});
    let listed = |body: String| -> Vec<String> {
        serde_json::from_str::<Value>(&body).unwrap()["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let bobs = listed(chatkit(base, b, &list).await.1);
    sent += 1;
    assert!(
        bobs.contains(&bobs_thread) && !bobs.contains(&s.thread),
        "{name}: B lists {bobs:?}"
    );
    let alices = listed(chatkit(base, a, &list).await.1);
    assert!(
        alices.contains(&s.thread) && !alices.contains(&bobs_thread),
        "{name}: A lists {alices:?}"
    );
    // A's thread, items and attachment are as they were.
    let get = json!({"type": "threads.get_by_id", "params": {"thread_id": s.thread}});
    assert_eq!(
        chatkit(base, a, &get).await.1,
        s.thread_json,
        "{name}: A's thread changed"
    );
    let preview =
        send(a.sign(client().get(format!("{base}/attachments/{}/preview", s.attachment)))).await;
    assert_eq!(preview.0, 200, "{name}: A's preview after B's attempts");
    sent
}

/// Missing, unknown and malformed credentials: one `401` body with `WWW-Authenticate: Bearer`.
async fn strangers_get_401(base: &str) {
    let body = json!({"type": "threads.list", "params": {}}).to_string();
    let mut answers = Vec::new();
    for authorization in [
        None,
        Some("Bearer nobody-token-0123456789"),
        Some("Bearer "),
        Some("Basic YWxpY2U6eA=="),
    ] {
        let mut request = client()
            .post(format!("{base}/chatkit"))
            .header("content-type", "application/json")
            .body(body.clone());
        if let Some(value) = authorization {
            request = request.header("authorization", value);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 401, "{authorization:?}");
        assert_eq!(response.headers()["www-authenticate"], "Bearer");
        answers.push(response.text().await.unwrap());
    }
    assert!(answers.windows(2).all(|w| w[0] == w[1]), "{answers:?}");
    let health = client().get(format!("{base}/health")).send().await.unwrap();
    assert_eq!(health.status(), 200, "health needs no credentials");
}

#[tokio::test]
async fn every_request_of_one_user_at_anothers_ids_looks_unknown_on_every_store() {
    let tokens = Arc::new(UserTokens::parse(USERS_FILE).unwrap());
    for (name, make) in store_factories() {
        let started = Instant::now();
        let served = serve(&make, UserSource::Tokens(tokens.clone())).await;
        strangers_get_401(&served.base).await;
        let sent =
            users_never_see_each_other(name, &served.base, &Who::Token(ALICE), &Who::Token(BOB))
                .await;
        println!(
            "isolation over HTTP ({name}): {sent} requests of B checked in {:?}",
            started.elapsed()
        );
    }
}

#[tokio::test]
async fn a_trusted_proxys_user_header_scopes_the_same_way() {
    let header = UserSource::TrustedHeader(axum::http::HeaderName::from_static("x-forwarded-user"));
    let (name, make) = store_factories().into_iter().nth(1).unwrap();
    let served = serve(&make, header).await;
    let sent = users_never_see_each_other(
        name,
        &served.base,
        &Who::Header("carol@example.com"),
        &Who::Header("dave"),
    )
    .await;
    let without = client()
        .post(format!("{}/chatkit", served.base))
        .header("content-type", "application/json")
        .body(json!({"type": "threads.list", "params": {}}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(without.status(), 401, "no user header");
    println!("isolation over HTTP (proxy header, {name}): {sent} requests of B checked");
}

#[test]
fn the_binary_reads_a_private_users_file_and_refuses_a_readable_one() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let users = dir.path().join("users");
    std::fs::write(&users, USERS_FILE).unwrap();
    std::fs::set_permissions(&users, std::fs::Permissions::from_mode(0o644)).unwrap();
    let data = dir.path().join("data");
    let args = |users: &std::path::Path| {
        vec![
            "--port".to_owned(),
            "0".into(),
            "--data-dir".into(),
            data.to_str().unwrap().into(),
            "--stream-delay-ms".into(),
            "0".into(),
            "--users-file".into(),
            users.to_str().unwrap().into(),
        ]
    };
    let refused = std::process::Command::new(env!("CARGO_BIN_EXE_shopdesk-server"))
        .args(args(&users))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("chmod 600"), "{stderr}");
    assert!(
        !stderr.contains("token-0123"),
        "no token in the message: {stderr}"
    );

    std::fs::set_permissions(&users, std::fs::Permissions::from_mode(0o600)).unwrap();
    let args = args(&users);
    let mut server = spawn_binary(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let base = server.base.clone();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        strangers_get_401(&base).await;
        let (status, body) =
            chatkit(&base, &Who::Token(ALICE), &create_thread("hello", None)).await;
        assert_eq!(status, 200, "{body}");
        let thread = sse_events(&body)[0]["thread"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let get = json!({"type": "threads.get_by_id", "params": {"thread_id": thread}});
        assert_eq!(chatkit(&base, &Who::Token(BOB), &get).await.0, 404);
        assert_eq!(chatkit(&base, &Who::Token(ALICE), &get).await.0, 200);
    });
    unsafe { libc::kill(server.child.id() as i32, libc::SIGTERM) };
    server.child.wait().unwrap();
    let log = server.stderr.join().unwrap();
    assert!(
        !log.contains(ALICE) && !log.contains(BOB),
        "a token reached the log"
    );
}
