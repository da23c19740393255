//! Every statement the store's [`Store`](crate::store::Store) methods run, as `&'static str`,
//! and [`prepare_all`], which puts them all in the connection's statement cache when the store
//! opens.
//!
//! Why: a statement is compiled on its first use on a connection (`prepare_cached`), and
//! compiling costs about as much as running it several times. The app keeps one store for its
//! whole run, so it compiled each statement once anyway, on the first request that needed it;
//! preparing them at open does the same work once, at start-up, instead of inside the first
//! requests (about 0.3 ms in all), and a fresh store answers its first requests at the speed of
//! its later ones. The page queries are spelled out per table and order (no `format!` per page).

use crate::types::Order;
use rusqlite::Connection;

pub(super) const LOAD_THREAD: &str =
    "SELECT data FROM threads WHERE id = ?1 AND (?2 IS NULL OR owner = ?2)";
pub(super) const SAVE_THREAD: &str =
    "INSERT INTO threads (id, created_at, data, owner) VALUES (?1, ?2, ?3, ?4)
     ON CONFLICT (id) DO UPDATE SET created_at = excluded.created_at, data = excluded.data
     WHERE ?4 IS NULL OR threads.owner = ?4";
pub(super) const DELETE_THREAD: &str =
    "DELETE FROM threads WHERE id = ?1 AND (?2 IS NULL OR owner = ?2)";
pub(super) const THREAD_VISIBLE: &str = "SELECT 1 FROM threads WHERE id = ?1 AND owner = ?2";
pub(super) const ADD_ITEM: &str =
    "INSERT INTO items (id, thread_id, created_at, type, data) VALUES (?1, ?2, ?3, ?4, ?5)";
pub(super) const SAVE_ITEM: &str =
    "INSERT INTO items (id, thread_id, created_at, type, data) VALUES (?1, ?2, ?3, ?4, ?5)
     ON CONFLICT (thread_id, id) DO UPDATE SET
         created_at = excluded.created_at, type = excluded.type, data = excluded.data";
pub(super) const LOAD_ITEM: &str = "SELECT data FROM items WHERE thread_id = ?1 AND id = ?2";
pub(super) const DELETE_ITEM: &str = "DELETE FROM items WHERE thread_id = ?1 AND id = ?2";
pub(super) const SAVE_ATTACHMENT: &str =
    "INSERT INTO attachments (id, data, owner) VALUES (?1, ?2, ?3)
     ON CONFLICT (id) DO UPDATE SET data = excluded.data
     WHERE ?3 IS NULL OR attachments.owner = ?3";
pub(super) const LOAD_ATTACHMENT: &str =
    "SELECT data FROM attachments WHERE id = ?1 AND (?2 IS NULL OR owner = ?2)";
pub(super) const DELETE_ATTACHMENT: &str =
    "DELETE FROM attachments WHERE id = ?1 AND (?2 IS NULL OR owner = ?2)";

/// The keyset page queries over one set of rows; `?1` is the filter's argument (an owner or a
/// thread id).
pub(super) struct PageSql {
    /// The cursor id's `seq` (`?2` = the id).
    pub cursor: &'static str,
    /// `limit` (`?3`) rows after `seq` `?2`, oldest first.
    pub asc: &'static str,
    /// The same, newest first (`seq < ?2`).
    pub desc: &'static str,
}

impl PageSql {
    pub fn rows(&self, order: Order) -> &'static str {
        match order {
            Order::Asc => self.asc,
            Order::Desc => self.desc,
        }
    }
}

macro_rules! page_sql {
    ($table:literal, $filter:literal) => {
        PageSql {
            cursor: concat!(
                "SELECT seq FROM ",
                $table,
                " WHERE ",
                $filter,
                " AND id = ?2"
            ),
            asc: concat!(
                "SELECT id, data FROM ",
                $table,
                " WHERE ",
                $filter,
                " AND seq > ?2 ORDER BY seq ASC LIMIT ?3"
            ),
            desc: concat!(
                "SELECT id, data FROM ",
                $table,
                " WHERE ",
                $filter,
                " AND seq < ?2 ORDER BY seq DESC LIMIT ?3"
            ),
        }
    };
}

/// Every thread (an unscoped context).
pub(super) const ALL_THREADS: PageSql = page_sql!("threads", "?1 IS NULL");
/// The threads of owner `?1`.
pub(super) const OWNED_THREADS: PageSql = page_sql!("threads", "owner = ?1");
/// The items of thread `?1`.
pub(super) const THREAD_ITEMS: PageSql = page_sql!("items", "thread_id = ?1");

/// Prepare every statement above into the connection's statement cache.
pub(super) fn prepare_all(conn: &Connection) -> rusqlite::Result<()> {
    let single = [
        LOAD_THREAD,
        SAVE_THREAD,
        DELETE_THREAD,
        THREAD_VISIBLE,
        ADD_ITEM,
        SAVE_ITEM,
        LOAD_ITEM,
        DELETE_ITEM,
        SAVE_ATTACHMENT,
        LOAD_ATTACHMENT,
        DELETE_ATTACHMENT,
    ];
    let pages = [ALL_THREADS, OWNED_THREADS, THREAD_ITEMS];
    let paged = pages.iter().flat_map(|p| [p.cursor, p.asc, p.desc]);
    for sql in single.into_iter().chain(paged) {
        conn.prepare_cached(sql)?;
    }
    Ok(())
}
