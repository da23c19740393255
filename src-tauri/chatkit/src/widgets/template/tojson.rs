//! Jinja2's `tojson` filter, reproduced: `json.dumps(value, sort_keys=True)` made HTML-safe.
//!
//! `.widget` templates splice data into JSON with `{{ (x) | tojson }}`, and the rendered text is
//! parsed back, so what this filter writes decides the widget tree: Jinja2 sorts object keys (its
//! `json.dumps_kwargs` policy), so a dict spliced in keeps sorted key order in the final widget.
//! minijinja's built-in filter keeps map order instead, hence this replacement, which also mirrors
//! Python's `ensure_ascii` output, float `repr` and `<>&'` escapes (`\u003c` …) byte for byte.
use minijinja::value::{Kwargs, Value};
use minijinja::{Error, ErrorKind};
use serde_json::Value as Json;
use std::fmt::Write;

/// The `tojson` filter: `value | tojson` or `value | tojson(indent)`.
pub fn tojson(value: &Value, indent: Option<Value>, kwargs: Kwargs) -> Result<Value, Error> {
    if value.is_undefined() {
        return Err(Error::new(
            ErrorKind::UndefinedError,
            "tojson of an undefined value",
        ));
    }
    let indent = match indent {
        Some(v) => Some(v),
        None => kwargs.get::<Option<Value>>("indent")?,
    };
    kwargs.assert_all_used()?;
    let indent = match indent {
        None => None,
        Some(v) if v.is_none() => None,
        Some(v) => Some(usize::try_from(v).map_err(|_| {
            Error::new(
                ErrorKind::InvalidOperation,
                "tojson: indent must be a non-negative integer",
            )
        })?),
    };
    let json = serde_json::to_value(value).map_err(|e| {
        Error::new(
            ErrorKind::InvalidOperation,
            "tojson: value cannot be serialized",
        )
        .with_source(e)
    })?;
    let mut out = String::new();
    dumps(&json, indent, 0, &mut out);
    Ok(Value::from_safe_string(html_safe(&out)))
}

/// Python's `json.dumps(v, sort_keys=True, indent=indent)` (default `ensure_ascii=True`).
pub fn dumps(v: &Json, indent: Option<usize>, level: usize, out: &mut String) {
    match v {
        Json::Null => out.push_str("null"),
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Json::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => write!(out, "{i}").unwrap_or(()),
            (_, Some(u), _) => write!(out, "{u}").unwrap_or(()),
            (_, _, Some(f)) => out.push_str(&float_repr(f)),
            _ => out.push_str(&n.to_string()),
        },
        Json::String(s) => write_str(s, out),
        Json::Array(items) => {
            if items.is_empty() {
                out.push_str("[]");
                return;
            }
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                separator(i, indent, level + 1, out);
                dumps(item, indent, level + 1, out);
            }
            close(indent, level, out);
            out.push(']');
        }
        Json::Object(map) => {
            if map.is_empty() {
                out.push_str("{}");
                return;
            }
            let mut entries: Vec<_> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            out.push('{');
            for (i, (k, val)) in entries.into_iter().enumerate() {
                separator(i, indent, level + 1, out);
                write_str(k, out);
                out.push_str(": ");
                dumps(val, indent, level + 1, out);
            }
            close(indent, level, out);
            out.push('}');
        }
    }
}

/// Item separator: `", "` compact; `","` + newline + indentation when indenting.
fn separator(i: usize, indent: Option<usize>, level: usize, out: &mut String) {
    match indent {
        None if i > 0 => out.push_str(", "),
        None => {}
        Some(n) => {
            if i > 0 {
                out.push(',');
            }
            out.push('\n');
            out.extend(std::iter::repeat_n(' ', n * level));
        }
    }
}

fn close(indent: Option<usize>, level: usize, out: &mut String) {
    if let Some(n) = indent {
        out.push('\n');
        out.extend(std::iter::repeat_n(' ', n * level));
    }
}

/// A JSON string with every non-ASCII character as `\uXXXX` (UTF-16 units, lower-case hex).
fn write_str(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if !(' '..='~').contains(&c) => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    write!(out, "\\u{unit:04x}").unwrap_or(());
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Python's `repr(float)`: shortest round-trip digits; exponent form below 1e-4 or from 1e16.
pub fn float_repr(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 {
            "Infinity".into()
        } else {
            "-Infinity".into()
        };
    }
    if f == 0.0 {
        return if f.is_sign_negative() {
            "-0.0".into()
        } else {
            "0.0".into()
        };
    }
    let sci = format!("{f:e}"); // e.g. "1.5e-5", "-1e16"
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if (-4..16).contains(&exp) {
        let plain = format!("{f}");
        if plain.contains('.') {
            plain
        } else {
            format!("{plain}.0")
        }
    } else {
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{mantissa}e{sign}{:02}", exp.abs())
    }
}

/// Jinja2's `htmlsafe_json_dumps` escapes.
fn html_safe(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\'' => out.push_str("\\u0027"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn py(v: Json) -> String {
        let mut out = String::new();
        dumps(&v, None, 0, &mut out);
        html_safe(&out)
    }

    #[test]
    fn matches_jinja2_tojson_output() {
        // Expected strings are what Jinja2 3.1 `tojson` prints for the same values.
        assert_eq!(
            py(json!("LED <2-pack> & 'warm' \"E27\"")),
            r#""LED \u003c2-pack\u003e \u0026 \u0027warm\u0027 \"E27\"""#
        );
        assert_eq!(
            py(json!({"b": 1, "a": [true, null, 2.5]})),
            r#"{"a": [true, null, 2.5], "b": 1}"#
        );
        assert_eq!(
            py(json!("Café — 🚀\n\u{7f}\u{1}")),
            r#""Caf\u00e9 \u2014 \ud83d\ude80\n\u007f\u0001""#
        );
        assert_eq!(py(json!([])), "[]");
        assert_eq!(py(json!({})), "{}");
    }

    #[test]
    fn indent_matches_python() {
        let mut out = String::new();
        dumps(&json!({"b": [1, 2], "a": {}}), Some(2), 0, &mut out);
        assert_eq!(out, "{\n  \"a\": {},\n  \"b\": [\n    1,\n    2\n  ]\n}");
    }

    #[test]
    fn floats_use_python_repr() {
        assert_eq!(float_repr(2.0), "2.0");
        assert_eq!(float_repr(49.99), "49.99");
        assert_eq!(float_repr(1e16), "1e+16");
        assert_eq!(float_repr(1.5e-5), "1.5e-05");
        assert_eq!(float_repr(0.0001), "0.0001");
        assert_eq!(float_repr(123456789012345678.0), "1.2345678901234568e+17");
        assert_eq!(float_repr(-0.0), "-0.0");
    }
}
