//! `.widget` templates: the conformance `widget: template` tree byte for byte, plus the SDK's
//! rules (version "1.0", strict undefined, Jinja2 `tojson`, dynamic key order, root validation).
use crate::fixtures;
use chatkit::widgets::{WidgetError, WidgetTemplate};
use serde_json::{json, Value};
use std::path::PathBuf;

fn widgets_dir() -> PathBuf {
    fixtures::asset("widgets")
}

fn read(name: &str) -> String {
    fixtures::read_text(&widgets_dir().join(name))
}

fn template(src: &str) -> WidgetTemplate {
    json!({"version": "1.0", "name": "t", "template": src})
        .to_string()
        .parse()
        .unwrap()
}

#[test]
fn order_summary_builds_byte_for_byte() {
    let template = WidgetTemplate::from_file(widgets_dir().join("order_summary.widget")).unwrap();
    let data: Value = serde_json::from_str(&read("order_summary.data.json")).unwrap();
    let built = template.build(&data).unwrap();
    let pretty = serde_json::to_string_pretty(built.as_value()).unwrap() + "\n";
    assert_eq!(pretty, read("order_summary.json"));
}

#[test]
fn version_must_be_1_0() {
    for version in [json!("2.0"), json!(1.0), json!("1")] {
        let def = json!({"version": version, "name": "x", "template": "{}"});
        let err = WidgetTemplate::from_definition(&def).unwrap_err();
        assert!(
            matches!(err, WidgetError::UnsupportedVersion(_)),
            "{version}: {err}"
        );
    }
    let err = WidgetTemplate::from_definition(&json!({"name": "x", "template": "{}"})).unwrap_err();
    assert!(matches!(err, WidgetError::Definition(_)));
    let err =
        WidgetTemplate::from_definition(&json!({"version": "1.0", "template": "{}"})).unwrap_err();
    assert!(matches!(err, WidgetError::Definition(_)));
    assert!(matches!(
        "not json".parse::<WidgetTemplate>(),
        Err(WidgetError::Definition(_))
    ));
}

#[test]
fn tojson_escapes_like_jinja2_and_sorts_keys() {
    let t = template(r#"{{ x | tojson }}"#);
    let out = t
        .render(&json!({"x": {"b": "<a href='x'>&</a>", "a": "é"}}))
        .unwrap();
    // Jinja2 3.1.6 prints exactly this for the same value.
    assert_eq!(
        out,
        r#"{"a": "\u00e9", "b": "\u003ca href=\u0027x\u0027\u003e\u0026\u003c/a\u003e"}"#
    );
    // spliced objects keep Jinja2's sorted key order in the built widget
    let t = template(
        r#"{"type":"Card","children":[{"type":"Button","onClickAction":{{ action | tojson }}}]}"#,
    );
    let built = t
        .build(&json!({"action": {"type": "go", "payload": {"z": 1, "a": 2}}}))
        .unwrap();
    assert_eq!(
        built.to_json(),
        r#"{"type":"Card","children":[{"type":"Button","onClickAction":{"payload":{"a":2,"z":1},"type":"go"}}]}"#
    );
}

#[test]
fn printed_values_use_python_spelling() {
    let t = template("{{ a }} {{ b }} {{ c }} {{ n }} {{ s }}");
    assert_eq!(
        t.render(&json!({"a": true, "b": false, "c": null, "n": 2.5, "s": "<b>"}))
            .unwrap(),
        "True False None 2.5 <b>"
    );
}

#[test]
fn strict_undefined_fails_on_print_loop_and_test() {
    for src in [
        "{{ missing }}",
        "{% for x in missing %}{% endfor %}",
        "{% if missing %}{% endif %}",
        "{{ missing | tojson }}",
    ] {
        let err = template(src).render(&json!({})).unwrap_err();
        assert!(
            matches!(err, WidgetError::TemplateRender(_)),
            "{src}: {err}"
        );
    }
    // `is defined` is still allowed
    assert_eq!(
        template("{{ missing is defined }}")
            .render(&json!({}))
            .unwrap(),
        "False"
    );
}

#[test]
fn no_data_and_bad_data() {
    let t = template(r#"{"type":"Card","children":[]}"#);
    assert_eq!(
        t.build(&Value::Null).unwrap().to_json(),
        r#"{"type":"Card","children":[]}"#
    );
    assert_eq!(t.build(&()).unwrap().root_type(), "Card");
    assert!(matches!(
        t.build(&json!([1])),
        Err(WidgetError::TemplateRender(_))
    ));
}

#[test]
fn output_must_be_json_with_a_valid_root() {
    assert!(matches!(
        template("{ not json").build(&json!({})),
        Err(WidgetError::TemplateOutput(_))
    ));
    assert_eq!(
        template(r#"{"type":"Row","children":[]}"#).build(&json!({})),
        Err(WidgetError::UnsupportedRoot("Row".into()))
    );
    assert!(matches!(
        template(r#"{"type":"Card","children":[{"value":"x"}]}"#).build(&json!({})),
        Err(WidgetError::InvalidNode { .. })
    ));
}

#[test]
fn syntax_errors_are_reported_at_load() {
    let def = json!({"version": "1.0", "name": "x", "template": "{% for %}"});
    assert!(matches!(
        WidgetTemplate::from_definition(&def),
        Err(WidgetError::TemplateSyntax(_))
    ));
}

#[test]
fn built_tree_uses_dynamic_key_order_and_drops_nulls() {
    let t = template(
        r#"{"size":"md","type":"Card","children":[{"value":{{ v | tojson }},"color":null,"type":"Text","id":"t","key":"k"}],"status":null}"#,
    );
    assert_eq!(
        t.build(&json!({"v": "x"})).unwrap().to_json(),
        r#"{"type":"Card","children":[{"key":"k","id":"t","type":"Text","value":"x"}],"size":"md"}"#
    );
}

#[test]
fn missing_file_is_an_io_error() {
    assert!(matches!(
        WidgetTemplate::from_file("/nonexistent/x.widget"),
        Err(WidgetError::Io { .. })
    ));
}

#[test]
fn dict_iteration_keeps_insertion_order_like_python() {
    let t = template("{% for k, v in d|items %}{{ k }}={{ v }};{% endfor %}");
    let data: Value = serde_json::from_str(r#"{"d": {"z": 1, "a": 2}}"#).unwrap();
    assert_eq!(t.render(&data).unwrap(), "z=1;a=2;");
}
