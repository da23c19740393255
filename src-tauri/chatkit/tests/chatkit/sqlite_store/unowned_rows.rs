//! Rows written before users existed on SQLite (schema 1 → 2): they become unowned, which is
//! the unscoped context's (the desktop app's) only.

use chatkit::store::sqlite::SqliteStore;
use chatkit::Store;

use crate::isolation::{listed, A, NOBODY};
use crate::sqlite_store::contract::thread;

/// A database written before users existed (schema 1) opens with its rows unowned: the
/// desktop app still sees them, a user does not.
#[tokio::test]
async fn rows_from_before_users_stay_the_unscoped_contexts() {
    let path = std::env::temp_dir().join(format!(
        "chatkit-isolation-v1-{}.sqlite3",
        std::process::id()
    ));
    let _ = std::fs::remove_file(&path);
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "CREATE TABLE threads (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,
                                   created_at TEXT NOT NULL, data TEXT NOT NULL);
             CREATE TABLE items (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL,
                 thread_id TEXT NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
                 created_at TEXT NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL,
                 UNIQUE (thread_id, id));
             CREATE INDEX items_thread_seq ON items (thread_id, seq);
             CREATE TABLE attachments (id TEXT PRIMARY KEY NOT NULL, data TEXT NOT NULL);
             PRAGMA user_version = 1;",
        )
        .unwrap();
        let data = serde_json::to_string(&thread("thr_old")).unwrap();
        conn.execute(
            "INSERT INTO threads (id, created_at, data) VALUES ('thr_old', '2026-01-01T00:00:00Z', ?1)",
            [data],
        )
        .unwrap();
    }
    let store = SqliteStore::open(&path).unwrap();
    assert_eq!(
        store.schema_version().await.unwrap(),
        chatkit::store::sqlite::SCHEMA_VERSION
    );
    assert_eq!(listed(&store, NOBODY).await, ["thr_old"]);
    assert!(listed(&store, A).await.is_empty());
    assert!(store.load_thread("thr_old", &A).await.is_err());
    drop(store);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}
