//! A persistent [`Store`] on SQLite (rusqlite, bundled), so the desktop app keeps its threads
//! across restarts. It follows the same contract as the in-memory store (see the module docs of
//! [`crate::store`]): insertion order, upserts that keep a row's position, unknown cursor ⇒
//! [`StoreError::InvalidCursor`], items of an unknown thread ⇒ an empty page.
//!
//! * Rows are ordered by a monotonic `seq` column and paginated by keyset on it (`seq > ?` /
//!   `seq < ?`, `LIMIT n + 1` for `has_more`), so equal `created_at` values never skip or repeat.
//! * Threads, items and attachments are stored in their wire JSON shape (`data`): new ChatKit
//!   fields need no migration. The `created_at` column is informational and always RFC 3339 UTC;
//!   the JSON keeps the form the value was given in (naive or `Z`), as [`Timestamp`] does.
//! * Schema versions live in [`schema`] and are applied by `PRAGMA user_version` on open.
//!   [`SqliteStore::open_verified`] also runs `PRAGMA integrity_check` first and says whether a
//!   refused file is damaged or only unavailable ([`verify::OpenError`]).
//! * rusqlite is synchronous: one connection per store, and each call runs on the caller's own
//!   thread under a mutex ([`executor`] says why that beats a hop to another thread). With WAL
//!   and `synchronous = NORMAL` a statement does not wait for the disk, except the automatic
//!   checkpoint every ~1000 WAL pages. Every statement is prepared when the store opens and
//!   reused from the connection's cache ([`statements`]). Dropping the last clone of a store
//!   closes its file before the drop returns.
//! * Rows are scoped to the request context's [`StoreScope::owner`] (the rules are in
//!   [`super::scope`]): threads and attachments have an `owner` column (schema 2; `NULL` =
//!   unowned), every statement on them filters on it, and items are reached only through a
//!   thread the owner may see. An unscoped context (the desktop app) sees every row.
//! * Items reference their thread (`ON DELETE CASCADE`): adding or saving an item for a thread
//!   that was never saved fails with [`StoreError::NotFound`].

mod executor;
pub mod schema;
pub mod search;
pub mod set_aside;
mod statements;
pub mod verify;

use super::{page, Store, StoreScope};
use crate::errors::StoreError;
use crate::timestamp::Timestamp;
use crate::types::{Attachment, Order, Page, ThreadItem, ThreadMetadata};
use async_trait::async_trait;
use executor::Executor;
use rusqlite::config::DbConfig;
use rusqlite::{params, Connection, ErrorCode, OptionalExtension};
use serde::de::DeserializeOwned;
use statements as sql;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub use schema::SCHEMA_VERSION;
pub use verify::OpenError;

/// How long a statement waits for another connection's lock (another process on the same file).
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Prepared statements kept per connection: every statement the store issues fits, so none is
/// ever prepared twice (the store's own are prepared at open: [`statements`]).
const STATEMENT_CACHE: usize = 64;

