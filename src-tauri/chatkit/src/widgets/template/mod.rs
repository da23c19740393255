//! `.widget` files: Jinja templates that render a widget tree from data (docs/PROTOCOL.md §5.5).
//!
//! Widgets authored in ChatKit Studio are exported as `.widget` files; the reference SDK renders
//! their Jinja2 template with the data (strict undefined), parses the result as JSON and validates
//! it as a dynamic root. This module does the same with minijinja, configured to behave like the
//! SDK's Jinja2 environment where it shows in the output: no auto-escaping, strict undefined,
//! Jinja2's `tojson` (sorted keys, `\u003c`-style escapes) and Python's spelling of `True`,
//! `False` and `None` when a value is printed directly.
use minijinja::value::Value as JinjaValue;
use minijinja::{
    AutoEscape, Environment, Error as JinjaError, ErrorKind, Output, State, UndefinedBehavior,
};
use serde::Serialize;
use serde_json::Value;
use std::path::Path;
use std::str::FromStr;

use super::error::WidgetError;
use super::value::{normalize_dynamic, WidgetRoot};

pub mod tojson;

const TEMPLATE_NAME: &str = "widget";

/// A loaded `.widget` definition, ready to [`build`](WidgetTemplate::build) widgets from data.
#[derive(Debug)]
pub struct WidgetTemplate {
    name: String,
    version: String,
    data_schema: Value,
    env: Environment<'static>,
}

impl WidgetTemplate {
    /// From a parsed definition object: `version` must be `"1.0"`, `name` and `template` (a string)
    /// are required, `jsonSchema` is kept (not enforced, as in the SDK), other keys are ignored.
    pub fn from_definition(definition: &Value) -> Result<Self, WidgetError> {
        let def = definition.as_object().ok_or_else(|| {
            WidgetError::Definition("a .widget definition must be a JSON object".into())
        })?;
        let version = match def.get("version") {
            Some(Value::String(v)) if v == "1.0" => v.clone(),
            Some(other) => {
                let shown = other
                    .as_str()
                    .map(str::to_owned)
                    .unwrap_or_else(|| other.to_string());
                return Err(WidgetError::UnsupportedVersion(shown));
            }
            None => return Err(WidgetError::Definition("missing `version`".into())),
        };
        let name = match def.get("name") {
            Some(Value::String(n)) => n.clone(),
            Some(other) => other.to_string(),
            None => return Err(WidgetError::Definition("missing `name`".into())),
        };
        let source = match def.get("template") {
            Some(Value::String(t)) => t.clone(),
            Some(_) => {
                return Err(WidgetError::Definition(
                    "`template` must be a string".into(),
                ))
            }
            None => return Err(WidgetError::Definition("missing `template`".into())),
        };
        let data_schema = def
            .get("jsonSchema")
            .cloned()
            .unwrap_or_else(|| Value::Object(Default::default()));
        let mut env = jinja2_like_environment();
        env.add_template_owned(TEMPLATE_NAME, source)
            .map_err(|e| WidgetError::TemplateSyntax(describe(&e)))?;
        Ok(WidgetTemplate {
            name,
            version,
            data_schema,
            env,
        })
    }

    /// Read and load a `.widget` file. A relative path is resolved against the current directory
    /// (the SDK resolves it against the calling source file; in Rust, use
    /// `WidgetTemplate::from_str(include_str!("my.widget"))` for that).
    pub fn from_file(path: impl AsRef<Path>) -> Result<Self, WidgetError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|e| WidgetError::Io {
            path: path.display().to_string(),
            reason: e.to_string(),
        })?;
        text.parse()
    }

    /// The definition's display `name`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Always `"1.0"`.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The definition's `jsonSchema` (`{}` when absent); informational only.
    pub fn data_schema(&self) -> &Value {
        &self.data_schema
    }

    /// Render the template text with `data` (an object, or `null`/unit for no data).
    pub fn render<T: Serialize + ?Sized>(&self, data: &T) -> Result<String, WidgetError> {
        let data = serde_json::to_value(data)
            .map_err(|e| WidgetError::TemplateRender(format!("data cannot be serialized: {e}")))?;
        let context = match data {
            Value::Null => JinjaValue::from_serialize(serde_json::Map::new()),
            Value::Object(map) => JinjaValue::from_serialize(map),
            other => {
                return Err(WidgetError::TemplateRender(format!(
                    "template data must be an object, got {}",
                    json_kind(&other)
                )));
            }
        };
        let template = self
            .env
            .get_template(TEMPLATE_NAME)
            .map_err(|e| WidgetError::TemplateRender(describe(&e)))?;
        template
            .render(context)
            .map_err(|e| WidgetError::TemplateRender(describe(&e)))
    }

    /// Render with `data`, parse the JSON and validate it as a widget root. The tree comes back in
    /// the SDK's dynamic-root key order (`key, id, type, children`, then the template's order) with
    /// nulls removed — byte-identical to what `WidgetTemplate.build(data)` puts on the wire.
    pub fn build<T: Serialize + ?Sized>(&self, data: &T) -> Result<WidgetRoot, WidgetError> {
        let rendered = self.render(data)?;
        let tree: Value = serde_json::from_str(&rendered)
            .map_err(|e| WidgetError::TemplateOutput(e.to_string()))?;
        WidgetRoot::new(normalize_dynamic(tree))
    }
}

impl FromStr for WidgetTemplate {
    type Err = WidgetError;

    /// Parse the text of a `.widget` file.
    fn from_str(text: &str) -> Result<Self, WidgetError> {
        let definition: Value = serde_json::from_str(text)
            .map_err(|e| WidgetError::Definition(format!("not valid JSON: {e}")))?;
        Self::from_definition(&definition)
    }
}

/// minijinja set up like `jinja2.Environment(undefined=StrictUndefined)`.
fn jinja2_like_environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_auto_escape_callback(|_| AutoEscape::None);
    env.add_filter("tojson", tojson::tojson);
    env.set_formatter(python_formatter);
    env
}

/// Print values the way Python's `str()` does where minijinja differs (`True`, `False`, `None`).
fn python_formatter(out: &mut Output, state: &State, value: &JinjaValue) -> Result<(), JinjaError> {
    let text = if value.is_none() {
        "None"
    } else if value.kind() == minijinja::value::ValueKind::Bool {
        if value.is_true() {
            "True"
        } else {
            "False"
        }
    } else {
        return minijinja::escape_formatter(out, state, value);
    };
    out.write_str(text)
        .map_err(|_| JinjaError::new(ErrorKind::WriteFailure, "cannot write output"))
}

fn describe(err: &JinjaError) -> String {
    let mut msg = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    msg
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
