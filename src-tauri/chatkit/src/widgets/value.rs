//! Widgets as plain JSON: null stripping, root validation and the SDK's key order for dynamic nodes.
//!
//! On the wire a widget is just a JSON tree (docs/PROTOCOL.md §5.1), and the reference SDK accepts any
//! component type through its permissive `DynamicWidgetComponent`. So the crate keeps widgets as
//! `serde_json::Value` and only enforces what the SDK enforces: a `Card`/`ListView`/`Basic` root,
//! nodes with a string `type`, string `key`/`id`, and no `null`s in what goes out.
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use super::error::WidgetError;

/// Component types accepted as the root of a widget item or `widget.root.updated`.
pub const ROOT_TYPES: [&str; 3] = ["Card", "ListView", "Basic"];

/// Remove every `null` recursively: null object fields and null list elements (the SDK's
/// `_drop_none` plus `exclude_none`). Key order is kept.
pub fn strip_nulls(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.retain(|_, v| !v.is_null());
            map.values_mut().for_each(strip_nulls);
        }
        Value::Array(items) => {
            items.retain(|v| !v.is_null());
            items.iter_mut().for_each(strip_nulls);
        }
        _ => {}
    }
}

/// [`strip_nulls`] by value.
pub fn without_nulls(mut value: Value) -> Value {
    strip_nulls(&mut value);
    value
}

/// Check that `value` is an acceptable widget root: an object whose `type` is in [`ROOT_TYPES`],
/// every node well-formed (see [`validate_component`]), and a `ListView`'s children all
/// `ListViewItem`s.
pub fn validate_root(value: &Value) -> Result<(), WidgetError> {
    let kind = node_type(value, "")?;
    if !ROOT_TYPES.contains(&kind) {
        return Err(WidgetError::UnsupportedRoot(kind.to_owned()));
    }
    if kind == "ListView" {
        let children = value.get("children").and_then(Value::as_array);
        for (i, child) in children.into_iter().flatten().enumerate() {
            let path = format!("/children/{i}");
            if node_type(child, &path)? != "ListViewItem" {
                return Err(invalid(
                    &path,
                    "ListView children must be ListViewItem components",
                ));
            }
        }
    }
    validate_component(value)
}

/// Check one component tree: every node an object with a string `type`, `key`/`id` strings when
/// present, `children` a node, a list of nodes, or null.
pub fn validate_component(value: &Value) -> Result<(), WidgetError> {
    validate_at(value, &mut String::new())
}

fn validate_at(value: &Value, path: &mut String) -> Result<(), WidgetError> {
    node_type(value, path)?;
    for field in ["key", "id"] {
        match value.get(field) {
            None | Some(Value::Null) | Some(Value::String(_)) => {}
            Some(_) => return Err(invalid(path, &format!("`{field}` must be a string"))),
        }
    }
    let len = path.len();
    match value.get("children") {
        None | Some(Value::Null) => {}
        Some(child @ Value::Object(_)) => {
            path.push_str("/children");
            validate_at(child, path)?;
        }
        Some(Value::Array(children)) => {
            for (i, child) in children.iter().enumerate() {
                path.truncate(len);
                path.push_str(&format!("/children/{i}"));
                validate_at(child, path)?;
            }
        }
        Some(_) => {
            return Err(invalid(
                path,
                "`children` must be a component or a list of components",
            ))
        }
    }
    path.truncate(len);
    Ok(())
}

fn node_type<'a>(value: &'a Value, path: &str) -> Result<&'a str, WidgetError> {
    let Some(map) = value.as_object() else {
        return Err(invalid(path, "a component must be a JSON object"));
    };
    match map.get("type") {
        Some(Value::String(t)) => Ok(t),
        Some(_) => Err(invalid(path, "`type` must be a string")),
        None => Err(invalid(path, "missing `type`")),
    }
}

fn invalid(path: &str, reason: &str) -> WidgetError {
    let path = if path.is_empty() { "/" } else { path };
    WidgetError::InvalidNode {
        path: path.to_owned(),
        reason: reason.to_owned(),
    }
}

/// Reorder a tree the way the SDK serializes a *dynamic* root (what `WidgetTemplate.build` returns):
/// in every node `key`, `id`, `type`, `children` come first, then the other props in their
/// original order; nested nodes (through `children`) get the same treatment. Nulls are stripped.
pub fn normalize_dynamic(value: Value) -> Value {
    let mut value = reorder_node(value);
    strip_nulls(&mut value);
    value
}

fn reorder_node(value: Value) -> Value {
    let Value::Object(mut map) = value else {
        return value;
    };
    let mut out = Map::with_capacity(map.len());
    for field in ["key", "id", "type", "children"] {
        if let Some(v) = map.shift_remove(field) {
            let v = match (field, v) {
                ("children", Value::Array(items)) => {
                    Value::Array(items.into_iter().map(reorder_node).collect())
                }
                ("children", node @ Value::Object(_)) => reorder_node(node),
                (_, v) => v,
            };
            out.insert(field.to_owned(), v);
        }
    }
    out.extend(map);
    Value::Object(out)
}

/// A validated widget root with nulls stripped: what a widget item or `widget.root.updated`
/// carries. Serializes transparently as the tree; deserializing validates.
#[derive(Debug, Clone, PartialEq)]
pub struct WidgetRoot(Value);

impl WidgetRoot {
    /// Validate `value` (see [`validate_root`]) and strip its nulls.
    pub fn new(value: impl Into<Value>) -> Result<Self, WidgetError> {
        let value = without_nulls(value.into());
        validate_root(&value)?;
        Ok(WidgetRoot(value))
    }

    /// The root's component type: `Card`, `ListView` or `Basic`.
    pub fn root_type(&self) -> &str {
        self.0
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or_default()
    }

    pub fn as_value(&self) -> &Value {
        &self.0
    }

    pub fn into_value(self) -> Value {
        self.0
    }

    /// Compact JSON in the tree's own key order.
    pub fn to_json(&self) -> String {
        self.0.to_string()
    }
}

impl TryFrom<Value> for WidgetRoot {
    type Error = WidgetError;
    fn try_from(value: Value) -> Result<Self, WidgetError> {
        WidgetRoot::new(value)
    }
}

impl From<WidgetRoot> for Value {
    fn from(root: WidgetRoot) -> Value {
        root.0
    }
}

impl Serialize for WidgetRoot {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for WidgetRoot {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        WidgetRoot::new(value).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
#[path = "value_tests.rs"]
mod tests;
