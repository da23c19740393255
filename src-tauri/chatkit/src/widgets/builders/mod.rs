//! Typed builders that produce widget trees byte-identical to the reference SDK's serialization.
//!
//! Widgets travel as `serde_json::Value`, but application code (the shop's tools) wants to write
//! `Card::new().child(Title::new("Lamp").size("md"))` rather than hand-assemble JSON, and golden
//! byte tests need the exact key order the Python models produce (`key`, `id`, `type`, then props in
//! declaration order; the flex containers `Box`/`Row`/`Col`/`Form` put their layout props first).
//! Each builder therefore records props in any call order and writes them out in the model's order.
//! One file per widget family; [`Node`] is the shared core.
use serde_json::{Map, Value};
use std::borrow::Cow;

#[macro_use]
mod macros;

mod action;
mod chart;
mod controls;
mod custom;
mod layout;
mod media;
mod roots;
mod text;
mod values;

pub use action::{ActionConfig, CardAction, Handler, LoadingBehavior};
pub use chart::{Chart, Series, XAxis};
pub use controls::{Button, Checkbox, DatePicker, Input, RadioGroup, Select, Textarea};
pub use custom::Component;
pub use layout::{BoxLayout, Col, Divider, Form, ListViewItem, Row, Spacer, Transition};
pub use media::{Badge, Icon, Image};
pub use roots::{Basic, Card, ListView};
pub use text::{Caption, Label, Markdown, Text, Title};
pub use values::{RadioOption, SelectOption, ThemeColor, WidgetStatus};

/// Field order of a dynamic node (`DynamicWidgetComponent`): identity, type, children, then the
/// other props in the order they were set.
pub(crate) const DYNAMIC_ORDER: &[&str] = &["key", "id", "type", "children"];

/// The layout props shared by `Box`, `Row`, `Col` and `Form` (the SDK's `BoxBase`), in model order.
macro_rules! box_base {
    ($($tail:literal),*) => {
        &["children", "align", "justify", "wrap", "flex", "gap", "height", "width", "size",
          "minHeight", "minWidth", "minSize", "maxHeight", "maxWidth", "maxSize", "padding",
          "margin", "border", "radius", "background", "aspectRatio", "key", "id", "type", $($tail),*]
    };
}
pub(crate) use box_base;

/// One component under construction: its type name, the model's field order and the props set so
/// far (any order). `type` is always written; `null` props are dropped.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    kind: Cow<'static, str>,
    order: &'static [&'static str],
    props: Map<String, Value>,
}

impl Node {
    pub(crate) fn new(kind: impl Into<Cow<'static, str>>, order: &'static [&'static str]) -> Self {
        Node {
            kind: kind.into(),
            order,
            props: Map::new(),
        }
    }

    /// Set (or, with `null`, unset) a prop.
    pub(crate) fn set(&mut self, name: &str, value: Value) {
        if name == "type" {
            if let Value::String(s) = value {
                self.kind = Cow::Owned(s);
            }
            return;
        }
        if value.is_null() {
            self.props.shift_remove(name);
        } else {
            self.props.insert(name.to_owned(), value);
        }
    }

    /// Append to the `children` list (turning a single-node `children` into a list).
    pub(crate) fn push_child(&mut self, child: Value) {
        self.props_mut("children").push(child);
    }

    /// The list prop `name`, created empty if absent (a non-list value becomes its first element).
    pub(crate) fn props_mut(&mut self, name: &str) -> &mut Vec<Value> {
        let slot = self
            .props
            .entry(name)
            .or_insert_with(|| Value::Array(Vec::new()));
        if !slot.is_array() {
            let single = std::mem::take(slot);
            *slot = Value::Array(vec![single]);
        }
        match slot {
            Value::Array(items) => items,
            _ => unreachable!("slot was just made an array"),
        }
    }

    /// Serialize: the model's fields in order, then unknown props in the order they were set.
    pub(crate) fn into_value(mut self) -> Value {
        let mut out = Map::with_capacity(self.props.len() + 1);
        for &field in self.order {
            if field == "type" {
                out.insert("type".to_owned(), Value::String(self.kind.to_string()));
            } else if let Some(v) = self.props.shift_remove(field) {
                out.insert(field.to_owned(), v);
            }
        }
        out.extend(self.props);
        super::value::without_nulls(Value::Object(out))
    }
}
