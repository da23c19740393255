//! Drives a streamed HTTP body through the SSE decoder and a wire reducer into one [`ModelStream`].
//!
//! Both HTTP backends do the same thing around their wire-specific reducer, so it is written
//! once and their termination rules are identical:
//!
//! * **Timeouts.** The first chunk must come within the first-byte timeout (counted from the
//!   request), each later one within the idle timeout, and the whole turn within its wall-clock
//!   deadline — a server that trickles bytes forever still ends. Each is a typed
//!   [`ModelError::Timeout`].
//! * **Caps.** Total body bytes and assistant text per turn ([`super::limits`]); the decoder caps
//!   one event, the reducers cap tool calls and their arguments.
//! * **Ends are explicit.** `data: [DONE]` or the end of the body hands over to the reducer's
//!   `finish`, which succeeds only if the API's terminal marker was seen; otherwise the stream
//!   ends in [`ModelError::Truncated`]. A broken connection is [`ModelError::Connection`].
//! * Nothing is yielded after `Done` or an error, and the body is dropped (connection closed)
//!   as soon as either is queued.
//!
//! One leniency: once a reducer has seen the model's own end marker (Chat Completions'
//! `finish_reason`) it only waits [`TRAILER_GRACE`] for the trailer (usage chunk, `[DONE]`,
//! connection close), so a server that forgets to close the stream does not turn a complete
//! answer into a timeout.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use futures::stream::BoxStream;
use futures::StreamExt;

use super::error::{ModelError, TimeoutPhase};
use super::http::{map_reqwest_error, HttpOptions, Opened};
use super::limits::Limit;
use super::sse::SseDecoder;
use super::types::ModelEvent;
use super::ModelStream;

/// How long to wait for the end of a stream whose model output is already complete.
pub const TRAILER_GRACE: Duration = Duration::from_secs(2);

/// The response body as a stream of chunks.
type BodyStream = BoxStream<'static, Result<bytes::Bytes, reqwest::Error>>;

/// Wire-specific folding of SSE `data` payloads into model events.
pub trait Reducer: Send + 'static {
    /// One event's `data` arrived (never `[DONE]`); returns the events it completes. A payload
    /// that is not what the API sends is an error, never skipped.
    fn push(&mut self, data: &str) -> Result<Vec<ModelEvent>, ModelError>;
    /// The stream ended (`[DONE]` or end of body): the last events, ending in `Done`, or
    /// [`ModelError::Truncated`] when the API's terminal marker never came.
    fn finish(&mut self) -> Result<Vec<ModelEvent>, ModelError>;
    /// Whether any part of the turn arrived (a later connection error is "mid-stream").
    fn started(&self) -> bool;
    /// Whether the model's output is complete and only the stream's trailer is pending.
    fn awaiting_trailer(&self) -> bool {
        false
    }
}

struct State<R> {
    /// `None` once the stream ended: dropping it closes the HTTP response at once.
    body: Option<BodyStream>,
    decoder: SseDecoder,
    reducer: R,
    queue: VecDeque<Result<ModelEvent, ModelError>>,
    options: HttpOptions,
    sent_at: Instant,
    first_byte: bool,
    body_bytes: usize,
    text_bytes: usize,
}

impl<R: Reducer> State<R> {
    /// How long to wait for the next chunk, and what it means when that runs out.
    fn wait(&self) -> (Duration, ModelError) {
        let o = &self.options;
        let deadline = o.turn_deadline.saturating_sub(self.sent_at.elapsed());
        let (wait, error) = if !self.first_byte {
            (
                o.response_timeout.saturating_sub(self.sent_at.elapsed()),
                ModelError::Timeout {
                    phase: TimeoutPhase::Response,
                    after: o.response_timeout,
                },
            )
        } else {
            (
                o.idle_timeout,
                ModelError::Timeout {
                    phase: TimeoutPhase::Stream,
                    after: o.idle_timeout,
                },
            )
        };
        if deadline <= wait {
            let error = ModelError::Timeout {
                phase: TimeoutPhase::Turn,
                after: o.turn_deadline,
            };
            return (deadline, error);
        }
        (wait, error)
    }

    /// One chunk of the body: decode, reduce, apply the caps.
    fn chunk(&mut self, bytes: &[u8]) -> Result<(), ModelError> {
        self.first_byte = true;
        self.body_bytes += bytes.len();
        Limit::StreamBytes.check(self.body_bytes)?;
        for event in self.decoder.push(bytes)? {
            if event.event.as_deref() == Some("keepalive") {
                continue;
            }
            if event.data.trim() == "[DONE]" {
                self.body = None;
                return self.finish();
            }
            let events = self.reducer.push(&event.data)?;
            self.accept(events)?;
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<(), ModelError> {
        self.body = None;
        let events = self.reducer.finish()?;
        self.accept(events)
    }

    fn accept(&mut self, events: Vec<ModelEvent>) -> Result<(), ModelError> {
        for event in events {
            if let ModelEvent::TextDelta(text) = &event {
                self.text_bytes += text.len();
                Limit::Text.check(self.text_bytes)?;
            }
            self.queue.push_back(Ok(event));
        }
        Ok(())
    }
}

/// Builds the model stream over an accepted response. Dropping it drops the body, which closes
/// the HTTP connection.
pub fn reduce<R: Reducer>(opened: Opened, reducer: R, options: HttpOptions) -> ModelStream {
    let state = State {
        body: Some(opened.response.bytes_stream().boxed()),
        decoder: SseDecoder::new(),
        reducer,
        queue: VecDeque::new(),
        options,
        sent_at: opened.sent_at,
        first_byte: false,
        body_bytes: 0,
        text_bytes: 0,
    };
    futures::stream::unfold(state, move |mut st| async move {
        loop {
            if let Some(item) = st.queue.pop_front() {
                if matches!(item, Ok(ModelEvent::Done { .. }) | Err(_)) {
                    st.queue.clear();
                    st.body = None;
                }
                return Some((item, st));
            }
            let trailer = st.reducer.awaiting_trailer();
            let (mut wait, mut timeout) = st.wait();
            if trailer && wait > TRAILER_GRACE {
                wait = TRAILER_GRACE;
                timeout = ModelError::Timeout {
                    phase: TimeoutPhase::Stream,
                    after: TRAILER_GRACE,
                };
            }
            let body = st.body.as_mut()?;
            let result = match tokio::time::timeout(wait, body.next()).await {
                Ok(Some(Ok(bytes))) => st.chunk(&bytes),
                Ok(Some(Err(error))) => Err(map_reqwest_error(&error, st.reducer.started())),
                Ok(None) => st.finish(),
                Err(_) if trailer => {
                    tracing::debug!("stream not closed after the model finished; ending it");
                    st.finish()
                }
                Err(_) => Err(timeout),
            };
            if let Err(error) = result {
                st.queue.push_back(Err(error));
            }
        }
    })
    .boxed()
}
