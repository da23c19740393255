//! Conveniences for responders that are not protocol rules: constructors for the items a turn
//! usually creates (ids from the turn's generator, `created_at` from its clock), the thread's
//! recent history, and [`AssistantMessageStream`], which produces the event sequence of a
//! streamed assistant message (`added`, `content_part.added`, deltas, `content_part.done`, `done`).

use super::responder::TurnContext;
use crate::errors::StoreError;
use crate::ids::IdKind;
use crate::types::*;
use serde_json::Value;

impl<C: Send + Sync + 'static> TurnContext<C> {
    /// A new assistant message (`msg` id) with the given parts.
    pub fn new_assistant_message(
        &self,
        content: Vec<AssistantMessageContent>,
    ) -> AssistantMessageItem {
        AssistantMessageItem {
            id: self.new_id(IdKind::Message),
            thread_id: self.thread_id(),
            created_at: self.now(),
            content,
        }
    }

    /// A new widget item (`msg` id).
    pub fn new_widget_item(&self, widget: Value, copy_text: Option<String>) -> WidgetItem {
        WidgetItem {
            id: self.new_id(IdKind::Message),
            thread_id: self.thread_id(),
            created_at: self.now(),
            widget,
            copy_text,
        }
    }

    /// A new hidden context item (`msg` id): stored for the model, never shown.
    pub fn new_hidden_context(&self, content: Value) -> HiddenContextItem {
        HiddenContextItem {
            id: self.new_id(IdKind::Message),
            thread_id: self.thread_id(),
            created_at: self.now(),
            content,
        }
    }

    /// A new pending client tool call (`tc` id); the client answers with `threads.add_client_tool_output`.
    pub fn new_client_tool_call(
        &self,
        call_id: impl Into<String>,
        name: impl Into<String>,
        arguments: Value,
    ) -> ClientToolCallItem {
        ClientToolCallItem {
            id: self.new_id(IdKind::ToolCall),
            thread_id: self.thread_id(),
            created_at: self.now(),
            status: ClientToolCallStatus::Pending,
            call_id: call_id.into(),
            name: name.into(),
            arguments,
            output: None,
        }
    }

    /// A new workflow item (`wf` id).
    pub fn new_workflow(&self, workflow: Workflow) -> WorkflowItem {
        WorkflowItem {
            id: self.new_id(IdKind::Workflow),
            thread_id: self.thread_id(),
            created_at: self.now(),
            workflow,
        }
    }

    /// The newest `limit` items of the thread, oldest first, hidden items included (model input).
    pub async fn recent_items(&self, limit: usize) -> Result<Vec<ThreadItem>, StoreError> {
        let page = self
            .store
            .load_thread_items(&self.thread_id(), None, limit, Order::Desc, self.context())
            .await?;
        let mut items = page.data;
        items.reverse();
        Ok(items)
    }
}

/// The events of one streamed assistant message. Typical use: `start()`, `delta(..)` per chunk,
/// `finish()`; every method returns the events to send, in order.
#[derive(Debug, Clone)]
pub struct AssistantMessageStream {
    item: AssistantMessageItem,
    open_part: Option<usize>,
    started: bool,
}

