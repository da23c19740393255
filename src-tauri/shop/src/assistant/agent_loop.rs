//! The agent loop of one response: ask the model, stream its text as an assistant message, run
//! the tools it calls (their widgets and progress lines stream into the thread as they happen),
//! feed the results back, and repeat until the model answers without calling a tool or the turn
//! limit is reached.
//!
//! A call of a tool the page runs (the cart tools, `tools::client_cart`) ends the response
//! instead: once the registry accepted its arguments, the call is sent as a pending
//! `client_tool_call` item (saved by the pipeline as the thread's newest item) and nothing
//! follows it. The page runs the tool and posts `threads.add_client_tool_output`; the server marks
//! the call completed and calls `respond` again with no user message, and this loop starts over
//! from the history, in which the completed call is the model's call plus its result
//! (`history.rs`). So the turn continues where it paused, with any backend. At most
//! [`MAX_CLIENT_CALLS_PER_QUESTION`] such pauses follow one user message.
//!
//! A model failure before any output is first retried (`model_retry`). One that remains ends
//! the response with an `error` event whose message is the failure's
//! user-facing text and whose `allow_retry` says whether trying again can help. Text that had
//! already streamed is finished and saved first (so the user keeps what they saw), then a
//! failure marker is saved ([`super::failed_turn`]); a retry (`threads.retry_after_item`)
//! deletes both together with everything else after the question.

use std::sync::Arc;

use chatkit::types::{ThreadItem, ThreadStreamEvent};
use chatkit::{AssistantMessageStream, EventSender, StoreScope, StreamError, TurnContext};
use futures::StreamExt;
use serde_json::Value;

use super::attachments;
use super::failed_turn;
use super::history::{to_model_messages, HISTORY_WINDOW};
use super::model_retry;
use super::prompt::{INSTRUCTIONS, TURN_LIMIT_NOTE};
use super::ShopAssistant;
use crate::model::{ModelError, ModelEvent, ModelMessage, ModelRequest, ToolCall, ToolSpec};
use crate::tools::Dispatch;

/// Most client tool calls (cart changes the page makes) answered after one user message; a model
/// that keeps calling them gets an error result instead, so it must answer.
pub const MAX_CLIENT_CALLS_PER_QUESTION: usize = 8;

/// Runs the loop for one response, sending its events into `out`. A failure leaves a failure
/// marker in the thread before its `error` event ([`failed_turn`]); a Stop drops this future,
/// so a cancelled turn leaves none.
pub(super) async fn run<C: StoreScope + Send + Sync + 'static>(
    assistant: Arc<ShopAssistant>,
    turn: TurnContext<C>,
    model: Option<String>,
    mut out: EventSender,
) -> Result<(), StreamError> {
    let result = run_turns(assistant, &turn, model, &mut out).await;
    if let Err(error) = &result {
        failed_turn::mark_failure(&turn, &mut out, error).await;
    }
    result
}

/// The model ⇄ tools rounds of one response.
async fn run_turns<C: StoreScope + Send + Sync + 'static>(
    assistant: Arc<ShopAssistant>,
    turn: &TurnContext<C>,
    model: Option<String>,
    out: &mut EventSender,
) -> Result<(), StreamError> {
    let backend = assistant.backends.backend().map_err(model_error)?;
    let items = turn
        .recent_items(HISTORY_WINDOW)
        .await
        .map_err(StreamError::internal)?;
    let mut messages = to_model_messages(&items);
    if let Some(bytes) = &assistant.attachment_bytes {
        attachments::attach_images(&mut messages, &**bytes, turn.context().owner()).await;
    }
    let tools: Vec<ToolSpec> = assistant.tools.specs();
    let client_calls = client_calls_since_question(&items);

    for _ in 0..assistant.max_model_turns {
        let request = ModelRequest {
            model: model.clone(),
            instructions: Some(INSTRUCTIONS.to_owned()),
            messages: messages.clone(),
            tools: tools.clone(),
        };
        // Failures before any output are retried there (with a progress line); see model_retry.
        let stream = model_retry::open(&*backend, &request, &assistant.retry, out)
            .await?
            .map_err(model_error)?;
        let (text, calls) = model_turn(turn, stream, out).await?;
        if let Some(text) = text {
            messages.push(ModelMessage::Assistant { text });
        }
        if calls.is_empty() {
            return Ok(());
        }
        messages.push(ModelMessage::ToolCalls {
            calls: calls.clone(),
        });
        for call in calls {
            let args = serde_json::from_str::<Value>(&call.arguments)
                .unwrap_or(Value::String(call.arguments.clone()));
            let mut ctx = assistant.env.context(turn, out);
            let output = match assistant.tools.dispatch(&call.name, args, &mut ctx).await? {
                Dispatch::Ran(output) => output.output_text(),
                Dispatch::ToClient { .. } if client_calls >= MAX_CLIENT_CALLS_PER_QUESTION => {
                    serde_json::json!({"error": format!(
                        "the cart was already changed {client_calls} times for this request; \
                         tell the user what was done instead of calling more cart tools"
                    )})
                    .to_string()
                }
                Dispatch::ToClient { name, arguments } => {
                    // The page runs it and answers with threads.add_client_tool_output, which
                    // starts this loop again; calls after this one in the turn are dropped (the
                    // model sees only this call and its result, and can make them again).
                    let item = turn.new_client_tool_call(call.call_id, name, arguments);
                    out.send(ThreadStreamEvent::ItemDone {
                        item: ThreadItem::ClientToolCall(item),
                    })
                    .await?;
                    return Ok(());
                }
            };
            messages.push(ModelMessage::ToolResult {
                call_id: call.call_id,
                output,
            });
        }
    }
    say(turn, TURN_LIMIT_NOTE, out).await
}

