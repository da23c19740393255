//! The widget diff of the reference SDK (docs/PROTOCOL.md §6.2).
//!
//! `stream_widget` turns every new state of a streamed widget into `thread.item.updated` events by
//! diffing it against the previous state. The client only understands two updates (a text append to
//! a node with an `id`, or a whole new root), and which one the reference SDK picks — including its
//! quirks (appends to id-less text are silent, a `streaming` flip replaces the root, a
//! `Transition`'s single child is never walked) — is observable on the wire, so this module
//! reproduces that algorithm rule for rule on `serde_json::Value` trees.
//!
//! It is on the hot path of every streamed widget (a growing list diffs once per state), so it
//! copies nothing: a [`WidgetDiff`] borrows from the new state (a root replacement *is* the new
//! state, a delta is a suffix of its text), the update JSON is written straight from that borrow
//! ([`WidgetDiff`] implements `Serialize`), and [`diff_widget`] decides replace-or-deltas in one
//! walk over both trees that allocates nothing but the returned list. That walk is bound by
//! memory, not by comparing: a text append must still read every entry of both trees, so the
//! comparisons are made as cheap as the reads — keys and short strings compared inline (no
//! `memcmp` call), props told apart by key length, scalars compared without a call — and the walk
//! costs ~1.1–1.2× merely reading both trees (`walk-floor` in benches/widget_diff.rs).
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value};
use std::collections::HashMap;

pub use super::error::WidgetError;
use crate::types::tagged::serialize_widget;

/// One update produced by [`diff_widget`], borrowed from the new state; the server maps it to a
/// `thread.item.updated` payload. Serializes as that payload's `update` object (SDK key order,
/// `null` props dropped as on the wire).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum WidgetDiff<'a> {
    /// `widget.streaming_text.value_delta`
    StreamingTextValueDelta {
        component_id: &'a str,
        delta: &'a str,
        done: bool,
    },
    /// `widget.root.updated`: the new state itself.
    RootUpdated { widget: &'a Value },
}

impl WidgetDiff<'_> {
    /// The wire form of this update (the `update` object of `thread.item.updated`) as a tree.
    /// To write the bytes, serialize the diff itself (`serde_json::to_writer(out, &diff)`):
    /// that does not build the tree first.
    pub fn to_update_json(&self) -> Value {
        // Serializing a borrowed tree into a `Value` cannot fail (string keys only).
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

impl Serialize for WidgetDiff<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match *self {
            WidgetDiff::StreamingTextValueDelta {
                component_id,
                delta,
                done,
            } => {
                let mut m = s.serialize_map(Some(4))?;
                m.serialize_entry("type", "widget.streaming_text.value_delta")?;
                m.serialize_entry("component_id", component_id)?;
                m.serialize_entry("delta", delta)?;
                m.serialize_entry("done", &done)?;
                m.end()
            }
            WidgetDiff::RootUpdated { widget } => {
                struct Widget<'w>(&'w Value);
                impl Serialize for Widget<'_> {
                    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                        serialize_widget(self.0, s)
                    }
                }
                let mut m = s.serialize_map(Some(2))?;
                m.serialize_entry("type", "widget.root.updated")?;
                m.serialize_entry("widget", &Widget(widget))?;
                m.end()
            }
        }
    }
}

/// Diff two successive states of one widget tree.
///
/// Returns exactly one [`WidgetDiff::RootUpdated`] when [`needs_replace`] says so, otherwise the
/// (possibly empty) list of text deltas [`text_deltas`] would return — both found in a single
/// walk over the two trees ([`Walk`]), without copying or allocating anything but the result.
pub fn diff_widget<'a>(
    before: &Value,
    after: &'a Value,
) -> Result<Vec<WidgetDiff<'a>>, WidgetError> {
    let (Some(b), Some(a)) = (before.as_object(), after.as_object()) else {
        return Ok(if before != after {
            vec![WidgetDiff::RootUpdated { widget: after }]
        } else {
            Vec::new()
        });
    };
    let mut walk = Walk {
        collect: true,
        deltas: Vec::new(),
    };
    if walk.node_needs_replace(b, a) {
        return Ok(vec![WidgetDiff::RootUpdated { widget: after }]);
    }
    Ok(walk.into_deltas())
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
    match (before.as_object(), after.as_object()) {
        (Some(b), Some(a)) => Walk::compare_only().node_needs_replace(b, a),
        _ => before != after,
    }
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
pub fn text_deltas<'a>(
    before: &Value,
    after: &'a Value,
) -> Result<Vec<WidgetDiff<'a>>, WidgetError> {
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
                component_id: id,
                delta,
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

