//! Thread history → model input.
//!
//! The model sees the conversation as the user saw it, plus what the user did not see but the
//! model must know: widgets are summarised (so "add the second one" can be resolved) except
//! failure markers (a failed turn's note to the user, `widgets::failure_marker`), hidden
//! context items (e.g. "the user cancelled the last answer") are passed as context, and
//! completed client tool calls become a call plus its result, and a message's attachments come
//! right before it (their names; `attachments.rs` adds the bytes of images). The mapping follows the reference
//! SDK's default converter (docs/PROTOCOL.md §10.3) in our own words.

use chatkit::types::{
    Attachment, ClientToolCallStatus, TaskItem, ThreadItem, UserMessageContent, UserMessageItem,
};
use serde_json::Value;

use crate::model::{ModelAttachment, ModelMessage, ToolCall};
use crate::widgets::is_failure_marker;

/// How many of the newest items of a thread are sent to the model.
pub const HISTORY_WINDOW: usize = 40;

/// Convert stored items (oldest first) into the model's conversation.
pub fn to_model_messages(items: &[ThreadItem]) -> Vec<ModelMessage> {
    let mut messages = Vec::new();
    for item in items {
        match item {
            ThreadItem::UserMessage(message) => {
                if !message.attachments.is_empty() {
                    messages.push(ModelMessage::Attachments {
                        attachments: message.attachments.iter().map(model_attachment).collect(),
                    });
                }
                messages.push(ModelMessage::User {
                    text: user_text(message),
                })
            }
            ThreadItem::AssistantMessage(message) => {
                let text: String = message
                    .content
                    .iter()
                    .map(|part| part.text.as_str())
                    .collect::<Vec<_>>()
                    .join("\n");
                if !text.trim().is_empty() {
                    messages.push(ModelMessage::Assistant { text });
                }
            }
            // Failure markers are for the user; the model just sees the question again.
            ThreadItem::Widget(widget) if is_failure_marker(&widget.widget) => {}
            ThreadItem::Widget(widget) => messages.push(ModelMessage::User {
                text: format!(
                    "[context] This widget (item {}) was shown to the user: {}",
                    widget.id,
                    summarize_widget(&widget.widget)
                ),
            }),
            ThreadItem::HiddenContext(hidden) => {
                messages.push(hidden_context(&match &hidden.content {
                    Value::String(text) => text.clone(),
                    other => other.to_string(),
                }))
            }
            ThreadItem::SdkHiddenContext(hidden) => messages.push(hidden_context(&hidden.content)),
            ThreadItem::ClientToolCall(call) if call.status == ClientToolCallStatus::Completed => {
                messages.push(ModelMessage::ToolCalls {
                    calls: vec![ToolCall {
                        call_id: call.call_id.clone(),
                        name: call.name.clone(),
                        arguments: call.arguments.to_string(),
                    }],
                });
                messages.push(ModelMessage::ToolResult {
                    call_id: call.call_id.clone(),
                    output: call.output.clone().unwrap_or(Value::Null).to_string(),
                });
            }
            ThreadItem::Task(TaskItem { task, .. }) => {
                if let Some(text) = task_text(&serde_json::to_value(task).unwrap_or(Value::Null)) {
                    messages.push(ModelMessage::User { text });
                }
            }
            ThreadItem::Workflow(workflow) => {
                let value = serde_json::to_value(&workflow.workflow).unwrap_or(Value::Null);
                for task in value
                    .get("tasks")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    if let Some(text) = task_text(task) {
                        messages.push(ModelMessage::User { text });
                    }
                }
            }
            // Pending tool calls, images, structured inputs and end-of-turn markers carry
            // nothing the shop's model can use.
            _ => {}
        }
    }
    messages
}

/// An attachment as the model first sees it: name and type; the agent loop adds image bytes
/// (`assistant/attachments.rs`).
fn model_attachment(attachment: &Attachment) -> ModelAttachment {
    ModelAttachment {
        id: attachment.id().to_owned(),
        name: attachment.name().to_owned(),
        mime_type: attachment.mime_type().to_owned(),
        is_image: matches!(attachment, Attachment::Image(_)),
        image_data_url: None,
    }
}

/// The user's text: text parts joined, @-mentions as `@name`.
pub fn user_text(message: &UserMessageItem) -> String {
    let mut text = String::new();
    for part in &message.content {
        match part {
            UserMessageContent::Text { text: t } => text.push_str(t),
            UserMessageContent::Tag { text: t, .. } => {
                text.push('@');
                text.push_str(t);
            }
        }
    }
    if let Some(quoted) = message
        .quoted_text
        .as_deref()
        .filter(|q| !q.trim().is_empty())
    {
        text.push_str(&format!(
            "\n\n(The user is replying to this earlier text: \"{quoted}\")"
        ));
    }
    text
}

fn hidden_context(text: &str) -> ModelMessage {
    ModelMessage::User {
        text: format!("[context not shown to the user] {text}"),
    }
}

/// A custom task with a title or content, as the reference shows it to the model.
fn task_text(task: &Value) -> Option<String> {
    if task.get("type").and_then(Value::as_str) != Some("custom") {
        return None;
    }
    let title = task.get("title").and_then(Value::as_str).unwrap_or("");
    let content = task.get("content").and_then(Value::as_str).unwrap_or("");
    if title.is_empty() && content.is_empty() {
        return None;
    }
    Some(format!(
        "[context] A task was performed and shown to the user: {title}: {content}"
    ))
}

