//! The store contract (crate::store module docs, src-tauri/chatkit/tests/fixtures/README.md §5), written once against
//! `dyn Store<()>` so the in-memory store and the SQLite store are held to the same rules. Topics
//! follow chatkit-python's `tests/test_store.py`: save/load/overwrite threads, item order and
//! `after` pagination in both orders, equal timestamps across page boundaries, attachments,
//! `load_item`, not-found cases, delete cascade.

use chatkit::types::{Attachment, Order, Page, ThreadItem, ThreadMetadata, ThreadStatus};
use chatkit::{Store, StoreError, Timestamp};
use serde_json::json;

pub fn ts(text: &str) -> Timestamp {
    Timestamp::parse(text).expect("timestamp")
}

/// Every row shares this instant: order must come from insertion, not `created_at`.
pub const SAME_TIME: &str = "2026-01-01T00:00:00";

pub fn thread(id: &str) -> ThreadMetadata {
    ThreadMetadata::new(id, ts(SAME_TIME))
}

/// A visible item of a few kinds (by index) or a hidden one, all at the same instant.
pub fn item(thread_id: &str, id: &str, kind: usize) -> ThreadItem {
    let base = json!({"id": id, "thread_id": thread_id, "created_at": SAME_TIME});
    let mut v = base.as_object().cloned().unwrap();
    match kind % 4 {
        0 => {
            v.insert("type".into(), json!("end_of_turn"));
        }
        1 => {
            v.insert("type".into(), json!("assistant_message"));
            v.insert(
                "content".into(),
                json!([{"type": "output_text", "text": format!("text of {id}"), "annotations": []}]),
            );
        }
        2 => {
            v.insert("type".into(), json!("hidden_context_item"));
            v.insert("content".into(), json!({"note": id}));
        }
        _ => {
            v.insert("type".into(), json!("widget"));
            v.insert("widget".into(), json!({"type": "Card", "children": []}));
        }
    }
    serde_json::from_value(serde_json::Value::Object(v)).expect("item JSON")
}

pub fn attachment(id: &str, thread_id: Option<&str>) -> Attachment {
    let mut v = json!({"id": id, "name": "a.png", "mime_type": "image/png", "type": "image",
                       "preview_url": format!("https://x/{id}"), "metadata": {"size": 3}});
    if let Some(t) = thread_id {
        v["thread_id"] = json!(t);
    }
    serde_json::from_value(v).expect("attachment JSON")
}

pub fn ids<T>(page: &Page<T>, id: impl Fn(&T) -> &str) -> Vec<String> {
    page.data.iter().map(|x| id(x).to_owned()).collect()
}

/// Every item id of a thread, `limit` per page; panics where a page breaks the contract.
pub async fn all_items(
    store: &dyn Store<()>,
    thread_id: &str,
    limit: usize,
    order: Order,
) -> Vec<String> {
    crate::pages::item_ids(store, thread_id, limit, order)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
}

/// Every thread id, `limit` per page; panics where a page breaks the contract.
pub async fn all_threads(store: &dyn Store<()>, limit: usize, order: Order) -> Vec<String> {
    crate::pages::thread_ids(store, limit, order)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
}

fn names(prefix: &str, range: std::ops::RangeInclusive<usize>) -> Vec<String> {
    range.map(|i| format!("{prefix}{i}")).collect()
}

fn rev(mut v: Vec<String>) -> Vec<String> {
    v.reverse();
    v
}

