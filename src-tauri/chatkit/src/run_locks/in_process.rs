//! The default [`RunLocks`]: the busy thread ids of this process, in memory. Enough for one
//! process (the desktop app, one server); several processes on one database need a lock they
//! all see (the PostgreSQL lease).

use super::{RunLease, RunLockError, RunLocks};
use async_trait::async_trait;
use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::Notify;

#[derive(Default)]
struct Busy {
    threads: Mutex<HashSet<String>>,
    /// Woken whenever a lease is released, so waiters retry at once.
    released: Notify,
}

/// Busy threads of this process. Cheap to clone (shared).
#[derive(Clone, Default)]
pub struct InProcessRunLocks {
    busy: Arc<Busy>,
}

impl InProcessRunLocks {
    pub fn new() -> Self {
        Self::default()
    }

    /// How many threads are running now.
    pub fn running(&self) -> usize {
        lock(&self.busy.threads).len()
    }

    fn try_take(&self, thread_id: &str) -> Option<RunLease> {
        if !lock(&self.busy.threads).insert(thread_id.to_owned()) {
            return None;
        }
        Some(RunLease::new(Release {
            busy: self.busy.clone(),
            thread_id: thread_id.to_owned(),
        }))
    }
}

fn lock(set: &Mutex<HashSet<String>>) -> std::sync::MutexGuard<'_, HashSet<String>> {
    set.lock().unwrap_or_else(|e| e.into_inner())
}

struct Release {
    busy: Arc<Busy>,
    thread_id: String,
}

impl Drop for Release {
    fn drop(&mut self) {
        lock(&self.busy.threads).remove(&self.thread_id);
        self.busy.released.notify_waiters();
    }
}

#[async_trait]
impl RunLocks for InProcessRunLocks {
    async fn acquire(&self, thread_id: &str, wait: Duration) -> Result<RunLease, RunLockError> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            // Registered before the check, so a release between the two is not missed.
            let released = self.busy.released.notified();
            tokio::pin!(released);
            released.as_mut().enable();
            if let Some(lease) = self.try_take(thread_id) {
                return Ok(lease);
            }
            if tokio::time::timeout_at(deadline, released).await.is_err() {
                return Err(RunLockError::Busy(thread_id.to_owned()));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn one_lease_per_thread_released_on_drop() {
        let locks = InProcessRunLocks::new();
        let a = locks.acquire("t1", Duration::ZERO).await.unwrap();
        let _other = locks.acquire("t2", Duration::ZERO).await.unwrap();
        assert_eq!(
            locks
                .acquire("t1", Duration::from_millis(20))
                .await
                .unwrap_err(),
            RunLockError::Busy("t1".into())
        );
        assert_eq!(locks.running(), 2);
        drop(a);
        assert_eq!(locks.running(), 1);
        locks.acquire("t1", Duration::ZERO).await.unwrap();
    }

    #[tokio::test]
    async fn a_waiter_gets_the_lease_when_it_is_released() {
        let locks = InProcessRunLocks::new();
        let first = locks.acquire("t", Duration::ZERO).await.unwrap();
        let waiter = {
            let locks = locks.clone();
            tokio::spawn(async move { locks.acquire("t", Duration::from_secs(5)).await })
        };
        tokio::time::sleep(Duration::from_millis(30)).await;
        assert!(!waiter.is_finished());
        let released_at = std::time::Instant::now();
        drop(first);
        waiter.await.unwrap().expect("lease after release");
        assert!(released_at.elapsed() < Duration::from_secs(1));
    }
}
