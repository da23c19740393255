//! `invoke('search_threads', { query, after?, limit? })`: the history panel's search over
//! thread titles and the text of their items.
//!
//! Why a command of its own: the ChatKit protocol has no search request, and the search reads
//! the SQLite store directly (`chatkit::store::sqlite::search`: bounded, paged newest first).
//! Resolves `{ data: [{ thread, snippet? }], has_more, after? }` — `thread` in the shape of
//! `threads.list`'s entries; rejects `invalid_request` for a blank or too long query or a
//! cursor that names no thread, nothing read.

use chatkit::store::sqlite::search::ThreadMatch;
use chatkit::types::Page;
use chatkit::StoreError;
use tauri::State;

use crate::error::AppError;
use crate::state::AppState;

/// The page size when the page names none.
pub const DEFAULT_SEARCH_PAGE: usize = 20;

/// `invoke('search_threads', { query, after, limit })`.
#[tauri::command]
pub async fn search_threads(
    state: State<'_, AppState>,
    query: String,
    after: Option<String>,
    limit: Option<usize>,
) -> Result<Page<ThreadMatch>, AppError> {
    search(&state, &query, after.as_deref(), limit).await
}

/// The body of `search_threads`.
pub async fn search(
    state: &AppState,
    query: &str,
    after: Option<&str>,
    limit: Option<usize>,
) -> Result<Page<ThreadMatch>, AppError> {
    let store = state
        .sqlite()
        .ok_or_else(|| AppError::Internal("search needs the SQLite store".into()))?;
    store
        .search_threads(query, limit.unwrap_or(DEFAULT_SEARCH_PAGE), after, &())
        .await
        .map_err(|e| match e {
            StoreError::InvalidCursor(id) => {
                AppError::InvalidRequest(format!("no thread {id:?} to continue the search after"))
            }
            StoreError::Other(reason) if reason.starts_with("the search query") => {
                AppError::InvalidRequest(reason)
            }
            other => AppError::Internal(other.to_string()),
        })
}
