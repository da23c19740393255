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

use std::path::{Path, PathBuf};
use std::sync::Arc;

use async_trait::async_trait;
use axum::body::Body;
use axum::extract::{Path as UrlPath, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, put};
use axum::Router;
use chatkit::types::{Attachment, CreateAttachmentParams, UploadDescriptor, UploadMethod};
use chatkit::{AttachmentStore, StoreError, StoreScope};
use serde_json::Map;

use crate::chatkit_route::{read_body, ChatKitRoute};
use crate::http_error::{from_chatkit, ErrorBody};

/// Largest attachment accepted, in bytes (20 MiB).
pub const MAX_ATTACHMENT_BYTES: usize = 20 * 1024 * 1024;

/// Raster image types a preview is served as; anything else goes out as a download.
const PREVIEW_TYPES: [&str; 5] = [
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "image/avif",
];

/// Attachment bytes in a directory, one file per attachment id.
#[derive(Debug)]
pub struct BlobStore {
    dir: PathBuf,
    base_url: String,
}

impl BlobStore {
    /// Blobs in `dir` (created `0700` if missing); URLs handed out start with `base_url`
    /// (`http://127.0.0.1:8000`, no trailing `/`).
    pub fn open(dir: &Path, base_url: &str) -> std::io::Result<Self> {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(dir)?;
        Ok(Self {
            dir: dir.to_path_buf(),
            base_url: base_url.trim_end_matches('/').to_owned(),
        })
    }

    /// The directory of `owner`'s blobs: the store's own for unscoped requests, else
    /// `users/<hex of the user id>` (any user id is a safe, distinct file name that way).
    fn owner_dir(&self, owner: Option<&str>) -> PathBuf {
        match owner {
            None => self.dir.clone(),
            Some(user) => {
                let hex: String = user.bytes().map(|b| format!("{b:02x}")).collect();
                self.dir.join("users").join(hex)
            }
        }
    }

    fn blob_path(&self, owner: Option<&str>, id: &AttachmentId) -> PathBuf {
        self.owner_dir(owner).join(&id.0)
    }

    /// Stores `bytes` as `owner`'s blob of `id`: a temporary file renamed into place.
    async fn write(
        &self,
        owner: Option<&str>,
        id: &AttachmentId,
        bytes: &[u8],
    ) -> std::io::Result<()> {
        let dir = self.owner_dir(owner);
        if owner.is_some() {
            let mut builder = tokio::fs::DirBuilder::new();
            builder.recursive(true);
            #[cfg(unix)]
            builder.mode(0o700);
            builder.create(&dir).await?;
        }
        let temp = dir.join(format!(".{}.{}.part", id.0, uuid::Uuid::new_v4().simple()));
        tokio::fs::write(&temp, bytes).await?;
        match tokio::fs::rename(&temp, self.blob_path(owner, id)).await {
            Ok(()) => Ok(()),
            Err(e) => {
                let _ = tokio::fs::remove_file(&temp).await;
                Err(e)
            }
        }
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
        match tokio::fs::remove_file(self.blob_path(ctx.owner(), &id)).await {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(StoreError::Other(format!("cannot delete a blob: {e}"))),
        }
    }
}

/// An attachment id that is safe as a file name.
#[derive(Debug, Clone, PartialEq, Eq)]
struct AttachmentId(String);

impl AttachmentId {
    fn parse(raw: &str) -> Option<Self> {
        let rest = raw.strip_prefix("atc_")?;
        let ok = !rest.is_empty()
            && rest.len() <= 64
            && rest
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        ok.then(|| Self(raw.to_owned()))
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
    match route.server.store().load_attachment(&id.0, &ctx).await {
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
    if upload_descriptor(&mut attachment).is_none() {
        return Err(ErrorBody::new(
            StatusCode::CONFLICT,
            "conflict",
            "this attachment was uploaded already",
        ));
    }
    let bytes = read_body(&parts, body, MAX_ATTACHMENT_BYTES, &route.options).await?;
    blobs.write(ctx.owner(), &id, &bytes).await.map_err(|e| {
        tracing::error!(error = %e, "cannot store an uploaded attachment");
        ErrorBody::internal()
    })?;
    *upload_descriptor(&mut attachment) = None;
    route
        .server
        .store()
        .save_attachment(&attachment, &ctx)
        .await
        .map_err(|e| from_chatkit(&e.into()))?;
    tracing::info!(attachment = %id.0, bytes = bytes.len(), "attachment uploaded");
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
    let bytes = match tokio::fs::read(blobs.blob_path(ctx.owner(), &id)).await {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(ErrorBody::not_found("this attachment was not uploaded yet"))
        }
        Err(e) => {
            tracing::error!(error = %e, "cannot read an attachment");
            return Err(ErrorBody::internal());
        }
    };
    let mime = image.mime_type.to_ascii_lowercase();
    let inline = PREVIEW_TYPES.contains(&mime.as_str());
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

fn upload_descriptor(attachment: &mut Attachment) -> &mut Option<UploadDescriptor> {
    match attachment {
        Attachment::File(file) => &mut file.upload_descriptor,
        Attachment::Image(image) => &mut image.upload_descriptor,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_server_shaped_ids_become_file_names() {
        assert!(AttachmentId::parse("atc_5ff36680").is_some());
        assert!(AttachmentId::parse("atc_a-b_C9").is_some());
        for bad in [
            "",
            "atc_",
            "5ff36680",
            "atc_../../etc/passwd",
            "atc_a/b",
            "atc_a\\b",
            "atc_a.b",
            "atc_%2e%2e",
            "ATC_abc",
            "atc_ä",
        ] {
            assert!(AttachmentId::parse(bad).is_none(), "{bad:?}");
        }
        assert!(AttachmentId::parse(&format!("atc_{}", "a".repeat(65))).is_none());
    }
}
