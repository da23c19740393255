//! The settings panel's "Test connection" and model list against the mock OpenAI-compatible
//! server over real HTTP: every verdict the check can give, what it sends, and that the key
//! never comes back in a message.

use serde_json::json;
use shop::model::config::ModelSettings;
use shop::model::connection_check::{check_connection, list_models, Outcome, PROBE_TOOL};
use shop::testing::{MockOpenAi, Reply};

fn compatible(base_url: &str, model: &str, key: Option<&str>) -> ModelSettings {
    let mut s = ModelSettings::from_fields("openai-compatible", base_url, model).unwrap();
    s.api_key = key.map(str::to_owned);
    s
}

/// A loopback port nothing listens on.
async fn closed_port() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{addr}/v1")
}

#[tokio::test]
async fn a_model_that_calls_the_tool_is_ok_and_the_request_offers_one_tool() {
    let mock = MockOpenAi::start().await;
    mock.set_models(Some(&["llama3.1", "qwen3"]));
    mock.push(Reply::chat_tool_call("call_1", PROBE_TOOL, &json!({})));
    let started = std::time::Instant::now();
    let report = check_connection(&compatible(&mock.base_url(), "qwen3", Some("sk-local"))).await;
    println!(
        "connection check (list + tool call): {:?}",
        started.elapsed()
    );
    assert_eq!(report.outcome, Outcome::Ok, "{report:?}");
    assert_eq!(report.models, ["llama3.1", "qwen3"]);
    let requests = mock.requests();
    assert_eq!(requests.len(), 2, "{requests:?}");
    assert_eq!(requests[0].method, "GET");
    assert_eq!(requests[0].path, "/v1/models");
    assert_eq!(requests[0].header("authorization"), Some("Bearer sk-local"));
    let probe = &requests[1];
    assert_eq!(probe.path, "/v1/chat/completions");
    assert_eq!(probe.body["model"], "qwen3");
    let tools = probe.body["tools"].as_array().unwrap();
    assert_eq!(tools.len(), 1);
    assert_eq!(tools[0]["function"]["name"], PROBE_TOOL);
}

#[tokio::test]
async fn the_model_list_is_sorted_and_a_missing_list_is_said_so() {
    let mock = MockOpenAi::start().await;
    mock.set_models(Some(&["zeta", "alpha", "mid"]));
    let settings = compatible(&mock.base_url(), "alpha", None);
    assert_eq!(
        list_models(&settings).await.unwrap(),
        ["alpha", "mid", "zeta"]
    );
    mock.set_models(None);
    let err = list_models(&settings).await.unwrap_err();
    assert_eq!(err.outcome, Outcome::Failed);
    assert!(err.message.contains("HTTP 404"), "{err:?}");
    // Without a list the tool call decides.
    mock.push(Reply::chat_tool_call("call_1", PROBE_TOOL, &json!({})));
    assert_eq!(check_connection(&settings).await.outcome, Outcome::Ok);
}

#[tokio::test]
async fn an_unreachable_server_is_named() {
    let url = closed_port().await;
    let report = check_connection(&compatible(&url, "m", None)).await;
    assert_eq!(report.outcome, Outcome::Unreachable, "{report:?}");
    assert!(report.message.contains(&url), "{}", report.message);
    let listed = list_models(&compatible(&url, "m", None)).await.unwrap_err();
    assert_eq!(listed.outcome, Outcome::Unreachable);
}

#[tokio::test]
async fn a_refused_key_is_a_refused_key_and_never_echoed() {
    let mock = MockOpenAi::start().await;
    mock.require_key("sk-right");
    let report = check_connection(&compatible(
        &mock.base_url(),
        "mock-model",
        Some("sk-wrong-key"),
    ))
    .await;
    assert_eq!(report.outcome, Outcome::RefusedKey, "{report:?}");
    assert!(report.message.contains("401"), "{}", report.message);
    assert!(!report.message.contains("sk-wrong-key"));
    let none = check_connection(&compatible(&mock.base_url(), "mock-model", None)).await;
    assert_eq!(none.outcome, Outcome::RefusedKey, "no key at all");
    // A key the server echoes (OpenAI does, partly) is scrubbed.
    let echo = MockOpenAi::start().await;
    echo.set_models(None);
    echo.push(Reply::error(
        401,
        "Incorrect API key provided: sk-echoed-123.",
        "invalid_api_key",
    ));
    let report = check_connection(&compatible(&echo.base_url(), "m", Some("sk-echoed-123"))).await;
    assert_eq!(report.outcome, Outcome::RefusedKey);
    assert!(
        !report.message.contains("sk-echoed-123"),
        "{}",
        report.message
    );
}

#[tokio::test]
async fn an_unknown_model_is_named_with_what_the_server_offers() {
    let mock = MockOpenAi::start().await;
    mock.set_models(Some(&["llama3.1", "qwen3"]));
    let report = check_connection(&compatible(&mock.base_url(), "gpt-9", None)).await;
    assert_eq!(report.outcome, Outcome::UnknownModel, "{report:?}");
    assert!(report.message.contains("gpt-9") && report.message.contains("llama3.1, qwen3"));
    assert_eq!(
        mock.requests().len(),
        1,
        "no tool call for a model the server does not offer"
    );
    // A server without a list that answers 404 for the model.
    let bare = MockOpenAi::start().await;
    bare.set_models(None);
    bare.push(Reply::error(404, "model 'gpt-9' not found", "not_found"));
    let report = check_connection(&compatible(&bare.base_url(), "gpt-9", None)).await;
    assert_eq!(report.outcome, Outcome::UnknownModel, "{report:?}");
}

#[tokio::test]
async fn a_model_that_cannot_call_tools_is_said_so() {
    let mock = MockOpenAi::start().await;
    mock.set_models(Some(&["gemma:2b"]));
    mock.push(Reply::error(
        400,
        "registry.ollama.ai/library/gemma:2b does not support tools",
        "invalid_request_error",
    ));
    let settings = compatible(&mock.base_url(), "gemma:2b", None);
    let report = check_connection(&settings).await;
    assert_eq!(report.outcome, Outcome::NoTools, "{report:?}");
    assert!(report.message.contains("does not support tools"));
    mock.push(Reply::chat_text("pong"));
    let report = check_connection(&settings).await;
    assert_eq!(
        report.outcome,
        Outcome::NoTools,
        "a text answer: {report:?}"
    );
    assert!(report.message.contains("answered in text"));
}

#[tokio::test]
async fn offline_and_impossible_settings_need_no_server() {
    let offline = ModelSettings::from_fields("offline", "", "").unwrap();
    assert_eq!(check_connection(&offline).await.outcome, Outcome::Offline);
    let mut plain_remote = compatible("http://10.0.0.2:11434/v1", "m", None);
    plain_remote.api_key = Some("sk-x".into());
    let report = check_connection(&plain_remote).await;
    assert_eq!(report.outcome, Outcome::Settings, "{report:?}");
}
