//! Opening the thread store: a healthy database reopens with its threads; each kind of damaged
//! file is set aside with its companions and a fresh database takes its place, with a notice; a
//! database that only cannot be opened stops the start and is left alone; files are private.

use super::*;
use chatkit::types::ThreadMetadata;
use chatkit::{Store, Timestamp};
use chrono::TimeZone;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 23, 15, 0).unwrap()
}

fn thread(id: &str) -> ThreadMetadata {
    ThreadMetadata::new(id, Timestamp::now())
}

async fn thread_ids(store: &dyn Store<RequestContext>) -> Vec<String> {
    let page = store
        .load_threads(10, None, chatkit::types::Order::Asc, &())
        .await
        .unwrap();
    page.data.into_iter().map(|t| t.id).collect()
}

/// A database holding `thr_old`, closed cleanly.
async fn database_with_a_thread(path: &Path) {
    let store = SqliteStore::open(path).unwrap();
    Store::<()>::save_thread(&store, &thread("thr_old"), &())
        .await
        .unwrap();
}

#[tokio::test]
async fn the_store_is_a_private_database_file_that_reopens() {
    let dir = tempfile::tempdir().unwrap();
    let path = paths::database_path(dir.path());
    let (store, notice) = open_store(&path, now()).unwrap();
    assert_eq!(notice, None);
    store.save_thread(&thread("thr_1"), &()).await.unwrap();
    #[cfg(unix)]
    for file in [path.clone(), paths::with_suffix(&path, "-wal")] {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{}", file.display());
    }
    drop(store);
    let (store, notice) = open_store(&path, now()).expect("an existing database opens again");
    assert_eq!(notice, None, "a healthy file is not touched");
    assert_eq!(thread_ids(&store).await, ["thr_1"]);
}

#[tokio::test]
async fn each_kind_of_damage_is_set_aside_and_a_fresh_store_opens() {
    type Damage = fn(&Path);
    let not_sqlite: Damage =
        |p| std::fs::write(p, "not a database, just text\n".repeat(20)).unwrap();
    let newer_schema: Damage = |p| {
        rusqlite::Connection::open(p)
            .unwrap()
            .execute_batch("PRAGMA user_version = 99")
            .unwrap()
    };
    let corrupt_page: Damage = |p| {
        let store = SqliteStore::open(p).unwrap();
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        rt.block_on(async {
            let big = "x".repeat(3000);
            for i in 0..40 {
                let mut t = thread(&format!("thr_{i:03}"));
                t.title = Some(big.clone());
                Store::<()>::save_thread(&store, &t, &()).await.unwrap();
            }
        });
        drop(store);
        let mut bytes = std::fs::read(p).unwrap();
        let middle = bytes.len() / 4096 / 2 * 4096;
        bytes[middle..middle + 4096].fill(0x5a);
        std::fs::write(p, bytes).unwrap();
    };
    let cases: [(&str, Damage, &str); 3] = [
        ("not SQLite", not_sqlite, "not an SQLite database"),
        ("newer schema", newer_schema, "schema version 99"),
        ("corrupt page", corrupt_page, "corrupt"),
    ];
    for (name, damage, reason) in cases {
        let dir = tempfile::tempdir().unwrap();
        let path = paths::database_path(dir.path());
        if name != "not SQLite" {
            database_with_a_thread(&path).await;
        }
        // Run the damage on a plain thread: the corrupt case makes its own runtime.
        std::thread::scope(|s| s.spawn(|| damage(&path)).join().unwrap());
        let before = std::fs::read(&path).unwrap();
        let (store, notice) = open_store(&path, now()).unwrap();
        let notice = notice.unwrap_or_else(|| panic!("{name}: no notice"));
        assert!(
            notice.reason.contains(reason) || notice.reason.contains("integrity_check"),
            "{name}: {notice:?}"
        );
        let moved = dir.path().join("shopdesk.sqlite3.damaged-20261201T231500Z");
        assert_eq!(notice.moved_to, moved.display().to_string(), "{name}");
        assert_eq!(
            std::fs::read(&moved).unwrap(),
            before,
            "{name}: kept as it was"
        );
        assert_eq!(
            thread_ids(&store).await,
            Vec::<String>::new(),
            "{name}: fresh"
        );
        store.save_thread(&thread("thr_new"), &()).await.unwrap();
        println!("{name}: {}", notice.reason);
    }
}

#[tokio::test]
async fn a_file_that_is_not_sqlite_is_moved_with_its_wal_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = paths::database_path(dir.path());
    std::fs::write(&path, "garbage, not a database").unwrap();
    std::fs::write(paths::with_suffix(&path, "-wal"), "a stale write-ahead log").unwrap();
    let (_store, notice) = open_store(&path, now()).unwrap();
    let moved = notice.expect("set aside").moved_to;
    assert_eq!(
        std::fs::read_to_string(format!("{moved}-wal")).unwrap(),
        "a stale write-ahead log",
        "SQLite never touched the companion"
    );
}

#[tokio::test]
async fn a_database_that_cannot_be_opened_stops_the_start_and_stays() {
    let dir = tempfile::tempdir().unwrap();
    // A directory where the database should be: SQLite cannot open it, but it is not damage.
    let path = paths::database_path(dir.path());
    std::fs::create_dir(&path).unwrap();
    std::fs::write(path.join("keep"), "x").unwrap();
    let err = open_store(&path, now()).err().unwrap();
    assert_eq!(err.code(), "internal");
    assert!(
        err.message().starts_with("cannot open the database "),
        "{}",
        err.message()
    );
    assert!(path.join("keep").is_file(), "left where it was");
    let err = open_store(&dir.path().join("missing-dir/x.sqlite3"), now())
        .err()
        .unwrap();
    assert_eq!(err.code(), "internal");
}
