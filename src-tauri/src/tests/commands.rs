//! `handle_request` / `cancel_run` against a real in-memory ChatKit server.

use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;

use super::{create_thread_body, offline_assistant, state_with, Failing, Recorder, Stalling};
use crate::commands::{cancel_run, handle_request, RequestOutcome};
use crate::frames::Frame;
use crate::state::AppState;

/// Waits until `cond` holds (the run task is asynchronous), failing after 10 s.
pub(super) async fn eventually(what: &str, mut cond: impl FnMut() -> bool) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while !cond() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// Sends `threads.create` with `text` as run `run-1`, checks it is answered as a stream, and
/// returns its frames once the end frame arrived.
pub(super) async fn stream_to_end(state: &AppState, text: &str) -> Recorder {
    let frames = Recorder::default();
    let outcome = handle_request(state, create_thread_body(text), "run-1", frames.clone())
        .await
        .unwrap();
    assert_eq!(outcome, RequestOutcome::Stream);
    eventually("the end frame", || {
        frames.frames().last() == Some(&Frame::End)
    })
    .await;
    frames
}

#[tokio::test]
async fn malformed_bodies_and_run_ids_get_typed_errors() {
    let state = state_with(Arc::new(Failing));
    for body in [
        "",
        "{",
        "[]",
        r#"{"type":"threads.nope","params":{}}"#,
        r#"{"params":{}}"#,
    ] {
        let err = handle_request(&state, body.into(), "run-1", Recorder::default())
            .await
            .unwrap_err();
        assert_eq!(err.code(), "invalid_request", "{body:?}: {err:?}");
        assert!(
            state.cancel_registry().is_empty(),
            "a failed request leaves no run behind"
        );
    }
    let list = r#"{"type":"threads.list","params":{}}"#;
    let err = handle_request(&state, list.into(), "", Recorder::default())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "invalid_request");
    let err = cancel_run(&state, "bad\u{0}id").await.unwrap_err();
    assert_eq!(err.code(), "invalid_request");
}

#[tokio::test]
async fn non_streaming_requests_resolve_with_the_json_body() {
    let state = state_with(Arc::new(Failing));
    let list = r#"{"type":"threads.list","params":{"limit":5}}"#;
    let outcome = handle_request(&state, list.into(), "run-1", Recorder::default())
        .await
        .unwrap();
    let RequestOutcome::Json { body } = outcome else {
        panic!("expected JSON, got {outcome:?}")
    };
    let page: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(page["data"], serde_json::json!([]));
    assert_eq!(page["has_more"], false);

    let get = r#"{"type":"threads.get_by_id","params":{"thread_id":"thr_missing"}}"#;
    let err = handle_request(&state, get.into(), "run-2", Recorder::default())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "not_found");
}

#[tokio::test]
async fn streaming_requests_send_event_frames_then_end() {
    let state = state_with(Arc::new(Failing));
    let frames = stream_to_end(&state, "show products").await;
    let types = frames.event_types();
    assert_eq!(
        types.first().map(String::as_str),
        Some("thread.created"),
        "{types:?}"
    );
    assert!(
        types.contains(&"thread.item.done".to_owned()),
        "the user message: {types:?}"
    );
    // The responder fails the turn: the protocol reports that as an `error` event, and the
    // stream still ends normally.
    assert!(types.contains(&"error".to_owned()), "{types:?}");
    for frame in frames.frames() {
        if let Frame::Event { data, .. } = frame {
            assert!(!data.contains('\n'), "events are compact JSON: {data}");
        }
    }
    eventually("the run to unregister", || {
        state.cancel_registry().is_empty()
    })
    .await;

    // The thread was stored: it is listed now.
    let list = r#"{"type":"threads.list","params":{}}"#;
    let RequestOutcome::Json { body } =
        handle_request(&state, list.into(), "run-2", Recorder::default())
            .await
            .unwrap()
    else {
        panic!("expected JSON")
    };
    let page: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(page["data"].as_array().unwrap().len(), 1, "{page}");
}

#[tokio::test]
async fn cancel_stops_a_running_stream_and_frees_the_run_id() {
    let state = state_with(Arc::new(Stalling));
    let frames = Recorder::default();
    let outcome = handle_request(&state, create_thread_body("hi"), "run-1", frames.clone())
        .await
        .unwrap();
    assert_eq!(outcome, RequestOutcome::Stream);
    eventually("the first events", || {
        frames.event_types().contains(&"stream_options".into())
    })
    .await;
    assert!(state.cancel_registry().is_running("run-1"));
    let again = handle_request(&state, "{}".into(), "run-1", Recorder::default()).await;
    assert_eq!(
        again.unwrap_err().code(),
        "invalid_request",
        "run ids are unique while running"
    );

    assert!(
        cancel_run(&state, "run-1").await.unwrap(),
        "the run was in flight"
    );
    assert!(!state.cancel_registry().is_running("run-1"));
    let last = frames.frames().last().cloned();
    assert!(
        !matches!(last, Some(Frame::End)),
        "a cancelled stream is not ended normally"
    );
    assert!(
        !cancel_run(&state, "run-1").await.unwrap(),
        "cancelling twice is harmless"
    );
}

#[tokio::test]
async fn the_offline_assistant_answers_show_products_with_a_widget() {
    let state = state_with(offline_assistant());
    let frames = stream_to_end(&state, "show products").await;
    let widgets: Vec<Value> = frames
        .frames()
        .iter()
        .filter_map(|f| match f {
            Frame::Event { data, .. } => serde_json::from_str::<Value>(data).ok(),
            _ => None,
        })
        .filter(|e| e["type"] == "thread.item.done" && e["item"]["type"] == "widget")
        .collect();
    assert!(
        !widgets.is_empty(),
        "a widget item: {:?}",
        frames.event_types()
    );
    let tree = widgets[0]["item"]["widget"].to_string();
    assert!(
        tree.contains("cart.add"),
        "the card offers Add to Cart: {tree}"
    );
}