/// SQLite-backed thread, item and attachment-metadata store. Cheap to clone (the clones share
/// one connection).
#[derive(Clone)]
pub struct SqliteStore {
    conn: Executor,
    path: Option<PathBuf>,
}

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteStore")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl SqliteStore {
    /// Open (or create) the database file at `path` and migrate it to [`SCHEMA_VERSION`].
    /// Blocking: call it at startup or from `spawn_blocking`.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, StoreError> {
        let path = path.as_ref().to_path_buf();
        let conn = Connection::open(&path).map_err(other)?;
        Self::init(conn, Some(path))
    }

    /// [`SqliteStore::open`] for a file that must be trusted before it is used: the database
    /// must start with the SQLite header (checked before SQLite touches the file or a `-wal`
    /// beside it) and pass `PRAGMA integrity_check` (before anything is written to it), and a
    /// refusal says whether the file is damaged (not SQLite, corrupt, a newer schema) or only
    /// unavailable. Blocking, and as slow as the integrity check (linear in the file's size).
    pub fn open_verified(path: impl AsRef<Path>) -> Result<Self, OpenError> {
        let path = path.as_ref().to_path_buf();
        verify::check_header(&path)?;
        let mut conn = Connection::open(&path).map_err(|e| OpenError::from_sqlite(&e))?;
        configure(&conn).map_err(|e| OpenError::from_sqlite(&e))?;
        verify::check(&conn)?;
        schema::migrate(&mut conn).map_err(|e| OpenError::from_migration(&e))?;
        Self::wrap(conn, Some(path)).map_err(|e| OpenError::Unavailable(e.to_string()))
    }

    /// A private in-memory database (tests, or an app that does not persist).
    pub fn open_in_memory() -> Result<Self, StoreError> {
        Self::init(Connection::open_in_memory().map_err(other)?, None)
    }

    fn init(mut conn: Connection, path: Option<PathBuf>) -> Result<Self, StoreError> {
        configure(&conn).map_err(other)?;
        schema::migrate(&mut conn).map_err(|e| StoreError::Other(e.to_string()))?;
        Self::wrap(conn, path)
    }

    /// Wrap the configured, migrated connection, its statements prepared ([`statements`]).
    fn wrap(conn: Connection, path: Option<PathBuf>) -> Result<Self, StoreError> {
        sql::prepare_all(&conn).map_err(other)?;
        Ok(Self {
            conn: Executor::new(conn),
            path,
        })
    }

    /// The database file, `None` for an in-memory store.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// `PRAGMA user_version` of the open database (equals [`SCHEMA_VERSION`] after `open`).
    pub async fn schema_version(&self) -> Result<i64, StoreError> {
        self.run(|conn| schema::version(conn).map_err(other)).await
    }

    /// `PRAGMA integrity_check` plus `PRAGMA foreign_key_check`: `Ok(())` when both are clean,
    /// otherwise the problems SQLite reported.
    pub async fn check_integrity(&self) -> Result<(), StoreError> {
        self.run(|conn| {
            let lines = verify::integrity_problems(conn).map_err(other)?;
            if !lines.is_empty() {
                return Err(StoreError::Other(format!(
                    "integrity_check: {}",
                    lines.join("; ")
                )));
            }
            let mut stmt = conn.prepare("PRAGMA foreign_key_check").map_err(other)?;
            let violations = stmt
                .query_map([], |r| r.get::<_, String>(0))
                .map(Iterator::count)
                .map_err(other)?;
            if violations > 0 {
                return Err(StoreError::Other(format!(
                    "foreign_key_check: {violations} rows"
                )));
            }
            Ok(())
        })
        .await
    }

    /// Run `f` with the connection, on the calling thread ([`executor`]).
    async fn run<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, StoreError> + Send + 'static,
    {
        self.conn.run(f).await
    }
}

/// The connection settings every store uses: the busy timeout, WAL (in-memory databases answer
/// "memory" and stay so), foreign keys, and `synchronous = NORMAL` (safe in WAL mode: a crash
/// loses no committed transaction, only power loss can lose the last ones). And the query
/// planner stability guarantee: without it a statement whose plan may depend on a bound value
/// (here `LIMIT ?3`, and any range with bundled SQLite's STAT4) is compiled again on *every*
/// run, which made each page query cost a prepare.
fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
    let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;")
}

fn other(e: impl std::fmt::Display) -> StoreError {
    StoreError::Other(e.to_string())
}

/// Map a failed write: a missing thread (foreign key) ⇒ `NotFound`, a duplicate ⇒ `Other`.
fn write_error(e: rusqlite::Error, thread_id: &str, item_id: &str) -> StoreError {
    if let rusqlite::Error::SqliteFailure(code, _) = &e {
        if code.code == ErrorCode::ConstraintViolation {
            return match code.extended_code {
                rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY => {
                    StoreError::NotFound(thread_id.to_owned())
                }
                rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
                | rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY => StoreError::Other(format!(
                    "item {item_id} already exists in thread {thread_id}"
                )),
                _ => other(e),
            };
        }
    }
    other(e)
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| StoreError::Other(format!("serialize: {e}")))
}

