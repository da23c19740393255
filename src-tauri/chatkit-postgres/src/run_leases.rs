//! [`PostgresRunLocks`]: the one-run-per-thread rule (`chatkit::run_locks`) across every process
//! on one database, as a lease row in `chatkit_run_leases` with an expiry.
//!
//! Why a lease and not an advisory lock: a session-level advisory lock would pin one pooled
//! connection per running thread (300 conversations would need 300 connections), and a lease
//! row is visible to an operator (`SELECT * FROM chatkit_run_leases`). The cost is that a
//! crashed process's threads stay busy until their lease expires — which is what the TTL is
//! for: the holder renews it every third of the TTL while the run lasts, so a live run never
//! loses it, and a dead process's lease lapses within one TTL.
//!
//! * Acquire: one `INSERT … ON CONFLICT DO UPDATE … WHERE expires_at < now` — it takes a free
//!   thread or an expired lease, atomically; a live lease makes it write nothing. A busy thread
//!   is asked again with a growing pause (20 ms up to 250 ms) until the wait is over.
//! * Times are the database's clock (`clock_timestamp()`), so the processes' clocks do not
//!   matter.
//! * Release: dropping the lease stops the renewal and deletes the row (only if it is still
//!   this holder's). A renewal that finds its row taken logs an error and stops: the TTL was
//!   shorter than a stall of this process. A request dropped while its acquiring statement is
//!   in flight may leave a row nobody renews: it lapses like a crashed process's.

use std::time::Duration;

use async_trait::async_trait;
use chatkit::{RunLease, RunLockError, RunLocks};
use deadpool_postgres::Pool;

/// The default lease: 30 s, renewed every 10 s.
pub const DEFAULT_LEASE_TTL: Duration = Duration::from_secs(30);

const ACQUIRE: &str = "INSERT INTO chatkit_run_leases (thread_id, holder, expires_at)
     VALUES ($1, $2, clock_timestamp() + $3::bigint * interval '1 millisecond')
     ON CONFLICT (thread_id) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
     WHERE chatkit_run_leases.expires_at < clock_timestamp()";

const RENEW: &str = "UPDATE chatkit_run_leases
     SET expires_at = clock_timestamp() + $3::bigint * interval '1 millisecond'
     WHERE thread_id = $1 AND holder = $2";

const RELEASE: &str = "DELETE FROM chatkit_run_leases WHERE thread_id = $1 AND holder = $2";

/// Run leases in the database of a [`crate::PostgresStore`] (same pool).
#[derive(Clone)]
pub struct PostgresRunLocks {
    pool: Pool,
    ttl: Duration,
}

impl PostgresRunLocks {
    /// Leases of `ttl` (at least 300 ms), renewed every `ttl / 3`.
    pub fn new(pool: Pool, ttl: Duration) -> Self {
        Self {
            pool,
            ttl: ttl.max(Duration::from_millis(300)),
        }
    }

    fn ttl_ms(&self) -> i64 {
        i64::try_from(self.ttl.as_millis()).unwrap_or(i64::MAX)
    }

    /// One attempt: `Ok(true)` when the lease is now `holder`'s.
    async fn try_take(&self, thread_id: &str, holder: &str) -> Result<bool, RunLockError> {
        let client = self.pool.get().await.map_err(failed)?;
        let stmt = client.prepare_cached(ACQUIRE).await.map_err(failed)?;
        let written = client
            .execute(&stmt, &[&thread_id, &holder, &self.ttl_ms()])
            .await
            .map_err(failed)?;
        Ok(written == 1)
    }
}

fn failed(e: impl std::fmt::Display) -> RunLockError {
    RunLockError::Failed(e.to_string())
}

#[async_trait]
impl RunLocks for PostgresRunLocks {
    async fn acquire(&self, thread_id: &str, wait: Duration) -> Result<RunLease, RunLockError> {
        let holder = uuid::Uuid::new_v4().to_string();
        let deadline = tokio::time::Instant::now() + wait;
        let mut pause = Duration::from_millis(20);
        while !self.try_take(thread_id, &holder).await? {
            let now = tokio::time::Instant::now();
            if now >= deadline {
                return Err(RunLockError::Busy(thread_id.to_owned()));
            }
            tokio::time::sleep(pause.min(deadline - now)).await;
            pause = (pause * 3 / 2).min(Duration::from_millis(250));
        }
        let renewal = tokio::spawn(renew(
            self.pool.clone(),
            thread_id.to_owned(),
            holder.clone(),
            self.ttl,
        ));
        Ok(RunLease::new(Held {
            pool: self.pool.clone(),
            thread_id: thread_id.to_owned(),
            holder,
            renewal,
        }))
    }
}

/// Renews the lease every third of its TTL until aborted (or until it finds the lease lost).
async fn renew(pool: Pool, thread_id: String, holder: String, ttl: Duration) {
    let ttl_ms = i64::try_from(ttl.as_millis()).unwrap_or(i64::MAX);
    let mut ticks = tokio::time::interval(ttl / 3);
    ticks.tick().await; // the first tick is immediate
    loop {
        ticks.tick().await;
        let renewed = async {
            let client = pool.get().await.map_err(failed)?;
            let stmt = client.prepare_cached(RENEW).await.map_err(failed)?;
            client
                .execute(&stmt, &[&thread_id, &holder, &ttl_ms])
                .await
                .map_err(failed)
        }
        .await;
        match renewed {
            Ok(1) => {}
            Ok(_) => {
                tracing::error!(
                    thread_id,
                    "the run lease was lost (it expired and another run took it); the lease \
                     TTL is shorter than a stall of this process"
                );
                return;
            }
            // A failed renewal is retried at the next tick; the lease has two more ticks left.
            Err(e) => tracing::warn!(thread_id, "cannot renew the run lease: {e}"),
        }
    }
}

/// A held lease: dropping it stops the renewal and deletes the row.
struct Held {
    pool: Pool,
    thread_id: String,
    holder: String,
    renewal: tokio::task::JoinHandle<()>,
}

impl Drop for Held {
    fn drop(&mut self) {
        self.renewal.abort();
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return; // no runtime left (shutting down): the lease expires by itself
        };
        let (pool, thread_id, holder) = (
            self.pool.clone(),
            std::mem::take(&mut self.thread_id),
            std::mem::take(&mut self.holder),
        );
        runtime.spawn(async move {
            let released = async {
                let client = pool.get().await.map_err(failed)?;
                let stmt = client.prepare_cached(RELEASE).await.map_err(failed)?;
                client
                    .execute(&stmt, &[&thread_id, &holder])
                    .await
                    .map_err(failed)
            }
            .await;
            if let Err(e) = released {
                tracing::warn!(
                    thread_id,
                    "cannot release the run lease (it will expire): {e}"
                );
            }
        });
    }
}
