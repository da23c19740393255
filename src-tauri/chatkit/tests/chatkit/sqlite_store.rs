//! The SQLite store against the store contract (shared with the in-memory store, so both are
//! held to the same rules), plus what only a database has: reopening a file, schema versions,
//! the timestamp columns, foreign keys, concurrent writers, and a model check that random
//! operation sequences leave SQLite and the in-memory store with identical pages.

mod connection_lifetime;
pub(crate) mod contract;
mod damaged;
mod unowned_rows;

use chatkit::store::sqlite::{SqliteStore, SCHEMA_VERSION};
use chatkit::types::Order;
use chatkit::{MemoryStore, Store, StoreError};
use contract::{all_items, all_threads, item, thread, ts};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// A database path in the temp dir, removed (with its WAL files) on drop.
struct TempDb(PathBuf);

impl TempDb {
    fn new(tag: &str) -> Self {
        static N: AtomicUsize = AtomicUsize::new(0);
        let name = format!(
            "chatkit-{tag}-{}-{}.sqlite3",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        );
        let db = Self(std::env::temp_dir().join(name));
        db.remove();
        db
    }
    fn path(&self) -> &Path {
        &self.0
    }
    fn remove(&self) {
        for suffix in ["", "-wal", "-shm"] {
            let mut p = self.0.clone().into_os_string();
            p.push(suffix);
            let _ = std::fs::remove_file(p);
        }
    }
}

impl Drop for TempDb {
    fn drop(&mut self) {
        self.remove();
    }
}

#[tokio::test]
async fn contract_on_memory_store() {
    contract::run_contract(&|| Box::new(MemoryStore::new())).await;
}

