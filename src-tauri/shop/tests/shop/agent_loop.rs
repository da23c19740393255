//! The agent loop seen from the model's side, filling what the flow tests of `assistant_*.rs`
//! leave open: the exact event sequence of "Show me products", the turn limit, what history the
//! model receives on the next message (widgets summarised, the hidden note left by a stopped
//! answer), and that every model stream is dropped — including when the user stops the answer.
//!
//! A recording wrapper around the backend sees each `ModelRequest` and counts the model streams
//! it handed out that have since been dropped (dropping the stream is what closes an HTTP request).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::support::*;
use futures::StreamExt;
use serde_json::Value;
use shop::assistant::TURN_LIMIT_NOTE;
use shop::model::offline::OfflineModel;
use shop::model::{
    ModelBackend, ModelError, ModelEvent, ModelMessage, ModelRequest, ModelStream, ToolCall,
};

/// Wraps a backend: records requests, counts dropped model streams.
struct Recording {
    inner: Arc<dyn ModelBackend>,
    requests: Mutex<Vec<ModelRequest>>,
    dropped: Arc<AtomicUsize>,
}

struct DropCount(Arc<AtomicUsize>);
impl Drop for DropCount {
    fn drop(&mut self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

impl Recording {
    fn new(inner: Arc<dyn ModelBackend>) -> Arc<Self> {
        Arc::new(Self {
            inner,
            requests: Mutex::new(Vec::new()),
            dropped: Arc::new(AtomicUsize::new(0)),
        })
    }
    fn requests(&self) -> Vec<ModelRequest> {
        self.requests.lock().unwrap().clone()
    }
    fn dropped(&self) -> usize {
        self.dropped.load(Ordering::SeqCst)
    }
}

#[async_trait::async_trait]
impl ModelBackend for Recording {
    fn name(&self) -> &'static str {
        "recording"
    }
    async fn stream(&self, request: ModelRequest) -> Result<ModelStream, ModelError> {
        self.requests.lock().unwrap().push(request.clone());
        let inner = self.inner.stream(request).await?;
        let guard = DropCount(self.dropped.clone());
        Ok(Box::pin(inner.map(move |event| {
            let _ = &guard; // lives exactly as long as the stream
            event
        })))
    }
}

/// A model that never stops calling a tool.
struct AlwaysSearches;

#[async_trait::async_trait]
impl ModelBackend for AlwaysSearches {
    fn name(&self) -> &'static str {
        "always-searches"
    }
    async fn stream(&self, request: ModelRequest) -> Result<ModelStream, ModelError> {
        let n = request
            .messages
            .iter()
            .filter(|m| matches!(m, ModelMessage::ToolCalls { .. }))
            .count();
        let call = ToolCall {
            call_id: format!("call_{n}"),
            name: "search_catalog".into(),
            arguments: r#"{"query":"lamp"}"#.into(),
        };
        Ok(Box::pin(futures::stream::iter([
            Ok(ModelEvent::ToolCall(call)),
            Ok(ModelEvent::Done { usage: None }),
        ])))
    }
}

/// The shape with runs of the same entry collapsed to `entry×n` (n > 1).
fn collapsed(shape: &[String]) -> Vec<String> {
    let mut out: Vec<(String, usize)> = Vec::new();
    for s in shape {
        match out.last_mut() {
            Some((last, n)) if last == s => *n += 1,
            _ => out.push((s.clone(), 1)),
        }
    }
    out.into_iter()
        .map(|(s, n)| if n == 1 { s } else { format!("{s}×*") })
        .collect()
}

