//! What a tool can reach while it runs ([`ToolContext`]): the catalog, the cart, the pacing of
//! streamed widgets, the ChatKit turn it answers in, and an event sink that delivers events to
//! the thread *while the tool runs* (progress lines, widgets that build themselves).
//!
//! The context is built by the agent loop for one tool call from the ChatKit [`TurnContext`]
//! (so widget items get the server's ids, thread id and clock, and are produced by ChatKit's
//! own `stream_widget`). It records every event it emits so the registry can hand the caller
//! a complete [`super::ToolOutput`].

use super::ToolError;
use crate::cart::CartSource;
use crate::catalog::Catalog;
use chatkit::types::ThreadStreamEvent;
use chatkit::{ResponseStream, StreamError, Timestamp, TurnContext};
use futures::stream::BoxStream;
use serde_json::Value;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::mpsc;

/// Environment variable that sets the pause between streamed widget states, in milliseconds.
pub const STREAM_DELAY_ENV: &str = "SHOPDESK_STREAM_DELAY_MS";
/// Pause between streamed states when the variable is unset or unreadable.
pub const DEFAULT_STREAM_DELAY: Duration = Duration::from_millis(120);

/// The pause between two states of a streamed widget, so a person sees it build.
pub fn stream_delay_from_env() -> Duration {
    parse_stream_delay(std::env::var(STREAM_DELAY_ENV).ok().as_deref())
}

/// [`stream_delay_from_env`] on a given value: whole milliseconds (0 = no pause, capped at 5 s);
/// anything else falls back to [`DEFAULT_STREAM_DELAY`].
pub fn parse_stream_delay(raw: Option<&str>) -> Duration {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => DEFAULT_STREAM_DELAY,
        Some(s) => {
            match s.parse::<u64>() {
                Ok(ms) => Duration::from_millis(ms.min(5_000)),
                Err(_) => {
                    tracing::warn!("{STREAM_DELAY_ENV}={s:?} is not a number of milliseconds; using the default");
                    DEFAULT_STREAM_DELAY
                }
            }
        }
    }
}

/// Where a tool's events go while it runs: the agent forwards them into the response stream.
#[derive(Debug, Clone)]
pub enum EventSink {
    /// Deliver live through a channel (the agent loop holds the receiver).
    Channel(mpsc::UnboundedSender<ThreadStreamEvent>),
    /// Keep events only in the tool's output (tests, or a caller that replays them).
    Collect,
}

/// The parts of a ChatKit turn tools use, without the turn's request-context type parameter
/// (so [`super::Tool`] stays object-safe and non-generic).
pub(crate) trait TurnAccess: Send + Sync {
    fn thread_id(&self) -> String;
    fn now(&self) -> Timestamp;
    fn stream_widget(&self, widget: Value, copy_text: Option<String>) -> ResponseStream;
    fn stream_widget_states(
        &self,
        states: BoxStream<'static, Result<Value, StreamError>>,
        copy_text: Option<String>,
    ) -> ResponseStream;
}

impl<C: Send + Sync + 'static> TurnAccess for TurnContext<C> {
    fn thread_id(&self) -> String {
        TurnContext::thread_id(self)
    }

    fn now(&self) -> Timestamp {
        TurnContext::now(self)
    }

    fn stream_widget(&self, widget: Value, copy_text: Option<String>) -> ResponseStream {
        chatkit::stream_widget(self, widget, copy_text)
    }

    fn stream_widget_states(
        &self,
        states: BoxStream<'static, Result<Value, StreamError>>,
        copy_text: Option<String>,
    ) -> ResponseStream {
        chatkit::stream_widget_states(self, states, copy_text)
    }
}

/// What the shop gives every tool call, independent of the turn: build it once (at start-up,
/// with the app's cart source) and make a [`ToolContext`] per call with [`ToolEnv::context`].
#[derive(Clone)]
pub struct ToolEnv {
    pub catalog: Arc<Catalog>,
    pub cart: Arc<dyn CartSource>,
    /// Pause between states of a streamed widget.
    pub stream_delay: Duration,
}

