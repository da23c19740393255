//! The request and event vocabulary shared by every model backend.
//!
//! These types are deliberately smaller than any provider's: they hold exactly what the agent
//! loop needs to send (conversation, instructions, tool specs) and to receive (text, complete
//! tool calls, usage). Each backend translates them to and from its wire format, so switching
//! providers never changes the loop.

use serde::{Deserialize, Serialize};

/// One model turn to run.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ModelRequest {
    /// Model name; `None` means the backend's configured default.
    pub model: Option<String>,
    /// System / developer instructions.
    pub instructions: Option<String>,
    /// The conversation so far, oldest first.
    pub messages: Vec<ModelMessage>,
    /// Function tools the model may call.
    pub tools: Vec<ToolSpec>,
}

impl ModelRequest {
    /// A request with one user message and no tools (handy in tests and examples).
    pub fn user(text: impl Into<String>) -> ModelRequest {
        ModelRequest {
            messages: vec![ModelMessage::User { text: text.into() }],
            ..ModelRequest::default()
        }
    }
}

/// One entry of the conversation as the model sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "role", rename_all = "snake_case")]
pub enum ModelMessage {
    /// What the user typed.
    User { text: String },
    /// Text the assistant produced earlier.
    Assistant { text: String },
    /// Tool calls the assistant made earlier (one turn may make several).
    ToolCalls { calls: Vec<ToolCall> },
    /// The output of one tool call, matched by `call_id`.
    ToolResult { call_id: String, output: String },
    /// Files and images the user attached to the `User` message that follows.
    Attachments { attachments: Vec<ModelAttachment> },
}

/// One attachment as the model sees it: its name and type, and for an image the bytes as a
/// `data:` URL when the responder could read them (backends send that as an image input).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelAttachment {
    pub id: String,
    pub name: String,
    pub mime_type: String,
    /// Whether ChatKit sent it as an image attachment.
    pub is_image: bool,
    /// `data:<mime>;base64,…` of an image the responder read, else `None`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_data_url: Option<String>,
}

impl ModelAttachment {
    /// The sentence a model reads for an attachment whose bytes it does not get.
    pub fn note(&self) -> String {
        let kind = if self.is_image { "an image" } else { "a file" };
        format!(
            "[The user attached {kind}: \"{}\" ({}); its contents are not available to you]",
            self.name, self.mime_type
        )
    }
}

/// A function tool offered to the model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ToolSpec {
    pub name: String,
    pub description: String,
    /// JSON Schema of the arguments object.
    pub parameters: serde_json::Value,
}

impl ToolSpec {
    /// The names of the properties the schema declares (empty if it declares none).
    pub fn property_names(&self) -> Vec<&str> {
        self.parameters
            .get("properties")
            .and_then(|p| p.as_object())
            .map(|o| o.keys().map(String::as_str).collect())
            .unwrap_or_default()
    }

    /// The `enum` values of one string property, if the schema restricts it.
    pub fn enum_values(&self, property: &str) -> Option<Vec<&str>> {
        let values = self
            .parameters
            .get("properties")?
            .get(property)?
            .get("enum")?;
        Some(
            values
                .as_array()?
                .iter()
                .filter_map(|v| v.as_str())
                .collect(),
        )
    }
}

/// A complete tool call: what the model asked to run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ToolCall {
    /// The provider's call id; tool results refer to it.
    pub call_id: String,
    pub name: String,
    /// The arguments as the JSON text the model produced (not validated here).
    pub arguments: String,
}

/// Token counts of one turn, when the provider reports them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Usage {
    pub input_tokens: u64,
    pub output_tokens: u64,
    pub total_tokens: u64,
}

/// What a backend's stream yields.
#[derive(Debug, Clone, PartialEq)]
pub enum ModelEvent {
    /// A piece of assistant text, to append.
    TextDelta(String),
    /// A complete tool call (arguments fully accumulated).
    ToolCall(ToolCall),
    /// The turn ended normally.
    Done { usage: Option<Usage> },
}
