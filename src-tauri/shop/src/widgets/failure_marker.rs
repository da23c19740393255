//! The failure marker: the widget item a failed turn leaves in the thread, so that scrolling back
//! (or reopening the app) never shows a question without an answer and without a reason.
//!
//! When a response fails (a model error, a tool that broke, bad settings — not a Stop, which is
//! a cancellation), the agent loop saves this card right after whatever the turn had produced,
//! then sends the `error` event. It is an ordinary ChatKit `widget` item (so any ChatKit client
//! renders it) with a recognisable root id, [`FAILURE_MARKER_ID`]:
//!
//! ```text
//! Card  id="shopdesk.failure_marker"  size="sm"
//!   Row   Icon "info" (danger) · Text "This reply failed: <the error's user message>"
//!   Row   Spacer · Button "Retry"  onClickAction = retry_failed_reply(question, wait)
//! ```
//!
//! The Retry button is left out when the error said retrying cannot help. The action's payload
//! names the user message the turn answered (`item_id`) and, after a `Retry-After`, the wait
//! (`retry_after_ms`, counted from the item's `created_at`). The model never sees markers
//! (`assistant::history`), and `threads.retry_after_item` removes them with everything else
//! after the question. docs/ARCHITECTURE.md ("Failed turns") and docs/PROTOCOL.md §12 describe
//! the shape for other clients.

use std::time::Duration;

use chatkit::widgets::{Button, Card, Icon, Row, Spacer, Text};
use serde_json::Value;

use super::action_configs::retry_failed_reply;

/// The root `id` of every failure marker card.
pub const FAILURE_MARKER_ID: &str = "shopdesk.failure_marker";

/// The marker's sentence: "This reply failed: <message>".
pub fn failure_text(message: &str) -> String {
    format!("This reply failed: {message}")
}

/// The marker card for a turn that answered user message `question_id` and failed with
/// `message`. `retry` is `None` when retrying cannot help, else the wait the provider asked for
/// (`Some(None)` = no wait).
pub fn failure_marker(message: &str, question_id: &str, retry: Option<Option<Duration>>) -> Value {
    let mut card = Card::new()
        .id(FAILURE_MARKER_ID)
        .child(
            Row::new()
                .child(Icon::new("info").color("danger").size("md"))
                .child(Text::new(failure_text(message)).size("sm"))
                .align("start")
                .gap(2),
        )
        .size("sm");
    if let Some(wait) = retry {
        card = card.child(
            Row::new().child(Spacer::new()).child(
                Button::new("Retry")
                    .icon_start("reload")
                    .variant("outline")
                    .size("sm")
                    .on_click_action(retry_failed_reply(question_id, wait)),
            ),
        );
    }
    card.into_value()
}

/// Whether a widget tree is a failure marker.
pub fn is_failure_marker(widget: &Value) -> bool {
    widget.get("id").and_then(Value::as_str) == Some(FAILURE_MARKER_ID)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chatkit::widgets::validate_root;

    #[test]
    fn marker_is_a_valid_card_naming_the_question_and_the_wait() {
        let marker = failure_marker(
            "The provider is busy.",
            "msg_q",
            Some(Some(Duration::from_secs(3))),
        );
        assert!(is_failure_marker(&marker));
        validate_root(&marker).expect("a valid widget root");
        let text = marker
            .pointer("/children/0/children/1/value")
            .and_then(Value::as_str);
        assert_eq!(text, Some("This reply failed: The provider is busy."));
        let action = marker
            .pointer("/children/1/children/1/onClickAction")
            .unwrap();
        assert_eq!(action["type"], "thread.retry_failed_reply");
        assert_eq!(action["handler"], "server");
        assert_eq!(action["payload"]["item_id"], "msg_q");
        assert_eq!(action["payload"]["retry_after_ms"], 3000);
    }

    #[test]
    fn no_retry_button_when_retrying_cannot_help_and_no_wait_when_none() {
        let marker = failure_marker("Bad key.", "msg_q", None);
        assert_eq!(marker["children"].as_array().unwrap().len(), 1);
        let marker = failure_marker("Oops.", "msg_q", Some(None));
        let payload = marker
            .pointer("/children/1/children/1/onClickAction/payload")
            .unwrap();
        assert!(payload.get("retry_after_ms").is_none(), "{payload}");
        assert!(!is_failure_marker(
            &serde_json::json!({"type": "Card", "children": []})
        ));
    }
}
