//! The request router and everything that answers a request: [`ChatKitServer::process`] parses a
//! body and dispatches it to the non-streaming handlers (`non_streaming`) or to the preamble of
//! a streaming request (`preambles`), whose response then runs through the event pipeline
//! (`pipeline`) and reaches the caller as a [`ProcessResult`] (`process_result`). Applications
//! plug in through [`Responder`] and a [`Store`]; `generator`, `messages` and `stream_widget` are
//! the helpers responders build their event streams with.

mod generator;
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
use crate::store::{AttachmentStore, Store};
use crate::timestamp::{Clock, SystemClock};
use crate::types::{ChatKitRequest, ThreadMetadata};
use std::sync::Arc;

/// Page size used whenever a request gives no `limit` (or 0), and for internal paging.
pub const DEFAULT_PAGE_SIZE: usize = 20;

/// A ChatKit server: a store, a responder, and the injectable id generator and clock.
pub struct ChatKitServer<C: Send + Sync + 'static> {
    store: Arc<dyn Store<C>>,
    attachments: Option<Arc<dyn AttachmentStore<C>>>,
    responder: Arc<dyn Responder<C>>,
    ids: Arc<dyn IdGenerator>,
    clock: Arc<dyn Clock>,
}

impl<C: Send + Sync + 'static> Clone for ChatKitServer<C> {
    fn clone(&self) -> Self {
        Self {
            store: self.store.clone(),
            attachments: self.attachments.clone(),
            responder: self.responder.clone(),
            ids: self.ids.clone(),
            clock: self.clock.clone(),
        }
    }
}

impl<C: Send + Sync + 'static> ChatKitServer<C> {
    /// A server with random ids (`msg_1a2b3c4d`), the system clock and no attachment store.
    pub fn new(store: Arc<dyn Store<C>>, responder: Arc<dyn Responder<C>>) -> Self {
        Self {
            store,
            attachments: None,
            responder,
            ids: Arc::new(RandomIds),
            clock: Arc::new(SystemClock),
        }
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

    pub fn store(&self) -> &Arc<dyn Store<C>> {
        &self.store
    }

    /// Handle one request body. Streaming requests return [`ProcessResult::Stream`] (must be
    /// called inside a tokio runtime: the response runs in its own task); the others return
    /// [`ProcessResult::Json`]. Errors that happen before any response byte (invalid body,
    /// unknown thread, …) are `Err` with a kind for the HTTP status.
    pub async fn process(&self, body: &[u8], ctx: C) -> Result<ProcessResult, ChatKitError> {
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
