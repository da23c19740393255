//! Tests of the IPC surface with a real ChatKit server: `commands` drives the command bodies
//! directly with a recording frame sink; `ipc` goes through Tauri's IPC layer on the mock
//! runtime (no display, no webview), as the page's `invoke` would; `cart_ipc` does the same for
//! the cart commands with a real store file; `acl` keeps the ACL manifest and the capabilities in
//! step with the registered commands; `limits` checks the caps on a request, `logging` what the
//! log file says about a turn; `history` the search and export commands.

mod acl;
mod cart_ipc;
mod commands;
mod history;
mod ipc;
mod limits;
mod logging;

use std::sync::{Arc, Mutex};

use chatkit::server::{Responder, ResponseStream, TurnContext};
use chatkit::types::UserMessageItem;
use chatkit::{ChatKitServer, MemoryStore};

use crate::frames::{Frame, FrameSink};
use crate::state::{AppState, RequestContext};

/// A responder whose every turn fails (the stream carries one `error` event, then ends).
pub struct Failing;

impl Responder<RequestContext> for Failing {
    fn respond(
        self: Arc<Self>,
        _turn: TurnContext<RequestContext>,
        _input: Option<UserMessageItem>,
    ) -> ResponseStream {
        chatkit::server::error_stream(chatkit::StreamError::custom("the model is unavailable"))
    }
}

/// The shop's real assistant on the offline model, with an empty in-memory cart and no pacing.
pub fn offline_assistant() -> Arc<dyn Responder<RequestContext>> {
    use shop::assistant::{FixedBackend, ShopAssistant};
    use std::time::Duration;
    let backend = Arc::new(shop::model::offline::OfflineModel::bundled(Duration::ZERO));
    let env = shop::tools::ToolEnv::new(Arc::new(shop::cart::MemoryCart::new(Vec::new())))
        .with_stream_delay(Duration::ZERO);
    Arc::new(ShopAssistant::new(Arc::new(FixedBackend(backend)), env))
}

/// A responder that never answers: the stream stays open until it is cancelled.
pub struct Stalling;

impl Responder<RequestContext> for Stalling {
    fn respond(
        self: Arc<Self>,
        _turn: TurnContext<RequestContext>,
        _input: Option<UserMessageItem>,
    ) -> ResponseStream {
        Box::pin(futures::stream::pending())
    }
}

/// State around an in-memory server with `responder`.
pub fn state_with(responder: Arc<dyn Responder<RequestContext>>) -> AppState {
    AppState::new(ChatKitServer::new(Arc::new(MemoryStore::new()), responder))
}

/// Records every frame; shared between the test and the run task.
#[derive(Clone, Default)]
pub struct Recorder(Arc<Mutex<Vec<Frame>>>);

impl Recorder {
    pub fn frames(&self) -> Vec<Frame> {
        self.0.lock().unwrap().clone()
    }

    /// The `type` of every event frame, in order.
    pub fn event_types(&self) -> Vec<String> {
        self.frames()
            .iter()
            .filter_map(|f| match f {
                Frame::Event { data, .. } => {
                    let v: serde_json::Value = serde_json::from_str(data).unwrap();
                    Some(v["type"].as_str().unwrap().to_owned())
                }
                _ => None,
            })
            .collect()
    }
}

impl FrameSink for Recorder {
    fn send(&self, frame: Frame) -> bool {
        self.0.lock().unwrap().push(frame);
        true
    }
}

/// A `threads.create` request body with one user message.
pub fn create_thread_body(text: &str) -> String {
    serde_json::json!({
        "type": "threads.create",
        "params": { "input": {
            "content": [{ "type": "input_text", "text": text }],
            "attachments": [],
            "inference_options": {}
        }}
    })
    .to_string()
}
