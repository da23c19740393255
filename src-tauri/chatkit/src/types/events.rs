//! The server-sent events of a streaming response (`ThreadStreamEvent`, 12 types) and the
//! incremental item updates carried by `thread.item.updated` (`ThreadItemUpdate`, 10 types)
//! (docs/PROTOCOL.md §3.1, §3.2). Both put `type` first, so plain internally tagged serde enums suffice.

use super::content::{Annotation, AssistantMessageContent};
use super::items::{GeneratedImage, ThreadItem};
use super::tagged::serialize_widget;
use super::thread::Thread;
use super::workflow::Task;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};
use std::sync::Arc;

/// One event of a streaming response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum ThreadStreamEvent {
    #[serde(rename = "thread.created")]
    ThreadCreated { thread: Thread },
    #[serde(rename = "thread.updated")]
    ThreadUpdated { thread: Thread },
    /// An item starts streaming (not persisted).
    #[serde(rename = "thread.item.added")]
    ItemAdded { item: ThreadItem },
    /// An incremental change of a streaming item (not persisted).
    #[serde(rename = "thread.item.updated")]
    ItemUpdated {
        item_id: String,
        update: ThreadItemUpdate,
    },
    /// The item is final: the pipeline inserts it into the store.
    #[serde(rename = "thread.item.done")]
    ItemDone { item: ThreadItem },
    /// The pipeline deletes the item.
    #[serde(rename = "thread.item.removed")]
    ItemRemoved { item_id: String },
    /// The pipeline upserts the item (same id).
    #[serde(rename = "thread.item.replaced")]
    ItemReplaced { item: ThreadItem },
    #[serde(rename = "stream_options")]
    StreamOptions { stream_options: StreamOptions },
    #[serde(rename = "progress_update")]
    ProgressUpdate {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        icon: Option<String>,
        text: String,
    },
    #[serde(rename = "client_effect")]
    ClientEffect {
        name: String,
        #[serde(default)]
        data: Map<String, Value>,
    },
    #[serde(rename = "error")]
    Error {
        #[serde(default = "default_error_code")]
        code: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        message: Option<String>,
        #[serde(default)]
        allow_retry: bool,
        /// Shopdesk extension (docs/PROTOCOL.md §12): how long the client should wait before
        /// retrying (a provider's `Retry-After`). Omitted when there is no such wait, so the
        /// event is byte-identical to the reference's; clients that do not know it ignore it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        retry_after_ms: Option<u64>,
    },
    #[serde(rename = "notice")]
    Notice {
        level: NoticeLevel,
        message: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        title: Option<String>,
    },
}

fn default_error_code() -> String {
    "custom".to_owned()
}

impl ThreadStreamEvent {
    /// The wire `type` of this event.
    pub fn type_name(&self) -> &'static str {
        match self {
            Self::ThreadCreated { .. } => "thread.created",
            Self::ThreadUpdated { .. } => "thread.updated",
            Self::ItemAdded { .. } => "thread.item.added",
            Self::ItemUpdated { .. } => "thread.item.updated",
            Self::ItemDone { .. } => "thread.item.done",
            Self::ItemRemoved { .. } => "thread.item.removed",
            Self::ItemReplaced { .. } => "thread.item.replaced",
            Self::StreamOptions { .. } => "stream_options",
            Self::ProgressUpdate { .. } => "progress_update",
            Self::ClientEffect { .. } => "client_effect",
            Self::Error { .. } => "error",
            Self::Notice { .. } => "notice",
        }
    }

    /// Compact JSON of the event (what follows `data: ` in an SSE frame).
    pub fn to_json(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_else(|e| {
            // Only reachable with non-string map keys, which these types never contain.
            tracing::error!("serializing {} failed: {e}", self.type_name());
            br#"{"type":"error","code":"stream.error","allow_retry":true}"#.to_vec()
        })
    }
}

/// `stream_options` payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StreamOptions {
    /// Show the stop button.
    pub allow_cancel: bool,
}

impl Default for StreamOptions {
    fn default() -> Self {
        Self { allow_cancel: true }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NoticeLevel {
    Info,
    Warning,
    Danger,
}

/// The `update` of a `thread.item.updated` event.
#[allow(clippy::large_enum_variant)] // built once per event and moved, never stored in bulk
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum ThreadItemUpdate {
    #[serde(rename = "assistant_message.content_part.added")]
    ContentPartAdded {
        content_index: usize,
        content: AssistantMessageContent,
    },
    #[serde(rename = "assistant_message.content_part.text_delta")]
    TextDelta { content_index: usize, delta: String },
    #[serde(rename = "assistant_message.content_part.annotation_added")]
    AnnotationAdded {
        content_index: usize,
        annotation_index: usize,
        annotation: Annotation,
    },
    #[serde(rename = "assistant_message.content_part.done")]
    ContentPartDone {
        content_index: usize,
        content: AssistantMessageContent,
    },
    #[serde(rename = "widget.streaming_text.value_delta")]
    WidgetTextDelta {
        component_id: String,
        delta: String,
        done: bool,
    },
    /// The new root is shared, not copied: `stream_widget` keeps the same state to diff the
    /// next one against.
    #[serde(rename = "widget.root.updated")]
    WidgetRootUpdated {
        #[serde(
            serialize_with = "serialize_shared_widget",
            deserialize_with = "deserialize_shared_widget"
        )]
        widget: Arc<Value>,
    },
    #[serde(rename = "widget.component.updated")]
    WidgetComponentUpdated {
        component_id: String,
        #[serde(serialize_with = "serialize_widget")]
        component: Value,
    },
    #[serde(rename = "workflow.task.added")]
    WorkflowTaskAdded { task_index: usize, task: Task },
    #[serde(rename = "workflow.task.updated")]
    WorkflowTaskUpdated { task_index: usize, task: Task },
    #[serde(rename = "generated_image.updated")]
    GeneratedImageUpdated {
        image: GeneratedImage,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        progress: Option<f64>,
    },
}

fn serialize_shared_widget<S: Serializer>(widget: &Arc<Value>, s: S) -> Result<S::Ok, S::Error> {
    serialize_widget(widget, s)
}

fn deserialize_shared_widget<'de, D: Deserializer<'de>>(d: D) -> Result<Arc<Value>, D::Error> {
    Value::deserialize(d).map(Arc::new)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_error_event() {
        let e: ThreadStreamEvent = serde_json::from_str(r#"{"type":"error"}"#).unwrap();
        assert_eq!(
            String::from_utf8(e.to_json()).unwrap(),
            r#"{"type":"error","code":"custom","allow_retry":false}"#
        );
    }

    #[test]
    fn update_round_trip() {
        let raw = r#"{"type":"thread.item.updated","item_id":"m","update":{"type":"widget.streaming_text.value_delta","component_id":"t","delta":"é","done":false}}"#;
        let e: ThreadStreamEvent = serde_json::from_str(raw).unwrap();
        assert_eq!(String::from_utf8(e.to_json()).unwrap(), raw);
    }
}
