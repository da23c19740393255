//! `stream_widget` (docs/PROTOCOL.md §6.1): a static widget becomes one `thread.item.done`; a stream of
//! widget states becomes `added`, the updates `crate::widgets::diff::diff_widget` finds between
//! successive states, then `done` with the same id and `created_at`.
//!
//! A state is never copied on the way: each one is put behind an `Arc` as it arrives, a
//! `widget.root.updated` event shares it, and the stream keeps it to diff the next state against.

use super::generator::event_stream;
use super::responder::{ResponseStream, TurnContext};
use crate::errors::StreamError;
use crate::ids::IdKind;
use crate::types::{ThreadItem, ThreadItemUpdate, ThreadStreamEvent, WidgetItem};
use crate::widgets::diff::{diff_widget, WidgetDiff};
use crate::widgets::validate_root;
use futures::{Stream, StreamExt};
use serde_json::Value;
use std::sync::Arc;

fn widget_item<C: Send + Sync + 'static>(
    turn: &TurnContext<C>,
    widget: Value,
    copy_text: Option<String>,
) -> WidgetItem {
    WidgetItem {
        id: turn.new_id(IdKind::Message),
        thread_id: turn.thread_id(),
        created_at: turn.now(),
        widget,
        copy_text,
    }
}

/// One `thread.item.done` with a new widget item (`msg` id allocated now). A root that is not
/// `Card`, `ListView` or `Basic` ends the response with an error instead.
pub fn stream_widget<C: Send + Sync + 'static>(
    turn: &TurnContext<C>,
    widget: impl Into<Value>,
    copy_text: Option<String>,
) -> ResponseStream {
    let widget = widget.into();
    let checked = validate_root(&widget).map_err(StreamError::from);
    let item = ThreadItem::Widget(widget_item(turn, widget, copy_text));
    Box::pin(futures::stream::once(async move {
        checked.map(|()| ThreadStreamEvent::ItemDone { item })
    }))
}

/// Stream successive states of one widget. The item id is allocated now; an empty `states`
/// stream or a diff error (e.g. a text edit that is not an append) ends the response with an error.
pub fn stream_widget_states<C, S>(
    turn: &TurnContext<C>,
    states: S,
    copy_text: Option<String>,
) -> ResponseStream
where
    C: Send + Sync + 'static,
    S: Stream<Item = Result<Value, StreamError>> + Send + 'static,
{
    let mut item = widget_item(turn, Value::Null, copy_text);
    event_stream(move |mut tx| async move {
        let mut states = Box::pin(states);
        let first = match states.next().await {
            Some(state) => state?,
            None => {
                return Err(StreamError::internal(
                    "stream_widget needs at least one widget state",
                ))
            }
        };
        validate_root(&first)?;
        item.widget = first;
        tx.send(ThreadStreamEvent::ItemAdded {
            item: ThreadItem::Widget(item.clone()),
        })
        .await?;
        let mut current = Arc::new(std::mem::take(&mut item.widget));
        while let Some(state) = states.next().await {
            let state = state?;
            validate_root(&state)?;
            let state = Arc::new(state);
            for diff in diff_widget(&current, &state)? {
                let update = match diff {
                    WidgetDiff::StreamingTextValueDelta {
                        component_id,
                        delta,
                        done,
                    } => ThreadItemUpdate::WidgetTextDelta {
                        component_id: component_id.to_owned(),
                        delta: delta.to_owned(),
                        done,
                    },
                    WidgetDiff::RootUpdated { .. } => ThreadItemUpdate::WidgetRootUpdated {
                        widget: Arc::clone(&state),
                    },
                };
                tx.send(ThreadStreamEvent::ItemUpdated {
                    item_id: item.id.clone(),
                    update,
                })
                .await?;
            }
            current = state;
        }
        // The last state is normally ours alone by now; if an event still shares it, copy once.
        item.widget = Arc::try_unwrap(current).unwrap_or_else(|shared| Value::clone(&shared));
        tx.send(ThreadStreamEvent::ItemDone {
            item: ThreadItem::Widget(item),
        })
        .await
    })
}
