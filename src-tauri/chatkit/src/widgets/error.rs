//! The one error type of the widgets module.
//!
//! Widgets arrive from application code, from `.widget` templates and from the wire; every way they
//! can be wrong (bad root, malformed node, a streaming update the protocol cannot express, a broken
//! template) is reported as a [`WidgetError`] instead of a panic, so the server can turn it into a
//! stream `error` event the way the reference SDK turns its `ValueError`s into one.

/// Why a widget could not be diffed, validated or built.
#[derive(Debug, thiserror::Error, Clone, PartialEq)]
pub enum WidgetError {
    /// Generic invalid input (kept for callers that only need a message).
    #[error("{0}")]
    Invalid(String),
    /// The root's `type` is not one of `Card`, `ListView`, `Basic` (docs/PROTOCOL.md §5.1).
    #[error("unsupported widget root type {0:?} (expected Card, ListView or Basic)")]
    UnsupportedRoot(String),
    /// A node of the tree is malformed; `path` is a JSON-pointer-like location such as `/children/2`.
    #[error("invalid widget node at {path}: {reason}")]
    InvalidNode { path: String, reason: String },
    /// A streaming-text node with this id exists in the new state but not in the previous one.
    #[error(
        "Node {0} was not present when the widget was initially rendered. All nodes with ID must persist across all widget updates."
    )]
    NodeNotPersisted(String),
    /// The new value of the streaming-text node with this id does not start with its old value.
    #[error(
        "Node {0} was updated with a new value that is not a prefix of the initial value. All widget updates must be cumulative."
    )]
    NonCumulative(String),
    /// A `.widget` definition is unreadable or lacks a required key.
    #[error("invalid widget definition: {0}")]
    Definition(String),
    /// The `.widget` definition has a `version` other than `"1.0"`.
    #[error("Unsupported widget spec version: {0}")]
    UnsupportedVersion(String),
    /// The Jinja template does not compile.
    #[error("widget template syntax error: {0}")]
    TemplateSyntax(String),
    /// Rendering failed (e.g. an undefined variable in strict mode).
    #[error("widget template render error: {0}")]
    TemplateRender(String),
    /// The rendered template is not valid JSON.
    #[error("widget template did not render valid JSON: {0}")]
    TemplateOutput(String),
    /// A `.widget` file could not be read.
    #[error("cannot read widget file {path}: {reason}")]
    Io { path: String, reason: String },
}
