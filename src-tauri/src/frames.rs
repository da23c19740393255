//! The frames a streaming request sends to the page, and the pump that forwards a run's events.
//!
//! Why: Contract 1 streams each protocol event through a `tauri::ipc::Channel` as a tagged
//! frame, then one `end` (normal finish) or `error` (aborted) frame. Keeping the pump apart from
//! Tauri (it writes to any [`FrameSink`]) lets it be tested without a webview, and keeps the
//! rule "stop pulling — and so drop the run — as soon as nobody listens" in one place.

use futures::{Stream, StreamExt};
use serde::Serialize;

/// One message on the `onEvent` channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Frame {
    /// One protocol event as compact JSON, without the SSE `data: ` prefix.
    Event { data: String },
    /// The stream ended normally.
    End,
    /// The stream was aborted; the reference SDK would cut the HTTP body here.
    Error { message: String },
}

/// Where frames go. `false` from [`FrameSink::send`] means the receiver is gone.
pub trait FrameSink: Send + Sync + 'static {
    fn send(&self, frame: Frame) -> bool;
}

impl FrameSink for tauri::ipc::Channel<Frame> {
    fn send(&self, frame: Frame) -> bool {
        tauri::ipc::Channel::send(self, frame).is_ok()
    }
}

/// How a pumped stream finished.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PumpOutcome {
    /// Every event went out, then `end`.
    Completed,
    /// The stream yielded an error; it went out as an `error` frame.
    Failed,
    /// The sink stopped accepting frames; the stream was dropped early.
    Disconnected,
}

/// Forwards every item of `events` (already-serialized event JSON, or an error message) to
/// `sink`, then ends the stream with `end` or `error`. Returns when the stream is exhausted, it
/// failed, or the sink went away. The stream is dropped on return, which cancels its run.
pub async fn pump<S>(events: S, sink: &impl FrameSink) -> PumpOutcome
where
    S: Stream<Item = Result<String, String>>,
{
    futures::pin_mut!(events);
    while let Some(item) = events.next().await {
        match item {
            Ok(data) => {
                if !sink.send(Frame::Event { data }) {
                    return PumpOutcome::Disconnected;
                }
            }
            Err(message) => {
                sink.send(Frame::Error { message });
                return PumpOutcome::Failed;
            }
        }
    }
    if sink.send(Frame::End) {
        PumpOutcome::Completed
    } else {
        PumpOutcome::Disconnected
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, Mutex};

    /// Records frames; refuses everything after `capacity` frames.
    #[derive(Default)]
    struct Recorder {
        frames: Mutex<Vec<Frame>>,
        capacity: Option<usize>,
    }

    impl FrameSink for Arc<Recorder> {
        fn send(&self, frame: Frame) -> bool {
            let mut frames = self.frames.lock().unwrap();
            if self.capacity.is_some_and(|c| frames.len() >= c) {
                return false;
            }
            frames.push(frame);
            true
        }
    }

    fn event(s: &str) -> Frame {
        Frame::Event { data: s.to_owned() }
    }

    #[test]
    fn frames_serialize_as_contract_1_says() {
        let json = |f: Frame| serde_json::to_string(&f).unwrap();
        assert_eq!(
            json(event("{\"a\":1}")),
            r#"{"kind":"event","data":"{\"a\":1}"}"#
        );
        assert_eq!(json(Frame::End), r#"{"kind":"end"}"#);
        assert_eq!(
            json(Frame::Error {
                message: "boom".into()
            }),
            r#"{"kind":"error","message":"boom"}"#
        );
    }

    #[tokio::test]
    async fn forwards_events_then_end() {
        let sink = Arc::new(Recorder::default());
        let events = futures::stream::iter(vec![Ok("1".to_owned()), Ok("2".to_owned())]);
        assert_eq!(pump(events, &sink).await, PumpOutcome::Completed);
        assert_eq!(
            *sink.frames.lock().unwrap(),
            vec![event("1"), event("2"), Frame::End]
        );
    }

    #[tokio::test]
    async fn an_error_item_ends_the_stream_with_an_error_frame() {
        let sink = Arc::new(Recorder::default());
        let events = futures::stream::iter(vec![
            Ok("1".to_owned()),
            Err("model failed".to_owned()),
            Ok("never sent".to_owned()),
        ]);
        assert_eq!(pump(events, &sink).await, PumpOutcome::Failed);
        assert_eq!(
            *sink.frames.lock().unwrap(),
            vec![
                event("1"),
                Frame::Error {
                    message: "model failed".into()
                }
            ]
        );
    }

    #[tokio::test]
    async fn a_gone_receiver_stops_pulling_and_drops_the_stream() {
        let sink = Arc::new(Recorder {
            capacity: Some(1),
            ..Default::default()
        });
        let pulled = Arc::new(AtomicUsize::new(0));
        let counter = pulled.clone();
        let events = futures::stream::iter(0..100).map(move |i| {
            counter.fetch_add(1, Ordering::SeqCst);
            Ok(i.to_string())
        });
        assert_eq!(pump(events, &sink).await, PumpOutcome::Disconnected);
        // One frame accepted, the second refused: nothing more was pulled from the run.
        assert_eq!(pulled.load(Ordering::SeqCst), 2);
        assert_eq!(*sink.frames.lock().unwrap(), vec![event("0")]);
    }
}
