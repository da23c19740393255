//! The SDK repository's own `.widget` test assets (`tests/fixtures/upstream-widgets/`, tests/fixtures/README.md §7):
//! every case of `cases.json` must build to its expected tree. Upstream compares as a dictionary
//! with nulls excluded (key order not significant), and so does this test.
use crate::fixtures;
use chatkit::widgets::{without_nulls, WidgetTemplate};
use serde_json::Value;
use std::path::PathBuf;

fn upstream_dir() -> PathBuf {
    fixtures::asset("upstream-widgets")
}

fn read_json(name: &str) -> Value {
    fixtures::read_json(&upstream_dir().join(name))
}

#[test]
fn every_upstream_case_builds_to_its_expected_tree() {
    let cases = read_json("cases.json");
    let cases = cases["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 5);
    for case in cases {
        let template_name = case["template"].as_str().unwrap();
        let template = WidgetTemplate::from_file(upstream_dir().join(template_name)).unwrap();
        let built = template
            .build(&case["data"])
            .unwrap_or_else(|e| panic!("{template_name}: {e}"));
        let expected = without_nulls(read_json(case["expected"].as_str().unwrap()));
        assert_eq!(built.as_value(), &expected, "{template_name}");
    }
}

#[test]
fn upstream_definitions_keep_name_and_schema() {
    let template = WidgetTemplate::from_file(upstream_dir().join("basic_root.widget")).unwrap();
    assert_eq!(template.name(), "Author preview");
    assert_eq!(template.version(), "1.0");
    assert_eq!(
        template.data_schema()["required"],
        serde_json::json!(["name", "bio"])
    );
}

#[test]
fn missing_data_is_an_error_in_strict_mode() {
    // basic_root needs `name` and `bio`; the SDK's StrictUndefined raises, and so do we.
    let template = WidgetTemplate::from_file(upstream_dir().join("basic_root.widget")).unwrap();
    let err = template
        .build(&serde_json::json!({"name": "Harry Potter"}))
        .unwrap_err();
    assert!(
        matches!(err, chatkit::widgets::WidgetError::TemplateRender(_)),
        "{err}"
    );
}
