//! Keyset pagination on `seq` for threads and items, scoped to the request's owner: resolve the
//! cursor id to its `seq` (an id the owner cannot see is an unknown cursor), then read
//! `limit + 1` rows strictly after it in the order asked for; the extra row only says whether
//! more follow. The same rules as the SQLite store's `load_page`.

use chatkit::types::{Order, Page};
use chatkit::StoreError;
use serde::de::DeserializeOwned;
use tokio_postgres::types::ToSql;

use crate::errors::{db, from_json, has_nul};

/// Which rows a page is drawn from. `$1` of every statement below is the owner (NULL =
/// unscoped), `$2` the thread id for items.
#[derive(Clone, Copy)]
pub(crate) enum Listing<'a> {
    Threads,
    Items { thread_id: &'a str },
}

impl Listing<'_> {
    fn table_and_filter(self) -> (&'static str, &'static str) {
        match self {
            Listing::Threads => (
                "chatkit_threads",
                "($1::text IS NULL OR owner = $1) AND $2::text IS NULL",
            ),
            Listing::Items { .. } => (
                "chatkit_items",
                "thread_id = $2 AND ($1::text IS NULL OR EXISTS (
                     SELECT 1 FROM chatkit_threads t WHERE t.id = $2 AND t.owner = $1))",
            ),
        }
    }
}

pub(crate) async fn load_page<T: DeserializeOwned>(
    client: &deadpool_postgres::Client,
    listing: Listing<'_>,
    owner: Option<&str>,
    after: Option<&str>,
    limit: usize,
    order: Order,
) -> Result<Page<T>, StoreError> {
    let (table, filter) = listing.table_and_filter();
    let thread_id: Option<&str> = match listing {
        Listing::Threads => None,
        Listing::Items { thread_id } => Some(thread_id),
    };
    if has_nul(&[owner, thread_id, after]) {
        // No stored row has such a key: an empty listing, or a cursor that names no row.
        return match after {
            Some(cursor) => Err(StoreError::InvalidCursor(cursor.to_owned())),
            None => Ok(Page::default()),
        };
    }
    let start: i64 = match after {
        None => match order {
            Order::Asc => i64::MIN,
            Order::Desc => i64::MAX,
        },
        Some(cursor) => {
            let sql = format!("SELECT seq FROM {table} WHERE {filter} AND id = $3");
            let stmt = client.prepare_cached(&sql).await.map_err(db)?;
            let params: [&(dyn ToSql + Sync); 3] = [&owner, &thread_id, &cursor];
            client
                .query_opt(&stmt, &params)
                .await
                .map_err(db)?
                .map(|row| row.get::<_, i64>(0))
                .ok_or_else(|| StoreError::InvalidCursor(cursor.to_owned()))?
        }
    };
    let (cmp, dir) = match order {
        Order::Asc => (">", "ASC"),
        Order::Desc => ("<", "DESC"),
    };
    let fetch = i64::try_from(limit)
        .unwrap_or(i64::MAX - 1)
        .saturating_add(1);
    let sql = format!(
        "SELECT id, data FROM {table} WHERE {filter} AND seq {cmp} $3 ORDER BY seq {dir} LIMIT $4"
    );
    let stmt = client.prepare_cached(&sql).await.map_err(db)?;
    let params: [&(dyn ToSql + Sync); 4] = [&owner, &thread_id, &start, &fetch];
    let rows = client.query(&stmt, &params).await.map_err(db)?;
    let has_more = rows.len() > limit;
    let mut data = Vec::with_capacity(rows.len().min(limit));
    let mut last_id = None;
    for row in rows.iter().take(limit) {
        let id: String = row.get(0);
        let text: String = row.get(1);
        data.push(from_json(&id, &text)?);
        last_id = Some(id);
    }
    let after = if has_more { last_id } else { None };
    Ok(Page {
        data,
        has_more,
        after,
    })
}
