//! Request bodies: the 16 request types (docs/PROTOCOL.md §2.1). Parsing is exactly as strict as the
//! reference's pydantic models (docs/PROTOCOL.md (Appendix A) has the table): unknown keys ignored,
//! lax-mode coercions for `int` and `bool` fields, every field without a default required at any
//! depth, and anything else — unknown `type`, missing `params`, a wrong type, an array where a
//! model belongs — a typed `invalid_request` error, never a panic.

use super::actions::Action;
use super::content::UserMessageContent;
use super::items::InferenceOptions;
use super::structured::StructuredInputSubmission;
use super::thread::Order;
use super::{lax, model_shape};
use crate::errors::ChatKitError;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A parsed request body: the request and the (otherwise ignored) integration `metadata`.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestEnvelope {
    pub request: ChatKitRequest,
    pub metadata: Map<String, Value>,
}

/// The wire names of the 16 request types (the `type` of a body), streaming ones first.
pub const REQUEST_TYPES: [&str; 16] = [
    "threads.create",
    "threads.add_user_message",
    "threads.add_client_tool_output",
    "threads.add_structured_input",
    "threads.retry_after_item",
    "threads.custom_action",
    "threads.sync_custom_action",
    "threads.get_by_id",
    "threads.list",
    "threads.update",
    "threads.delete",
    "items.list",
    "items.feedback",
    "attachments.create",
    "attachments.delete",
    "input.transcribe",
];

/// Every request type, with its `params`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", content = "params")]
pub enum ChatKitRequest {
    #[serde(rename = "threads.get_by_id")]
    GetThread(ThreadIdParams),
    #[serde(rename = "threads.create")]
    CreateThread(CreateThreadParams),
    #[serde(rename = "threads.list")]
    ListThreads(ListThreadsParams),
    #[serde(rename = "threads.add_user_message")]
    AddUserMessage(AddUserMessageParams),
    #[serde(rename = "threads.add_client_tool_output")]
    AddClientToolOutput(AddClientToolOutputParams),
    #[serde(rename = "threads.add_structured_input")]
    AddStructuredInput(AddStructuredInputParams),
    #[serde(rename = "threads.retry_after_item")]
    RetryAfterItem(ItemRefParams),
    #[serde(rename = "threads.custom_action")]
    CustomAction(CustomActionParams),
    #[serde(rename = "threads.sync_custom_action")]
    SyncCustomAction(CustomActionParams),
    #[serde(rename = "threads.update")]
    UpdateThread(UpdateThreadParams),
    #[serde(rename = "threads.delete")]
    DeleteThread(ThreadIdParams),
    #[serde(rename = "items.list")]
    ListItems(ListItemsParams),
    #[serde(rename = "items.feedback")]
    Feedback(FeedbackParams),
    #[serde(rename = "attachments.create")]
    CreateAttachment(CreateAttachmentParams),
    #[serde(rename = "attachments.delete")]
    DeleteAttachment(AttachmentIdParams),
    #[serde(rename = "input.transcribe")]
    Transcribe(TranscribeParams),
}

impl ChatKitRequest {
    /// Whether the response is an SSE stream (6 types) rather than one JSON body.
    pub fn is_streaming(&self) -> bool {
        matches!(
            self,
            Self::CreateThread(_)
                | Self::AddUserMessage(_)
                | Self::AddClientToolOutput(_)
                | Self::AddStructuredInput(_)
                | Self::RetryAfterItem(_)
                | Self::CustomAction(_)
        )
    }

    /// Parse a request body.
    pub fn parse(body: &[u8]) -> Result<RequestEnvelope, ChatKitError> {
        let value: Value = serde_json::from_slice(body)
            .map_err(|e| ChatKitError::invalid_request(format!("body is not JSON: {e}")))?;
        Self::from_value(value)
    }

