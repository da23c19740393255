//! Text components: `Text`, `Title`, `Caption`, `Markdown`, `Label`.
//!
//! `Text` and `Markdown` are the streaming targets of the widget diff: give them an `id` and
//! `streaming(true)` to have appends sent as `widget.streaming_text.value_delta`.
use serde_json::Value;

use super::Node;

const TEXT: &[&str] = &[
    "key",
    "id",
    "type",
    "value",
    "streaming",
    "italic",
    "lineThrough",
    "color",
    "weight",
    "width",
    "size",
    "textAlign",
    "truncate",
    "minLines",
    "maxLines",
    "editable",
];
const TITLE_CAPTION: &[&str] = &[
    "key",
    "id",
    "type",
    "value",
    "color",
    "weight",
    "size",
    "textAlign",
    "truncate",
    "maxLines",
];
const MARKDOWN: &[&str] = &["key", "id", "type", "value", "streaming"];
const LABEL: &[&str] = &[
    "key",
    "id",
    "type",
    "value",
    "fieldName",
    "size",
    "weight",
    "textAlign",
    "color",
];

fn with_value(kind: &'static str, order: &'static [&'static str], value: String) -> Node {
    let mut node = Node::new(kind, order);
    node.set("value", Value::String(value));
    node
}

component! {
    /// `Text`: body text.
    Text
}
setters!(Text {
    /// Streaming-friendly transitions; the diff reports `done: !streaming`.
    streaming(bool) => "streaming";
    italic(bool) => "italic";
    line_through(bool) => "lineThrough";
    /// Text colour token (`prose`, `primary`, `secondary`, `success` …), CSS colour or theme colour.
    color(Value) => "color";
    /// `normal`, `medium`, `semibold`, `bold`.
    weight(String) => "weight";
    width(Value) => "width";
    /// `xs`, `sm`, `md`, `lg`, `xl`.
    size(String) => "size";
    /// `start`, `center`, `end`.
    text_align(String) => "textAlign";
    truncate(bool) => "truncate";
    min_lines(i64) => "minLines";
    max_lines(i64) => "maxLines";
    /// `false` or an editable-props object (`{name, placeholder?, required?, …}`).
    editable(Value) => "editable";
});

impl Text {
    pub fn new(value: impl Into<String>) -> Self {
        Text(with_value("Text", TEXT, value.into()))
    }
}

component! {
    /// `Title`: a headline.
    Title
}
setters!(Title {
    color(Value) => "color";
    weight(String) => "weight";
    /// `sm`, `md`, `lg`, `xl`, `2xl` … `5xl`.
    size(String) => "size";
    text_align(String) => "textAlign";
    truncate(bool) => "truncate";
    max_lines(i64) => "maxLines";
});

impl Title {
    pub fn new(value: impl Into<String>) -> Self {
        Title(with_value("Title", TITLE_CAPTION, value.into()))
    }
}

component! {
    /// `Caption`: small supporting text.
    Caption
}
setters!(Caption {
    color(Value) => "color";
    weight(String) => "weight";
    /// `sm`, `md`, `lg`.
    size(String) => "size";
    text_align(String) => "textAlign";
    truncate(bool) => "truncate";
    max_lines(i64) => "maxLines";
});

impl Caption {
    pub fn new(value: impl Into<String>) -> Self {
        Caption(with_value("Caption", TITLE_CAPTION, value.into()))
    }
}

component! {
    /// `Markdown`: rendered Markdown, optionally streamed.
    Markdown
}
setters!(Markdown {
    streaming(bool) => "streaming";
});

impl Markdown {
    pub fn new(value: impl Into<String>) -> Self {
        Markdown(with_value("Markdown", MARKDOWN, value.into()))
    }
}

component! {
    /// `Label`: a form-field label bound to `fieldName`.
    Label
}
setters!(Label {
    size(String) => "size";
    weight(String) => "weight";
    text_align(String) => "textAlign";
    color(Value) => "color";
});

impl Label {
    pub fn new(value: impl Into<String>, field_name: impl Into<String>) -> Self {
        let mut node = with_value("Label", LABEL, value.into());
        node.set("fieldName", Value::String(field_name.into()));
        Label(node)
    }
}
