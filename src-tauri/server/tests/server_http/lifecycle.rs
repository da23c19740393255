//! Start-up and shutdown: the binary's token rule, its SIGTERM drain, the damaged-database rule
//! and the 503 while draining.

use std::time::{Duration, Instant};

use serde_json::json;

use super::harness::{client, create_thread, post, spawn_binary, sse_events, start, types};
use super::NO_DELAY;

#[test]
fn the_binary_refuses_a_public_host_without_a_token() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_shopdesk-server"))
        .args(["--host", "0.0.0.0", "--port", "0"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty(), "it never listened");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--token-file"), "{stderr}");
}

#[test]
fn sigterm_drains_the_binary_a_running_stream_finishes_and_it_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    let token_file = dir.path().join("token");
    let token = "drain-token-0123456789abcdef";
    std::fs::write(&token_file, format!("{token}\n")).unwrap();
    // A credentials file must be private to its owner (the server refuses it otherwise).
    let private = <std::fs::Permissions as std::os::unix::fs::PermissionsExt>::from_mode(0o600);
    std::fs::set_permissions(&token_file, private).unwrap();
    let server = spawn_binary(&[
        "--port",
        "0",
        "--data-dir",
        data,
        "--stream-delay-ms",
        "30",
        "--drain-seconds",
        "8",
        "--token-file",
        token_file.to_str().unwrap(),
    ]);
    let base = server.base.clone();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (first_chunk_tx, first_chunk_rx) = std::sync::mpsc::channel();
    let stream = runtime.spawn({
        let base = base.clone();
        async move {
            let mut response = client()
                .post(format!("{base}/chatkit"))
                .header("content-type", "application/json")
                .header("authorization", format!("Bearer {token}"))
                .body(create_thread("Show me products", None).to_string())
                .send()
                .await
                .unwrap();
            let mut body = String::new();
            let mut told = false;
            while let Some(chunk) = response.chunk().await.unwrap() {
                body.push_str(&String::from_utf8_lossy(&chunk));
                if !told {
                    first_chunk_tx.send(()).unwrap();
                    told = true;
                }
            }
            body
        }
    });
    first_chunk_rx
        .recv_timeout(Duration::from_secs(20))
        .unwrap();
    let signalled = Instant::now();
    let pid = libc::pid_t::try_from(server.child.id()).unwrap();
    // SAFETY: sends a signal to the child this test spawned; no memory is involved.
    let sent = unsafe { libc::kill(pid, libc::SIGTERM) };
    assert_eq!(sent, 0, "SIGTERM sent");
    let body = runtime.block_on(stream).unwrap();
    let events = sse_events(&body);
    let kinds = types(&events);
    assert!(
        kinds.iter().filter(|k| *k == "thread.item.done").count() >= 2,
        "the running stream finished in the grace period: {kinds:?}"
    );
    let mut child = server.child;
    let status = child.wait().unwrap();
    println!(
        "drained and exited {} ms after SIGTERM",
        signalled.elapsed().as_millis()
    );
    assert_eq!(status.code(), Some(0));
    let refused = runtime.block_on(async { client().get(format!("{base}/health")).send().await });
    assert!(refused.is_err(), "nothing listens any more");
    let stderr = server.stderr.join().unwrap();
    assert!(stderr.contains("stopping"), "{stderr}");
    assert!(stderr.contains("store closed"), "{stderr}");
    assert!(!stderr.contains(token), "the token is never logged");
    assert!(
        stderr.contains("x-request-id") || stderr.contains("request_id"),
        "{stderr}"
    );
    // The store was closed cleanly: it verifies, and holds the finished thread.
    let store = chatkit::SqliteStore::open_verified(dir.path().join("shopdesk.sqlite3")).unwrap();
    let threads = runtime
        .block_on(chatkit::Store::<()>::load_threads(
            &store,
            10,
            None,
            chatkit::types::Order::Desc,
            &(),
        ))
        .unwrap();
    assert_eq!(threads.data.len(), 1);
}

#[test]
fn a_damaged_database_is_set_aside_not_deleted_and_a_fresh_one_opens() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join(shopdesk_server::shop_app::DATABASE_FILE);
    std::fs::write(
        &database,
        b"this is not an SQLite database, but someone's data",
    )
    .unwrap();
    shopdesk_server::shop_app::open_store(dir.path()).unwrap();
    let aside: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.starts_with("shopdesk.sqlite3.damaged-"))
        .collect();
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert_eq!(
        std::fs::read(dir.path().join(&aside[0])).unwrap(),
        b"this is not an SQLite database, but someone's data"
    );
    chatkit::SqliteStore::open_verified(&database).expect("a fresh database in its place");
}

#[tokio::test]
async fn while_draining_every_new_request_gets_503() {
    let run = start(NO_DELAY, |_| {}).await;
    assert_eq!(
        client()
            .get(run.url("/health"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    run.lifecycle.start_draining();
    let health = client().get(run.url("/health")).send().await.unwrap();
    assert_eq!(health.status(), 503);
    assert_eq!(health.headers()["connection"], "close");
    let list = post(&run, &json!({"type": "threads.list", "params": {}})).await;
    assert_eq!(list.status(), 503);
    run.stop().await;
}
