//! The one trait an application implements ([`Responder`]) and what a turn can reach while it
//! streams ([`TurnContext`]: the live thread, the store, ids, the clock, the request context).
//!
//! The thread is shared through a [`ThreadHandle`] rather than `&mut`: responses are `'static`
//! streams that keep running after `respond` returns, and the event pipeline compares the
//! handle's state after every event to emit `thread.updated` (docs/PROTOCOL.md §3.3).

use crate::errors::{ChatKitError, StoreError, StreamError};
use crate::ids::{IdGenerator, IdKind};
use crate::store::Store;
use crate::timestamp::{Clock, Timestamp};
use crate::types::{
    Action, FeedbackKind, SdkHiddenContextItem, StreamOptions, ThreadItem, ThreadMetadata,
    ThreadStreamEvent, UserMessageItem, WidgetItem,
};
use async_trait::async_trait;
use futures::stream::BoxStream;
use std::sync::{Arc, Mutex};

/// What `respond` / `action` return: events, or an error that ends the stream with an `error` event.
pub type ResponseStream = BoxStream<'static, Result<ThreadStreamEvent, StreamError>>;

/// A stream that fails immediately with `error`.
pub fn error_stream(error: StreamError) -> ResponseStream {
    Box::pin(futures::stream::once(async move { Err(error) }))
}

/// The thread being answered, shared between the responder and the pipeline.
#[derive(Debug, Clone)]
pub struct ThreadHandle(Arc<Mutex<ThreadMetadata>>);

impl ThreadHandle {
    pub fn new(thread: ThreadMetadata) -> Self {
        Self(Arc::new(Mutex::new(thread)))
    }

    /// A copy of the current state.
    pub fn snapshot(&self) -> ThreadMetadata {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Mutate the thread (title, status, metadata, allowed_image_domains). The pipeline saves it
    /// and emits `thread.updated` after the next event (or when the response ends).
    pub fn update<R>(&self, f: impl FnOnce(&mut ThreadMetadata) -> R) -> R {
        f(&mut self.0.lock().unwrap_or_else(|e| e.into_inner()))
    }

    pub fn id(&self) -> String {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).id.clone()
    }
}

/// Everything a responder can reach during one turn. Cheap to clone (all shared).
pub struct TurnContext<C> {
    pub(crate) thread: ThreadHandle,
    pub(crate) store: Arc<dyn Store<C>>,
    pub(crate) ids: Arc<dyn IdGenerator>,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) context: Arc<C>,
}

impl<C> Clone for TurnContext<C> {
    fn clone(&self) -> Self {
        Self {
            thread: self.thread.clone(),
            store: self.store.clone(),
            ids: self.ids.clone(),
            clock: self.clock.clone(),
            context: self.context.clone(),
        }
    }
}

impl<C: Send + Sync + 'static> TurnContext<C> {
    /// Build a context by hand (tests, or calling a responder outside `process`).
    pub fn new(
        thread: ThreadHandle,
        store: Arc<dyn Store<C>>,
        ids: Arc<dyn IdGenerator>,
        clock: Arc<dyn Clock>,
        context: Arc<C>,
    ) -> Self {
        Self {
            thread,
            store,
            ids,
            clock,
            context,
        }
    }

    /// The live thread.
    pub fn thread(&self) -> &ThreadHandle {
        &self.thread
    }

    pub fn thread_id(&self) -> String {
        self.thread.id()
    }

    pub fn store(&self) -> &Arc<dyn Store<C>> {
        &self.store
    }

    /// The per-request context given to `process`.
    pub fn context(&self) -> &C {
        &self.context
    }

    pub fn context_arc(&self) -> Arc<C> {
        self.context.clone()
    }

    /// A new id (`msg` for messages and widgets, `tc`, `wf`, `tsk` …).
    pub fn new_id(&self, kind: IdKind) -> String {
        self.ids.generate(kind)
    }

    pub fn ids(&self) -> &Arc<dyn IdGenerator> {
        &self.ids
    }

    /// The clock's current time, for `created_at`.
    pub fn now(&self) -> Timestamp {
        self.clock.now()
    }
}

/// Audio sent to `input.transcribe`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AudioInput {
    pub data: Vec<u8>,
    /// Raw MIME type, e.g. `audio/webm;codecs=opus`.
    pub mime_type: String,
}

