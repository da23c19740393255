//! Layout components: the flex containers `Box`/`Row`/`Col`/`Form`, plus `Spacer`, `Divider`,
//! `Transition` and `ListViewItem`.
//!
//! The flex containers are the one place where the SDK's key order is surprising: their shared
//! layout props come *before* `key, id, type` (Python multiple inheritance puts `BoxBase` first).
use serde_json::Value;

use super::{box_base, ActionConfig, Node};

const BOX: &[&str] = box_base!("direction");
const ROW_COL: &[&str] = box_base!();
const FORM: &[&str] = box_base!("onSubmitAction", "direction");
const SPACER: &[&str] = &["key", "id", "type", "minSize"];
const DIVIDER: &[&str] = &["key", "id", "type", "color", "size", "spacing", "flush"];
const TRANSITION: &[&str] = &["key", "id", "type", "children"];
const LIST_VIEW_ITEM: &[&str] = &[
    "key",
    "id",
    "type",
    "children",
    "onClickAction",
    "gap",
    "align",
];

/// Setters of the SDK's `BoxBase`, shared by the four flex containers.
macro_rules! box_setters {
    ($name:ident) => {
        children!($name);
        setters!($name {
            /// `start`, `center`, `end`, `baseline`, `stretch`.
            align(String) => "align";
            /// `start`, `center`, `end`, `between`, `around`, `evenly`, `stretch`.
            justify(String) => "justify";
            /// `nowrap`, `wrap`, `wrap-reverse`.
            wrap(String) => "wrap";
            flex(Value) => "flex";
            /// Gap between children: spacing units or a CSS string.
            gap(Value) => "gap";
            height(Value) => "height";
            width(Value) => "width";
            size(Value) => "size";
            min_height(Value) => "minHeight";
            min_width(Value) => "minWidth";
            min_size(Value) => "minSize";
            max_height(Value) => "maxHeight";
            max_width(Value) => "maxWidth";
            max_size(Value) => "maxSize";
            padding(Value) => "padding";
            margin(Value) => "margin";
            /// Px number, border object or per-edge borders object.
            border(Value) => "border";
            radius(String) => "radius";
            background(Value) => "background";
            aspect_ratio(Value) => "aspectRatio";
        });
    };
}

component! {
    /// The `Box` component (named `BoxLayout` to stay clear of `std::boxed::Box`).
    BoxLayout
}
box_setters!(BoxLayout);
setters!(BoxLayout {
    /// `row` or `col`.
    direction(String) => "direction";
});

impl BoxLayout {
    pub fn new() -> Self {
        BoxLayout(Node::new("Box", BOX))
    }
}

component! {
    /// `Row`: a horizontal flex container.
    Row
}
box_setters!(Row);

impl Row {
    pub fn new() -> Self {
        Row(Node::new("Row", ROW_COL))
    }
}

component! {
    /// `Col`: a vertical flex container.
    Col
}
box_setters!(Col);

impl Col {
    pub fn new() -> Self {
        Col(Node::new("Col", ROW_COL))
    }
}

component! {
    /// `Form`: a flex container whose submit button sends `onSubmitAction` with the field values.
    Form
}
box_setters!(Form);
setters!(Form {
    on_submit_action(ActionConfig) => "onSubmitAction";
    direction(String) => "direction";
});

impl Form {
    pub fn new() -> Self {
        Form(Node::new("Form", FORM))
    }
}

component! {
    /// `Spacer`: flexible empty space.
    Spacer
}
setters!(Spacer {
    min_size(Value) => "minSize";
});

impl Spacer {
    pub fn new() -> Self {
        Spacer(Node::new("Spacer", SPACER))
    }
}

component! {
    /// `Divider`: a horizontal rule.
    Divider
}
setters!(Divider {
    /// Border colour token (`default`, `subtle`, `strong`), CSS colour or theme colour.
    color(Value) => "color";
    size(Value) => "size";
    spacing(Value) => "spacing";
    flush(bool) => "flush";
});

impl Divider {
    pub fn new() -> Self {
        Divider(Node::new("Divider", DIVIDER))
    }
}

component! {
    /// `Transition`: animates layout changes of its **single** child. (Text inside it is never
    /// found by the streaming diff, so streamed appends to it only show at the end.)
    Transition
}

impl Transition {
    pub fn new(child: impl Into<Value>) -> Self {
        let mut node = Node::new("Transition", TRANSITION);
        node.set("children", child.into());
        Transition(node)
    }
}

component! {
    /// `ListViewItem`: one row of a `ListView`.
    ListViewItem
}
children!(ListViewItem);
setters!(ListViewItem {
    on_click_action(ActionConfig) => "onClickAction";
    gap(Value) => "gap";
    /// `start`, `center`, `end`, `baseline`, `stretch`.
    align(String) => "align";
});

impl ListViewItem {
    pub fn new() -> Self {
        let mut node = Node::new("ListViewItem", LIST_VIEW_ITEM);
        node.set("children", Value::Array(Vec::new()));
        ListViewItem(node)
    }
}

macro_rules! default_new {
    ($($name:ident),*) => {$(
        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }
    )*};
}
default_new!(BoxLayout, Row, Col, Form, Spacer, Divider, ListViewItem);
