//! `ActionConfig` and `CardAction`: what a widget sends when it is clicked, changed or submitted.
//!
//! The SDK always writes the action defaults (`handler`, `loadingBehavior`, `streaming`), and the
//! client routes on them (`handler: client` never reaches the server; `streaming: false` selects
//! `threads.sync_custom_action`), so they are fields with defaults here rather than options.
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Who handles an action (docs/PROTOCOL.md §5.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Handler {
    /// The client sends `threads.custom_action` / `threads.sync_custom_action`.
    #[default]
    Server,
    /// Delivered only to the page's `widgets.onAction` handler.
    Client,
}

/// Loading UI while the action runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LoadingBehavior {
    #[default]
    Auto,
    None,
    #[serde(rename = "self")]
    SelfOnly,
    Container,
}

/// An action attached to a widget (`onClickAction`, `onSubmitAction`, `onChangeAction`,
/// `CardAction.action`). Serializes as `{type, payload?, handler, loadingBehavior, streaming}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActionConfig {
    #[serde(rename = "type")]
    pub action_type: String,
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub payload: Value,
    #[serde(default)]
    pub handler: Handler,
    #[serde(default, rename = "loadingBehavior")]
    pub loading_behavior: LoadingBehavior,
    #[serde(default = "default_streaming")]
    pub streaming: bool,
}

fn default_streaming() -> bool {
    true
}

impl ActionConfig {
    /// A server-handled, streaming action of this type with no payload.
    pub fn new(action_type: impl Into<String>) -> Self {
        ActionConfig {
            action_type: action_type.into(),
            payload: Value::Null,
            handler: Handler::Server,
            loading_behavior: LoadingBehavior::Auto,
            streaming: true,
        }
    }

    pub fn payload(mut self, payload: impl Into<Value>) -> Self {
        self.payload = payload.into();
        self
    }

    pub fn handler(mut self, handler: Handler) -> Self {
        self.handler = handler;
        self
    }

    /// Shorthand for `.handler(Handler::Client)`.
    pub fn client(self) -> Self {
        self.handler(Handler::Client)
    }

    pub fn loading_behavior(mut self, behavior: LoadingBehavior) -> Self {
        self.loading_behavior = behavior;
        self
    }

    /// `streaming: false` routes a server action to `threads.sync_custom_action`.
    pub fn streaming(mut self, streaming: bool) -> Self {
        self.streaming = streaming;
        self
    }

    /// Shorthand for `.streaming(false)`.
    pub fn sync(self) -> Self {
        self.streaming(false)
    }

    pub fn into_value(self) -> Value {
        super::super::value::without_nulls(Value::from(self))
    }
}

impl From<ActionConfig> for Value {
    fn from(a: ActionConfig) -> Value {
        // Serializing a struct of plain fields into a Value cannot fail.
        serde_json::to_value(a).unwrap_or(Value::Null)
    }
}

/// A confirm/cancel button of a `Card`: `{label, action}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CardAction {
    pub label: String,
    pub action: ActionConfig,
}

impl CardAction {
    pub fn new(label: impl Into<String>, action: ActionConfig) -> Self {
        CardAction {
            label: label.into(),
            action,
        }
    }
}

impl From<CardAction> for Value {
    fn from(c: CardAction) -> Value {
        serde_json::to_value(c).unwrap_or(Value::Null)
    }
}