/// A compact, readable summary of a widget tree: its texts and the actions its buttons carry
/// (product ids), short enough not to flood the model's context.
pub fn summarize_widget(widget: &Value) -> String {
    let mut parts = Vec::new();
    collect(widget, &mut parts);
    let mut summary = format!(
        "{} [{}]",
        widget
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or("widget"),
        parts.join("; ")
    );
    const LIMIT: usize = 1_500;
    if summary.len() > LIMIT {
        let cut = (0..=LIMIT)
            .rev()
            .find(|i| summary.is_char_boundary(*i))
            .unwrap_or(0);
        summary.truncate(cut);
        summary.push('…');
    }
    summary
}

fn collect(node: &Value, out: &mut Vec<String>) {
    let Some(object) = node.as_object() else {
        return;
    };
    for key in ["value", "label"] {
        if let Some(text) = object
            .get(key)
            .and_then(Value::as_str)
            .filter(|t| !t.trim().is_empty())
        {
            out.push(text.trim().to_owned());
        }
    }
    if let Some(action) = object.get("onClickAction") {
        let kind = action.get("type").and_then(Value::as_str).unwrap_or("");
        if let Some(id) = action
            .pointer("/payload/product_id")
            .and_then(Value::as_str)
        {
            out.push(format!("({kind} {id})"));
        }
    }
    match object.get("children") {
        Some(Value::Array(children)) => children.iter().for_each(|c| collect(c, out)),
        Some(child @ Value::Object(_)) => collect(child, out),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn item(value: Value) -> ThreadItem {
        let mut v = json!({"id": "x", "thread_id": "thr", "created_at": "2026-01-01T00:00:00"});
        v.as_object_mut()
            .unwrap()
            .extend(value.as_object().unwrap().clone());
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn conversation_with_widget_hidden_context_and_client_tool() {
        let items = vec![
            item(
                json!({"type": "user_message", "content": [{"type": "input_text", "text": "hi "}, {"type": "input_tag", "id": "t", "text": "lamps", "data": {}}], "attachments": [], "inference_options": {}}),
            ),
            item(
                json!({"type": "assistant_message", "content": [{"type": "output_text", "text": "Hello!", "annotations": []}]}),
            ),
            item(
                json!({"type": "widget", "widget": {"type": "Card", "children": [{"type": "Title", "value": "Aurora Lamp"}, {"type": "Button", "label": "Add to Cart", "onClickAction": {"type": "cart.add", "payload": {"product_id": "lamp-aurora"}}}]}}),
            ),
            item(json!({"type": "sdk_hidden_context", "content": "The user stopped the answer."})),
            item(
                json!({"type": "client_tool_call", "status": "completed", "call_id": "c1", "name": "get_cart", "arguments": {"a": 1}, "output": {"items": []}}),
            ),
            item(
                json!({"type": "client_tool_call", "status": "pending", "call_id": "c2", "name": "get_cart", "arguments": {}}),
            ),
            item(json!({"type": "end_of_turn"})),
        ];
        let messages = to_model_messages(&items);
        assert_eq!(messages.len(), 6, "{messages:#?}");
        assert_eq!(
            messages[0],
            ModelMessage::User {
                text: "hi @lamps".into()
            }
        );
        assert_eq!(
            messages[1],
            ModelMessage::Assistant {
                text: "Hello!".into()
            }
        );
        let ModelMessage::User { text } = &messages[2] else {
            panic!()
        };
        assert!(
            text.contains("Aurora Lamp") && text.contains("cart.add lamp-aurora"),
            "{text}"
        );
        let ModelMessage::User { text } = &messages[3] else {
            panic!()
        };
        assert!(text.contains("not shown to the user") && text.contains("stopped"));
        assert!(
            matches!(&messages[4], ModelMessage::ToolCalls { calls } if calls[0].arguments == r#"{"a":1}"#)
        );
        assert_eq!(
            messages[5],
            ModelMessage::ToolResult {
                call_id: "c1".into(),
                output: r#"{"items":[]}"#.into()
            }
        );
    }

    #[test]
    fn failure_markers_are_not_shown_to_the_model() {
        let marker = crate::widgets::failure_marker("Provider down.", "q", Some(None));
        let items = vec![
            item(
                json!({"type": "user_message", "content": [{"type": "input_text", "text": "lamps?"}], "attachments": [], "inference_options": {}}),
            ),
            item(json!({"type": "widget", "widget": marker})),
        ];
        let messages = to_model_messages(&items);
        assert_eq!(
            messages,
            vec![ModelMessage::User {
                text: "lamps?".into()
            }]
        );
    }

    #[test]
    fn long_widget_summaries_are_cut_on_a_char_boundary() {
        let children: Vec<Value> = (0..400)
            .map(|i| json!({"type": "Text", "value": format!("Prodükt {i}")}))
            .collect();
        let summary = summarize_widget(&json!({"type": "ListView", "children": children}));
        assert!(summary.len() <= 1_500 + '…'.len_utf8());
        assert!(summary.ends_with('…'));
    }
}
