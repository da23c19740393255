//! The IPC surface of Contract 1: `chatkit_request` and `chatkit_cancel`.
//!
//! Why: the page speaks the ChatKit wire protocol through one Tauri command instead of HTTP.
//! A request runs as a task of its own: non-streaming requests resolve the `invoke` with the
//! JSON body; streaming ones resolve it with `{ kind: "stream" }` and push every event through
//! the `onEvent` channel, ending with `end` or `error`. The task also watches a cancel signal
//! from the cancel registry, so `chatkit_cancel` (or the page going away) stops the run and the
//! ChatKit server saves the partial answer.

use futures::StreamExt;
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::State;
use tokio::sync::oneshot;

use chatkit::server::{EventStream, ProcessResult};
use chatkit::{ChatKitError, ErrorKind};

use crate::cancel_registry::{Ack, CancelSignal, RunTicket};
use crate::error::AppError;
use crate::frames::{pump, Frame, FrameSink, PumpOutcome};
use crate::state::{AppState, RequestContext};

/// How `chatkit_request` resolves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum RequestOutcome {
    /// A non-streaming request: the JSON response body.
    Json { body: String },
    /// A streaming request: the events follow on the channel.
    Stream,
}

/// `invoke('chatkit_request', { body, runId, onEvent })`.
#[tauri::command]
pub async fn chatkit_request(
    state: State<'_, AppState>,
    body: String,
    run_id: String,
    on_event: Channel<Frame>,
) -> Result<RequestOutcome, AppError> {
    handle_request(&state, body, &run_id, on_event).await
}

/// `invoke('chatkit_cancel', { runId })`: resolves once the run has stopped and saved its
/// partial answer; `false` when no such run was in flight (it may just have finished).
#[tauri::command]
pub async fn chatkit_cancel(state: State<'_, AppState>, run_id: String) -> Result<bool, AppError> {
    cancel_run(&state, &run_id).await
}

/// The body of `chatkit_request`, for any [`FrameSink`].
pub async fn handle_request(
    state: &AppState,
    body: String,
    run_id: &str,
    sink: impl FrameSink,
) -> Result<RequestOutcome, AppError> {
    let (cancel, ticket) = state.cancel_registry().start(run_id)?;
    let (reply_tx, reply_rx) = oneshot::channel();
    let run = Run {
        server: state.server().clone(),
        context: state.request_context(),
        body,
        cancel,
        ticket,
        reply: reply_tx,
    };
    tauri::async_runtime::spawn(run.execute(sink));
    reply_rx.await.unwrap_or_else(|_| {
        Err(AppError::Internal(format!(
            "run {run_id:?} was cancelled before it answered"
        )))
    })
}

/// The body of `chatkit_cancel`.
pub async fn cancel_run(state: &AppState, run_id: &str) -> Result<bool, AppError> {
    crate::cancel_registry::validate_run_id(run_id)?;
    match state.cancel_registry().cancel(run_id) {
        // The ack comes after the stream's cancellation cleanup; an error means the task ended
        // on its own meanwhile, which is just as final.
        Some(ack) => Ok(ack.await.map(|_| true).unwrap_or(true)),
        None => Ok(false),
    }
}

/// One request in flight.
struct Run {
    server: chatkit::ChatKitServer<RequestContext>,
    context: RequestContext,
    body: String,
    cancel: CancelSignal,
    /// Unregisters the run when the task ends, however it ends.
    ticket: RunTicket,
    reply: oneshot::Sender<Result<RequestOutcome, AppError>>,
}

impl Run {
    async fn execute(self, sink: impl FrameSink) {
        let Run {
            server,
            context,
            body,
            mut cancel,
            ticket,
            reply,
        } = self;
        let processed = tokio::select! {
            result = server.process(body.as_bytes(), context) => result,
            signal = &mut cancel => {
                // Dropping `reply` makes the command fail with "cancelled before it answered".
                drop(ticket);
                drop(reply);
                acknowledge(signal);
                return;
            }
        };
        // A request that answers at once frees its run id before the page sees the answer, so
        // the id may be reused immediately.
        let events = match processed {
            Err(e) => {
                drop(ticket);
                let _ = reply.send(Err(e.into()));
                return;
            }
            Ok(ProcessResult::Json(bytes)) => {
                drop(ticket);
                let _ = reply.send(json_outcome(bytes));
                return;
            }
            Ok(ProcessResult::Stream(events)) => events,
        };
        let _ticket = ticket;
        if reply.send(Ok(RequestOutcome::Stream)).is_err() {
            // Nobody waits for this response any more.
            events.cancel().await;
            return;
        }
        stream_to(events, &sink, cancel).await;
    }
}

/// Pumps `events` into `sink` until the stream ends, the sink goes away, or the run is
/// cancelled; a cancelled or abandoned stream is cancelled properly (partial answer saved).
async fn stream_to(mut events: EventStream, sink: &impl FrameSink, mut cancel: CancelSignal) {
    let frames = events.by_ref().map(|item| match item {
        Ok(event) => String::from_utf8(event.to_json())
            .map_err(|e| format!("an event was not UTF-8 JSON: {e}")),
        Err(e) => Err(e.message),
    });
    let stopped = tokio::select! {
        outcome = pump(frames, sink) => match outcome {
            PumpOutcome::Completed | PumpOutcome::Failed => return,
            PumpOutcome::Disconnected => None,
        },
        signal = &mut cancel => Some(signal),
    };
    events.cancel().await;
    if let Some(signal) = stopped {
        acknowledge(signal);
    }
}

fn acknowledge(signal: Result<Ack, oneshot::error::RecvError>) {
    if let Ok(ack) = signal {
        let _ = ack.send(());
    }
}

fn json_outcome(bytes: Vec<u8>) -> Result<RequestOutcome, AppError> {
    String::from_utf8(bytes)
        .map(|body| RequestOutcome::Json { body })
        .map_err(|e| AppError::Internal(format!("the response body is not UTF-8: {e}")))
}

impl From<ChatKitError> for AppError {
    fn from(e: ChatKitError) -> Self {
        match e.kind {
            ErrorKind::InvalidRequest => AppError::InvalidRequest(e.message),
            ErrorKind::NotFound => AppError::NotFound(e.message),
            ErrorKind::Internal => AppError::Internal(e.message),
        }
    }
}
