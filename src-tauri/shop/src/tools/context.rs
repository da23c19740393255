//! What a tool can reach while it runs ([`ToolContext`]): the catalog, the cart, the pacing of
//! streamed widgets, the ChatKit turn it answers in, and the turn's [`EventSender`].
//!
//! A tool writes its events (progress lines, widgets that build themselves) straight into the
//! response's sender as it works, so they reach the page as they happen and a slow page slows
//! the tool down (the sender waits until the consumer takes the event). When the response is
//! dropped (the user pressed stop), its stream stops polling the tool, and a send on a closed
//! sender fails with [`ToolError::Cancelled`], so a tool never works for nobody.
//!
//! [`ToolEnv`] is what stays the same between calls (built once at start-up); the agent loop
//! makes a context per call with [`ToolEnv::context`], from the ChatKit [`TurnContext`] (so
//! widget items get the server's ids, thread id and clock, and are produced by ChatKit's own
//! `stream_widget`).
//!
//! The cart a tool reads is the environment's (the desktop app's store) unless the request
//! context *is* a [`PageCart`] or carries one (the server's [`ShopContext`], which also names the
//! user): in server mode the page sends its cart with every request (Contract 4 in
//! docs/ARCHITECTURE.md), and that is the cart the user sees.

use super::ToolError;
use crate::cart::{CartSource, PageCart};
use crate::catalog::Catalog;
use crate::model::config::DEFAULT_STREAM_DELAY;
use crate::request_context::ShopContext;
use chatkit::types::ThreadStreamEvent;
use chatkit::{EventSender, ResponseStream, StreamError, Timestamp, TurnContext};
use futures::stream::BoxStream;
use serde_json::Value;
use std::any::Any;
use std::sync::Arc;
use std::time::Duration;

/// The parts of a ChatKit turn tools use, without the turn's request-context type parameter
/// (so [`super::Tool`] stays object-safe and non-generic).
pub(crate) trait TurnAccess: Send + Sync {
    fn now(&self) -> Timestamp;
    fn stream_widget(&self, widget: Value, copy_text: Option<String>) -> ResponseStream;
    fn stream_widget_states(
        &self,
        states: BoxStream<'static, Result<Value, StreamError>>,
        copy_text: Option<String>,
    ) -> ResponseStream;
}

impl<C: Send + Sync + 'static> TurnAccess for TurnContext<C> {
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
/// Tools never read the environment: the app sets the pacing from its parsed settings.
#[derive(Clone)]
pub struct ToolEnv {
    pub catalog: Arc<Catalog>,
    pub cart: Arc<dyn CartSource>,
    /// Pause between states of a streamed widget.
    pub stream_delay: Duration,
}

impl ToolEnv {
    /// The bundled catalog, this cart, and the default pacing ([`DEFAULT_STREAM_DELAY`]).
    pub fn new(cart: Arc<dyn CartSource>) -> Self {
        ToolEnv {
            catalog: Arc::new(Catalog::bundled()),
            cart,
            stream_delay: DEFAULT_STREAM_DELAY,
        }
    }

    /// The same environment with another pause between streamed widget states.
    pub fn with_stream_delay(mut self, delay: Duration) -> Self {
        self.stream_delay = delay;
        self
    }

    /// A context for one tool call made during `turn`, writing its events into `out`. Its
    /// cart is the request's when the request context is a [`PageCart`] or a [`ShopContext`],
    /// else `self.cart`.
    pub fn context<'a, C: Send + Sync + 'static>(
        &'a self,
        turn: &'a TurnContext<C>,
        out: &'a mut EventSender,
    ) -> ToolContext<'a> {
        let request: &'a dyn Any = turn.context();
        let page = request
            .downcast_ref::<PageCart>()
            .or_else(|| request.downcast_ref::<ShopContext>().map(|c| &c.cart));
        let cart: &'a dyn CartSource = match page {
            Some(page) => page,
            None => &*self.cart,
        };
        ToolContext {
            env: self,
            cart,
            turn,
            out,
        }
    }
}

/// Everything a tool may use during one call.
pub struct ToolContext<'a> {
    env: &'a ToolEnv,
    cart: &'a dyn CartSource,
    turn: &'a dyn TurnAccess,
    out: &'a mut EventSender,
}

impl<'a> ToolContext<'a> {
    /// The catalog (borrowed from the environment, not from the context, so a tool can keep
    /// products while it sends events).
    pub fn catalog(&self) -> &'a Catalog {
        &self.env.catalog
    }

    /// Where the page's cart is read from (the request's [`PageCart`] in server mode).
    pub fn cart(&self) -> &'a dyn CartSource {
        self.cart
    }

    /// Pause between states of a streamed widget.
    pub fn stream_delay(&self) -> Duration {
        self.env.stream_delay
    }

    pub(crate) fn turn(&self) -> &'a dyn TurnAccess {
        self.turn
    }

    /// Sends one event into the response, waiting until the page's stream takes it. Fails with
    /// [`ToolError::Cancelled`] when the response was dropped.
    pub async fn emit(&mut self, event: ThreadStreamEvent) -> Result<(), ToolError> {
        self.out.send(event).await.map_err(|_| ToolError::Cancelled)
    }

    /// Emits a `progress_update` (a transient status line such as "Searching the catalog").
    pub async fn progress(&mut self, icon: &str, text: impl Into<String>) -> Result<(), ToolError> {
        self.emit(ThreadStreamEvent::ProgressUpdate {
            icon: Some(icon.to_owned()),
            text: text.into(),
        })
        .await
    }

    /// A number that differs between calls, for order numbers (nanoseconds of the turn's clock).
    pub fn seed(&self) -> u64 {
        let now = self.turn.now().as_utc();
        now.timestamp_nanos_opt().unwrap_or_else(|| now.timestamp()) as u64
    }
}
