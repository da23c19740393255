//! `Component::custom`: any component the typed builders do not model.
//!
//! The SDK accepts unknown component types through `DynamicWidgetComponent` (e.g. the JS-only
//! `Table`, `Table.Row`, `Table.Cell`) and writes them as `key, id, type, children`, then the
//! other props in the order given. This builder produces exactly that.
use super::{Node, DYNAMIC_ORDER};

component! {
    /// A pass-through component of any `type`.
    Component
}
children!(Component);

impl Component {
    /// A node of this component type; set props with [`Component::prop`].
    pub fn custom(kind: impl Into<String>) -> Self {
        Component(Node::new(kind.into(), DYNAMIC_ORDER))
    }
}
