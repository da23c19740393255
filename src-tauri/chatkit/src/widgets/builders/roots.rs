//! The three root components a widget item can carry: `Card`, `ListView`, `Basic`.
//!
//! Roots are where validation happens: `.build()` checks the whole tree the way the server will
//! (root type, `ListView` children are `ListViewItem`s, well-formed nodes) and returns a
//! [`WidgetRoot`]; `.into_value()` skips the check for callers that assemble trees incrementally.
use serde_json::Value;

use super::super::error::WidgetError;
use super::super::value::WidgetRoot;
use super::{ActionConfig, CardAction, ListViewItem, Node, WidgetStatus, DYNAMIC_ORDER};

const CARD: &[&str] = &[
    "key",
    "id",
    "type",
    "asForm",
    "children",
    "background",
    "size",
    "padding",
    "status",
    "collapsed",
    "confirm",
    "cancel",
    "theme",
];
const LIST_VIEW: &[&str] = &["key", "id", "type", "children", "limit", "status", "theme"];

macro_rules! root_build {
    ($name:ident) => {
        impl $name {
            /// Validate the tree as a widget root (see [`crate::widgets::validate_root`]).
            pub fn build(self) -> Result<WidgetRoot, WidgetError> {
                WidgetRoot::new(self.into_value())
            }
        }
    };
}

component! {
    /// `Card`: the general-purpose root container.
    Card
}
children!(Card);
root_build!(Card);

impl Card {
    pub fn new() -> Self {
        let mut node = Node::new("Card", CARD);
        node.set("children", Value::Array(Vec::new()));
        Card(node)
    }
    /// Card with a `confirm` button whose action receives the card's form values (`asForm` + confirm).
    pub fn confirm(self, label: impl Into<String>, action: ActionConfig) -> Self {
        self.set("confirm", CardAction::new(label, action))
    }
    pub fn cancel(self, label: impl Into<String>, action: ActionConfig) -> Self {
        self.set("cancel", CardAction::new(label, action))
    }
}

impl Default for Card {
    fn default() -> Self {
        Self::new()
    }
}

setters!(Card {
    /// Treat the card as a form: confirm/cancel receive the form values.
    as_form(bool) => "asForm";
    /// Background colour token, CSS colour or [`ThemeColor`](super::ThemeColor).
    background(Value) => "background";
    /// `sm`, `md`, `lg` or `full`.
    size(String) => "size";
    /// Number, CSS string or spacing object.
    padding(Value) => "padding";
    status(WidgetStatus) => "status";
    collapsed(bool) => "collapsed";
    /// `light` or `dark`.
    theme(String) => "theme";
});

component! {
    /// `ListView`: a root list of [`ListViewItem`]s with an optional "show more" limit.
    ListView
}
root_build!(ListView);

impl ListView {
    pub fn new() -> Self {
        let mut node = Node::new("ListView", LIST_VIEW);
        node.set("children", Value::Array(Vec::new()));
        ListView(node)
    }
    /// Append one item.
    pub fn item(self, item: ListViewItem) -> Self {
        self.push_child(item.into_value())
    }
    /// Append several items.
    pub fn items(self, items: impl IntoIterator<Item = ListViewItem>) -> Self {
        items.into_iter().fold(self, |b, i| b.item(i))
    }
}

impl Default for ListView {
    fn default() -> Self {
        Self::new()
    }
}

setters!(ListView {
    /// Items shown before "show more": a number or `"auto"`.
    limit(Value) => "limit";
    status(WidgetStatus) => "status";
    theme(String) => "theme";
});

component! {
    /// `Basic`: the minimal (dynamic) root used for entity previews. Props beyond `children` are
    /// written in the order they are set (use [`Basic::prop`] for `gap`, `padding`, `direction` …).
    Basic
}
children!(Basic);
root_build!(Basic);

impl Basic {
    pub fn new() -> Self {
        Basic(Node::new("Basic", DYNAMIC_ORDER))
    }
}

impl Default for Basic {
    fn default() -> Self {
        Self::new()
    }
}
