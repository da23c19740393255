//! The app's attachment store: where the composer's uploads go without HTTP (Contract 9).
//!
//! Why: the desktop app never opens a port (decision 2), yet ChatKit's attachments are a
//! two-phase upload — `attachments.create` hands out an `upload_descriptor`, then the client sends
//! the bytes there. Here the descriptor names an app-internal URL
//! (`shopdesk-ipc://attachments/<id>/upload`) that the page's transport recognises and answers
//! with the `attachment_upload` command, in chunks (so the composer can show real progress);
//! `attachment_preview` gives the bytes of an uploaded image back for a thumbnail. The rules are
//! chatkit's, shared with `shopdesk-server` (`chatkit::store::blobs`): ids are validated before
//! any file is named, bytes live under `<data dir>/attachments/` as `0600` files named by id, an
//! upload is at most [`MAX_ATTACHMENT_BYTES`] and exactly the size declared at create, it is
//! accepted once (its descriptor is cleared when complete), and only raster images preview.

use std::path::Path;
use std::sync::Arc;

use async_trait::async_trait;
use chatkit::store::blobs::{
    is_preview_type, AttachmentId, BlobDir, ChunkError, MAX_ATTACHMENT_BYTES,
};
use chatkit::types::{Attachment, CreateAttachmentParams, UploadDescriptor, UploadMethod};
use chatkit::{AttachmentStore, Store, StoreError};
use serde::Serialize;

use crate::error::AppError;
use crate::state::RequestContext;

/// The scheme of the URLs this store hands out; nothing outside the page's transport reads them.
pub const APP_URL_PREFIX: &str = "shopdesk-ipc://attachments/";

/// Largest chunk one `attachment_upload` call may carry (the page sends 256 KiB).
pub const MAX_CHUNK_BYTES: usize = 4 * 1024 * 1024;

/// The app's [`AttachmentStore`]: bytes in the data directory, uploads over IPC.
#[derive(Debug, Clone)]
pub struct AppAttachments {
    blobs: Arc<BlobDir>,
}

/// What an `attachment_upload` call answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UploadProgress {
    /// Bytes received so far.
    pub received: u64,
    /// The size declared at `attachments.create`.
    pub total: u64,
    /// Whether the upload is complete (the attachment can be sent).
    pub complete: bool,
}

impl AppAttachments {
    /// Attachments under `data_dir/attachments` (created `0700`).
    pub fn open(data_dir: &Path) -> std::io::Result<Self> {
        Ok(Self {
            blobs: Arc::new(BlobDir::open(&data_dir.join("attachments"))?),
        })
    }

    /// The directory of bytes (the assistant reads images from it for the model).
    pub fn blobs(&self) -> Arc<BlobDir> {
        self.blobs.clone()
    }

    /// Accepts bytes `offset..offset+chunk.len()` of attachment `raw_id`.
    pub async fn upload_chunk(
        &self,
        store: &dyn Store<RequestContext>,
        raw_id: &str,
        offset: u64,
        chunk: Vec<u8>,
    ) -> Result<UploadProgress, AppError> {
        if chunk.len() > MAX_CHUNK_BYTES {
            return Err(AppError::InvalidRequest(format!(
                "an upload chunk is at most {MAX_CHUNK_BYTES} bytes"
            )));
        }
        let (id, mut attachment) = known(store, raw_id).await?;
        if attachment.upload_descriptor_mut().is_none() {
            return Err(AppError::InvalidRequest(
                "this attachment was uploaded already".into(),
            ));
        }
        let total = attachment
            .declared_size()
            .ok_or_else(|| AppError::Internal("the attachment has no declared size".into()))?;
        let received = self
            .blobs
            .append_chunk(&id, offset, total, chunk)
            .await
            .map_err(|e| match e {
                ChunkError::Io(e) => {
                    tracing::error!(error = %e, "cannot store an uploaded attachment");
                    AppError::Internal("the attachment could not be stored".into())
                }
                refused => AppError::InvalidRequest(refused.to_string()),
            })?;
        let complete = received == total;
        if complete {
            self.blobs.finish_chunks(&id).await.map_err(|e| {
                tracing::error!(error = %e, "cannot store an uploaded attachment");
                AppError::Internal("the attachment could not be stored".into())
            })?;
            *attachment.upload_descriptor_mut() = None;
            store
                .save_attachment(&attachment, &())
                .await
                .map_err(|e| AppError::Internal(e.to_string()))?;
            tracing::info!(
                attachment = id.as_str(),
                bytes = total,
                "attachment uploaded"
            );
        }
        Ok(UploadProgress {
            received,
            total,
            complete,
        })
    }