pub async fn threads_save_load_overwrite(store: &dyn Store<()>) {
    assert!(matches!(
        store.load_thread("thr_missing", &()).await,
        Err(StoreError::NotFound(_))
    ));
    let mut t = thread("thr_1");
    t.metadata.insert("secret".into(), json!(42));
    store.save_thread(&t, &()).await.unwrap();
    assert_eq!(store.load_thread("thr_1", &()).await.unwrap(), t);
    for i in 2..=5 {
        store
            .save_thread(&thread(&format!("thr_{i}")), &())
            .await
            .unwrap();
    }
    // Overwrite keeps the position and replaces every field.
    t.title = Some("Renamed".into());
    t.status = ThreadStatus::Closed {
        reason: Some("done".into()),
    };
    t.allowed_image_domains = Some(vec!["example.com".into()]);
    t.metadata.clear();
    store.save_thread(&t, &()).await.unwrap();
    assert_eq!(store.load_thread("thr_1", &()).await.unwrap(), t);
    assert_eq!(
        all_threads(store, 100, Order::Asc).await,
        names("thr_", 1..=5)
    );
    assert_eq!(
        all_threads(store, 2, Order::Desc).await,
        rev(names("thr_", 1..=5))
    );

    let page = store.load_threads(2, None, Order::Desc, &()).await.unwrap();
    assert_eq!(ids(&page, |t| &t.id), ["thr_5", "thr_4"]);
    assert!(page.has_more);
    assert_eq!(page.after.as_deref(), Some("thr_4"));
    let page = store
        .load_threads(2, Some("thr_2"), Order::Asc, &())
        .await
        .unwrap();
    assert_eq!(ids(&page, |t| &t.id), ["thr_3", "thr_4"]);
    assert!(page.has_more);
    let page = store
        .load_threads(3, Some("thr_2"), Order::Asc, &())
        .await
        .unwrap();
    assert_eq!(ids(&page, |t| &t.id), ["thr_3", "thr_4", "thr_5"]);
    assert!(!page.has_more);
    assert_eq!(page.after, None);
    let page = store
        .load_threads(5, Some("thr_1"), Order::Desc, &())
        .await
        .unwrap();
    assert!(page.data.is_empty() && !page.has_more);
    assert!(matches!(
        store
            .load_threads(5, Some("thr_nope"), Order::Asc, &())
            .await,
        Err(StoreError::InvalidCursor(_))
    ));
}

pub async fn items_order_and_pagination(store: &dyn Store<()>) {
    store.save_thread(&thread("thr_a"), &()).await.unwrap();
    store.save_thread(&thread("thr_b"), &()).await.unwrap();
    for i in 1..=7 {
        store
            .add_thread_item("thr_a", &item("thr_a", &format!("it_{i}"), i), &())
            .await
            .unwrap();
    }
    store
        .add_thread_item("thr_b", &item("thr_b", "it_1", 1), &())
        .await
        .unwrap();
    let all = names("it_", 1..=7);
    // Equal timestamps everywhere: every page size walks the rows exactly once, both ways.
    for limit in 1..=8 {
        assert_eq!(all_items(store, "thr_a", limit, Order::Asc).await, all);
        assert_eq!(
            all_items(store, "thr_a", limit, Order::Desc).await,
            rev(all.clone())
        );
    }
    let page = store
        .load_thread_items("thr_a", Some("it_3"), 2, Order::Asc, &())
        .await
        .unwrap();
    assert_eq!(ids(&page, |i| i.id()), ["it_4", "it_5"]);
    assert_eq!((page.has_more, page.after.as_deref()), (true, Some("it_5")));
    let page = store
        .load_thread_items("thr_a", Some("it_3"), 2, Order::Desc, &())
        .await
        .unwrap();
    assert_eq!(ids(&page, |i| i.id()), ["it_2", "it_1"]);
    assert_eq!((page.has_more, page.after), (false, None));
    // Hidden items are part of the pages.
    assert!(page.data.iter().any(ThreadItem::is_hidden));
    // Items are scoped by thread: the same id in another thread is another row.
    assert_eq!(all_items(store, "thr_b", 20, Order::Asc).await, ["it_1"]);
    assert!(matches!(
        store
            .load_thread_items("thr_a", Some("it_missing"), 2, Order::Asc, &())
            .await,
        Err(StoreError::InvalidCursor(_))
    ));
    // Unknown thread ⇒ empty page, not an error.
    let empty = store
        .load_thread_items("thr_nope", None, 5, Order::Desc, &())
        .await
        .unwrap();
    assert!(empty.data.is_empty() && !empty.has_more && empty.after.is_none());
}

