//! One run per thread: the [`RunLocks`] a [`crate::ChatKitServer`] takes a thread's lease from
//! before a responder answers on it, so two runs never write into one thread at once.
//!
//! Why: a run appends items in order (the user message, then the answer's items); two runs on
//! one thread would interleave their items and each would answer a history the other is still
//! changing. Within one process a client can cause that (two tabs, a double submit); with
//! several server processes on one database (the PostgreSQL store) every process must see the
//! other's runs. So the rule is a trait with two implementations:
//!
//! * [`InProcessRunLocks`] (the default): a set of busy thread ids in memory.
//! * a database lease (`chatkit_postgres::PostgresRunLocks`): a row with an expiry the running
//!   process renews, so a crashed process's threads become usable again once it expires.
//!
//! The rule (docs/ARCHITECTURE.md, Contract 7): every streaming request on a thread (a new
//! thread included) takes the thread's lease before its preamble writes anything, and holds it
//! until its response task ends — the stream finished, failed, or was cancelled and its partial
//! answer saved. A request that finds the thread busy waits up to the server's run wait
//! ([`DEFAULT_RUN_WAIT`]); if the lease is still taken then, its stream is one retryable
//! `error` event ([`busy_event`]) and nothing is written.

mod in_process;

pub use in_process::InProcessRunLocks;

use crate::errors::StreamError;
use crate::types::ThreadStreamEvent;
use async_trait::async_trait;
use std::time::Duration;

/// How long a streaming request waits for a busy thread by default before it is refused.
pub const DEFAULT_RUN_WAIT: Duration = Duration::from_secs(30);

/// How long a client should wait before retrying a refused busy thread (the `retry_after_ms`
/// of [`busy_event`]).
pub const BUSY_RETRY_AFTER: Duration = Duration::from_secs(1);

/// Why no lease was given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RunLockError {
    /// Another run held the thread for the whole wait.
    #[error("thread {0} is busy with another run")]
    Busy(String),
    /// The lock could not be asked for (e.g. the database is unreachable).
    #[error("run lock failure: {0}")]
    Failed(String),
}

/// The right to run on one thread. Dropping it releases the thread.
pub struct RunLease {
    _guard: Box<dyn Send + Sync>,
}

impl RunLease {
    /// A lease whose `guard` releases the thread when it is dropped.
    pub fn new(guard: impl Send + Sync + 'static) -> Self {
        Self {
            _guard: Box::new(guard),
        }
    }
}

impl std::fmt::Debug for RunLease {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RunLease")
    }
}

/// Who may run on which thread right now.
#[async_trait]
pub trait RunLocks: Send + Sync + 'static {
    /// The lease of `thread_id`, waiting at most `wait` while another run holds it.
    async fn acquire(&self, thread_id: &str, wait: Duration) -> Result<RunLease, RunLockError>;
}

/// The one event a request gets when its thread stayed busy for the whole wait: a custom,
/// retryable error with `retry_after_ms` (docs/PROTOCOL.md §12), so a client can try again.
pub fn busy_event() -> ThreadStreamEvent {
    StreamError::RetryLater {
        message: "This conversation is still answering another message. Try again in a moment."
            .into(),
        after: BUSY_RETRY_AFTER,
    }
    .to_event()
}
