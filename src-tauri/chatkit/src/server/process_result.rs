//! The result of `process`: a JSON body or an [`EventStream`], and SSE framing.
//!
//! A streamed response runs in its own tokio task that feeds a channel; [`EventStream`] is the
//! receiving end. Dropping it is how a client cancels (the reference reacts to the HTTP body
//! being dropped): the task notices, stops the responder, and runs the cancellation cleanup
//! (docs/PROTOCOL.md §9.3). [`EventStream::cancel`] does the same and waits for the cleanup to finish.

use crate::errors::ChatKitError;
use crate::types::ThreadStreamEvent;
use futures::{Stream, StreamExt};
use std::pin::Pin;
use std::task::{Context, Poll};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

/// What `process` produced.
pub enum ProcessResult {
    /// A non-streaming response: `application/json` body bytes.
    Json(Vec<u8>),
    /// A streaming response (`text/event-stream`).
    Stream(EventStream),
}

impl std::fmt::Debug for ProcessResult {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ProcessResult::Json(body) => f
                .debug_tuple("Json")
                .field(&String::from_utf8_lossy(body))
                .finish(),
            ProcessResult::Stream(_) => f.write_str("Stream(..)"),
        }
    }
}

/// The events of one streamed response.
///
/// Items are `Ok(event)`; an `Err` item means the response was **aborted** (the reference cuts
/// the HTTP body at that point: end the body abnormally, or report an error frame) and is always
/// the last item. A normal end is the end of the stream.
pub struct EventStream {
    rx: mpsc::Receiver<Result<ThreadStreamEvent, ChatKitError>>,
    task: Option<JoinHandle<()>>,
}

impl EventStream {
    pub(crate) fn new(
        rx: mpsc::Receiver<Result<ThreadStreamEvent, ChatKitError>>,
        task: JoinHandle<()>,
    ) -> Self {
        Self {
            rx,
            task: Some(task),
        }
    }

    /// Stop the response as a client disconnect would, and wait until the cancellation cleanup
    /// (saving the partial answer) has finished.
    pub async fn cancel(mut self) {
        self.rx.close();
        let task = self.task.take();
        drop(self);
        if let Some(task) = task {
            if let Err(e) = task.await {
                tracing::error!("chatkit response task failed: {e}");
            }
        }
    }

    /// The response as SSE frames (`data: <json>\n\n`), one per event.
    pub fn into_sse(self) -> impl Stream<Item = Result<Vec<u8>, ChatKitError>> + Send + 'static {
        self.map(|item| item.map(|event| sse_frame(&event)))
    }
}

impl Stream for EventStream {
    type Item = Result<ThreadStreamEvent, ChatKitError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.rx.poll_recv(cx)
    }
}

/// One SSE frame: `data: ` + compact JSON + `\n\n` (no `event:`/`id:` lines, no sentinel).
pub fn sse_frame(event: &ThreadStreamEvent) -> Vec<u8> {
    let json = event.to_json();
    let mut frame = Vec::with_capacity(json.len() + 8);
    frame.extend_from_slice(b"data: ");
    frame.extend_from_slice(&json);
    frame.extend_from_slice(b"\n\n");
    frame
}
