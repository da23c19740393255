//! The request router and everything that answers a request: [`ChatKitServer::process`] parses a
//! body and dispatches it to the non-streaming handlers (`non_streaming`) or to the preamble of
//! a streaming request (`preambles`), whose response then runs through the event pipeline
//! (`pipeline`) and reaches the caller as a [`ProcessResult`] (`process_result`). Applications
//! plug in through [`Responder`] and a [`Store`]; `generator`, `messages` and `stream_widget` are
//! the helpers responders build their event streams with. A streaming request holds its thread's
//! run lease ([`crate::run_locks`]) from its preamble to the end of its response task.

mod generator;
#[cfg(test)]
mod limits_tests;
mod messages;
mod non_streaming;
mod pending;
mod pipeline;
mod preambles;
mod process_result;
mod responder;
mod stream_widget;
#[cfg(test)]
mod tests;

pub use generator::{event_stream, EventSender};
pub use messages::AssistantMessageStream;
pub use process_result::{sse_frame, EventStream, ProcessResult};
pub use responder::{
    error_stream, save_cancelled_partials, AudioInput, Responder, ResponseStream, ThreadHandle,
    TurnContext, CANCELLED_CONTEXT,
};
pub use stream_widget::{stream_widget, stream_widget_states};

use crate::errors::ChatKitError;
use crate::ids::{IdGenerator, RandomIds};
use crate::run_locks::{InProcessRunLocks, RunLocks, DEFAULT_RUN_WAIT};
use crate::store::{AttachmentStore, Store};
use crate::timestamp::{Clock, SystemClock};
use crate::types::{ChatKitRequest, ThreadMetadata};
use std::sync::Arc;
use std::time::Duration;

/// Page size used whenever a request gives no `limit` (or 0), and for internal paging.
pub const DEFAULT_PAGE_SIZE: usize = 20;

/// The largest page `threads.list` and `items.list` answer with: a bigger `limit` is clamped
/// to it (the page then says `has_more` and the client pages on), so one request cannot make
/// the store load every row at once. The reference passes any limit to its store
/// (docs/PROTOCOL.md §12). 100 is what the app's own history list asks for.
pub const MAX_PAGE_SIZE: usize = 100;

/// The default bound on a request body (4 MiB), checked before it is parsed
/// ([`ChatKitServer::with_max_body_bytes`] changes it). No legitimate request comes near it:
/// attachments are uploaded elsewhere (`attachments.create` only carries their name and size),
/// so the bulk of a body is the user's text or an action payload, a few KiB. The largest is
/// `input.transcribe`, whose base64 audio is ≈ 320 KiB per minute of compressed speech
/// (Opus at 32 kbit/s), so 4 MiB still takes a dictation of about 12 minutes.
pub const DEFAULT_MAX_BODY_BYTES: usize = 4 * 1024 * 1024;

/// A ChatKit server: a store, a responder, and the injectable id generator and clock.
pub struct ChatKitServer<C: Send + Sync + 'static> {
    store: Arc<dyn Store<C>>,
    attachments: Option<Arc<dyn AttachmentStore<C>>>,
    responder: Arc<dyn Responder<C>>,
    ids: Arc<dyn IdGenerator>,
    clock: Arc<dyn Clock>,
    max_body_bytes: usize,
    run_locks: Arc<dyn RunLocks>,
    run_wait: Duration,
}

impl<C: Send + Sync + 'static> Clone for ChatKitServer<C> {
    fn clone(&self) -> Self {
        Self {
            store: self.store.clone(),
            attachments: self.attachments.clone(),
            responder: self.responder.clone(),
            ids: self.ids.clone(),
            clock: self.clock.clone(),
            max_body_bytes: self.max_body_bytes,
            run_locks: self.run_locks.clone(),
            run_wait: self.run_wait,
        }
    }
}

impl<C: Send + Sync + 'static> ChatKitServer<C> {
    /// A server with random ids (`msg_1a2b3c4d`), the system clock, no attachment store and
    /// one run per thread within this process ([`InProcessRunLocks`]).
    pub fn new(store: Arc<dyn Store<C>>, responder: Arc<dyn Responder<C>>) -> Self {
        Self {
            store,
            attachments: None,
            responder,
            ids: Arc::new(RandomIds),
            clock: Arc::new(SystemClock),
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            run_locks: Arc::new(InProcessRunLocks::new()),
            run_wait: DEFAULT_RUN_WAIT,
        }
    }

    /// Who may run on a thread (default [`InProcessRunLocks`]); several processes on one
    /// database need a lock they share (see [`crate::run_locks`]).
    pub fn with_run_locks(mut self, run_locks: Arc<dyn RunLocks>) -> Self {
        self.run_locks = run_locks;
        self
    }

    /// How long a streaming request waits for a busy thread before its stream is one
    /// retryable `error` event (default [`DEFAULT_RUN_WAIT`]).
    pub fn with_run_wait(mut self, wait: Duration) -> Self {
        self.run_wait = wait;
        self
    }

    /// Enable `attachments.create` / `attachments.delete`.
    pub fn with_attachment_store(mut self, attachments: Arc<dyn AttachmentStore<C>>) -> Self {
        self.attachments = Some(attachments);
        self
    }

    pub fn with_id_generator(mut self, ids: Arc<dyn IdGenerator>) -> Self {
        self.ids = ids;
        self
    }

    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// The largest body [`process`](Self::process) accepts, in bytes (default
    /// [`DEFAULT_MAX_BODY_BYTES`]); a longer one is an `invalid_request` error.
    pub fn with_max_body_bytes(mut self, max_body_bytes: usize) -> Self {
        self.max_body_bytes = max_body_bytes;
        self
    }

    /// The body-size bound in force.
    pub fn max_body_bytes(&self) -> usize {
        self.max_body_bytes
    }

    pub fn store(&self) -> &Arc<dyn Store<C>> {
        &self.store
    }

    /// Handle one request body. Streaming requests return [`ProcessResult::Stream`] (must be
    /// called inside a tokio runtime: the response runs in its own task); the others return
    /// [`ProcessResult::Json`]. Errors that happen before any response byte (invalid body,
    /// unknown thread, body longer than [`max_body_bytes`](Self::max_body_bytes), …) are `Err`
    /// with a kind for the HTTP status.
    pub async fn process(&self, body: &[u8], ctx: C) -> Result<ProcessResult, ChatKitError> {
        if body.len() > self.max_body_bytes {
            return Err(ChatKitError::invalid_request(format!(
                "the request body is {} bytes, more than the limit of {} bytes",
                body.len(),
                self.max_body_bytes
            )));
        }
        let envelope = ChatKitRequest::parse(body)?;
        self.process_request(envelope.request, ctx).await
    }

    /// Like [`process`](Self::process) for an already parsed request.
    pub async fn process_request(
        &self,
        request: ChatKitRequest,
        ctx: C,
    ) -> Result<ProcessResult, ChatKitError> {
        let ctx = Arc::new(ctx);
        if request.is_streaming() {
            let response = self.prepare_stream(request, ctx).await?;
            Ok(ProcessResult::Stream(pipeline::spawn_response_task(
                response,
                self.responder.clone(),
            )))
        } else {
            self.handle_non_streaming(request, ctx)
                .await
                .map(ProcessResult::Json)
        }
    }

    fn turn(&self, thread: ThreadMetadata, ctx: Arc<C>) -> TurnContext<C> {
        TurnContext::new(
            ThreadHandle::new(thread),
            self.store.clone(),
            self.ids.clone(),
            self.clock.clone(),
            ctx,
        )
    }
}