    /// Parse an already decoded request body.
    pub fn from_value(value: Value) -> Result<RequestEnvelope, ChatKitError> {
        let Value::Object(mut body) = value else {
            return Err(ChatKitError::invalid_request(
                "request body must be a JSON object",
            ));
        };
        let kind = match body.remove("type") {
            Some(Value::String(s)) => s,
            Some(_) => return Err(ChatKitError::invalid_request("`type` must be a string")),
            None => return Err(ChatKitError::invalid_request("missing field `type`")),
        };
        let params = match body.remove("params") {
            Some(p @ Value::Object(_)) => p,
            Some(_) => return Err(ChatKitError::invalid_request("`params` must be an object")),
            None => return Err(ChatKitError::invalid_request("missing field `params`")),
        };
        let metadata = match body.remove("metadata") {
            None => Map::new(),
            Some(Value::Object(m)) => m,
            Some(_) => {
                return Err(ChatKitError::invalid_request(
                    "`metadata` must be an object",
                ))
            }
        };
        fn p<T: for<'de> Deserialize<'de>>(kind: &str, params: Value) -> Result<T, ChatKitError> {
            serde_json::from_value(params).map_err(|e| {
                ChatKitError::invalid_request(format!("invalid params for {kind}: {e}"))
            })
        }
        let request = match kind.as_str() {
            "threads.get_by_id" => Self::GetThread(p(&kind, params)?),
            "threads.create" => Self::CreateThread(p(&kind, params)?),
            "threads.list" => Self::ListThreads(p(&kind, params)?),
            "threads.add_user_message" => Self::AddUserMessage(p(&kind, params)?),
            "threads.add_client_tool_output" => Self::AddClientToolOutput(p(&kind, params)?),
            "threads.add_structured_input" => Self::AddStructuredInput(p(&kind, params)?),
            "threads.retry_after_item" => Self::RetryAfterItem(p(&kind, params)?),
            "threads.custom_action" => Self::CustomAction(p(&kind, params)?),
            "threads.sync_custom_action" => Self::SyncCustomAction(p(&kind, params)?),
            "threads.update" => Self::UpdateThread(p(&kind, params)?),
            "threads.delete" => Self::DeleteThread(p(&kind, params)?),
            "items.list" => Self::ListItems(p(&kind, params)?),
            "items.feedback" => Self::Feedback(p(&kind, params)?),
            "attachments.create" => Self::CreateAttachment(p(&kind, params)?),
            "attachments.delete" => Self::DeleteAttachment(p(&kind, params)?),
            "input.transcribe" => Self::Transcribe(p(&kind, params)?),
            other => {
                return Err(ChatKitError::invalid_request(format!(
                    "unknown request type {other:?}"
                )))
            }
        };
        Ok(RequestEnvelope { request, metadata })
    }
}

