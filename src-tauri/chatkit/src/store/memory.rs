//! An in-memory [`Store`]: the reference test store's behaviour (src-tauri/chatkit/tests/fixtures/README.md §5) —
//! insertion order, in-place upserts, unknown cursor ⇒ error. Used by tests and the
//! conformance runner; also handy for an app that does not need persistence.
//!
//! Scoping ([`super::scope`]): every thread and attachment row keeps the owner it was created
//! for; a scoped context sees only its own rows, and items only through a thread it owns.

use super::{page, Store, StoreScope};
use crate::errors::StoreError;
use crate::types::{Attachment, Order, Page, ThreadItem, ThreadMetadata};
use async_trait::async_trait;
use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

/// A thread or attachment with the owner it was created for (`None` = unowned).
#[derive(Clone)]
struct Owned<T> {
    owner: Option<String>,
    row: T,
}

impl<T> Owned<T> {
    /// Whether a request acting for `owner` sees this row (unscoped requests see every row).
    fn visible_to(&self, owner: Option<&str>) -> bool {
        owner.is_none() || self.owner.as_deref() == owner
    }
}

#[derive(Default)]
struct Inner {
    threads: Vec<Owned<ThreadMetadata>>,
    items: HashMap<String, Vec<ThreadItem>>,
    attachments: Vec<Owned<Attachment>>,
}

impl Inner {
    /// The thread `thread_id` if `owner` may see it.
    fn thread(&self, thread_id: &str, owner: Option<&str>) -> Option<&ThreadMetadata> {
        self.threads
            .iter()
            .find(|t| t.row.id == thread_id && t.visible_to(owner))
            .map(|t| &t.row)
    }

    /// Whether `owner` may reach the items of `thread_id`. Unscoped requests reach any thread's
    /// (as before users existed, even one never saved); a user only those of its own threads.
    fn reaches_items(&self, thread_id: &str, owner: Option<&str>) -> bool {
        owner.is_none() || self.thread(thread_id, owner).is_some()
    }

    /// The items of `thread_id` if `owner` may reach them (see [`Inner::reaches_items`]).
    fn items_of(&mut self, thread_id: &str, owner: Option<&str>) -> Option<&mut Vec<ThreadItem>> {
        if !self.reaches_items(thread_id, owner) {
            return None;
        }
        Some(self.items.entry(thread_id.to_owned()).or_default())
    }
}

/// Thread-safe in-memory store, scoped by the request context's [`StoreScope::owner`].
#[derive(Default)]
pub struct MemoryStore {
    inner: Mutex<Inner>,
}

impl MemoryStore {
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Paginate `rows` (in insertion order) per the trait's contract.
pub fn paginate<T: Clone>(
    rows: &[T],
    id_of: impl Fn(&T) -> &str,
    after: Option<&str>,
    limit: usize,
    order: Order,
) -> Result<Page<T>, StoreError> {
    let ordered: Vec<&T> = match order {
        Order::Asc => rows.iter().collect(),
        Order::Desc => rows.iter().rev().collect(),
    };
    let start = match after {
        None => 0,
        Some(cursor) => {
            ordered
                .iter()
                .position(|r| id_of(r) == cursor)
                .ok_or_else(|| StoreError::InvalidCursor(cursor.to_owned()))?
                + 1
        }
    };
    let data: Vec<T> = ordered
        .iter()
        .skip(start)
        .take(limit)
        .map(|r| (*r).clone())
        .collect();
    let has_more = start + data.len() < ordered.len();
    let last_id = data.last().map(|r| id_of(r).to_owned());
    Ok(page(data, has_more, last_id))
}

/// Replace the row with `row`'s id in place, or append it (the contract's upsert rule).
fn upsert<T: Clone>(rows: &mut Vec<T>, row: &T, id_of: impl Fn(&T) -> &str) {
    match rows.iter_mut().find(|r| id_of(r) == id_of(row)) {
        Some(existing) => *existing = row.clone(),
        None => rows.push(row.clone()),
    }
}

/// [`upsert`] of an owned row: a new row is owned by `owner`; an existing one keeps its owner
/// and is replaced only when `owner` may see it, else `NotFound` (a row is never taken over).
fn upsert_owned<T: Clone>(
    rows: &mut Vec<Owned<T>>,
    row: &T,
    owner: Option<&str>,
    id_of: impl Fn(&T) -> &str,
) -> Result<(), StoreError> {
    match rows.iter_mut().find(|r| id_of(&r.row) == id_of(row)) {
        Some(existing) if existing.visible_to(owner) => existing.row = row.clone(),
        Some(_) => return Err(StoreError::NotFound(id_of(row).to_owned())),
        None => rows.push(Owned {
            owner: owner.map(str::to_owned),
            row: row.clone(),
        }),
    }
    Ok(())
}

#[async_trait]
impl<C: StoreScope + Send + Sync + 'static> Store<C> for MemoryStore {
    async fn load_thread(&self, thread_id: &str, ctx: &C) -> Result<ThreadMetadata, StoreError> {
        self.lock()
            .thread(thread_id, ctx.owner())
            .cloned()
            .ok_or_else(|| StoreError::NotFound(thread_id.into()))
    }

