//! Scripted replies of the mock server, and the fixture formats they load from.
//!
//! Two file formats, both plain text so fixtures read like what goes over the wire:
//!
//! * `*.sse` — a `text/event-stream` body. Events are separated by blank lines and sent as
//!   separate chunks. Lines starting with `#` are fixture comments and are not sent, except two
//!   directives on a line of their own: `#!drop` (abort the connection here, mid-stream) and
//!   `#!hang` (keep the connection open and send nothing more). A body that simply ends is sent
//!   as it is: a transcript without its API's terminal marker is a truncated stream.
//!
//! The fault modes a resilient client must survive are transformations of a reply, so each
//! exists for both wire APIs (apply it to a Chat Completions or a Responses transcript):
//! [`Reply::truncate_after`] (end cleanly, no terminal marker), [`Reply::malformed_after`]
//! (a chunk that is not JSON), [`Reply::hang_after`] (stall), [`Reply::drop_after`]
//! (disconnect), [`Reply::with_first_byte_delay`] (slow first byte), [`Reply::endless`] (a
//! stream that never ends), and [`Reply::error`] + [`Reply::with_header`] for 429 with
//! `Retry-After` and 500 / 503.
//! * `*.http` — an error (or any non-streaming) response: first line the status code, then
//!   `name: value` header lines, a blank line, and the body.

use std::path::Path;
use std::time::Duration;

/// One piece of an SSE reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Frame {
    /// Bytes sent as one chunk (an event including its terminating blank line).
    Data(String),
    /// Abort the connection without finishing the body.
    Drop,
    /// Stop sending but keep the connection open.
    Hang,
    /// Send these bytes again and again, forever (an endless stream).
    Repeat(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ReplyKind {
    Sse {
        frames: Vec<Frame>,
        delay: Duration,
    },
    Status {
        status: u16,
        headers: Vec<(String, String)>,
        body: String,
    },
    /// Never send the response headers.
    Stall,
}

/// What the mock server answers to one model request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub(crate) kind: ReplyKind,
    /// Wait this long before sending anything (even the response headers).
    pub(crate) first_byte_delay: Duration,
    /// The status an SSE reply is sent with (200 unless [`Reply::with_stream_status`]).
    pub(crate) stream_status: u16,
}

/// The bytes [`Reply::malformed_after`] sends: an event whose data is cut-off JSON.
pub const MALFORMED_EVENT: &str = "data: {\"choices\":[{\"delta\":{\"content\":\"trunc\n\n";

/// A fixture that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ScriptError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: {reason}")]
    Format { path: String, reason: String },
}

impl Reply {
    /// An SSE reply from transcript text (see the module docs for `#!drop` / `#!hang`).
    pub fn sse(transcript: &str) -> Reply {
        let text = transcript.replace("\r\n", "\n");
        let mut frames = Vec::new();
        let mut event: Vec<&str> = Vec::new();
        fn flush(event: &mut Vec<&str>, frames: &mut Vec<Frame>) {
            if !event.is_empty() {
                frames.push(Frame::Data(format!("{}\n\n", event.join("\n"))));
                event.clear();
            }
        }
        for line in text.lines() {
            match line.trim() {
                "" => flush(&mut event, &mut frames),
                "#!drop" | "#!hang" => {
                    flush(&mut event, &mut frames);
                    frames.push(if line.trim() == "#!drop" {
                        Frame::Drop
                    } else {
                        Frame::Hang
                    });
                }
                l if l.starts_with('#') => {}
                _ => event.push(line),
            }
        }
        flush(&mut event, &mut frames);
        Reply::from_kind(ReplyKind::Sse {
            frames,
            delay: Duration::ZERO,
        })
    }

    fn from_kind(kind: ReplyKind) -> Reply {
        Reply {
            kind,
            first_byte_delay: Duration::ZERO,
            stream_status: 200,
        }
    }

    /// A stream that sends `event` (e.g. `"data: {…}\n\n"`) over and over and never ends.
    pub fn endless(event: impl Into<String>) -> Reply {
        Reply::from_kind(ReplyKind::Sse {
            frames: vec![Frame::Repeat(event.into())],
            delay: Duration::ZERO,
        })
    }

    /// SSE events built from JSON payloads (`data: <json>`), ending with `data: [DONE]`.
    pub fn sse_json<I: IntoIterator<Item = serde_json::Value>>(events: I) -> Reply {
        let mut text: String = events
            .into_iter()
            .map(|e| format!("data: {e}\n\n"))
            .collect();
        text.push_str("data: [DONE]\n\n");
        Reply::sse(&text)
    }

