//! Unit tests of the widget diff: one test per rule of docs/PROTOCOL.md §6.2 and per quirk.
use super::*;
use serde_json::json;

fn text(id: Option<&str>, value: &str, streaming: Option<bool>) -> Value {
    let mut node = json!({"type": "Text", "value": value});
    if let Some(id) = id {
        node["id"] = id.into();
    }
    if let Some(s) = streaming {
        node["streaming"] = s.into();
    }
    node
}

fn card(children: Vec<Value>) -> Value {
    json!({"type": "Card", "children": children})
}

fn delta<'a>(id: &'a str, d: &'a str, done: bool) -> WidgetDiff<'a> {
    WidgetDiff::StreamingTextValueDelta {
        component_id: id,
        delta: d,
        done,
    }
}

fn replaced(w: &Value) -> Vec<WidgetDiff<'_>> {
    vec![WidgetDiff::RootUpdated { widget: w }]
}

#[test]
fn identical_states_produce_nothing() {
    let w = card(vec![text(Some("t"), "Hi", Some(true))]);
    assert_eq!(diff_widget(&w, &w).unwrap(), vec![]);
}

#[test]
fn append_to_text_with_id_is_a_delta_not_done_while_streaming() {
    let a = card(vec![text(Some("t"), "Hel", Some(true))]);
    let b = card(vec![text(Some("t"), "Hello", Some(true))]);
    assert_eq!(diff_widget(&a, &b).unwrap(), vec![delta("t", "lo", false)]);
}

#[test]
fn done_is_true_when_streaming_is_false_or_absent() {
    let a = card(vec![text(Some("t"), "a", None)]);
    let b = card(vec![text(Some("t"), "ab", None)]);
    assert_eq!(diff_widget(&a, &b).unwrap(), vec![delta("t", "b", true)]);
    let a = card(vec![text(Some("t"), "a", Some(false))]);
    let b = card(vec![text(Some("t"), "ab", Some(false))]);
    assert_eq!(diff_widget(&a, &b).unwrap(), vec![delta("t", "b", true)]);
}

#[test]
fn markdown_appends_are_deltas_too() {
    let a = json!({"type":"Card","children":[{"id":"m","type":"Markdown","value":"# T","streaming":true}]});
    let b = json!({"type":"Card","children":[{"id":"m","type":"Markdown","value":"# Title","streaming":true}]});
    assert_eq!(
        diff_widget(&a, &b).unwrap(),
        vec![delta("m", "itle", false)]
    );
}

#[test]
fn append_without_id_is_silent() {
    let a = card(vec![text(None, "Aur", None)]);
    let b = card(vec![text(None, "Aurora", None)]);
    assert_eq!(diff_widget(&a, &b).unwrap(), vec![]);
}

#[test]
fn empty_id_counts_as_no_id() {
    let a = card(vec![text(Some(""), "a", Some(true))]);
    let b = card(vec![text(Some(""), "ab", Some(true))]);
    assert_eq!(diff_widget(&a, &b).unwrap(), vec![]);
}

#[test]
fn streaming_flag_flip_replaces_the_root() {
    let a = card(vec![text(Some("t"), "Hello", Some(true))]);
    let b = card(vec![text(Some("t"), "Hello", Some(false))]);
    assert_eq!(diff_widget(&a, &b).unwrap(), replaced(&b));
    // even together with an append: the flip wins, no delta is emitted
    let c = card(vec![text(Some("t"), "Hello!", Some(false))]);
    assert_eq!(diff_widget(&a, &c).unwrap(), replaced(&c));
}

#[test]
fn non_prefix_edit_replaces_the_root() {
    let a = card(vec![text(Some("t"), "Hello", Some(true))]);
    let b = card(vec![text(Some("t"), "Help", Some(true))]);
    assert_eq!(diff_widget(&a, &b).unwrap(), replaced(&b));
}

#[test]
fn type_id_or_key_change_replaces_the_root() {
    let a = card(vec![text(Some("t"), "x", None)]);
    for b in [
        card(vec![json!({"id":"t","type":"Markdown","value":"x"})]),
        card(vec![text(Some("u"), "x", None)]),
        card(vec![json!({"key":"k","id":"t","type":"Text","value":"x"})]),
        json!({"type":"Basic","children":[text(Some("t"), "x", None)]}),
        json!({"key":"root","type":"Card","children":[text(Some("t"), "x", None)]}),
    ] {
        assert_eq!(diff_widget(&a, &b).unwrap(), replaced(&b), "{b}");
    }
}

#[test]
fn adding_or_removing_a_child_replaces_the_root() {
    let a = card(vec![text(Some("t"), "x", None)]);
    let b = card(vec![
        text(Some("t"), "x", None),
        text(None, "new child", None),
    ]);
    assert_eq!(diff_widget(&a, &b).unwrap(), replaced(&b));
    assert_eq!(diff_widget(&b, &a).unwrap(), replaced(&a));
}

