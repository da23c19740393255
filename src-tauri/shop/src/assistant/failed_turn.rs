//! What a failed turn leaves behind, and how it is retried from the thread.
//!
//! Without this, a failed turn left the user's question with no answer and no trace of the
//! failure once the live error banner was gone (issue 8, "Resilience"). So when a response
//! fails, [`mark_failure`] saves a failure marker (`crate::widgets::failure_marker`) right
//! before the `error` event: a `widget` item, so every ChatKit client renders it and it survives
//! reloads. A Stop is a cancellation, not a failure: it drops the response future, so no marker
//! is written.
//!
//! The marker's Retry button carries the action `thread.retry_failed_reply`. Our page turns it
//! into `threads.retry_after_item`; a client that sends it as `threads.custom_action` gets the
//! same retry here ([`retry_failed_reply`]): the items after the question are removed
//! (`thread.item.removed`, so the client drops them too) and the question is answered again.

use std::sync::Arc;

use chatkit::types::{Order, ThreadItem, ThreadStreamEvent, UserMessageItem};
use chatkit::{EventSender, StoreScope, StreamError, TurnContext};
use serde_json::Value;

use super::agent_loop;
use super::ShopAssistant;
use crate::widgets::failure_marker::{failure_marker, failure_text};

/// How far back [`mark_failure`] looks for the question the turn answered.
const QUESTION_LOOKBACK: usize = 40;

/// Page size when [`retry_failed_reply`] walks back to the question.
const PAGE: usize = 50;

/// The text the marker shows for `error`, and whether (and after what wait) to offer Retry.
fn marker_parts(error: &StreamError) -> (String, Option<Option<std::time::Duration>>) {
    const GENERIC: &str = "Something went wrong while answering.";
    match error {
        StreamError::Custom {
            message,
            allow_retry,
        } => (message.clone(), allow_retry.then_some(None)),
        StreamError::RetryLater { message, after } => (message.clone(), Some(Some(*after))),
        StreamError::Code { allow_retry, .. } => (GENERIC.into(), allow_retry.then_some(None)),
        StreamError::Internal(_) => (GENERIC.into(), Some(None)),
    }
}

/// Save a failure marker for the turn that just failed with `error`, after the newest user
/// message (the question it answered). Best effort: when the consumer is gone or there is no
/// question, nothing is written.
pub(super) async fn mark_failure<C: StoreScope + Send + Sync + 'static>(
    turn: &TurnContext<C>,
    out: &mut EventSender,
    error: &StreamError,
) {
    let question = match turn.recent_items(QUESTION_LOOKBACK).await {
        Ok(items) => items.into_iter().rev().find_map(|item| match item {
            ThreadItem::UserMessage(message) => Some(message.id),
            _ => None,
        }),
        Err(e) => {
            tracing::warn!("no failure marker: could not read the thread: {e}");
            None
        }
    };
    let Some(question) = question else {
        return;
    };
    let (message, retry) = marker_parts(error);
    let marker = failure_marker(&message, &question, retry);
    let item = turn.new_widget_item(marker, Some(failure_text(&message)));
    let _ = out
        .send(ThreadStreamEvent::ItemDone {
            item: ThreadItem::Widget(item),
        })
        .await;
}

/// `thread.retry_failed_reply` sent as a `threads.custom_action`: remove everything after the
/// user message `payload.item_id` and answer it again, as `threads.retry_after_item` does.
pub(super) async fn retry_failed_reply<C: StoreScope + Send + Sync + 'static>(
    assistant: Arc<ShopAssistant>,
    turn: TurnContext<C>,
    payload: &Value,
    mut out: EventSender,
) -> Result<(), StreamError> {
    let Some(question_id) = payload.get("item_id").and_then(Value::as_str) else {
        return Err(StreamError::custom(
            "This Retry button does not say which message to answer again.",
        ));
    };
    let (question, newer) = find_question(&turn, question_id).await?;
    let thread_id = turn.thread_id();
    for item in &newer {
        // Deleted here, before the history is read again; the event tells the client (the
        // pipeline's own delete of the same id is a no-op).
        turn.store()
            .delete_thread_item(&thread_id, item.id(), turn.context())
            .await
            .map_err(StreamError::internal)?;
        out.send(ThreadStreamEvent::ItemRemoved {
            item_id: item.id().to_owned(),
        })
        .await?;
    }
    let model = question.inference_options.model.clone();
    agent_loop::run(assistant, turn, model, out).await
}

/// The user message `question_id` and every item after it (newest first).
async fn find_question<C: StoreScope + Send + Sync + 'static>(
    turn: &TurnContext<C>,
    question_id: &str,
) -> Result<(UserMessageItem, Vec<ThreadItem>), StreamError> {
    let thread_id = turn.thread_id();
    let mut newer = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let page = turn
            .store()
            .load_thread_items(
                &thread_id,
                after.as_deref(),
                PAGE,
                Order::Desc,
                turn.context(),
            )
            .await
            .map_err(StreamError::internal)?;
        for item in page.data {
            if item.id() == question_id {
                return match item {
                    ThreadItem::UserMessage(message) => Ok((message, newer)),
                    _ => Err(StreamError::custom(
                        "This Retry button does not point at a message of yours.",
                    )),
                };
            }
            newer.push(item);
        }
        if !page.has_more || page.after.is_none() {
            return Err(StreamError::custom(
                "The message this Retry button answers is no longer in the conversation.",
            ));
        }
        after = page.after;
    }
}
