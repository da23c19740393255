//! [`PostgresStore`]: threads, items and attachment metadata in PostgreSQL, behind the
//! `chatkit::Store` trait, for servers that outgrow one SQLite file or run several processes on
//! one database.
//!
//! * The contract is the SQLite store's (`chatkit::store` module docs): insertion order by a
//!   monotonic `seq`, keyset pages ([`crate::pages`]), upserts that keep their row (and so its
//!   position), an unknown cursor ⇒ `InvalidCursor`, items of an unknown thread ⇒ an empty page,
//!   an item for a thread that does not exist ⇒ `NotFound`.
//! * Scoping (`chatkit::store::scope`): every statement carries the request's owner (`NULL` =
//!   unscoped) and filters on it; threads and attachments get an `owner` column, items are
//!   reached through their thread. A row of another owner is not there: `NotFound`, an empty
//!   page, a no-op delete — and an upsert never takes another owner's row over.
//! * Atomicity: every call is one SQL statement (the delete of a thread removes its items in
//!   the same statement, `ON DELETE CASCADE`), so a failed or cancelled call writes nothing;
//!   the migrations run in one transaction.
//! * Connections come from a deadpool pool; statements are prepared once per connection.

use std::sync::Arc;

use async_trait::async_trait;
use chatkit::types::{Attachment, Order, Page, ThreadItem, ThreadMetadata};
use chatkit::{Store, StoreError, StoreScope, Timestamp};
use deadpool_postgres::Pool;
use serde::de::DeserializeOwned;
use tokio_postgres::types::ToSql;

use crate::config::PostgresConfig;
use crate::errors::{db, from_json, has_nul, item_write, pool, to_json, unstorable};
use crate::pages::{load_page, Listing};
use crate::schema::{self, SCHEMA_VERSION};

/// PostgreSQL-backed store. Cheap to clone (a shared pool).
#[derive(Clone)]
pub struct PostgresStore {
    pool: Pool,
    database: Arc<str>,
}

impl std::fmt::Debug for PostgresStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostgresStore")
            .field("database", &self.database)
            .finish_non_exhaustive()
    }
}

/// What `GET /health` says about the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatabaseHealth {
    pub reachable: bool,
    /// The schema version found, when reachable.
    pub schema_version: Option<i32>,
    /// Why not reachable (no credentials in it).
    pub error: Option<String>,
}

impl PostgresStore {
    /// Connects (one connection, to migrate or verify the schema per `config.migrations`) and
    /// returns the store with its pool. An error says why, without the URL's credentials.
    pub async fn connect(config: &PostgresConfig) -> Result<Self, String> {
        let pool = config.pool()?;
        let database = config.describe();
        let mut client = pool
            .get()
            .await
            .map_err(|e| format!("cannot connect to the database {database}: {e}"))?;
        let found = schema::migrate(&mut client, config.migrations)
            .await
            .map_err(|e| format!("the database {database}: {e}"))?;
        tracing::info!(
            database = %database,
            found,
            schema = SCHEMA_VERSION,
            pool = config.pool_size,
            "PostgreSQL store ready"
        );
        Ok(Self {
            pool,
            database: database.into(),
        })
    }

    /// The pool (shared with [`crate::PostgresRunLocks::new`]).
    pub fn pool(&self) -> &Pool {
        &self.pool
    }

    /// The schema version of the database now.
    pub async fn schema_version(&self) -> Result<i32, StoreError> {
        let client = self.pool.get().await.map_err(pool)?;
        schema::version(&client).await.map_err(db)
    }

    /// Whether the database answers, and its schema version.
    pub async fn health(&self) -> DatabaseHealth {
        match self.schema_version().await {
            Ok(version) => DatabaseHealth {
                reachable: true,
                schema_version: Some(version),
                error: None,
            },
            Err(e) => DatabaseHealth {
                reachable: false,
                schema_version: None,
                error: Some(e.to_string()),
            },
        }
    }

    async fn client(&self) -> Result<deadpool_postgres::Client, StoreError> {
        self.pool.get().await.map_err(pool)
    }

    /// Rows written by one statement; none when a key holds U+0000 (it names no row).
    async fn execute(
        &self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
        keys: &[Option<&str>],
    ) -> Result<u64, StoreError> {
        if has_nul(keys) {
            return Ok(0);
        }
        let client = self.client().await?;
        let stmt = client.prepare_cached(sql).await.map_err(db)?;
        client.execute(&stmt, params).await.map_err(db)
    }

