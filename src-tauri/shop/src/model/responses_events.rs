//! Folding OpenAI Responses API stream events into model events.
//!
//! The Responses stream is a sequence of typed events (`response.output_text.delta`,
//! `response.output_item.added` / `.done`, `response.function_call_arguments.delta` / `.done`,
//! `response.completed`, `response.failed`, `error`, and many we do not need). New event types
//! appear often and in-progress items may lack fields, so events are read as JSON values and
//! only the fields we use are picked; unknown events are ignored. The `*.done` payloads are
//! authoritative for tool calls, the deltas are a fallback when a server skips them. A turn is
//! complete only with `response.completed` / `response.incomplete` (a body that ends without
//! either is [`ModelError::Truncated`]); tool calls are capped in number and argument size.

use serde_json::Value;

use super::error::ModelError;
use super::limits::Limit;
use super::types::{ModelEvent, ToolCall, Usage};

#[derive(Debug, Default)]
struct PendingCall {
    item_id: String,
    call_id: Option<String>,
    name: Option<String>,
    arguments: String,
    emitted: bool,
}

/// State of one Responses stream.
#[derive(Debug, Default)]
pub struct ResponsesStreamReducer {
    calls: Vec<PendingCall>,
    events_seen: usize,
    finished: bool,
}

impl ResponsesStreamReducer {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn started(&self) -> bool {
        self.events_seen > 0
    }

    /// Applies one event (the JSON of a `data:` line).
    pub fn push(&mut self, event: Value) -> Result<Vec<ModelEvent>, ModelError> {
        self.events_seen += 1;
        let kind = str_field(&event, "type").unwrap_or_default();
        let mut out = Vec::new();
        match kind {
            "response.output_text.delta" | "response.refusal.delta" => {
                if let Some(delta) = str_field(&event, "delta").filter(|d| !d.is_empty()) {
                    out.push(ModelEvent::TextDelta(delta.to_string()));
                }
            }
            "response.output_item.added" => {
                if let Some(item) = event.get("item").filter(|i| is_function_call(i)) {
                    self.upsert(item)?;
                }
            }
            "response.function_call_arguments.delta" => {
                if let (Some(id), Some(delta)) =
                    (str_field(&event, "item_id"), str_field(&event, "delta"))
                {
                    let pos = self.position_or_insert(id)?;
                    Limit::ToolArguments.check(self.calls[pos].arguments.len() + delta.len())?;
                    self.calls[pos].arguments.push_str(delta);
                }
            }
            "response.function_call_arguments.done" => {
                if let (Some(id), Some(args)) =
                    (str_field(&event, "item_id"), str_field(&event, "arguments"))
                {
                    let pos = self.position_or_insert(id)?;
                    Limit::ToolArguments.check(args.len())?;
                    self.calls[pos].arguments = args.to_string();
                }
            }
            "response.output_item.done" => {
                if let Some(item) = event.get("item").filter(|i| is_function_call(i)) {
                    let pos = self.upsert(item)?;
                    out.extend(self.emit(pos)?);
                }
            }
            "response.completed" | "response.incomplete" => {
                if kind == "response.incomplete" {
                    tracing::warn!(details = ?event.pointer("/response/incomplete_details"), "response incomplete");
                }
                for pos in 0..self.calls.len() {
                    out.extend(self.emit(pos)?);
                }
                self.finished = true;
                out.push(ModelEvent::Done {
                    usage: usage(event.pointer("/response/usage")),
                });
            }
            "response.failed" => {
                let err = event
                    .pointer("/response/error")
                    .cloned()
                    .unwrap_or(Value::Null);
                return Err(error_from(&err));
            }
            "error" => {
                let err = event
                    .get("error")
                    .filter(|e| e.is_object())
                    .unwrap_or(&event);
                return Err(error_from(err));
            }
            _ => {}
        }
        Ok(out)
    }

    /// The body ended: fine after `response.completed`, else [`ModelError::Truncated`].
    pub fn finish(&mut self) -> Result<Vec<ModelEvent>, ModelError> {
        if self.finished {
            return Ok(Vec::new());
        }
        Err(ModelError::Truncated {
            message: "the stream ended before response.completed".into(),
            mid_stream: self.started(),
        })
    }

    fn position_or_insert(&mut self, item_id: &str) -> Result<usize, ModelError> {
        match self.calls.iter().position(|c| c.item_id == item_id) {
            Some(pos) => Ok(pos),
            None => {
                Limit::ToolCalls.check(self.calls.len() + 1)?;
                self.calls.push(PendingCall {
                    item_id: item_id.to_string(),
                    ..PendingCall::default()
                });
                Ok(self.calls.len() - 1)
            }
        }
    }

    fn upsert(&mut self, item: &Value) -> Result<usize, ModelError> {
        // Items without an id (some compatible servers) are keyed by their call id.
        let key = str_field(item, "id")
            .or_else(|| str_field(item, "call_id"))
            .unwrap_or_default()
            .to_string();
        let pos = self.position_or_insert(&key)?;
        let call = &mut self.calls[pos];
        if let Some(call_id) = str_field(item, "call_id").filter(|c| !c.is_empty()) {
            call.call_id = Some(call_id.to_string());
        }
        if let Some(name) = str_field(item, "name").filter(|n| !n.is_empty()) {
            call.name = Some(name.to_string());
        }
        if let Some(args) = str_field(item, "arguments").filter(|a| !a.is_empty()) {
            Limit::ToolArguments.check(args.len())?;
            call.arguments = args.to_string();
        }
        Ok(pos)
    }

