//! Walking a store listing to its end, page by page, checking the pagination contract on each
//! page: at most `limit` rows; while `has_more`, `after` is the id of the page's last row; on the
//! last page `after` is `None`.
//!
//! Why one walker: the store contract tests and the fuzz's consistency check both list threads
//! and items with small limits in both orders; the rules a page must follow are the same for both
//! listings and both callers, so they are written once.

use chatkit::types::{Order, Page, ThreadItem};
use chatkit::{Store, StoreError};
use std::future::Future;

/// Every row of a listing: `load(after)` fetches one page of at most `limit` rows.
pub async fn walk<T, F, Fut>(
    what: &str,
    limit: usize,
    id: impl Fn(&T) -> &str,
    mut load: F,
) -> Result<Vec<T>, String>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: Future<Output = Result<Page<T>, StoreError>>,
{
    let mut out = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let page = load(after.take())
            .await
            .map_err(|e| format!("{what}: {e}"))?;
        if page.data.len() > limit {
            return Err(format!(
                "{what}: a page of {} rows exceeds the limit {limit}",
                page.data.len()
            ));
        }
        if !page.has_more {
            if page.after.is_some() {
                return Err(format!(
                    "{what}: the last page has a cursor {:?}",
                    page.after
                ));
            }
            out.extend(page.data);
            return Ok(out);
        }
        if page.after.as_deref() != page.data.last().map(&id) {
            return Err(format!(
                "{what}: cursor {:?} is not the page's last id",
                page.after
            ));
        }
        after = page.after;
        out.extend(page.data);
    }
}

/// The ids of every thread, in `order`, `limit` per page.
pub async fn thread_ids(
    store: &dyn Store<()>,
    limit: usize,
    order: Order,
) -> Result<Vec<String>, String> {
    let threads = walk(
        "load_threads",
        limit,
        |t: &chatkit::types::ThreadMetadata| &t.id,
        |after| async move {
            store
                .load_threads(limit, after.as_deref(), order, &())
                .await
        },
    )
    .await?;
    Ok(threads.into_iter().map(|t| t.id).collect())
}

/// Every item of `thread_id`, in `order`, `limit` per page.
pub async fn items(
    store: &dyn Store<()>,
    thread_id: &str,
    limit: usize,
    order: Order,
) -> Result<Vec<ThreadItem>, String> {
    let what = format!("load_thread_items({thread_id})");
    walk(
        &what,
        limit,
        |i: &ThreadItem| i.id(),
        |after| async move {
            store
                .load_thread_items(thread_id, after.as_deref(), limit, order, &())
                .await
        },
    )
    .await
}

/// The ids of every item of `thread_id`, in `order`, `limit` per page.
pub async fn item_ids(
    store: &dyn Store<()>,
    thread_id: &str,
    limit: usize,
    order: Order,
) -> Result<Vec<String>, String> {
    let items = items(store, thread_id, limit, order).await?;
    Ok(items.iter().map(|i| i.id().to_owned()).collect())
}

#[cfg(test)]
mod tests {
    use super::walk;
    use chatkit::types::Page;

    fn page(ids: &[&str], has_more: bool, after: Option<&str>) -> Page<String> {
        Page {
            data: ids.iter().map(|s| s.to_string()).collect(),
            has_more,
            after: after.map(str::to_owned),
        }
    }

    /// Serves `pages` in turn, whatever cursor is asked for.
    async fn walk_pages(limit: usize, pages: Vec<Page<String>>) -> Result<Vec<String>, String> {
        let mut pages = pages.into_iter();
        walk(
            "test",
            limit,
            |s: &String| s.as_str(),
            |_| {
                let next = pages.next().expect("asked past the last page");
                async move { Ok(next) }
            },
        )
        .await
    }

    #[tokio::test]
    async fn a_listing_that_keeps_the_contract_is_walked_to_its_end() {
        let pages = vec![
            page(&["a", "b"], true, Some("b")),
            page(&["c"], false, None),
        ];
        assert_eq!(walk_pages(2, pages).await.unwrap(), ["a", "b", "c"]);
    }

    #[tokio::test]
    async fn each_broken_rule_is_reported() {
        let oversized = vec![page(&["a", "b", "c"], false, None)];
        assert!(walk_pages(2, oversized)
            .await
            .unwrap_err()
            .contains("exceeds"));
        let wrong_cursor = vec![page(&["a", "b"], true, Some("a"))];
        assert!(walk_pages(2, wrong_cursor)
            .await
            .unwrap_err()
            .contains("last id"));
        let cursor_at_end = vec![page(&["a"], false, Some("a"))];
        assert!(walk_pages(2, cursor_at_end)
            .await
            .unwrap_err()
            .contains("last page"));
    }
}
