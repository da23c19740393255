//! A bounded decoder of `text/event-stream` bodies (the SSE framing of both OpenAI wire APIs).
//!
//! Why our own: the decoder behind async-openai buffers a line or an event of any length and
//! cannot tell `data: [DONE]` from the end of the body, so a hostile server could fill memory
//! and a cut-off stream looked finished. This one holds at most
//! [`MAX_SSE_EVENT_BYTES`](super::limits::MAX_SSE_EVENT_BYTES) of one line or event and hands
//! every `data` payload (including `[DONE]`) to the caller, which decides what ends a stream.
//! It follows the SSE rules that matter here: `\n`, `\r\n` or `\r` line ends, `:` comments,
//! `field: value` with one optional space, multi-line `data` joined by `\n`, dispatch on a blank
//! line, and an event left unfinished at the end of the body is dropped.

use super::error::ModelError;
use super::limits::Limit;

/// One dispatched event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SseEvent {
    /// The `event:` field (`None` when the event had none).
    pub event: Option<String>,
    /// The `data:` lines joined with `\n`.
    pub data: String,
}

/// Incremental decoder: feed it byte chunks as they arrive.
#[derive(Debug, Default)]
pub struct SseDecoder {
    /// Bytes of the current, unfinished line.
    line: Vec<u8>,
    /// The previous chunk ended in `\r` (a following `\n` belongs to it).
    after_cr: bool,
    event: Option<String>,
    data: String,
    has_data: bool,
}

impl SseDecoder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Decodes one chunk; returns the events it completed.
    pub fn push(&mut self, chunk: &[u8]) -> Result<Vec<SseEvent>, ModelError> {
        let mut out = Vec::new();
        let mut start = 0;
        for (i, &byte) in chunk.iter().enumerate() {
            if self.after_cr {
                self.after_cr = false;
                if byte == b'\n' {
                    start = i + 1;
                    continue;
                }
            }
            if byte == b'\n' || byte == b'\r' {
                self.extend_line(&chunk[start..i])?;
                let line = std::mem::take(&mut self.line);
                self.line_done(&line, &mut out)?;
                self.after_cr = byte == b'\r';
                start = i + 1;
            }
        }
        self.extend_line(&chunk[start..])?;
        Ok(out)
    }

    fn extend_line(&mut self, bytes: &[u8]) -> Result<(), ModelError> {
        Limit::SseEvent.check(self.line.len() + bytes.len())?;
        self.line.extend_from_slice(bytes);
        Ok(())
    }

    fn line_done(&mut self, line: &[u8], out: &mut Vec<SseEvent>) -> Result<(), ModelError> {
        if line.is_empty() {
            if self.has_data {
                out.push(SseEvent {
                    event: self.event.take(),
                    data: std::mem::take(&mut self.data),
                });
            }
            self.event = None;
            self.has_data = false;
            return Ok(());
        }
        if line[0] == b':' {
            return Ok(());
        }
        let line = std::str::from_utf8(line).map_err(|_| ModelError::MalformedStream {
            message: "a stream line is not UTF-8".into(),
        })?;
        let (field, value) = match line.split_once(':') {
            Some((f, v)) => (f, v.strip_prefix(' ').unwrap_or(v)),
            None => (line, ""),
        };
        match field {
            "data" => {
                let extra = usize::from(self.has_data) + value.len();
                Limit::SseEvent.check(self.data.len() + extra)?;
                if self.has_data {
                    self.data.push('\n');
                }
                self.data.push_str(value);
                self.has_data = true;
            }
            "event" => self.event = Some(value.to_string()),
            _ => {} // id, retry and unknown fields do not matter to a one-shot stream
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(chunks: &[&[u8]]) -> Result<Vec<SseEvent>, ModelError> {
        let mut d = SseDecoder::new();
        let mut out = Vec::new();
        for c in chunks {
            out.extend(d.push(c)?);
        }
        Ok(out)
    }

    #[test]
    fn events_split_anywhere_with_any_line_end() {
        let events = decode(&[
            b": keepalive\n\nevent: x\r\nda",
            b"ta: {\"a\":1}\r",
            b"\n\r\ndata:two\ndata: lines\n\ndata: [DONE]\n\ndata: unfinished",
        ])
        .unwrap();
        assert_eq!(
            events,
            vec![
                SseEvent {
                    event: Some("x".into()),
                    data: "{\"a\":1}".into()
                },
                SseEvent {
                    event: None,
                    data: "two\nlines".into()
                },
                SseEvent {
                    event: None,
                    data: "[DONE]".into()
                },
            ]
        );
    }

    #[test]
    fn an_endless_line_or_event_is_a_limit_error_not_a_buffer() {
        let mut d = SseDecoder::new();
        let chunk = vec![b'x'; 64 * 1024];
        d.push(b"data: ").unwrap();
        let mut result = Ok(Vec::new());
        for _ in 0..40 {
            result = d.push(&chunk);
            if result.is_err() {
                break;
            }
        }
        assert!(matches!(
            result,
            Err(ModelError::LimitExceeded {
                limit: Limit::SseEvent
            })
        ));
        let line = format!("data: {}\n", "y".repeat(600 * 1024));
        let mut d = SseDecoder::new();
        d.push(line.as_bytes()).unwrap();
        assert!(d.push(line.as_bytes()).is_err(), "two 600 KB data lines");
    }
}
