//! The README's "Using the chatkit crate on its own" example, kept compiling by `cargo test`:
//! a responder whose answer is a widget that builds itself, served on the SQLite store, with
//! the response printed as the SSE bytes an HTTP server would send.
//!
//! Run: `cargo run -p chatkit --example streaming_widget`

use std::sync::Arc;

use chatkit::store::sqlite::SqliteStore;
use chatkit::types::UserMessageItem;
use chatkit::widgets::{Card, Text};
use chatkit::{
    stream_widget_states, ChatKitServer, ProcessResult, Responder, ResponseStream, TurnContext,
};
use futures::StreamExt;

struct Counter;

impl Responder<()> for Counter {
    fn respond(
        self: Arc<Self>,
        turn: TurnContext<()>,
        _input: Option<UserMessageItem>,
    ) -> ResponseStream {
        // Three states of one card; the text grows, so the diff sends value deltas.
        let states = ["One", "One, two", "One, two, three!"].map(|text| {
            Ok(Card::new()
                .child(Text::new(text).id("count").streaming(text.len() < 16))
                .into_value())
        });
        stream_widget_states(&turn, futures::stream::iter(states), None)
    }
}

#[tokio::main]
async fn main() {
    let store = Arc::new(SqliteStore::open_in_memory().expect("in-memory SQLite"));
    let server = ChatKitServer::new(store, Arc::new(Counter));
    let body = br#"{"type":"threads.create","params":{"input":{"content":[{"type":"input_text","text":"count"}],"attachments":[],"inference_options":{}}}}"#;
    match server.process(body, ()).await.expect("a valid request") {
        ProcessResult::Stream(events) => {
            let mut sse = Box::pin(events.into_sse());
            while let Some(frame) = sse.next().await {
                print!("{}", String::from_utf8_lossy(&frame.expect("no abort")));
            }
        }
        ProcessResult::Json(json) => println!("{}", String::from_utf8_lossy(&json)),
    }
}
