//! The frames a streaming request sends to the page, and the pump that forwards a run's events.
//!
//! Why: Contract 1 streams each protocol event through a `tauri::ipc::Channel` as a tagged
//! frame, then one `end` (normal finish) or `error` (aborted) frame. Keeping the pump apart from
//! Tauri (it writes to any [`FrameSink`]) lets it be tested without a webview, and keeps the
//! rule "stop pulling — and so drop the run — as soon as nobody listens" in one place.
//!
//! An event is serialized once (Contract 8): the frame is written around the event's own JSON
//! bytes ([`Frame::to_message`]) and goes to the channel as a JSON body, which the webview
//! receives as an object — the event is parsed once, by the webview, and never re-encoded as a
//! string inside a string.

use std::time::{SystemTime, UNIX_EPOCH};

use futures::{Stream, StreamExt};
use tauri::ipc::InvokeResponseBody;

/// One message on the `onEvent` channel.
#[derive(Debug, Clone, PartialEq)]
pub enum Frame {
    /// One protocol event as compact JSON, and when the core emitted it (milliseconds since the
    /// Unix epoch, the clock `performance.timeOrigin + performance.now()` reads in the page).
    Event { data: String, at: f64 },
    /// The stream ended normally.
    End,
    /// The stream was aborted; the reference SDK would cut the HTTP body here.
    Error { message: String },
}

impl Frame {
    /// An event frame stamped now.
    pub fn event(data: String) -> Self {
        Frame::Event { data, at: now_ms() }
    }

    /// The channel message (Contract 8): `{"kind":"event","at":…,"event":<the event's JSON>}`,
    /// `{"kind":"end"}` or `{"kind":"error","message":"…"}`. The event's JSON is copied in as
    /// it is, not re-serialized.
    pub fn to_message(&self) -> String {
        match self {
            Frame::Event { data, at } => {
                let mut out = String::with_capacity(data.len() + 48);
                out.push_str(r#"{"kind":"event","at":"#);
                out.push_str(&format!("{at:.3}"));
                out.push_str(r#","event":"#);
                out.push_str(data);
                out.push('}');
                out
            }
            Frame::End => r#"{"kind":"end"}"#.to_owned(),
            Frame::Error { message } => format!(
                r#"{{"kind":"error","message":{}}}"#,
                serde_json::Value::String(message.clone())
            ),
        }
    }
}

/// Milliseconds since the Unix epoch, with microseconds.
fn now_ms() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64() * 1e3)
        .unwrap_or(0.0)
}

/// Where frames go. `false` from [`FrameSink::send`] means the receiver is gone.
pub trait FrameSink: Send + Sync + 'static {
    fn send(&self, frame: Frame) -> bool;
}

impl FrameSink for tauri::ipc::Channel {
    fn send(&self, frame: Frame) -> bool {
        tauri::ipc::Channel::send(self, InvokeResponseBody::Json(frame.to_message())).is_ok()
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
                if !sink.send(Frame::event(data)) {
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
        Frame::Event {
            data: s.to_owned(),
            at: 0.0,
        }
    }

    /// The recorded frames with their stamps zeroed (the stamps are checked on their own).
    fn unstamped(sink: &Recorder) -> Vec<Frame> {
        let mut frames = sink.frames.lock().unwrap().clone();
        for frame in &mut frames {
            if let Frame::Event { at, .. } = frame {
                assert!(*at > 1.6e12, "stamped with the wall clock in ms: {at}");
                *at = 0.0;
            }
        }
        frames
    }

    #[test]
    fn frames_are_written_as_contract_8_says() {
        let stamped = Frame::Event {
            data: "{\"type\":\"x\",\"a\":[1,2]}".to_owned(),
            at: 1764672000123.456,
        };
        assert_eq!(
            stamped.to_message(),
            r#"{"kind":"event","at":1764672000123.456,"event":{"type":"x","a":[1,2]}}"#
        );
        let parsed: serde_json::Value = serde_json::from_str(&stamped.to_message()).unwrap();
        assert_eq!(parsed["event"]["a"][1], 2);
        assert_eq!(Frame::End.to_message(), r#"{"kind":"end"}"#);
        assert_eq!(
            Frame::Error {
                message: "boom \"quoted\"\n".into()
            }
            .to_message(),
            r#"{"kind":"error","message":"boom \"quoted\"\n"}"#
        );
    }

    #[tokio::test]
    async fn forwards_events_then_end() {
        let sink = Arc::new(Recorder::default());
        let events = futures::stream::iter(vec![Ok("1".to_owned()), Ok("2".to_owned())]);
        assert_eq!(pump(events, &sink).await, PumpOutcome::Completed);
        assert_eq!(unstamped(&sink), vec![event("1"), event("2"), Frame::End]);
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
            unstamped(&sink),
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
        assert_eq!(unstamped(&sink), vec![event("0")]);
    }
}
