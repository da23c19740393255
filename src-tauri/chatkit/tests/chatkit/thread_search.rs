//! `SqliteStore::search_threads`: titles and item text match, JSON keys, tool arguments and
//! hidden items do not; newest first, paged by keyset with a checked cursor; bounded queries;
//! and how long a search over a large store takes (printed, never asserted).

use chatkit::store::sqlite::search::{MAX_QUERY_CHARS, MAX_SEARCH_PAGE};
use chatkit::store::sqlite::SqliteStore;
use chatkit::types::{ThreadItem, ThreadMetadata};
use chatkit::{Store, StoreError};
use serde_json::{json, Value};
use std::time::Instant;

const AT: &str = "2026-01-01T00:00:00";

fn thread(id: &str, title: Option<&str>) -> ThreadMetadata {
    let mut t = ThreadMetadata::new(id, chatkit::Timestamp::parse(AT).unwrap());
    t.title = title.map(str::to_owned);
    t
}

fn item(thread_id: &str, id: &str, body: Value) -> ThreadItem {
    let mut v = json!({"id": id, "thread_id": thread_id, "created_at": AT});
    v.as_object_mut()
        .unwrap()
        .extend(body.as_object().unwrap().clone());
    serde_json::from_value(v).expect("item JSON")
}

fn user(thread_id: &str, id: &str, text: &str) -> ThreadItem {
    item(
        thread_id,
        id,
        json!({"type": "user_message", "content": [{"type": "input_text", "text": text}],
               "attachments": [], "inference_options": {}}),
    )
}

fn assistant(thread_id: &str, id: &str, text: &str) -> ThreadItem {
    item(
        thread_id,
        id,
        json!({"type": "assistant_message",
               "content": [{"type": "output_text", "text": text, "annotations": []}]}),
    )
}

async fn ids(store: &SqliteStore, query: &str) -> Vec<String> {
    let page = store.search_threads(query, 50, None, &()).await.unwrap();
    page.data.into_iter().map(|m| m.thread.id).collect()
}

async fn seeded() -> SqliteStore {
    let store = SqliteStore::open_in_memory().unwrap();
    let s: &dyn Store<()> = &store;
    s.save_thread(&thread("thr_lamps", Some("Desk lamps")), &())
        .await
        .unwrap();
    s.add_thread_item("thr_lamps", &user("thr_lamps", "m1", "show me lamps"), &())
        .await
        .unwrap();
    s.save_thread(&thread("thr_kettle", None), &())
        .await
        .unwrap();
    s.add_thread_item(
        "thr_kettle",
        &user("thr_kettle", "m2", "I need a kettle"),
        &(),
    )
    .await
    .unwrap();
    s.add_thread_item(
        "thr_kettle",
        &assistant(
            "thr_kettle",
            "m3",
            "The Copper Kettle boils in 3 minutes, 50% off today_only",
        ),
        &(),
    )
    .await
    .unwrap();
    let widget = json!({"type": "widget", "copy_text": "Aurora Desk Lamp, $49.99",
        "widget": {"type": "Card", "children": [{"type": "Text", "value": "Nimbus Headphones"}]}});
    s.save_thread(&thread("thr_widget", Some("Shopping")), &())
        .await
        .unwrap();
    s.add_thread_item("thr_widget", &item("thr_widget", "w1", widget), &())
        .await
        .unwrap();
    s.add_thread_item(
        "thr_widget",
        &item(
            "thr_widget",
            "h1",
            json!({"type": "hidden_context_item", "content": {"text": "secret espresso"}}),
        ),
        &(),
    )
    .await
    .unwrap();
    s.add_thread_item(
        "thr_widget",
        &item(
            "thr_widget",
            "c1",
            json!({"type": "client_tool_call", "status": "completed", "call_id": "call_1",
                   "name": "cart_add", "arguments": {"text": "grinder"}}),
        ),
        &(),
    )
    .await
    .unwrap();
    store
}

#[tokio::test]
async fn titles_and_the_text_people_read_match_case_insensitively() {
    let store = seeded().await;
    assert_eq!(ids(&store, "DESK LAMPS").await, ["thr_lamps"], "title");
    assert_eq!(ids(&store, "kettle").await, ["thr_kettle"], "user text");
    assert_eq!(
        ids(&store, "boils in").await,
        ["thr_kettle"],
        "assistant text"
    );
    assert_eq!(ids(&store, "nimbus").await, ["thr_widget"], "widget value");
    assert_eq!(
        ids(&store, "aurora desk").await,
        ["thr_widget"],
        "widget copy_text"
    );
    assert_eq!(
        ids(&store, "lamp").await,
        ["thr_widget", "thr_lamps"],
        "newest first"
    );
    for nothing in [
        "espresso",
        "grinder",
        "input_text",
        "assistant_message",
        "thr_",
    ] {
        assert!(
            ids(&store, nothing).await.is_empty(),
            "{nothing:?}: hidden items, tool arguments, keys and ids never match"
        );
    }
    assert_eq!(ids(&store, "50%").await, ["thr_kettle"]);
    assert!(ids(&store, "5_%").await.is_empty(), "wildcards are literal");
    assert_eq!(ids(&store, "today_only").await, ["thr_kettle"]);
}

