//! Media and decoration components: `Image`, `Icon`, `Badge`.
use serde_json::Value;

use super::Node;

const IMAGE: &[&str] = &[
    "key",
    "id",
    "type",
    "src",
    "alt",
    "fit",
    "position",
    "radius",
    "frame",
    "flush",
    "height",
    "width",
    "size",
    "minHeight",
    "minWidth",
    "minSize",
    "maxHeight",
    "maxWidth",
    "maxSize",
    "margin",
    "background",
    "aspectRatio",
    "flex",
];
const ICON: &[&str] = &["key", "id", "type", "name", "color", "size"];
const BADGE: &[&str] = &[
    "key", "id", "type", "label", "color", "variant", "size", "pill",
];

component! {
    /// `Image`: a picture by URL (or data URL).
    Image
}
setters!(Image {
    alt(String) => "alt";
    /// `cover`, `contain`, `fill`, `scale-down`, `none`.
    fit(String) => "fit";
    /// `top left`, `top`, `center`, `bottom right` …
    position(String) => "position";
    radius(String) => "radius";
    frame(bool) => "frame";
    flush(bool) => "flush";
    height(Value) => "height";
    width(Value) => "width";
    size(Value) => "size";
    min_height(Value) => "minHeight";
    min_width(Value) => "minWidth";
    min_size(Value) => "minSize";
    max_height(Value) => "maxHeight";
    max_width(Value) => "maxWidth";
    max_size(Value) => "maxSize";
    margin(Value) => "margin";
    background(Value) => "background";
    aspect_ratio(Value) => "aspectRatio";
    flex(Value) => "flex";
});

impl Image {
    pub fn new(src: impl Into<String>) -> Self {
        let mut node = Node::new("Image", IMAGE);
        node.set("src", Value::String(src.into()));
        Image(node)
    }
}

component! {
    /// `Icon`: one of ChatKit's named icons.
    Icon
}
setters!(Icon {
    color(Value) => "color";
    /// `xs`, `sm`, `md`, `lg`, `xl`, `2xl`, `3xl`.
    size(String) => "size";
});

impl Icon {
    pub fn new(name: impl Into<String>) -> Self {
        let mut node = Node::new("Icon", ICON);
        node.set("name", Value::String(name.into()));
        Icon(node)
    }
}

component! {
    /// `Badge`: a small status label.
    Badge
}
setters!(Badge {
    /// `secondary`, `success`, `danger`, `warning`, `info`, `discovery`.
    color(String) => "color";
    /// `solid`, `soft`, `outline`.
    variant(String) => "variant";
    /// `sm`, `md`, `lg`.
    size(String) => "size";
    pill(bool) => "pill";
});

impl Badge {
    pub fn new(label: impl Into<String>) -> Self {
        let mut node = Node::new("Badge", BADGE);
        node.set("label", Value::String(label.into()));
        Badge(node)
    }
}
