//! Nested request models must be JSON objects.
//!
//! A pydantic model field accepts only a JSON object, but a serde-derived struct (and an
//! internally tagged enum) also accepts a JSON array, read positionally: `"tool_choice": ["x"]`
//! would become `ToolChoice { id: "x" }` and `"inference_options": []` its defaults. These
//! `deserialize_with` helpers reject anything but an object before the derived impl runs, for a
//! single model, an optional one, a list of them and a string-keyed map of them.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

fn from_object<T: DeserializeOwned, E: serde::de::Error>(value: Value) -> Result<T, E> {
    match value {
        Value::Object(_) => T::deserialize(value).map_err(E::custom),
        other => Err(E::custom(format!("expected an object, got {other}"))),
    }
}

/// A model field.
pub(crate) fn object<'de, D: Deserializer<'de>, T: DeserializeOwned>(d: D) -> Result<T, D::Error> {
    from_object(Value::deserialize(d)?)
}

/// A `Model | None` field.
pub(crate) fn opt_object<'de, D: Deserializer<'de>, T: DeserializeOwned>(
    d: D,
) -> Result<Option<T>, D::Error> {
    match Value::deserialize(d)? {
        Value::Null => Ok(None),
        value => from_object(value).map(Some),
    }
}

/// A `list[Model]` field.
pub(crate) fn list_of_objects<'de, D: Deserializer<'de>, T: DeserializeOwned>(
    d: D,
) -> Result<Vec<T>, D::Error> {
    Vec::<Value>::deserialize(d)?
        .into_iter()
        .map(from_object)
        .collect()
}

/// A `dict[str, Model]` field.
pub(crate) fn map_of_objects<'de, D: Deserializer<'de>, T: DeserializeOwned>(
    d: D,
) -> Result<BTreeMap<String, T>, D::Error> {
    Map::<String, Value>::deserialize(d)?
        .into_iter()
        .map(|(k, v)| from_object(v).map(|v| (k, v)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Inner {
        id: String,
    }

    #[derive(Debug, Deserialize)]
    struct Outer {
        #[serde(deserialize_with = "object")]
        one: Inner,
        #[serde(default, deserialize_with = "opt_object")]
        maybe: Option<Inner>,
        #[serde(default, deserialize_with = "list_of_objects")]
        many: Vec<Inner>,
        #[serde(default, deserialize_with = "map_of_objects")]
        keyed: BTreeMap<String, Inner>,
    }

    fn parse(raw: &str) -> Result<Outer, serde_json::Error> {
        serde_json::from_value(serde_json::from_str(raw).unwrap())
    }

    #[test]
    fn arrays_are_not_models() {
        // Plain serde would read each of these positionally.
        assert!(serde_json::from_str::<Inner>(r#"["x"]"#).is_ok());
        for raw in [
            r#"{"one":["x"]}"#,
            r#"{"one":{"id":"x"},"maybe":["x"]}"#,
            r#"{"one":{"id":"x"},"many":[["x"]]}"#,
            r#"{"one":{"id":"x"},"keyed":{"k":["x"]}}"#,
            r#"{"one":null}"#,
        ] {
            assert!(parse(raw).is_err(), "{raw}");
        }
        let ok = parse(
            r#"{"one":{"id":"a"},"maybe":null,"many":[{"id":"b"}],"keyed":{"k":{"id":"c"}}}"#,
        )
        .unwrap();
        assert_eq!(ok.one.id, "a");
        assert_eq!(ok.maybe, None);
        assert_eq!(ok.many, vec![Inner { id: "b".into() }]);
        assert_eq!(ok.keyed["k"].id, "c");
    }
}