impl AudioInput {
    /// The MIME type without parameters (`audio/webm`).
    pub fn media_type(&self) -> &str {
        self.mime_type.split(';').next().unwrap_or("").trim()
    }
}

/// The application's behaviour. Only [`Responder::respond`] is required; overriding one of the
/// async methods needs `#[chatkit::async_trait]` on the `impl` block.
#[async_trait]
pub trait Responder<C: Send + Sync + 'static>: Send + Sync + 'static {
    /// Answer a user message (`input`), or resume without one (`None`: after a client tool output
    /// or a structured input submission). Yielded items must carry ids (`turn.new_id`).
    fn respond(
        self: Arc<Self>,
        turn: TurnContext<C>,
        input: Option<UserMessageItem>,
    ) -> ResponseStream;

    /// Handle `threads.custom_action`. `sender` is the widget item that fired it, if any.
    /// Default: not implemented ⇒ `stream.error` with retry.
    fn action(
        self: Arc<Self>,
        turn: TurnContext<C>,
        action: Action,
        sender: Option<WidgetItem>,
    ) -> ResponseStream {
        let _ = (turn, sender);
        error_stream(StreamError::internal(format!(
            "action {:?} is not implemented",
            action.kind
        )))
    }

    /// Handle `threads.sync_custom_action`; return the updated item (not persisted by the
    /// server — save it yourself) or `None`. Default: not implemented ⇒ internal error.
    async fn sync_action(
        &self,
        turn: TurnContext<C>,
        action: Action,
        sender: Option<WidgetItem>,
    ) -> Result<Option<ThreadItem>, ChatKitError> {
        let _ = (turn, sender);
        Err(ChatKitError::internal(format!(
            "sync action {:?} is not implemented",
            action.kind
        )))
    }

    /// Record feedback on items. Default: ignore.
    async fn add_feedback(
        &self,
        thread_id: &str,
        item_ids: &[String],
        kind: FeedbackKind,
        ctx: &C,
    ) -> Result<(), ChatKitError> {
        let _ = (thread_id, item_ids, kind, ctx);
        Ok(())
    }

    /// Speech to text for `input.transcribe`. Default: not implemented ⇒ internal error.
    async fn transcribe(&self, audio: AudioInput, ctx: &C) -> Result<String, ChatKitError> {
        let _ = (audio, ctx);
        Err(ChatKitError::internal("transcription is not implemented"))
    }

    /// The first event of every streamed response. Default: `allow_cancel: true`.
    fn stream_options(&self, thread: &ThreadMetadata, ctx: &C) -> StreamOptions {
        let _ = (thread, ctx);
        StreamOptions { allow_cancel: true }
    }

    /// Runs when the client drops the stream mid-response. `pending` = items that were `added`
    /// but never finished, with the updates seen so far applied. Default:
    /// [`save_cancelled_partials`].
    async fn handle_stream_cancelled(
        &self,
        turn: &TurnContext<C>,
        pending: Vec<ThreadItem>,
    ) -> Result<(), StoreError> {
        save_cancelled_partials(turn, pending).await
    }
}

/// What the hidden context item written on cancellation tells the model.
pub const CANCELLED_CONTEXT: &str =
    "The user stopped the previous response before it finished. Do not continue or repeat that response; wait for the user's next message.";

/// Default cancellation cleanup (docs/PROTOCOL.md §9.3): save pending assistant messages that have
/// non-whitespace text, then append an `sdk_hidden_context` item (`shcx_…`).
pub async fn save_cancelled_partials<C: Send + Sync + 'static>(
    turn: &TurnContext<C>,
    pending: Vec<ThreadItem>,
) -> Result<(), StoreError> {
    let thread_id = turn.thread_id();
    for item in pending {
        if let ThreadItem::AssistantMessage(msg) = &item {
            if msg.content.iter().any(|part| !part.text.trim().is_empty()) {
                turn.store
                    .add_thread_item(&thread_id, &item, turn.context())
                    .await?;
            }
        }
    }
    let hidden = ThreadItem::SdkHiddenContext(SdkHiddenContextItem {
        id: turn.new_id(IdKind::SdkHiddenContext),
        thread_id: thread_id.clone(),
        created_at: turn.now(),
        content: CANCELLED_CONTEXT.to_owned(),
    });
    turn.store
        .add_thread_item(&thread_id, &hidden, turn.context())
        .await
}
