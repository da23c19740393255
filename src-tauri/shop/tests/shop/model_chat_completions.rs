//! Chat Completions backend against recorded transcripts served over real HTTP on loopback.

use std::time::Duration;

use crate::support::*;
use serde_json::json;
use shop::model::{
    ChatCompletionsBackend, ModelBackend, ModelError, ModelEvent, ModelMessage, ModelRequest, Usage,
};
use shop::testing::MockOpenAi;

fn backend(server: &MockOpenAi, key: Option<&str>) -> ChatCompletionsBackend {
    ChatCompletionsBackend::new(&server.base_url(), key, "llama3.2", opts()).unwrap()
}

fn request_with_tools(text: &str) -> ModelRequest {
    ModelRequest {
        model: None,
        instructions: Some("You are Shopdesk.".into()),
        messages: vec![ModelMessage::User { text: text.into() }],
        tools: shop_tools(),
    }
}

#[tokio::test]
async fn text_stream_with_usage_and_request_shape() {
    let server = MockOpenAi::start().await;
    server.push(fixture("chat/text.sse"));
    let stream = backend(&server, Some("sk-test"))
        .stream(request_with_tools("hello"))
        .await
        .unwrap();
    let (events, error) = collect(stream).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(text(&events), "Hello! How can I help?");
    assert_eq!(
        events.last(),
        Some(&ModelEvent::Done {
            usage: Some(Usage {
                input_tokens: 21,
                output_tokens: 6,
                total_tokens: 27
            })
        })
    );

    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let r = &requests[0];
    assert_eq!(
        (r.method.as_str(), r.path.as_str()),
        ("POST", "/v1/chat/completions")
    );
    assert_eq!(r.header("authorization"), Some("Bearer sk-test"));
    assert_eq!(r.body["model"], "llama3.2");
    assert_eq!(r.body["stream"], true);
    assert_eq!(r.body["stream_options"], json!({"include_usage": true}));
    assert_eq!(
        r.body["messages"],
        json!([
            {"role": "system", "content": "You are Shopdesk."},
            {"role": "user", "content": "hello"},
        ])
    );
    let names: Vec<&str> = r.body["tools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["function"]["name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"show_products") && names.contains(&"view_cart"),
        "{names:?}"
    );
    let show_products = r.body["tools"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["function"]["name"] == "show_products")
        .unwrap();
    assert_eq!(show_products["type"], "function");
    assert_eq!(show_products["function"]["parameters"]["type"], "object");
}

#[tokio::test]
async fn one_tool_call_with_fragmented_arguments() {
    let server = MockOpenAi::start().await;
    server.push(fixture("chat/tool_call.sse"));
    let (events, error) = collect(
        backend(&server, None)
            .stream(request_with_tools("headphones"))
            .await
            .unwrap(),
    )
    .await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(
        calls(&events),
        vec![call(
            "call_Ab12",
            "show_products",
            r#"{"category":"audio"}"#
        )]
    );
    assert_eq!(events.last(), Some(&ModelEvent::Done { usage: None }));
    // Keyless server: no Authorization header at all (not an empty or a placeholder one).
    assert_eq!(server.requests()[0].header("authorization"), None);
}

