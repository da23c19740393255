//! Attachments over HTTP: the two-phase upload (docs/PROTOCOL.md §4, attachments) and previews.
//!
//! Phase 1 is a ChatKit request: `attachments.create` asks the [`BlobStore`] (the server's
//! [`AttachmentStore`]) for an `upload_descriptor`; it answers with this server's own URL,
//! `PUT {base}/attachments/{id}/upload`, and, for an image, the preview URL
//! `{base}/attachments/{id}/preview`. Phase 2 is that `PUT` (or `POST`) of the raw bytes. Then
//! `GET …/preview` serves an uploaded image.
//!
//! Everything in the URL is untrusted: an id must look like one the server makes (`atc_` and
//! at most 64 letters, digits, `_` or `-`) and must name an attachment the ChatKit store knows,
//! before any file is touched; the file name is the id, under `<data dir>/attachments/`, so no
//! path from a request reaches the filesystem. Uploads are capped ([`MAX_ATTACHMENT_BYTES`],
//! `413`), written to a temporary file and renamed into place, accepted once (`409` after), and
//! the stored attachment's `upload_descriptor` is then cleared, as the protocol asks.
//!
//! Attachments belong to the request's user ([`StoreScope`], Contract 6): the ChatKit store
//! answers `404` for another user's id, and the bytes of a user's attachments live in a
//! directory of that user's own (`users/<hex of the user id>/`; unscoped ones directly in the
//! directory), so not even `attachments.delete` can reach another user's file. A preview
//! is served only for a raster image type, with `nosniff` and a sandboxing CSP, so an upload can
//! never run script in a page of this origin.

use std::path::Path;
use std::sync::Arc;

use async_trait::async_trait;
use axum::body::Body;
use axum::extract::{Path as UrlPath, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, put};
use axum::Router;
use chatkit::store::blobs::{is_preview_type, AttachmentId, BlobDir};
use chatkit::types::{Attachment, CreateAttachmentParams, UploadDescriptor, UploadMethod};
use chatkit::{AttachmentStore, StoreError, StoreScope};
use serde_json::Map;

use crate::chatkit_route::{read_body, ChatKitRoute};
use crate::http_error::{from_chatkit, ErrorBody};

/// Largest attachment accepted, in bytes (the rule shared with the app, `chatkit::store::blobs`).
pub use chatkit::store::blobs::MAX_ATTACHMENT_BYTES;

/// Attachment bytes in a directory (chatkit's [`BlobDir`]), handed out under this server's URLs.
#[derive(Debug)]
pub struct BlobStore {
    blobs: BlobDir,
    base_url: String,
}

impl BlobStore {
    /// Blobs in `dir` (created `0700` if missing); URLs handed out start with `base_url`
    /// (`http://127.0.0.1:8000`, no trailing `/`).
    pub fn open(dir: &Path, base_url: &str) -> std::io::Result<Self> {
        Ok(Self {
            blobs: BlobDir::open(dir)?,
            base_url: base_url.trim_end_matches('/').to_owned(),
        })
    }

    /// The directory of bytes (the responder reads images from it for the model).
    pub fn blobs(&self) -> &BlobDir {
        &self.blobs
    }

    /// The directory of `owner`'s blobs ([`BlobDir::for_owner`]).
    fn owner_blobs(&self, owner: Option<&str>) -> std::io::Result<BlobDir> {
        self.blobs.for_owner(owner)
    }
}

#[async_trait]
impl<C: StoreScope + Send + Sync + 'static> AttachmentStore<C> for BlobStore {
    async fn create_attachment(
        &self,
        id: String,
        params: &CreateAttachmentParams,
        _ctx: &C,
    ) -> Result<Attachment, StoreError> {
        let upload_descriptor = Some(UploadDescriptor {
            url: format!("{}/attachments/{id}/upload", self.base_url),
            method: UploadMethod::Put,
            headers: Default::default(),
        });
        let metadata = Some(serde_json::json!({ "size": params.size }));
        Ok(Attachment::pending(
            id,
            params,
            upload_descriptor,
            |id| format!("{}/attachments/{id}/preview", self.base_url),
            metadata,
        ))
    }

    /// Removes the request user's bytes; an attachment that was never uploaded (or is another
    /// user's) has none here, which is not an error.
    async fn delete_attachment(&self, attachment_id: &str, ctx: &C) -> Result<(), StoreError> {
        let id = AttachmentId::parse(attachment_id)
            .ok_or_else(|| StoreError::NotFound(attachment_id.chars().take(80).collect()))?;
        let blobs = self
            .owner_blobs(ctx.owner())
            .map_err(|e| StoreError::Other(format!("cannot delete a blob: {e}")))?;
        blobs
            .remove(&id)
            .await
            .map_err(|e| StoreError::Other(format!("cannot delete a blob: {e}")))
    }
}

