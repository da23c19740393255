//! A wire-compatible Rust implementation of the ChatKit server protocol (openai-chatkit 1.6.5).
pub mod errors;
pub mod ids;
pub mod server;
pub mod store;
pub mod timestamp;
pub mod types;
pub mod widgets;

pub use errors::{ChatKitError, ErrorKind, StoreError, StreamError};
pub use ids::{CounterIds, IdGenerator, IdKind, RandomIds};
pub use store::{AttachmentStore, MemoryStore, Store};
pub use timestamp::{Clock, FixedClock, SystemClock, Timestamp};
pub use server::{
    event_stream, sse_frame, stream_widget, stream_widget_states, AudioInput, ChatKitServer, EventSender, EventStream,
    ProcessResult, Responder, ResponseStream, ThreadHandle, TurnContext,
};