    fn emit(&mut self, pos: usize) -> Result<Option<ModelEvent>, ModelError> {
        let call = &mut self.calls[pos];
        if call.emitted {
            return Ok(None);
        }
        let Some(name) = call.name.clone() else {
            return Err(ModelError::MalformedStream {
                message: format!("function call {:?} has no name", call.item_id),
            });
        };
        call.emitted = true;
        Ok(Some(ModelEvent::ToolCall(ToolCall {
            call_id: call.call_id.clone().unwrap_or_else(|| call.item_id.clone()),
            name,
            arguments: if call.arguments.trim().is_empty() {
                "{}".into()
            } else {
                call.arguments.clone()
            },
        })))
    }
}

fn str_field<'a>(value: &'a Value, key: &str) -> Option<&'a str> {
    value.get(key).and_then(Value::as_str)
}

fn is_function_call(item: &Value) -> bool {
    str_field(item, "type") == Some("function_call")
}

fn usage(value: Option<&Value>) -> Option<Usage> {
    let u = value?;
    let n = |k: &str| u.get(k).and_then(Value::as_u64).unwrap_or(0);
    let (input, output) = (n("input_tokens"), n("output_tokens"));
    let total = match n("total_tokens") {
        0 => input + output,
        t => t,
    };
    Some(Usage {
        input_tokens: input,
        output_tokens: output,
        total_tokens: total,
    })
}

fn error_from(err: &Value) -> ModelError {
    let code = str_field(err, "code").or_else(|| str_field(err, "type"));
    ModelError::from_stream_error(code, str_field(err, "message").unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn deltas_without_done_items_still_make_a_call_at_completion() {
        let mut acc = ResponsesStreamReducer::new();
        acc.push(json!({"type":"response.output_item.added","item":{"type":"function_call","id":"fc_1","call_id":"call_1","name":"view_cart","arguments":""}})).unwrap();
        acc.push(
            json!({"type":"response.function_call_arguments.delta","item_id":"fc_1","delta":"{"}),
        )
        .unwrap();
        acc.push(
            json!({"type":"response.function_call_arguments.delta","item_id":"fc_1","delta":"}"}),
        )
        .unwrap();
        let out = acc.push(json!({"type":"response.completed","response":{"usage":{"input_tokens":5,"output_tokens":7}}})).unwrap();
        assert_eq!(
            out,
            vec![
                ModelEvent::ToolCall(ToolCall {
                    call_id: "call_1".into(),
                    name: "view_cart".into(),
                    arguments: "{}".into()
                }),
                ModelEvent::Done {
                    usage: Some(Usage {
                        input_tokens: 5,
                        output_tokens: 7,
                        total_tokens: 12
                    })
                },
            ]
        );
        assert!(acc.finish().unwrap().is_empty());
    }

    #[test]
    fn done_item_is_authoritative_and_emitted_once() {
        let mut acc = ResponsesStreamReducer::new();
        acc.push(json!({"type":"response.function_call_arguments.delta","item_id":"fc_1","delta":"{\"qu"}))
            .unwrap();
        let out = acc.push(json!({"type":"response.output_item.done","item":{"type":"function_call","id":"fc_1","call_id":"call_9","name":"search_catalog","arguments":"{\"query\":\"mug\"}"}})).unwrap();
        assert_eq!(out.len(), 1);
        assert!(
            matches!(&out[0], ModelEvent::ToolCall(c) if c.arguments == "{\"query\":\"mug\"}" && c.call_id == "call_9")
        );
        let out = acc
            .push(json!({"type":"response.completed","response":{}}))
            .unwrap();
        assert_eq!(out, vec![ModelEvent::Done { usage: None }]);
    }

    #[test]
    fn failures_and_truncation_are_typed() {
        let mut acc = ResponsesStreamReducer::new();
        let e = acc.push(json!({"type":"response.failed","response":{"error":{"code":"server_error","message":"boom"}}})).unwrap_err();
        assert!(matches!(e, ModelError::Server { .. }));
        let e = ResponsesStreamReducer::new()
            .push(json!({"type":"error","code":"rate_limit_exceeded","message":"slow"}))
            .unwrap_err();
        assert!(matches!(e, ModelError::RateLimited { .. }));
        let mut acc = ResponsesStreamReducer::new();
        acc.push(json!({"type":"response.created"})).unwrap();
        assert!(matches!(
            acc.finish(),
            Err(ModelError::Truncated {
                mid_stream: true,
                ..
            })
        ));
        let e = ResponsesStreamReducer::new()
            .push(json!({"type":"response.output_item.done","item":{"type":"function_call","id":"x"}}))
            .unwrap_err();
        assert!(matches!(e, ModelError::MalformedStream { .. }));
    }
}
