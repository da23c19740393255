//! Shared set-up of the assistant tests: a ChatKit server on the memory store with the shop's
//! assistant, helpers to send protocol requests as JSON bodies and to collect the events.

use std::sync::Arc;
use std::time::Duration;

use chatkit::{ChatKitServer, MemoryStore, ProcessResult, Store};
use futures::StreamExt;
use serde_json::{json, Value};
use shop::assistant::{FixedBackend, RetryPolicy, ShopAssistant};
use shop::cart::{CartLine, CartSource, MemoryCart};
use shop::catalog::Catalog;
use shop::model::ModelBackend;
use shop::tools::ToolEnv;

pub struct Harness {
    pub server: ChatKitServer<()>,
}

/// The assistant over `backend` with automatic retries off, so a scripted failure reaches the
/// user as an `error` event at once (what the user sees once retries are used up). The retries
/// themselves are tested with [`harness_with_retry`] (`agent_auto_retry.rs`).
pub fn harness(backend: Arc<dyn ModelBackend>, cart: Vec<CartLine>) -> Harness {
    harness_with_retry(backend, cart, RetryPolicy::none())
}

/// The assistant over `backend`, retrying model failures before any output per `retry`.
pub fn harness_with_retry(
    backend: Arc<dyn ModelBackend>,
    cart: Vec<CartLine>,
    retry: RetryPolicy,
) -> Harness {
    harness_on_cart(backend, Arc::new(MemoryCart::new(cart)), retry)
}

/// The assistant over `backend`, reading the cart from `cart` (a test that plays the page
/// keeps its own cart there, so `view_cart` sees what its client tools changed).
pub fn harness_on_cart(
    backend: Arc<dyn ModelBackend>,
    cart: Arc<dyn CartSource>,
    retry: RetryPolicy,
) -> Harness {
    let env = ToolEnv {
        catalog: Arc::new(Catalog::bundled()),
        cart,
        stream_delay: Duration::ZERO,
    };
    let assistant =
        ShopAssistant::new(Arc::new(FixedBackend(backend)), env).with_retry_policy(retry);
    let store = Arc::new(MemoryStore::new());
    Harness {
        server: ChatKitServer::new(store as Arc<dyn Store<()>>, Arc::new(assistant)),
    }
}

pub fn create(text: &str) -> Value {
    json!({"type": "threads.create", "params": {"input": {"content": [{"type": "input_text", "text": text}], "attachments": [], "inference_options": {}}}})
}

pub fn add_message(thread_id: &str, text: &str) -> Value {
    json!({"type": "threads.add_user_message", "params": {"thread_id": thread_id, "input": {"content": [{"type": "input_text", "text": text}], "attachments": [], "inference_options": {}}}})
}

/// The page's answer to the thread's pending client tool call.
pub fn add_client_tool_output(thread_id: &str, result: Value) -> Value {
    json!({"type": "threads.add_client_tool_output", "params": {"thread_id": thread_id, "result": result}})
}

impl Harness {
    /// Sends a streaming request and collects every event as JSON (panics on an aborted stream).
    pub async fn stream(&self, body: Value) -> Vec<Value> {
        match self
            .server
            .process(body.to_string().as_bytes(), ())
            .await
            .expect("request accepted")
        {
            ProcessResult::Stream(stream) => {
                stream
                    .map(|event| {
                        serde_json::from_slice::<Value>(
                            &event.expect("stream not aborted").to_json(),
                        )
                        .unwrap()
                    })
                    .collect()
                    .await
            }
            ProcessResult::Json(json) => {
                panic!("expected a stream, got {}", String::from_utf8_lossy(&json))
            }
        }
    }

    pub async fn json(&self, body: Value) -> Value {
        match self
            .server
            .process(body.to_string().as_bytes(), ())
            .await
            .expect("request accepted")
        {
            ProcessResult::Json(json) => serde_json::from_slice(&json).unwrap(),
            ProcessResult::Stream(_) => panic!("expected JSON"),
        }
    }

    pub async fn items(&self, thread_id: &str) -> Vec<Value> {
        let page = self.json(json!({"type": "items.list", "params": {"thread_id": thread_id, "limit": 100, "order": "asc"}})).await;
        page["data"].as_array().unwrap().clone()
    }
}

pub fn thread_id(events: &[Value]) -> String {
    events[0]["thread"]["id"].as_str().unwrap().to_owned()
}

pub fn error_event(events: &[Value]) -> Option<&Value> {
    events.iter().find(|e| e["type"] == "error")
}
