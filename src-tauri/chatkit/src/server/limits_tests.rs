//! The server's bounds on a request: the body size ([`DEFAULT_MAX_BODY_BYTES`],
//! [`ChatKitServer::with_max_body_bytes`]) and the page size of `threads.list` / `items.list`
//! ([`MAX_PAGE_SIZE`]). The golden fixtures stay far below both, so only these tests show them.

use super::*;
use crate::errors::ErrorKind;
use crate::store::MemoryStore;
use crate::timestamp::Timestamp;
use crate::types::*;

/// Answers every turn with nothing; these tests never get that far.
struct Silent;

impl Responder<()> for Silent {
    fn respond(
        self: Arc<Self>,
        _turn: TurnContext<()>,
        _input: Option<UserMessageItem>,
    ) -> ResponseStream {
        Box::pin(futures::stream::empty())
    }
}

fn server() -> (ChatKitServer<()>, Arc<MemoryStore>) {
    let store = Arc::new(MemoryStore::new());
    (ChatKitServer::new(store.clone(), Arc::new(Silent)), store)
}

/// A `threads.create` body whose text makes it exactly `len` bytes long.
fn create_body_of_len(len: usize) -> Vec<u8> {
    let body = |text: &str| {
        serde_json::to_vec(&serde_json::json!({
            "type": "threads.create",
            "params": {"input": {"content": [{"type": "input_text", "text": text}], "attachments": [], "inference_options": {}}}
        }))
        .unwrap()
    };
    let overhead = body("").len();
    let out = body(&"a".repeat(len - overhead));
    assert_eq!(out.len(), len);
    out
}

async fn thread_count(store: &MemoryStore) -> usize {
    Store::<()>::load_threads(store, 1000, None, Order::Asc, &())
        .await
        .unwrap()
        .data
        .len()
}

#[tokio::test]
async fn an_oversized_body_is_an_invalid_request_and_stores_nothing() {
    let (server, store) = server();
    assert_eq!(server.max_body_bytes(), DEFAULT_MAX_BODY_BYTES);
    let body = create_body_of_len(DEFAULT_MAX_BODY_BYTES + 1);
    let err = server.process(&body, ()).await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::InvalidRequest);
    assert_eq!(
        err.message,
        format!(
            "the request body is {} bytes, more than the limit of {} bytes",
            DEFAULT_MAX_BODY_BYTES + 1,
            DEFAULT_MAX_BODY_BYTES
        )
    );
    assert_eq!(thread_count(&store).await, 0, "nothing was stored");

    // Exactly at the bound is accepted: the request runs and creates its thread.
    let body = create_body_of_len(DEFAULT_MAX_BODY_BYTES);
    let ProcessResult::Stream(stream) = server.process(&body, ()).await.unwrap() else {
        panic!("threads.create streams")
    };
    let _: Vec<_> = futures::StreamExt::collect(stream).await;
    assert_eq!(thread_count(&store).await, 1);
}

#[tokio::test]
async fn the_body_bound_is_configurable_and_checked_before_parsing() {
    let (server, store) = server();
    let server = server.with_max_body_bytes(64);
    // Not even JSON: the size is what is reported, not a parse error.
    let err = server.process(&[b'x'; 65], ()).await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::InvalidRequest);
    assert!(err.message.contains("limit of 64 bytes"), "{}", err.message);
    let err = server
        .process(&create_body_of_len(200), ())
        .await
        .unwrap_err();
    assert!(err.message.contains("limit of 64 bytes"), "{}", err.message);
    assert_eq!(thread_count(&store).await, 0);
    // A clone keeps the bound.
    assert_eq!(server.clone().max_body_bytes(), 64);
}

async fn json_of(server: &ChatKitServer<()>, body: serde_json::Value) -> serde_json::Value {
    match server
        .process(body.to_string().as_bytes(), ())
        .await
        .unwrap()
    {
        ProcessResult::Json(bytes) => serde_json::from_slice(&bytes).unwrap(),
        ProcessResult::Stream(_) => panic!("expected JSON"),
    }
}

#[tokio::test]
async fn list_limits_are_clamped_to_the_max_page_size() {
    let (server, store) = server();
    let total = MAX_PAGE_SIZE + 5;
    let thread = ThreadMetadata::new("thr_items", Timestamp::now());
    Store::<()>::save_thread(&*store, &thread, &())
        .await
        .unwrap();
    for i in 1..total {
        let other = ThreadMetadata::new(format!("thr_{i:04}"), Timestamp::now());
        Store::<()>::save_thread(&*store, &other, &())
            .await
            .unwrap();
    }
    for i in 0..total {
        let item = ThreadItem::AssistantMessage(AssistantMessageItem {
            id: format!("msg_{i:04}"),
            thread_id: thread.id.clone(),
            created_at: Timestamp::now(),
            content: vec![AssistantMessageContent::text("x")],
        });
        Store::<()>::add_thread_item(&*store, &thread.id, &item, &())
            .await
            .unwrap();
    }

    for limit in [
        serde_json::json!(1_000_000),
        serde_json::json!(MAX_PAGE_SIZE + 1),
    ] {
        let threads = json_of(
            &server,
            serde_json::json!({"type": "threads.list", "params": {"limit": limit}}),
        )
        .await;
        assert_eq!(threads["data"].as_array().unwrap().len(), MAX_PAGE_SIZE);
        assert_eq!(threads["has_more"], true, "the client can page on");
        let items = json_of(
            &server,
            serde_json::json!({"type": "items.list", "params": {"thread_id": "thr_items", "limit": limit}}),
        )
        .await;
        assert_eq!(items["data"].as_array().unwrap().len(), MAX_PAGE_SIZE);
        assert_eq!(items["has_more"], true);
    }

    // The rest follows on the next page; limits at or below the bound are kept as asked.
    let threads = json_of(
        &server,
        serde_json::json!({"type": "threads.list", "params": {"limit": 1_000_000, "order": "asc", "after": format!("thr_{:04}", MAX_PAGE_SIZE - 1)}}),
    )
    .await;
    assert_eq!(
        threads["data"].as_array().unwrap().len(),
        total - MAX_PAGE_SIZE
    );
    assert_eq!(threads["has_more"], false);
    assert_eq!(
        non_streaming::page_size(Some(MAX_PAGE_SIZE as i64)),
        MAX_PAGE_SIZE
    );
    assert_eq!(non_streaming::page_size(Some(7)), 7);
    assert_eq!(non_streaming::page_size(Some(0)), DEFAULT_PAGE_SIZE);
    assert_eq!(non_streaming::page_size(Some(-1)), DEFAULT_PAGE_SIZE);
    assert_eq!(non_streaming::page_size(Some(i64::MAX)), MAX_PAGE_SIZE);
}
