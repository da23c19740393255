//! Lenient Chat Completions stream chunks and the reducer that turns them into model events.
//!
//! A strict chunk type (async-openai's, for one) requires `tool_calls[].index` and a known
//! `finish_reason`; real OpenAI-compatible servers omit the first (Ollama, some proxies) or send
//! `""` for the second,
//! and a strict type turns those into parse errors (async-openai PR #432 was closed unmerged).
//! These serde types accept both, and [`ChatStreamReducer`] assigns tool-call slots by `index`
//! when present and by `id` / position when not — never by defaulting to index 0, which would
//! merge parallel calls into one. The reducer is strict where leniency would lose data: a turn
//! ends only with a non-empty `finish_reason` (a body that stops without one is
//! [`ModelError::Truncated`]), and tool calls are capped in number and argument size
//! ([`super::limits`]).

use serde::Deserialize;

use super::error::ModelError;
use super::limits::Limit;
use super::types::{ModelEvent, ToolCall, Usage};

/// One `data:` payload of a Chat Completions stream.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ChatChunk {
    #[serde(default)]
    pub choices: Vec<ChunkChoice>,
    #[serde(default)]
    pub usage: Option<ChunkUsage>,
    /// Some servers report failures inside the stream as `{"error": {...}}` or `{"error": "…"}`.
    #[serde(default)]
    pub error: Option<serde_json::Value>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ChunkChoice {
    #[serde(default)]
    pub index: Option<u32>,
    #[serde(default)]
    pub delta: Option<ChunkDelta>,
    /// `None`, `""` (some proxies) or a reason such as `"stop"` / `"tool_calls"`.
    #[serde(default)]
    pub finish_reason: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ChunkDelta {
    #[serde(default)]
    pub content: Option<String>,
    #[serde(default)]
    pub tool_calls: Option<Vec<ChunkToolCall>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ChunkToolCall {
    #[serde(default)]
    pub index: Option<u32>,
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub function: Option<ChunkFunction>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ChunkFunction {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub arguments: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, Deserialize)]
pub struct ChunkUsage {
    #[serde(default)]
    pub prompt_tokens: u64,
    #[serde(default)]
    pub completion_tokens: u64,
    #[serde(default)]
    pub total_tokens: u64,
}

#[derive(Debug, Default)]
struct Slot {
    index: Option<u32>,
    id: Option<String>,
    name: String,
    arguments: String,
}

/// Folds chunks into [`ModelEvent`]s: text immediately, tool calls once complete, `Done` at
/// the end of the stream.
#[derive(Debug, Default)]
pub struct ChatStreamReducer {
    slots: Vec<Slot>,
    finish_reason: Option<String>,
    usage: Option<Usage>,
    chunks_seen: usize,
    tool_calls_emitted: bool,
}

impl ChatStreamReducer {
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether any content arrived (used to tell a dropped stream from a refused one).
    pub fn started(&self) -> bool {
        self.chunks_seen > 0
    }

    /// Applies one chunk; returns the events it completes.
    pub fn push(&mut self, chunk: ChatChunk) -> Result<Vec<ModelEvent>, ModelError> {
        if let Some(error) = chunk.error {
            return Err(stream_error(&error));
        }
        self.chunks_seen += 1;
        let mut events = Vec::new();
        if let Some(u) = chunk.usage {
            self.usage = Some(Usage {
                input_tokens: u.prompt_tokens,
                output_tokens: u.completion_tokens,
                total_tokens: if u.total_tokens > 0 {
                    u.total_tokens
                } else {
                    u.prompt_tokens + u.completion_tokens
                },
            });
        }
        // Only the first choice is used: Shopdesk never asks for n > 1.
        for choice in chunk
            .choices
            .into_iter()
            .filter(|c| c.index.unwrap_or(0) == 0)
        {
            if let Some(delta) = choice.delta {
                if let Some(text) = delta.content.filter(|t| !t.is_empty()) {
                    events.push(ModelEvent::TextDelta(text));
                }
                for call in delta.tool_calls.unwrap_or_default() {
                    self.apply_tool_chunk(call)?;
                }
            }
            if let Some(reason) = choice.finish_reason.filter(|r| !r.trim().is_empty()) {
                self.finish_reason = Some(reason);
                events.extend(self.take_tool_calls());
            }
        }
        Ok(events)
    }

    /// The stream ended (`[DONE]` or EOF): emits any pending tool calls and `Done` if the
    /// model said it finished (a `finish_reason`), else [`ModelError::Truncated`].
    pub fn finish(&mut self) -> Result<Vec<ModelEvent>, ModelError> {
        if self.finish_reason.is_none() {
            return Err(ModelError::Truncated {
                message: if self.started() {
                    "the stream ended before a finish_reason".into()
                } else {
                    "the server closed the stream without sending anything".into()
                },
                mid_stream: self.started(),
            });
        }
        let mut events = self.take_tool_calls();
        events.push(ModelEvent::Done { usage: self.usage });
        Ok(events)
    }

    /// The finish reason the server gave, if any (`"stop"`, `"tool_calls"`, `"length"` …).
    pub fn finish_reason(&self) -> Option<&str> {
        self.finish_reason.as_deref()
    }

    fn apply_tool_chunk(&mut self, call: ChunkToolCall) -> Result<(), ModelError> {
        let slot = self.slot_for(&call)?;
        let slot = &mut self.slots[slot];
        if slot.id.is_none() {
            slot.id = call.id.filter(|id| !id.is_empty());
        }
        if let Some(f) = call.function {
            if let Some(name) = f.name.filter(|n| !n.is_empty()) {
                // Names arrive once; a few servers repeat them in every chunk.
                if slot.name.is_empty() {
                    slot.name = name;
                }
            }
            if let Some(args) = f.arguments {
                Limit::ToolArguments.check(slot.arguments.len() + args.len())?;
                slot.arguments.push_str(&args);
            }
        }
        Ok(())
    }

    /// Picks the slot a tool-call fragment belongs to.
    fn slot_for(&mut self, call: &ChunkToolCall) -> Result<usize, ModelError> {
        let id = call.id.as_deref().filter(|id| !id.is_empty());
        let has_name = call
            .function
            .as_ref()
            .and_then(|f| f.name.as_deref())
            .is_some_and(|n| !n.is_empty());
        if let Some(index) = call.index {
            // Latest slot with this index, unless the fragment names a different call (servers
            // that send index 0 for every parallel call but distinct ids).
            if let Some(pos) = self.slots.iter().rposition(|s| s.index == Some(index)) {
                let same_call = match (id, self.slots[pos].id.as_deref()) {
                    (Some(new), Some(old)) => new == old,
                    _ => true,
                };
                if same_call {
                    return Ok(pos);
                }
            }
            return self.new_slot(Some(index));
        }
        if let Some(id) = id {
            if let Some(pos) = self.slots.iter().position(|s| s.id.as_deref() == Some(id)) {
                return Ok(pos);
            }
            return self.new_slot(None);
        }
        // No index, no id: a continuation of the latest call, unless it starts a new function.
        match self.slots.last() {
            Some(last) if !has_name || last.name.is_empty() => Ok(self.slots.len() - 1),
            _ => self.new_slot(None),
        }
    }

    fn new_slot(&mut self, index: Option<u32>) -> Result<usize, ModelError> {
        Limit::ToolCalls.check(self.slots.len() + 1)?;
        self.slots.push(Slot {
            index,
            ..Slot::default()
        });
        Ok(self.slots.len() - 1)
    }

    fn take_tool_calls(&mut self) -> Vec<ModelEvent> {
        if self.tool_calls_emitted {
            return Vec::new();
        }
        let slots = std::mem::take(&mut self.slots);
        if slots.is_empty() {
            return Vec::new();
        }
        self.tool_calls_emitted = true;
        slots
            .into_iter()
            .enumerate()
            .filter(|(_, s)| !s.name.is_empty())
            .map(|(n, s)| {
                ModelEvent::ToolCall(ToolCall {
                    call_id: s.id.unwrap_or_else(|| format!("call_{n}")),
                    name: s.name,
                    // A call with no arguments at all is an empty object to every tool.
                    arguments: if s.arguments.trim().is_empty() {
                        "{}".into()
                    } else {
                        s.arguments
                    },
                })
            })
            .collect()
    }
}

fn stream_error(error: &serde_json::Value) -> ModelError {
    if let Some(text) = error.as_str() {
        return ModelError::from_stream_error(None, text);
    }
    let message = error
        .get("message")
        .and_then(|m| m.as_str())
        .unwrap_or_default();
    let code = error
        .get("code")
        .and_then(|c| c.as_str())
        .or_else(|| error.get("type").and_then(|t| t.as_str()));
    ModelError::from_stream_error(code, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunk(json: &str) -> ChatChunk {
        serde_json::from_str(json).unwrap()
    }

    fn run(chunks: &[&str]) -> Vec<ModelEvent> {
        let mut acc = ChatStreamReducer::new();
        let mut out = Vec::new();
        for c in chunks {
            out.extend(acc.push(chunk(c)).unwrap());
        }
        out.extend(acc.finish().unwrap());
        out
    }

    fn calls(events: &[ModelEvent]) -> Vec<(String, String, String)> {
        events
            .iter()
            .filter_map(|e| match e {
                ModelEvent::ToolCall(c) => {
                    Some((c.call_id.clone(), c.name.clone(), c.arguments.clone()))
                }
                _ => None,
            })
            .collect()
    }

    #[test]
    fn indexed_parallel_calls_interleaved() {
        let events = run(&[
            r#"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"a","function":{"name":"f","arguments":""}}]}}]}"#,
            r#"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"id":"b","function":{"name":"g","arguments":"{\"x\""}}]}}]}"#,
            r#"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{}"}}]}}]}"#,
            r#"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"function":{"arguments":":1}"}}]}}]}"#,
            r#"{"choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}"#,
        ]);
        assert_eq!(
            calls(&events),
            vec![
                ("a".into(), "f".into(), "{}".into()),
                ("b".into(), "g".into(), "{\"x\":1}".into()),
            ]
        );
        assert_eq!(events.last(), Some(&ModelEvent::Done { usage: None }));
    }

    #[test]
    fn missing_index_assigns_by_id_and_position() {
        let events = run(&[
            r#"{"choices":[{"delta":{"tool_calls":[{"id":"a","function":{"name":"f","arguments":"{\"q\":"}}]}}]}"#,
            r#"{"choices":[{"delta":{"tool_calls":[{"function":{"arguments":"\"x\"}"}}]}}]}"#,
            r#"{"choices":[{"delta":{"tool_calls":[{"id":"b","function":{"name":"g","arguments":"{}"}}]}}]}"#,
            r#"{"choices":[{"delta":{"tool_calls":[{"function":{"name":"h","arguments":"{}"}}]}}]}"#,
            r#"{"choices":[{"delta":{},"finish_reason":"tool_calls"}]}"#,
        ]);
        assert_eq!(
            calls(&events),
            vec![
                ("a".into(), "f".into(), "{\"q\":\"x\"}".into()),
                ("b".into(), "g".into(), "{}".into()),
                ("call_2".into(), "h".into(), "{}".into()),
            ]
        );
    }

    #[test]
    fn same_index_with_different_ids_stays_separate() {
        let events = run(&[
            r#"{"choices":[{"delta":{"tool_calls":[{"index":0,"id":"a","function":{"name":"f","arguments":"{}"}}]}}]}"#,
            r#"{"choices":[{"delta":{"tool_calls":[{"index":0,"id":"b","function":{"name":"f","arguments":"{}"}}]}}]}"#,
            r#"{"choices":[{"delta":{},"finish_reason":"tool_calls"}]}"#,
        ]);
        assert_eq!(calls(&events).len(), 2);
    }

    #[test]
    fn empty_finish_reason_is_not_an_end_and_usage_is_kept() {
        let mut acc = ChatStreamReducer::new();
        let e = acc
            .push(chunk(
                r#"{"choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":""}]}"#,
            ))
            .unwrap();
        assert_eq!(e, vec![ModelEvent::TextDelta("Hi".into())]);
        assert_eq!(acc.finish_reason(), None);
        acc.push(chunk(
            r#"{"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"#,
        ))
        .unwrap();
        acc.push(chunk(
            r#"{"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}}"#,
        ))
        .unwrap();
        let usage = Usage {
            input_tokens: 3,
            output_tokens: 2,
            total_tokens: 5,
        };
        assert_eq!(
            acc.finish().unwrap(),
            vec![ModelEvent::Done { usage: Some(usage) }]
        );
    }

    #[test]
    fn in_stream_error_and_empty_stream_are_errors() {
        let mut acc = ChatStreamReducer::new();
        let err = acc
            .push(chunk(
                r#"{"error":{"message":"overloaded","code":"server_error"}}"#,
            ))
            .unwrap_err();
        assert!(matches!(err, ModelError::Server { .. }));
        let err = ChatStreamReducer::new()
            .push(chunk(r#"{"error":"model not loaded"}"#))
            .unwrap_err();
        assert!(matches!(err, ModelError::Server { .. }));
        assert!(matches!(
            ChatStreamReducer::new().finish(),
            Err(ModelError::Truncated {
                mid_stream: false,
                ..
            })
        ));
        let mut acc = ChatStreamReducer::new();
        acc.push(chunk(r#"{"choices":[{"delta":{"content":"Half an"}}]}"#))
            .unwrap();
        assert!(matches!(
            acc.finish(),
            Err(ModelError::Truncated {
                mid_stream: true,
                ..
            })
        ));
    }

    #[test]
    fn tool_calls_are_capped_in_number_and_size() {
        let mut acc = ChatStreamReducer::new();
        let mut result = Ok(Vec::new());
        for i in 0..=Limit::ToolCalls.max() {
            let c = format!(
                r#"{{"choices":[{{"delta":{{"tool_calls":[{{"index":{i},"id":"c{i}","function":{{"name":"f","arguments":"{{}}"}}}}]}}}}]}}"#
            );
            result = acc.push(chunk(&c));
        }
        assert!(matches!(
            result,
            Err(ModelError::LimitExceeded {
                limit: Limit::ToolCalls
            })
        ));
        let mut acc = ChatStreamReducer::new();
        let big = "x".repeat(Limit::ToolArguments.max() / 2 + 1);
        let c = format!(
            r#"{{"choices":[{{"delta":{{"tool_calls":[{{"index":0,"id":"a","function":{{"name":"f","arguments":"{big}"}}}}]}}}}]}}"#
        );
        acc.push(chunk(&c)).unwrap();
        let c = format!(
            r#"{{"choices":[{{"delta":{{"tool_calls":[{{"index":0,"function":{{"arguments":"{big}"}}}}]}}}}]}}"#
        );
        assert!(matches!(
            acc.push(chunk(&c)),
            Err(ModelError::LimitExceeded {
                limit: Limit::ToolArguments
            })
        ));
    }
}
