//! Persistence interfaces the server talks to: [`Store`] (threads, items, attachment metadata)
//! and [`AttachmentStore`] (attachment bytes, two-phase uploads), plus the in-memory store.
//! Every method gets the per-request context `&C` (user id, tenant …) for isolation.
//!
//! # Pagination contract (`load_threads`, `load_thread_items`)
//!
//! * Rows are ordered by insertion (creation) order: `Asc` = oldest first, `Desc` = newest first.
//!   Timestamps may be equal, so use a monotonic sequence, not `created_at`, to order rows.
//! * If `after` is `Some(id)`, the page starts right after the row with that id in that order;
//!   an `after` that names no row is an error ([`StoreError::InvalidCursor`]).
//! * At most `limit` rows are returned (the server never passes 0; it substitutes 20).
//! * `has_more` = more rows follow; `after` in the result = id of the last returned row when
//!   `has_more`, else `None`.
//! * Item pages include hidden items (`hidden_context_item`, `sdk_hidden_context`); the server
//!   filters them for clients afterwards. Items of an unknown thread ⇒ an empty page, not an error.
//!
//! # Upserts keep their position
//!
//! `save_thread` and `save_item` replace an existing row **in place** (its position in the order
//! does not change) or append a new one; `add_thread_item` always appends.

pub mod blobs;
pub mod memory;
pub mod scope;
pub mod sqlite;

use crate::errors::StoreError;
use crate::types::{Attachment, CreateAttachmentParams, Order, Page, ThreadItem, ThreadMetadata};
use async_trait::async_trait;

pub use memory::MemoryStore;
pub use scope::StoreScope;

/// A page per the contract: `after` is the id of the last returned row when `has_more`, else
/// `None`. Both stores build their pages here.
pub(crate) fn page<T>(data: Vec<T>, has_more: bool, last_id: Option<String>) -> Page<T> {
    let after = if has_more { last_id } else { None };
    Page {
        data,
        has_more,
        after,
    }
}

/// Thread, item and attachment-metadata storage.
#[async_trait]
pub trait Store<C: Send + Sync + 'static>: Send + Sync + 'static {
    /// Load a thread; unknown id ⇒ [`StoreError::NotFound`].
    async fn load_thread(&self, thread_id: &str, ctx: &C) -> Result<ThreadMetadata, StoreError>;
    /// Insert or update (in place) a thread, including its server-private `metadata`.
    async fn save_thread(&self, thread: &ThreadMetadata, ctx: &C) -> Result<(), StoreError>;
    /// A page of threads (see the pagination contract).
    async fn load_threads(
        &self,
        limit: usize,
        after: Option<&str>,
        order: Order,
        ctx: &C,
    ) -> Result<Page<ThreadMetadata>, StoreError>;
    /// Delete a thread and its items; unknown id ⇒ no-op.
    async fn delete_thread(&self, thread_id: &str, ctx: &C) -> Result<(), StoreError>;

    /// A page of a thread's items, hidden ones included (see the pagination contract).
    async fn load_thread_items(
        &self,
        thread_id: &str,
        after: Option<&str>,
        limit: usize,
        order: Order,
        ctx: &C,
    ) -> Result<Page<ThreadItem>, StoreError>;
    /// Append a new item.
    async fn add_thread_item(
        &self,
        thread_id: &str,
        item: &ThreadItem,
        ctx: &C,
    ) -> Result<(), StoreError>;
    /// Replace the item with the same id in place, or append it if there is none.
    async fn save_item(
        &self,
        thread_id: &str,
        item: &ThreadItem,
        ctx: &C,
    ) -> Result<(), StoreError>;
    /// Load one item; unknown ⇒ [`StoreError::NotFound`].
    async fn load_item(
        &self,
        thread_id: &str,
        item_id: &str,
        ctx: &C,
    ) -> Result<ThreadItem, StoreError>;
    /// Delete one item; unknown ⇒ no-op.
    async fn delete_thread_item(
        &self,
        thread_id: &str,
        item_id: &str,
        ctx: &C,
    ) -> Result<(), StoreError>;

    /// Insert or replace attachment metadata. `serde_json::to_value(attachment)` omits the
    /// server-private `metadata`; persist [`Attachment::to_storage_json`] to keep it.
    async fn save_attachment(&self, attachment: &Attachment, ctx: &C) -> Result<(), StoreError>;
    /// Load attachment metadata; unknown ⇒ [`StoreError::NotFound`].
    async fn load_attachment(&self, attachment_id: &str, ctx: &C)
        -> Result<Attachment, StoreError>;
    /// Delete attachment metadata; unknown ⇒ no-op.
    async fn delete_attachment(&self, attachment_id: &str, ctx: &C) -> Result<(), StoreError>;
}

/// Attachment bytes. Required for `attachments.create` / `attachments.delete`.
#[async_trait]
pub trait AttachmentStore<C: Send + Sync + 'static>: Send + Sync + 'static {
    /// Phase 1 of a two-phase upload: describe where the client uploads the bytes. `id` was
    /// allocated by the server (`atc_…`). Do not save the metadata: the server does.
    async fn create_attachment(
        &self,
        id: String,
        params: &CreateAttachmentParams,
        ctx: &C,
    ) -> Result<Attachment, StoreError>;
    /// Delete the stored bytes; unknown id ⇒ [`StoreError::NotFound`].
    async fn delete_attachment(&self, attachment_id: &str, ctx: &C) -> Result<(), StoreError>;
}
