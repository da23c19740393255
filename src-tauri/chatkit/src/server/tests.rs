//! Server behaviour that the golden fixtures cannot show: cancellation (the consumer drops the
//! stream mid-run), error kinds of non-streaming failures, SSE framing, default ids and clock.

use super::*;
use crate::errors::{ErrorKind, StreamError};
use crate::ids::IdKind;
use crate::store::MemoryStore;
use crate::types::*;
use futures::StreamExt;

/// Streams "Partial answer" into an assistant message, then waits forever (until cancelled).
/// With `text: false` the message stays empty.
struct Stalls {
    text: bool,
}

impl Responder<()> for Stalls {
    fn respond(
        self: Arc<Self>,
        turn: TurnContext<()>,
        _input: Option<UserMessageItem>,
    ) -> ResponseStream {
        event_stream(move |mut tx| async move {
            let id = turn.new_id(IdKind::Message);
            let item = ThreadItem::AssistantMessage(AssistantMessageItem {
                id: id.clone(),
                thread_id: turn.thread_id(),
                created_at: turn.now(),
                content: vec![],
            });
            tx.send(ThreadStreamEvent::ItemAdded { item }).await?;
            let update = |update| ThreadStreamEvent::ItemUpdated {
                item_id: id.clone(),
                update,
            };
            tx.send(update(ThreadItemUpdate::ContentPartAdded {
                content_index: 0,
                content: AssistantMessageContent::text(""),
            }))
            .await?;
            if self.text {
                tx.send(update(ThreadItemUpdate::TextDelta {
                    content_index: 0,
                    delta: "Partial answer".into(),
                }))
                .await?;
            }
            tx.send(ThreadStreamEvent::ProgressUpdate {
                icon: None,
                text: "thinking".into(),
            })
            .await?;
            futures::future::pending::<()>().await;
            Ok(())
        })
    }
}

fn create_body(text: &str) -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({
        "type": "threads.create",
        "params": {"input": {"content": [{"type": "input_text", "text": text}], "attachments": [], "inference_options": {}}}
    }))
    .unwrap()
}

fn server(responder: impl Responder<()>) -> (ChatKitServer<()>, Arc<MemoryStore>) {
    let store = Arc::new(MemoryStore::new());
    (
        ChatKitServer::new(store.clone(), Arc::new(responder)),
        store,
    )
}

async fn stream_of(server: &ChatKitServer<()>, body: &[u8]) -> EventStream {
    match server.process(body, ()).await.unwrap() {
        ProcessResult::Stream(stream) => stream,
        ProcessResult::Json(body) => {
            panic!("expected a stream, got {}", String::from_utf8_lossy(&body))
        }
    }
}

/// Read events until a `progress_update` arrives; returns the thread id.
async fn read_until_progress(stream: &mut EventStream) -> String {
    let mut thread_id = None;
    while let Some(event) = stream.next().await {
        match event.unwrap() {
            ThreadStreamEvent::ThreadCreated { thread } => thread_id = Some(thread.id),
            ThreadStreamEvent::ProgressUpdate { .. } => return thread_id.unwrap(),
            _ => {}
        }
    }
    panic!("stream ended early")
}

async fn all_items(store: &MemoryStore, thread_id: &str) -> Vec<ThreadItem> {
    Store::<()>::load_thread_items(store, thread_id, None, 100, Order::Asc, &())
        .await
        .unwrap()
        .data
}

/// Starts a response of `responder`, cancels it once its progress line is out, and returns the
/// thread's items after the cancellation cleanup.
async fn items_after_cancel(responder: Stalls) -> Vec<ThreadItem> {
    let (server, store) = server(responder);
    let mut stream = stream_of(&server, &create_body("hi")).await;
    let thread_id = read_until_progress(&mut stream).await;
    stream.cancel().await;
    all_items(&store, &thread_id).await
}

#[tokio::test]
async fn cancel_saves_partial_answer_and_hidden_context() {
    let items = items_after_cancel(Stalls { text: true }).await;
    assert_eq!(items.len(), 3, "{items:?}");
    assert!(matches!(&items[0], ThreadItem::UserMessage(_)));
    let ThreadItem::AssistantMessage(answer) = &items[1] else {
        panic!("{:?}", items[1])
    };
    assert_eq!(answer.content[0].text, "Partial answer");
    let ThreadItem::SdkHiddenContext(hidden) = &items[2] else {
        panic!("{:?}", items[2])
    };
    assert!(hidden.id.starts_with("shcx_"));
    assert_eq!(hidden.content, CANCELLED_CONTEXT);
}

#[tokio::test]
async fn cancel_skips_empty_assistant_message() {
    let items = items_after_cancel(Stalls { text: false }).await;
    let kinds: Vec<&str> = items.iter().map(ThreadItem::type_name).collect();
    assert_eq!(kinds, vec!["user_message", "sdk_hidden_context"]);
}

