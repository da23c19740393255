//! Running a tool or a widget action *inside* a ChatKit response, with its events forwarded
//! live.
//!
//! A tool emits events (progress, widget states) while it works; the agent's response must
//! carry them to the page as they happen, not after the tool returns, or a streamed widget
//! would arrive all at once. These helpers run the call and a forwarding loop side by side: each
//! event the tool emits is sent into the response's [`EventSender`] immediately. If the response
//! is dropped (the user pressed stop), sending fails and the tool's future is dropped with it.
//!
//! The returned [`ToolOutput`]'s `events` were already forwarded: do not send them again.

use super::context::{EventSink, ToolEnv};
use super::{actions, ToolOutput, ToolRegistry};
use chatkit::types::ThreadStreamEvent;
use chatkit::{EventSender, StreamError, TurnContext};
use serde_json::Value;
use std::future::Future;
use tokio::sync::mpsc;

impl ToolRegistry {
    /// Runs tool `name` during `turn`, forwarding its events into `out` as they happen.
    /// `Err` only when `out` is closed (the response was dropped); tool failures are an error
    /// output, as with [`ToolRegistry::call`].
    pub async fn call_streaming<C: Send + Sync + 'static>(
        &self,
        name: &str,
        args: Value,
        env: &ToolEnv,
        turn: &TurnContext<C>,
        out: &mut EventSender,
    ) -> Result<ToolOutput, StreamError> {
        let (tx, mut rx) = mpsc::unbounded_channel();
        let ctx = env.context(turn, EventSink::Channel(tx));
        forward_while(self.call(name, args, &ctx), &mut rx, out).await
    }
}

/// Handles a server widget action (`product.details`, `cart.checkout`) during `turn`, forwarding
/// its events into `out` as they happen. `Ok(None)` when the shop has no such action.
pub async fn handle_action_streaming<C: Send + Sync + 'static>(
    action_type: &str,
    payload: &Value,
    env: &ToolEnv,
    turn: &TurnContext<C>,
    out: &mut EventSender,
) -> Result<Option<ToolOutput>, StreamError> {
    let (tx, mut rx) = mpsc::unbounded_channel();
    let ctx = env.context(turn, EventSink::Channel(tx));
    forward_while(
        actions::handle_action(action_type, payload, &ctx),
        &mut rx,
        out,
    )
    .await
}

/// Polls `call` to completion while forwarding whatever arrives on `rx` into `out`, then
/// forwards what is left.
async fn forward_while<T>(
    call: impl Future<Output = T>,
    rx: &mut mpsc::UnboundedReceiver<ThreadStreamEvent>,
    out: &mut EventSender,
) -> Result<T, StreamError> {
    tokio::pin!(call);
    let result = loop {
        tokio::select! {
            biased;
            Some(event) = rx.recv() => out.send(event).await?,
            result = &mut call => break result,
        }
    };
    while let Ok(event) = rx.try_recv() {
        out.send(event).await?;
    }
    Ok(result)
}