    /// The bytes and type of an uploaded raster image, for its thumbnail.
    pub async fn preview(
        &self,
        store: &dyn Store<RequestContext>,
        raw_id: &str,
    ) -> Result<(Vec<u8>, String), AppError> {
        let (id, attachment) = known(store, raw_id).await?;
        let Attachment::Image(image) = &attachment else {
            return Err(AppError::NotFound("this attachment has no preview".into()));
        };
        if !is_preview_type(&image.mime_type) {
            return Err(AppError::NotFound("this attachment has no preview".into()));
        }
        match self.blobs.read(&id).await {
            Ok(Some(bytes)) => Ok((bytes, image.mime_type.to_ascii_lowercase())),
            Ok(None) => Err(AppError::NotFound(
                "this attachment was not uploaded yet".into(),
            )),
            Err(e) => {
                tracing::error!(error = %e, "cannot read an attachment");
                Err(AppError::Internal(
                    "the attachment could not be read".into(),
                ))
            }
        }
    }
}

/// The attachment `raw` names, as the thread store knows it (`not_found` otherwise).
async fn known(
    store: &dyn Store<RequestContext>,
    raw: &str,
) -> Result<(AttachmentId, Attachment), AppError> {
    let unknown = || AppError::NotFound("no such attachment".into());
    let id = AttachmentId::parse(raw).ok_or_else(unknown)?;
    match store.load_attachment(id.as_str(), &()).await {
        Ok(attachment) => Ok((id, attachment)),
        Err(StoreError::NotFound(_)) => Err(unknown()),
        Err(e) => Err(AppError::Internal(e.to_string())),
    }
}

#[async_trait]
impl AttachmentStore<RequestContext> for AppAttachments {
    async fn create_attachment(
        &self,
        id: String,
        params: &CreateAttachmentParams,
        _ctx: &RequestContext,
    ) -> Result<Attachment, StoreError> {
        if params.size < 1 || params.size > MAX_ATTACHMENT_BYTES as i64 {
            return Err(StoreError::Other(format!(
                "an attachment must be 1 byte to {} MiB (this one is {} bytes)",
                MAX_ATTACHMENT_BYTES / (1024 * 1024),
                params.size
            )));
        }
        let upload_descriptor = Some(UploadDescriptor {
            url: format!("{APP_URL_PREFIX}{id}/upload"),
            method: UploadMethod::Put,
            headers: Default::default(),
        });
        let metadata = Some(serde_json::json!({ "size": params.size }));
        Ok(Attachment::pending(
            id,
            params,
            upload_descriptor,
            |id| format!("{APP_URL_PREFIX}{id}/preview"),
            metadata,
        ))
    }

    async fn delete_attachment(
        &self,
        attachment_id: &str,
        _ctx: &RequestContext,
    ) -> Result<(), StoreError> {
        let id = AttachmentId::parse(attachment_id)
            .ok_or_else(|| StoreError::NotFound(attachment_id.chars().take(80).collect()))?;
        self.blobs
            .remove(&id)
            .await
            .map_err(|e| StoreError::Other(format!("cannot delete an attachment: {e}")))
    }
}
