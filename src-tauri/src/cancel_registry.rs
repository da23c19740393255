//! The cancel registry: the requests in flight, keyed by the page's `runId`, so that
//! `chatkit_cancel(runId)` can stop one.
//!
//! Why: the page cancels a stream by calling `chatkit_cancel(runId)` (stop button, aborted
//! fetch, closed window). Every request runs as a task that holds a [`RunTicket`] until it ends
//! (a streaming one: while it pulls the ChatKit event stream into the IPC channel). To cancel
//! it, the registry hands that task a signal, and the task stops pulling and cancels the stream
//! — which makes the ChatKit server stop the responder and save the partial answer
//! (docs/PROTOCOL.md §9.3) — then acknowledges, so `chatkit_cancel` returns only once the partial answer
//! is stored. The registry forgets each id as soon as its task is gone.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::oneshot;

use crate::error::AppError;

/// Longest accepted run id; the page sends UUIDs.
const MAX_RUN_ID_LEN: usize = 128;

/// How many requests may be in flight at once. A streaming run holds its place until its
/// stream ends or is cancelled; a JSON request only while it is being answered. The page runs
/// one message at a time (plus a few history requests), so 16 leaves room for a burst while a
/// runaway page cannot start an unbounded number of model calls: the next one is refused at
/// once with a clear `invalid_request`, never queued.
pub const MAX_RUNS_IN_FLIGHT: usize = 16;

/// Sent to a run to cancel it; the run answers through it once it has stopped and cleaned up.
pub type Ack = oneshot::Sender<()>;

/// What a run task listens on: resolves with an [`Ack`] when the run is cancelled, or with an
/// error when nobody can cancel it any more (the registry was dropped).
pub type CancelSignal = oneshot::Receiver<Ack>;

/// The cancel signals of the runs in flight, by run id. Shared as an [`Arc`].
#[derive(Debug, Default)]
pub struct CancelRegistry {
    runs: Mutex<HashMap<String, oneshot::Sender<Ack>>>,
}

/// Proof that a run is registered; dropping it (when the run's task ends) removes the id.
#[derive(Debug)]
pub struct RunTicket {
    id: String,
    registry: Arc<CancelRegistry>,
}

impl CancelRegistry {
    /// Registers `run_id`; the run's task must watch the returned signal and keep the ticket
    /// until it ends. Refused when the id is in use or [`MAX_RUNS_IN_FLIGHT`] runs are.
    pub fn start(self: &Arc<Self>, run_id: &str) -> Result<(CancelSignal, RunTicket), AppError> {
        validate_run_id(run_id)?;
        let mut runs = self.runs.lock().unwrap_or_else(PoisonError::into_inner);
        if runs.contains_key(run_id) {
            return Err(AppError::InvalidRequest(format!(
                "run {run_id:?} is already running"
            )));
        }
        if runs.len() >= MAX_RUNS_IN_FLIGHT {
            return Err(AppError::InvalidRequest(format!(
                "too many requests in flight ({MAX_RUNS_IN_FLIGHT} are running); \
                 wait for one to finish or cancel it"
            )));
        }
        let (tx, rx) = oneshot::channel();
        runs.insert(run_id.to_owned(), tx);
        Ok((
            rx,
            RunTicket {
                id: run_id.to_owned(),
                registry: Arc::clone(self),
            },
        ))
    }

    /// Signals the run `run_id` to stop. Returns the receiver of its acknowledgement, or `None`
    /// when no such run is in flight (cancelling a run that already finished is not an error:
    /// the page may race the end of the stream).
    pub fn cancel(&self, run_id: &str) -> Option<oneshot::Receiver<()>> {
        let signal = self
            .runs
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(run_id)?;
        let (ack_tx, ack_rx) = oneshot::channel();
        signal.send(ack_tx).ok()?;
        Some(ack_rx)
    }

    /// Whether `run_id` is in flight.
    pub fn is_running(&self, run_id: &str) -> bool {
        self.runs
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .contains_key(run_id)
    }

    /// How many runs are in flight.
    pub fn len(&self) -> usize {
        self.runs
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }

    /// Whether no run is in flight.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Drop for RunTicket {
    fn drop(&mut self) {
        self.registry
            .runs
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&self.id);
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
        return Err(AppError::InvalidRequest(
            "runId contains control characters".into(),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_bad_and_duplicate_ids() {
        let reg = Arc::new(CancelRegistry::default());
        for bad in ["", "a\nb", &"x".repeat(129)] {
            assert_eq!(
                reg.start(bad).unwrap_err().code(),
                "invalid_request",
                "{bad:?}"
            );
        }
        let (_signal, _ticket) = reg.start("run-1").unwrap();
        assert_eq!(reg.start("run-1").unwrap_err().code(), "invalid_request");
        assert!(reg.is_running("run-1"));
    }

    #[test]
    fn refuses_a_run_beyond_the_cap_until_one_ends() {
        let reg = Arc::new(CancelRegistry::default());
        let mut tickets: Vec<_> = (0..MAX_RUNS_IN_FLIGHT)
            .map(|i| reg.start(&format!("run-{i}")).unwrap())
            .collect();
        let err = reg.start("one-more").unwrap_err();
        assert_eq!(err.code(), "invalid_request");
        assert!(
            err.message().contains("too many requests in flight"),
            "{err}"
        );
        assert!(!reg.is_running("one-more"));
        tickets.pop();
        assert!(reg.start("one-more").is_ok(), "a place is free again");
    }

    #[test]
    fn dropping_the_ticket_forgets_the_run() {
        let reg = Arc::new(CancelRegistry::default());
        let (_signal, ticket) = reg.start("run-1").unwrap();
        assert_eq!(reg.len(), 1);
        drop(ticket);
        assert!(reg.is_empty());
        assert!(
            reg.cancel("run-1").is_none(),
            "a finished run is not cancelled again"
        );
        assert!(reg.start("run-1").is_ok(), "the id is free again");
    }

    #[test]
    fn cancelling_a_run_whose_task_is_gone_reports_nothing_running() {
        let reg = Arc::new(CancelRegistry::default());
        let (signal, _ticket) = reg.start("run-1").unwrap();
        drop(signal); // the task ended without dropping its ticket yet
        assert!(reg.cancel("run-1").is_none());
        assert!(!reg.is_running("run-1"));
    }

    #[tokio::test]
    async fn cancel_signals_the_task_and_waits_for_its_ack() {
        let reg = Arc::new(CancelRegistry::default());
        let (signal, ticket) = reg.start("run-1").unwrap();
        let cleaned_up = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = cleaned_up.clone();
        let task = tokio::spawn(async move {
            let _ticket = ticket;
            let ack = signal.await.expect("a cancel signal");
            flag.store(true, std::sync::atomic::Ordering::SeqCst);
            let _ = ack.send(());
        });
        let ack = reg.cancel("run-1").expect("the run is in flight");
        ack.await.expect("the task acknowledges");
        assert!(cleaned_up.load(std::sync::atomic::Ordering::SeqCst));
        task.await.unwrap();
        assert!(reg.is_empty());
        assert!(reg.cancel("unknown").is_none());
    }
}
