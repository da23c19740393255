//! The SQLite schema as numbered migrations, applied by `PRAGMA user_version`. It exists so a
//! database file written by an older build opens with a newer one (and a file from a *newer*
//! build is refused instead of being misread). Rows keep the wire JSON in `data`, so new ChatKit
//! fields never need a migration; columns exist only for keys, order and filtering.
//!
//! Order is a monotonic `seq` (`INTEGER PRIMARY KEY AUTOINCREMENT`: strictly increasing, never
//! reused even after deletes), not `created_at`: equal timestamps cannot reorder or skip rows.

use rusqlite::{Connection, Transaction};

/// Migration `i` (0-based) moves the database from `user_version = i` to `i + 1`.
const MIGRATIONS: &[&str] = &[
    // 1: threads, items, attachments.
    "CREATE TABLE threads (
         seq        INTEGER PRIMARY KEY AUTOINCREMENT,
         id         TEXT NOT NULL UNIQUE,
         created_at TEXT NOT NULL,
         data       TEXT NOT NULL
     );
     CREATE TABLE items (
         seq        INTEGER PRIMARY KEY AUTOINCREMENT,
         id         TEXT NOT NULL,
         thread_id  TEXT NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
         created_at TEXT NOT NULL,
         type       TEXT NOT NULL,
         data       TEXT NOT NULL,
         UNIQUE (thread_id, id)
     );
     CREATE INDEX items_thread_seq ON items (thread_id, seq);
     CREATE TABLE attachments (
         id   TEXT PRIMARY KEY NOT NULL,
         data TEXT NOT NULL
     );",
    // 2: owners (docs/ARCHITECTURE.md, Contract 6). Rows written before users existed stay
    // unowned (NULL): only an unscoped context (the desktop app) sees them.
    "ALTER TABLE threads ADD COLUMN owner TEXT;
     ALTER TABLE attachments ADD COLUMN owner TEXT;
     CREATE INDEX threads_owner_seq ON threads (owner, seq);",
];

/// The schema version this build writes (`PRAGMA user_version` after migrating).
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Why a database could not be brought to [`SCHEMA_VERSION`].
#[derive(Debug, thiserror::Error)]
pub enum MigrationError {
    /// Written by a newer build (or a negative version): refuse rather than misread it.
    #[error("database schema version {found} is not one this build reads (0..={supported})")]
    Unsupported { found: i64, supported: i64 },
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
}

/// The database's current `user_version`.
pub fn version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
}

/// Apply every migration above the database's version, each in its own transaction together
/// with its version bump. Idempotent: a database at [`SCHEMA_VERSION`] is left untouched.
pub fn migrate(conn: &mut Connection) -> Result<i64, MigrationError> {
    let found = version(conn)?;
    if !(0..=SCHEMA_VERSION).contains(&found) {
        return Err(MigrationError::Unsupported {
            found,
            supported: SCHEMA_VERSION,
        });
    }
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let tx = conn.transaction()?;
        apply(&tx, sql, index as i64 + 1)?;
        tx.commit()?;
    }
    Ok(version(conn)?)
}

fn apply(tx: &Transaction<'_>, sql: &str, to: i64) -> rusqlite::Result<()> {
    tx.execute_batch(sql)?;
    // PRAGMA does not take bound parameters; `to` is an integer we computed.
    tx.execute_batch(&format!("PRAGMA user_version = {to}"))
}