    async fn save_thread(&self, thread: &ThreadMetadata, ctx: &C) -> Result<(), StoreError> {
        upsert_owned(&mut self.lock().threads, thread, ctx.owner(), |t| &t.id)
    }

    async fn load_threads(
        &self,
        limit: usize,
        after: Option<&str>,
        order: Order,
        ctx: &C,
    ) -> Result<Page<ThreadMetadata>, StoreError> {
        let inner = self.lock();
        let visible: Vec<&ThreadMetadata> = inner
            .threads
            .iter()
            .filter(|t| t.visible_to(ctx.owner()))
            .map(|t| &t.row)
            .collect();
        let page = paginate(&visible, |t| &t.id, after, limit, order)?;
        Ok(Page {
            data: page.data.into_iter().cloned().collect(),
            has_more: page.has_more,
            after: page.after,
        })
    }

    async fn delete_thread(&self, thread_id: &str, ctx: &C) -> Result<(), StoreError> {
        let mut inner = self.lock();
        if inner.thread(thread_id, ctx.owner()).is_some() {
            inner.threads.retain(|t| t.row.id != thread_id);
            inner.items.remove(thread_id);
        }
        Ok(())
    }

    async fn load_thread_items(
        &self,
        thread_id: &str,
        after: Option<&str>,
        limit: usize,
        order: Order,
        ctx: &C,
    ) -> Result<Page<ThreadItem>, StoreError> {
        let inner = self.lock();
        let rows = match inner.reaches_items(thread_id, ctx.owner()) {
            true => inner.items.get(thread_id).map(Vec::as_slice).unwrap_or(&[]),
            false => &[],
        };
        paginate(rows, |i| i.id(), after, limit, order)
    }

    async fn add_thread_item(
        &self,
        thread_id: &str,
        item: &ThreadItem,
        ctx: &C,
    ) -> Result<(), StoreError> {
        self.lock()
            .items_of(thread_id, ctx.owner())
            .ok_or_else(|| StoreError::NotFound(thread_id.into()))?
            .push(item.clone());
        Ok(())
    }

    async fn save_item(
        &self,
        thread_id: &str,
        item: &ThreadItem,
        ctx: &C,
    ) -> Result<(), StoreError> {
        let mut inner = self.lock();
        let rows = inner
            .items_of(thread_id, ctx.owner())
            .ok_or_else(|| StoreError::NotFound(thread_id.into()))?;
        upsert(rows, item, ThreadItem::id);
        Ok(())
    }

    async fn load_item(
        &self,
        thread_id: &str,
        item_id: &str,
        ctx: &C,
    ) -> Result<ThreadItem, StoreError> {
        let inner = self.lock();
        Some(&*inner)
            .filter(|inner| inner.reaches_items(thread_id, ctx.owner()))
            .and_then(|inner| inner.items.get(thread_id))
            .and_then(|rows| rows.iter().find(|i| i.id() == item_id).cloned())
            .ok_or_else(|| StoreError::NotFound(item_id.into()))
    }

    async fn delete_thread_item(
        &self,
        thread_id: &str,
        item_id: &str,
        ctx: &C,
    ) -> Result<(), StoreError> {
        if let Some(rows) = self.lock().items_of(thread_id, ctx.owner()) {
            rows.retain(|i| i.id() != item_id);
        }
        Ok(())
    }

    async fn save_attachment(&self, attachment: &Attachment, ctx: &C) -> Result<(), StoreError> {
        upsert_owned(
            &mut self.lock().attachments,
            attachment,
            ctx.owner(),
            Attachment::id,
        )
    }

    async fn load_attachment(
        &self,
        attachment_id: &str,
        ctx: &C,
    ) -> Result<Attachment, StoreError> {
        self.lock()
            .attachments
            .iter()
            .find(|a| a.row.id() == attachment_id && a.visible_to(ctx.owner()))
            .map(|a| a.row.clone())
            .ok_or_else(|| StoreError::NotFound(attachment_id.into()))
    }

    async fn delete_attachment(&self, attachment_id: &str, ctx: &C) -> Result<(), StoreError> {
        self.lock()
            .attachments
            .retain(|a| a.row.id() != attachment_id || !a.visible_to(ctx.owner()));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paginate_contract() {
        let rows: Vec<String> = (1..=5).map(|i| format!("r{i}")).collect();
        fn id(r: &String) -> &str {
            r
        }
        let p = paginate(&rows, id, None, 2, Order::Desc).unwrap();
        assert_eq!(p.data, vec!["r5", "r4"]);
        assert!(p.has_more);
        assert_eq!(p.after.as_deref(), Some("r4"));
        let p = paginate(&rows, id, Some("r2"), 20, Order::Desc).unwrap();
        assert_eq!(p.data, vec!["r1"]);
        assert!(!p.has_more);
        assert_eq!(p.after, None);
        let p = paginate(&rows, id, Some("r3"), 2, Order::Asc).unwrap();
        assert_eq!(p.data, vec!["r4", "r5"]);
        assert!(!p.has_more);
        assert!(matches!(
            paginate(&rows, id, Some("zz"), 2, Order::Asc),
            Err(StoreError::InvalidCursor(_))
        ));
    }
}
