//! The event pipeline (docs/PROTOCOL.md §3.3): what happens to every event a responder yields — persist on
//! `done` / `replaced` / `removed`, keep pending copies for cancellation, swallow hidden `done`s,
//! emit `thread.updated` when the thread changed, turn errors into `error` events — and the task
//! that drives one streamed response, including cancellation when the consumer goes away.

use super::pending::apply_update;
use super::process_result::EventStream;
use super::responder::{Responder, ResponseStream, TurnContext};
use crate::errors::{ChatKitError, StreamError};
use crate::run_locks::RunLease;
use crate::types::{Page, ThreadItem, ThreadMetadata, ThreadStreamEvent};
use futures::{FutureExt, StreamExt};
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use tokio::sync::mpsc;

type Out = mpsc::Sender<Result<ThreadStreamEvent, ChatKitError>>;

/// The consumer dropped the stream.
struct Cancelled;

/// What a streamed response does after its prelude events.
pub(crate) enum AfterPrelude<C: Send + Sync + 'static> {
    /// Nothing more (e.g. a retry of an unknown item, a non-widget action sender).
    End,
    /// The response is cut here (the reference raised after sending the prelude).
    Abort(ChatKitError),
    /// Feed `source` through the event pipeline.
    Pipeline {
        turn: TurnContext<C>,
        source: ResponseStream,
    },
}

/// A streamed response as its preamble planned it: events sent before the pipeline
/// (thread.created, the user message), then what follows them, and the thread's run lease,
/// held until the response task ends (crate::run_locks).
pub(crate) struct StreamedResponse<C: Send + Sync + 'static> {
    pub prelude: Vec<ThreadStreamEvent>,
    pub then: AfterPrelude<C>,
    pub lease: Option<RunLease>,
}

impl<C: Send + Sync + 'static> StreamedResponse<C> {
    pub fn new(prelude: Vec<ThreadStreamEvent>, then: AfterPrelude<C>) -> Self {
        Self {
            prelude,
            then,
            lease: None,
        }
    }

    pub fn with_lease(mut self, lease: Option<RunLease>) -> Self {
        if lease.is_some() {
            self.lease = lease;
        }
        self
    }
}

/// Start the response task (requires a tokio runtime).
pub(crate) fn spawn_response_task<C: Send + Sync + 'static>(
    response: StreamedResponse<C>,
    responder: Arc<dyn Responder<C>>,
) -> EventStream {
    let (tx, rx) = mpsc::channel(16);
    let task = tokio::spawn(async move {
        // A panic (a bug in a responder or store) must not look like a clean end to the client.
        let guard = tx.clone();
        if AssertUnwindSafe(drive_response(response, responder, tx))
            .catch_unwind()
            .await
            .is_err()
        {
            tracing::error!("chatkit response task panicked");
            let _ = guard
                .send(Err(ChatKitError::internal("the response task panicked")))
                .await;
        }
    });
    EventStream::new(rx, task)
}

async fn drive_response<C: Send + Sync + 'static>(
    mut response: StreamedResponse<C>,
    responder: Arc<dyn Responder<C>>,
    out: Out,
) {
    // Held to the end of this task, the cancellation cleanup included; a panic drops it too.
    let _lease = response.lease.take();
    for event in response.prelude {
        if out.send(Ok(event)).await.is_err() {
            return;
        }
    }
    match response.then {
        AfterPrelude::End => {}
        AfterPrelude::Abort(error) => {
            tracing::warn!("chatkit response aborted: {error}");
            let _ = out.send(Err(error)).await;
        }
        AfterPrelude::Pipeline { turn, source } => {
            // A panicking responder stream ends like a failing one: an `error` event.
            let source: ResponseStream =
                Box::pin(AssertUnwindSafe(source).catch_unwind().map(|item| {
                    item.unwrap_or_else(|_| Err(StreamError::internal("the responder panicked")))
                }));
            let mut pending = Vec::new();
            if process_events(&turn, &*responder, source, &out, &mut pending)
                .await
                .is_err()
            {
                if let Err(e) = responder.handle_stream_cancelled(&turn, pending).await {
                    tracing::error!("chatkit cancellation cleanup failed: {e}");
                }
            }
        }
    }
}