/// The rules of [`needs_replace`], and for [`diff_widget`] also [`text_deltas`], in one walk over
/// both trees.
///
/// Every node pair is checked by the rules of [`needs_replace`]; while no replacement is needed
/// the walk also meets, in the pre-order of [`TextNodes`], every streaming-text node with an id,
/// and notes its delta (empty when unchanged) in `deltas`. When the walk finds no replacement the
/// two trees have the same shape along their `children` lists, so these pairs are exactly the
/// nodes `text_deltas` would match by id, and no delta can fail. Node props are compared in one
/// pass when both nodes list their keys in the same order (the normal case: both states come
/// from the same code), by lookups otherwise.
struct Walk<'a> {
    /// Whether to note deltas at all ([`needs_replace`] only wants the verdict).
    collect: bool,
    /// Every id'd streaming-text pair met so far, in walk order, with its (possibly empty) delta.
    deltas: Vec<WidgetDiff<'a>>,
}

/// What [`Walk::node_needs_replace`] learns about one node pair besides "equal so far".
#[derive(Default)]
struct NodePair<'b, 'a> {
    kind: Option<&'a str>,
    id: Option<&'a str>,
    value: Option<(&'b Value, &'a Value)>,
    children: Option<(&'b Value, &'a Value)>,
    /// The new node's `streaming` prop, picked up in the same pass (absent ≡ null).
    streaming: Option<&'a Value>,
}

impl<'b, 'a> NodePair<'b, 'a> {
    /// One prop of the pair: `type`, `id` and `key` must agree, `value` and `children` are kept
    /// for after the other props (they depend on the node's type, and children come last in a
    /// pre-order walk), every other prop must be JSON-equal (`streaming` is also noted). True
    /// when that already forces a replacement.
    #[inline(always)]
    fn prop_needs_replace(&mut self, prop: Prop, bv: &'b Value, av: &'a Value) -> bool {
        match prop {
            Prop::Type | Prop::Id | Prop::Key => {
                if !json_eq(bv, av) {
                    return true;
                }
                match prop {
                    Prop::Type => self.kind = av.as_str(),
                    Prop::Id => self.id = av.as_str(),
                    _ => {}
                }
                false
            }
            Prop::Value => {
                self.value = Some((bv, av));
                false
            }
            Prop::Children => {
                self.children = Some((bv, av));
                false
            }
            Prop::Streaming => {
                self.streaming = Some(av);
                !json_eq(bv, av)
            }
            Prop::Other => !json_eq(bv, av),
        }
    }
}

/// The props the walk treats specially; every other key is [`Prop::Other`].
#[derive(Clone, Copy)]
enum Prop {
    Type,
    Id,
    Key,
    Value,
    Children,
    Streaming,
    Other,
}

impl Prop {
    /// Which prop `key` names. The key's length picks the one candidate, so an ordinary prop
    /// costs one length test and at most one fixed-size comparison, not a string match per name.
    #[inline(always)]
    fn of(key: &str) -> Prop {
        match key.len() {
            2 if key == "id" => Prop::Id,
            3 if key == "key" => Prop::Key,
            4 if key == "type" => Prop::Type,
            5 if key == "value" => Prop::Value,
            8 if key == "children" => Prop::Children,
            9 if key == "streaming" => Prop::Streaming,
            _ => Prop::Other,
        }
    }
}

impl<'a> Walk<'a> {
    /// A walk that only decides replace-or-not and notes no deltas.
    fn compare_only() -> Self {
        Walk {
            collect: false,
            deltas: Vec::new(),
        }
    }

