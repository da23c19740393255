//! Store consistency after a fuzz case: thread pages walk every thread exactly once in both
//! orders, each thread's item pages agree with a full scan, every item belongs to its thread,
//! and ids that name no thread have no items (no orphans left behind by a failed request).

use chatkit::types::Order;
use chatkit::Store;
use std::collections::HashSet;

const ALL: usize = 1_000_000;

/// The ids of every thread (the pagination contract is checked on every page).
async fn walk_threads(
    store: &dyn Store<()>,
    limit: usize,
    order: Order,
) -> Result<Vec<String>, String> {
    crate::pages::thread_ids(store, limit, order).await
}

/// The ids of every item of `thread_id`, each checked to belong to it.
async fn walk_items(
    store: &dyn Store<()>,
    thread_id: &str,
    limit: usize,
    order: Order,
) -> Result<Vec<String>, String> {
    let items = crate::pages::items(store, thread_id, limit, order).await?;
    if let Some(item) = items.iter().find(|i| i.thread_id() != thread_id) {
        return Err(format!(
            "item {} of {thread_id} says thread {}",
            item.id(),
            item.thread_id()
        ));
    }
    Ok(items.iter().map(|i| i.id().to_owned()).collect())
}

fn no_repeats(what: &str, ids: &[String]) -> Result<(), String> {
    let mut seen = HashSet::new();
    match ids.iter().find(|id| !seen.insert(id.as_str())) {
        Some(id) => Err(format!("{what}: {id} appears twice in {ids:?}")),
        None => Ok(()),
    }
}

/// Check the store; `probe_ids` are ids the case mentioned (any of which might have been used
/// as a thread id by a faulty write path).
pub async fn consistent(store: &dyn Store<()>, probe_ids: &HashSet<String>) -> Result<(), String> {
    let full = walk_threads(store, ALL, Order::Asc).await?;
    no_repeats("threads", &full)?;
    if walk_threads(store, 2, Order::Asc).await? != full {
        return Err("paged threads (asc) differ from a full scan".into());
    }
    let mut desc = walk_threads(store, 3, Order::Desc).await?;
    desc.reverse();
    if desc != full {
        return Err("paged threads (desc) are not the reverse of asc".into());
    }
    for thread_id in &full {
        store
            .load_thread(thread_id, &())
            .await
            .map_err(|e| format!("listed thread {thread_id} does not load: {e}"))?;
        let items = walk_items(store, thread_id, ALL, Order::Asc).await?;
        no_repeats(thread_id, &items)?;
        if walk_items(store, thread_id, 2, Order::Asc).await? != items {
            return Err(format!(
                "paged items of {thread_id} differ from a full scan"
            ));
        }
        let mut desc = walk_items(store, thread_id, 3, Order::Desc).await?;
        desc.reverse();
        if desc != items {
            return Err(format!(
                "items of {thread_id} (desc) are not the reverse of asc"
            ));
        }
        for id in &items {
            store
                .load_item(thread_id, id, &())
                .await
                .map_err(|e| format!("listed item {id} of {thread_id} does not load: {e}"))?;
        }
    }
    let threads: HashSet<&String> = full.iter().collect();
    for probe in probe_ids.iter().filter(|p| !threads.contains(p)) {
        let page = store
            .load_thread_items(probe, None, ALL, Order::Asc, &())
            .await
            .map_err(|e| format!("items of unknown thread {probe:?}: {e}"))?;
        if !page.data.is_empty() {
            return Err(format!(
                "{} items left for thread {probe:?}, which does not exist",
                page.data.len()
            ));
        }
    }
    Ok(())
}

/// Every string in a JSON value (candidate ids for [`consistent`]).
pub fn strings_in(v: &serde_json::Value, out: &mut HashSet<String>) {
    match v {
        serde_json::Value::String(s) if s.len() < 64 => {
            out.insert(s.clone());
        }
        serde_json::Value::Array(a) => a.iter().for_each(|c| strings_in(c, out)),
        serde_json::Value::Object(m) => m.values().for_each(|c| strings_in(c, out)),
        _ => {}
    }
}
