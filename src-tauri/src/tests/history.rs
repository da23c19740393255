//! The history commands' bodies on a real SQLite store: `search_threads` maps the store's
//! search and its refusals to Contract 1's codes; `export_thread` renders both formats from
//! the store (hidden items left out) and writes a file whole, privately, replacing an old one.

use std::sync::Arc;

use chatkit::store::sqlite::SqliteStore;
use chatkit::types::{ThreadItem, ThreadMetadata};
use chatkit::{ChatKitServer, Store};
use serde_json::json;

use crate::error::AppError;
use crate::export::{self, ExportFormat};
use crate::history_search;
use crate::state::AppState;

async fn seeded_state() -> AppState {
    let store = SqliteStore::open_in_memory().unwrap();
    let s: &dyn Store<()> = &store;
    let at = chatkit::Timestamp::parse("2026-01-01T00:00:00Z").unwrap();
    let mut t = ThreadMetadata::new("thr_1", at);
    t.title = Some("Lamps".into());
    s.save_thread(&t, &()).await.unwrap();
    let items = [
        json!({"type": "user_message", "content": [{"type": "input_text", "text": "show me the aurora"}], "attachments": [], "inference_options": {}}),
        json!({"type": "hidden_context_item", "content": "secret note"}),
        json!({"type": "assistant_message", "content": [{"type": "output_text", "text": "The Aurora Desk Lamp.", "annotations": []}]}),
    ];
    for (n, body) in items.iter().enumerate() {
        let mut v = json!({"id": format!("i{n}"), "thread_id": "thr_1", "created_at": "2026-01-01T00:00:01Z"});
        v.as_object_mut()
            .unwrap()
            .extend(body.as_object().unwrap().clone());
        let item: ThreadItem = serde_json::from_value(v).unwrap();
        s.add_thread_item("thr_1", &item, &()).await.unwrap();
    }
    let server = ChatKitServer::new(Arc::new(store.clone()), super::offline_assistant());
    AppState::new(server).with_sqlite(store)
}

#[tokio::test]
async fn search_finds_item_text_and_refuses_bad_queries_as_invalid_requests() {
    let state = seeded_state().await;
    let page = history_search::search(&state, "AURORA", None, None)
        .await
        .unwrap();
    assert_eq!(page.data.len(), 1);
    assert_eq!(page.data[0].thread.id, "thr_1");
    assert_eq!(page.data[0].snippet.as_deref(), Some("show me the aurora"));
    assert!(history_search::search(&state, "secret", None, None)
        .await
        .unwrap()
        .data
        .is_empty());
    for (query, after) in [("", None), ("lamp", Some("thr_nope"))] {
        let err = history_search::search(&state, query, after, None)
            .await
            .unwrap_err();
        assert_eq!(
            err.code(),
            "invalid_request",
            "{query:?} {after:?}: {err:?}"
        );
    }
    let no_sqlite = super::state_with(super::offline_assistant());
    assert_eq!(
        history_search::search(&no_sqlite, "x", None, None)
            .await
            .unwrap_err()
            .code(),
        "internal"
    );
}

#[tokio::test]
async fn both_formats_are_rendered_from_the_store_without_hidden_items() {
    let state = seeded_state().await;
    let (_, md) = export::render(&state, "thr_1", ExportFormat::Markdown)
        .await
        .unwrap();
    assert!(md.starts_with("# Lamps\n"), "{md}");
    assert!(md.contains("### You\n\nshow me the aurora\n"), "{md}");
    assert!(
        md.contains("### Shopdesk\n\nThe Aurora Desk Lamp.\n"),
        "{md}"
    );
    assert!(!md.contains("secret"), "{md}");
    let (_, text) = export::render(&state, "thr_1", ExportFormat::Json)
        .await
        .unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let ids: Vec<&str> = v["thread"]["items"]["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["i0", "i2"]);
    assert_eq!(
        export::render(&state, "thr_nope", ExportFormat::Json)
            .await
            .unwrap_err(),
        AppError::NotFound("no thread \"thr_nope\"".into())
    );
    let format: Result<ExportFormat, _> = serde_json::from_value(json!("pdf"));
    assert!(format.is_err(), "only markdown and json");
}

#[test]
fn an_export_replaces_the_file_whole_and_privately() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lamps.md");
    std::fs::write(&path, "old and longer contents").unwrap();
    export::write_replacing(&path, b"new").unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(left.len(), 1, "no temporary file left behind");
    let missing = dir.path().join("no-such-dir").join("x.md");
    assert!(export::write_replacing(&missing, b"x").is_err());
}
