//! An in-memory [`Store`]: the reference test store's behaviour (src-tauri/chatkit/tests/fixtures/README.md §5) —
//! insertion order, in-place upserts, unknown cursor ⇒ error. Used by tests and the
//! conformance runner; also handy for an app that does not need persistence.

use super::{page, Store};
use crate::errors::StoreError;
use crate::types::{Attachment, Order, Page, ThreadItem, ThreadMetadata};
use async_trait::async_trait;
use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

#[derive(Default)]
struct Inner {
    threads: Vec<ThreadMetadata>,
    items: HashMap<String, Vec<ThreadItem>>,
    attachments: Vec<Attachment>,
}

/// Thread-safe in-memory store; ignores the request context.
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

#[async_trait]
impl<C: Send + Sync + 'static> Store<C> for MemoryStore {
    async fn load_thread(&self, thread_id: &str, _ctx: &C) -> Result<ThreadMetadata, StoreError> {
        self.lock()
            .threads
            .iter()
            .find(|t| t.id == thread_id)
            .cloned()
            .ok_or_else(|| StoreError::NotFound(thread_id.into()))
    }

    async fn save_thread(&self, thread: &ThreadMetadata, _ctx: &C) -> Result<(), StoreError> {
        upsert(&mut self.lock().threads, thread, |t| &t.id);
        Ok(())
    }

    async fn load_threads(
        &self,
        limit: usize,
        after: Option<&str>,
        order: Order,
        _ctx: &C,
    ) -> Result<Page<ThreadMetadata>, StoreError> {
        paginate(&self.lock().threads, |t| &t.id, after, limit, order)
    }

    async fn delete_thread(&self, thread_id: &str, _ctx: &C) -> Result<(), StoreError> {
        let mut inner = self.lock();
        inner.threads.retain(|t| t.id != thread_id);
        inner.items.remove(thread_id);
        Ok(())
    }

    async fn load_thread_items(
        &self,
        thread_id: &str,
        after: Option<&str>,
        limit: usize,
        order: Order,
        _ctx: &C,
    ) -> Result<Page<ThreadItem>, StoreError> {
        let inner = self.lock();
        let rows = inner.items.get(thread_id).map(Vec::as_slice).unwrap_or(&[]);
        paginate(rows, |i| i.id(), after, limit, order)
    }

    async fn add_thread_item(
        &self,
        thread_id: &str,
        item: &ThreadItem,
        _ctx: &C,
    ) -> Result<(), StoreError> {
        self.lock()
            .items
            .entry(thread_id.to_owned())
            .or_default()
            .push(item.clone());
        Ok(())
    }

    async fn save_item(
        &self,
        thread_id: &str,
        item: &ThreadItem,
        _ctx: &C,
    ) -> Result<(), StoreError> {
        let mut inner = self.lock();
        upsert(
            inner.items.entry(thread_id.to_owned()).or_default(),
            item,
            ThreadItem::id,
        );
        Ok(())
    }

    async fn load_item(
        &self,
        thread_id: &str,
        item_id: &str,
        _ctx: &C,
    ) -> Result<ThreadItem, StoreError> {
        self.lock()
            .items
            .get(thread_id)
            .and_then(|rows| rows.iter().find(|i| i.id() == item_id).cloned())
            .ok_or_else(|| StoreError::NotFound(item_id.into()))
    }

    async fn delete_thread_item(
        &self,
        thread_id: &str,
        item_id: &str,
        _ctx: &C,
    ) -> Result<(), StoreError> {
        if let Some(rows) = self.lock().items.get_mut(thread_id) {
            rows.retain(|i| i.id() != item_id);
        }
        Ok(())
    }

    async fn save_attachment(&self, attachment: &Attachment, _ctx: &C) -> Result<(), StoreError> {
        upsert(&mut self.lock().attachments, attachment, Attachment::id);
        Ok(())
    }

    async fn load_attachment(
        &self,
        attachment_id: &str,
        _ctx: &C,
    ) -> Result<Attachment, StoreError> {
        self.lock()
            .attachments
            .iter()
            .find(|a| a.id() == attachment_id)
            .cloned()
            .ok_or_else(|| StoreError::NotFound(attachment_id.into()))
    }

    async fn delete_attachment(&self, attachment_id: &str, _ctx: &C) -> Result<(), StoreError> {
        self.lock().attachments.retain(|a| a.id() != attachment_id);
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
