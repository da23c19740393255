//! The widget diff of the reference SDK (protocol spec §6.2). Skeleton; filled in by the widgets work.
use serde_json::Value;

/// One update produced by [`diff_widget`]; the server maps it to a `thread.item.updated` payload.
#[derive(Debug, Clone, PartialEq)]
pub enum WidgetDiff {
    /// `widget.streaming_text.value_delta`
    StreamingTextValueDelta { component_id: String, delta: String, done: bool },
    /// `widget.root.updated`
    RootUpdated { widget: Value },
}

/// Why a widget could not be diffed, validated or built.
#[derive(Debug, thiserror::Error, Clone, PartialEq)]
pub enum WidgetError {
    #[error("{0}")]
    Invalid(String),
}

/// Diff two successive states of one widget tree.
pub fn diff_widget(_before: &Value, _after: &Value) -> Result<Vec<WidgetDiff>, WidgetError> {
    Err(WidgetError::Invalid("diff_widget is not implemented yet".into()))
}