pub async fn items_upsert_load_delete(store: &dyn Store<()>) {
    store.save_thread(&thread("thr_u"), &()).await.unwrap();
    for i in 1..=3 {
        store
            .add_thread_item("thr_u", &item("thr_u", &format!("it_{i}"), 0), &())
            .await
            .unwrap();
    }
    // save_item replaces in place…
    let replaced = item("thr_u", "it_2", 1);
    store.save_item("thr_u", &replaced, &()).await.unwrap();
    assert_eq!(
        store.load_item("thr_u", "it_2", &()).await.unwrap(),
        replaced
    );
    assert_eq!(
        all_items(store, "thr_u", 20, Order::Asc).await,
        ["it_1", "it_2", "it_3"]
    );
    // …or appends a new id; add_thread_item appends.
    store
        .save_item("thr_u", &item("thr_u", "it_new", 3), &())
        .await
        .unwrap();
    store
        .add_thread_item("thr_u", &item("thr_u", "it_4", 0), &())
        .await
        .unwrap();
    assert_eq!(
        all_items(store, "thr_u", 2, Order::Asc).await,
        ["it_1", "it_2", "it_3", "it_new", "it_4"]
    );
    assert!(matches!(
        store.load_item("thr_u", "it_missing", &()).await,
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        store.load_item("thr_other", "it_1", &()).await,
        Err(StoreError::NotFound(_))
    ));
    store
        .delete_thread_item("thr_u", "it_2", &())
        .await
        .unwrap();
    store
        .delete_thread_item("thr_u", "it_2", &())
        .await
        .unwrap(); // unknown ⇒ no-op
    store
        .delete_thread_item("thr_nope", "it_1", &())
        .await
        .unwrap();
    assert_eq!(
        all_items(store, "thr_u", 20, Order::Desc).await,
        ["it_4", "it_new", "it_3", "it_1"]
    );
    assert!(matches!(
        store.load_item("thr_u", "it_2", &()).await,
        Err(StoreError::NotFound(_))
    ));
}

pub async fn delete_thread_cascades(store: &dyn Store<()>) {
    for t in ["thr_x", "thr_y"] {
        store.save_thread(&thread(t), &()).await.unwrap();
        for i in 0..3 {
            store
                .add_thread_item(t, &item(t, &format!("it_{i}"), i), &())
                .await
                .unwrap();
        }
    }
    store.delete_thread("thr_x", &()).await.unwrap();
    store.delete_thread("thr_x", &()).await.unwrap(); // unknown ⇒ no-op
    assert!(matches!(
        store.load_thread("thr_x", &()).await,
        Err(StoreError::NotFound(_))
    ));
    assert!(all_items(store, "thr_x", 20, Order::Asc).await.is_empty());
    assert!(matches!(
        store.load_item("thr_x", "it_0", &()).await,
        Err(StoreError::NotFound(_))
    ));
    assert_eq!(
        all_items(store, "thr_y", 20, Order::Asc).await,
        ["it_0", "it_1", "it_2"]
    );
    assert_eq!(all_threads(store, 20, Order::Asc).await, ["thr_y"]);
    // A re-created thread of the same id starts empty and goes last.
    store.save_thread(&thread("thr_x"), &()).await.unwrap();
    assert!(all_items(store, "thr_x", 20, Order::Asc).await.is_empty());
    assert_eq!(all_threads(store, 20, Order::Asc).await, ["thr_y", "thr_x"]);
}

pub async fn attachments(store: &dyn Store<()>) {
    assert!(matches!(
        store.load_attachment("atc_1", &()).await,
        Err(StoreError::NotFound(_))
    ));
    let a = attachment("atc_1", None);
    store.save_attachment(&a, &()).await.unwrap();
    let loaded = store.load_attachment("atc_1", &()).await.unwrap();
    assert_eq!(loaded, a);
    assert_eq!(
        loaded.metadata(),
        Some(&json!({"size": 3})),
        "server-private metadata kept"
    );
    // Upsert (the server sets thread_id once the attachment is used in a message).
    let b = attachment("atc_1", Some("thr_1"));
    store.save_attachment(&b, &()).await.unwrap();
    assert_eq!(
        store
            .load_attachment("atc_1", &())
            .await
            .unwrap()
            .thread_id(),
        Some("thr_1")
    );
    store.delete_attachment("atc_1", &()).await.unwrap();
    store.delete_attachment("atc_1", &()).await.unwrap(); // unknown ⇒ no-op
    assert!(matches!(
        store.load_attachment("atc_1", &()).await,
        Err(StoreError::NotFound(_))
    ));
}

/// Every topic, each on a fresh store from `make`.
pub async fn run_contract(make: &dyn Fn() -> Box<dyn Store<()>>) {
    threads_save_load_overwrite(&*make()).await;
    items_order_and_pagination(&*make()).await;
    items_upsert_load_delete(&*make()).await;
    delete_thread_cascades(&*make()).await;
    attachments(&*make()).await;
}
