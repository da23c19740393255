//! Widgets: typed builders, root validation, `.widget` templates and the streaming diff.
//!
//! A widget is a JSON tree (docs/PROTOCOL.md §5); the crate keeps it as `serde_json::Value` so that
//! any component the client understands passes through. Around that representation this module
//! offers what a server needs to produce widgets the way the reference SDK does:
//!
//! * [`builders`](self) — `Card::new().child(Title::new("Lamp").size("md"))` style builders whose
//!   output is byte-identical to the SDK's serialization (key order, `null`s dropped, action
//!   defaults written);
//! * [`WidgetTemplate`] — `.widget` files from ChatKit Studio rendered with data;
//! * [`validate_root`], [`strip_nulls`], [`WidgetRoot`] — the JSON-level rules;
//! * [`diff_widget`] — what `stream_widget` sends between two states of a streamed widget.
//!
//! ```
//! use chatkit::widgets::*;
//! use serde_json::json;
//!
//! let card = Card::new()
//!     .size("sm")
//!     .child(Title::new("Aurora Desk Lamp").size("md"))
//!     .child(Text::new("$49.99").weight("semibold"))
//!     .child(Row::new().gap(2).child(
//!         Button::new("Add to Cart").style("primary").on_click_action(
//!             ActionConfig::new("cart.add").client().payload(json!({"product_id": "lamp-001"})),
//!         ),
//!     ))
//!     .build()
//!     .unwrap();
//! assert_eq!(card.root_type(), "Card");
//! ```
mod builders;
pub mod diff;
mod error;
pub mod template;
mod value;

pub use builders::{
    ActionConfig, Badge, Basic, BoxLayout, Button, Caption, Card, CardAction, Chart, Checkbox, Col,
    Component, DatePicker, Divider, Form, Handler, Icon, Image, Input, Label, ListView,
    ListViewItem, LoadingBehavior, Markdown, RadioGroup, RadioOption, Row, Select, SelectOption,
    Series, Spacer, Text, Textarea, ThemeColor, Title, Transition, WidgetStatus, XAxis,
};
pub use diff::{diff_widget, is_streaming_text, needs_replace, text_deltas, WidgetDiff};
pub use error::WidgetError;
pub use template::WidgetTemplate;
pub use value::{
    normalize_dynamic, strip_nulls, validate_component, validate_root, without_nulls, WidgetRoot,
    ROOT_TYPES,
};