#[tokio::test]
async fn show_me_products_has_this_exact_event_sequence() {
    let model = Recording::new(Arc::new(OfflineModel::bundled(Duration::ZERO)));
    let h = harness(model.clone(), vec![]);
    let events = h.stream(create("Show me products")).await;
    let shape = shape(&events);
    // Runs collapsed (how many rows / words is the catalog's business), order exact.
    let expected = [
        "thread.created",
        "thread.item.done:user_message",
        "stream_options",
        "progress_update",
        "thread.updated", // the title, reported after the first event that follows the change
        "progress_update",
        "thread.item.added:widget",
        "(widget updates)", // the summary's words taking turns with the rows, checked below
        "thread.item.done:widget",
        "thread.item.added:assistant_message",
        "thread.item.updated:assistant_message.content_part.added",
        "thread.item.updated:assistant_message.content_part.text_delta×*",
        "thread.item.updated:assistant_message.content_part.done",
        "thread.item.done:assistant_message",
    ];
    // The widget's updates: words of the summary (`value_delta`) and rows (`root.updated`)
    // take turns, so the summary streams alongside the rows instead of before them.
    const DELTA: &str = "thread.item.updated:widget.streaming_text.value_delta";
    const ROOT: &str = "thread.item.updated:widget.root.updated";
    let is_update = |s: &String| s == DELTA || s == ROOT;
    let first_update = shape.iter().position(is_update).expect("widget updates");
    let updates = shape[first_update..]
        .iter()
        .take_while(|s| is_update(s))
        .count();
    let turns = collapsed(&shape[first_update..first_update + updates]);
    assert!(
        turns.len() >= 6 && turns.iter().all(|t| t == DELTA || t == ROOT),
        "words and rows take turns: {turns:?}"
    );
    assert_eq!(turns.first().map(String::as_str), Some(DELTA));
    assert_eq!(turns.last().map(String::as_str), Some(ROOT));
    let mut outline = shape[..first_update].to_vec();
    outline.push("(widget updates)".into());
    outline.extend_from_slice(&shape[first_update + updates..]);
    assert_eq!(collapsed(&outline), expected, "full shape: {shape:#?}");
    assert_eq!(events[4]["thread"]["title"], "Show me products");
    // The list grows: every root update has more rows than the state before it (≥ 3 states).
    let rows = |w: &Value| w.to_string().matches("\"ListViewItem\"").count();
    let added = shape
        .iter()
        .position(|s| s == "thread.item.added:widget")
        .unwrap();
    let mut states = vec![&events[added]["item"]["widget"]];
    states.extend(
        events
            .iter()
            .filter(|e| e["update"]["type"] == "widget.root.updated")
            .map(|e| &e["update"]["widget"]),
    );
    let sizes: Vec<usize> = states.iter().map(|w| rows(w)).collect();
    let distinct: std::collections::BTreeSet<usize> = sizes.iter().copied().collect();
    assert!(
        distinct.len() >= 3 && sizes.windows(2).all(|w| w[0] <= w[1]),
        "growing list: {sizes:?}"
    );
    assert!(
        states.windows(2).all(|w| w[0] != w[1]),
        "every root update changes something"
    );
    // The assistant message's deltas add up to the text it is saved with.
    let deltas: String = events
        .iter()
        .filter(|e| e["update"]["type"] == "assistant_message.content_part.text_delta")
        .map(|e| e["update"]["delta"].as_str().unwrap())
        .collect();
    let done = events.last().unwrap();
    assert_eq!(done["item"]["content"][0]["text"].as_str().unwrap(), deltas);
    // Two model turns (tool call, then the summary); both streams were dropped when finished.
    assert_eq!(model.requests().len(), 2);
    assert_eq!(model.dropped(), 2);
}

#[tokio::test]
async fn a_model_that_keeps_calling_tools_is_stopped_at_the_turn_limit() {
    let model = Recording::new(Arc::new(AlwaysSearches));
    let h = harness(model.clone(), vec![]);
    let events = h.stream(create("find lamps forever")).await;
    assert!(error_event(&events).is_none(), "{events:#?}");
    let requests = model.requests();
    assert_eq!(requests.len(), 6, "the default limit is six model requests");
    // Each request carries every earlier tool call with its result.
    for (i, request) in requests.iter().enumerate() {
        let results = request
            .messages
            .iter()
            .filter(|m| matches!(m, ModelMessage::ToolResult { .. }))
            .count();
        assert_eq!(results, i, "request {i}");
    }
    let last = events.last().unwrap();
    assert_eq!(last["type"], "thread.item.done");
    assert_eq!(last["item"]["content"][0]["text"], TURN_LIMIT_NOTE);
    assert_eq!(
        events
            .iter()
            .filter(|e| e["type"] == "progress_update")
            .count(),
        6,
        "each search reported progress"
    );
}