#[tokio::test]
async fn contract_on_sqlite_in_memory() {
    contract::run_contract(&|| Box::new(SqliteStore::open_in_memory().unwrap())).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn contract_on_sqlite_file() {
    let dbs: std::sync::Mutex<Vec<TempDb>> = Default::default();
    contract::run_contract(&|| {
        let db = TempDb::new("contract");
        let store = SqliteStore::open(db.path()).unwrap();
        dbs.lock().unwrap().push(db);
        Box::new(store)
    })
    .await;
}

#[tokio::test]
async fn reopen_file_finds_everything() {
    let db = TempDb::new("reopen");
    {
        let store = SqliteStore::open(db.path()).unwrap();
        let mut t = thread("thr_1");
        t.title = Some("Kept".into());
        t.metadata.insert("k".into(), "v".into());
        store.save_thread(&t, &()).await.unwrap();
        store.save_thread(&thread("thr_2"), &()).await.unwrap();
        for i in 0..5 {
            store
                .add_thread_item("thr_1", &item("thr_1", &format!("it_{i}"), i), &())
                .await
                .unwrap();
        }
        store
            .save_attachment(&contract::attachment("atc_1", Some("thr_1")), &())
            .await
            .unwrap();
    }
    let store = SqliteStore::open(db.path()).unwrap();
    assert_eq!(store.path(), Some(db.path()));
    let t = store.load_thread("thr_1", &()).await.unwrap();
    assert_eq!(t.title.as_deref(), Some("Kept"));
    assert_eq!(t.metadata.get("k"), Some(&"v".into()));
    assert_eq!(
        all_threads(&store, 1, Order::Desc).await,
        ["thr_2", "thr_1"]
    );
    assert_eq!(
        all_items(&store, "thr_1", 2, Order::Asc).await,
        ["it_0", "it_1", "it_2", "it_3", "it_4"]
    );
    assert_eq!(
        store.load_item("thr_1", "it_3", &()).await.unwrap(),
        item("thr_1", "it_3", 3)
    );
    let a = store.load_attachment("atc_1", &()).await.unwrap();
    assert_eq!(a.metadata(), Some(&serde_json::json!({"size": 3})));
    // New rows still go after the old ones (the sequence survives the reopen).
    store
        .add_thread_item("thr_1", &item("thr_1", "it_5", 0), &())
        .await
        .unwrap();
    assert_eq!(all_items(&store, "thr_1", 20, Order::Desc).await[0], "it_5");
    store.check_integrity().await.unwrap();
}

#[tokio::test]
async fn schema_version_migrations_and_pragmas() {
    let db = TempDb::new("schema");
    let store = SqliteStore::open(db.path()).unwrap();
    assert_eq!(store.schema_version().await.unwrap(), SCHEMA_VERSION);
    store.save_thread(&thread("thr_1"), &()).await.unwrap();
    drop(store);
    // Reopening is idempotent: same version, data intact.
    let store = SqliteStore::open(db.path()).unwrap();
    assert_eq!(store.schema_version().await.unwrap(), SCHEMA_VERSION);
    assert!(store.load_thread("thr_1", &()).await.is_ok());
    drop(store);

    let raw = rusqlite::Connection::open(db.path()).unwrap();
    let mode: String = raw
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let tables: Vec<String> = raw
        .prepare("SELECT name FROM sqlite_master WHERE type IN ('table','index') AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        tables,
        [
            "attachments",
            "items",
            "items_thread_seq",
            "threads",
            "threads_owner_seq"
        ]
    );
    // A file from a newer build is refused, not misread.
    raw.execute_batch(&format!("PRAGMA user_version = {}", SCHEMA_VERSION + 1))
        .unwrap();
    drop(raw);
    match SqliteStore::open(db.path()) {
        Err(StoreError::Other(msg)) => assert!(msg.contains("schema version"), "{msg}"),
        other => panic!("expected a schema version error, got {other:?}"),
    }
    // An existing empty database (version 0) is migrated.
    let db0 = TempDb::new("schema0");
    rusqlite::Connection::open(db0.path())
        .unwrap()
        .execute_batch("CREATE TABLE unrelated (x)")
        .unwrap();
    let store = SqliteStore::open(db0.path()).unwrap();
    assert_eq!(store.schema_version().await.unwrap(), SCHEMA_VERSION);
}

#[tokio::test]
async fn timestamps_columns_are_utc_and_json_keeps_its_form() {
    let db = TempDb::new("ts");
    let store = SqliteStore::open(db.path()).unwrap();
    let naive = thread("thr_naive");
    let aware = chatkit::types::ThreadMetadata::new("thr_aware", ts("2026-03-04T05:06:07.5+02:00"));
    store.save_thread(&naive, &()).await.unwrap();
    store.save_thread(&aware, &()).await.unwrap();
    store
        .add_thread_item("thr_naive", &item("thr_naive", "it_1", 0), &())
        .await
        .unwrap();
    assert_eq!(store.load_thread("thr_naive", &()).await.unwrap(), naive);
    assert_eq!(
        store
            .load_thread("thr_aware", &())
            .await
            .unwrap()
            .created_at
            .to_string(),
        "2026-03-04T03:06:07.500Z"
    );
    let raw = rusqlite::Connection::open(db.path()).unwrap();
    let cols: Vec<(String, String)> = raw
        .prepare("SELECT created_at, data FROM threads ORDER BY seq")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(cols[0].0, "2026-01-01T00:00:00Z");
    assert!(
        cols[0].1.contains(r#""created_at":"2026-01-01T00:00:00""#),
        "{}",
        cols[0].1
    );
    assert_eq!(cols[1].0, "2026-03-04T03:06:07.500Z");
    let (kind, created): (String, String) = raw
        .query_row("SELECT type, created_at FROM items", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(
        (kind.as_str(), created.as_str()),
        ("end_of_turn", "2026-01-01T00:00:00Z")
    );
}

#[tokio::test]
async fn items_need_their_thread_and_unique_ids() {
    let store = SqliteStore::open_in_memory().unwrap();
    assert!(matches!(
        store.add_thread_item("thr_nope", &item("thr_nope", "it_1", 0), &()).await,
        Err(StoreError::NotFound(id)) if id == "thr_nope"
    ));
    assert!(matches!(
        store
            .save_item("thr_nope", &item("thr_nope", "it_1", 0), &())
            .await,
        Err(StoreError::NotFound(_))
    ));
    store.save_thread(&thread("thr_1"), &()).await.unwrap();
    store
        .add_thread_item("thr_1", &item("thr_1", "it_1", 0), &())
        .await
        .unwrap();
    assert!(matches!(
        store
            .add_thread_item("thr_1", &item("thr_1", "it_1", 1), &())
            .await,
        Err(StoreError::Other(_))
    ));
    assert_eq!(
        store.load_item("thr_1", "it_1", &()).await.unwrap(),
        item("thr_1", "it_1", 0)
    );
    store.check_integrity().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_writers_lose_nothing() {
    let store = std::sync::Arc::new(SqliteStore::open_in_memory().unwrap());
    let mut tasks = Vec::new();
    for t in 0..8 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            let tid = format!("thr_{t}");
            store.save_thread(&thread(&tid), &()).await.unwrap();
            for i in 0..25 {
                store
                    .add_thread_item(&tid, &item(&tid, &format!("it_{i:02}"), i), &())
                    .await
                    .unwrap();
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    assert_eq!(all_threads(&*store, 3, Order::Asc).await.len(), 8);
    for t in 0..8 {
        let want: Vec<String> = (0..25).map(|i| format!("it_{i:02}")).collect();
        assert_eq!(
            all_items(&*store, &format!("thr_{t}"), 7, Order::Asc).await,
            want
        );
    }
    store.check_integrity().await.unwrap();
}

mod model;
