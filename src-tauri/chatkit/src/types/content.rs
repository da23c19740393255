//! Message content: what users type (text and @-tags), what the assistant writes (Markdown
//! parts with annotations), and the sources annotations point at (docs/PROTOCOL.md §4.3, §4.5).

use super::tagged::{const_tag, tagged_union, Tagged};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};

/// One part of a user message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum UserMessageContent {
    #[serde(rename = "input_text")]
    Text { text: String },
    /// An @-mention chosen in the composer.
    #[serde(rename = "input_tag")]
    Tag {
        id: String,
        text: String,
        /// Required, as in the reference models (the JS types mark it optional).
        data: Map<String, Value>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        group: Option<String>,
        #[serde(default, deserialize_with = "super::lax::boolean")]
        interactive: bool,
    },
}

const_tag!(
    /// The `type` of an assistant content part (always `output_text`).
    OutputText = "output_text"
);
const_tag!(
    /// The `type` of an annotation (always `annotation`).
    AnnotationType = "annotation"
);

/// One Markdown part of an assistant message. Serialized `annotations, text, type`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AssistantMessageContent {
    #[serde(default)]
    pub annotations: Vec<Annotation>,
    pub text: String,
    #[serde(rename = "type", default)]
    pub kind: OutputText,
}

impl AssistantMessageContent {
    /// A text part without annotations.
    pub fn text(text: impl Into<String>) -> Self {
        Self {
            annotations: Vec::new(),
            text: text.into(),
            kind: OutputText,
        }
    }
}

/// A citation attached to assistant text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Annotation {
    #[serde(rename = "type", default)]
    pub kind: AnnotationType,
    pub source: Source,
    /// Character position of the inline marker.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index: Option<i64>,
}

pub(crate) const SOURCE_BASE: &[&str] = &["title", "description", "timestamp", "group"];

tagged_union! {
    /// What an annotation cites.
    #[derive(Debug, Clone, PartialEq)]
    pub enum Source, type after ["title", "description", "timestamp", "group"] {
        Url(UrlSource) = "url",
        File(FileSource) = "file",
        Entity(EntitySource) = "entity",
    }
}

/// A web page.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UrlSource {
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribution: Option<String>,
}

/// A file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FileSource {
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    pub filename: String,
}

/// An application entity (product, person …).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EntitySource {
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inline_label: Option<String>,
    #[serde(default)]
    pub interactive: bool,
    #[serde(default)]
    pub data: Map<String, Value>,
    /// Deprecated upstream; kept for round trips.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preview: Option<String>,
}

/// Serialize a list of URL sources, each with its `"type":"url"`.
pub(crate) fn serialize_url_sources<S: Serializer>(
    v: &[UrlSource],
    s: S,
) -> Result<S::Ok, S::Error> {
    s.collect_seq(v.iter().map(|x| Tagged(x, "url", SOURCE_BASE)))
}

/// Serialize a list of file sources, each with its `"type":"file"`.
pub(crate) fn serialize_file_sources<S: Serializer>(
    v: &[FileSource],
    s: S,
) -> Result<S::Ok, S::Error> {
    s.collect_seq(v.iter().map(|x| Tagged(x, "file", SOURCE_BASE)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_text_key_order() {
        let c = AssistantMessageContent::text("hi");
        assert_eq!(
            serde_json::to_string(&c).unwrap(),
            r#"{"annotations":[],"text":"hi","type":"output_text"}"#
        );
        assert!(serde_json::from_str::<AssistantMessageContent>(
            r#"{"text":"x","type":"input_text"}"#
        )
        .is_err());
    }

    #[test]
    fn source_type_after_base() {
        let raw = r#"{"title":"T","description":"d","type":"file","filename":"a.pdf"}"#;
        let s: Source = serde_json::from_str(raw).unwrap();
        assert_eq!(serde_json::to_string(&s).unwrap(), raw);
    }
}