    /// A complete Chat Completions text answer: one content chunk, then `finish_reason: "stop"`
    /// and `[DONE]` — what a well-behaved server sends for a one-line reply.
    pub fn chat_text(text: &str) -> Reply {
        Reply::sse_json([
            serde_json::json!({"id": "c", "object": "chat.completion.chunk", "choices": [{"index": 0, "delta": {"role": "assistant", "content": text}, "finish_reason": null}]}),
            serde_json::json!({"id": "c", "object": "chat.completion.chunk", "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}),
        ])
    }

    /// A complete Chat Completions turn that calls one tool: the call (id, name, arguments as a
    /// JSON string) in one chunk, then `finish_reason: "tool_calls"` and `[DONE]`.
    pub fn chat_tool_call(call_id: &str, name: &str, arguments: &serde_json::Value) -> Reply {
        Reply::sse_json([
            serde_json::json!({"id": "c", "object": "chat.completion.chunk", "choices": [{"index": 0, "delta": {"role": "assistant", "content": null, "tool_calls": [{"index": 0, "id": call_id, "type": "function", "function": {"name": name, "arguments": arguments.to_string()}}]}, "finish_reason": null}]}),
            serde_json::json!({"id": "c", "object": "chat.completion.chunk", "choices": [{"index": 0, "delta": {}, "finish_reason": "tool_calls"}]}),
        ])
    }

    /// A complete Responses API turn that calls one function: the `function_call` item added and
    /// done, then `response.completed`.
    pub fn responses_function_call(
        call_id: &str,
        name: &str,
        arguments: &serde_json::Value,
    ) -> Reply {
        let item = |status: &str, args: &str| serde_json::json!({"id": "fc_1", "type": "function_call", "status": status, "arguments": args, "call_id": call_id, "name": name});
        let args = arguments.to_string();
        let events = [
            serde_json::json!({"type": "response.created", "response": {"id": "resp_1", "object": "response", "status": "in_progress", "output": []}}),
            serde_json::json!({"type": "response.output_item.added", "output_index": 0, "item": item("in_progress", "")}),
            serde_json::json!({"type": "response.function_call_arguments.done", "item_id": "fc_1", "output_index": 0, "arguments": args}),
            serde_json::json!({"type": "response.output_item.done", "output_index": 0, "item": item("completed", &args)}),
            serde_json::json!({"type": "response.completed", "response": {"id": "resp_1", "object": "response", "status": "completed", "output": [item("completed", &args)]}}),
        ];
        // The Responses API names each event and ends with `response.completed` (no `[DONE]`).
        let text: String = events
            .iter()
            .map(|e| format!("event: {}\ndata: {e}\n\n", e["type"].as_str().unwrap_or("")))
            .collect();
        Reply::sse(&text)
    }

    /// A non-streaming response with a JSON body.
    pub fn status(status: u16, body: impl Into<String>) -> Reply {
        Reply::from_kind(ReplyKind::Status {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.into(),
        })
    }

    /// An OpenAI-shaped error response.
    pub fn error(status: u16, message: &str, code: &str) -> Reply {
        let body = serde_json::json!({"error": {"message": message, "type": code, "param": null, "code": code}});
        Reply::status(status, body.to_string())
    }

    /// Accepts the request and never answers (for response timeouts).
    pub fn stall() -> Reply {
        Reply::from_kind(ReplyKind::Stall)
    }

    /// Waits `delay` before answering at all (a slow first byte: a model still loading).
    pub fn with_first_byte_delay(mut self, delay: Duration) -> Reply {
        self.first_byte_delay = delay;
        self
    }

    /// Sends an SSE reply's frames with another status, e.g. an error body that never ends
    /// (`Reply::endless(…).with_stream_status(500)`).
    pub fn with_stream_status(mut self, status: u16) -> Reply {
        self.stream_status = status;
        self
    }

    /// Keeps the first `n` data frames, then ends the body cleanly (no terminal marker).
    pub fn truncate_after(mut self, n: usize) -> Reply {
        if let ReplyKind::Sse { frames, .. } = &mut self.kind {
            frames.retain(|f| matches!(f, Frame::Data(_)));
            frames.truncate(n);
        }
        self
    }

    /// Sends [`MALFORMED_EVENT`] after the first `n` data frames, then the rest of the
    /// transcript (so a client that skipped it would see a complete answer).
    pub fn malformed_after(mut self, n: usize) -> Reply {
        if let ReplyKind::Sse { frames, .. } = &mut self.kind {
            let mut seen = 0;
            let at = frames
                .iter()
                .position(|f| {
                    let hit = seen == n;
                    seen += usize::from(matches!(f, Frame::Data(_)));
                    hit
                })
                .unwrap_or(frames.len());
            frames.insert(at, Frame::Data(MALFORMED_EVENT.into()));
        }
        self
    }

    /// Waits `delay` before each SSE frame after the first.
    pub fn with_delay(mut self, delay: Duration) -> Reply {
        if let ReplyKind::Sse { delay: d, .. } = &mut self.kind {
            *d = delay;
        }
        self
    }

    /// Adds a response header (status replies only).
    pub fn with_header(mut self, name: &str, value: &str) -> Reply {
        if let ReplyKind::Status { headers, .. } = &mut self.kind {
            headers.push((name.to_ascii_lowercase(), value.to_string()));
        }
        self
    }

    /// Keeps the first `n` data frames, then aborts the connection.
    pub fn drop_after(self, n: usize) -> Reply {
        self.cut_after(n, Frame::Drop)
    }

    /// Keeps the first `n` data frames, then goes silent with the connection open.
    pub fn hang_after(self, n: usize) -> Reply {
        self.cut_after(n, Frame::Hang)
    }

    fn cut_after(mut self, n: usize, end: Frame) -> Reply {
        if let ReplyKind::Sse { frames, .. } = &mut self.kind {
            let data: Vec<Frame> = frames
                .iter()
                .filter(|f| matches!(f, Frame::Data(_)))
                .take(n)
                .cloned()
                .collect();
            *frames = data;
            frames.push(end);
        }
        self
    }

    /// The SSE frames (empty for other replies).
    pub fn frames(&self) -> &[Frame] {
        match &self.kind {
            ReplyKind::Sse { frames, .. } => frames,
            _ => &[],
        }
    }

    /// Loads a `.sse` or `.http` fixture.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Reply, ScriptError> {
        let path = path.as_ref();
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| ScriptError::Io {
            path: shown.clone(),
            source,
        })?;
        match path.extension().and_then(|e| e.to_str()) {
            Some("sse") => Ok(Reply::sse(&text)),
            Some("http") => Reply::parse_http(&text).map_err(|reason| ScriptError::Format {
                path: shown,
                reason,
            }),
            _ => Err(ScriptError::Format {
                path: shown,
                reason: "expected a .sse or .http file".into(),
            }),
        }
    }

