//! Conversations in the real app (issue 13, item 4), on a thread store seeded before start:
//! * the history lists a page of threads and the next as it is scrolled to its end;
//! * search finds a thread by a word of its items (not of its title) and shows the snippet,
//!   and by its title; a thread is renamed in place;
//! * delete offers Undo (the thread comes back), a second delete commits the first, bulk
//!   delete removes the ticked threads, and what was deleted is gone from the store;
//! * a 2,000-item thread opens at its end with one page in the DOM and pages back on
//!   scroll-up to its first item, keeping the reader's place;
//! * export writes the Markdown and the JSON file (`SHOPDESK_EXPORT_DIR` stands in for the
//!   native save dialog, which WebDriver cannot drive; honoured in debug builds only).
//!
//! Times (open, paging back) are printed, never asserted.

use std::path::Path;
use std::time::{Duration, Instant};

use chatkit::types::{ThreadItem, ThreadMetadata};
use chatkit::{SqliteStore, Store, Timestamp};
use fantoccini::Locator;
use serde_json::{json, Value};
use shopdesk_e2e::session::default_timeout;
use shopdesk_e2e::{serial, App, Harness};

const ENTER: &str = "\u{E007}";
const ESCAPE: &str = "\u{E00C}";
const BACKSPACE: &str = "\u{E003}";
const LONG_ITEMS: usize = 2_000;
const FILLERS: usize = 35;

fn item(thread_id: &str, id: &str, role: &str, text: &str) -> ThreadItem {
    let body = if role == "user" {
        json!({"type": "user_message", "content": [{"type": "input_text", "text": text}],
               "attachments": [], "inference_options": {}})
    } else {
        json!({"type": "assistant_message",
               "content": [{"type": "output_text", "text": text, "annotations": []}]})
    };
    let mut v = json!({"id": id, "thread_id": thread_id, "created_at": Timestamp::now()});
    v.as_object_mut()
        .unwrap()
        .extend(body.as_object().unwrap().clone());
    serde_json::from_value(v).expect("item JSON")
}

async fn save(store: &SqliteStore, id: &str, title: &str, turns: &[(&str, &str)]) {
    let s: &dyn Store<()> = store;
    let mut t = ThreadMetadata::new(id, Timestamp::now());
    t.title = Some(title.to_owned());
    s.save_thread(&t, &()).await.unwrap();
    for (n, (role, text)) in turns.iter().enumerate() {
        let it = item(id, &format!("{id}_m{n}"), role, text);
        s.add_thread_item(id, &it, &()).await.unwrap();
    }
}

/// The long thread first (oldest, so past the first history page), fillers, then two short ones.
async fn seed(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    let store = SqliteStore::open(dir.join("shopdesk.sqlite3")).unwrap();
    let started = Instant::now();
    let long: Vec<(String, String)> = (0..LONG_ITEMS)
        .map(|n| {
            let role = if n % 2 == 0 { "user" } else { "assistant" };
            (role.to_owned(), format!("long message {n}"))
        })
        .collect();
    let turns: Vec<(&str, &str)> = long.iter().map(|(r, t)| (r.as_str(), t.as_str())).collect();
    save(&store, "thr_long", "A very long thread", &turns).await;
    for n in 0..FILLERS {
        let title = format!("Filler {n}");
        save(
            &store,
            &format!("thr_filler_{n}"),
            &title,
            &[("user", "hello")],
        )
        .await;
    }
    let lamp = [
        ("user", "which desk lamp?"),
        ("assistant", "The Aurora Desk Lamp is warm and dimmable."),
    ];
    save(&store, "thr_lamp", "Desk lamp ideas", &lamp).await;
    let kettle = [
        ("user", "I need a kettle"),
        ("assistant", "The Copper Kettle boils fast."),
    ];
    save(&store, "thr_kettle", "Kitchen", &kettle).await;
    println!(
        "[history] seeded {} items in {:?}",
        LONG_ITEMS + FILLERS + 4,
        started.elapsed()
    );
}

async fn count(app: &App, css: &str) -> usize {
    let v = app
        .eval(
            &format!("return document.querySelectorAll({css:?}).length;"),
            vec![],
        )
        .await
        .expect("count");
    v.as_u64().unwrap_or(0) as usize
}

async fn listed_titles(app: &App) -> Vec<String> {
    let v = app
        .eval(
            "return [...document.querySelectorAll('.sidebar .history-item .history-title')].map((e) => e.textContent);",
            vec![],
        )
        .await
        .expect("titles");
    serde_json::from_value(v).unwrap()
}

/// Clicks a row's hidden action (shown on hover) through the page.
async fn row_action(app: &App, thread_id: &str, label: &str) {
    let clicked = app
        .eval(
            "const b = document.querySelector(`[data-thread-id=\"${arguments[0]}\"] [aria-label=\"${arguments[1]}\"]`);
             if (b) b.click(); return Boolean(b);",
            vec![json!(thread_id), json!(label)],
        )
        .await
        .expect("click");
    assert_eq!(clicked, json!(true), "{label} of {thread_id}");
}