#[test]
fn any_other_prop_change_replaces_the_root() {
    let a = card(vec![json!({"type":"Text","value":"x","color":"secondary"})]);
    let b = card(vec![json!({"type":"Text","value":"x","color":"success"})]);
    assert_eq!(diff_widget(&a, &b).unwrap(), replaced(&b));
    let a = json!({"type":"Card","size":"sm","children":[]});
    let b = json!({"type":"Card","size":"md","children":[]});
    assert_eq!(diff_widget(&a, &b).unwrap(), replaced(&b));
}

#[test]
fn action_config_change_replaces_the_root() {
    let button = |streaming: bool| {
        json!({"type":"Button","label":"Go","onClickAction":
            {"type":"go","handler":"server","loadingBehavior":"auto","streaming":streaming}})
    };
    let a = card(vec![button(true)]);
    let b = card(vec![button(false)]);
    assert_eq!(diff_widget(&a, &b).unwrap(), replaced(&b));
}

#[test]
fn absent_prop_equals_null_prop() {
    let a = json!({"type":"Card","children":[{"type":"Text","value":"x"}]});
    let b =
        json!({"type":"Card","status":null,"children":[{"type":"Text","value":"x","color":null}]});
    assert_eq!(diff_widget(&a, &b).unwrap(), vec![]);
}

#[test]
fn non_children_lists_are_compared_by_length_and_element() {
    let select = |opts: Value| card(vec![json!({"type":"Select","name":"s","options":opts})]);
    let a = select(json!([{"value":"a","label":"A"}]));
    let same = select(json!([{"value":"a","label":"A"}]));
    let longer = select(json!([{"value":"a","label":"A"},{"value":"b","label":"B"}]));
    let edited = select(json!([{"value":"a","label":"AA"}]));
    assert_eq!(diff_widget(&a, &same).unwrap(), vec![]);
    assert_eq!(diff_widget(&a, &longer).unwrap(), replaced(&longer));
    assert_eq!(diff_widget(&a, &edited).unwrap(), replaced(&edited));
}

#[test]
fn objects_outside_children_are_not_treated_as_nodes() {
    // A prop object that happens to look like a Text node: an "append" to it is a plain change.
    let a = json!({"type":"Card","children":[],"meta":{"type":"Text","value":"a"}});
    let b = json!({"type":"Card","children":[],"meta":{"type":"Text","value":"ab"}});
    assert_eq!(diff_widget(&a, &b).unwrap(), replaced(&b));
}

#[test]
fn deltas_follow_preorder_walk_of_nested_children_lists() {
    let state = |x: &str, y: &str, z: &str| {
        card(vec![
            json!({"type":"Row","children":[
                {"type":"Col","children":[text(Some("deep"), x, Some(true))]},
                text(Some("mid"), y, Some(true)),
            ]}),
            text(Some("last"), z, None),
        ])
    };
    let a = state("a", "b", "c");
    let b = state("a1", "b2", "c3");
    assert_eq!(
        diff_widget(&a, &b).unwrap(),
        vec![
            delta("deep", "1", false),
            delta("mid", "2", false),
            delta("last", "3", true)
        ]
    );
    // unchanged nodes produce nothing
    let c = state("a1", "b2", "c34");
    assert_eq!(diff_widget(&b, &c).unwrap(), vec![delta("last", "4", true)]);
}

#[test]
fn text_in_a_transition_is_never_walked() {
    let t = |v: &str| {
        card(vec![
            json!({"type":"Transition","children":text(Some("t"), v, Some(true))}),
        ])
    };
    let (a, b) = (t("Hel"), t("Hello"));
    assert_eq!(diff_widget(&a, &b).unwrap(), vec![]);
    // but the single child is still compared as a node: a non-append edit replaces the root
    let c = t("Hex");
    assert_eq!(diff_widget(&a, &c).unwrap(), replaced(&c));
}

#[test]
fn single_child_and_list_of_children_differ() {
    let a = json!({"type":"Basic","children":{"type":"Text","value":"x"}});
    let b = json!({"type":"Basic","children":[{"type":"Text","value":"x"}]});
    assert_eq!(diff_widget(&a, &b).unwrap(), replaced(&b));
}

#[test]
fn non_string_text_value_is_not_streaming_text() {
    assert!(!is_streaming_text(&json!({"type":"Text","value":5})));
    assert!(!is_streaming_text(&json!({"type":"Title","value":"x"})));
    assert!(is_streaming_text(&json!({"type":"Markdown","value":""})));
    let a = card(vec![json!({"id":"n","type":"Text","value":1})]);
    let b = card(vec![json!({"id":"n","type":"Text","value":12})]);
    assert_eq!(diff_widget(&a, &b).unwrap(), replaced(&b));
}

