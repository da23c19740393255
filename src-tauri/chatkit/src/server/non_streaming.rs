//! The ten non-streaming request types (docs/PROTOCOL.md §2.2): each returns one JSON body.

use super::responder::AudioInput;
use super::{ChatKitServer, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE};
use crate::errors::ChatKitError;
use crate::ids::IdKind;
use crate::types::*;
use base64::Engine as _;
use serde::Serialize;
use std::sync::Arc;

fn to_body<T: Serialize>(value: &T) -> Result<Vec<u8>, ChatKitError> {
    serde_json::to_vec(value)
        .map_err(|e| ChatKitError::internal(format!("serializing the response failed: {e}")))
}

const EMPTY: &[u8] = b"{}";

/// `limit or 20`, as the reference passes it to its store, clamped to [`MAX_PAGE_SIZE`] (the
/// reference does not clamp; docs/PROTOCOL.md §12). A negative limit is a valid request whose
/// meaning the reference leaves to the store; here it also gets the default page size.
pub(super) fn page_size(limit: Option<i64>) -> usize {
    match limit.and_then(|n| usize::try_from(n).ok()) {
        None | Some(0) => DEFAULT_PAGE_SIZE,
        Some(n) => n.min(MAX_PAGE_SIZE),
    }
}

impl<C: Send + Sync + 'static> ChatKitServer<C> {
    pub(super) async fn handle_non_streaming(
        &self,
        request: ChatKitRequest,
        ctx: Arc<C>,
    ) -> Result<Vec<u8>, ChatKitError> {
        let store = &self.store;
        match request {
            ChatKitRequest::GetThread(p) => {
                let thread = store.load_thread(&p.thread_id, &ctx).await?;
                let mut items = store
                    .load_thread_items(&thread.id, None, DEFAULT_PAGE_SIZE, Order::Asc, &ctx)
                    .await?;
                items.data.retain(|i| !i.is_hidden());
                to_body(&thread.to_thread(items))
            }
            ChatKitRequest::ListThreads(p) => {
                let page = store
                    .load_threads(page_size(p.limit), p.after.as_deref(), p.order, &ctx)
                    .await?;
                to_body(&page.map(|t| t.to_thread(Page::default())))
            }
            ChatKitRequest::UpdateThread(p) => {
                let mut thread = store.load_thread(&p.thread_id, &ctx).await?;
                thread.title = Some(p.title);
                store.save_thread(&thread, &ctx).await?;
                to_body(&thread.to_thread(Page::default()))
            }
            ChatKitRequest::DeleteThread(p) => {
                store.delete_thread(&p.thread_id, &ctx).await?;
                Ok(EMPTY.to_vec())
            }
            ChatKitRequest::ListItems(p) => {
                let mut page = store
                    .load_thread_items(
                        &p.thread_id,
                        p.after.as_deref(),
                        page_size(p.limit),
                        p.order,
                        &ctx,
                    )
                    .await?;
                page.data.retain(|i| !i.is_hidden());
                to_body(&page)
            }
            ChatKitRequest::Feedback(p) => {
                self.responder
                    .add_feedback(&p.thread_id, &p.item_ids, p.kind, &ctx)
                    .await?;
                Ok(EMPTY.to_vec())
            }
            ChatKitRequest::CreateAttachment(p) => {
                let blobs = self
                    .attachments
                    .as_ref()
                    .ok_or_else(|| ChatKitError::internal("no attachment store configured"))?;
                let id = self.ids.generate(IdKind::Attachment);
                let attachment = blobs.create_attachment(id, &p, &ctx).await?;
                store.save_attachment(&attachment, &ctx).await?;
                to_body(&attachment)
            }
            ChatKitRequest::DeleteAttachment(p) => {
                let blobs = self
                    .attachments
                    .as_ref()
                    .ok_or_else(|| ChatKitError::internal("no attachment store configured"))?;
                blobs.delete_attachment(&p.attachment_id, &ctx).await?;
                store.delete_attachment(&p.attachment_id, &ctx).await?;
                Ok(EMPTY.to_vec())
            }
            ChatKitRequest::Transcribe(p) => {
                let data = base64::engine::general_purpose::STANDARD
                    .decode(p.audio_base64.as_bytes())
                    .map_err(|e| {
                        ChatKitError::invalid_request(format!("audio_base64 is not base64: {e}"))
                    })?;
                let text = self
                    .responder
                    .transcribe(
                        AudioInput {
                            data,
                            mime_type: p.mime_type,
                        },
                        &ctx,
                    )
                    .await?;
                to_body(&serde_json::json!({ "text": text }))
            }
            ChatKitRequest::SyncCustomAction(p) => {
                let thread = store.load_thread(&p.thread_id, &ctx).await?;
                let sender = match &p.item_id {
                    None => None,
                    Some(item_id) => match store.load_item(&thread.id, item_id, &ctx).await? {
                        ThreadItem::Widget(widget) => Some(widget),
                        other => {
                            return Err(ChatKitError::invalid_request(format!(
                                "sync action sender {item_id} is a {} item, not a widget",
                                other.type_name()
                            )))
                        }
                    },
                };
                let turn = self.turn(thread, ctx);
                match self.responder.sync_action(turn, p.action, sender).await? {
                    Some(item) => to_body(&serde_json::json!({ "updated_item": item })),
                    None => Ok(EMPTY.to_vec()),
                }
            }
            other => Err(ChatKitError::internal(format!(
                "{other:?} is a streaming request"
            ))),
        }
    }
}
