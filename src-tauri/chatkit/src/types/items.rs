//! Thread items: everything a thread contains, including the two hidden kinds that are stored
//! for the model but never sent to the client (docs/PROTOCOL.md §4.2). Items serialize as
//! `id, thread_id, created_at, type, …`.

use super::attachments::Attachment;
use super::content::{AssistantMessageContent, UserMessageContent};
use super::structured::{StructuredInput, StructuredInputStatus};
use super::tagged::{serialize_widget, tagged_union};
use super::workflow::{Task, Workflow};
use crate::timestamp::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::Value;

tagged_union! {
    /// One item of a thread.
    #[derive(Debug, Clone, PartialEq)]
    pub enum ThreadItem, type after ["id", "thread_id", "created_at"] {
        UserMessage(UserMessageItem) = "user_message",
        AssistantMessage(AssistantMessageItem) = "assistant_message",
        ClientToolCall(ClientToolCallItem) = "client_tool_call",
        Widget(WidgetItem) = "widget",
        GeneratedImage(GeneratedImageItem) = "generated_image",
        StructuredInput(StructuredInputItem) = "structured_input",
        Workflow(WorkflowItem) = "workflow",
        Task(TaskItem) = "task",
        EndOfTurn(EndOfTurnItem) = "end_of_turn",
        HiddenContext(HiddenContextItem) = "hidden_context_item",
        SdkHiddenContext(SdkHiddenContextItem) = "sdk_hidden_context",
    }
}

macro_rules! each_item {
    ($item:expr, $v:ident => $body:expr) => {
        match $item {
            ThreadItem::UserMessage($v) => $body,
            ThreadItem::AssistantMessage($v) => $body,
            ThreadItem::ClientToolCall($v) => $body,
            ThreadItem::Widget($v) => $body,
            ThreadItem::GeneratedImage($v) => $body,
            ThreadItem::StructuredInput($v) => $body,
            ThreadItem::Workflow($v) => $body,
            ThreadItem::Task($v) => $body,
            ThreadItem::EndOfTurn($v) => $body,
            ThreadItem::HiddenContext($v) => $body,
            ThreadItem::SdkHiddenContext($v) => $body,
        }
    };
}

impl ThreadItem {
    pub fn id(&self) -> &str {
        each_item!(self, v => &v.id)
    }

    pub fn thread_id(&self) -> &str {
        each_item!(self, v => &v.thread_id)
    }

    pub fn created_at(&self) -> Timestamp {
        each_item!(self, v => v.created_at)
    }

    pub fn set_thread_id(&mut self, thread_id: impl Into<String>) {
        let thread_id = thread_id.into();
        each_item!(self, v => v.thread_id = thread_id)
    }

    /// Hidden items are persisted for the model but never sent to the client.
    pub fn is_hidden(&self) -> bool {
        matches!(
            self,
            ThreadItem::HiddenContext(_) | ThreadItem::SdkHiddenContext(_)
        )
    }
}

/// Inference options chosen in the composer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct InferenceOptions {
    #[serde(
        default,
        deserialize_with = "super::model_shape::opt_object",
        skip_serializing_if = "Option::is_none"
    )]
    pub tool_choice: Option<ToolChoice>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ToolChoice {
    pub id: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserMessageItem {
    pub id: String,
    pub thread_id: String,
    pub created_at: Timestamp,
    pub content: Vec<UserMessageContent>,
    #[serde(default)]
    pub attachments: Vec<Attachment>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quoted_text: Option<String>,
    #[serde(default)]
    pub inference_options: InferenceOptions,
}

impl UserMessageItem {
    /// The text of the first `input_text` part, if any.
    pub fn first_text(&self) -> Option<&str> {
        self.content.iter().find_map(|c| match c {
            UserMessageContent::Text { text } => Some(text.as_str()),
            _ => None,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssistantMessageItem {
    pub id: String,
    pub thread_id: String,
    pub created_at: Timestamp,
    #[serde(default)]
    pub content: Vec<AssistantMessageContent>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ClientToolCallStatus {
    #[default]
    Pending,
    Completed,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClientToolCallItem {
    pub id: String,
    pub thread_id: String,
    pub created_at: Timestamp,
    #[serde(default)]
    pub status: ClientToolCallStatus,
    pub call_id: String,
    pub name: String,
    #[serde(default = "empty_object")]
    pub arguments: Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output: Option<Value>,
}

fn empty_object() -> Value {
    Value::Object(Default::default())
}

/// A widget tree (kept as JSON; see `crate::widgets`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WidgetItem {
    pub id: String,
    pub thread_id: String,
    pub created_at: Timestamp,
    #[serde(serialize_with = "serialize_widget")]
    pub widget: Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copy_text: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GeneratedImage {
    pub id: String,
    pub url: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GeneratedImageItem {
    pub id: String,
    pub thread_id: String,
    pub created_at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<GeneratedImage>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StructuredInputItem {
    pub id: String,
    pub thread_id: String,
    pub created_at: Timestamp,
    #[serde(default)]
    pub status: StructuredInputStatus,
    pub inputs: Vec<StructuredInput>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkflowItem {
    pub id: String,
    pub thread_id: String,
    pub created_at: Timestamp,
    pub workflow: Workflow,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskItem {
    pub id: String,
    pub thread_id: String,
    pub created_at: Timestamp,
    pub task: Task,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EndOfTurnItem {
    pub id: String,
    pub thread_id: String,
    pub created_at: Timestamp,
}

/// Application-defined model context; never sent to the client.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HiddenContextItem {
    pub id: String,
    pub thread_id: String,
    pub created_at: Timestamp,
    #[serde(default)]
    pub content: Value,
}

/// Context written by the server itself (e.g. "the user cancelled"); never sent to the client.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SdkHiddenContextItem {
    pub id: String,
    pub thread_id: String,
    pub created_at: Timestamp,
    pub content: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_message_round_trip() {
        let raw = r#"{"id":"msg_1","thread_id":"thr_1","created_at":"2026-01-01T00:00:00","type":"user_message","content":[{"type":"input_text","text":"hi"},{"type":"input_tag","id":"t","text":"@x","data":{},"interactive":false}],"attachments":[],"quoted_text":"q","inference_options":{"tool_choice":{"id":"s"},"model":"m"}}"#;
        let item: ThreadItem = serde_json::from_str(raw).unwrap();
        assert_eq!(serde_json::to_string(&item).unwrap(), raw);
        assert_eq!(item.id(), "msg_1");
        assert!(!item.is_hidden());
    }

    #[test]
    fn unknown_item_type_is_an_error() {
        let err = serde_json::from_str::<ThreadItem>(
            r#"{"id":"x","thread_id":"t","created_at":"2026-01-01T00:00:00","type":"nope"}"#,
        );
        assert!(err.is_err());
    }
}
