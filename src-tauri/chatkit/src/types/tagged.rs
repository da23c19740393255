//! Serde plumbing for the reference SDK's key order.
//!
//! The SDK writes fields in model-declaration order with inherited fields first, so the `type`
//! discriminator of many models sits *after* the base fields (`id, thread_id, created_at, type, …`
//! for items, `title, …, type, url` for sources, `status_indicator, type, …` for tasks). Serde's
//! internally tagged enums always write the tag first, so those unions use [`tagged_union!`]: the
//! variant structs derive `Serialize`/`Deserialize` without a `type` field and the macro inserts
//! `type` right after the last base field present. Also here: the null-stripping widget-tree
//! serializer (docs/PROTOCOL.md §5.1) and fixed-string markers for single-variant `type` fields.

use serde::{Serialize, Serializer};
use serde_json::{Map, Value};

/// Serialize `value` (an object) with `"type": tag` inserted after the last of `base` keys present.
pub(crate) fn to_tagged_map<T: Serialize>(
    value: &T,
    tag: &str,
    base: &[&str],
) -> Result<Map<String, Value>, serde_json::Error> {
    let object = match serde_json::to_value(value)? {
        Value::Object(map) => map,
        other => {
            return Err(serde::ser::Error::custom(format!(
                "tagged variant `{tag}` must serialize to an object, got {other}"
            )))
        }
    };
    let insert_at = object
        .keys()
        .rposition(|k| base.contains(&k.as_str()))
        .map_or(0, |i| i + 1);
    let mut out = Map::with_capacity(object.len() + 1);
    let mut tag_value = Some(Value::String(tag.to_owned()));
    for (i, (k, v)) in object.into_iter().enumerate() {
        if i == insert_at {
            if let Some(t) = tag_value.take() {
                out.insert("type".to_owned(), t);
            }
        }
        out.insert(k, v);
    }
    if let Some(t) = tag_value {
        out.insert("type".to_owned(), t);
    }
    Ok(out)
}

/// Serialize a struct that is one variant of a tagged union on its own (e.g. the `URLSource`s
/// inside a web-search task still carry `"type":"url"`).
pub(crate) struct Tagged<'a, T>(pub &'a T, pub &'static str, pub &'static [&'static str]);

impl<T: Serialize> Serialize for Tagged<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        to_tagged_map(self.0, self.1, self.2)
            .map_err(serde::ser::Error::custom)?
            .serialize(s)
    }
}

/// Define an enum of newtype variants, tagged by `type`, with the tag written after `base` keys.
macro_rules! tagged_union {
    (
        $(#[$meta:meta])*
        pub enum $name:ident, type after [$($base:literal),* $(,)?] {
            $( $(#[$vmeta:meta])* $variant:ident($inner:ty) = $tag:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        pub enum $name { $( $(#[$vmeta])* $variant($inner) ),+ }

        impl $name {
            /// The wire value of this variant's `type` field.
            pub fn type_name(&self) -> &'static str {
                match self { $( Self::$variant(_) => $tag ),+ }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                const BASE: &[&str] = &[$($base),*];
                let map = match self {
                    $( Self::$variant(v) => $crate::types::tagged::to_tagged_map(v, $tag, BASE) ),+
                }
                .map_err(serde::ser::Error::custom)?;
                map.serialize(s)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                use serde::de::Error as _;
                let mut map = serde_json::Map::<String, serde_json::Value>::deserialize(d)?;
                let tag = match map.remove("type") {
                    Some(serde_json::Value::String(s)) => s,
                    Some(_) => return Err(D::Error::custom(concat!("`type` of ", stringify!($name), " must be a string"))),
                    None => return Err(D::Error::missing_field("type")),
                };
                let body = serde_json::Value::Object(map);
                match tag.as_str() {
                    $( $tag => serde_json::from_value(body).map(Self::$variant).map_err(D::Error::custom), )+
                    other => Err(D::Error::unknown_variant(other, &[$($tag),+])),
                }
            }
        }
    };
}
pub(crate) use tagged_union;

/// Define a unit type that serializes as one fixed string and only accepts that string.
macro_rules! const_tag {
    ($(#[$meta:meta])* $name:ident = $value:literal) => {
        $(#[$meta])*
        #[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Hash)]
        pub struct $name;

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str($value)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = String::deserialize(d)?;
                if text == $value {
                    Ok($name)
                } else {
                    Err(serde::de::Error::invalid_value(serde::de::Unexpected::Str(&text), &$value))
                }
            }
        }
    };
}
pub(crate) use const_tag;

/// Serializes a widget tree with `null` props removed recursively (docs/PROTOCOL.md §5.1).
pub(crate) fn serialize_widget<S: Serializer>(value: &Value, s: S) -> Result<S::Ok, S::Error> {
    NoNulls(value).serialize(s)
}

struct NoNulls<'a>(&'a Value);

impl Serialize for NoNulls<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        match self.0 {
            Value::Object(map) => {
                let mut m = s.serialize_map(None)?;
                for (k, v) in map.iter().filter(|(_, v)| !v.is_null()) {
                    m.serialize_entry(k, &NoNulls(v))?;
                }
                m.end()
            }
            Value::Array(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for v in items {
                    seq.serialize_element(&NoNulls(v))?;
                }
                seq.end()
            }
            other => other.serialize(s),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn tag_goes_after_last_present_base_key() {
        #[derive(Serialize)]
        struct S {
            a: u8,
            #[serde(skip_serializing_if = "Option::is_none")]
            b: Option<u8>,
            c: u8,
        }
        let with_b = to_tagged_map(
            &S {
                a: 1,
                b: Some(2),
                c: 3,
            },
            "t",
            &["a", "b"],
        )
        .unwrap();
        assert_eq!(
            serde_json::to_string(&with_b).unwrap(),
            r#"{"a":1,"b":2,"type":"t","c":3}"#
        );
        let without_b = to_tagged_map(
            &S {
                a: 1,
                b: None,
                c: 3,
            },
            "t",
            &["a", "b"],
        )
        .unwrap();
        assert_eq!(
            serde_json::to_string(&without_b).unwrap(),
            r#"{"a":1,"type":"t","c":3}"#
        );
        let no_base = to_tagged_map(
            &S {
                a: 1,
                b: None,
                c: 3,
            },
            "t",
            &[],
        )
        .unwrap();
        assert_eq!(
            serde_json::to_string(&no_base).unwrap(),
            r#"{"type":"t","a":1,"c":3}"#
        );
    }

    #[test]
    fn widget_nulls_are_dropped_recursively() {
        let w =
            json!({"type":"Card","key":null,"children":[{"type":"Text","value":"x","color":null}]});
        let mut out = Vec::new();
        serialize_widget(&w, &mut serde_json::Serializer::new(&mut out)).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            r#"{"type":"Card","children":[{"type":"Text","value":"x"}]}"#
        );
    }
}
