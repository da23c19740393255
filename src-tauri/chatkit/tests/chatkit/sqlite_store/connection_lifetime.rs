//! What the store's connection promises callers (src/store/sqlite/executor.rs): the file is
//! closed when the last clone of the store is dropped, and calls need no tokio runtime.

use super::contract::{item, thread};
use super::TempDb;
use chatkit::store::sqlite::set_aside::with_suffix;
use chatkit::store::sqlite::SqliteStore;
use chatkit::types::Order;
use chatkit::Store;

#[test]
fn dropping_the_last_clone_closes_the_file() {
    let db = TempDb::new("close");
    let wal = with_suffix(db.path(), "-wal");
    let store = SqliteStore::open(db.path()).unwrap();
    let clone = store.clone();
    futures::executor::block_on(async {
        store.save_thread(&thread("thr_1"), &()).await.unwrap();
        clone
            .add_thread_item("thr_1", &item("thr_1", "it_1", 1), &())
            .await
            .unwrap();
    });
    assert!(wal.exists(), "an open WAL database has its -wal file");
    drop(store);
    assert!(wal.exists(), "a clone still holds the connection open");
    drop(clone);
    // The last connection to a WAL database checkpoints and deletes the -wal file on close:
    // gone at once means the drop waited for the connection to close.
    assert!(
        !wal.exists(),
        "the file is closed when the last clone is dropped"
    );
    let reopened = SqliteStore::open(db.path()).unwrap();
    let page =
        futures::executor::block_on(reopened.load_thread_items("thr_1", None, 10, Order::Asc, &()))
            .unwrap();
    assert_eq!(page.data.len(), 1);
}
