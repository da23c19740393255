//! Putting widgets into the thread from a tool, through ChatKit's `stream_widget`
//! (docs/PROTOCOL.md §6.1), with the shop's pacing.
//!
//! A static widget is one `thread.item.done`. A streamed widget is `thread.item.added` with the
//! first state, then for each next state the updates ChatKit's diff computes
//! (`widget.streaming_text.value_delta` for text appended to a node with an id,
//! `widget.root.updated` for anything structural), then `thread.item.done` with the same id and
//! `created_at` and the last state. This module feeds the states, pausing the context's stream
//! delay between them, and sends the resulting events into the response as they come.

use super::{ToolContext, ToolError};
use chatkit::types::{ThreadItem, ThreadStreamEvent, WidgetItem};
use chatkit::widgets::validate_root;
use chatkit::ResponseStream;
use futures::StreamExt;
use serde_json::Value;

/// A tree the page would refuse (wrong root, a `ListView` child that is not a `ListViewItem`,
/// a malformed node) is a tool error, caught before anything reaches the thread.
fn check_root(widget: &Value) -> Result<(), ToolError> {
    validate_root(widget).map_err(|e| ToolError::Widget(e.to_string()))
}

/// Shows a finished widget: exactly one `thread.item.done`. Returns the item.
pub async fn show_static(
    ctx: &mut ToolContext<'_>,
    widget: Value,
    copy_text: Option<String>,
) -> Result<WidgetItem, ToolError> {
    check_root(&widget)?;
    let events = ctx.turn().stream_widget(widget, copy_text);
    forward(ctx, events).await
}

/// Streams `states` (first to last) as one widget item, pausing `ctx.stream_delay` before every
/// state but the first. Returns the finished item. No state at all is an error.
pub async fn stream_states(
    ctx: &mut ToolContext<'_>,
    states: Vec<Value>,
    copy_text: Option<String>,
) -> Result<WidgetItem, ToolError> {
    if states.is_empty() {
        return Err(ToolError::Widget(
            "a streamed widget needs at least one state".into(),
        ));
    }
    for state in &states {
        check_root(state)?;
    }
    let delay = ctx.stream_delay();
    let paced = futures::stream::iter(states.into_iter().enumerate())
        .then(move |(i, state)| async move {
            if i > 0 && !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
            Ok(state)
        })
        .boxed();
    let events = ctx.turn().stream_widget_states(paced, copy_text);
    forward(ctx, events).await
}

/// Sends every event of a ChatKit widget stream into the response; returns the done item.
async fn forward(
    ctx: &mut ToolContext<'_>,
    mut events: ResponseStream,
) -> Result<WidgetItem, ToolError> {
    let mut done = None;
    while let Some(event) = events.next().await {
        let event = event.map_err(|e| ToolError::Widget(e.to_string()))?;
        if let ThreadStreamEvent::ItemDone {
            item: ThreadItem::Widget(item),
        } = &event
        {
            done = Some(item.clone());
        }
        ctx.emit(event).await?;
    }
    done.ok_or_else(|| ToolError::Widget("the widget stream ended without its done event".into()))
}
