//! Interactive controls: `Button`, `Input`, `Textarea`, `Select`, `Checkbox`, `RadioGroup`,
//! `DatePicker`.
//!
//! Form controls contribute `name` ⇒ value pairs to the payload of the enclosing form's action
//! (docs/PROTOCOL.md §7.3); `Button` carries its own `onClickAction`.
use serde_json::Value;

use super::{ActionConfig, Node, RadioOption, SelectOption};

const BUTTON: &[&str] = &[
    "key",
    "id",
    "type",
    "submit",
    "label",
    "onClickAction",
    "iconStart",
    "iconEnd",
    "style",
    "iconSize",
    "color",
    "variant",
    "size",
    "pill",
    "uniform",
    "block",
    "disabled",
];
const INPUT: &[&str] = &[
    "key",
    "id",
    "type",
    "name",
    "inputType",
    "defaultValue",
    "required",
    "pattern",
    "placeholder",
    "allowAutofillExtensions",
    "autoSelect",
    "autoFocus",
    "disabled",
    "variant",
    "size",
    "gutterSize",
    "pill",
];
const TEXTAREA: &[&str] = &[
    "key",
    "id",
    "type",
    "name",
    "defaultValue",
    "required",
    "pattern",
    "placeholder",
    "autoSelect",
    "autoFocus",
    "disabled",
    "variant",
    "size",
    "gutterSize",
    "rows",
    "autoResize",
    "maxRows",
    "allowAutofillExtensions",
];
const SELECT: &[&str] = &[
    "key",
    "id",
    "type",
    "name",
    "options",
    "onChangeAction",
    "placeholder",
    "defaultValue",
    "variant",
    "size",
    "pill",
    "block",
    "clearable",
    "disabled",
    "searchable",
];
const DATE_PICKER: &[&str] = &[
    "key",
    "id",
    "type",
    "name",
    "onChangeAction",
    "placeholder",
    "defaultValue",
    "min",
    "max",
    "variant",
    "size",
    "side",
    "align",
    "pill",
    "block",
    "clearable",
    "disabled",
];
const CHECKBOX: &[&str] = &[
    "key",
    "id",
    "type",
    "name",
    "label",
    "defaultChecked",
    "onChangeAction",
    "disabled",
    "required",
];
const RADIO_GROUP: &[&str] = &[
    "key",
    "id",
    "type",
    "name",
    "options",
    "ariaLabel",
    "onChangeAction",
    "defaultValue",
    "direction",
    "disabled",
    "required",
];

