//! The widget diff of the reference SDK (docs/PROTOCOL.md §6.2).
//!
//! `stream_widget` turns every new state of a streamed widget into `thread.item.updated` events by
//! diffing it against the previous state. The client only understands two updates (a text append to
//! a node with an `id`, or a whole new root), and which one the reference SDK picks — including its
//! quirks (appends to id-less text are silent, a `streaming` flip replaces the root, a
//! `Transition`'s single child is never walked) — is observable on the wire, so this module
//! reproduces that algorithm rule for rule on `serde_json::Value` trees.
use serde_json::{Map, Value};
use std::collections::HashMap;

pub use super::error::WidgetError;

/// One update produced by [`diff_widget`]; the server maps it to a `thread.item.updated` payload.
#[derive(Debug, Clone, PartialEq)]
pub enum WidgetDiff {
    /// `widget.streaming_text.value_delta`
    StreamingTextValueDelta {
        component_id: String,
        delta: String,
        done: bool,
    },
    /// `widget.root.updated`
    RootUpdated { widget: Value },
}

impl WidgetDiff {
    /// The wire form of this update (the `update` object of `thread.item.updated`), in SDK key order.
    pub fn to_update_json(&self) -> Value {
        let mut m = Map::new();
        match self {
            WidgetDiff::StreamingTextValueDelta {
                component_id,
                delta,
                done,
            } => {
                m.insert("type".into(), "widget.streaming_text.value_delta".into());
                m.insert("component_id".into(), component_id.clone().into());
                m.insert("delta".into(), delta.clone().into());
                m.insert("done".into(), (*done).into());
            }
            WidgetDiff::RootUpdated { widget } => {
                m.insert("type".into(), "widget.root.updated".into());
                m.insert("widget".into(), widget.clone());
            }
        }
        Value::Object(m)
    }
}

/// Diff two successive states of one widget tree.
///
/// Returns exactly one [`WidgetDiff::RootUpdated`] when [`needs_replace`] says so, otherwise the
/// (possibly empty) list of text deltas from [`text_deltas`].
pub fn diff_widget(before: &Value, after: &Value) -> Result<Vec<WidgetDiff>, WidgetError> {
    if needs_replace(before, after) {
        return Ok(vec![WidgetDiff::RootUpdated {
            widget: after.clone(),
        }]);
    }
    text_deltas(before, after)
}

/// A node whose `type` is `Text` or `Markdown` and whose `value` is a string.
pub fn is_streaming_text(node: &Value) -> bool {
    matches!(
        node.get("type").and_then(Value::as_str),
        Some("Text" | "Markdown")
    ) && node.get("value").is_some_and(Value::is_string)
}

/// Step 1 of the algorithm: does going from `before` to `after` need a `widget.root.updated`?
///
/// Both arguments are widget nodes. `type`, `id` and `key` must agree (absent ≡ null); every other
/// prop present in either node must be unchanged, except that a streaming-text node's `value` may
/// grow by appending. Lists must keep their length and are compared element by element; values
/// reached through `children` are nodes and are compared recursively with this same rule.
pub fn needs_replace(before: &Value, after: &Value) -> bool {
    let (Some(b), Some(a)) = (before.as_object(), after.as_object()) else {
        return before != after;
    };
    for ident in ["type", "id", "key"] {
        if prop(b, ident) != prop(a, ident) {
            return true;
        }
    }
    let both_text = is_streaming_text(before) && is_streaming_text(after);
    let fields = b.keys().chain(a.keys().filter(|k| !b.contains_key(*k)));
    for field in fields {
        if matches!(field.as_str(), "type" | "id" | "key") {
            continue;
        }
        let (bv, av) = (prop(b, field), prop(a, field));
        if both_text && field == "value" {
            let (bs, as_) = (bv.as_str().unwrap_or(""), av.as_str().unwrap_or(""));
            if as_.starts_with(bs) {
                continue; // an append never forces a replacement
            }
        }
        if value_needs_replace(bv, av, field == "children") {
            return true;
        }
    }
    false
}

/// Compare one prop value. `nodes` is true when the value sits in a `children` prop, i.e. when the
/// objects in it are widget components (the only place the SDK holds component models).
fn value_needs_replace(before: &Value, after: &Value, nodes: bool) -> bool {
    match (before, after) {
        (Value::Array(b), Value::Array(a)) => {
            b.len() != a.len()
                || b.iter()
                    .zip(a)
                    .any(|(bv, av)| value_needs_replace(bv, av, nodes))
        }
        _ if json_eq(before, after) => false,
        (Value::Object(_), Value::Object(_)) if nodes => needs_replace(before, after),
        _ => true,
    }
}

