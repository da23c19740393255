//! The SQLite schema as numbered migrations, applied by `PRAGMA user_version`. It exists so a
//! database file written by an older build opens with a newer one (and a file from a *newer*
//! build is refused instead of being misread). Rows keep the wire JSON in `data`, so new ChatKit
//! fields never need a migration; columns exist only for keys, order and filtering.
//!
//! Order is a monotonic `seq` (the rowid, `INTEGER PRIMARY KEY`: a new row gets the largest
//! `seq` plus one, so it sorts after every row there is), not `created_at`: equal timestamps
//! cannot reorder or skip rows. A cursor names a row by id, never by `seq`, so a `seq` freed by
//! deleting the newest row and handed out again cannot confuse one.
//!
//! Schema 1 and 2 declared `seq` `AUTOINCREMENT`, which also never reuses a deleted row's value,
//! at the price of writing the `sqlite_sequence` row on every insert and upsert: one more page in
//! the WAL per write (an item insert wrote 4.3 pages, a thread upsert 2; now 3.3 and 1).
//! Schema 3 rebuilds both tables without it, keeping every row and its `seq`. A rebuild drops a
//! table, which with foreign keys on would cascade into its items, so [`migrate`] turns them off
//! while it migrates and checks them (`PRAGMA foreign_key_check`) before each commit.

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
    // 3: `seq` without AUTOINCREMENT (see the module docs); rows and their `seq` kept.
    "CREATE TABLE threads_v3 (
         seq        INTEGER PRIMARY KEY,
         id         TEXT NOT NULL UNIQUE,
         created_at TEXT NOT NULL,
         data       TEXT NOT NULL,
         owner      TEXT
     );
     INSERT INTO threads_v3 (seq, id, created_at, data, owner)
         SELECT seq, id, created_at, data, owner FROM threads;
     CREATE TABLE items_v3 (
         seq        INTEGER PRIMARY KEY,
         id         TEXT NOT NULL,
         thread_id  TEXT NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
         created_at TEXT NOT NULL,
         type       TEXT NOT NULL,
         data       TEXT NOT NULL,
         UNIQUE (thread_id, id)
     );
     INSERT INTO items_v3 (seq, id, thread_id, created_at, type, data)
         SELECT seq, id, thread_id, created_at, type, data FROM items;
     DROP TABLE items;
     DROP TABLE threads;
     ALTER TABLE threads_v3 RENAME TO threads;
     ALTER TABLE items_v3 RENAME TO items;
     CREATE INDEX threads_owner_seq ON threads (owner, seq);
     CREATE INDEX items_thread_seq ON items (thread_id, seq);",
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
/// Foreign keys are off while migrations run (a table rebuild must not cascade) and restored
/// after, whether or not a migration failed.
pub fn migrate(conn: &mut Connection) -> Result<i64, MigrationError> {
    let found = version(conn)?;
    if !(0..=SCHEMA_VERSION).contains(&found) {
        return Err(MigrationError::Unsupported {
            found,
            supported: SCHEMA_VERSION,
        });
    }
    if found < SCHEMA_VERSION {
        let foreign_keys: bool = conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?;
        conn.execute_batch("PRAGMA foreign_keys = OFF")?;
        let migrated = apply_from(conn, found as usize);
        conn.execute_batch(if foreign_keys {
            "PRAGMA foreign_keys = ON"
        } else {
            "PRAGMA foreign_keys = OFF"
        })?;
        migrated?;
    }
    Ok(version(conn)?)
}

