//! Attachments: file/image metadata, the two-phase upload descriptor, and the server-private
//! `metadata` that must never reach the client (docs/PROTOCOL.md §1.5 rule 4, §4.5).

use super::tagged::tagged_union;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

tagged_union! {
    /// A file or image the user attached.
    ///
    /// `metadata` is server-private: `Serialize` never writes it. Stores that need to keep it use
    /// [`Attachment::to_storage_json`] (or persist [`Attachment::metadata`] themselves);
    /// `Deserialize` accepts it.
    #[derive(Debug, Clone, PartialEq)]
    pub enum Attachment, type after ["id", "name", "mime_type", "upload_descriptor", "thread_id"] {
        File(FileAttachment) = "file",
        Image(ImageAttachment) = "image",
    }
}

/// Where and how the client uploads the bytes (two-phase upload).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UploadDescriptor {
    pub url: String,
    pub method: UploadMethod,
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum UploadMethod {
    #[serde(rename = "PUT")]
    Put,
    #[serde(rename = "POST")]
    Post,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileAttachment {
    pub id: String,
    pub name: String,
    pub mime_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upload_descriptor: Option<UploadDescriptor>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thread_id: Option<String>,
    #[serde(default, skip_serializing)]
    pub metadata: Option<Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImageAttachment {
    pub id: String,
    pub name: String,
    pub mime_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upload_descriptor: Option<UploadDescriptor>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thread_id: Option<String>,
    #[serde(default, skip_serializing)]
    pub metadata: Option<Value>,
    pub preview_url: String,
}

impl Attachment {
    /// A new, not yet uploaded attachment for an `attachments.create` request, the way the
    /// reference SDK's attachment stores build one: an image when `params.mime_type` is
    /// `image/*` (then `preview_url` gives where its preview will be served), a file
    /// otherwise; no thread yet; `metadata` stays server-side. Store implementations call it
    /// so they differ only in where uploads go.
    pub fn pending(
        id: String,
        params: &crate::types::CreateAttachmentParams,
        upload_descriptor: Option<UploadDescriptor>,
        preview_url: impl FnOnce(&str) -> String,
        metadata: Option<Value>,
    ) -> Attachment {
        if params.mime_type.starts_with("image/") {
            Attachment::Image(ImageAttachment {
                preview_url: preview_url(&id),
                id,
                name: params.name.clone(),
                mime_type: params.mime_type.clone(),
                upload_descriptor,
                thread_id: None,
                metadata,
            })
        } else {
            Attachment::File(FileAttachment {
                id,
                name: params.name.clone(),
                mime_type: params.mime_type.clone(),
                upload_descriptor,
                thread_id: None,
                metadata,
            })
        }
    }

    pub fn id(&self) -> &str {
        match self {
            Attachment::File(a) => &a.id,
            Attachment::Image(a) => &a.id,
        }
    }

    pub fn thread_id(&self) -> Option<&str> {
        match self {
            Attachment::File(a) => a.thread_id.as_deref(),
            Attachment::Image(a) => a.thread_id.as_deref(),
        }
    }

    pub fn set_thread_id(&mut self, thread_id: Option<String>) {
        match self {
            Attachment::File(a) => a.thread_id = thread_id,
            Attachment::Image(a) => a.thread_id = thread_id,
        }
    }

    pub fn name(&self) -> &str {
        match self {
            Attachment::File(a) => &a.name,
            Attachment::Image(a) => &a.name,
        }
    }

    pub fn mime_type(&self) -> &str {
        match self {
            Attachment::File(a) => &a.mime_type,
            Attachment::Image(a) => &a.mime_type,
        }
    }

    /// Where the bytes still have to be uploaded; `None` once the upload is complete.
    pub fn upload_descriptor_mut(&mut self) -> &mut Option<UploadDescriptor> {
        match self {
            Attachment::File(a) => &mut a.upload_descriptor,
            Attachment::Image(a) => &mut a.upload_descriptor,
        }
    }

    /// The size the client declared in `attachments.create`, when the attachment store kept it
    /// in `metadata.size` (both of Shopdesk's stores do).
    pub fn declared_size(&self) -> Option<u64> {
        self.metadata()?.get("size")?.as_u64()
    }

    /// Server-private metadata (never serialized to clients).
    pub fn metadata(&self) -> Option<&Value> {
        match self {
            Attachment::File(a) => a.metadata.as_ref(),
            Attachment::Image(a) => a.metadata.as_ref(),
        }
    }

    /// The attachment as JSON *including* `metadata`, for stores. Reads back with `serde_json::from_value`.
    pub fn to_storage_json(&self) -> Value {
        let mut value = serde_json::to_value(self).unwrap_or(Value::Null);
        if let (Value::Object(map), Some(meta)) = (&mut value, self.metadata()) {
            map.insert("metadata".into(), meta.clone());
        }
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_is_stripped_but_storable() {
        let raw = r#"{"id":"atc_1","name":"a.png","mime_type":"image/png","thread_id":"thr_1","metadata":{"size":3},"type":"image","preview_url":"https://x/p"}"#;
        let a: Attachment = serde_json::from_str(raw).unwrap();
        assert_eq!(
            serde_json::to_string(&a).unwrap(),
            r#"{"id":"atc_1","name":"a.png","mime_type":"image/png","thread_id":"thr_1","type":"image","preview_url":"https://x/p"}"#
        );
        let stored: Attachment = serde_json::from_value(a.to_storage_json()).unwrap();
        assert_eq!(stored.metadata(), Some(&serde_json::json!({"size":3})));
    }
}
