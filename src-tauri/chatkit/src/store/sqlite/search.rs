//! Search over the SQLite store's threads: by title and by the text of their items.
//!
//! Why it exists: the ChatKit protocol has no search request (`threads.list` only pages), yet a
//! history people cannot search is of little use once it is long. This is a store read like
//! the others — bounded, paged by keyset, scoped to the caller's owner like the rest of
//! [`SqliteStore`] (another user's threads never match, nor serve as a cursor) — that an
//! application exposes however it likes (the desktop app as its `search_threads` command). It
//! reads the rows' wire JSON, so it needs no index table or migration.
//!
//! * **What matches:** the query as a substring, ASCII case folded (SQLite's `LIKE`), of the
//!   thread's `title` or of the text a person reads in its items: `text` of user and assistant
//!   message parts, and a widget's `copy_text` and the `value` / `title` of its components
//!   (product names in the shop's cards). Hidden context items, tool arguments and JSON keys
//!   never match. `%`, `_` and `\` in the query are literal.
//! * **Order and paging:** newest thread first (the threads' `seq`, as `threads.list` with
//!   `order: desc`); `after` is the id of the last thread of the previous page and must name a
//!   thread ([`StoreError::InvalidCursor`] otherwise). At most [`MAX_SEARCH_PAGE`] threads per
//!   page, and a query of at most [`MAX_QUERY_CHARS`] characters (longer or blank ⇒
//!   [`StoreError::Other`] with the reason, nothing read).
//! * **Snippet:** the first matching item text (oldest first), cut to about
//!   [`SNIPPET_CHARS`] characters around the match; `None` when only the title matched.

use super::{from_json, other, SqliteStore};
use crate::errors::StoreError;
use crate::store::page;
use crate::store::StoreScope;
use crate::types::{Page, ThreadMetadata};
use rusqlite::{params, OptionalExtension};
use serde::Serialize;

/// The most threads one search page returns (a larger `limit` is clamped).
pub const MAX_SEARCH_PAGE: usize = 50;
/// The longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 200;
/// About how many characters of item text a snippet shows.
pub const SNIPPET_CHARS: usize = 120;

/// One thread that matched, with the item text that made it match (if not only its title).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThreadMatch {
    pub thread: ThreadMetadata,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snippet: Option<String>,
}

/// The item texts a person reads (see the module docs), for every item of thread `t.id`.
const MATCHING_TEXT: &str = "SELECT j.value FROM items i, json_tree(i.data) j
     WHERE i.thread_id = t.id AND j.type = 'text' AND j.value LIKE ?1 ESCAPE '\\' AND (
         (i.type IN ('user_message', 'assistant_message') AND j.key = 'text')
         OR (i.type = 'widget' AND j.key IN ('copy_text', 'value', 'title')))
     ORDER BY i.seq LIMIT 1";

impl SqliteStore {
    /// A page of the threads of `ctx`'s owner whose title or item text contains `query` (see
    /// the module docs).
    pub async fn search_threads<C: StoreScope>(
        &self,
        query: &str,
        limit: usize,
        after: Option<&str>,
        ctx: &C,
    ) -> Result<Page<ThreadMatch>, StoreError> {
        let owner = ctx.owner().map(str::to_owned);
        let needle = query.trim().to_owned();
        if needle.is_empty() {
            return Err(StoreError::Other("the search query is empty".into()));
        }
        if needle.chars().count() > MAX_QUERY_CHARS {
            return Err(StoreError::Other(format!(
                "the search query is longer than {MAX_QUERY_CHARS} characters"
            )));
        }
        let limit = limit.clamp(1, MAX_SEARCH_PAGE);
        let after = after.map(str::to_owned);
        self.run(move |conn| {
            let start: i64 = match &after {
                None => i64::MAX,
                Some(cursor) => conn
                    .query_row(
                        "SELECT seq FROM threads WHERE id = ?1 AND (?2 IS NULL OR owner = ?2)",
                        params![cursor, owner],
                        |r| r.get(0),
                    )
                    .optional()
                    .map_err(other)?
                    .ok_or_else(|| StoreError::InvalidCursor(cursor.clone()))?,
            };
            let pattern = format!("%{}%", escape_like(&needle));
            let sql = format!(
                "SELECT t.id, t.data, ({MATCHING_TEXT}) AS hit FROM threads t
                 WHERE t.seq < ?2 AND (?4 IS NULL OR t.owner = ?4)
                   AND (json_extract(t.data, '$.title') LIKE ?1 ESCAPE '\\' OR hit IS NOT NULL)
                 ORDER BY t.seq DESC LIMIT ?3"
            );
            let mut stmt = conn.prepare_cached(&sql).map_err(other)?;
            let fetch = limit as i64 + 1;
            let mut rows: Vec<(String, String, Option<String>)> = stmt
                .query_map(params![pattern, start, fetch, owner], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })
                .and_then(|rows| rows.collect())
                .map_err(other)?;
            let has_more = rows.len() > limit;
            rows.truncate(limit);
            let last_id = rows.last().map(|(id, _, _)| id.clone());
            let data = rows
                .into_iter()
                .map(|(id, data, hit)| {
                    Ok(ThreadMatch {
                        thread: from_json(&id, &data)?,
                        snippet: hit.map(|text| snippet(&text, &needle)),
                    })
                })
                .collect::<Result<Vec<_>, StoreError>>()?;
            Ok(page(data, has_more, last_id))
        })
        .await
    }
}

/// `text` with `LIKE`'s wildcards and the escape character made literal (escape `\`).
fn escape_like(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// About [`SNIPPET_CHARS`] characters of `text` around the first (ASCII case-folded) `needle`,
/// on one line, with `…` where it was cut.
pub fn snippet(text: &str, needle: &str) -> String {
    let flat: Vec<char> = text
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    let lower: Vec<char> = flat.iter().map(|c| c.to_ascii_lowercase()).collect();
    let wanted: Vec<char> = needle.chars().map(|c| c.to_ascii_lowercase()).collect();
    let at = lower
        .windows(wanted.len().max(1))
        .position(|w| w == wanted.as_slice())
        .unwrap_or(0);
    let before = SNIPPET_CHARS / 3;
    let start = at.saturating_sub(before);
    let end = (start + SNIPPET_CHARS).min(flat.len());
    let start = end.saturating_sub(SNIPPET_CHARS).min(start);
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    out.extend(&flat[start..end]);
    if end < flat.len() {
        out.push('…');
    }
    out.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_are_literal() {
        assert_eq!(escape_like(r"50%_off\"), r"50\%\_off\\");
    }

    #[test]
    fn snippets_centre_the_match_and_mark_cuts() {
        assert_eq!(snippet("a lamp", "LAMP"), "a lamp");
        let long = format!("{} the Aurora lamp {}", "x".repeat(300), "y".repeat(300));
        let s = snippet(&long, "aurora");
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert!(s.contains("the Aurora lamp"), "{s}");
        assert!(s.chars().count() <= SNIPPET_CHARS + 2, "{s}");
        assert_eq!(snippet("line\none", "one"), "line one");
        assert_eq!(snippet("é".repeat(200).as_str(), "é").chars().count(), 121);
    }
}
