//! Mirroring `thread.item.updated` into the pipeline's copies of still-streaming items, so a
//! cancelled response can save what the user already saw (docs/PROTOCOL.md §3.2: only assistant-message and
//! workflow updates are mirrored; widget and image updates are not).

use crate::types::{AssistantMessageContent, ThreadItem, ThreadItemUpdate};

/// Apply `update` to a pending item. Updates that do not fit (wrong item kind, index out of
/// range) are ignored, like the reference.
pub(crate) fn apply_update(item: &mut ThreadItem, update: &ThreadItemUpdate) {
    match (item, update) {
        (
            ThreadItem::AssistantMessage(msg),
            ThreadItemUpdate::ContentPartAdded {
                content_index,
                content,
            },
        ) => {
            while msg.content.len() <= *content_index {
                msg.content.push(AssistantMessageContent::text(""));
            }
            msg.content[*content_index] = content.clone();
        }
        (
            ThreadItem::AssistantMessage(msg),
            ThreadItemUpdate::TextDelta {
                content_index,
                delta,
            },
        ) => {
            if let Some(part) = msg.content.get_mut(*content_index) {
                part.text.push_str(delta);
            }
        }
        (
            ThreadItem::AssistantMessage(msg),
            ThreadItemUpdate::AnnotationAdded {
                content_index,
                annotation_index,
                annotation,
            },
        ) => {
            if let Some(part) = msg.content.get_mut(*content_index) {
                let at = (*annotation_index).min(part.annotations.len());
                part.annotations.insert(at, annotation.clone());
            }
        }
        (
            ThreadItem::AssistantMessage(msg),
            ThreadItemUpdate::ContentPartDone {
                content_index,
                content,
            },
        ) => {
            if let Some(part) = msg.content.get_mut(*content_index) {
                *part = content.clone();
            }
        }
        (ThreadItem::Workflow(wf), ThreadItemUpdate::WorkflowTaskAdded { task, .. }) => {
            wf.workflow.tasks.push(task.clone());
        }
        (ThreadItem::Workflow(wf), ThreadItemUpdate::WorkflowTaskUpdated { task_index, task }) => {
            if let Some(slot) = wf.workflow.tasks.get_mut(*task_index) {
                *slot = task.clone();
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::AssistantMessageItem;

    #[test]
    fn deltas_accumulate() {
        let mut item = ThreadItem::AssistantMessage(AssistantMessageItem {
            id: "m".into(),
            thread_id: "t".into(),
            created_at: crate::Timestamp::now(),
            content: vec![],
        });
        apply_update(
            &mut item,
            &ThreadItemUpdate::ContentPartAdded {
                content_index: 1,
                content: AssistantMessageContent::text(""),
            },
        );
        apply_update(
            &mut item,
            &ThreadItemUpdate::TextDelta {
                content_index: 1,
                delta: "Hi ".into(),
            },
        );
        apply_update(
            &mut item,
            &ThreadItemUpdate::TextDelta {
                content_index: 1,
                delta: "there".into(),
            },
        );
        let ThreadItem::AssistantMessage(msg) = item else {
            unreachable!()
        };
        assert_eq!(msg.content.len(), 2);
        assert_eq!(msg.content[1].text, "Hi there");
    }
}
