//! Small shared value types of widget props: status headers, theme colours, select/radio options.
//!
//! These are plain JSON objects in the SDK (TypedDicts); the helpers here only make them pleasant
//! to write and give them the key order the SDK documentation uses.
use serde_json::{json, Map, Value};

/// The status header of a `Card`/`ListView`: `{text, icon?}` or `{text, favicon?, frame?}`.
#[derive(Debug, Clone, PartialEq)]
pub struct WidgetStatus(Map<String, Value>);

impl WidgetStatus {
    /// Text only.
    pub fn text(text: impl Into<String>) -> Self {
        let mut m = Map::new();
        m.insert("text".into(), Value::String(text.into()));
        WidgetStatus(m)
    }

    /// `{text, icon}` (icon: a ChatKit icon name such as `sparkle`, `check-circle`).
    pub fn with_icon(text: impl Into<String>, icon: impl Into<String>) -> Self {
        let mut s = Self::text(text);
        s.0.insert("icon".into(), Value::String(icon.into()));
        s
    }

    /// `{text, favicon}` (favicon: an image URL).
    pub fn with_favicon(text: impl Into<String>, favicon: impl Into<String>) -> Self {
        let mut s = Self::text(text);
        s.0.insert("favicon".into(), Value::String(favicon.into()));
        s
    }

    /// Draw a frame around the favicon.
    pub fn frame(mut self, frame: bool) -> Self {
        self.0.insert("frame".into(), Value::Bool(frame));
        self
    }
}

impl From<WidgetStatus> for Value {
    fn from(s: WidgetStatus) -> Value {
        Value::Object(s.0)
    }
}

/// A colour per theme: `{light, dark}`.
#[derive(Debug, Clone, PartialEq)]
pub struct ThemeColor {
    pub light: String,
    pub dark: String,
}

impl ThemeColor {
    pub fn new(light: impl Into<String>, dark: impl Into<String>) -> Self {
        ThemeColor {
            light: light.into(),
            dark: dark.into(),
        }
    }
}

impl From<ThemeColor> for Value {
    fn from(c: ThemeColor) -> Value {
        json!({"light": c.light, "dark": c.dark})
    }
}

/// One option of a `Select`: `{value, label, disabled?, description?}`.
#[derive(Debug, Clone, PartialEq)]
pub struct SelectOption {
    pub value: String,
    pub label: String,
    pub disabled: Option<bool>,
    pub description: Option<String>,
}

impl SelectOption {
    pub fn new(value: impl Into<String>, label: impl Into<String>) -> Self {
        SelectOption {
            value: value.into(),
            label: label.into(),
            disabled: None,
            description: None,
        }
    }
    pub fn disabled(mut self, disabled: bool) -> Self {
        self.disabled = Some(disabled);
        self
    }
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }
}

impl From<SelectOption> for Value {
    fn from(o: SelectOption) -> Value {
        let mut m = Map::new();
        m.insert("value".into(), o.value.into());
        m.insert("label".into(), o.label.into());
        if let Some(d) = o.disabled {
            m.insert("disabled".into(), d.into());
        }
        if let Some(d) = o.description {
            m.insert("description".into(), d.into());
        }
        Value::Object(m)
    }
}

/// One option of a `RadioGroup`: `{label, value, disabled?}`.
#[derive(Debug, Clone, PartialEq)]
pub struct RadioOption {
    pub label: String,
    pub value: String,
    pub disabled: Option<bool>,
}

impl RadioOption {
    pub fn new(label: impl Into<String>, value: impl Into<String>) -> Self {
        RadioOption {
            label: label.into(),
            value: value.into(),
            disabled: None,
        }
    }
    pub fn disabled(mut self, disabled: bool) -> Self {
        self.disabled = Some(disabled);
        self
    }
}

impl From<RadioOption> for Value {
    fn from(o: RadioOption) -> Value {
        let mut m = Map::new();
        m.insert("label".into(), o.label.into());
        m.insert("value".into(), o.value.into());
        if let Some(d) = o.disabled {
            m.insert("disabled".into(), d.into());
        }
        Value::Object(m)
    }
}