#[tokio::test]
async fn dropping_the_stream_runs_the_cleanup() {
    let (server, store) = server(Stalls { text: true });
    let mut stream = stream_of(&server, &create_body("hi")).await;
    let thread_id = read_until_progress(&mut stream).await;
    drop(stream);
    // The cleanup runs in the response task; wait for it to land (bounded, no timing assertion).
    for _ in 0..1000 {
        if all_items(&store, &thread_id).await.len() == 3 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    let kinds: Vec<&str> = all_items(&store, &thread_id)
        .await
        .iter()
        .map(ThreadItem::type_name)
        .collect();
    assert_eq!(
        kinds,
        vec!["user_message", "assistant_message", "sdk_hidden_context"]
    );
}

/// Answers with a title change and a short message, using the default ids and clock.
struct Titles;

impl Responder<()> for Titles {
    fn respond(
        self: Arc<Self>,
        turn: TurnContext<()>,
        _input: Option<UserMessageItem>,
    ) -> ResponseStream {
        event_stream(move |mut tx| async move {
            turn.thread().update(|t| t.title = Some("Lamps".into()));
            let item = ThreadItem::AssistantMessage(AssistantMessageItem {
                id: turn.new_id(IdKind::Message),
                thread_id: turn.thread_id(),
                created_at: turn.now(),
                content: vec![AssistantMessageContent::text("ok")],
            });
            tx.send(ThreadStreamEvent::ItemDone { item }).await
        })
    }
}

#[tokio::test]
async fn sse_frames_and_default_ids() {
    let (server, store) = server(Titles);
    let stream = stream_of(&server, &create_body("hi")).await;
    let frames: Vec<Vec<u8>> = stream.into_sse().map(Result::unwrap).collect().await;
    let texts: Vec<String> = frames
        .into_iter()
        .map(|f| String::from_utf8(f).unwrap())
        .collect();
    assert_eq!(texts.len(), 5, "{texts:?}");
    for text in &texts {
        assert!(
            text.starts_with("data: {")
                && text.ends_with("}\n\n")
                && !text[6..text.len() - 2].contains('\n')
        );
    }
    assert!(texts[2].contains(r#""type":"stream_options""#));
    assert!(texts[4]
        .starts_with(r#"data: {"type":"thread.updated","thread":{"title":"Lamps","id":"thr_"#));
    // Default clock: RFC 3339 with Z.
    let created: serde_json::Value = serde_json::from_str(&texts[0][6..]).unwrap();
    assert!(created["thread"]["created_at"]
        .as_str()
        .unwrap()
        .ends_with('Z'));
    let thread_id = created["thread"]["id"].as_str().unwrap();
    assert_eq!(thread_id.len(), "thr_".len() + 8);
    let saved = Store::<()>::load_thread(&*store, thread_id, &())
        .await
        .unwrap();
    assert_eq!(saved.title.as_deref(), Some("Lamps"));
}

#[tokio::test]
async fn non_streaming_errors_have_kinds() {
    let (server, _) = server(Titles);
    let kind = |body: &'static str| {
        let server = server.clone();
        async move { server.process(body.as_bytes(), ()).await.unwrap_err().kind }
    };
    assert_eq!(kind("{}").await, ErrorKind::InvalidRequest);
    assert_eq!(kind("not json").await, ErrorKind::InvalidRequest);
    assert_eq!(
        kind(r#"{"type":"threads.get_by_id","params":{"thread_id":"thr_x"}}"#).await,
        ErrorKind::NotFound
    );
    assert_eq!(
        kind(r#"{"type":"threads.add_user_message","params":{"thread_id":"thr_x","input":{"content":[],"attachments":[],"inference_options":{}}}}"#).await,
        ErrorKind::NotFound
    );
    assert_eq!(kind(r#"{"type":"input.transcribe","params":{"audio_base64":"YWJj","mime_type":"audio/webm"}}"#).await, ErrorKind::Internal);
    assert_eq!(kind(r#"{"type":"input.transcribe","params":{"audio_base64":"%%%","mime_type":"audio/webm"}}"#).await, ErrorKind::InvalidRequest);
    assert_eq!(kind(r#"{"type":"attachments.create","params":{"name":"a","size":1,"mime_type":"text/plain"}}"#).await, ErrorKind::Internal);
    assert_eq!(
        kind(r#"{"type":"threads.list","params":{"after":"thr_nope"}}"#).await,
        ErrorKind::InvalidRequest
    );
}

/// Streams a widget through three states and rejects a bad root.
struct Widgets;

impl Responder<()> for Widgets {
    fn respond(
        self: Arc<Self>,
        turn: TurnContext<()>,
        input: Option<UserMessageItem>,
    ) -> ResponseStream {
        use serde_json::json;
        if input.as_ref().and_then(|m| m.first_text()) == Some("bad") {
            return stream_widget(&turn, json!({"type": "Text", "value": "not a root"}), None);
        }
        let text = |v: &str| json!({"type": "Card", "children": [{"id": "t", "type": "Text", "value": v, "streaming": true}]});
        let states = vec![Ok(text("")), Ok(text("Hel")), Ok(text("Hello"))];
        stream_widget_states(&turn, futures::stream::iter(states), Some("Hello".into()))
    }
}

#[tokio::test]
async fn stream_widget_states_and_invalid_root() {
    let (server, store) = server(Widgets);
    let events: Vec<ThreadStreamEvent> = stream_of(&server, &create_body("go"))
        .await
        .map(Result::unwrap)
        .collect()
        .await;
    let types: Vec<&str> = events.iter().map(ThreadStreamEvent::type_name).collect();
    assert_eq!(
        types,
        vec![
            "thread.created",
            "thread.item.done",
            "stream_options",
            "thread.item.added",
            "thread.item.updated",
            "thread.item.updated",
            "thread.item.done"
        ]
    );
    let (ThreadStreamEvent::ItemAdded { item: added }, ThreadStreamEvent::ItemDone { item: done }) =
        (&events[3], &events[6])
    else {
        panic!("{events:?}")
    };
    assert_eq!(
        (added.id(), added.created_at()),
        (done.id(), done.created_at())
    );
    let ThreadItem::Widget(widget) = done else {
        panic!()
    };
    assert_eq!(widget.widget["children"][0]["value"], "Hello");
    assert_eq!(widget.copy_text.as_deref(), Some("Hello"));
    let saved = all_items(&store, done.thread_id()).await;
    assert_eq!(saved.len(), 2);

    let events: Vec<ThreadStreamEvent> = stream_of(&server, &create_body("bad"))
        .await
        .map(Result::unwrap)
        .collect()
        .await;
    assert_eq!(events.last(), Some(&StreamError::internal("x").to_event()));
}

/// Sends one progress update, then panics.
struct Panics;

impl Responder<()> for Panics {
    fn respond(
        self: Arc<Self>,
        _turn: TurnContext<()>,
        _input: Option<UserMessageItem>,
    ) -> ResponseStream {
        event_stream(|mut tx| async move {
            tx.send(ThreadStreamEvent::ProgressUpdate {
                icon: None,
                text: "working".into(),
            })
            .await?;
            panic!("responder bug");
        })
    }
}

#[tokio::test]
async fn a_panicking_responder_becomes_an_error_event() {
    let (server, _) = server(Panics);
    let events: Vec<_> = stream_of(&server, &create_body("hi")).await.collect().await;
    let last = events.last().unwrap().as_ref().unwrap();
    assert_eq!(last, &StreamError::internal("x").to_event());
    assert_eq!(events.len(), 5, "{events:?}");
}

fn message_body(thread_id: &str, text: &str) -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({
        "type": "threads.add_user_message",
        "params": {"thread_id": thread_id, "input": {"content": [{"type": "input_text", "text": text}], "attachments": [], "inference_options": {}}}
    }))
    .unwrap()
}

/// Contract 7 in one process: while a run holds a thread, another request on it waits the run
/// wait, then gets exactly the retryable busy event and writes nothing; once the run has ended
/// (here: cancelled, its partial answer saved), the thread takes the next run at once.
#[tokio::test]
async fn a_busy_thread_waits_then_refuses_with_a_retryable_error() {
    use std::time::{Duration, Instant};
    let store = Arc::new(MemoryStore::new());
    let server = ChatKitServer::new(store.clone(), Arc::new(Stalls { text: true }))
        .with_run_wait(Duration::from_millis(150));
    let mut first = stream_of(&server, &create_body("hi")).await;
    let thread_id = read_until_progress(&mut first).await;
    let before = all_items(&store, &thread_id).await;
    let asked = Instant::now();
    let second = stream_of(&server, &message_body(&thread_id, "again")).await;
    assert!(
        asked.elapsed() >= Duration::from_millis(150),
        "did not wait"
    );
    let events: Vec<_> = second.map(Result::unwrap).collect().await;
    assert_eq!(events, vec![crate::run_locks::busy_event()]);
    let ThreadStreamEvent::Error {
        allow_retry: true,
        retry_after_ms: Some(_),
        ..
    } = &events[0]
    else {
        panic!("{events:?}")
    };
    assert_eq!(
        all_items(&store, &thread_id).await,
        before,
        "the refused request wrote"
    );
    first.cancel().await;
    let asked = Instant::now();
    let mut third = stream_of(&server, &message_body(&thread_id, "now")).await;
    assert!(
        asked.elapsed() < Duration::from_millis(150),
        "waited for a free thread"
    );
    assert!(matches!(
        third.next().await,
        Some(Ok(ThreadStreamEvent::ItemDone {
            item: ThreadItem::UserMessage(_)
        }))
    ));
    // Other threads were never blocked.
    let mut other = stream_of(&server, &create_body("elsewhere")).await;
    read_until_progress(&mut other).await;
}
