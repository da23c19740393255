//! PostgreSQL and pool errors as [`StoreError`]s: a missing thread (a foreign key) is
//! `NotFound`, everything else `Other` with a message that names no credential.

use chatkit::StoreError;
use tokio_postgres::error::SqlState;

pub(crate) fn db(e: tokio_postgres::Error) -> StoreError {
    match (e.code(), e.as_db_error()) {
        (Some(code), _) if *code == SqlState::QUERY_CANCELED => {
            StoreError::Other("the database statement timed out (statement_timeout)".into())
        }
        // The server's own message ("db error" alone says nothing).
        (_, Some(db)) => StoreError::Other(format!("database: {}", db.message())),
        _ => StoreError::Other(format!("database: {e}")),
    }
}

/// PostgreSQL text cannot hold U+0000, so no stored id or owner contains it: a key with one
/// names no row (a lookup finds nothing) and cannot be written.
pub(crate) fn has_nul(keys: &[Option<&str>]) -> bool {
    keys.iter().flatten().any(|k| k.contains('\0'))
}

/// A write whose key cannot be stored.
pub(crate) fn unstorable(what: &str) -> StoreError {
    StoreError::Other(format!(
        "{what} contains U+0000, which the database cannot store"
    ))
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
