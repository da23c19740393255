//! `SqliteStore::open_verified` on files that must not be used: each kind of damage is reported
//! as `OpenError::Damaged` (and the file is left byte for byte as it was), while a file that
//! only cannot be opened is `Unavailable` and a healthy one opens with its rows.

use super::contract::{item, thread};
use super::TempDb;
use chatkit::store::sqlite::{OpenError, SqliteStore, SCHEMA_VERSION};
use chatkit::Store;

/// A database with one thread and `n` items, closed (so its WAL is checkpointed into the file).
async fn database_with_items(db: &TempDb, n: usize) {
    let store = SqliteStore::open(db.path()).unwrap();
    store.save_thread(&thread("thr_1"), &()).await.unwrap();
    for i in 0..n {
        store
            .add_thread_item("thr_1", &item("thr_1", &format!("it_{i:04}"), 1), &())
            .await
            .unwrap();
    }
}

fn damaged_reason(result: Result<SqliteStore, OpenError>) -> String {
    match result {
        Err(OpenError::Damaged(reason)) => reason,
        other => panic!("expected Damaged, got {other:?}"),
    }
}

#[test]
fn a_file_that_is_not_sqlite_is_damaged_and_left_as_it_was() {
    let db = TempDb::new("not-sqlite");
    let bytes = b"{\"this is\": \"not a database, but long enough to have a header\"}\n".repeat(4);
    std::fs::write(db.path(), &bytes).unwrap();
    let reason = damaged_reason(SqliteStore::open_verified(db.path()));
    assert!(reason.contains("not an SQLite database"), "{reason}");
    assert_eq!(std::fs::read(db.path()).unwrap(), bytes, "nothing written");
}

#[tokio::test]
async fn a_schema_from_a_newer_build_is_damaged() {
    let db = TempDb::new("newer");
    database_with_items(&db, 1).await;
    rusqlite::Connection::open(db.path())
        .unwrap()
        .execute_batch(&format!("PRAGMA user_version = {}", SCHEMA_VERSION + 1))
        .unwrap();
    let reason = damaged_reason(SqliteStore::open_verified(db.path()));
    assert!(
        reason.contains(&format!("schema version {}", SCHEMA_VERSION + 1)),
        "{reason}"
    );
}

#[tokio::test]
async fn a_corrupt_page_is_damaged() {
    let db = TempDb::new("corrupt");
    database_with_items(&db, 300).await;
    let mut bytes = std::fs::read(db.path()).unwrap();
    let page = 4096;
    let pages = bytes.len() / page;
    assert!(pages > 6, "a database of several pages: {pages}");
    // Scribble over a page in the middle of the items table (not page 1: that is the header
    // and the schema, whose damage SQLite reports on open rather than in the check).
    let middle = pages / 2 * page;
    bytes[middle..middle + page].fill(0x5a);
    std::fs::write(db.path(), &bytes).unwrap();
    // The lax open still succeeds: only the check finds the damage.
    assert!(SqliteStore::open(db.path()).is_ok());
    let reason = damaged_reason(SqliteStore::open_verified(db.path()));
    assert!(
        reason.contains("integrity_check") || reason.contains("corrupt"),
        "{reason}"
    );
    println!("corrupt page {}/{pages}: {reason}", pages / 2);
}

#[test]
fn an_index_that_disagrees_with_its_table_fails_the_integrity_check() {
    // Two tables with the same shape and an index each; the schema is then made to say each
    // index lives where the other one does. Every query still runs, only the check can tell.
    let db = TempDb::new("index");
    let conn = rusqlite::Connection::open(db.path()).unwrap();
    conn.execute_batch(
        "CREATE TABLE t1 (a); CREATE TABLE t2 (a);
         INSERT INTO t1 VALUES (1), (2), (3); INSERT INTO t2 VALUES (7), (8);
         CREATE INDEX i1 ON t1 (a); CREATE INDEX i2 ON t2 (a);",
    )
    .unwrap();
    let root = |name: &str| -> i64 {
        conn.query_row(
            "SELECT rootpage FROM sqlite_master WHERE name = ?1",
            [name],
            |r| r.get(0),
        )
        .unwrap()
    };
    let (r1, r2) = (root("i1"), root("i2"));
    conn.execute_batch(&format!(
        "PRAGMA writable_schema = ON;
         UPDATE sqlite_master SET rootpage = {r2} WHERE name = 'i1';
         UPDATE sqlite_master SET rootpage = {r1} WHERE name = 'i2';"
    ))
    .unwrap();
    drop(conn);
    let reason = damaged_reason(SqliteStore::open_verified(db.path()));
    assert!(
        reason.starts_with("PRAGMA integrity_check failed: "),
        "{reason}"
    );
    assert!(reason.contains("i1") || reason.contains("i2"), "{reason}");
    println!("swapped indexes: {reason}");
}

#[tokio::test]
async fn a_healthy_file_opens_with_its_rows_and_a_missing_directory_is_unavailable() {
    let db = TempDb::new("healthy");
    database_with_items(&db, 3).await;
    let store = SqliteStore::open_verified(db.path()).unwrap();
    assert_eq!(store.load_thread("thr_1", &()).await.unwrap().id, "thr_1");
    store.check_integrity().await.unwrap();
    let fresh = TempDb::new("fresh");
    SqliteStore::open_verified(fresh.path()).expect("a new file is created");
    let missing = std::env::temp_dir().join("chatkit-no-such-dir/x/db.sqlite3");
    match SqliteStore::open_verified(&missing) {
        Err(OpenError::Unavailable(reason)) => assert!(!reason.is_empty()),
        other => panic!("expected Unavailable, got {other:?}"),
    }
}
