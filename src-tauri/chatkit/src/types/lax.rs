//! Pydantic "lax mode" scalar coercions for request fields.
//!
//! The reference validates request bodies with `TypeAdapter.validate_json` in lax mode, which
//! accepts more than the JSON type of an `int` or `bool` field: numeric strings, integral floats,
//! `true`/`false` for integers, `"yes"`/`"off"`/`0`/`1` for booleans. These deserializers accept
//! exactly those spellings and nothing else, so a body is valid here iff it is valid there
//! (docs/PROTOCOL.md (Appendix A) lists the rules and the two edge cases that differ).
//! Strings, lists, objects and literals need no coercion: lax mode is as strict as serde for them.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// An `int` in lax mode, saturated to the `i64` range (pydantic keeps big integers exactly).
pub(crate) fn int_from_value(value: &Value) -> Option<i64> {
    match value {
        Value::Bool(b) => Some(i64::from(*b)),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                Some(i)
            } else if n.is_u64() {
                // Larger than i64::MAX: valid upstream (a Python int), saturated here.
                Some(i64::MAX)
            } else {
                let f = n.as_f64()?;
                // Floats convert only when integral and inside the 64-bit range [-2^63, 2^63).
                let in_range = (i64::MIN as f64..-(i64::MIN as f64)).contains(&f);
                (f.fract() == 0.0 && in_range).then_some(f as i64)
            }
        }
        Value::String(s) => int_from_str(s),
        _ => None,
    }
}

/// A numeric string as lax mode reads it: surrounding whitespace, one sign, `_` between digits,
/// and a fraction made only of zeros (`"3.00"`) are accepted; exponents, hex and `"3."` are not.
fn int_from_str(text: &str) -> Option<i64> {
    let s = text.trim();
    let (negative, unsigned) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (unsigned, None),
    };
    if let Some(f) = fraction {
        if f.is_empty() || !f.bytes().all(|b| b == b'0') {
            return None;
        }
    }
    let bytes = whole.as_bytes();
    let underscores_ok = bytes.iter().enumerate().all(|(i, &b)| {
        b.is_ascii_digit()
            || (b == b'_'
                && i > 0
                && bytes[i - 1].is_ascii_digit()
                && bytes.get(i + 1).is_some_and(u8::is_ascii_digit))
    });
    if bytes.is_empty() || !underscores_ok {
        return None;
    }
    let digits: String = whole.chars().filter(|c| *c != '_').collect();
    let magnitude = digits.parse::<i128>().unwrap_or(i128::MAX);
    let signed = if negative { -magnitude } else { magnitude };
    Some(i64::try_from(signed).unwrap_or(if negative { i64::MIN } else { i64::MAX }))
}

/// A `bool` in lax mode: JSON booleans, `0`/`1` (also as floats), and the strings
/// `0 off f false n no` / `1 on t true y yes` in any letter case, without surrounding spaces.
pub(crate) fn bool_from_value(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => {
            let f = n.as_f64()?;
            if f == 0.0 {
                Some(false)
            } else if f == 1.0 {
                Some(true)
            } else {
                None
            }
        }
        Value::String(s) => match s.to_ascii_lowercase().as_str() {
            "0" | "off" | "f" | "false" | "n" | "no" => Some(false),
            "1" | "on" | "t" | "true" | "y" | "yes" => Some(true),
            _ => None,
        },
        _ => None,
    }
}

/// `int` field.
pub(crate) fn int<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    let value = Value::deserialize(d)?;
    int_from_value(&value)
        .ok_or_else(|| D::Error::custom(format!("expected an integer, got {value}")))
}

/// `int | None` field.
pub(crate) fn opt_int<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    match Value::deserialize(d)? {
        Value::Null => Ok(None),
        value => int_from_value(&value)
            .map(Some)
            .ok_or_else(|| D::Error::custom(format!("expected an integer or null, got {value}"))),
    }
}

/// `bool` field.
pub(crate) fn boolean<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    let value = Value::deserialize(d)?;
    bool_from_value(&value)
        .ok_or_else(|| D::Error::custom(format!("expected a boolean, got {value}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn integers_follow_lax_mode() {
        for (value, want) in [
            (json!(3), Some(3)),
            (json!(-1), Some(-1)),
            (json!(3.0), Some(3)),
            (json!(1e2), Some(100)),
            (json!(true), Some(1)),
            (json!(false), Some(0)),
            (json!("3"), Some(3)),
            (json!(" -3 "), Some(-3)),
            (json!("+3"), Some(3)),
            (json!("1_000"), Some(1000)),
            (json!("1_0.00"), Some(10)),
            (json!("03"), Some(3)),
            (json!("\u{2000}3"), Some(3)),
            (json!("99999999999999999999999"), Some(i64::MAX)),
            (json!("-99999999999999999999999"), Some(i64::MIN)),
            (json!(u64::MAX), Some(i64::MAX)),
            (json!(3.5), None),
            (json!(1e20), None),
            (json!("3.5"), None),
            (json!("3."), None),
            (json!(".0"), None),
            (json!("1e2"), None),
            (json!("0x10"), None),
            (json!("1__0"), None),
            (json!("_1"), None),
            (json!("1_"), None),
            (json!("1_.0"), None),
            (json!("10.0_0"), None),
            (json!("- 3"), None),
            (json!("+-3"), None),
            (json!("\u{1c}3"), None),
            (json!("\u{ff13}"), None),
            (json!(""), None),
            (json!("ten"), None),
            (json!(null), None),
            (json!([]), None),
            (json!({}), None),
        ] {
            assert_eq!(int_from_value(&value), want, "{value}");
        }
    }

    #[test]
    fn booleans_follow_lax_mode() {
        for (value, want) in [
            (json!(true), Some(true)),
            (json!(0), Some(false)),
            (json!(1), Some(true)),
            (json!(1.0), Some(true)),
            (json!(-0.0), Some(false)),
            (json!("yes"), Some(true)),
            (json!("TRUE"), Some(true)),
            (json!("On"), Some(true)),
            (json!("t"), Some(true)),
            (json!("N"), Some(false)),
            (json!("off"), Some(false)),
            (json!("0"), Some(false)),
            (json!(2), None),
            (json!(-1), None),
            (json!(0.5), None),
            (json!("2"), None),
            (json!("01"), None),
            (json!("1.0"), None),
            (json!(" true "), None),
            (json!(""), None),
            (json!(null), None),
            (json!([]), None),
        ] {
            assert_eq!(bool_from_value(&value), want, "{value}");
        }
    }
}