/// The upload and preview routes.
pub(crate) fn routes<C: StoreScope + Send + Sync + 'static>(route: Arc<ChatKitRoute<C>>) -> Router {
    Router::new()
        .route(
            "/attachments/{id}/upload",
            put(upload::<C>).post(upload::<C>),
        )
        .route("/attachments/{id}/preview", get(preview::<C>))
        .with_state(route)
}

/// The attachment `raw` names, as the ChatKit store knows it (`404` otherwise).
async fn known<C: StoreScope + Send + Sync + 'static>(
    route: &ChatKitRoute<C>,
    parts: &axum::http::request::Parts,
    raw: &str,
) -> Result<(AttachmentId, Attachment, C), ErrorBody> {
    let unknown = || ErrorBody::not_found("no such attachment");
    let id = AttachmentId::parse(raw).ok_or_else(unknown)?;
    let ctx = (route.context)(parts, &Map::new()).map_err(|e| from_chatkit(&e))?;
    match route
        .server
        .store()
        .load_attachment(id.as_str(), &ctx)
        .await
    {
        Ok(attachment) => Ok((id, attachment, ctx)),
        Err(StoreError::NotFound(_)) => Err(unknown()),
        Err(e) => Err(from_chatkit(&e.into())),
    }
}

fn blobs<C: StoreScope + Send + Sync + 'static>(
    route: &ChatKitRoute<C>,
) -> Result<&BlobStore, ErrorBody> {
    route
        .options
        .blobs
        .as_deref()
        .ok_or_else(|| ErrorBody::not_found("attachments are not enabled"))
}

/// `PUT|POST /attachments/{id}/upload`: the raw bytes of a created attachment, once.
async fn upload<C: StoreScope + Send + Sync + 'static>(
    State(route): State<Arc<ChatKitRoute<C>>>,
    UrlPath(raw): UrlPath<String>,
    request: Request,
) -> Result<Response, ErrorBody> {
    let (parts, body) = request.into_parts();
    let blobs = blobs(&route)?;
    let (id, mut attachment, ctx) = known(&route, &parts, &raw).await?;
    if attachment.upload_descriptor_mut().is_none() {
        return Err(ErrorBody::new(
            StatusCode::CONFLICT,
            "conflict",
            "this attachment was uploaded already",
        ));
    }
    let bytes = read_body(&parts, body, MAX_ATTACHMENT_BYTES, &route.options).await?;
    let owner_blobs = blobs.owner_blobs(ctx.owner()).map_err(|e| {
        tracing::error!(error = %e, "cannot open a user's attachment directory");
        ErrorBody::internal()
    })?;
    owner_blobs.write(&id, bytes.to_vec()).await.map_err(|e| {
        tracing::error!(error = %e, "cannot store an uploaded attachment");
        ErrorBody::internal()
    })?;
    *attachment.upload_descriptor_mut() = None;
    route
        .server
        .store()
        .save_attachment(&attachment, &ctx)
        .await
        .map_err(|e| from_chatkit(&e.into()))?;
    tracing::info!(attachment = %id.as_str(), bytes = bytes.len(), "attachment uploaded");
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `GET /attachments/{id}/preview`: an uploaded image's bytes.
async fn preview<C: StoreScope + Send + Sync + 'static>(
    State(route): State<Arc<ChatKitRoute<C>>>,
    UrlPath(raw): UrlPath<String>,
    request: Request,
) -> Result<Response, ErrorBody> {
    let (parts, _) = request.into_parts();
    let blobs = blobs(&route)?;
    let (id, attachment, ctx) = known(&route, &parts, &raw).await?;
    let Attachment::Image(image) = &attachment else {
        return Err(ErrorBody::not_found("this attachment has no preview"));
    };
    let read = match blobs.owner_blobs(ctx.owner()) {
        Ok(dir) => dir.read(&id).await,
        Err(e) => Err(e),
    };
    let bytes = match read {
        Ok(Some(bytes)) => bytes,
        Ok(None) => return Err(ErrorBody::not_found("this attachment was not uploaded yet")),
        Err(e) => {
            tracing::error!(error = %e, "cannot read an attachment");
            return Err(ErrorBody::internal());
        }
    };
    let mime = image.mime_type.to_ascii_lowercase();
    let inline = is_preview_type(&mime);
    let content_type = if inline {
        HeaderValue::from_str(&mime).unwrap_or(HeaderValue::from_static("application/octet-stream"))
    } else {
        HeaderValue::from_static("application/octet-stream")
    };
    let disposition = if inline { "inline" } else { "attachment" };
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static(disposition),
            ),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static("default-src 'none'; sandbox"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, max-age=3600"),
            ),
        ],
        Body::from(bytes),
    )
        .into_response())
}
