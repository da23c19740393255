//! The OpenAI Responses API backend (the default when the provider is OpenAI).
//!
//! Responses is OpenAI's current API for agents: function tools are top-level, tool calls come
//! back as `function_call` output items with a `call_id`, and tool results go back as
//! `function_call_output` input items. Requests go through our transport ([`super::http`]); the
//! body is our own JSON so the tests can assert exactly what is sent, and events are folded
//! leniently by [`super::responses_events`]. A turn is complete only with `response.completed`
//! or `response.incomplete`; `response.failed` and `error` are typed errors. Requests are stateless (`store: false`): the agent always
//! sends the whole conversation, which also works with servers that keep no state (Ollama).

use serde_json::{json, Value};

use super::error::ModelError;
use super::http::{Endpoint, HttpOptions};
use super::reduce::{reduce, Reducer};
use super::responses_events::ResponsesStreamReducer;
use super::types::{ModelEvent, ModelMessage, ModelRequest};
use super::{ModelBackend, ModelStream};

/// Streams turns from `POST {base_url}/responses`.
#[derive(Debug)]
pub struct ResponsesBackend {
    endpoint: Endpoint,
}

impl ResponsesBackend {
    /// `base_url` includes `/v1` (`https://api.openai.com/v1` for OpenAI).
    pub fn new(
        base_url: &str,
        api_key: Option<&str>,
        default_model: impl Into<String>,
        options: HttpOptions,
    ) -> Result<Self, ModelError> {
        Ok(ResponsesBackend {
            endpoint: Endpoint::new(base_url, api_key, default_model, options)?,
        })
    }
}

/// Translates a [`ModelRequest`] into the Responses API body.
pub fn request_body(request: &ModelRequest, default_model: &str) -> Value {
    let input: Vec<Value> = request
        .messages
        .iter()
        .flat_map(|message| match message {
            ModelMessage::User { text } => vec![json!({"type": "message", "role": "user", "content": text})],
            ModelMessage::Assistant { text } => {
                vec![json!({"type": "message", "role": "assistant", "content": text})]
            }
            ModelMessage::ToolCalls { calls } => calls
                .iter()
                .map(|c| json!({"type": "function_call", "call_id": c.call_id, "name": c.name, "arguments": c.arguments}))
                .collect(),
            ModelMessage::ToolResult { call_id, output } => {
                vec![json!({"type": "function_call_output", "call_id": call_id, "output": output})]
            }
            ModelMessage::Attachments { attachments } => {
                let content: Vec<Value> = attachments
                    .iter()
                    .map(|a| match &a.image_data_url {
                        Some(url) => json!({"type": "input_image", "image_url": url}),
                        None => json!({"type": "input_text", "text": a.note()}),
                    })
                    .collect();
                vec![json!({"type": "message", "role": "user", "content": content})]
            }
        })
        .collect();
    let mut body = json!({
        "model": request.model.clone().unwrap_or_else(|| default_model.to_string()),
        "input": input,
        "stream": true,
        "store": false,
    });
    if let Some(instructions) = request.instructions.as_deref().filter(|i| !i.is_empty()) {
        body["instructions"] = json!(instructions);
    }
    if !request.tools.is_empty() {
        body["tools"] = request
            .tools
            .iter()
            .map(|t| json!({"type": "function", "name": t.name, "description": t.description, "parameters": t.parameters, "strict": false}))
            .collect();
    }
    body
}

impl Reducer for ResponsesStreamReducer {
    fn push(&mut self, data: &str) -> Result<Vec<ModelEvent>, ModelError> {
        let event = serde_json::from_str::<Value>(data)
            .ok()
            .filter(Value::is_object)
            .ok_or_else(|| ModelError::MalformedStream {
                message: format!(
                    "an event that is not a JSON object: {:?}",
                    data.chars().take(120).collect::<String>()
                ),
            })?;
        ResponsesStreamReducer::push(self, event)
    }
    fn finish(&mut self) -> Result<Vec<ModelEvent>, ModelError> {
        ResponsesStreamReducer::finish(self)
    }
    fn started(&self) -> bool {
        ResponsesStreamReducer::started(self)
    }
}

#[async_trait::async_trait]
impl ModelBackend for ResponsesBackend {
    fn name(&self) -> &'static str {
        "openai-responses"
    }

    async fn stream(&self, request: ModelRequest) -> Result<ModelStream, ModelError> {
        let body = request_body(&request, &self.endpoint.default_model);
        tracing::debug!(model = %body["model"], "responses request");
        let opened = self.endpoint.open_stream("/responses", &body).await?;
        Ok(reduce(
            opened,
            ResponsesStreamReducer::new(),
            self.endpoint.options,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::types::{ToolCall, ToolSpec};

    #[test]
    fn body_carries_instructions_tools_calls_and_outputs() {
        let request = ModelRequest {
            model: Some("gpt-4.1".into()),
            instructions: Some("Help shoppers.".into()),
            messages: vec![
                ModelMessage::User {
                    text: "my cart".into(),
                },
                ModelMessage::ToolCalls {
                    calls: vec![ToolCall {
                        call_id: "call_1".into(),
                        name: "view_cart".into(),
                        arguments: "{}".into(),
                    }],
                },
                ModelMessage::ToolResult {
                    call_id: "call_1".into(),
                    output: "{\"items\":[]}".into(),
                },
            ],
            tools: vec![ToolSpec {
                name: "view_cart".into(),
                description: "Show the cart".into(),
                parameters: json!({"type":"object","properties":{}}),
            }],
        };
        let body = request_body(&request, "gpt-4.1-mini");
        assert_eq!(body["model"], "gpt-4.1");
        assert_eq!(body["instructions"], "Help shoppers.");
        assert_eq!(
            body["input"][1],
            json!({"type":"function_call","call_id":"call_1","name":"view_cart","arguments":"{}"})
        );
        assert_eq!(
            body["input"][2],
            json!({"type":"function_call_output","call_id":"call_1","output":"{\"items\":[]}"})
        );
        assert_eq!(body["tools"][0]["name"], "view_cart");
        assert_eq!(body["tools"][0]["type"], "function");
        assert_eq!(body["store"], false);
    }
}
