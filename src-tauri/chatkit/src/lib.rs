//! A wire-compatible Rust implementation of the ChatKit server protocol, as OpenAI's
//! `openai-chatkit` 1.6.5 speaks it, with no web-framework or Tauri dependency.
//!
//! * [`ChatKitServer::process`] takes a request body and returns JSON bytes or an
//!   [`EventStream`] of [`types::ThreadStreamEvent`]s (frame them with [`sse_frame`]); dropping
//!   the stream cancels the response and saves the partial answer.
//! * Applications implement one trait, [`Responder`], and pick a [`Store`] ([`MemoryStore`] for tests,
//!   [`SqliteStore`] for real use, or the `chatkit-postgres` crate's `PostgresStore` for several
//!   processes on one database). At most one run answers a thread at a time ([`run_locks`]). Responders build events with the [`TurnContext`] (thread, store, ids,
//!   clock) and helpers like [`event_stream`] and [`stream_widget`].
//! * [`types`] holds every protocol model with the reference SDK's exact serialization;
//!   [`widgets`] builds widget trees, renders `.widget` templates and diffs streamed widgets.
//!
//! A responder that answers every message with a widget:
//!
//! ```
//! use std::sync::Arc;
//! use chatkit::{stream_widget, ChatKitServer, MemoryStore, ProcessResult, Responder, ResponseStream, TurnContext};
//! use chatkit::types::UserMessageItem;
//! use serde_json::json;
//!
//! struct Greeter;
//! impl Responder<()> for Greeter {
//!     fn respond(self: Arc<Self>, turn: TurnContext<()>, input: Option<UserMessageItem>) -> ResponseStream {
//!         let name = input.as_ref().and_then(|m| m.first_text()).unwrap_or("there").to_owned();
//!         let card = json!({"type": "Card", "children": [{"type": "Title", "value": format!("Hello, {name}!")}]});
//!         stream_widget(&turn, card, Some(format!("Hello, {name}!")))
//!     }
//! }
//!
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! use futures::StreamExt;
//! let server = ChatKitServer::new(Arc::new(MemoryStore::new()), Arc::new(Greeter));
//! let body = br#"{"type":"threads.create","params":{"input":{"content":[{"type":"input_text","text":"Ada"}],"attachments":[],"inference_options":{}}}}"#;
//! let ProcessResult::Stream(stream) = server.process(body, ()).await.unwrap() else { unreachable!() };
//! let frames: Vec<Vec<u8>> = stream.into_sse().map(Result::unwrap).collect().await;
//! assert_eq!(frames.len(), 4); // thread.created, the user message, stream_options, the widget
//! assert!(String::from_utf8_lossy(&frames[3]).contains("Hello, Ada!"));
//! # });
//! ```
//!
//! For a widget that fills in while it streams, pass a stream of states to
//! [`stream_widget_states`]; the diff between states becomes `thread.item.updated` events.

pub mod errors;
pub mod ids;
pub mod run_locks;
pub mod server;
pub mod store;
pub mod timestamp;
pub mod types;
pub mod widgets;

/// Re-exported so responders can implement the async methods of [`Responder`] without a direct dependency.
pub use async_trait::async_trait;
pub use errors::{ChatKitError, ErrorKind, StoreError, StreamError};
pub use ids::{CounterIds, IdGenerator, IdKind, RandomIds};
pub use run_locks::{InProcessRunLocks, RunLease, RunLockError, RunLocks};
pub use server::{
    error_stream, event_stream, save_cancelled_partials, sse_frame, stream_widget,
    stream_widget_states, AssistantMessageStream, AudioInput, ChatKitServer, EventSender,
    EventStream, ProcessResult, Responder, ResponseStream, ThreadHandle, TurnContext,
    DEFAULT_MAX_BODY_BYTES, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE,
};
pub use store::sqlite::SqliteStore;
pub use store::{AttachmentStore, MemoryStore, Store, StoreScope};
pub use timestamp::{Clock, FixedClock, SystemClock, Timestamp};
