//! The thread that owns a [`super::SqliteStore`]'s connection and runs every call on it.
//!
//! Why: rusqlite is synchronous, and a store call must not block the async runtime on disk I/O.
//! Handing each call to `tokio::task::spawn_blocking` (what the store did first) costs a task
//! allocation, a trip through the blocking pool and a mutex per call, and the pool's threads
//! take turns with the connection, so its statement cache and page cache stay cold. Here one
//! dedicated thread owns the connection for the store's whole life: a call is a boxed closure
//! sent over a channel, run on that thread against the same connection (whose prepared-statement
//! cache therefore stays warm), and its result comes back through a oneshot channel the caller
//! awaits. Calls run one at a time in the order they were sent, as SQLite would serialize them
//! on one connection anyway.
//!
//! Lifetime: the thread ends when the last handle is dropped, after finishing the calls already
//! sent; dropping the last handle waits for that, so the database file is closed (and its WAL
//! checkpointed) when the drop returns — callers may then move, reopen or inspect the file.
//! A closure that panics fails only its own call ([`StoreError::Other`]); the thread and the
//! connection go on serving the others (a statement is atomic, and a transaction the panic
//! interrupted is rolled back when rusqlite drops it).

use crate::errors::StoreError;
use rusqlite::Connection;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc;
use std::sync::Arc;
use std::thread::{JoinHandle, ThreadId};
use tokio::sync::oneshot;

/// One call: runs on the connection's thread and sends its own result back.
type Job = Box<dyn FnOnce(&mut Connection) + Send>;

/// A handle to the connection thread. Cheap to clone; the thread lives while a handle does.
#[derive(Clone)]
pub(crate) struct Executor {
    shared: Arc<Shared>,
}

struct Shared {
    /// `None` only while dropping (closing the channel is what stops the thread).
    jobs: Option<mpsc::Sender<Job>>,
    thread: Option<JoinHandle<()>>,
    thread_id: ThreadId,
}

impl Executor {
    /// Move `conn` onto a new thread named `chatkit-sqlite`.
    pub(crate) fn spawn(conn: Connection) -> std::io::Result<Self> {
        let (jobs, queue) = mpsc::channel::<Job>();
        let thread = std::thread::Builder::new()
            .name("chatkit-sqlite".into())
            .spawn(move || serve(conn, queue))?;
        Ok(Self {
            shared: Arc::new(Shared {
                jobs: Some(jobs),
                thread_id: thread.thread().id(),
                thread: Some(thread),
            }),
        })
    }

    /// Run `f` with the connection on its thread and await the result. Needs no particular
    /// async runtime (the reply is a `tokio::sync::oneshot`, which works under any executor).
    pub(crate) async fn run<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, StoreError> + Send + 'static,
    {
        let (reply, result) = oneshot::channel();
        let job: Job = Box::new(move |conn| {
            let outcome = catch_unwind(AssertUnwindSafe(|| f(conn)))
                .unwrap_or_else(|_| Err(StoreError::Other("a store call panicked".into())));
            // The caller may have stopped waiting (its future dropped): nothing to do then.
            let _ = reply.send(outcome);
        });
        let sent = match &self.shared.jobs {
            Some(jobs) => jobs.send(job).is_ok(),
            None => false,
        };
        if !sent {
            return Err(StoreError::Other(
                "the store's connection thread has stopped".into(),
            ));
        }
        result
            .await
            .map_err(|_| StoreError::Other("the store's connection thread has stopped".into()))?
    }
}

/// The connection thread: run jobs until every handle is gone, then close the connection.
fn serve(mut conn: Connection, queue: mpsc::Receiver<Job>) {
    while let Ok(job) = queue.recv() {
        job(&mut conn);
    }
    // Dropping `conn` closes the database; the last connection to a WAL database checkpoints.
}

impl Drop for Shared {
    fn drop(&mut self) {
        drop(self.jobs.take());
        // The last handle may be dropped by a job on the connection thread itself (a closure
        // that owned a store clone); joining there would wait forever, and the thread is
        // about to end on its own.
        if std::thread::current().id() != self.thread_id {
            if let Some(thread) = self.thread.take() {
                let _ = thread.join();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn executor() -> Executor {
        Executor::spawn(Connection::open_in_memory().unwrap()).unwrap()
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
                exec.run(move |c| {
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
            assert_eq!(
                after,
                Ok(true),
                "the thread and connection still serve calls"
            );
        });
    }
}