#[tokio::test]
async fn a_match_in_the_items_gives_a_snippet_a_title_match_alone_none() {
    let store = seeded().await;
    let page = store.search_threads("copper", 10, None, &()).await.unwrap();
    assert_eq!(
        page.data[0].snippet.as_deref(),
        Some("The Copper Kettle boils in 3 minutes, 50% off today_only")
    );
    let page = store
        .search_threads("shopping", 10, None, &())
        .await
        .unwrap();
    assert_eq!(page.data[0].thread.id, "thr_widget");
    assert_eq!(page.data[0].snippet, None);
    let wire = serde_json::to_value(&page).unwrap();
    assert_eq!(wire["data"][0]["thread"]["title"], "Shopping");
    assert!(wire["data"][0].get("snippet").is_none());
}

#[tokio::test]
async fn pages_follow_the_cursor_and_bad_input_is_refused() {
    let store = SqliteStore::open_in_memory().unwrap();
    let s: &dyn Store<()> = &store;
    for n in 0..7 {
        let id = format!("thr_{n}");
        s.save_thread(&thread(&id, Some(&format!("lamp {n}"))), &())
            .await
            .unwrap();
    }
    s.save_thread(&thread("thr_other", Some("kettle")), &())
        .await
        .unwrap();
    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let page = store
            .search_threads("lamp", 3, after.as_deref(), &())
            .await
            .unwrap();
        assert!(page.data.len() <= 3);
        seen.extend(page.data.into_iter().map(|m| m.thread.id));
        if !page.has_more {
            assert_eq!(page.after, None);
            break;
        }
        after = page.after;
    }
    let expected: Vec<String> = (0..7).rev().map(|n| format!("thr_{n}")).collect();
    assert_eq!(seen, expected);
    assert!(matches!(
        store.search_threads("lamp", 3, Some("thr_nope"), &()).await,
        Err(StoreError::InvalidCursor(_))
    ));
    for bad in ["", "   ", &"x".repeat(MAX_QUERY_CHARS + 1)] {
        assert!(
            matches!(
                store.search_threads(bad, 3, None, &()).await,
                Err(StoreError::Other(_))
            ),
            "{bad:?}"
        );
    }
    let clamped = store
        .search_threads("lamp", 10_000, None, &())
        .await
        .unwrap();
    assert!(clamped.data.len() <= MAX_SEARCH_PAGE);
}

/// 200 threads of 50 items each (10,000 items): one search page, timed.
#[tokio::test]
async fn a_search_over_ten_thousand_items_is_timed() {
    let store = SqliteStore::open_in_memory().unwrap();
    let s: &dyn Store<()> = &store;
    for t in 0..200 {
        let tid = format!("thr_{t}");
        s.save_thread(&thread(&tid, None), &()).await.unwrap();
        for i in 0..50 {
            let text = if t == 17 && i == 49 {
                "where is the needle".to_owned()
            } else {
                format!("message {i} of thread {t} about lamps and kettles")
            };
            s.add_thread_item(&tid, &user(&tid, &format!("m{t}_{i}"), &text), &())
                .await
                .unwrap();
        }
    }
    let started = Instant::now();
    let found = ids(&store, "needle").await;
    println!(
        "search over 10,000 items (no match but one): {:?}",
        started.elapsed()
    );
    assert_eq!(found, ["thr_17"]);
}

/// A user's search sees that user's threads only, and another user's thread is no cursor; the
/// unscoped context (the desktop app) sees every thread.
#[tokio::test]
async fn a_users_search_never_finds_another_users_threads() {
    use crate::isolation::{A, NOBODY};
    let b = crate::isolation::As(Some("bob"));
    let store = SqliteStore::open_in_memory().unwrap();
    store
        .save_thread(&thread("thr_a", Some("Alice's lamp")), &A)
        .await
        .unwrap();
    store
        .save_thread(&thread("thr_b", Some("Bob's lamp")), &b)
        .await
        .unwrap();
    let titles = |page: chatkit::types::Page<chatkit::store::sqlite::search::ThreadMatch>| {
        page.data
            .into_iter()
            .map(|m| m.thread.id)
            .collect::<Vec<_>>()
    };
    let a_sees = store.search_threads("lamp", 10, None, &A).await.unwrap();
    assert_eq!(titles(a_sees), ["thr_a"]);
    let b_sees = store.search_threads("lamp", 10, None, &b).await.unwrap();
    assert_eq!(titles(b_sees), ["thr_b"]);
    let all = store
        .search_threads("lamp", 10, None, &NOBODY)
        .await
        .unwrap();
    assert_eq!(titles(all), ["thr_b", "thr_a"]);
    assert!(matches!(
        store.search_threads("lamp", 10, Some("thr_a"), &b).await,
        Err(StoreError::InvalidCursor(_))
    ));
}