    /// Does going from node `b` to node `a` need a root replacement? (the rules of
    /// [`needs_replace`]); notes the deltas of the subtree while it does not.
    fn node_needs_replace<'b>(
        &mut self,
        b: &'b Map<String, Value>,
        a: &'a Map<String, Value>,
    ) -> bool {
        let mut pair = NodePair::default();
        // One pass comparing keys and values together while both nodes list the same keys in the
        // same order; the first key that differs drops to lookups.
        let mut same_keys = b.len() == a.len();
        if same_keys {
            for ((kb, vb), (ka, va)) in b.iter().zip(a) {
                if !str_eq(kb, ka) {
                    same_keys = false;
                    break;
                }
                if pair.prop_needs_replace(Prop::of(kb), vb, va) {
                    return true;
                }
            }
        }
        if !same_keys {
            // Keys differ in number or order: every field of either node, absent ≡ null.
            pair = NodePair::default();
            let fields = b.keys().chain(a.keys().filter(|k| !b.contains_key(*k)));
            for field in fields {
                if pair.prop_needs_replace(Prop::of(field), prop(b, field), prop(a, field)) {
                    return true;
                }
            }
        }
        let kind_is_text = matches!(pair.kind, Some("Text" | "Markdown"));
        let (bv, av) = pair.value.unwrap_or((&NULL, &NULL));
        match (bv, av) {
            (Value::String(old), Value::String(new)) if kind_is_text => {
                let Some(delta) = new.strip_prefix(old.as_str()) else {
                    return true; // an edit that is not an append
                };
                if let Some(id) = pair.id.filter(|id| self.collect && !id.is_empty()) {
                    let streaming = pair.streaming.is_some_and(truthy);
                    self.deltas.push(WidgetDiff::StreamingTextValueDelta {
                        component_id: id,
                        delta,
                        done: !streaming,
                    });
                }
            }
            _ if !json_eq(bv, av) => return true,
            _ => {}
        }
        let (bc, ac) = pair.children.unwrap_or((&NULL, &NULL));
        match (bc, ac) {
            (Value::Array(bs), Value::Array(as_)) => {
                bs.len() != as_.len()
                    || bs.iter().zip(as_).any(|(bv, av)| match (bv, av) {
                        (Value::Object(b), Value::Object(a)) => self.node_needs_replace(b, a),
                        _ => value_needs_replace(bv, av, true),
                    })
            }
            // A single node (Transition) is compared but not walked for text, as `TextNodes`.
            _ => value_needs_replace(bc, ac, true),
        }
    }

    /// The deltas `text_deltas` returns: empty ones dropped, and a repeated id reported once, at
    /// its first position, with the delta of its last node (see [`TextNodes`]).
    fn into_deltas(self) -> Vec<WidgetDiff<'a>> {
        let mut deltas = self.deltas;
        let id = |d: &WidgetDiff<'a>| match *d {
            WidgetDiff::StreamingTextValueDelta { component_id, .. } => component_id,
            WidgetDiff::RootUpdated { .. } => "",
        };
        let repeated = if deltas.len() <= 16 {
            (1..deltas.len()).any(|i| deltas[..i].iter().any(|d| id(d) == id(&deltas[i])))
        } else {
            let mut seen = std::collections::HashSet::with_capacity(deltas.len());
            !deltas.iter().all(|d| seen.insert(id(d)))
        };
        if repeated {
            let mut first: HashMap<&'a str, usize> = HashMap::new();
            let mut unique: Vec<WidgetDiff<'a>> = Vec::new();
            for d in deltas {
                match first.get(id(&d)) {
                    Some(&i) => unique[i] = d,
                    None => {
                        first.insert(id(&d), unique.len());
                        unique.push(d);
                    }
                }
            }
            deltas = unique;
        }
        deltas.retain(|d| !matches!(d, WidgetDiff::StreamingTextValueDelta { delta: "", .. }));
        deltas
    }
}

/// JSON value equality (object key order irrelevant). Scalars are compared inline — strings by
/// [`str_eq`] — and containers by [`containers_eq`], so the common case (a short string or a
/// number) costs no call: this part is always inlined, the recursion goes through
/// [`containers_eq`].
#[inline(always)]
fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String(x), Value::String(y)) => str_eq(x, y),
        (Value::Number(x), Value::Number(y)) => x == y,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Null, Value::Null) => true,
        (Value::Object(_), Value::Object(_)) | (Value::Array(_), Value::Array(_)) => {
            containers_eq(a, b)
        }
        _ => false,
    }
}

/// [`json_eq`] of two objects or two arrays, fast when both objects list their keys in the same
/// order — the normal case for two states built by the same code. `Value`'s own `==` hashes every
/// key of an insertion-ordered map, which dominated the cost of diffing large trees.
#[inline(never)]
fn containers_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            if x.len() != y.len() {
                return false;
            }
            for ((kx, vx), (ky, vy)) in x.iter().zip(y) {
                if !str_eq(kx, ky) {
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

/// String equality with short strings compared inline: the lengths first, then up to 16 bytes as
/// two (overlapping) machine words, so the keys and short values that make up most of a tree
/// cost no `memcmp` call. Longer strings go to the slice comparison.
#[inline]
fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let n = a.len();
    if n != b.len() {
        return false;
    }
    let word = |s: &[u8], at: usize| u64::from_ne_bytes(s[at..at + 8].try_into().unwrap_or([0; 8]));
    let half = |s: &[u8], at: usize| u32::from_ne_bytes(s[at..at + 4].try_into().unwrap_or([0; 4]));
    match n {
        0 => true,
        1..=3 => a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1],
        4..=7 => half(a, 0) == half(b, 0) && half(a, n - 4) == half(b, n - 4),
        8..=16 => word(a, 0) == word(b, 0) && word(a, n - 8) == word(b, n - 8),
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

#[cfg(test)]
#[path = "diff_model_tests.rs"]
mod model_tests;
