//! Widget actions: the `Action` a client sends back (`type` + `payload`), and — re-exported from
//! the widget builders, where it is defined once — the `ActionConfig` a widget carries, whose
//! defaults the reference always serializes (docs/PROTOCOL.md §5.3, §7).

use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use crate::widgets::{ActionConfig, Handler as ActionHandler, LoadingBehavior};

/// An action as sent by the client in `threads.custom_action` / `threads.sync_custom_action`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Action {
    /// Optional upstream: a missing `type` leaves the reference's unbound type-variable
    /// placeholder there, which no action name equals; here it is `""`.
    #[serde(rename = "type", default)]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payload: Option<Value>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn action_config_defaults_are_serialized() {
        let a: ActionConfig =
            serde_json::from_str(r#"{"type":"do_thing","payload":{"x":1}}"#).unwrap();
        assert_eq!(
            serde_json::to_string(&a).unwrap(),
            r#"{"type":"do_thing","payload":{"x":1},"handler":"server","loadingBehavior":"auto","streaming":true}"#
        );
    }

    #[test]
    fn action_payload_is_optional() {
        let a: Action = serde_json::from_str(r#"{"type":"cart.checkout"}"#).unwrap();
        assert_eq!(
            a,
            Action {
                kind: "cart.checkout".into(),
                payload: None
            }
        );
    }
}
