//! Widget actions: the `Action` a client sends back (`type` + `payload`) and the `ActionConfig`
//! a widget carries, whose defaults the reference always serializes (spec §5.3, §7).

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// An action as sent by the client in `threads.custom_action` / `threads.sync_custom_action`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Action {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payload: Option<Value>,
}

/// Who handles an action.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ActionHandler {
    #[default]
    Server,
    Client,
}

/// Loading UI while the action runs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LoadingBehavior {
    #[default]
    Auto,
    None,
    #[serde(rename = "self")]
    SelfOnly,
    Container,
}

/// The action attached to a widget control (`onClickAction`, `confirm.action` …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActionConfig {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payload: Option<Value>,
    #[serde(default)]
    pub handler: ActionHandler,
    #[serde(rename = "loadingBehavior", default)]
    pub loading_behavior: LoadingBehavior,
    /// `false` routes a server action to `threads.sync_custom_action`.
    #[serde(default = "default_true")]
    pub streaming: bool,
}

fn default_true() -> bool {
    true
}

impl ActionConfig {
    /// A server-handled streaming action with the given type and payload.
    pub fn new(kind: impl Into<String>, payload: Option<Value>) -> Self {
        Self {
            kind: kind.into(),
            payload,
            handler: ActionHandler::Server,
            loading_behavior: LoadingBehavior::Auto,
            streaming: true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_serialized() {
        let a: ActionConfig =
            serde_json::from_str(r#"{"type":"do_thing","payload":{"x":1}}"#).unwrap();
        assert_eq!(
            serde_json::to_string(&a).unwrap(),
            r#"{"type":"do_thing","payload":{"x":1},"handler":"server","loadingBehavior":"auto","streaming":true}"#
        );
    }
}
