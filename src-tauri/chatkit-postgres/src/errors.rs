//! PostgreSQL and pool errors as [`StoreError`]s: a missing thread (a foreign key) is
//! `NotFound`, everything else `Other` with a message that names no credential.

use chatkit::StoreError;
use tokio_postgres::error::SqlState;

pub(crate) fn db(e: tokio_postgres::Error) -> StoreError {
    match e.code() {
        Some(code) if *code == SqlState::QUERY_CANCELED => {
            StoreError::Other("the database statement timed out (statement_timeout)".into())
        }
        _ => StoreError::Other(format!("database: {e}")),
    }
}

pub(crate) fn pool(e: deadpool_postgres::PoolError) -> StoreError {
    StoreError::Other(format!("database unavailable: {e}"))
}

/// A failed item write: the thread is gone (`NotFound`), a duplicate, or another failure.
pub(crate) fn item_write(e: tokio_postgres::Error, thread_id: &str, item_id: &str) -> StoreError {
    match e.code() {
        Some(code) if *code == SqlState::FOREIGN_KEY_VIOLATION => {
            StoreError::NotFound(thread_id.to_owned())
        }
        Some(code) if *code == SqlState::UNIQUE_VIOLATION => StoreError::Other(format!(
            "item {item_id} already exists in thread {thread_id}"
        )),
        _ => db(e),
    }
}

pub(crate) fn to_json<T: serde::Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| StoreError::Other(format!("serialize: {e}")))
}

pub(crate) fn from_json<T: serde::de::DeserializeOwned>(
    id: &str,
    data: &str,
) -> Result<T, StoreError> {
    serde_json::from_str(data).map_err(|e| StoreError::Other(format!("corrupt row {id}: {e}")))
}
