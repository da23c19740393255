//! One response per thread at a time: the lock that keeps two answers out of one conversation.
//!
//! Two answers streaming into the same conversation would interleave their items and each feed
//! the model a history the other is still writing. The assistant therefore claims a thread for
//! the lifetime of its response stream; the claim is released when the stream ends or is dropped
//! (the user pressed stop), so a cancelled run never leaves a thread locked.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

/// The set of threads that have a response running.
#[derive(Debug, Default, Clone)]
pub struct RunningThreads(Arc<Mutex<HashSet<String>>>);

/// Proof that a thread is claimed; releases it on drop.
#[derive(Debug)]
pub struct RunClaim {
    threads: RunningThreads,
    thread_id: String,
}

impl RunningThreads {
    /// Claim `thread_id`, or `None` if a run is already answering in it.
    pub fn claim(&self, thread_id: &str) -> Option<RunClaim> {
        let mut running = self.0.lock().unwrap_or_else(|e| e.into_inner());
        running.insert(thread_id.to_owned()).then(|| RunClaim {
            threads: self.clone(),
            thread_id: thread_id.to_owned(),
        })
    }

    pub fn is_running(&self, thread_id: &str) -> bool {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .contains(thread_id)
    }
}

impl Drop for RunClaim {
    fn drop(&mut self) {
        self.threads
            .0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&self.thread_id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_thread_is_claimed_once_until_released() {
        let runs = RunningThreads::default();
        let claim = runs.claim("thr_1").expect("free");
        assert!(runs.claim("thr_1").is_none());
        assert!(
            runs.claim("thr_2").is_some(),
            "other threads are independent"
        );
        drop(claim);
        assert!(!runs.is_running("thr_1"));
        assert!(runs.claim("thr_1").is_some());
    }
}
