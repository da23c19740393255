//! Drives a raw provider event stream through a reducer into one [`ModelStream`].
//!
//! Both HTTP backends do the same thing around their wire-specific reducer: apply the idle
//! timeout, map transport errors, stop at the first error, finish with the reducer's final
//! events when the stream ends, and never yield anything after `Done` or an error. Writing
//! that once keeps the two backends' termination rules identical.
//!
//! One leniency lives here: once a reducer has seen the model's own end marker (Chat
//! Completions' `finish_reason`) it only waits [`TRAILER_GRACE`] for the trailer (usage chunk,
//! `[DONE]`, connection close), so a server that forgets to close the stream does not turn a
//! complete answer into a timeout.

use std::collections::VecDeque;
use std::time::Duration;

use async_openai::error::OpenAIError;
use futures::{Stream, StreamExt};

use super::error::{ModelError, TimeoutPhase};
use super::http::map_openai_error;
use super::types::ModelEvent;
use super::ModelStream;

/// How long to wait for the end of a stream whose model output is already complete.
pub const TRAILER_GRACE: Duration = Duration::from_secs(2);

/// Wire-specific folding of provider chunks into model events.
pub trait Reducer: Send + 'static {
    type Chunk: Send + 'static;
    /// One chunk arrived; returns the events it completes.
    fn push(&mut self, chunk: Self::Chunk) -> Result<Vec<ModelEvent>, ModelError>;
    /// The stream ended cleanly; returns the last events (normally ending in `Done`).
    fn finish(&mut self) -> Result<Vec<ModelEvent>, ModelError>;
    /// Whether any part of the turn arrived (a later connection error is "mid-stream").
    fn started(&self) -> bool;
    /// Whether the model's output is complete and only the stream's trailer is pending.
    fn awaiting_trailer(&self) -> bool {
        false
    }
}

struct State<S, R> {
    /// `None` once the stream ended: dropping it closes the HTTP response at once.
    inner: Option<S>,
    reducer: R,
    queue: VecDeque<Result<ModelEvent, ModelError>>,
}

/// Builds the model stream. Dropping it drops `raw`, which closes the HTTP response.
pub fn reduce<S, R>(raw: S, reducer: R, idle: Duration) -> ModelStream
where
    S: Stream<Item = Result<R::Chunk, OpenAIError>> + Send + Unpin + 'static,
    R: Reducer,
{
    let state = State {
        inner: Some(raw),
        reducer,
        queue: VecDeque::new(),
    };
    futures::stream::unfold(state, move |mut st| async move {
        loop {
            if let Some(item) = st.queue.pop_front() {
                if matches!(item, Ok(ModelEvent::Done { .. }) | Err(_)) {
                    st.queue.clear();
                    st.inner = None;
                }
                return Some((item, st));
            }
            let inner = st.inner.as_mut()?;
            let trailer = st.reducer.awaiting_trailer();
            let wait = if trailer {
                idle.min(TRAILER_GRACE)
            } else {
                idle
            };
            let next = match tokio::time::timeout(wait, inner.next()).await {
                Ok(Some(Ok(chunk))) => st.reducer.push(chunk),
                Ok(Some(Err(error))) => Err(map_openai_error(error, st.reducer.started())),
                Ok(None) => {
                    st.inner = None;
                    st.reducer.finish()
                }
                Err(_) if trailer => {
                    tracing::debug!("stream not closed after the model finished; ending it");
                    st.inner = None;
                    st.reducer.finish()
                }
                Err(_) => Err(ModelError::Timeout {
                    phase: TimeoutPhase::Stream,
                    after: idle,
                }),
            };
            match next {
                Ok(events) => st.queue.extend(events.into_iter().map(Ok)),
                Err(error) => st.queue.push_back(Err(error)),
            }
        }
    })
    .boxed()
}
