//! The glue is generic: a `ChatKitServer` of another context type (here a user name from a
//! header) mounts behind the same router, and its slow JSON answers meet the request timeout.

use std::time::Duration;

use serde_json::{json, Value};

use super::harness::client;

/// A responder of its own (context `String`, from a header) behind the same glue: a slow
/// transcription, for the non-streaming timeout.
struct SlowTranscriber;

#[chatkit::async_trait]
impl chatkit::Responder<String> for SlowTranscriber {
    fn respond(
        self: std::sync::Arc<Self>,
        turn: chatkit::TurnContext<String>,
        _input: Option<chatkit::types::UserMessageItem>,
    ) -> chatkit::ResponseStream {
        chatkit::stream_widget(&turn, json!({"type": "Card", "children": []}), None)
    }

    async fn transcribe(
        &self,
        _audio: chatkit::AudioInput,
        user: &String,
    ) -> Result<String, chatkit::ChatKitError> {
        if user == "slow" {
            tokio::time::sleep(Duration::from_secs(5)).await;
        }
        Ok(format!("heard {user}"))
    }
}

#[tokio::test]
async fn any_server_mounts_behind_the_glue_and_slow_json_answers_time_out() {
    use std::sync::Arc;
    let server = Arc::new(chatkit::ChatKitServer::new(
        Arc::new(chatkit::MemoryStore::new()),
        Arc::new(SlowTranscriber),
    ));
    let options = shopdesk_server::HttpOptions {
        request_timeout: Duration::from_millis(300),
        ..shopdesk_server::HttpOptions::default()
    };
    let user = |parts: &axum::http::request::Parts, _: &serde_json::Map<String, Value>| {
        parts
            .headers
            .get("x-user")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
            .ok_or_else(|| chatkit::ChatKitError::invalid_request("who are you?"))
    };
    let app = shopdesk_server::router(server, user, options);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/chatkit", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(shopdesk_server::serve(
        listener,
        app,
        shopdesk_server::ServeOptions::default(),
        async {
            let _ = stopped.await;
        },
    ));
    let body = json!({"type": "input.transcribe",
                      "params": {"audio_base64": "AAAA", "mime_type": "audio/webm"}})
    .to_string();
    let send = |who: Option<&'static str>| {
        let mut request = client()
            .post(&url)
            .header("content-type", "application/json")
            .body(body.clone());
        if let Some(who) = who {
            request = request.header("x-user", who);
        }
        request.send()
    };
    let quick = send(Some("ada")).await.unwrap();
    assert_eq!(quick.status(), 200);
    assert!(quick.text().await.unwrap().contains("heard ada"));
    assert_eq!(
        send(None).await.unwrap().status(),
        400,
        "the context fn refused"
    );
    let slow = send(Some("slow")).await.unwrap();
    assert_eq!(slow.status(), 503, "past the non-streaming timeout");
    let _ = stop.send(());
    serving.await.unwrap().unwrap();
}