impl AssistantMessageStream {
    /// A new message (allocates its `msg` id now).
    pub fn new<C: Send + Sync + 'static>(turn: &TurnContext<C>) -> Self {
        Self {
            item: turn.new_assistant_message(Vec::new()),
            open_part: None,
            started: false,
        }
    }

    pub fn id(&self) -> &str {
        &self.item.id
    }

    /// The message as accumulated so far.
    pub fn item(&self) -> &AssistantMessageItem {
        &self.item
    }

    fn update(&self, update: ThreadItemUpdate) -> ThreadStreamEvent {
        ThreadStreamEvent::ItemUpdated {
            item_id: self.item.id.clone(),
            update,
        }
    }

    /// `thread.item.added` (empty content) and the first `content_part.added`.
    pub fn start(&mut self) -> Vec<ThreadStreamEvent> {
        let mut events = Vec::new();
        if !self.started {
            self.started = true;
            let empty = AssistantMessageItem {
                content: Vec::new(),
                ..self.item.clone()
            };
            events.push(ThreadStreamEvent::ItemAdded {
                item: ThreadItem::AssistantMessage(empty),
            });
        }
        if self.open_part.is_none() {
            events.extend(self.begin_part());
        }
        events
    }

    /// Open a new content part (closing the current one first).
    pub fn begin_part(&mut self) -> Vec<ThreadStreamEvent> {
        let mut events = self.end_part();
        let index = self.item.content.len();
        self.item.content.push(AssistantMessageContent::text(""));
        self.open_part = Some(index);
        events.push(self.update(ThreadItemUpdate::ContentPartAdded {
            content_index: index,
            content: AssistantMessageContent::text(""),
        }));
        events
    }

    /// Append text to the open part (opening the message/part if needed).
    pub fn delta(&mut self, text: &str) -> Vec<ThreadStreamEvent> {
        let mut events = if self.open_part.is_none() {
            self.start()
        } else {
            Vec::new()
        };
        let index = self.open_part.unwrap_or(0);
        self.item.content[index].text.push_str(text);
        events.push(self.update(ThreadItemUpdate::TextDelta {
            content_index: index,
            delta: text.to_owned(),
        }));
        events
    }

    /// Add a citation to the open part.
    pub fn annotate(&mut self, annotation: Annotation) -> Vec<ThreadStreamEvent> {
        let mut events = if self.open_part.is_none() {
            self.start()
        } else {
            Vec::new()
        };
        let index = self.open_part.unwrap_or(0);
        let annotations = &mut self.item.content[index].annotations;
        annotations.push(annotation.clone());
        let annotation_index = annotations.len() - 1;
        events.push(self.update(ThreadItemUpdate::AnnotationAdded {
            content_index: index,
            annotation_index,
            annotation,
        }));
        events
    }

    /// Close the open part (`content_part.done`), if any.
    pub fn end_part(&mut self) -> Vec<ThreadStreamEvent> {
        match self.open_part.take() {
            Some(index) => {
                let content = self.item.content[index].clone();
                vec![self.update(ThreadItemUpdate::ContentPartDone {
                    content_index: index,
                    content,
                })]
            }
            None => Vec::new(),
        }
    }

    /// Close the open part and emit `thread.item.done` with the whole message.
    pub fn finish(mut self) -> Vec<ThreadStreamEvent> {
        let mut events = if self.started {
            Vec::new()
        } else {
            self.start()
        };
        events.extend(self.end_part());
        events.push(ThreadStreamEvent::ItemDone {
            item: ThreadItem::AssistantMessage(self.item),
        });
        events
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::CounterIds;
    use crate::server::ThreadHandle;
    use crate::store::MemoryStore;
    use crate::timestamp::{FixedClock, Timestamp};
    use std::sync::Arc;

    fn turn() -> TurnContext<()> {
        let now = Timestamp::parse("2026-01-01T00:00:00").unwrap();
        TurnContext::new(
            ThreadHandle::new(ThreadMetadata::new("thr_1", now)),
            Arc::new(MemoryStore::new()),
            Arc::new(CounterIds::new()),
            Arc::new(FixedClock(now)),
            Arc::new(()),
        )
    }

    #[test]
    fn message_event_sequence() {
        let mut msg = AssistantMessageStream::new(&turn());
        let mut events = msg.start();
        events.extend(msg.delta("Hi "));
        events.extend(msg.delta("there"));
        events.extend(msg.finish());
        let json: Vec<String> = events
            .iter()
            .map(|e| String::from_utf8(e.to_json()).unwrap())
            .collect();
        assert_eq!(
            json,
            vec![
                r#"{"type":"thread.item.added","item":{"id":"msg_0001","thread_id":"thr_1","created_at":"2026-01-01T00:00:00","type":"assistant_message","content":[]}}"#,
                r#"{"type":"thread.item.updated","item_id":"msg_0001","update":{"type":"assistant_message.content_part.added","content_index":0,"content":{"annotations":[],"text":"","type":"output_text"}}}"#,
                r#"{"type":"thread.item.updated","item_id":"msg_0001","update":{"type":"assistant_message.content_part.text_delta","content_index":0,"delta":"Hi "}}"#,
                r#"{"type":"thread.item.updated","item_id":"msg_0001","update":{"type":"assistant_message.content_part.text_delta","content_index":0,"delta":"there"}}"#,
                r#"{"type":"thread.item.updated","item_id":"msg_0001","update":{"type":"assistant_message.content_part.done","content_index":0,"content":{"annotations":[],"text":"Hi there","type":"output_text"}}}"#,
                r#"{"type":"thread.item.done","item":{"id":"msg_0001","thread_id":"thr_1","created_at":"2026-01-01T00:00:00","type":"assistant_message","content":[{"annotations":[],"text":"Hi there","type":"output_text"}]}}"#,
            ]
        );
    }

    #[tokio::test]
    async fn recent_items_are_chronological() {
        let t = turn();
        for text in ["a", "b", "c"] {
            let item = ThreadItem::AssistantMessage(
                t.new_assistant_message(vec![AssistantMessageContent::text(text)]),
            );
            t.store()
                .add_thread_item("thr_1", &item, &())
                .await
                .unwrap();
        }
        let ids: Vec<String> = t
            .recent_items(2)
            .await
            .unwrap()
            .iter()
            .map(|i| i.id().to_owned())
            .collect();
        assert_eq!(ids, vec!["msg_0002", "msg_0003"]);
    }
}