    /// The `data` of the one row `sql` selects, decoded; none ⇒ `NotFound(id)`.
    async fn load_row<T: DeserializeOwned>(
        &self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
        id: &str,
        keys: &[Option<&str>],
    ) -> Result<T, StoreError> {
        if has_nul(keys) {
            return Err(StoreError::NotFound(id.to_owned()));
        }
        let client = self.client().await?;
        let stmt = client.prepare_cached(sql).await.map_err(db)?;
        match client.query_opt(&stmt, params).await.map_err(db)? {
            Some(row) => from_json(id, row.get::<_, &str>(0)),
            None => Err(StoreError::NotFound(id.to_owned())),
        }
    }

    /// Insert or update an item (`sql` is one of the two item statements below).
    async fn write_item(
        &self,
        sql: &str,
        thread_id: &str,
        item: &ThreadItem,
        owner: Option<&str>,
    ) -> Result<(), StoreError> {
        let (id, created_at, kind, data) = (
            item.id(),
            utc_text(item.created_at()),
            item.type_name(),
            to_json(item)?,
        );
        if has_nul(&[Some(thread_id), owner]) {
            return Err(StoreError::NotFound(thread_id.to_owned()));
        }
        if has_nul(&[Some(id)]) {
            return Err(unstorable("the item id"));
        }
        let client = self.client().await?;
        let stmt = client.prepare_cached(sql).await.map_err(db)?;
        let written = client
            .execute(&stmt, &[&id, &thread_id, &created_at, &kind, &data, &owner])
            .await
            .map_err(|e| item_write(e, thread_id, id))?;
        if written == 0 {
            // The thread is someone else's: as if it did not exist.
            return Err(StoreError::NotFound(thread_id.to_owned()));
        }
        Ok(())
    }
}

/// The `created_at` column: RFC 3339 UTC, whatever form the JSON keeps.
fn utc_text(ts: Timestamp) -> String {
    ts.with_naive_format(false).to_string()
}

/// `$6` is the owner: the item is written only into a thread the owner may see.
const ADD_ITEM: &str = "INSERT INTO chatkit_items (id, thread_id, created_at, type, data)
     SELECT $1, $2, $3::text::timestamptz, $4, $5
     WHERE $6::text IS NULL
        OR EXISTS (SELECT 1 FROM chatkit_threads t WHERE t.id = $2 AND t.owner = $6)";

const SAVE_ITEM: &str = "INSERT INTO chatkit_items (id, thread_id, created_at, type, data)
     SELECT $1, $2, $3::text::timestamptz, $4, $5
     WHERE $6::text IS NULL
        OR EXISTS (SELECT 1 FROM chatkit_threads t WHERE t.id = $2 AND t.owner = $6)
     ON CONFLICT (thread_id, id) DO UPDATE SET
         created_at = excluded.created_at, type = excluded.type, data = excluded.data";

/// "The thread `$1` is visible to owner `$N`" for item statements.
const ITEM_SCOPE: &str = "($3::text IS NULL OR EXISTS (
     SELECT 1 FROM chatkit_threads t WHERE t.id = $1 AND t.owner = $3))";