async fn emit(out: &Out, event: ThreadStreamEvent) -> Result<(), Cancelled> {
    out.send(Ok(event)).await.map_err(|_| Cancelled)
}

async fn process_events<C: Send + Sync + 'static>(
    turn: &TurnContext<C>,
    responder: &dyn Responder<C>,
    mut source: ResponseStream,
    out: &Out,
    pending: &mut Vec<ThreadItem>,
) -> Result<(), Cancelled> {
    let options = responder.stream_options(&turn.thread.snapshot(), turn.context());
    emit(
        out,
        ThreadStreamEvent::StreamOptions {
            stream_options: options,
        },
    )
    .await?;
    let mut last_sent = turn.thread.snapshot();
    loop {
        let next = tokio::select! {
            biased;
            _ = out.closed() => return Err(Cancelled),
            next = source.next() => next,
        };
        let event = match next {
            None => break,
            Some(Ok(event)) => event,
            Some(Err(error)) => {
                report(&error);
                emit(out, error.to_event()).await?;
                break;
            }
        };
        if let Err(error) = persist(turn, pending, &event).await {
            report(&error);
            emit(out, error.to_event()).await?;
            break;
        }
        let swallow = matches!(&event, ThreadStreamEvent::ItemDone { item } if item.is_hidden());
        if !swallow {
            emit(out, event).await?;
        }
        sync_thread(turn, &mut last_sent, out).await?;
    }
    drop(source);
    sync_thread(turn, &mut last_sent, out).await
}

fn report(error: &StreamError) {
    match error {
        StreamError::Internal(message) => tracing::error!("chatkit responder failed: {message}"),
        other => tracing::info!("chatkit responder stopped: {other}"),
    }
}

/// Store side effects of one event, and the pending copies.
async fn persist<C: Send + Sync + 'static>(
    turn: &TurnContext<C>,
    pending: &mut Vec<ThreadItem>,
    event: &ThreadStreamEvent,
) -> Result<(), StreamError> {
    let thread_id = turn.thread_id();
    let ctx = turn.context();
    match event {
        ThreadStreamEvent::ItemAdded { item } => {
            pending.retain(|p| p.id() != item.id());
            pending.push(item.clone());
        }
        ThreadStreamEvent::ItemUpdated { item_id, update } => {
            if let Some(item) = pending.iter_mut().find(|p| p.id() == item_id) {
                apply_update(item, update);
            }
        }
        ThreadStreamEvent::ItemDone { item } => {
            turn.store.add_thread_item(&thread_id, item, ctx).await?;
            pending.retain(|p| p.id() != item.id());
        }
        ThreadStreamEvent::ItemRemoved { item_id } => {
            turn.store
                .delete_thread_item(&thread_id, item_id, ctx)
                .await?;
            pending.retain(|p| p.id() != item_id);
        }
        ThreadStreamEvent::ItemReplaced { item } => {
            turn.store.save_item(&thread_id, item, ctx).await?;
            pending.retain(|p| p.id() != item.id());
        }
        _ => {}
    }
    Ok(())
}

/// If the responder changed the thread since the last `thread.updated`, save it and send one.
async fn sync_thread<C: Send + Sync + 'static>(
    turn: &TurnContext<C>,
    last_sent: &mut ThreadMetadata,
    out: &Out,
) -> Result<(), Cancelled> {
    let current = turn.thread.snapshot();
    if current == *last_sent {
        return Ok(());
    }
    if let Err(e) = turn.store.save_thread(&current, turn.context()).await {
        tracing::error!("chatkit could not save thread {}: {e}", current.id);
    }
    let thread = current.to_thread(Page::default());
    *last_sent = current;
    emit(out, ThreadStreamEvent::ThreadUpdated { thread }).await
}
