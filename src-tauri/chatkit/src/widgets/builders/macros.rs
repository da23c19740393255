//! The two macros that stamp out the typed widget builders.
//!
//! Every component builder is the same thing — a [`Node`](super::Node) with a fixed type name and
//! the SDK's field order — plus a list of typed setters. Writing those ~30 structs and ~250 setters
//! by hand would bury the one fact that matters per component (its props in model order), so the
//! component files declare just that and these macros generate the rest.

/// Declare a builder struct wrapping a `Node`, with `key`/`id`/`prop`/`into_value`/`From`/`Serialize`.
macro_rules! component {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq)]
        pub struct $name(super::Node);

        impl $name {
            /// React-style identity of the node (`key`).
            pub fn key(self, key: impl Into<String>) -> Self {
                self.set("key", key.into())
            }
            /// Node id (`id`): needed on `Text`/`Markdown` nodes whose value is streamed.
            pub fn id(self, id: impl Into<String>) -> Self {
                self.set("id", id.into())
            }
            /// Set any prop by its wire name (escape hatch for props this builder does not know;
            /// unknown props are written after the known ones). `null` removes the prop.
            pub fn prop(self, name: &str, value: impl Into<serde_json::Value>) -> Self {
                self.set(name, value)
            }
            /// The serialized tree, in the reference SDK's key order, nulls removed.
            pub fn into_value(self) -> serde_json::Value {
                self.0.into_value()
            }
            fn set(mut self, name: &str, value: impl Into<serde_json::Value>) -> Self {
                self.0.set(name, value.into());
                self
            }
            #[allow(dead_code)]
            fn push_child(mut self, child: serde_json::Value) -> Self {
                self.0.push_child(child);
                self
            }
        }

        impl From<$name> for serde_json::Value {
            fn from(b: $name) -> serde_json::Value {
                b.into_value()
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                self.clone().into_value().serialize(s)
            }
        }
    };
}

/// Add `.child(..)` / `.children(..)` (a list of components) to a builder.
macro_rules! children {
    ($name:ident) => {
        impl $name {
            /// Append one child component (a builder or any JSON node).
            pub fn child(self, child: impl Into<serde_json::Value>) -> Self {
                self.push_child(child.into())
            }
            /// Append several child components.
            pub fn children<I, C>(self, children: I) -> Self
            where
                I: IntoIterator<Item = C>,
                C: Into<serde_json::Value>,
            {
                children
                    .into_iter()
                    .fold(self, |b, c| b.push_child(c.into()))
            }
        }
    };
}

/// Typed setters: `method(Type) => "wireName";` each takes `impl Into<Type>`.
macro_rules! setters {
    ($name:ident { $( $(#[$doc:meta])* $method:ident($arg:ty) => $field:literal; )* }) => {
        impl $name {
            $(
                $(#[$doc])*
                pub fn $method(self, value: impl Into<$arg>) -> Self {
                    let value: $arg = value.into();
                    self.set($field, serde_json::Value::from(value))
                }
            )*
        }
    };
}
