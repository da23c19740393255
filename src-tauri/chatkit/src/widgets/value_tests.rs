//! Unit tests of the JSON-level widget helpers.
use super::*;
use serde_json::json;

#[test]
fn strip_nulls_is_recursive_in_objects_and_lists() {
    let mut v = json!({"type":"Card","status":null,"children":[null,{"type":"Text","value":"x","color":null,
        "onClickAction":{"type":"a","payload":{"k":null,"l":[1,null]}}}]});
    strip_nulls(&mut v);
    assert_eq!(
        v.to_string(),
        r#"{"type":"Card","children":[{"type":"Text","value":"x","onClickAction":{"type":"a","payload":{"l":[1]}}}]}"#
    );
}

#[test]
fn roots_are_card_listview_or_basic() {
    for t in ROOT_TYPES {
        assert_eq!(validate_root(&json!({"type": t, "children": []})), Ok(()));
    }
    assert_eq!(
        validate_root(&json!({"type":"Text","value":"x"})),
        Err(WidgetError::UnsupportedRoot("Text".into()))
    );
    assert!(matches!(
        validate_root(&json!({"children": []})),
        Err(WidgetError::InvalidNode { .. })
    ));
    assert!(matches!(
        validate_root(&json!("Card")),
        Err(WidgetError::InvalidNode { .. })
    ));
    assert!(matches!(
        validate_root(&json!({"type": 3})),
        Err(WidgetError::InvalidNode { .. })
    ));
}

#[test]
fn listview_children_must_be_listviewitems() {
    let ok = json!({"type":"ListView","children":[{"type":"ListViewItem","children":[]}]});
    assert_eq!(validate_root(&ok), Ok(()));
    let bad = json!({"type":"ListView","children":[{"type":"ListViewItem","children":[]},{"type":"Text","value":"x"}]});
    assert_eq!(
        validate_root(&bad),
        Err(WidgetError::InvalidNode {
            path: "/children/1".into(),
            reason: "ListView children must be ListViewItem components".into()
        })
    );
}

#[test]
fn nested_nodes_are_checked_with_a_path() {
    let bad = json!({"type":"Card","children":[{"type":"Row","children":[{"type":"Text","value":"x"},{"value":"y"}]}]});
    assert_eq!(
        validate_root(&bad),
        Err(WidgetError::InvalidNode {
            path: "/children/0/children/1".into(),
            reason: "missing `type`".into()
        })
    );
    let bad_key = json!({"type":"Card","children":[{"key":7,"type":"Row"}]});
    assert!(
        matches!(validate_root(&bad_key), Err(WidgetError::InvalidNode { path, .. }) if path == "/children/0")
    );
    let bad_children = json!({"type":"Card","children":"nope"});
    assert!(validate_root(&bad_children).is_err());
    let transition = json!({"type":"Card","children":[{"type":"Transition","children":{"type":"Text","value":"x"}}]});
    assert_eq!(validate_root(&transition), Ok(()));
}

#[test]
fn unknown_components_pass_through() {
    let v = json!({"type":"Basic","children":[{"type":"Table","children":[{"type":"Table.Row","header":true}]}]});
    assert_eq!(validate_root(&v), Ok(()));
}

#[test]
fn normalize_dynamic_puts_identity_and_children_first() {
    let v = json!({"type":"Card","size":"md","children":[{"type":"Row","key":"k","gap":1,"children":[{"value":"x","type":"Text","id":"t"}]}],"theme":null});
    assert_eq!(
        normalize_dynamic(v).to_string(),
        r#"{"type":"Card","children":[{"key":"k","type":"Row","children":[{"id":"t","type":"Text","value":"x"}],"gap":1}],"size":"md"}"#
    );
}

#[test]
fn widget_root_validates_strips_and_round_trips() {
    let root = WidgetRoot::new(json!({"type":"Card","children":[],"status":null})).unwrap();
    assert_eq!(root.root_type(), "Card");
    assert_eq!(root.to_json(), r#"{"type":"Card","children":[]}"#);
    let back: WidgetRoot = serde_json::from_str(&serde_json::to_string(&root).unwrap()).unwrap();
    assert_eq!(back, root);
    assert!(serde_json::from_str::<WidgetRoot>(r#"{"type":"Row"}"#).is_err());
}
