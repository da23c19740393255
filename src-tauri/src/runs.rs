//! The run registry: which streaming requests are in flight, keyed by the page's `runId`.
//!
//! Why: the page cancels a stream by calling `chatkit_cancel(runId)` (stop button, aborted
//! fetch, closed window). The run itself is a spawned task that pulls the ChatKit event stream;
//! aborting that task drops the stream, and dropping the stream is how the ChatKit server learns
//! to stop and save the partial answer. So the registry only has to map ids to abort handles and
//! forget each id once its task is gone.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use futures::future::{AbortHandle, AbortRegistration};

use crate::error::AppError;

/// Longest accepted run id; the page sends UUIDs.
const MAX_RUN_ID_LEN: usize = 128;

/// In-flight runs by id. Cheap to share: keep it in an [`Arc`].
#[derive(Debug, Default)]
pub struct RunRegistry {
    runs: Mutex<HashMap<String, AbortHandle>>,
}

/// Proof that a run is registered; dropping it (when the run's task ends or is aborted)
/// removes the id from the registry.
#[derive(Debug)]
pub struct RunTicket {
    id: String,
    registry: Arc<RunRegistry>,
}

impl RunRegistry {
    /// Registers `run_id` and returns the registration its task must be wrapped in
    /// (`futures::future::Abortable`), plus the ticket that unregisters it.
    pub fn start(
        self: &Arc<Self>,
        run_id: &str,
    ) -> Result<(AbortRegistration, RunTicket), AppError> {
        validate_run_id(run_id)?;
        let mut runs = self.runs.lock().unwrap_or_else(PoisonError::into_inner);
        if runs.contains_key(run_id) {
            return Err(AppError::InvalidRequest(format!("run {run_id:?} is already running")));
        }
        let (handle, registration) = AbortHandle::new_pair();
        runs.insert(run_id.to_owned(), handle);
        let ticket = RunTicket { id: run_id.to_owned(), registry: Arc::clone(self) };
        Ok((registration, ticket))
    }

    /// Aborts the run `run_id`. Returns whether such a run was in flight; cancelling a run that
    /// already finished is not an error (the page may race the end of the stream).
    pub fn cancel(&self, run_id: &str) -> bool {
        let handle = self.runs.lock().unwrap_or_else(PoisonError::into_inner).remove(run_id);
        match handle {
            Some(handle) => {
                handle.abort();
                true
            }
            None => false,
        }
    }

    /// Whether `run_id` is in flight.
    pub fn is_running(&self, run_id: &str) -> bool {
        self.runs.lock().unwrap_or_else(PoisonError::into_inner).contains_key(run_id)
    }

    /// How many runs are in flight.
    pub fn len(&self) -> usize {
        self.runs.lock().unwrap_or_else(PoisonError::into_inner).len()
    }

    /// Whether no run is in flight.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Drop for RunTicket {
    fn drop(&mut self) {
        self.registry.runs.lock().unwrap_or_else(PoisonError::into_inner).remove(&self.id);
    }
}

/// Run ids are opaque to us but must be usable as map keys and in log lines.
pub fn validate_run_id(run_id: &str) -> Result<(), AppError> {
    if run_id.is_empty() {
        return Err(AppError::InvalidRequest("runId must not be empty".into()));
    }
    if run_id.len() > MAX_RUN_ID_LEN {
        return Err(AppError::InvalidRequest(format!(
            "runId is longer than {MAX_RUN_ID_LEN} bytes"
        )));
    }
    if run_id.chars().any(char::is_control) {
        return Err(AppError::InvalidRequest("runId contains control characters".into()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::future::{Abortable, Aborted};

    #[test]
    fn rejects_bad_and_duplicate_ids() {
        let reg = Arc::new(RunRegistry::default());
        for bad in ["", "a\nb", &"x".repeat(129)] {
            assert_eq!(reg.start(bad).unwrap_err().code(), "invalid_request", "{bad:?}");
        }
        let (_r, _ticket) = reg.start("run-1").unwrap();
        assert_eq!(reg.start("run-1").unwrap_err().code(), "invalid_request");
        assert!(reg.is_running("run-1"));
    }

    #[test]
    fn dropping_the_ticket_forgets_the_run() {
        let reg = Arc::new(RunRegistry::default());
        let (_r, ticket) = reg.start("run-1").unwrap();
        assert_eq!(reg.len(), 1);
        drop(ticket);
        assert!(reg.is_empty());
        assert!(!reg.cancel("run-1"), "a finished run is not cancelled again");
        // The id can be used again once the first run is gone.
        assert!(reg.start("run-1").is_ok());
    }

    #[tokio::test]
    async fn cancel_aborts_the_task_and_drops_its_future() {
        struct DropFlag(Arc<std::sync::atomic::AtomicBool>);
        impl Drop for DropFlag {
            fn drop(&mut self) {
                self.0.store(true, std::sync::atomic::Ordering::SeqCst);
            }
        }
        let reg = Arc::new(RunRegistry::default());
        let (registration, ticket) = reg.start("run-1").unwrap();
        let dropped = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = DropFlag(dropped.clone());
        let task = tokio::spawn(Abortable::new(
            async move {
                let _flag = flag;
                let _ticket = ticket;
                futures::future::pending::<()>().await
            },
            registration,
        ));
        assert!(reg.cancel("run-1"));
        assert_eq!(task.await.unwrap(), Err(Aborted));
        assert!(dropped.load(std::sync::atomic::Ordering::SeqCst));
        assert!(reg.is_empty());
        assert!(!reg.cancel("unknown"));
    }
}
