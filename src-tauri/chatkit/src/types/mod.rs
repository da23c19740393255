//! Protocol types (serde), one concept per file. Serialization follows the reference SDK byte
//! for byte (docs/PROTOCOL.md §1.5): compact JSON, `null`s omitted, non-null defaults written, model
//! declaration key order, attachment `metadata` stripped, thread `metadata` sent as `{}`.
//! Widget trees are plain `serde_json::Value`s (see `crate::widgets`).

pub mod actions;
pub mod attachments;
pub mod content;
pub mod events;
pub mod items;
pub(crate) mod lax;
pub(crate) mod model_shape;
#[cfg(test)]
mod request_validation_tests;
pub mod requests;
pub mod structured;
pub(crate) mod tagged;
pub mod thread;
#[cfg(test)]
mod validation_table;
pub mod workflow;

pub use actions::*;
pub use attachments::*;
pub use content::*;
pub use events::*;
pub use items::*;
pub use requests::*;
pub use structured::*;
pub use thread::*;
pub use workflow::*;