fn apply_from(conn: &mut Connection, found: usize) -> rusqlite::Result<()> {
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(found) {
        let tx = conn.transaction()?;
        apply(&tx, sql, index as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}

fn apply(tx: &Transaction<'_>, sql: &str, to: i64) -> rusqlite::Result<()> {
    tx.execute_batch(sql)?;
    let dangling: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM pragma_foreign_key_check)",
        [],
        |r| r.get(0),
    )?;
    if dangling {
        return Err(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY),
            Some(format!(
                "migration {to} would leave items without their thread"
            )),
        ));
    }
    // PRAGMA does not take bound parameters; `to` is an integer we computed.
    tx.execute_batch(&format!("PRAGMA user_version = {to}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A database as schema 2 left it: AUTOINCREMENT `seq`, an item deleted after its
    /// successors were written, foreign keys on as every store connection has them.
    fn schema_2() -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("PRAGMA foreign_keys = ON").unwrap();
        for (index, sql) in MIGRATIONS[..2].iter().enumerate() {
            let tx = conn.unchecked_transaction().unwrap();
            apply(&tx, sql, index as i64 + 1).unwrap();
            tx.commit().unwrap();
        }
        conn.execute_batch(
            "INSERT INTO threads (id, created_at, data, owner) VALUES
                 ('t1', 'c', '{\"id\":\"t1\"}', NULL), ('t2', 'c', '{\"id\":\"t2\"}', 'alice');
             INSERT INTO items (id, thread_id, created_at, type, data) VALUES
                 ('i1', 't1', 'c', 'user_message', '{}'), ('i2', 't1', 'c', 'user_message', '{}'),
                 ('i3', 't2', 'c', 'user_message', '{}'), ('i4', 't1', 'c', 'user_message', '{}');
             DELETE FROM items WHERE id = 'i2';",
        )
        .unwrap();
        assert_eq!(version(&conn).unwrap(), 2);
        conn
    }

    fn rows(conn: &Connection, sql: &str) -> Vec<(i64, String)> {
        let mut stmt = conn.prepare(sql).unwrap();
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
        rows.collect::<Result<_, _>>().unwrap()
    }

    #[test]
    fn schema_3_drops_autoincrement_and_keeps_rows_their_seq_and_foreign_keys() {
        let mut conn = schema_2();
        let threads = "SELECT seq, id || '/' || ifnull(owner, '-') FROM threads ORDER BY seq";
        let items = "SELECT seq, thread_id || '/' || id FROM items ORDER BY seq";
        let (threads_before, items_before) = (rows(&conn, threads), rows(&conn, items));
        assert_eq!(migrate(&mut conn).unwrap(), 3);
        assert_eq!(rows(&conn, threads), threads_before);
        assert_eq!(rows(&conn, items), items_before);
        assert_eq!(
            items_before.iter().map(|(seq, _)| *seq).collect::<Vec<_>>(),
            [1, 3, 4],
            "the deleted item's seq stays a gap"
        );
        let autoincrement: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE sql LIKE '%AUTOINCREMENT%'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(autoincrement, 0);
        let indexes = rows(
            &conn,
            "SELECT 0, name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'
             ORDER BY name",
        );
        let names: Vec<&str> = indexes.iter().map(|(_, n)| n.as_str()).collect();
        assert_eq!(names, ["items_thread_seq", "threads_owner_seq"]);

        // Foreign keys are back on, and reference the rebuilt table.
        let on: bool = conn
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .unwrap();
        assert!(on);
        let orphan = conn.execute(
            "INSERT INTO items (id, thread_id, created_at, type, data) VALUES ('x', 'nope', 'c', 't', '{}')",
            [],
        );
        assert!(orphan.is_err(), "an item needs its thread");
        // A new row sorts after every existing one.
        conn.execute(
            "INSERT INTO items (id, thread_id, created_at, type, data) VALUES ('i5', 't1', 'c', 't', '{}')",
            [],
        )
        .unwrap();
        assert_eq!(rows(&conn, items).last().unwrap(), &(5, "t1/i5".to_owned()));
        conn.execute("DELETE FROM threads WHERE id = 't1'", [])
            .unwrap();
        assert_eq!(rows(&conn, items), [(3, "t2/i3".to_owned())], "cascade");
        // Idempotent.
        assert_eq!(migrate(&mut conn).unwrap(), 3);
    }
}
