//! The Chat Completions backend: the common denominator of local OpenAI-compatible servers.
//!
//! Ollama, llama.cpp's `llama-server`, LM Studio and vLLM all serve `POST {base}/chat/completions`
//! with streamed tool calls, each with its own quirks. The request goes through our transport
//! ([`super::http`]); both the request and the chunks are our own serde types: the request so
//! the body is exactly what we mean (and what the tests assert), the chunks because a strict
//! chunk type rejects the missing `index` / empty `finish_reason` those servers send (see
//! [`super::chat_chunks`]). A turn is complete only once a `finish_reason` arrived.

use serde::Serialize;
use serde_json::{json, Value};

use super::chat_chunks::{ChatChunk, ChatStreamReducer};
use super::error::ModelError;
use super::http::{Endpoint, HttpOptions};
use super::reduce::{reduce, Reducer};
use super::types::{ModelEvent, ModelMessage, ModelRequest, ToolSpec};
use super::{ModelBackend, ModelStream};

/// Streams turns from `POST {base_url}/chat/completions`.
#[derive(Debug)]
pub struct ChatCompletionsBackend {
    endpoint: Endpoint,
}

impl ChatCompletionsBackend {
    /// `base_url` includes `/v1` (e.g. `http://localhost:11434/v1`); `api_key` may be `None`
    /// for keyless servers.
    pub fn new(
        base_url: &str,
        api_key: Option<&str>,
        default_model: impl Into<String>,
        options: HttpOptions,
    ) -> Result<Self, ModelError> {
        Ok(ChatCompletionsBackend {
            endpoint: Endpoint::new(base_url, api_key, default_model, options)?,
        })
    }
}

/// The request body we send.
#[derive(Debug, Serialize)]
pub struct ChatRequestBody {
    pub model: String,
    pub messages: Vec<Value>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tools: Vec<Value>,
    pub stream: bool,
    pub stream_options: Value,
}

/// Translates a [`ModelRequest`] into the Chat Completions body.
pub fn request_body(request: &ModelRequest, default_model: &str) -> ChatRequestBody {
    let mut messages = Vec::new();
    if let Some(instructions) = request.instructions.as_deref().filter(|i| !i.is_empty()) {
        messages.push(json!({"role": "system", "content": instructions}));
    }
    let mut iter = request.messages.iter().peekable();
    while let Some(message) = iter.next() {
        match message {
            ModelMessage::User { text } => messages.push(json!({"role": "user", "content": text})),
            ModelMessage::Assistant { text } => {
                // Text followed by tool calls of the same turn is one assistant message.
                if let Some(ModelMessage::ToolCalls { calls }) = iter.peek() {
                    messages.push(
                        json!({"role": "assistant", "content": text, "tool_calls": tool_calls_json(calls)}),
                    );
                    iter.next();
                } else {
                    messages.push(json!({"role": "assistant", "content": text}));
                }
            }
            ModelMessage::ToolCalls { calls } => messages.push(
                json!({"role": "assistant", "content": null, "tool_calls": tool_calls_json(calls)}),
            ),
            ModelMessage::ToolResult { call_id, output } => {
                messages.push(json!({"role": "tool", "tool_call_id": call_id, "content": output}))
            }
            ModelMessage::Attachments { attachments } => {
                let content: Vec<Value> = attachments
                    .iter()
                    .map(|a| match &a.image_data_url {
                        Some(url) => json!({"type": "image_url", "image_url": {"url": url}}),
                        None => json!({"type": "text", "text": a.note()}),
                    })
                    .collect();
                messages.push(json!({"role": "user", "content": content}));
            }
        }
    }
    ChatRequestBody {
        model: request
            .model
            .clone()
            .unwrap_or_else(|| default_model.to_string()),
        messages,
        tools: request.tools.iter().map(tool_json).collect(),
        stream: true,
        stream_options: json!({"include_usage": true}),
    }
}

fn tool_calls_json(calls: &[super::types::ToolCall]) -> Vec<Value> {
    calls
        .iter()
        .map(|c| json!({"id": c.call_id, "type": "function", "function": {"name": c.name, "arguments": c.arguments}}))
        .collect()
}

fn tool_json(tool: &ToolSpec) -> Value {
    json!({"type": "function", "function": {"name": tool.name, "description": tool.description, "parameters": tool.parameters}})
}

impl Reducer for ChatStreamReducer {
    fn push(&mut self, data: &str) -> Result<Vec<ModelEvent>, ModelError> {
        let chunk: ChatChunk =
            serde_json::from_str(data).map_err(|e| ModelError::MalformedStream {
                message: format!(
                    "{e} in a chunk starting {:?}",
                    data.chars().take(120).collect::<String>()
                ),
            })?;
        ChatStreamReducer::push(self, chunk)
    }
    fn finish(&mut self) -> Result<Vec<ModelEvent>, ModelError> {
        ChatStreamReducer::finish(self)
    }
    fn started(&self) -> bool {
        ChatStreamReducer::started(self)
    }
    fn awaiting_trailer(&self) -> bool {
        self.finish_reason().is_some()
    }
}

#[async_trait::async_trait]
impl ModelBackend for ChatCompletionsBackend {
    fn name(&self) -> &'static str {
        "chat-completions"
    }

    async fn stream(&self, request: ModelRequest) -> Result<ModelStream, ModelError> {
        let body = request_body(&request, &self.endpoint.default_model);
        tracing::debug!(model = %body.model, messages = body.messages.len(), tools = body.tools.len(), "chat completions request");
        let opened = self
            .endpoint
            .open_stream("/chat/completions", &body)
            .await?;
        Ok(reduce(
            opened,
            ChatStreamReducer::new(),
            self.endpoint.options,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::types::ToolCall;

    #[test]
    fn body_merges_text_with_tool_calls_and_maps_results() {
        let request = ModelRequest {
            model: None,
            instructions: Some("Be brief.".into()),
            messages: vec![
                ModelMessage::User {
                    text: "lamps".into(),
                },
                ModelMessage::Assistant {
                    text: "Looking.".into(),
                },
                ModelMessage::ToolCalls {
                    calls: vec![ToolCall {
                        call_id: "c1".into(),
                        name: "show_products".into(),
                        arguments: "{}".into(),
                    }],
                },
                ModelMessage::ToolResult {
                    call_id: "c1".into(),
                    output: "ok".into(),
                },
            ],
            tools: vec![ToolSpec {
                name: "show_products".into(),
                description: "d".into(),
                parameters: json!({"type": "object"}),
            }],
        };
        let body = serde_json::to_value(request_body(&request, "llama3.2")).unwrap();
        assert_eq!(body["model"], "llama3.2");
        assert_eq!(body["messages"].as_array().unwrap().len(), 4);
        assert_eq!(
            body["messages"][0],
            json!({"role": "system", "content": "Be brief."})
        );
        assert_eq!(
            body["messages"][2]["tool_calls"][0]["function"]["name"],
            "show_products"
        );
        assert_eq!(body["messages"][2]["content"], "Looking.");
        assert_eq!(
            body["messages"][3],
            json!({"role": "tool", "tool_call_id": "c1", "content": "ok"})
        );
        assert_eq!(
            body["tools"][0]["function"]["parameters"],
            json!({"type": "object"})
        );
        assert_eq!(body["stream"], true);
    }

    #[test]
    fn no_tools_means_no_tools_key() {
        let body = serde_json::to_value(request_body(&ModelRequest::user("hi"), "m")).unwrap();
        assert!(body.get("tools").is_none());
    }
}