/// Step 2 of the algorithm: the text deltas between two states that did not need a replacement.
///
/// Collects every streaming-text node with a non-empty `id` (pre-order walk through `children`
/// lists only) in both trees; for every such node of `after`, in walk order, emits the appended
/// suffix. `done` is the negation of the node's `streaming` flag (absent ⇒ `done: true`).
///
/// Errors: a node id absent from `before` ([`WidgetError::NodeNotPersisted`]) or a value that is
/// not an extension of the old one ([`WidgetError::NonCumulative`]). [`diff_widget`] only reaches
/// this step when the trees have the same shape, so these are defensive in practice.
pub fn text_deltas(before: &Value, after: &Value) -> Result<Vec<WidgetDiff>, WidgetError> {
    let before_nodes = TextNodes::collect(before);
    let after_nodes = TextNodes::collect(after);
    let mut deltas = Vec::new();
    for (id, after_node) in after_nodes.iter() {
        let before_node = before_nodes
            .get(id)
            .ok_or_else(|| WidgetError::NodeNotPersisted(id.to_owned()))?;
        let old = before_node
            .get("value")
            .and_then(Value::as_str)
            .unwrap_or("");
        let new = after_node
            .get("value")
            .and_then(Value::as_str)
            .unwrap_or("");
        if old != new {
            let Some(delta) = new.strip_prefix(old) else {
                return Err(WidgetError::NonCumulative(id.to_owned()));
            };
            let streaming = after_node.get("streaming").is_some_and(truthy);
            deltas.push(WidgetDiff::StreamingTextValueDelta {
                component_id: id.to_owned(),
                delta: delta.to_owned(),
                done: !streaming,
            });
        }
    }
    Ok(deltas)
}

/// The streaming-text nodes of one tree by id, in order of first appearance; a repeated id keeps
/// its first position but points at its last node (the SDK collects them into a Python dict).
struct TextNodes<'a> {
    order: Vec<(&'a str, &'a Value)>,
    index: HashMap<&'a str, usize>,
}

impl<'a> TextNodes<'a> {
    fn collect(root: &'a Value) -> Self {
        let mut nodes = TextNodes {
            order: Vec::new(),
            index: HashMap::new(),
        };
        nodes.walk(root);
        nodes
    }

    fn walk(&mut self, node: &'a Value) {
        let Some(map) = node.as_object() else { return };
        // One pass over the (small) node instead of four hashed lookups: this walk visits every
        // node of both trees on every state, so it dominates the cost of an append.
        let (mut kind, mut id, mut value, mut children) = (None, None, None, None);
        for (k, v) in map {
            match k.as_str() {
                "type" => kind = v.as_str(),
                "id" => id = v.as_str(),
                "value" => value = Some(v),
                "children" => children = v.as_array(),
                _ => {}
            }
        }
        let streaming_text =
            matches!(kind, Some("Text" | "Markdown")) && value.is_some_and(Value::is_string);
        if let Some(id) = id.filter(|id| streaming_text && !id.is_empty()) {
            match self.index.get(id) {
                Some(&i) => self.order[i].1 = node,
                None => {
                    self.index.insert(id, self.order.len());
                    self.order.push((id, node));
                }
            }
        }
        // Only a *list* of children is walked: a single-node `children` (Transition) is not.
        for child in children.into_iter().flatten() {
            self.walk(child);
        }
    }

    fn get(&self, id: &str) -> Option<&'a Value> {
        self.index.get(id).map(|&i| self.order[i].1)
    }

    fn iter(&self) -> impl Iterator<Item = (&'a str, &'a Value)> + '_ {
        self.order.iter().copied()
    }
}

/// JSON value equality (object key order irrelevant), fast when both objects list their keys in
/// the same order — the normal case for two states built by the same code. `Value`'s own `==`
/// hashes every key of an insertion-ordered map, which dominated the cost of diffing large trees.
fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            if x.len() != y.len() {
                return false;
            }
            let mut pairs = x.iter().zip(y.iter());
            for ((kx, vx), (ky, vy)) in pairs.by_ref() {
                if kx != ky {
                    // Orders differ: fall back to lookups for everything not yet compared.
                    return x
                        .iter()
                        .skip_while(|(k, _)| *k != kx)
                        .all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w)));
                }
                if !json_eq(vx, vy) {
                    return false;
                }
            }
            true
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(v, w)| json_eq(v, w))
        }
        _ => a == b,
    }
}

const NULL: Value = Value::Null;

/// A prop of a node; absent and `null` are the same thing.
fn prop<'a>(node: &'a Map<String, Value>, name: &str) -> &'a Value {
    node.get(name).unwrap_or(&NULL)
}

/// Python truthiness of a JSON value (the SDK evaluates `not node.streaming`).
fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}

#[cfg(test)]
#[path = "diff_tests.rs"]
mod tests;