#[tokio::test]
async fn the_next_message_sees_the_widget_as_context_not_as_a_tool_call() {
    let model = Recording::new(Arc::new(OfflineModel::bundled(Duration::ZERO)));
    let h = harness(model.clone(), vec![]);
    let first = h.stream(create("Show me products")).await;
    let thread = thread_id(&first);
    let second = h.stream(add_message(&thread, "thanks")).await;
    assert!(error_event(&second).is_none(), "{second:#?}");
    let request = &model.requests()[2];
    let roles: Vec<&str> = request
        .messages
        .iter()
        .map(|m| match m {
            ModelMessage::User { text } if text.starts_with("[context]") => "widget",
            ModelMessage::User { .. } => "user",
            ModelMessage::Assistant { .. } => "assistant",
            ModelMessage::ToolCalls { .. } => "tool_calls",
            ModelMessage::Attachments { .. } => "attachments",
            ModelMessage::ToolResult { .. } => "tool_result",
        })
        .collect();
    assert_eq!(roles, ["user", "widget", "assistant", "user"]);
    let ModelMessage::User { text } = &request.messages[1] else {
        unreachable!()
    };
    let widget_id = first
        .iter()
        .find(|e| e["type"] == "thread.item.done" && e["item"]["type"] == "widget")
        .unwrap()["item"]["id"]
        .as_str()
        .unwrap();
    assert!(
        text.contains(widget_id) && text.contains("was shown to the user"),
        "{text}"
    );
    assert!(
        text.len() <= 1_700,
        "summaries stay compact: {} chars",
        text.len()
    );
    assert_eq!(
        request.messages[3],
        ModelMessage::User {
            text: "thanks".into()
        }
    );
    assert!(request
        .instructions
        .as_deref()
        .unwrap()
        .contains("Never invent products"));
}

#[tokio::test]
async fn stopping_drops_the_model_stream_and_the_next_turn_is_told_why() {
    let model = Recording::new(Arc::new(OfflineModel::bundled(Duration::from_millis(30))));
    let h = harness(model.clone(), vec![]);
    let chatkit::ProcessResult::Stream(mut stream) = h
        .server
        .process(create("hello there").to_string().as_bytes(), ())
        .await
        .unwrap()
    else {
        panic!("stream")
    };
    let mut thread = String::new();
    let mut partial = String::new();
    while let Some(event) = stream.next().await {
        let event: Value = serde_json::from_slice(&event.unwrap().to_json()).unwrap();
        if event["type"] == "thread.created" {
            thread = event["thread"]["id"].as_str().unwrap().to_owned();
        }
        if event["update"]["type"] == "assistant_message.content_part.text_delta" {
            partial.push_str(event["update"]["delta"].as_str().unwrap());
            if partial.split_whitespace().count() >= 2 {
                break;
            }
        }
    }
    assert_eq!(
        model.dropped(),
        0,
        "the model stream is still open mid-answer"
    );
    stream.cancel().await;
    assert_eq!(
        model.dropped(),
        1,
        "stopping the response dropped the model stream"
    );

    let next = h.stream(add_message(&thread, "show products")).await;
    assert!(
        error_event(&next).is_none(),
        "the thread is free again: {next:#?}"
    );
    let request = &model.requests()[1];
    assert_eq!(
        request.messages[0],
        ModelMessage::User {
            text: "hello there".into()
        }
    );
    assert_eq!(
        request.messages[1],
        ModelMessage::Assistant {
            text: partial.clone()
        },
        "the partial answer was saved as seen"
    );
    let ModelMessage::User { text } = &request.messages[2] else {
        panic!("{:?}", request.messages)
    };
    assert!(
        text.contains("[context not shown to the user]")
            && text.contains(chatkit::server::CANCELLED_CONTEXT),
        "{text}"
    );
    assert_eq!(
        request.messages[3],
        ModelMessage::User {
            text: "show products".into()
        }
    );
}