/// How many client tool calls the thread holds after its newest user message.
fn client_calls_since_question(items: &[ThreadItem]) -> usize {
    items
        .iter()
        .rev()
        .take_while(|item| !matches!(item, ThreadItem::UserMessage(_)))
        .filter(|item| matches!(item, ThreadItem::ClientToolCall(_)))
        .count()
}

/// Streams one model turn: text becomes an assistant message; tool calls are collected.
/// Returns the message's text (if any text came) and the calls.
async fn model_turn<C: Send + Sync + 'static>(
    turn: &TurnContext<C>,
    mut stream: crate::model::ModelStream,
    out: &mut EventSender,
) -> Result<(Option<String>, Vec<ToolCall>), StreamError> {
    let mut message: Option<AssistantMessageStream> = None;
    let mut calls = Vec::new();
    let mut failure = None;
    while let Some(event) = stream.next().await {
        match event {
            Ok(ModelEvent::TextDelta(delta)) if !delta.is_empty() => {
                let message = message.get_or_insert_with(|| AssistantMessageStream::new(turn));
                send_all(out, message.delta(&delta)).await?;
            }
            Ok(ModelEvent::TextDelta(_)) => {}
            Ok(ModelEvent::ToolCall(call)) => calls.push(call),
            Ok(ModelEvent::Done { .. }) => break,
            Err(error) => {
                failure = Some(error);
                break;
            }
        }
    }
    let text = match message {
        Some(message) => {
            let text = message
                .item()
                .content
                .iter()
                .map(|p| p.text.as_str())
                .collect::<String>();
            send_all(out, message.finish()).await?;
            Some(text)
        }
        None => None,
    };
    match failure {
        Some(error) => Err(model_error(error)),
        None => Ok((text, calls)),
    }
}

/// A complete assistant message with `text`, streamed word by word like the model's.
async fn say<C: Send + Sync + 'static>(
    turn: &TurnContext<C>,
    text: &str,
    out: &mut EventSender,
) -> Result<(), StreamError> {
    let mut message = AssistantMessageStream::new(turn);
    send_all(out, message.delta(text)).await?;
    send_all(out, message.finish()).await
}

async fn send_all(
    out: &mut EventSender,
    events: Vec<chatkit::types::ThreadStreamEvent>,
) -> Result<(), StreamError> {
    for event in events {
        out.send(event).await?;
    }
    Ok(())
}

/// A model failure as the `error` event the user sees; a retryable failure with a
/// `Retry-After` carries the wait (`retry_after_ms`, docs/PROTOCOL.md §12).
pub(super) fn model_error(error: ModelError) -> StreamError {
    tracing::warn!("model request failed: {error}");
    match error.retry_after().filter(|_| error.retryable()) {
        Some(after) => StreamError::RetryLater {
            message: error.user_message(),
            after,
        },
        None => StreamError::Custom {
            message: error.user_message(),
            allow_retry: error.retryable(),
        },
    }
}
