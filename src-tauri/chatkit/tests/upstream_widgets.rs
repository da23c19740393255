//! The SDK repository's own `.widget` test assets (conformance `upstream-widgets/`, README §7):
//! every case of `cases.json` must build to its expected tree. Upstream compares as a dictionary
//! with nulls excluded (key order not significant), and so does this test.
use chatkit::widgets::{without_nulls, WidgetTemplate};
use serde_json::Value;
use std::path::PathBuf;

fn upstream_dir() -> PathBuf {
    let base = if let Some(dir) = std::env::var_os("CHATKIT_CONFORMANCE_DIR") {
        // Accept the conformance root or (as tests/conformance.rs uses it) its `v1.6.5` folder.
        let dir = PathBuf::from(dir);
        if dir.join("upstream-widgets").is_dir() {
            dir.clone()
        } else {
            dir.parent().map_or(dir.clone(), PathBuf::from)
        }
    } else {
        let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let local = manifest.join("tests/conformance");
        if local.join("upstream-widgets").is_dir() {
            local
        } else {
            manifest.join("../../../shared/conformance")
        }
    };
    base.join("upstream-widgets")
}

fn read_json(name: &str) -> Value {
    let path = upstream_dir().join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
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
