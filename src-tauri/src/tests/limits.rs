//! The caps on `chatkit_request` as the app applies them: the runs in flight
//! ([`MAX_RUNS_IN_FLIGHT`], the cancel registry's) and the ChatKit server's body bound
//! ([`chatkit::DEFAULT_MAX_BODY_BYTES`]), each an `invalid_request` that loses nothing.

use std::sync::Arc;

use chatkit::server::{Responder, ResponseStream, TurnContext};
use chatkit::types::UserMessageItem;
use futures::StreamExt;
use serde_json::{json, Value};
use tokio::sync::watch;

use super::commands::eventually;
use super::{create_thread_body, state_with, Recorder};
use crate::cancel_registry::MAX_RUNS_IN_FLIGHT;
use crate::commands::{cancel_run, handle_request, RequestOutcome};
use crate::frames::Frame;
use crate::state::{AppState, RequestContext};

/// A responder whose turns stay open until the gate opens, then end without a word.
struct Gated(watch::Receiver<bool>);

impl Responder<RequestContext> for Gated {
    fn respond(
        self: Arc<Self>,
        _turn: TurnContext<RequestContext>,
        _input: Option<UserMessageItem>,
    ) -> ResponseStream {
        let mut gate = self.0.clone();
        futures::stream::once(async move {
            let _ = gate.wait_for(|open| *open).await;
        })
        .filter_map(|()| async { None })
        .boxed()
    }
}

async fn thread_count(state: &AppState) -> usize {
    let list = r#"{"type":"threads.list","params":{"limit":100}}"#;
    match handle_request(state, list.into(), "count", Recorder::default()).await {
        Ok(RequestOutcome::Json { body }) => {
            let page: Value = serde_json::from_str(&body).unwrap();
            page["data"].as_array().unwrap().len()
        }
        other => panic!("threads.list: {other:?}"),
    }
}

#[tokio::test]
async fn runs_beyond_the_cap_are_refused_until_one_ends() {
    let (open, gate) = watch::channel(false);
    let state = state_with(Arc::new(Gated(gate)));
    let mut streams = Vec::new();
    for i in 0..MAX_RUNS_IN_FLIGHT {
        let frames = Recorder::default();
        let outcome = handle_request(
            &state,
            create_thread_body("hi"),
            &format!("run-{i}"),
            frames.clone(),
        )
        .await
        .unwrap();
        assert_eq!(outcome, RequestOutcome::Stream);
        streams.push(frames);
    }
    assert_eq!(state.cancel_registry().len(), MAX_RUNS_IN_FLIGHT);

    // One more: refused at once with a clear error, not queued; it stored nothing.
    let err = handle_request(
        &state,
        create_thread_body("hi"),
        "one-more",
        Recorder::default(),
    )
    .await
    .unwrap_err();
    assert_eq!(err.code(), "invalid_request");
    assert_eq!(
        err.message(),
        format!(
            "too many requests in flight ({MAX_RUNS_IN_FLIGHT} are running); \
             wait for one to finish or cancel it"
        )
    );
    assert!(!state.cancel_registry().is_running("one-more"));
    // JSON requests count too while the streams hold every place.
    let list = r#"{"type":"threads.list","params":{}}"#;
    let err = handle_request(&state, list.into(), "list", Recorder::default())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "invalid_request");

    // A cancelled run frees its place ...
    assert!(cancel_run(&state, "run-0").await.unwrap());
    let frames = Recorder::default();
    let outcome = handle_request(
        &state,
        create_thread_body("hi"),
        "run-again",
        frames.clone(),
    )
    .await
    .unwrap();
    assert_eq!(outcome, RequestOutcome::Stream);
    streams.push(frames);

    // ... and so do runs that end on their own.
    open.send(true).unwrap();
    for (i, frames) in streams.iter().enumerate().skip(1) {
        eventually(&format!("stream {i} to end"), || {
            frames.frames().last() == Some(&Frame::End)
        })
        .await;
    }
    eventually("every run to unregister", || {
        state.cancel_registry().is_empty()
    })
    .await;
    assert_eq!(
        thread_count(&state).await,
        MAX_RUNS_IN_FLIGHT + 1,
        "one thread per accepted run, none for the refused one"
    );
    let outcome = handle_request(
        &state,
        create_thread_body("hi"),
        "after",
        Recorder::default(),
    )
    .await
    .unwrap();
    assert_eq!(outcome, RequestOutcome::Stream, "accepted again");
}

#[tokio::test]
async fn an_oversized_body_is_an_invalid_request_and_stores_nothing() {
    let (_open, gate) = watch::channel(true);
    let state = state_with(Arc::new(Gated(gate)));
    let body = create_thread_body(&"a".repeat(chatkit::DEFAULT_MAX_BODY_BYTES));
    let err = handle_request(&state, body.clone(), "big", Recorder::default())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "invalid_request");
    assert_eq!(
        err.message(),
        format!(
            "the request body is {} bytes, more than the limit of {} bytes",
            body.len(),
            chatkit::DEFAULT_MAX_BODY_BYTES
        )
    );
    assert!(state.cancel_registry().is_empty(), "no run left behind");
    assert_eq!(thread_count(&state).await, 0, "nothing stored");
}

#[test]
fn a_10_mb_body_over_ipc_is_rejected_as_invalid_request() {
    let (_app, window) = super::ipc::app();
    let body = create_thread_body(&"a".repeat(10_000_000));
    let err = super::ipc::invoke(
        &window,
        "chatkit_request",
        json!({ "body": body, "runId": "big", "onEvent": "__CHANNEL__:7" }),
    )
    .unwrap_err();
    assert_eq!(err["code"], "invalid_request", "{err:.200}");
    let message = err["message"].as_str().unwrap();
    assert!(
        message.contains(&format!(
            "more than the limit of {} bytes",
            chatkit::DEFAULT_MAX_BODY_BYTES
        )),
        "{message}"
    );
    // The app still answers.
    let listed = super::ipc::invoke(
        &window,
        "chatkit_request",
        json!({ "body": r#"{"type":"threads.list","params":{}}"#, "runId": "r", "onEvent": "__CHANNEL__:7" }),
    )
    .unwrap();
    let page: Value = serde_json::from_str(listed["body"].as_str().unwrap()).unwrap();
    assert_eq!(page["data"], json!([]));
}