#[async_trait]
impl<C: StoreScope + Send + Sync + 'static> Store<C> for PostgresStore {
    async fn load_thread(&self, thread_id: &str, ctx: &C) -> Result<ThreadMetadata, StoreError> {
        let owner = ctx.owner();
        self.load_row(
            "SELECT data FROM chatkit_threads WHERE id = $1 AND ($2::text IS NULL OR owner = $2)",
            &[&thread_id, &owner],
            thread_id,
            &[Some(thread_id), owner],
        )
        .await
    }

    async fn save_thread(&self, thread: &ThreadMetadata, ctx: &C) -> Result<(), StoreError> {
        let owner = ctx.owner();
        let (id, created_at, data) = (
            thread.id.as_str(),
            utc_text(thread.created_at),
            to_json(thread)?,
        );
        if has_nul(&[Some(id), owner]) {
            return Err(unstorable("the thread id or owner"));
        }
        // An unscoped update keeps the row's owner; a scoped one only updates its own row.
        let written = self
            .execute(
                "INSERT INTO chatkit_threads (id, owner, created_at, data)
                 VALUES ($1, $2, $3::text::timestamptz, $4)
                 ON CONFLICT (id) DO UPDATE SET created_at = excluded.created_at, data = excluded.data
                 WHERE $2::text IS NULL OR chatkit_threads.owner = $2",
                &[&id, &owner, &created_at, &data],
                &[],
            )
            .await?;
        if written == 0 {
            return Err(StoreError::NotFound(id.to_owned()));
        }
        Ok(())
    }

    async fn load_threads(
        &self,
        limit: usize,
        after: Option<&str>,
        order: Order,
        ctx: &C,
    ) -> Result<Page<ThreadMetadata>, StoreError> {
        let client = self.client().await?;
        load_page(&client, Listing::Threads, ctx.owner(), after, limit, order).await
    }

    async fn delete_thread(&self, thread_id: &str, ctx: &C) -> Result<(), StoreError> {
        let owner = ctx.owner();
        self.execute(
            "DELETE FROM chatkit_threads WHERE id = $1 AND ($2::text IS NULL OR owner = $2)",
            &[&thread_id, &owner],
            &[Some(thread_id), owner],
        )
        .await
        .map(drop)
    }

    async fn load_thread_items(
        &self,
        thread_id: &str,
        after: Option<&str>,
        limit: usize,
        order: Order,
        ctx: &C,
    ) -> Result<Page<ThreadItem>, StoreError> {
        let client = self.client().await?;
        let listing = Listing::Items { thread_id };
        load_page(&client, listing, ctx.owner(), after, limit, order).await
    }

    async fn add_thread_item(
        &self,
        thread_id: &str,
        item: &ThreadItem,
        ctx: &C,
    ) -> Result<(), StoreError> {
        self.write_item(ADD_ITEM, thread_id, item, ctx.owner())
            .await
    }

    async fn save_item(
        &self,
        thread_id: &str,
        item: &ThreadItem,
        ctx: &C,
    ) -> Result<(), StoreError> {
        self.write_item(SAVE_ITEM, thread_id, item, ctx.owner())
            .await
    }

    async fn load_item(
        &self,
        thread_id: &str,
        item_id: &str,
        ctx: &C,
    ) -> Result<ThreadItem, StoreError> {
        let owner = ctx.owner();
        let sql = format!(
            "SELECT data FROM chatkit_items WHERE thread_id = $1 AND id = $2 AND {ITEM_SCOPE}"
        );
        let keys = [Some(thread_id), Some(item_id), owner];
        self.load_row(&sql, &[&thread_id, &item_id, &owner], item_id, &keys)
            .await
    }

    async fn delete_thread_item(
        &self,
        thread_id: &str,
        item_id: &str,
        ctx: &C,
    ) -> Result<(), StoreError> {
        let owner = ctx.owner();
        let sql =
            format!("DELETE FROM chatkit_items WHERE thread_id = $1 AND id = $2 AND {ITEM_SCOPE}");
        let keys = [Some(thread_id), Some(item_id), owner];
        self.execute(&sql, &[&thread_id, &item_id, &owner], &keys)
            .await
            .map(drop)
    }

    async fn save_attachment(&self, attachment: &Attachment, ctx: &C) -> Result<(), StoreError> {
        let owner = ctx.owner();
        // The storage form keeps the server-private `metadata` the wire form drops.
        let (id, data) = (attachment.id(), to_json(&attachment.to_storage_json())?);
        if has_nul(&[Some(id), owner]) {
            return Err(unstorable("the attachment id or owner"));
        }
        let written = self
            .execute(
                "INSERT INTO chatkit_attachments (id, owner, data) VALUES ($1, $2, $3)
                 ON CONFLICT (id) DO UPDATE SET data = excluded.data
                 WHERE $2::text IS NULL OR chatkit_attachments.owner = $2",
                &[&id, &owner, &data],
                &[],
            )
            .await?;
        if written == 0 {
            return Err(StoreError::NotFound(id.to_owned()));
        }
        Ok(())
    }

    async fn load_attachment(
        &self,
        attachment_id: &str,
        ctx: &C,
    ) -> Result<Attachment, StoreError> {
        let owner = ctx.owner();
        self.load_row(
            "SELECT data FROM chatkit_attachments WHERE id = $1 AND ($2::text IS NULL OR owner = $2)",
            &[&attachment_id, &owner],
            attachment_id,
            &[Some(attachment_id), owner],
        )
        .await
    }

    async fn delete_attachment(&self, attachment_id: &str, ctx: &C) -> Result<(), StoreError> {
        let owner = ctx.owner();
        self.execute(
            "DELETE FROM chatkit_attachments WHERE id = $1 AND ($2::text IS NULL OR owner = $2)",
            &[&attachment_id, &owner],
            &[Some(attachment_id), owner],
        )
        .await
        .map(drop)
    }
}
