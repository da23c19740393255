//! Responses API backend against recorded transcripts served over real HTTP on loopback.

use crate::support::*;
use serde_json::json;
use shop::model::{
    ModelBackend, ModelError, ModelEvent, ModelMessage, ModelRequest, ResponsesBackend, Usage,
};
use shop::testing::MockOpenAi;

fn backend(server: &MockOpenAi) -> ResponsesBackend {
    ResponsesBackend::new(
        &server.base_url(),
        Some("sk-live-test"),
        "gpt-4.1-mini",
        opts(),
    )
    .unwrap()
}

#[tokio::test]
async fn text_stream_and_request_shape() {
    let server = MockOpenAi::start().await;
    server.push(fixture("responses/text.sse"));
    let request = ModelRequest {
        model: None,
        instructions: Some("You are Shopdesk.".into()),
        messages: vec![ModelMessage::User { text: "hi".into() }],
        tools: shop_tools(),
    };
    let (events, error) = collect(backend(&server).stream(request).await.unwrap()).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(text(&events), "Hi there, shopper!");
    assert_eq!(
        events.last(),
        Some(&ModelEvent::Done {
            usage: Some(Usage {
                input_tokens: 37,
                output_tokens: 6,
                total_tokens: 43
            })
        })
    );

    let r = &server.requests()[0];
    assert_eq!(
        (r.method.as_str(), r.path.as_str()),
        ("POST", "/v1/responses")
    );
    assert_eq!(r.header("authorization"), Some("Bearer sk-live-test"));
    assert_eq!(r.body["model"], "gpt-4.1-mini");
    assert_eq!(r.body["instructions"], "You are Shopdesk.");
    assert_eq!(r.body["stream"], true);
    assert_eq!(
        r.body["input"],
        json!([{"type": "message", "role": "user", "content": "hi"}])
    );
    let tool = r.body["tools"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "search_catalog")
        .unwrap();
    assert_eq!(tool["type"], "function");
    assert_eq!(tool["parameters"]["required"], json!(["query"]));
}

#[tokio::test]
async fn function_call_then_output_goes_back_as_function_call_output() {
    let server = MockOpenAi::start().await;
    server.push(fixture("responses/function_call.sse"));
    server.push(fixture("responses/text.sse"));
    let b = backend(&server);
    let mut request = ModelRequest {
        tools: shop_tools(),
        ..ModelRequest::user("show me lamps")
    };
    let (events, error) = collect(b.stream(request.clone()).await.unwrap()).await;
    assert!(error.is_none(), "{error:?}");
    let made = calls(&events);
    assert_eq!(
        made,
        vec![call(
            "call_Qx7",
            "show_products",
            r#"{"category":"lighting"}"#
        )]
    );
    assert_eq!(
        events.last(),
        Some(&ModelEvent::Done {
            usage: Some(Usage {
                input_tokens: 120,
                output_tokens: 18,
                total_tokens: 138
            })
        })
    );

    request
        .messages
        .push(ModelMessage::ToolCalls { calls: made });
    request.messages.push(ModelMessage::ToolResult {
        call_id: "call_Qx7".into(),
        output: r#"{"shown":2}"#.into(),
    });
    let (_, error) = collect(b.stream(request).await.unwrap()).await;
    assert!(error.is_none());
    let input = &server.requests()[1].body["input"];
    assert_eq!(
        input[1],
        json!({"type": "function_call", "call_id": "call_Qx7", "name": "show_products", "arguments": "{\"category\":\"lighting\"}"})
    );
    assert_eq!(
        input[2],
        json!({"type": "function_call_output", "call_id": "call_Qx7", "output": "{\"shown\":2}"})
    );
}

#[tokio::test]
async fn parallel_function_calls() {
    expect_calls(
        "responses/parallel_function_calls.sse",
        backend,
        ModelRequest::user("x"),
        vec![
            call("call_a", "search_catalog", r#"{"query":"mug"}"#),
            call("call_b", "view_cart", "{}"),
        ],
    )
    .await;
}

#[tokio::test]
async fn failed_and_error_events_are_typed() {
    let server = MockOpenAi::start().await;
    server.push(fixture("responses/failed.sse"));
    server.push(fixture("responses/error_event.sse"));
    let b = backend(&server);
    let (_, error) = collect(b.stream(ModelRequest::user("x")).await.unwrap()).await;
    assert!(
        matches!(&error, Some(ModelError::Server { status: None, message, .. }) if message.contains("invalid content")),
        "{error:?}"
    );
    let (_, error) = collect(b.stream(ModelRequest::user("x")).await.unwrap()).await;
    let error = error.unwrap();
    assert!(matches!(error, ModelError::RateLimited { .. }), "{error:?}");
    assert!(error.retryable());
}

#[tokio::test]
async fn http_errors_and_dropped_connection() {
    let server = MockOpenAi::start().await;
    server.push(fixture("responses/error_401.http"));
    server.push(fixture("responses/error_500.http"));
    server.push(fixture("responses/dropped.sse"));
    let b = backend(&server);
    let e = b.stream(ModelRequest::user("x")).await.err().unwrap();
    assert!(
        matches!(e, ModelError::Unauthorized { status: 401, .. }),
        "{e:?}"
    );
    assert!(e.user_message().contains("API key"));
    let e = b.stream(ModelRequest::user("x")).await.err().unwrap();
    assert!(
        matches!(&e, ModelError::Server { status: Some(500), message, .. } if message.starts_with("The server had an error")),
        "{e:?}"
    );
    let (events, error) = collect(b.stream(ModelRequest::user("x")).await.unwrap()).await;
    assert_eq!(text(&events), "Here");
    assert_dropped_mid_stream(&error);
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn clean_close_before_completed_is_a_truncated_stream_not_an_answer() {
    // Same transcript as text.sse without the response.completed event, closed cleanly.
    let full = std::fs::read_to_string(fixture_path("responses/text.sse")).unwrap();
    let cut = full.split("event: response.completed").next().unwrap();
    let (events, error) = stream_reply(
        shop::testing::Reply::sse(cut),
        backend,
        ModelRequest::user("x"),
    )
    .await;
    assert_eq!(text(&events), "Hi there, shopper!");
    assert!(
        matches!(
            error,
            Some(ModelError::Truncated {
                mid_stream: true,
                ..
            })
        ),
        "{error:?}"
    );
    assert!(!events.iter().any(|e| matches!(e, ModelEvent::Done { .. })));
}