/// What the user sent: used by `threads.create` and `threads.add_user_message`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserMessageInput {
    #[serde(deserialize_with = "model_shape::list_of_objects")]
    pub content: Vec<UserMessageContent>,
    /// Ids of previously created attachments.
    pub attachments: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quoted_text: Option<String>,
    #[serde(deserialize_with = "model_shape::object")]
    pub inference_options: InferenceOptions,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThreadIdParams {
    pub thread_id: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreateThreadParams {
    #[serde(deserialize_with = "model_shape::object")]
    pub input: UserMessageInput,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListThreadsParams {
    /// Any integer, as sent (negative values are valid requests; see `docs/PROTOCOL.md (Appendix A)`).
    #[serde(
        default,
        deserialize_with = "lax::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub limit: Option<i64>,
    #[serde(default)]
    pub order: Order,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AddUserMessageParams {
    pub thread_id: String,
    #[serde(deserialize_with = "model_shape::object")]
    pub input: UserMessageInput,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AddClientToolOutputParams {
    pub thread_id: String,
    /// Any JSON; required, but may be `null`.
    pub result: Value,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AddStructuredInputParams {
    pub thread_id: String,
    pub item_id: String,
    #[serde(deserialize_with = "model_shape::object")]
    pub input: StructuredInputSubmission,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemRefParams {
    pub thread_id: String,
    pub item_id: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomActionParams {
    pub thread_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_id: Option<String>,
    #[serde(deserialize_with = "model_shape::object")]
    pub action: Action,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UpdateThreadParams {
    pub thread_id: String,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListItemsParams {
    pub thread_id: String,
    /// Any integer, as sent (negative values are valid requests; see `docs/PROTOCOL.md (Appendix A)`).
    #[serde(
        default,
        deserialize_with = "lax::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub limit: Option<i64>,
    #[serde(default)]
    pub order: Order,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FeedbackKind {
    Positive,
    Negative,
}

impl FeedbackKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FeedbackKind::Positive => "positive",
            FeedbackKind::Negative => "negative",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeedbackParams {
    pub thread_id: String,
    pub item_ids: Vec<String>,
    pub kind: FeedbackKind,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreateAttachmentParams {
    pub name: String,
    /// Bytes, as sent: any integer is a valid request.
    #[serde(deserialize_with = "lax::int")]
    pub size: i64,
    pub mime_type: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttachmentIdParams {
    pub attachment_id: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TranscribeParams {
    pub audio_base64: String,
    /// Raw MIME type, e.g. `audio/webm;codecs=opus`.
    pub mime_type: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::errors::ErrorKind;

    fn parse(s: &str) -> Result<RequestEnvelope, ChatKitError> {
        ChatKitRequest::parse(s.as_bytes())
    }

    #[test]
    fn lax_and_unknown_keys() {
        let r = parse(r#"{"type":"threads.list","params":{"limit":"3","x":1},"metadata":{"a":1},"extra":true}"#).unwrap();
        assert_eq!(
            r.request,
            ChatKitRequest::ListThreads(ListThreadsParams {
                limit: Some(3),
                ..Default::default()
            })
        );
        assert_eq!(r.metadata.get("a"), Some(&Value::from(1)));
    }

    #[test]
    fn every_listed_request_type_is_known_to_the_parser() {
        let mut unique = REQUEST_TYPES.to_vec();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), REQUEST_TYPES.len(), "a type is listed twice");
        for kind in REQUEST_TYPES {
            let body = format!(r#"{{"type":"{kind}","params":{{}}}}"#);
            if let Err(e) = parse(&body) {
                assert!(!e.message.contains("unknown request type"), "{kind}: {e:?}");
            }
        }
        let unknown = parse(r#"{"type":"threads.unknown","params":{}}"#).unwrap_err();
        assert!(
            unknown.message.contains("unknown request type"),
            "{unknown:?}"
        );
    }

    #[test]
    fn invalid_bodies_are_typed_errors() {
        for body in [
            "{}",
            "[]",
            "not json",
            r#"{"type":"threads.unknown","params":{}}"#,
            r#"{"type":"threads.list"}"#,
            r#"{"type":"threads.list","params":{"limit":"ten"}}"#,
            r#"{"type":"threads.list","params":{"order":"sideways"}}"#,
            r#"{"type":"items.feedback","params":{"thread_id":"t","item_ids":"m","kind":"positive"}}"#,
        ] {
            assert_eq!(
                parse(body).unwrap_err().kind,
                ErrorKind::InvalidRequest,
                "{body}"
            );
        }
    }

    mod fuzz {
        use super::super::*;
        use crate::errors::ErrorKind;
        use proptest::prelude::*;

        /// Every known type and one unknown one.
        fn types() -> Vec<&'static str> {
            REQUEST_TYPES
                .into_iter()
                .chain(["threads.unknown"])
                .collect()
        }

        fn json() -> impl Strategy<Value = Value> {
            let leaf = prop_oneof![
                Just(Value::Null),
                any::<bool>().prop_map(Value::from),
                any::<i64>().prop_map(Value::from),
                any::<f64>().prop_map(
                    |f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)
                ),
                "[a-z_ 0-9]{0,8}".prop_map(Value::from),
            ];
            leaf.prop_recursive(4, 48, 6, |inner| {
                let keys = prop_oneof![
                    Just("thread_id".to_owned()),
                    Just("input".to_owned()),
                    Just("content".to_owned()),
                    Just("limit".to_owned()),
                    Just("action".to_owned()),
                    Just("type".to_owned()),
                    Just("attachments".to_owned()),
                    Just("inference_options".to_owned()),
                    "[a-z_]{1,6}",
                ];
                prop_oneof![
                    prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                    prop::collection::btree_map(keys, inner, 0..5)
                        .prop_map(|m| Value::Object(m.into_iter().collect())),
                ]
            })
        }

        proptest! {
            /// Arbitrary params for every request type give Ok or a typed error, never a panic.
            #[test]
            fn arbitrary_params_never_panic(kind in 0..types().len(), params in json()) {
                let body = serde_json::json!({"type": types()[kind], "params": params});
                let parsed = ChatKitRequest::parse(body.to_string().as_bytes());
                if let Err(e) = parsed {
                    prop_assert_eq!(e.kind, ErrorKind::InvalidRequest);
                }
            }

            #[test]
            fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..64)) {
                let _ = ChatKitRequest::parse(&bytes);
            }
        }
    }
}
