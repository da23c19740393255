//! The events of a response, as tests compare them: one [`shape`] vocabulary (the wire `type`,
//! with the item or update type for item events) whether the test holds typed events or the
//! JSON the page receives, and the finished widgets and button actions inside them.

use chatkit::types::{ThreadItem, ThreadStreamEvent, WidgetItem};
use serde_json::Value;

/// `progress_update`
pub const PROGRESS: &str = "progress_update";
/// A streamed widget's first state.
pub const WIDGET_ADDED: &str = "thread.item.added:widget";
/// Text appended to a streaming node of a widget.
pub const WIDGET_TEXT_DELTA: &str = "thread.item.updated:widget.streaming_text.value_delta";
/// A widget's whole tree replaced.
pub const WIDGET_ROOT: &str = "thread.item.updated:widget.root.updated";
/// A finished widget (the only event of a static one).
pub const WIDGET_DONE: &str = "thread.item.done:widget";
/// `client_effect`
pub const CLIENT_EFFECT: &str = "client_effect";

/// An event as the page receives it.
pub trait WireEvent {
    fn wire(&self) -> Value;
}

impl WireEvent for Value {
    fn wire(&self) -> Value {
        self.clone()
    }
}

impl WireEvent for ThreadStreamEvent {
    fn wire(&self) -> Value {
        serde_json::to_value(self).expect("events serialize")
    }
}

/// `type` of each event, with the item type or update type appended for item events.
pub fn shape<E: WireEvent>(events: &[E]) -> Vec<String> {
    events
        .iter()
        .map(|e| {
            let e = e.wire();
            let t = e["type"].as_str().unwrap();
            match t {
                "thread.item.added" | "thread.item.done" | "thread.item.replaced" => {
                    format!("{t}:{}", e["item"]["type"].as_str().unwrap())
                }
                "thread.item.updated" => format!("{t}:{}", e["update"]["type"].as_str().unwrap()),
                _ => t.to_owned(),
            }
        })
        .collect()
}

pub fn done_widgets(events: &[ThreadStreamEvent]) -> Vec<WidgetItem> {
    events
        .iter()
        .filter_map(|e| match e {
            ThreadStreamEvent::ItemDone {
                item: ThreadItem::Widget(w),
            } => Some(w.clone()),
            _ => None,
        })
        .collect()
}

/// Every `onClickAction` in a widget tree, depth first.
pub fn actions(widget: &Value) -> Vec<Value> {
    let mut out = Vec::new();
    walk(widget, &mut out);
    out
}

fn walk(node: &Value, out: &mut Vec<Value>) {
    match node {
        Value::Object(m) => {
            if let Some(a) = m.get("onClickAction") {
                out.push(a.clone());
            }
            for v in m.values() {
                walk(v, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
        _ => {}
    }
}

/// The failure markers among stored items (`shop::widgets::failure_marker`).
pub fn failure_markers(items: &[Value]) -> Vec<&Value> {
    items
        .iter()
        .filter(|i| i["type"] == "widget" && shop::widgets::is_failure_marker(&i["widget"]))
        .collect()
}

/// The `onClickAction` of a failure marker's Retry button, if it has one.
pub fn marker_retry_action(marker: &Value) -> Option<&Value> {
    marker
        .pointer("/widget/children/1/children/1/onClickAction")
        .filter(|a| a["type"] == shop::widgets::action_configs::RETRY_FAILED_REPLY)
}