#[test]
fn title_append_replaces_the_root() {
    let a = card(vec![json!({"id":"h","type":"Title","value":"La"})]);
    let b = card(vec![json!({"id":"h","type":"Title","value":"Lamp"})]);
    assert_eq!(diff_widget(&a, &b).unwrap(), replaced(&b));
}

#[test]
fn spec_captured_example() {
    let s0 = card(vec![text(Some("t"), "", Some(true))]);
    let s1 = card(vec![text(Some("t"), "Hel", Some(true))]);
    let s2 = card(vec![text(Some("t"), "Hello", Some(true))]);
    let s3 = card(vec![
        text(Some("t"), "Hello", Some(true)),
        text(None, "new child", None),
    ]);
    assert_eq!(
        diff_widget(&s0, &s1).unwrap(),
        vec![delta("t", "Hel", false)]
    );
    assert_eq!(
        diff_widget(&s1, &s2).unwrap(),
        vec![delta("t", "lo", false)]
    );
    assert_eq!(diff_widget(&s2, &s3).unwrap(), replaced(&s3));
}

#[test]
fn new_id_is_an_error_in_the_delta_step() {
    let a = card(vec![text(None, "x", Some(true))]);
    let b = card(vec![text(Some("t"), "x", Some(true))]);
    assert_eq!(
        text_deltas(&a, &b),
        Err(WidgetError::NodeNotPersisted("t".into()))
    );
    // a vanished id is fine: only nodes of the new state are looked up
    assert_eq!(text_deltas(&b, &a), Ok(vec![]));
}

#[test]
fn non_cumulative_update_is_an_error_in_the_delta_step() {
    let a = card(vec![text(Some("t"), "Hello", Some(true))]);
    let b = card(vec![text(Some("t"), "Help", Some(true))]);
    assert_eq!(
        text_deltas(&a, &b),
        Err(WidgetError::NonCumulative("t".into()))
    );
    assert!(WidgetError::NonCumulative("t".into())
        .to_string()
        .contains("must be cumulative"));
}

#[test]
fn repeated_id_keeps_first_position_and_last_node() {
    let a = card(vec![
        text(Some("d"), "a", Some(true)),
        text(Some("e"), "e", Some(true)),
        text(Some("d"), "b", Some(true)),
    ]);
    let b = card(vec![
        text(Some("d"), "a", Some(true)),
        text(Some("e"), "ef", Some(true)),
        text(Some("d"), "bc", Some(true)),
    ]);
    assert_eq!(
        diff_widget(&a, &b).unwrap(),
        vec![delta("d", "c", false), delta("e", "f", false)]
    );
}

#[test]
fn delta_is_a_utf8_suffix() {
    let a = card(vec![text(Some("t"), "Caf", Some(true))]);
    let b = card(vec![text(Some("t"), "Café 🚀", Some(true))]);
    assert_eq!(
        diff_widget(&a, &b).unwrap(),
        vec![delta("t", "é 🚀", false)]
    );
}

#[test]
fn update_json_has_sdk_key_order() {
    let d = delta("t", "lo", false).to_update_json();
    assert_eq!(
        serde_json::to_string(&d).unwrap(),
        r#"{"type":"widget.streaming_text.value_delta","component_id":"t","delta":"lo","done":false}"#
    );
    let w = card(vec![]);
    let r = WidgetDiff::RootUpdated { widget: &w }.to_update_json();
    assert_eq!(
        serde_json::to_string(&r).unwrap(),
        r#"{"type":"widget.root.updated","widget":{"type":"Card","children":[]}}"#
    );
}

#[test]
fn key_order_does_not_matter_for_equality() {
    let a = json!({"type":"Card","children":[{"type":"Button","onClickAction":{"type":"x","payload":{"a":1,"b":[{"c":1,"d":2}]}}}]});
    let b = json!({"children":[{"onClickAction":{"payload":{"b":[{"d":2,"c":1}],"a":1},"type":"x"},"type":"Button"}],"type":"Card"});
    assert_eq!(diff_widget(&a, &b).unwrap(), vec![]);
    assert!(json_eq(&a, &b));
    let c = json!({"children":[{"onClickAction":{"payload":{"b":[{"d":2,"c":3}],"a":1},"type":"x"},"type":"Button"}],"type":"Card"});
    assert!(!json_eq(&a, &c));
    assert_eq!(diff_widget(&a, &c).unwrap(), replaced(&c));
    assert!(!json_eq(&json!({"a":1,"b":2}), &json!({"a":1,"c":2})));
    assert!(!json_eq(&json!({"a":1}), &json!({"a":1,"b":2})));
    assert!(json_eq(&json!(1.0), &json!(1.0)) && !json_eq(&json!(1), &json!(1.0)));
}
