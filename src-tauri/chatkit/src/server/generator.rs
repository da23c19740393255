//! Writing a response as straight-line async code: [`event_stream`] runs a future that pushes
//! events into an [`EventSender`] and exposes them as a [`ResponseStream`], with the future's
//! error (if any) as the last item. No macro crate and no task spawn: the future is polled by
//! whoever polls the stream, so dropping the stream drops the work.

use super::responder::ResponseStream;
use crate::errors::StreamError;
use crate::types::ThreadStreamEvent;
use futures::channel::mpsc;
use futures::{SinkExt, Stream, StreamExt};
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// The push end given to an [`event_stream`] body.
#[derive(Clone)]
pub struct EventSender {
    tx: mpsc::Sender<ThreadStreamEvent>,
}

impl EventSender {
    /// Yield one event; waits until the consumer is ready for it.
    pub async fn send(&mut self, event: ThreadStreamEvent) -> Result<(), StreamError> {
        self.tx
            .send(event)
            .await
            .map_err(|_| StreamError::internal("the response stream was dropped"))
    }

    /// Yield every event of another response stream, stopping at its first error.
    pub async fn forward(&mut self, mut stream: ResponseStream) -> Result<(), StreamError> {
        while let Some(item) = stream.next().await {
            self.send(item?).await?;
        }
        Ok(())
    }
}

type BodyFuture = Pin<Box<dyn Future<Output = Result<(), StreamError>> + Send>>;

struct Generator {
    rx: mpsc::Receiver<ThreadStreamEvent>,
    body: Option<BodyFuture>,
    error: Option<StreamError>,
    finished: bool,
}

/// Turn `body(sender)` into a response stream. Events come out in the order they were sent; if
/// the body returns `Err`, that error is the final item. Do not move clones of the sender into
/// detached tasks: the stream ends only when every sender is gone.
pub fn event_stream<F, Fut>(body: F) -> ResponseStream
where
    F: FnOnce(EventSender) -> Fut,
    Fut: Future<Output = Result<(), StreamError>> + Send + 'static,
{
    let (tx, rx) = mpsc::channel(0);
    Box::pin(Generator {
        rx,
        body: Some(Box::pin(body(EventSender { tx }))),
        error: None,
        finished: false,
    })
}

impl Stream for Generator {
    type Item = Result<ThreadStreamEvent, StreamError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        if this.finished {
            return Poll::Ready(None);
        }
        if let Poll::Ready(Some(event)) = this.rx.poll_next_unpin(cx) {
            return Poll::Ready(Some(Ok(event)));
        }
        if let Some(body) = this.body.as_mut() {
            if let Poll::Ready(result) = body.as_mut().poll(cx) {
                this.body = None; // drops the body's sender
                this.error = result.err();
            }
        }
        match this.rx.poll_next_unpin(cx) {
            Poll::Ready(Some(event)) => Poll::Ready(Some(Ok(event))),
            Poll::Ready(None) => {
                this.finished = true;
                Poll::Ready(this.error.take().map(Err))
            }
            Poll::Pending => Poll::Pending,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn progress(text: &str) -> ThreadStreamEvent {
        ThreadStreamEvent::ProgressUpdate {
            icon: None,
            text: text.into(),
        }
    }

    #[tokio::test]
    async fn events_then_error_in_order() {
        let stream = event_stream(|mut tx| async move {
            tx.send(progress("a")).await?;
            tx.send(progress("b")).await?;
            Err(StreamError::custom("boom"))
        });
        let items: Vec<_> = stream.collect().await;
        assert_eq!(
            items,
            vec![
                Ok(progress("a")),
                Ok(progress("b")),
                Err(StreamError::custom("boom"))
            ]
        );
    }

    #[tokio::test]
    async fn empty_body_is_an_empty_stream() {
        let items: Vec<_> = event_stream(|_tx| async { Ok(()) }).collect().await;
        assert!(items.is_empty());
    }
}
