//! Shared set-up for the tool tests: a ChatKit turn on a memory store with counter ids and a
//! fixed clock, a tool environment over the bundled catalog with no pacing, and helpers that run
//! a tool or an action inside a ChatKit response (as the agent does) and collect the events the
//! response stream carried.

use chatkit::server::ThreadHandle;
use chatkit::types::{ThreadMetadata, ThreadStreamEvent};
use chatkit::{
    event_stream, CounterIds, EventSender, FixedClock, MemoryStore, ResponseStream, Timestamp,
    TurnContext,
};
use futures::channel::oneshot;
use futures::StreamExt;
use serde_json::Value;
use shop::cart::{CartLine, CartSource, MemoryCart};
use shop::tools::{handle_action, ToolEnv, ToolOutput, ToolRegistry};
use std::sync::Arc;
use std::time::Duration;

pub fn turn() -> TurnContext<()> {
    let ts = Timestamp::parse("2026-01-02T03:04:05Z").unwrap();
    TurnContext::new(
        ThreadHandle::new(ThreadMetadata::new("thr_test", ts)),
        Arc::new(MemoryStore::new()),
        Arc::new(CounterIds::new()),
        Arc::new(FixedClock(ts)),
        Arc::new(()),
    )
}

/// The bundled catalog, this cart, no pause between streamed states.
pub fn env_with(cart: Arc<dyn CartSource>) -> ToolEnv {
    ToolEnv::new(cart).with_stream_delay(Duration::ZERO)
}

/// [`env_with`] an empty cart.
pub fn env() -> ToolEnv {
    env_with(Arc::new(MemoryCart::default()))
}

/// A ChatKit response that runs tool `name`, and where its output arrives once it returned.
pub fn run_tool_stream(
    env: &ToolEnv,
    name: &str,
    args: Value,
) -> (ResponseStream, oneshot::Receiver<ToolOutput>) {
    let (env, name) = (env.clone(), name.to_owned());
    let (done, output) = oneshot::channel();
    let stream = event_stream(move |mut out| async move {
        let turn = turn();
        let result = ToolRegistry::shop()
            .call(&name, args, &mut env.context(&turn, &mut out))
            .await?;
        let _ = done.send(result);
        Ok(())
    });
    (stream, output)
}

/// Runs tool `name` inside a ChatKit response: its output and every event of the response.
pub async fn run_tool(
    env: &ToolEnv,
    name: &str,
    args: Value,
) -> (ToolOutput, Vec<ThreadStreamEvent>) {
    let (stream, output) = run_tool_stream(env, name, args);
    let events = events_of(stream).await;
    (output.await.expect("the tool returned"), events)
}

/// Handles widget action `kind` inside a ChatKit response: its output (`None` for an action the
/// shop does not have) and every event of the response.
pub async fn run_action(
    env: &ToolEnv,
    kind: &str,
    payload: Value,
) -> (Option<ToolOutput>, Vec<ThreadStreamEvent>) {
    let (env, kind) = (env.clone(), kind.to_owned());
    let (done, output) = oneshot::channel();
    let stream = event_stream(move |mut out| async move {
        let turn = turn();
        let result = handle_action(&kind, &payload, &mut env.context(&turn, &mut out)).await?;
        let _ = done.send(result);
        Ok(())
    });
    let events = events_of(stream).await;
    (output.await.expect("the action returned"), events)
}

/// Every event of a response that must not fail.
pub async fn events_of(stream: ResponseStream) -> Vec<ThreadStreamEvent> {
    stream
        .map(|event| event.expect("the response did not fail"))
        .collect()
        .await
}

/// The sender of a response whose stream was already dropped: every send on it fails.
pub fn closed_sender() -> EventSender {
    let mut sender = None;
    drop(event_stream(|out| {
        sender = Some(out);
        async { Ok(()) }
    }));
    sender.expect("event_stream hands its body the sender")
}

pub fn line(id: &str, price: f64, quantity: u32) -> CartLine {
    CartLine {
        product_id: id.into(),
        name: format!("name of {id}"),
        price,
        image: format!("/products/{id}.svg"),
        quantity,
    }
}
