//! `Chart`: bar/area/line charts over a list of data rows.
use serde_json::{Map, Value};

use super::Node;

const CHART: &[&str] = &[
    "key",
    "id",
    "type",
    "data",
    "series",
    "xAxis",
    "showYAxis",
    "showLegend",
    "showTooltip",
    "barGap",
    "barCategoryGap",
    "flex",
    "height",
    "width",
    "size",
    "minHeight",
    "minWidth",
    "minSize",
    "maxHeight",
    "maxWidth",
    "maxSize",
    "aspectRatio",
];

/// Which kind of series.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SeriesKind {
    Bar,
    Area,
    Line,
}

/// One chart series. Serializes as `{type, label?, dataKey, stack?, color?, curveType?}`;
/// `stack` is not written for line series and `curveType` not for bar series (the SDK's models
/// do not have those fields).
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    kind: SeriesKind,
    data_key: String,
    label: Option<String>,
    stack: Option<String>,
    color: Option<Value>,
    curve_type: Option<String>,
}

impl Series {
    fn new(kind: SeriesKind, data_key: impl Into<String>) -> Self {
        Series {
            kind,
            data_key: data_key.into(),
            label: None,
            stack: None,
            color: None,
            curve_type: None,
        }
    }
    pub fn bar(data_key: impl Into<String>) -> Self {
        Self::new(SeriesKind::Bar, data_key)
    }
    pub fn area(data_key: impl Into<String>) -> Self {
        Self::new(SeriesKind::Area, data_key)
    }
    pub fn line(data_key: impl Into<String>) -> Self {
        Self::new(SeriesKind::Line, data_key)
    }
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }
    /// Stack id (bar and area series).
    pub fn stack(mut self, stack: impl Into<String>) -> Self {
        self.stack = Some(stack.into());
        self
    }
    /// Chart colour token (`blue`, `purple`, `orange` …), CSS colour or theme colour.
    pub fn color(mut self, color: impl Into<Value>) -> Self {
        self.color = Some(color.into());
        self
    }
    /// Interpolation (`monotone`, `linear`, `step` …; area and line series).
    pub fn curve_type(mut self, curve: impl Into<String>) -> Self {
        self.curve_type = Some(curve.into());
        self
    }
}

impl From<Series> for Value {
    fn from(s: Series) -> Value {
        let mut m = Map::new();
        let kind = match s.kind {
            SeriesKind::Bar => "bar",
            SeriesKind::Area => "area",
            SeriesKind::Line => "line",
        };
        m.insert("type".into(), kind.into());
        if let Some(label) = s.label {
            m.insert("label".into(), label.into());
        }
        m.insert("dataKey".into(), s.data_key.into());
        if s.kind != SeriesKind::Line {
            if let Some(stack) = s.stack {
                m.insert("stack".into(), stack.into());
            }
        }
        if let Some(color) = s.color {
            m.insert("color".into(), color);
        }
        if s.kind != SeriesKind::Bar {
            if let Some(curve) = s.curve_type {
                m.insert("curveType".into(), curve.into());
            }
        }
        Value::Object(m)
    }
}

/// The x axis: a data key, or `{dataKey, hide?, labels?}`.
#[derive(Debug, Clone, PartialEq)]
pub struct XAxis {
    data_key: String,
    hide: Option<bool>,
    labels: Option<Map<String, Value>>,
    plain: bool,
}

impl XAxis {
    /// Just the data key (serialized as a bare string).
    pub fn key(data_key: impl Into<String>) -> Self {
        XAxis {
            data_key: data_key.into(),
            hide: None,
            labels: None,
            plain: true,
        }
    }
    /// The object form `{dataKey}` (add `hide`/`label`).
    pub fn config(data_key: impl Into<String>) -> Self {
        XAxis {
            plain: false,
            ..Self::key(data_key)
        }
    }
    pub fn hide(mut self, hide: bool) -> Self {
        self.plain = false;
        self.hide = Some(hide);
        self
    }
    /// Display `label` for the axis value `value`.
    pub fn label(mut self, value: impl Into<String>, label: impl Into<String>) -> Self {
        self.plain = false;
        self.labels
            .get_or_insert_with(Map::new)
            .insert(value.into(), Value::String(label.into()));
        self
    }
}

impl From<&str> for XAxis {
    fn from(key: &str) -> Self {
        XAxis::key(key)
    }
}

impl From<XAxis> for Value {
    fn from(x: XAxis) -> Value {
        if x.plain {
            return Value::String(x.data_key);
        }
        let mut m = Map::new();
        m.insert("dataKey".into(), x.data_key.into());
        if let Some(hide) = x.hide {
            m.insert("hide".into(), hide.into());
        }
        if let Some(labels) = x.labels {
            m.insert("labels".into(), Value::Object(labels));
        }
        Value::Object(m)
    }
}

component! {
    /// `Chart`.
    Chart
}
setters!(Chart {
    show_y_axis(bool) => "showYAxis";
    show_legend(bool) => "showLegend";
    show_tooltip(bool) => "showTooltip";
    bar_gap(i64) => "barGap";
    bar_category_gap(i64) => "barCategoryGap";
    flex(Value) => "flex";
    height(Value) => "height";
    width(Value) => "width";
    size(Value) => "size";
    min_height(Value) => "minHeight";
    min_width(Value) => "minWidth";
    min_size(Value) => "minSize";
    max_height(Value) => "maxHeight";
    max_width(Value) => "maxWidth";
    max_size(Value) => "maxSize";
    aspect_ratio(Value) => "aspectRatio";
});

impl Chart {
    /// `data`: rows mapping field ⇒ string or number; `series`: what to plot; `x_axis`: the key
    /// (or axis config) of the x values.
    pub fn new(
        data: impl IntoIterator<Item = Value>,
        series: impl IntoIterator<Item = Series>,
        x_axis: impl Into<XAxis>,
    ) -> Self {
        let mut node = Node::new("Chart", CHART);
        node.set("data", Value::Array(data.into_iter().collect()));
        node.set(
            "series",
            Value::Array(series.into_iter().map(Value::from).collect()),
        );
        node.set("xAxis", Value::from(x_axis.into()));
        Chart(node)
    }
}
