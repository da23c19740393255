//! Workflows (reasoning / custom task lists) and tasks, used by workflow items, standalone task
//! items and the `workflow.task.*` updates (docs/PROTOCOL.md §4.4).

use super::content::{serialize_file_sources, serialize_url_sources, FileSource, UrlSource};
use super::tagged::tagged_union;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WorkflowKind {
    Custom,
    Reasoning,
}

/// A list of tasks shown as one collapsible block. Serialized `type, tasks, summary, expanded`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Workflow {
    #[serde(rename = "type")]
    pub kind: WorkflowKind,
    #[serde(default)]
    pub tasks: Vec<Task>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<WorkflowSummary>,
    #[serde(default)]
    pub expanded: bool,
}

/// Untagged: `{title, icon?}` for custom summaries, `{duration}` (seconds) for reasoning.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum WorkflowSummary {
    Custom {
        title: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        icon: Option<String>,
    },
    Duration {
        duration: i64,
    },
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StatusIndicator {
    #[default]
    None,
    Loading,
    Complete,
}

tagged_union! {
    /// One task of a workflow (or a standalone task item).
    #[derive(Debug, Clone, PartialEq)]
    pub enum Task, type after ["status_indicator"] {
        Custom(CustomTask) = "custom",
        WebSearch(WebSearchTask) = "web_search",
        Thought(ThoughtTask) = "thought",
        File(FileTask) = "file",
        Image(ImageTask) = "image",
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CustomTask {
    #[serde(default)]
    pub status_indicator: StatusIndicator,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct WebSearchTask {
    #[serde(default)]
    pub status_indicator: StatusIndicator,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_query: Option<String>,
    #[serde(default)]
    pub queries: Vec<String>,
    #[serde(default, serialize_with = "serialize_url_sources")]
    pub sources: Vec<UrlSource>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ThoughtTask {
    #[serde(default)]
    pub status_indicator: StatusIndicator,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub content: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FileTask {
    #[serde(default)]
    pub status_indicator: StatusIndicator,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, serialize_with = "serialize_file_sources")]
    pub sources: Vec<FileSource>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ImageTask {
    #[serde(default)]
    pub status_indicator: StatusIndicator,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn task_round_trips_in_reference_order() {
        let raw = r#"{"status_indicator":"complete","type":"web_search","title":"t","queries":["q"],"sources":[{"title":"L","type":"url","url":"https://e.x"}]}"#;
        let t: Task = serde_json::from_str(raw).unwrap();
        assert_eq!(serde_json::to_string(&t).unwrap(), raw);
    }

    #[test]
    fn summary_is_untagged() {
        let d: WorkflowSummary = serde_json::from_str(r#"{"duration":3}"#).unwrap();
        assert_eq!(d, WorkflowSummary::Duration { duration: 3 });
        let c: WorkflowSummary =
            serde_json::from_str(r#"{"title":"Done","icon":"check"}"#).unwrap();
        assert_eq!(
            serde_json::to_string(&c).unwrap(),
            r#"{"title":"Done","icon":"check"}"#
        );
    }
}