fn named(kind: &'static str, order: &'static [&'static str], name: String) -> Node {
    let mut node = Node::new(kind, order);
    node.set("name", Value::String(name));
    node
}

component! {
    /// `Button`.
    Button
}
setters!(Button {
    /// Submit the nearest enclosing form.
    submit(bool) => "submit";
    label(String) => "label";
    on_click_action(ActionConfig) => "onClickAction";
    icon_start(String) => "iconStart";
    icon_end(String) => "iconEnd";
    /// `primary` or `secondary`.
    style(String) => "style";
    icon_size(String) => "iconSize";
    /// `primary`, `secondary`, `info`, `discovery`, `success`, `caution`, `warning`, `danger`.
    color(String) => "color";
    /// `solid`, `soft`, `outline`, `ghost`.
    variant(String) => "variant";
    size(String) => "size";
    pill(bool) => "pill";
    uniform(bool) => "uniform";
    block(bool) => "block";
    disabled(bool) => "disabled";
});

impl Button {
    /// A button with a label (the SDK's only other required-looking prop is the action).
    pub fn new(label: impl Into<String>) -> Self {
        let mut node = Node::new("Button", BUTTON);
        node.set("label", Value::String(label.into()));
        Button(node)
    }
    /// A button without a label (icon-only buttons).
    pub fn unlabeled() -> Self {
        Button(Node::new("Button", BUTTON))
    }
}

component! {
    /// `Input`: a single-line text field.
    Input
}
setters!(Input {
    /// `number`, `email`, `text`, `password`, `tel`, `url`.
    input_type(String) => "inputType";
    default_value(String) => "defaultValue";
    required(bool) => "required";
    pattern(String) => "pattern";
    placeholder(String) => "placeholder";
    allow_autofill_extensions(bool) => "allowAutofillExtensions";
    auto_select(bool) => "autoSelect";
    auto_focus(bool) => "autoFocus";
    disabled(bool) => "disabled";
    variant(String) => "variant";
    size(String) => "size";
    gutter_size(String) => "gutterSize";
    pill(bool) => "pill";
});

impl Input {
    pub fn new(name: impl Into<String>) -> Self {
        Input(named("Input", INPUT, name.into()))
    }
}

component! {
    /// `Textarea`: a multi-line text field.
    Textarea
}
setters!(Textarea {
    default_value(String) => "defaultValue";
    required(bool) => "required";
    pattern(String) => "pattern";
    placeholder(String) => "placeholder";
    auto_select(bool) => "autoSelect";
    auto_focus(bool) => "autoFocus";
    disabled(bool) => "disabled";
    variant(String) => "variant";
    size(String) => "size";
    gutter_size(String) => "gutterSize";
    rows(i64) => "rows";
    auto_resize(bool) => "autoResize";
    max_rows(i64) => "maxRows";
    allow_autofill_extensions(bool) => "allowAutofillExtensions";
});

impl Textarea {
    pub fn new(name: impl Into<String>) -> Self {
        Textarea(named("Textarea", TEXTAREA, name.into()))
    }
}

component! {
    /// `Select`: a dropdown.
    Select
}
setters!(Select {
    on_change_action(ActionConfig) => "onChangeAction";
    placeholder(String) => "placeholder";
    default_value(String) => "defaultValue";
    variant(String) => "variant";
    size(String) => "size";
    pill(bool) => "pill";
    block(bool) => "block";
    clearable(bool) => "clearable";
    disabled(bool) => "disabled";
    /// Default (unset): searchable when there are more than 15 options.
    searchable(bool) => "searchable";
});

impl Select {
    pub fn new(name: impl Into<String>, options: impl IntoIterator<Item = SelectOption>) -> Self {
        let mut node = named("Select", SELECT, name.into());
        node.set(
            "options",
            Value::Array(options.into_iter().map(Value::from).collect()),
        );
        Select(node)
    }
    /// Append one option.
    pub fn option(mut self, option: SelectOption) -> Self {
        self.0.props_mut("options").push(option.into());
        self
    }
}

component! {
    /// `DatePicker`. `default_value`/`min`/`max` are ISO-8601 datetime strings.
    DatePicker
}
setters!(DatePicker {
    on_change_action(ActionConfig) => "onChangeAction";
    placeholder(String) => "placeholder";
    default_value(String) => "defaultValue";
    min(String) => "min";
    max(String) => "max";
    variant(String) => "variant";
    size(String) => "size";
    /// `top`, `bottom`, `left`, `right`.
    side(String) => "side";
    /// `start`, `center`, `end`.
    align(String) => "align";
    pill(bool) => "pill";
    block(bool) => "block";
    clearable(bool) => "clearable";
    disabled(bool) => "disabled";
});

impl DatePicker {
    pub fn new(name: impl Into<String>) -> Self {
        DatePicker(named("DatePicker", DATE_PICKER, name.into()))
    }
}

component! {
    /// `Checkbox`.
    Checkbox
}
setters!(Checkbox {
    label(String) => "label";
    default_checked(bool) => "defaultChecked";
    on_change_action(ActionConfig) => "onChangeAction";
    disabled(bool) => "disabled";
    required(bool) => "required";
});

impl Checkbox {
    pub fn new(name: impl Into<String>) -> Self {
        Checkbox(named("Checkbox", CHECKBOX, name.into()))
    }
}

component! {
    /// `RadioGroup`.
    RadioGroup
}
setters!(RadioGroup {
    aria_label(String) => "ariaLabel";
    on_change_action(ActionConfig) => "onChangeAction";
    default_value(String) => "defaultValue";
    /// `row` or `col`.
    direction(String) => "direction";
    disabled(bool) => "disabled";
    required(bool) => "required";
});

impl RadioGroup {
    pub fn new(name: impl Into<String>) -> Self {
        RadioGroup(named("RadioGroup", RADIO_GROUP, name.into()))
    }
    /// Append one option.
    pub fn option(mut self, option: RadioOption) -> Self {
        let options = self.0.props_mut("options");
        options.push(option.into());
        self
    }
    /// Append several options.
    pub fn options(self, options: impl IntoIterator<Item = RadioOption>) -> Self {
        options.into_iter().fold(self, |b, o| b.option(o))
    }
}
