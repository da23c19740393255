//! The widget diff replayed over the conformance `widget: stream` states (src-tauri/chatkit/tests/fixtures/README.md §4.3):
//! the SDK emitted value deltas `"Found"` and `" 2 lamps"`, a root update for the new child, nothing
//! for the append to an id-less Text, and a root update for the `streaming` flip.
use crate::fixtures;
use chatkit::widgets::{diff_widget, WidgetDiff};
use serde_json::Value;

fn states() -> Vec<Value> {
    let states = fixtures::read_json(&fixtures::asset("widgets/product_list_states.json"));
    serde_json::from_value(states).unwrap()
}

fn delta(d: &str) -> WidgetDiff<'_> {
    WidgetDiff::StreamingTextValueDelta {
        component_id: "summary",
        delta: d,
        done: false,
    }
}

#[test]
fn product_list_stream_matches_the_reference_updates() {
    let s = states();
    assert_eq!(s.len(), 6);
    let updates: Vec<Vec<WidgetDiff>> = s
        .windows(2)
        .map(|w| diff_widget(&w[0], &w[1]).unwrap())
        .collect();
    assert_eq!(
        updates,
        vec![
            vec![delta("Found")],
            vec![delta(" 2 lamps")],
            vec![WidgetDiff::RootUpdated { widget: &s[3] }],
            vec![],
            vec![WidgetDiff::RootUpdated { widget: &s[5] }],
        ]
    );
}

#[test]
fn product_list_updates_serialize_like_the_fixture_events() {
    let s = states();
    let wire: Vec<String> = s
        .windows(2)
        .flat_map(|w| diff_widget(&w[0], &w[1]).unwrap())
        .map(|u| u.to_update_json().to_string())
        .collect();
    assert_eq!(
        wire[0],
        r#"{"type":"widget.streaming_text.value_delta","component_id":"summary","delta":"Found","done":false}"#
    );
    assert_eq!(
        wire[1],
        r#"{"type":"widget.streaming_text.value_delta","component_id":"summary","delta":" 2 lamps","done":false}"#
    );
    assert!(wire[2].starts_with(r#"{"type":"widget.root.updated","widget":{"type":"ListView","children":[{"type":"ListViewItem""#));
    assert_eq!(wire.len(), 4);
}

#[test]
fn every_state_of_the_stream_is_a_valid_root() {
    for state in states() {
        chatkit::widgets::validate_root(&state).unwrap();
    }
}

#[test]
fn updates_are_byte_identical_to_the_captured_sse_stream() {
    let fixture = fixtures::read_json(&fixtures::scenarios_dir().join("widget_stream.json"));
    let raw = fixture["steps"][0]["response"]["raw"].as_str().unwrap();
    let prefix = r#"data: {"type":"thread.item.updated","item_id":"msg_0002","update":"#;
    let captured: Vec<&str> = raw
        .split("\n\n")
        .filter_map(|frame| frame.strip_prefix(prefix))
        .map(|rest| rest.strip_suffix('}').unwrap())
        .collect();
    let s = states();
    let ours: Vec<String> = s
        .windows(2)
        .flat_map(|w| diff_widget(&w[0], &w[1]).unwrap())
        .map(|u| u.to_update_json().to_string())
        .collect();
    assert_eq!(captured.len(), 4);
    assert_eq!(ours, captured);
}