    /// Parses the `.http` format.
    pub fn parse_http(text: &str) -> Result<Reply, String> {
        let text = text.replace("\r\n", "\n");
        let (head, body) = text.split_once("\n\n").unwrap_or((text.as_str(), ""));
        let mut lines = head.lines().filter(|l| !l.trim_start().starts_with('#'));
        let status_line = lines.next().ok_or("empty file")?.trim();
        let status: u16 = status_line
            .parse()
            .ok()
            .filter(|s| (100..=599).contains(s))
            .ok_or_else(|| format!("first line must be a status code, got {status_line:?}"))?;
        let mut headers = Vec::new();
        for line in lines {
            let (name, value) = line
                .split_once(':')
                .ok_or_else(|| format!("bad header line {line:?}"))?;
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
        }
        if !headers.iter().any(|(n, _)| n == "content-type") {
            headers.push(("content-type".into(), "application/json".into()));
        }
        Ok(Reply::from_kind(ReplyKind::Status {
            status,
            headers,
            body: body.to_string(),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sse_frames_comments_and_directives() {
        let r = Reply::sse(
            "# a fixture comment\n: ping\n\ndata: {\"a\":1}\n\ndata: {\"b\":2}\n\n#!drop\n",
        );
        assert_eq!(
            r.frames(),
            &[
                Frame::Data(": ping\n\n".into()),
                Frame::Data("data: {\"a\":1}\n\n".into()),
                Frame::Data("data: {\"b\":2}\n\n".into()),
                Frame::Drop,
            ]
        );
        assert_eq!(
            Reply::sse("data: x\n\ndata: y\n\n").hang_after(1).frames(),
            &[Frame::Data("data: x\n\n".into()), Frame::Hang]
        );
    }

    #[test]
    fn fault_transformations() {
        let r = Reply::sse("data: a\n\ndata: b\n\ndata: c\n\n");
        assert_eq!(
            r.clone().truncate_after(2).frames(),
            &[
                Frame::Data("data: a\n\n".into()),
                Frame::Data("data: b\n\n".into())
            ]
        );
        assert_eq!(
            r.malformed_after(1).frames(),
            &[
                Frame::Data("data: a\n\n".into()),
                Frame::Data(MALFORMED_EVENT.into()),
                Frame::Data("data: b\n\n".into()),
                Frame::Data("data: c\n\n".into()),
            ]
        );
    }

    #[test]
    fn http_format() {
        let r = Reply::parse_http("429\nRetry-After: 2\n\n{\"error\":{}}").unwrap();
        let ReplyKind::Status {
            status,
            headers,
            body,
        } = r.kind
        else {
            panic!()
        };
        assert_eq!(status, 429);
        assert!(headers.contains(&("retry-after".into(), "2".into())));
        assert_eq!(body, "{\"error\":{}}");
        assert!(Reply::parse_http("abc\n\n").is_err());
        assert!(Reply::parse_http("200\nno colon\n\n").is_err());
    }
}
