//! What a finished turn looks like on the wire, for the tests that start conversations on the
//! real binary: the stream ended as the protocol says a completed run ends (docs/PROTOCOL.md
//! §3), not merely "the connection closed".

use super::wire::{self, Reply};
use serde_json::Value;
use std::collections::BTreeSet;

/// A stream is a finished turn when it is 200 `text/event-stream`, every frame is an event,
/// it ends cleanly (no cut, no partial frame), it starts with `thread.created` and has the
/// pipeline's `stream_options`, it carries no `error` event, every `thread.item.added` got its
/// `thread.item.done`, and the assistant finished at least one item besides the user message
/// (the product list). Returns the thread id and the ids of every finished item, in order.
pub fn finished_turn(reply: &Reply) -> Result<(String, Vec<String>), String> {
    if reply.status != 200 || !reply.is_stream() {
        return Err(format!(
            "HTTP {} {:?}: {}",
            reply.status,
            reply.content_type,
            reply.text()
        ));
    }
    if let Some(cut) = &reply.cut {
        return Err(format!("stream did not end cleanly: {cut}"));
    }
    let events: Vec<Value> = reply
        .frames
        .iter()
        .map(|f| wire::frame_json(f))
        .collect::<Result<_, _>>()?;
    let kind = |e: &Value| e["type"].as_str().unwrap_or_default().to_owned();
    let thread_id = events
        .first()
        .filter(|e| kind(e) == "thread.created")
        .and_then(|e| e["thread"]["id"].as_str())
        .ok_or("the first event is not thread.created")?
        .to_owned();
    if !events.iter().any(|e| kind(e) == "stream_options") {
        return Err("no stream_options event".into());
    }
    let mut open = BTreeSet::new();
    let mut done = Vec::new();
    for event in &events {
        match kind(event).as_str() {
            "error" => return Err(format!("error event {event}")),
            "thread.item.added" => {
                open.insert(event["item"]["id"].as_str().unwrap_or_default().to_owned());
            }
            "thread.item.done" => {
                let id = event["item"]["id"].as_str().unwrap_or_default().to_owned();
                open.remove(&id);
                done.push(id);
            }
            _ => {}
        }
    }
    if !open.is_empty() {
        return Err(format!("items added but never done: {open:?}"));
    }
    // The user message and at least one item of the assistant's.
    if done.len() < 2 {
        return Err(format!("only {} items finished: {done:?}", done.len()));
    }
    Ok((thread_id, done))
}