impl ToolEnv {
    /// The bundled catalog, this cart, and the stream delay from `SHOPDESK_STREAM_DELAY_MS`.
    pub fn new(cart: Arc<dyn CartSource>) -> Self {
        ToolEnv {
            catalog: Arc::new(Catalog::bundled()),
            cart,
            stream_delay: stream_delay_from_env(),
        }
    }

    /// A context for one tool call made during `turn`, delivering events to `sink`.
    pub fn context<C: Send + Sync + 'static>(
        &self,
        turn: &TurnContext<C>,
        sink: EventSink,
    ) -> ToolContext {
        ToolContext::new(turn, self.catalog.clone(), self.cart.clone(), sink)
            .with_stream_delay(self.stream_delay)
    }
}

/// Everything a tool may use during one call.
pub struct ToolContext {
    pub catalog: Arc<Catalog>,
    pub cart: Arc<dyn CartSource>,
    /// Pause between states of a streamed widget (see [`stream_delay_from_env`]).
    pub stream_delay: Duration,
    pub(crate) turn: Arc<dyn TurnAccess>,
    sink: EventSink,
    log: Mutex<Vec<ThreadStreamEvent>>,
}

impl ToolContext {
    /// A context for a tool call made during `turn`. The stream delay starts from
    /// `SHOPDESK_STREAM_DELAY_MS`; override it with [`ToolContext::with_stream_delay`].
    pub fn new<C: Send + Sync + 'static>(
        turn: &TurnContext<C>,
        catalog: Arc<Catalog>,
        cart: Arc<dyn CartSource>,
        sink: EventSink,
    ) -> Self {
        ToolContext {
            catalog,
            cart,
            stream_delay: stream_delay_from_env(),
            turn: Arc::new(turn.clone()),
            sink,
            log: Mutex::new(Vec::new()),
        }
    }

    pub fn with_stream_delay(mut self, delay: Duration) -> Self {
        self.stream_delay = delay;
        self
    }

    pub fn thread_id(&self) -> String {
        self.turn.thread_id()
    }

    /// Sends one event to the thread (and records it). Fails with [`ToolError::Cancelled`] when
    /// the response was dropped, so a streaming tool stops instead of working for nobody.
    pub fn emit(&self, event: ThreadStreamEvent) -> Result<(), ToolError> {
        self.log
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(event.clone());
        match &self.sink {
            EventSink::Channel(tx) => tx.send(event).map_err(|_| ToolError::Cancelled),
            EventSink::Collect => Ok(()),
        }
    }

    /// Emits a `progress_update` (a transient status line such as "Searching the catalog").
    pub fn progress(&self, icon: &str, text: impl Into<String>) -> Result<(), ToolError> {
        self.emit(ThreadStreamEvent::ProgressUpdate {
            icon: Some(icon.to_owned()),
            text: text.into(),
        })
    }

    /// A number that differs between calls, for order numbers (nanoseconds of the turn's clock).
    pub fn seed(&self) -> u64 {
        let now = self.turn.now().as_utc();
        now.timestamp_nanos_opt().unwrap_or_else(|| now.timestamp()) as u64
    }

    /// Takes the events emitted so far (the registry moves them into the tool's output).
    pub fn take_events(&self) -> Vec<ThreadStreamEvent> {
        std::mem::take(&mut *self.log.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stream_delay_parsing() {
        assert_eq!(parse_stream_delay(None), DEFAULT_STREAM_DELAY);
        assert_eq!(parse_stream_delay(Some("")), DEFAULT_STREAM_DELAY);
        assert_eq!(parse_stream_delay(Some("0")), Duration::ZERO);
        assert_eq!(
            parse_stream_delay(Some(" 250 ")),
            Duration::from_millis(250)
        );
        assert_eq!(parse_stream_delay(Some("999999")), Duration::from_secs(5));
        assert_eq!(parse_stream_delay(Some("fast")), DEFAULT_STREAM_DELAY);
        assert_eq!(parse_stream_delay(Some("-5")), DEFAULT_STREAM_DELAY);
    }
}
