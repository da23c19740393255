//! How a [`super::SqliteStore`] runs a call on its connection: on the caller's own thread,
//! under a mutex, with no hop to another thread.
//!
//! Why: rusqlite is synchronous, and the store first handed every call to
//! `tokio::task::spawn_blocking`. A dedicated connection thread fed over a channel was tried
//! next. Both pay two cross-thread wake-ups per call, and on a busy machine (2 cores, many
//! processes) a wake-up waits for a time slice: the replay of the golden scenarios ran at 0.11×
//! the memory store's requests/s with the dedicated thread, while the statements themselves take
//! microseconds. A statement on a WAL database with `synchronous = NORMAL` does not wait for the
//! disk (commits append to the WAL in the OS page cache; only a checkpoint syncs, see below), so
//! running it where the caller is costs less than any hand-off and blocks an async worker for
//! about as long as the in-memory store's own work does.
//!
//! * One connection per store, shared by its clones; calls are serialized by the mutex, as
//!   SQLite would serialize them on one connection anyway. Its prepared statements
//!   (`prepare_cached`) and page cache stay warm across calls.
//! * A closure that panics fails only its own call ([`StoreError::Other`]); the connection goes
//!   on serving the others (a statement is atomic, and a transaction the panic interrupted is
//!   rolled back when rusqlite drops it).
//! * The one disk wait left is SQLite's automatic checkpoint: the commit that takes the WAL past
//!   1000 pages (about 4 MB written) copies it into the database file and syncs, inline.
//! * Dropping the last clone closes the connection before the drop returns (the last connection
//!   to a WAL database checkpoints and removes the `-wal` file), so callers may then move,
//!   reopen or inspect the file.

use crate::errors::StoreError;
use rusqlite::Connection;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, Mutex, MutexGuard};

/// A store's connection. Cheap to clone; the connection closes when the last clone is dropped.
#[derive(Clone)]
pub(crate) struct Executor {
    conn: Arc<Mutex<Connection>>,
}

impl Executor {
    pub(crate) fn new(conn: Connection) -> Self {
        Self {
            conn: Arc::new(Mutex::new(conn)),
        }
    }

    /// Run `f` with the connection, on the calling thread. Needs no async runtime.
    pub(crate) async fn run<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, StoreError> + Send + 'static,
    {
        let mut conn = lock(&self.conn);
        catch_unwind(AssertUnwindSafe(|| f(&mut conn)))
            .unwrap_or_else(|_| Err(StoreError::Other("a store call panicked".into())))
    }
}

/// A panic is caught before the guard is dropped, so the mutex is not normally poisoned; if it
/// is, the connection is still consistent (see the module docs) and safe to keep using.
fn lock(conn: &Mutex<Connection>) -> MutexGuard<'_, Connection> {
    conn.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn executor() -> Executor {
        Executor::new(Connection::open_in_memory().unwrap())
    }

    #[test]
    fn calls_run_in_order_on_one_connection_without_a_tokio_runtime() {
        let exec = executor();
        futures::executor::block_on(async {
            exec.run(|c| {
                c.execute_batch("CREATE TEMP TABLE t (n INTEGER)")
                    .map_err(|e| StoreError::Other(e.to_string()))
            })
            .await
            .unwrap();
            for n in 0..10 {
                let clone = exec.clone();
                clone
                    .run(move |c| {
                        c.execute("INSERT INTO t VALUES (?1)", [n])
                            .map(drop)
                            .map_err(|e| StoreError::Other(e.to_string()))
                    })
                    .await
                    .unwrap();
            }
            // A TEMP table exists only on the connection that created it: same connection.
            let all: Vec<i64> = exec
                .run(|c| {
                    let mut s = c.prepare("SELECT n FROM t ORDER BY rowid").unwrap();
                    let rows = s.query_map([], |r| r.get(0)).unwrap();
                    Ok(rows.map(Result::unwrap).collect())
                })
                .await
                .unwrap();
            assert_eq!(all, (0..10).collect::<Vec<i64>>());
        });
    }

    #[test]
    fn a_panicking_call_fails_alone() {
        let exec = executor();
        futures::executor::block_on(async {
            let failed = exec.run::<(), _>(|_| panic!("boom")).await;
            assert_eq!(
                failed,
                Err(StoreError::Other("a store call panicked".into()))
            );
            let after = exec.run(|c| Ok(c.is_autocommit())).await;
            assert_eq!(after, Ok(true), "the connection still serves calls");
        });
    }
}
