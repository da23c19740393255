//! The PostgreSQL schema as numbered migrations, recorded in `chatkit_schema_migrations`.
//!
//! Why versioned: several processes of different builds may meet one database during a
//! rolling upgrade. A build applies the migrations it knows and is missing (in one
//! transaction, under a transaction-scoped advisory lock so two processes starting at once
//! never apply one twice: a failed migration leaves the database as it was), and refuses a database whose schema is *newer* than it knows,
//! rather than misreading rows written by a later build.
//!
//! Rows keep the wire JSON in `data` (TEXT, not JSONB: JSONB reorders object keys, and key order
//! is part of the wire); columns exist for keys, order, the owner and filtering. Order is a
//! monotonic `seq` (an identity column), never `created_at`, as in the SQLite store. Tables are
//! prefixed `chatkit_` so the database can be shared with other applications.

use tokio_postgres::Client;

use crate::config::Migrations;

/// Migration `i` (0-based) moves the database from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[
    // 1: threads, items, attachments (each thread and attachment with its owner), run leases.
    "CREATE TABLE chatkit_threads (
         seq        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
         id         TEXT NOT NULL UNIQUE,
         owner      TEXT,
         created_at TIMESTAMPTZ NOT NULL,
         data       TEXT NOT NULL
     );
     CREATE INDEX chatkit_threads_owner_seq ON chatkit_threads (owner, seq);
     CREATE TABLE chatkit_items (
         seq        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
         id         TEXT NOT NULL,
         thread_id  TEXT NOT NULL REFERENCES chatkit_threads (id) ON DELETE CASCADE,
         created_at TIMESTAMPTZ NOT NULL,
         type       TEXT NOT NULL,
         data       TEXT NOT NULL,
         UNIQUE (thread_id, id)
     );
     CREATE INDEX chatkit_items_thread_seq ON chatkit_items (thread_id, seq);
     CREATE TABLE chatkit_attachments (
         id    TEXT PRIMARY KEY,
         owner TEXT,
         data  TEXT NOT NULL
     );
     CREATE TABLE chatkit_run_leases (
         thread_id  TEXT PRIMARY KEY,
         holder     TEXT NOT NULL,
         expires_at TIMESTAMPTZ NOT NULL
     );",
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i32 = MIGRATIONS.len() as i32;

/// Serializes migrations across processes (`pg_advisory_xact_lock`); any fixed number works,
/// this one is "chatkit" in ASCII.
const MIGRATION_LOCK: i64 = 0x63_68_61_74_6b_69_74;

/// Why the schema could not be brought to (or found at) [`SCHEMA_VERSION`].
#[derive(Debug, thiserror::Error)]
pub enum SchemaError {
    #[error(
        "the database schema is version {found}, newer than this build knows ({supported}); \
         it was written by a newer version: upgrade this server"
    )]
    Newer { found: i32, supported: i32 },
    #[error(
        "the database schema is version {found}, this build needs {supported}, and migrations \
         are set to verify only: apply them first (e.g. start once with --db-migrations apply)"
    )]
    Outdated { found: i32, supported: i32 },
    #[error("database: {0}")]
    Db(#[from] tokio_postgres::Error),
}

/// The version the database is at (0 for an empty database).
pub async fn version(client: &Client) -> Result<i32, tokio_postgres::Error> {
    let exists: bool = client
        .query_one(
            "SELECT to_regclass('chatkit_schema_migrations') IS NOT NULL",
            &[],
        )
        .await?
        .get(0);
    if !exists {
        return Ok(0);
    }
    Ok(client
        .query_one(
            "SELECT COALESCE(MAX(version), 0) FROM chatkit_schema_migrations",
            &[],
        )
        .await?
        .get(0))
}

/// Brings the database to [`SCHEMA_VERSION`] (or, with [`Migrations::Verify`], checks that it
/// is there). Returns the version found before.
pub async fn migrate(client: &mut Client, mode: Migrations) -> Result<i32, SchemaError> {
    let found = version(client).await?;
    check(found, mode)?;
    if found == SCHEMA_VERSION {
        return Ok(found);
    }
    let tx = client.transaction().await?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
        .await?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS chatkit_schema_migrations (
             version    INTEGER PRIMARY KEY,
             applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
         )",
    )
    .await?;
    // Read again under the lock: another process may have migrated meanwhile.
    let now: i32 = tx
        .query_one(
            "SELECT COALESCE(MAX(version), 0) FROM chatkit_schema_migrations",
            &[],
        )
        .await?
        .get(0);
    check(now, mode)?;
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(now as usize) {
        tx.batch_execute(sql).await?;
        let to = index as i32 + 1;
        tx.execute(
            "INSERT INTO chatkit_schema_migrations (version) VALUES ($1)",
            &[&to],
        )
        .await?;
        tracing::info!(version = to, "database migration applied");
    }
    tx.commit().await?;
    Ok(found)
}

fn check(found: i32, mode: Migrations) -> Result<(), SchemaError> {
    if !(0..=SCHEMA_VERSION).contains(&found) {
        return Err(SchemaError::Newer {
            found,
            supported: SCHEMA_VERSION,
        });
    }
    if mode == Migrations::Verify && found != SCHEMA_VERSION {
        return Err(SchemaError::Outdated {
            found,
            supported: SCHEMA_VERSION,
        });
    }
    Ok(())
}
