//! The agent loop of one response: ask the model, stream its text as an assistant message, run
//! the tools it calls (their widgets and progress lines stream into the thread as they happen),
//! feed the results back, and repeat until the model answers without calling a tool or the turn
//! limit is reached.
//!
//! A model failure before any output is first retried (`model_retry`). One that remains ends
//! the response with an `error` event whose message is the failure's
//! user-facing text and whose `allow_retry` says whether trying again can help. Text that had
//! already streamed is finished and saved first (so the user keeps what they saw), then a
//! failure marker is saved ([`super::failed_turn`]); a retry (`threads.retry_after_item`)
//! deletes both together with everything else after the question.

use std::sync::Arc;

use chatkit::{AssistantMessageStream, EventSender, StreamError, TurnContext};
use futures::StreamExt;
use serde_json::Value;

use super::failed_turn;
use super::history::{to_model_messages, HISTORY_WINDOW};
use super::model_retry;
use super::prompt::{INSTRUCTIONS, TURN_LIMIT_NOTE};
use super::ShopAssistant;
use crate::model::{ModelError, ModelEvent, ModelMessage, ModelRequest, ToolCall, ToolSpec};

/// Runs the loop for one response, sending its events into `out`. A failure leaves a failure
/// marker in the thread before its `error` event ([`failed_turn`]); a Stop drops this future,
/// so a cancelled turn leaves none.
pub(super) async fn run<C: Send + Sync + 'static>(
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
async fn run_turns<C: Send + Sync + 'static>(
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
    let tools: Vec<ToolSpec> = assistant.tools.specs();

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
            let output = assistant.tools.call(&call.name, args, &mut ctx).await?;
            messages.push(ModelMessage::ToolResult {
                call_id: call.call_id,
                output: output.output_text(),
            });
        }
    }
    say(turn, TURN_LIMIT_NOTE, out).await
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
