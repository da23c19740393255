//! The IPC surface of Contract 1: `chatkit_request` and `chatkit_cancel`.
//!
//! Why: the page speaks the ChatKit wire protocol through one Tauri command instead of HTTP.
//! A request runs as a task of its own: non-streaming requests resolve the `invoke` with the
//! JSON body; streaming ones resolve it with `{ kind: "stream" }` and push every event through
//! the `onEvent` channel, ending with `end` or `error`. The task also watches a cancel signal
//! from the cancel registry, so `chatkit_cancel` (or the page going away) stops the run and the
//! ChatKit server saves the partial answer.
//!
//! Every request leaves one log line when it is answered (its type, run id, outcome and elapsed
//! time — never its body, which holds what the user typed), so a problem report can be traced.
//! The caps on a request live with their owners: the body size in the ChatKit server
//! (`ChatKitServer::process`, shared with any other front door), the runs in flight in the
//! cancel registry; this module only maps their errors (Contract 1: `invalid_request`).

use std::time::Instant;

use futures::StreamExt;
use serde::{Deserialize, Serialize};
use tauri::ipc::Channel;
use tauri::State;
use tokio::sync::oneshot;
use tracing::instrument::WithSubscriber;

use chatkit::server::{EventStream, ProcessResult};
use chatkit::{ChatKitError, ErrorKind};

use crate::cancel_registry::{Ack, CancelSignal, RunTicket};
use crate::error::AppError;
use crate::frames::{pump, FrameSink, PumpOutcome};
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
    on_event: Channel,
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
    let log = RequestLog::start(run_id, &body, state.server().max_body_bytes());
    let (cancel, ticket) = state.cancel_registry().start(run_id).inspect_err(|e| {
        log.refused(e);
    })?;
    let (reply_tx, reply_rx) = oneshot::channel();
    let run = Run {
        server: state.server().clone(),
        context: state.request_context(),
        body,
        cancel,
        ticket,
        reply: reply_tx,
        log,
    };
    // The task logs to the subscriber of the caller (the app's, or a test's).
    tauri::async_runtime::spawn(run.execute(sink).with_current_subscriber());
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
    log: RequestLog,
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
            log,
        } = self;
        let processed = tokio::select! {
            result = server.process(body.as_bytes(), context) => result,
            signal = &mut cancel => {
                // Dropping `reply` makes the command fail with "cancelled before it answered".
                drop(ticket);
                drop(reply);
                acknowledge(signal);
                log.finished("cancelled before it answered");
                return;
            }
        };
        // A request that answers at once frees its run id before the page sees the answer, so
        // the id may be reused immediately.
        let events = match processed {
            Err(e) => {
                drop(ticket);
                let error = AppError::from(e);
                log.refused(&error);
                let _ = reply.send(Err(error));
                return;
            }
            Ok(ProcessResult::Json(bytes)) => {
                drop(ticket);
                let outcome = json_outcome(bytes);
                match &outcome {
                    Ok(_) => log.finished("json"),
                    Err(e) => log.refused(e),
                }
                let _ = reply.send(outcome);
                return;
            }
            Ok(ProcessResult::Stream(events)) => events,
        };
        let _ticket = ticket;
        if reply.send(Ok(RequestOutcome::Stream)).is_err() {
            // Nobody waits for this response any more.
            events.cancel().await;
            log.finished("stream abandoned before it started");
            return;
        }
        let outcome = stream_to(events, &sink, cancel).await;
        log.finished(outcome);
    }
}

/// What the log says about one request: its run id, its `type` (read without building the
/// request; the body itself is never logged) and when it started.
struct RequestLog {
    run_id: String,
    request: String,
    started: Instant,
}

impl RequestLog {
    fn start(run_id: &str, body: &str, max_body_bytes: usize) -> Self {
        Self {
            // Short and escaped (`?` below): a bad run id is refused, but still logged safely.
            run_id: run_id.chars().take(128).collect(),
            request: request_type(body, max_body_bytes),
            started: Instant::now(),
        }
    }

    fn elapsed_ms(&self) -> u128 {
        self.started.elapsed().as_millis()
    }

    /// The request was answered (`json`) or its stream ended (`completed`, `cancelled` …).
    fn finished(&self, outcome: &str) {
        tracing::info!(
            run = ?self.run_id,
            request = ?self.request,
            outcome,
            elapsed_ms = self.elapsed_ms(),
            "chatkit request"
        );
    }

    /// The request failed before any answer: the page gets `error`.
    fn refused(&self, error: &AppError) {
        tracing::warn!(
            run = ?self.run_id,
            request = ?self.request,
            code = error.code(),
            message = ?error.message(),
            elapsed_ms = self.elapsed_ms(),
            "chatkit request failed"
        );
    }
}

/// The `type` of a request body for the log: `(too large)` past the server's body bound (not
/// even scanned), `(invalid)` when it is not a JSON object with a string `type`, which is
/// shortened so a hostile body cannot flood the log.
fn request_type(body: &str, max_body_bytes: usize) -> String {
    #[derive(Deserialize)]
    struct Typed {
        #[serde(rename = "type")]
        kind: String,
    }
    if body.len() > max_body_bytes {
        return "(too large)".into();
    }
    match serde_json::from_str::<Typed>(body) {
        Ok(Typed { kind }) => kind.chars().take(64).collect(),
        Err(_) => "(invalid)".into(),
    }
}

/// Pumps `events` into `sink` until the stream ends, the sink goes away, or the run is
/// cancelled; a cancelled or abandoned stream is cancelled properly (partial answer saved).
/// Returns how it ended, for the log.
async fn stream_to(
    mut events: EventStream,
    sink: &impl FrameSink,
    mut cancel: CancelSignal,
) -> &'static str {
    let frames = events.by_ref().map(|item| match item {
        Ok(event) => String::from_utf8(event.to_json())
            .map_err(|e| format!("an event was not UTF-8 JSON: {e}")),
        Err(e) => Err(e.message),
    });
    let stopped = tokio::select! {
        outcome = pump(frames, sink) => match outcome {
            PumpOutcome::Completed => return "completed",
            PumpOutcome::Failed => return "failed",
            PumpOutcome::Disconnected => None,
        },
        signal = &mut cancel => Some(signal),
    };
    events.cancel().await;
    match stopped {
        Some(signal) => {
            acknowledge(signal);
            "cancelled"
        }
        None => "page went away",
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
