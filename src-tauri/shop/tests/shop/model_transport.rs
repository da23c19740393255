//! Transport behaviour of the HTTP backends: timeouts, refused connections, cancellation, and
//! the settings path an app user takes (base URL → backend).

use std::time::Duration;

use crate::support::*;
use futures::StreamExt;
use shop::model::error::TimeoutPhase;
use shop::model::{
    ChatCompletionsBackend, HttpOptions, ModelBackend, ModelError, ModelEvent, ModelRequest,
    ModelSettings, ResponsesBackend,
};
use shop::testing::{MockOpenAi, Reply};

fn short(response: u64, idle: u64) -> HttpOptions {
    HttpOptions {
        connect_timeout: Duration::from_secs(5),
        response_timeout: Duration::from_millis(response),
        idle_timeout: Duration::from_millis(idle),
        ..HttpOptions::default()
    }
}

#[tokio::test]
async fn server_that_never_answers_is_a_response_timeout() {
    let server = MockOpenAi::start().await;
    server.push(Reply::stall());
    let b = ChatCompletionsBackend::new(&server.base_url(), None, "m", short(300, 10_000)).unwrap();
    let e = b.stream(ModelRequest::user("hi")).await.err().unwrap();
    assert!(
        matches!(
            e,
            ModelError::Timeout {
                phase: TimeoutPhase::Response,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(e.retryable());
}

#[tokio::test]
async fn stream_that_goes_silent_is_a_stream_timeout() {
    let server = MockOpenAi::start().await;
    server.push(fixture("responses/text.sse").hang_after(5));
    let b = ResponsesBackend::new(&server.base_url(), Some("k"), "m", short(10_000, 300)).unwrap();
    let (events, error) = collect(b.stream(ModelRequest::user("hi")).await.unwrap()).await;
    assert_eq!(text(&events), "Hi");
    assert!(
        matches!(
            error,
            Some(ModelError::Timeout {
                phase: TimeoutPhase::Stream,
                ..
            })
        ),
        "{error:?}"
    );
    // The backend gave up on the silent stream and closed it.
    assert!(server.wait_bodies_closed(1, Duration::from_secs(10)).await);
}

#[tokio::test]
async fn slow_but_steady_stream_completes() {
    let server = MockOpenAi::start().await;
    server.push(fixture("chat/text.sse").with_delay(Duration::from_millis(40)));
    let b =
        ChatCompletionsBackend::new(&server.base_url(), None, "m", short(10_000, 5_000)).unwrap();
    let (events, error) = collect(b.stream(ModelRequest::user("hi")).await.unwrap()).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(text(&events), "Hello! How can I help?");
}

#[tokio::test]
async fn refused_connection_is_a_connection_error_before_the_stream() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let b = ChatCompletionsBackend::new(&format!("http://127.0.0.1:{port}/v1"), None, "m", opts())
        .unwrap();
    let e = b.stream(ModelRequest::user("hi")).await.err().unwrap();
    assert!(
        matches!(
            e,
            ModelError::Connection {
                mid_stream: false,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(e.user_message().contains("Could not reach"));
}

#[tokio::test]
async fn dropping_the_stream_closes_the_http_response() {
    for responses_api in [false, true] {
        let server = MockOpenAi::start().await;
        let (reply, b): (Reply, Box<dyn ModelBackend>) = if responses_api {
            (
                fixture("responses/text.sse").hang_after(5),
                Box::new(
                    ResponsesBackend::new(&server.base_url(), Some("k"), "m", opts()).unwrap(),
                ),
            )
        } else {
            (
                fixture("chat/text.sse").hang_after(2),
                Box::new(
                    ChatCompletionsBackend::new(&server.base_url(), None, "m", opts()).unwrap(),
                ),
            )
        };
        server.push(reply);
        let mut stream = b.stream(ModelRequest::user("hi")).await.unwrap();
        let first = stream.next().await.unwrap().unwrap();
        assert!(matches!(first, ModelEvent::TextDelta(_)));
        assert_eq!(server.bodies_closed(), 0, "the server is still streaming");
        drop(stream);
        assert!(
            server.wait_bodies_closed(1, Duration::from_secs(10)).await,
            "the mock never saw the connection close (responses_api={responses_api})"
        );
    }
}

#[tokio::test]
async fn settings_with_a_base_url_talk_to_that_server() {
    let server = MockOpenAi::start().await;
    server.push(fixture("chat/tool_call.sse"));
    let base_url = server.base_url();
    let settings = ModelSettings::default()
        .with_env(|name| match name {
            "SHOPDESK_BASE_URL" => Some(base_url.clone()),
            "SHOPDESK_MODEL" => Some("mock-model".into()),
            _ => None,
        })
        .unwrap();
    let backend = settings.build().unwrap();
    assert_eq!(backend.name(), "chat-completions");
    let (events, error) = collect(
        backend
            .stream(ModelRequest::user("headphones"))
            .await
            .unwrap(),
    )
    .await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(calls(&events).len(), 1);
    assert_eq!(server.requests()[0].body["model"], "mock-model");
}

#[tokio::test]
async fn finished_answer_on_a_stream_left_open_still_completes() {
    let server = MockOpenAi::start().await;
    // All three chunks (the last with finish_reason "stop"), then silence without [DONE].
    server.push(fixture("chat/empty_finish_reason.sse").hang_after(3));
    let b =
        ChatCompletionsBackend::new(&server.base_url(), None, "m", short(10_000, 30_000)).unwrap();
    let (events, error) = collect(b.stream(ModelRequest::user("hi")).await.unwrap()).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(text(&events), "Sure, here you go.");
    assert_eq!(events.last(), Some(&ModelEvent::Done { usage: None }));
    assert!(server.wait_bodies_closed(1, Duration::from_secs(10)).await);
}
