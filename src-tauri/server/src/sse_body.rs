//! The body of a streamed answer: each event as one `data: <json>\n\n` frame
//! ([`chatkit::sse_frame`]), flushed as it comes.
//!
//! Why its own type: the run must end with the body. When the client goes away (or the drain's
//! grace period is over) hyper drops the body; dropping [`SseBody`] before the stream ended
//! cancels the run through [`EventStream::cancel`], which saves the partial answer the way the
//! reference does (docs/PROTOCOL.md §9.3), spawned on the [`Lifecycle`]'s tracker so shutdown
//! waits for it. An `Err` item (the response was aborted after events went out) ends the body
//! abnormally, as the reference cuts it. A second log line says how the stream ended.
//!
//! Stamped ([`SseBody::stamped`], `--stamp-events`), each frame is preceded by an SSE comment
//! `: at=<ms since the Unix epoch>\n` written when the event goes out: the same stamp the app's
//! IPC frames carry (docs/ARCHITECTURE.md, Contract 8), so a page can measure the core → page
//! latency over HTTP too. SSE clients ignore comments; the golden fixtures are unstamped.

use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use chatkit::EventStream;
use futures::Stream;

use crate::drain::Lifecycle;

/// A streamed answer as an HTTP body stream.
pub(crate) struct SseBody {
    events: Option<EventStream>,
    lifecycle: Arc<Lifecycle>,
    request_id: String,
    started: Instant,
    frames: usize,
    /// The abort, held back for one poll: hyper drops its unflushed write buffer when a body
    /// fails, so the frames sent before the abort would never reach the client (the golden
    /// scenario `attachments` step 7 over HTTP). Answering `Pending` once (and waking) lets
    /// hyper flush them first; the next poll returns the error, which cuts the body.
    held: Option<std::io::Error>,
    /// Each frame starts with `: at=<ms>\n` (see the module doc).
    stamp: bool,
}

impl SseBody {
    pub fn new(events: EventStream, lifecycle: Arc<Lifecycle>, request_id: String) -> Self {
        Self {
            events: Some(events),
            lifecycle,
            request_id,
            started: Instant::now(),
            frames: 0,
            held: None,
            stamp: false,
        }
    }

    /// Stamps every frame with the time it is written (`: at=<ms>` before its data).
    pub fn stamped(mut self, stamp: bool) -> Self {
        self.stamp = stamp;
        self
    }

    /// The bytes of one event: `data: <json>\n\n`, after `: at=<ms>\n` when stamped.
    fn frame(&self, event: &chatkit::types::ThreadStreamEvent) -> Bytes {
        let frame = chatkit::sse_frame(event);
        if !self.stamp {
            return Bytes::from(frame);
        }
        let ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0.0, |d| d.as_secs_f64() * 1e3);
        let mut out = format!(": at={ms:.3}\n").into_bytes();
        out.extend_from_slice(&frame);
        Bytes::from(out)
    }

    fn finished(&mut self, outcome: &str) {
        self.events = None;
        tracing::info!(
            request_id = %self.request_id,
            outcome,
            events = self.frames,
            ms = self.started.elapsed().as_millis() as u64,
            "stream ended"
        );
    }
}

impl Stream for SseBody {
    type Item = Result<Bytes, std::io::Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if let Some(e) = self.held.take() {
            return Poll::Ready(Some(Err(e)));
        }
        let Some(events) = self.events.as_mut() else {
            return Poll::Ready(None);
        };
        match Pin::new(events).poll_next(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Some(Ok(event))) => {
                self.frames += 1;
                Poll::Ready(Some(Ok(self.frame(&event))))
            }
            Poll::Ready(Some(Err(error))) => {
                tracing::warn!(request_id = %self.request_id, error = ?error.message, "stream aborted");
                self.finished("aborted");
                self.held = Some(std::io::Error::other("the response was aborted"));
                cx.waker().wake_by_ref();
                Poll::Pending
            }
            Poll::Ready(None) => {
                self.finished("completed");
                Poll::Ready(None)
            }
        }
    }
}

impl Drop for SseBody {
    fn drop(&mut self) {
        let Some(events) = self.events.take() else {
            return;
        };
        self.finished("cancelled (client gone)");
        match tokio::runtime::Handle::try_current() {
            Ok(_) => {
                self.lifecycle.cleanups().spawn(events.cancel());
            }
            // No runtime (only at process exit): dropping still cancels, without waiting.
            Err(_) => drop(events),
        }
    }
}