/// Waits until the text of the first `css` match contains `text`.
async fn wait_contains(app: &App, css: &str, text: &str) {
    let what = format!("{css:?} to contain {text:?}");
    app.wait_until(&what, default_timeout(), async |_c| {
        let v = app
            .eval(
                "const e = document.querySelector(arguments[0]); return e ? e.textContent : '';",
                vec![json!(css), json!(text)],
            )
            .await?;
        Ok(v.as_str().unwrap_or("").contains(text).then_some(()))
    })
    .await
    .unwrap_or_else(|e| panic!("{what}: {e}"));
}

async fn search(app: &App, text: &str) {
    let input = app.wait_for("#history-search").await.expect("search box");
    // Escape empties the box (the page's own shortcut; a WebDriver clear fires no input event).
    input.send_keys(ESCAPE).await.expect("Escape");
    if !text.is_empty() {
        input.send_keys(text).await.expect("typing");
    }
}

async fn wait_titles(app: &App, what: &str, check: impl Fn(&[String]) -> bool) -> Vec<String> {
    app.wait_until(what, default_timeout(), async |_c| {
        let titles = listed_titles(app).await;
        Ok(check(&titles).then_some(titles))
    })
    .await
    .unwrap_or_else(|e| panic!("{what}: {e}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn rename_search_delete_page_back_and_export() {
    let _serial = serial().await;
    let exports = tempfile::tempdir().unwrap();
    let harness = Harness::new()
        .expect("harness")
        .with_env("SHOPDESK_EXPORT_DIR", &exports.path().to_string_lossy());
    seed(&harness.app_data_dir()).await;
    let app = harness.launch().await.expect("app");

    // A page of the history, then the rest when its end scrolls into view.
    let first = wait_titles(&app, "the first history page", |t| t.len() >= 30).await;
    assert_eq!(first.len(), 30, "{first:?}");
    assert_eq!(&first[..2], ["Kitchen", "Desk lamp ideas"]);
    assert!(!first.iter().any(|t| t == "A very long thread"));
    app.eval(
        "const s = document.querySelector('.sidebar'); s.scrollTop = s.scrollHeight;",
        vec![],
    )
    .await
    .unwrap();
    let all = wait_titles(&app, "the next history page", |t| {
        t.iter().any(|x| x == "A very long thread")
    })
    .await;
    assert_eq!(all.len(), FILLERS + 3, "{all:?}");

    // Search: a word only in an answer, then a title.
    search(&app, "copper").await;
    let results = wait_titles(&app, "results for 'copper'", |t| t == ["Kitchen"]).await;
    assert_eq!(results, ["Kitchen"]);
    app.wait_for("#history-results .history-snippet")
        .await
        .expect("a snippet");
    app.screenshot("history-search").await.unwrap();
    let snippet = app
        .eval(
            "return document.querySelector('#history-results .history-snippet').textContent;",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        snippet.as_str().unwrap_or("").contains("Copper Kettle"),
        "{snippet}"
    );
    search(&app, "lamp ideas").await;
    wait_titles(&app, "results for 'lamp ideas'", |t| {
        t == ["Desk lamp ideas"]
    })
    .await;
    search(&app, "no such words anywhere").await;
    app.wait_for("#history-empty").await.expect("no results");

    // Rename in place (from the search results).
    search(&app, "lamp ideas").await;
    wait_titles(&app, "the lamp thread", |t| t == ["Desk lamp ideas"]).await;
    row_action(&app, "thr_lamp", "Rename conversation").await;
    let rename = app.wait_for(".history-rename").await.expect("rename box");
    rename.send_keys(&BACKSPACE.repeat(40)).await.unwrap();
    rename.send_keys("Lamps to compare").await.unwrap();
    rename.send_keys(ENTER).await.unwrap();
    search(&app, "").await;
    wait_titles(&app, "the new title", |t| {
        t.iter().any(|x| x == "Lamps to compare")
    })
    .await;

    // Delete with Undo; a second delete commits the first; bulk delete.
    row_action(&app, "thr_kettle", "Delete conversation").await;
    app.wait_for("#history-undo").await.expect("the Undo bar");
    wait_titles(&app, "Kitchen hidden", |t| {
        !t.iter().any(|x| x == "Kitchen")
    })
    .await;
    app.client()
        .find(Locator::Css("#history-undo-button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_titles(&app, "Kitchen back", |t| t.iter().any(|x| x == "Kitchen")).await;
    row_action(&app, "thr_kettle", "Delete conversation").await;
    app.client()
        .find(Locator::Css("#history-select"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    for id in ["thr_filler_0", "thr_filler_1"] {
        app.eval(
            "document.querySelector(`[data-thread-id=\"${arguments[0]}\"] .history-check`).click();",
            vec![json!(id)],
        )
        .await
        .unwrap();
    }
    app.client()
        .find(Locator::Css("#history-delete-selected"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_contains(&app, "#history-undo", "Deleted 2 conversations").await;
    // Kitchen's delete was committed by the second one: the core no longer finds it.
    search(&app, "copper").await;
    app.wait_for("#history-empty")
        .await
        .expect("Kitchen is gone");
    search(&app, "").await;
    app.wait_until(
        "the bulk delete to be committed",
        Duration::from_secs(15),
        async |_c| Ok((count(&app, "#history-undo").await == 0).then_some(())),
    )
    .await
    .expect("the Undo window ends");

    // The long thread opens at its end and pages back.
    let started = Instant::now();
    app.eval(
        "document.querySelector('[data-thread-id=\"thr_long\"] .history-open').click();",
        vec![],
    )
    .await
    .unwrap();
    let last = format!("long message {}", LONG_ITEMS - 1);
    wait_contains(&app, "#thread", &last).await;
    let shown = count(&app, "#thread .thread-item").await;
    println!(
        "[history] 2,000-item thread open at its end in {:?} ({shown} items in the DOM)",
        started.elapsed()
    );
    assert!(shown <= 100, "opened with {shown} items, not one page");
    app.screenshot("history-long-thread-end").await.unwrap();
    let started = Instant::now();
    let mut pages = 0;
    let mut kept_place = 0;
    while count(&app, "#thread .thread-item").await < LONG_ITEMS {
        let before = count(&app, "#thread .thread-item").await;
        app.eval(
            "document.querySelector('.thread-scroller').scrollTop = 0;",
            vec![],
        )
        .await
        .unwrap();
        app.wait_until("an older page", default_timeout(), async |_c| {
            Ok((count(&app, "#thread .thread-item").await > before).then_some(()))
        })
        .await
        .unwrap_or_else(|e| panic!("after {pages} pages ({before} items): {e}"));
        pages += 1;
        let top = app
            .eval(
                "return document.querySelector('.thread-scroller').scrollTop;",
                vec![],
            )
            .await
            .unwrap();
        if top.as_f64().unwrap_or(0.0) > 0.0 {
            kept_place += 1;
        }
        assert!(pages < 100, "paging does not end");
    }
    println!(
        "[history] paged back {pages} pages to item 0 in {:?}",
        started.elapsed()
    );
    assert!(
        kept_place >= pages / 2,
        "the view jumped to the top ({kept_place}/{pages} kept)"
    );
    let first_text = app
        .eval(
            "return document.querySelector('#thread .thread-item').textContent;",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        first_text.as_str().unwrap().contains("long message 0"),
        "{first_text}"
    );
    assert_eq!(count(&app, "#thread-older").await, 0, "nothing older left");
    app.screenshot("history-long-thread-start").await.unwrap();

    // Export both formats of the renamed thread.
    app.eval(
        "document.querySelector('[data-thread-id=\"thr_lamp\"] .history-open').click();",
        vec![],
    )
    .await
    .unwrap();
    wait_contains(&app, "#thread", "Aurora Desk Lamp").await;
    for button in ["#export-markdown", "#export-json"] {
        app.wait_for(button).await.unwrap().click().await.unwrap();
        wait_contains(&app, ".toasts", "Exported to").await;
    }
    let read = |name: &str| std::fs::read_to_string(exports.path().join(name));
    let md = app
        .wait_until("both files", default_timeout(), async |_c| {
            Ok(read("lamps-to-compare-thr-lamp.md")
                .ok()
                .filter(|_| read("lamps-to-compare-thr-lamp.json").is_ok()))
        })
        .await
        .expect("the exported files");
    assert!(md.starts_with("# Lamps to compare\n"), "{md}");
    assert!(md.contains("### You\n\nwhich desk lamp?"), "{md}");
    assert!(
        md.contains("The Aurora Desk Lamp is warm and dimmable."),
        "{md}"
    );
    let doc: Value =
        serde_json::from_str(&read("lamps-to-compare-thr-lamp.json").unwrap()).unwrap();
    assert_eq!(doc["format"], "shopdesk.thread");
    assert_eq!(doc["thread"]["title"], "Lamps to compare");
    assert_eq!(doc["thread"]["items"]["data"].as_array().unwrap().len(), 2);
    app.screenshot("history-exported").await.unwrap();
    app.quit().await.unwrap();

    // What was deleted is gone from the store; what was undone is still there.
    let store = SqliteStore::open(harness.app_data_dir().join("shopdesk.sqlite3")).unwrap();
    let s: &dyn Store<()> = &store;
    for gone in ["thr_kettle", "thr_filler_0", "thr_filler_1"] {
        assert!(s.load_thread(gone, &()).await.is_err(), "{gone} is deleted");
    }
    let kept = s.load_thread("thr_lamp", &()).await.unwrap();
    assert_eq!(kept.title.as_deref(), Some("Lamps to compare"));
}
