//! Drives a raw provider event stream through a reducer into one [`ModelStream`].
//!
//! Both HTTP backends do the same thing around their wire-specific reducer: apply the idle
//! timeout, map transport errors, stop at the first error, finish with the reducer's final
//! events when the stream ends, and never yield anything after `Done` or an error. Writing
//! that once keeps the two backends' termination rules identical.

use std::collections::VecDeque;
use std::time::Duration;

use async_openai::error::OpenAIError;
use futures::{Stream, StreamExt};

use super::error::ModelError;
use super::http::{map_openai_error, with_idle_timeout};
use super::types::ModelEvent;
use super::ModelStream;

/// Wire-specific folding of provider chunks into model events.
pub trait Reducer: Send + 'static {
    type Chunk: Send + 'static;
    /// One chunk arrived; returns the events it completes.
    fn push(&mut self, chunk: Self::Chunk) -> Result<Vec<ModelEvent>, ModelError>;
    /// The stream ended cleanly; returns the last events (normally ending in `Done`).
    fn finish(&mut self) -> Result<Vec<ModelEvent>, ModelError>;
    /// Whether any part of the turn arrived (a later connection error is "mid-stream").
    fn started(&self) -> bool;
}

struct State<S, R> {
    inner: S,
    reducer: R,
    queue: VecDeque<Result<ModelEvent, ModelError>>,
    ended: bool,
}

/// Builds the model stream. Dropping it drops `raw`, which closes the HTTP response.
pub fn reduce<S, R>(raw: S, reducer: R, idle: Duration) -> ModelStream
where
    S: Stream<Item = Result<R::Chunk, OpenAIError>> + Send + Unpin + 'static,
    R: Reducer,
{
    let state = State {
        inner: Box::pin(with_idle_timeout(raw, idle)),
        reducer,
        queue: VecDeque::new(),
        ended: false,
    };
    futures::stream::unfold(state, |mut st| async move {
        loop {
            if let Some(item) = st.queue.pop_front() {
                let terminal = matches!(item, Ok(ModelEvent::Done { .. }) | Err(_));
                if terminal {
                    st.queue.clear();
                    st.ended = true;
                }
                return Some((item, st));
            }
            if st.ended {
                return None;
            }
            let next = match st.inner.next().await {
                Some(Ok(Ok(chunk))) => st.reducer.push(chunk),
                Some(Ok(Err(error))) => Err(map_openai_error(error, st.reducer.started())),
                Some(Err(idle)) => Err(idle.into()),
                None => {
                    st.ended = true;
                    st.reducer.finish()
                }
            };
            match next {
                Ok(events) => st.queue.extend(events.into_iter().map(Ok)),
                Err(error) => st.queue.push_back(Err(error)),
            }
        }
    })
    .boxed()
}