fn from_json<T: DeserializeOwned>(id: &str, data: &str) -> Result<T, StoreError> {
    serde_json::from_str(data).map_err(|e| StoreError::Other(format!("corrupt row {id}: {e}")))
}

/// Execute one (cached) statement, ignoring the row count.
fn execute(conn: &Connection, sql: &str, params: impl rusqlite::Params) -> Result<(), StoreError> {
    conn.prepare_cached(sql)
        .and_then(|mut s| s.execute(params))
        .map(drop)
        .map_err(other)
}

/// The `data` column of the one row `sql` selects, decoded; no row ⇒ `NotFound(id)`.
fn load_row<T: DeserializeOwned>(
    conn: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
    id: &str,
) -> Result<T, StoreError> {
    let data: Option<String> = conn
        .prepare_cached(sql)
        .and_then(|mut s| s.query_row(params, |r| r.get(0)).optional())
        .map_err(other)?;
    match data {
        Some(data) => from_json(id, &data),
        None => Err(StoreError::NotFound(id.to_owned())),
    }
}

/// The `created_at` column: always RFC 3339 UTC, whatever form the JSON keeps.
fn utc_text(ts: Timestamp) -> String {
    ts.with_naive_format(false).to_string()
}

/// Which rows a page is drawn from.
#[derive(Clone, Copy)]
enum Scope<'a> {
    /// The threads `owner` may see (`None` = all of them).
    Threads { owner: Option<&'a str> },
    /// The items of one thread (whose visibility the caller checked).
    Items { thread_id: &'a str },
}

/// Whether a request acting for `owner` may see thread `thread_id` (always, unscoped).
fn thread_visible(
    conn: &Connection,
    thread_id: &str,
    owner: Option<&str>,
) -> Result<bool, StoreError> {
    let Some(owner) = owner else {
        return Ok(true);
    };
    conn.prepare_cached(sql::THREAD_VISIBLE)
        .and_then(|mut s| s.exists(params![thread_id, owner]))
        .map_err(other)
}

/// Run an owned upsert (`sql` inserts the row with its owner, and its `DO UPDATE … WHERE` only
/// updates a row the owner may see). One that changed nothing hit a row of another owner: not
/// found, and the row is never taken over.
fn upsert_owned(
    conn: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
    id: &str,
) -> Result<(), StoreError> {
    let changed = conn
        .prepare_cached(sql)
        .and_then(|mut s| s.execute(params))
        .map_err(other)?;
    if changed == 0 {
        return Err(StoreError::NotFound(id.to_owned()));
    }
    Ok(())
}

/// Keyset pagination on `seq`: resolve the cursor id to its `seq`, then read `limit + 1` rows
/// strictly after it in `order`; the extra row only tells whether more follow.
fn load_page<T: DeserializeOwned>(
    conn: &Connection,
    scope: Scope<'_>,
    after: Option<&str>,
    limit: usize,
    order: Order,
) -> Result<Page<T>, StoreError> {
    let queries = match scope {
        Scope::Threads { owner: None } => &sql::ALL_THREADS,
        Scope::Threads { owner: Some(_) } => &sql::OWNED_THREADS,
        Scope::Items { .. } => &sql::THREAD_ITEMS,
    };
    let scope_arg: Option<&str> = match scope {
        Scope::Threads { owner } => owner,
        Scope::Items { thread_id } => Some(thread_id),
    };
    let start: i64 = match after {
        None => match order {
            Order::Asc => i64::MIN,
            Order::Desc => i64::MAX,
        },
        Some(cursor) => conn
            .prepare_cached(queries.cursor)
            .and_then(|mut s| {
                s.query_row(params![scope_arg, cursor], |r| r.get(0))
                    .optional()
            })
            .map_err(other)?
            .ok_or_else(|| StoreError::InvalidCursor(cursor.to_owned()))?,
    };
    let fetch = i64::try_from(limit)
        .unwrap_or(i64::MAX - 1)
        .saturating_add(1);
    let mut stmt = conn.prepare_cached(queries.rows(order)).map_err(other)?;
    let mut rows: Vec<(String, String)> = stmt
        .query_map(params![scope_arg, start, fetch], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .and_then(|rows| rows.collect())
        .map_err(other)?;
    let has_more = rows.len() > limit;
    rows.truncate(limit);
    decode_page(rows, has_more)
}

/// Decode a page's rows and set the cursor.
fn decode_page<T: DeserializeOwned>(
    rows: Vec<(String, String)>,
    has_more: bool,
) -> Result<Page<T>, StoreError> {
    let last_id = rows.last().map(|(id, _)| id.clone());
    let data = rows
        .iter()
        .map(|(id, data)| from_json(id, data))
        .collect::<Result<Vec<T>, _>>()?;
    Ok(page(data, has_more, last_id))
}

/// What an item row needs besides its keys.
struct ItemRow {
    thread_id: String,
    id: String,
    created_at: String,
    kind: &'static str,
    data: String,
}

impl ItemRow {
    fn new(thread_id: &str, item: &ThreadItem) -> Result<Self, StoreError> {
        Ok(Self {
            thread_id: thread_id.to_owned(),
            id: item.id().to_owned(),
            created_at: utc_text(item.created_at()),
            kind: item.type_name(),
            data: to_json(item)?,
        })
    }

    /// Execute `sql`, an `INSERT INTO items (id, thread_id, created_at, type, data)` form.
    fn write(&self, conn: &Connection, sql: &str) -> Result<(), StoreError> {
        conn.prepare_cached(sql)
            .and_then(|mut s| {
                s.execute(params![
                    self.id,
                    self.thread_id,
                    self.created_at,
                    self.kind,
                    self.data
                ])
            })
            .map(drop)
            .map_err(|e| write_error(e, &self.thread_id, &self.id))
    }
}

#[async_trait]
impl<C: StoreScope + Send + Sync + 'static> Store<C> for SqliteStore {
    async fn load_thread(&self, thread_id: &str, ctx: &C) -> Result<ThreadMetadata, StoreError> {
        let (id, owner) = (thread_id.to_owned(), owner_of(ctx));
        self.run(move |conn| load_row(conn, sql::LOAD_THREAD, params![id, owner], &id))
            .await
    }

    async fn save_thread(&self, thread: &ThreadMetadata, ctx: &C) -> Result<(), StoreError> {
        let (id, created_at, data, owner) = (
            thread.id.clone(),
            utc_text(thread.created_at),
            to_json(thread)?,
            owner_of(ctx),
        );
        self.run(move |conn| {
            upsert_owned(
                conn,
                sql::SAVE_THREAD,
                params![id, created_at, data, owner],
                &id,
            )
        })
        .await
    }

    async fn load_threads(
        &self,
        limit: usize,
        after: Option<&str>,
        order: Order,
        ctx: &C,
    ) -> Result<Page<ThreadMetadata>, StoreError> {
        let (after, owner) = (after.map(str::to_owned), owner_of(ctx));
        self.run(move |conn| {
            let scope = Scope::Threads {
                owner: owner.as_deref(),
            };
            load_page(conn, scope, after.as_deref(), limit, order)
        })
        .await
    }

    async fn delete_thread(&self, thread_id: &str, ctx: &C) -> Result<(), StoreError> {
        let (id, owner) = (thread_id.to_owned(), owner_of(ctx));
        self.run(move |conn| execute(conn, sql::DELETE_THREAD, params![id, owner]))
            .await
    }

    async fn load_thread_items(
        &self,
        thread_id: &str,
        after: Option<&str>,
        limit: usize,
        order: Order,
        ctx: &C,
    ) -> Result<Page<ThreadItem>, StoreError> {
        let (thread_id, after, owner) = (
            thread_id.to_owned(),
            after.map(str::to_owned),
            owner_of(ctx),
        );
        self.run(move |conn| {
            // A thread the owner may not see has no items for it, exactly as an unknown one.
            if !thread_visible(conn, &thread_id, owner.as_deref())? {
                return match after {
                    Some(cursor) => Err(StoreError::InvalidCursor(cursor)),
                    None => Ok(page(Vec::new(), false, None)),
                };
            }
            let scope = Scope::Items {
                thread_id: &thread_id,
            };
            load_page(conn, scope, after.as_deref(), limit, order)
        })
        .await
    }

    async fn add_thread_item(
        &self,
        thread_id: &str,
        item: &ThreadItem,
        ctx: &C,
    ) -> Result<(), StoreError> {
        let (row, owner) = (ItemRow::new(thread_id, item)?, owner_of(ctx));
        self.run(move |conn| {
            if !thread_visible(conn, &row.thread_id, owner.as_deref())? {
                return Err(StoreError::NotFound(row.thread_id));
            }
            row.write(conn, sql::ADD_ITEM)
        })
        .await
    }

    async fn save_item(
        &self,
        thread_id: &str,
        item: &ThreadItem,
        ctx: &C,
    ) -> Result<(), StoreError> {
        let (row, owner) = (ItemRow::new(thread_id, item)?, owner_of(ctx));
        self.run(move |conn| {
            if !thread_visible(conn, &row.thread_id, owner.as_deref())? {
                return Err(StoreError::NotFound(row.thread_id));
            }
            row.write(conn, sql::SAVE_ITEM)
        })
        .await
    }

    async fn load_item(
        &self,
        thread_id: &str,
        item_id: &str,
        ctx: &C,
    ) -> Result<ThreadItem, StoreError> {
        let (thread_id, id, owner) = (thread_id.to_owned(), item_id.to_owned(), owner_of(ctx));
        self.run(move |conn| {
            if !thread_visible(conn, &thread_id, owner.as_deref())? {
                return Err(StoreError::NotFound(id));
            }
            load_row(conn, sql::LOAD_ITEM, [&thread_id, &id], &id)
        })
        .await
    }

    async fn delete_thread_item(
        &self,
        thread_id: &str,
        item_id: &str,
        ctx: &C,
    ) -> Result<(), StoreError> {
        let (thread_id, id, owner) = (thread_id.to_owned(), item_id.to_owned(), owner_of(ctx));
        self.run(move |conn| {
            if !thread_visible(conn, &thread_id, owner.as_deref())? {
                return Ok(());
            }
            execute(conn, sql::DELETE_ITEM, [&thread_id, &id])
        })
        .await
    }

    async fn save_attachment(&self, attachment: &Attachment, ctx: &C) -> Result<(), StoreError> {
        // The storage form keeps the server-private `metadata` the wire form drops.
        let (id, data, owner) = (
            attachment.id().to_owned(),
            to_json(&attachment.to_storage_json())?,
            owner_of(ctx),
        );
        self.run(move |conn| {
            upsert_owned(conn, sql::SAVE_ATTACHMENT, params![id, data, owner], &id)
        })
        .await
    }

    async fn load_attachment(
        &self,
        attachment_id: &str,
        ctx: &C,
    ) -> Result<Attachment, StoreError> {
        let (id, owner) = (attachment_id.to_owned(), owner_of(ctx));
        self.run(move |conn| load_row(conn, sql::LOAD_ATTACHMENT, params![id, owner], &id))
            .await
    }

    async fn delete_attachment(&self, attachment_id: &str, ctx: &C) -> Result<(), StoreError> {
        let (id, owner) = (attachment_id.to_owned(), owner_of(ctx));
        self.run(move |conn| execute(conn, sql::DELETE_ATTACHMENT, params![id, owner]))
            .await
    }
}

/// The request's owner, owned so it can move onto the store's thread.
fn owner_of<C: StoreScope>(ctx: &C) -> Option<String> {
    ctx.owner().map(str::to_owned)
}