#[tokio::test]
async fn parallel_tool_calls_keep_their_own_arguments() {
    expect_calls(
        "chat/parallel_tool_calls.sse",
        |s| backend(s, None),
        request_with_tools("x"),
        vec![
            call("call_one", "search_catalog", r#"{"query":"kettle"}"#),
            call("call_two", "view_cart", "{}"),
        ],
    )
    .await;
}

#[tokio::test]
async fn missing_index_complete_calls_are_not_merged() {
    expect_calls(
        "chat/missing_index.sse",
        |s| backend(s, None),
        request_with_tools("x"),
        vec![
            call("call_x1", "show_products", r#"{"category":"lighting"}"#),
            call("call_x2", "view_cart", "{}"),
        ],
    )
    .await;
}

#[tokio::test]
async fn missing_index_fragments_follow_their_call() {
    expect_calls(
        "chat/missing_index_fragments.sse",
        |s| backend(s, None),
        request_with_tools("x"),
        vec![
            call("call_a", "search_catalog", r#"{"query":"mug"}"#),
            call("call_b", "show_product", r#"{"product_id":"lamp-aurora"}"#),
        ],
    )
    .await;
}

#[tokio::test]
async fn missing_index_and_id_split_calls_by_name() {
    expect_calls(
        "chat/missing_index_no_ids.sse",
        |s| backend(s, None),
        request_with_tools("x"),
        vec![
            call("call_0", "show_products", r#"{"category":"kitchen"}"#),
            call("call_1", "view_cart", "{}"),
        ],
    )
    .await;
}

#[tokio::test]
async fn empty_finish_reason_and_keepalive_comments_are_tolerated() {
    let server = MockOpenAi::start().await;
    server.push(fixture("chat/empty_finish_reason.sse"));
    server.push(fixture("chat/keepalive.sse"));
    let b = backend(&server, None);
    let (events, error) = collect(b.stream(ModelRequest::user("hi")).await.unwrap()).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(text(&events), "Sure, here you go.");
    assert_eq!(
        events
            .iter()
            .filter(|e| matches!(e, ModelEvent::Done { .. }))
            .count(),
        1
    );
    let (events, error) = collect(b.stream(ModelRequest::user("hi")).await.unwrap()).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(text(&events), "Still here.");
}

#[tokio::test]
async fn tool_results_are_sent_back_in_the_next_request() {
    let server = MockOpenAi::start().await;
    server.push(fixture("chat/tool_call.sse"));
    server.push(fixture("chat/text.sse"));
    let b = backend(&server, None);
    let mut request = request_with_tools("show me headphones");
    let (events, _) = collect(b.stream(request.clone()).await.unwrap()).await;
    let made = calls(&events);
    request.messages.push(ModelMessage::ToolCalls {
        calls: made.clone(),
    });
    request.messages.push(ModelMessage::ToolResult {
        call_id: made[0].call_id.clone(),
        output: r#"{"shown":3}"#.into(),
    });
    let (_, error) = collect(b.stream(request).await.unwrap()).await;
    assert!(error.is_none());
    let second = &server.requests()[1].body;
    assert_eq!(
        second["messages"][2],
        json!({
            "role": "assistant", "content": null,
            "tool_calls": [{"id": "call_Ab12", "type": "function", "function": {"name": "show_products", "arguments": "{\"category\":\"audio\"}"}}]
        })
    );
    assert_eq!(
        second["messages"][3],
        json!({"role": "tool", "tool_call_id": "call_Ab12", "content": "{\"shown\":3}"})
    );
}

#[tokio::test]
async fn http_errors_are_typed_and_not_retried_behind_our_back() {
    let server = MockOpenAi::start().await;
    for f in [
        "chat/error_401.http",
        "chat/error_429.http",
        "chat/error_500.http",
        "chat/error_404_ollama.http",
    ] {
        server.push(fixture(f));
    }
    let b = backend(&server, Some("sk-wrong"));
    let e = b.stream(ModelRequest::user("hi")).await.err().unwrap();
    assert!(
        matches!(&e, ModelError::Unauthorized { status: 401, message } if message.starts_with("Incorrect API key")),
        "{e:?}"
    );
    assert!(!e.retryable());
    let e = b.stream(ModelRequest::user("hi")).await.err().unwrap();
    assert!(
        matches!(&e, ModelError::RateLimited { retry_after: Some(d), quota_exhausted: false, .. } if *d == Duration::from_secs(7)),
        "{e:?}"
    );
    assert!(e.retryable());
    let e = b.stream(ModelRequest::user("hi")).await.err().unwrap();
    assert!(
        matches!(&e, ModelError::Server { status: Some(500), message, .. } if message == "Internal Server Error"),
        "{e:?}"
    );
    assert!(e.retryable());
    let e = b.stream(ModelRequest::user("hi")).await.err().unwrap();
    assert!(
        matches!(
            &e,
            ModelError::BadRequest {
                status: Some(404),
                ..
            }
        ),
        "{e:?}"
    );
    assert!(e.user_message().contains("base URL"));
    // Exactly one HTTP request per call: no hidden 429/5xx retries.
    assert_eq!(server.requests().len(), 4);
}

#[tokio::test]
async fn in_stream_error_malformed_chunk_and_dropped_connection() {
    let server = MockOpenAi::start().await;
    server.push(fixture("chat/in_stream_error.sse"));
    server.push(fixture("chat/malformed.sse"));
    server.push(fixture("chat/dropped.sse"));
    let b = backend(&server, None);

    let (events, error) = collect(b.stream(ModelRequest::user("a")).await.unwrap()).await;
    assert_eq!(text(&events), "Let me");
    assert!(
        matches!(error, Some(ModelError::Server { status: None, .. })),
        "{error:?}"
    );

    let (events, error) = collect(b.stream(ModelRequest::user("b")).await.unwrap()).await;
    assert_eq!(text(&events), "Hi");
    assert!(
        matches!(error, Some(ModelError::MalformedStream { .. })),
        "{error:?}"
    );

    let (events, error) = collect(b.stream(ModelRequest::user("c")).await.unwrap()).await;
    assert_eq!(text(&events), "Here are some lamps");
    let error = error.expect("a dropped connection must be an error, not a short answer");
    assert!(
        matches!(
            error,
            ModelError::Connection {
                mid_stream: true,
                ..
            }
        ),
        "{error:?}"
    );
    assert!(error.retryable());
    assert!(!events.iter().any(|e| matches!(e, ModelEvent::Done { .. })));
}

#[tokio::test]
async fn base_url_with_trailing_slash_and_model_override() {
    let server = MockOpenAi::start().await;
    server.push(fixture("chat/text.sse"));
    let b = ChatCompletionsBackend::new(
        &format!("{}/", server.base_url()),
        None,
        "default-model",
        opts(),
    )
    .unwrap();
    let request = ModelRequest {
        model: Some("qwen3:8b".into()),
        ..ModelRequest::user("hi")
    };
    let (_, error) = collect(b.stream(request).await.unwrap()).await;
    assert!(error.is_none());
    let r = &server.requests()[0];
    assert_eq!(r.path, "/v1/chat/completions");
    assert_eq!(r.body["model"], "qwen3:8b");
    assert!(r.body.get("tools").is_none());
}
