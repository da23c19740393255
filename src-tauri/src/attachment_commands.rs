//! The IPC surface of the app's attachments (Contract 9): `attachment_upload`, `attachment_preview`.
//!
//! Why: phase 2 of ChatKit's two-phase upload, without HTTP. The page sends each chunk as the raw
//! body of an `invoke` (no JSON, no base64), naming the attachment and the chunk's offset in
//! headers; the rules live in `attachments.rs`.

use tauri::ipc::{InvokeBody, Request, Response};
use tauri::State;

use crate::attachments::{AppAttachments, UploadProgress};
use crate::error::AppError;
use crate::state::AppState;

/// Header naming the attachment (`atc_…`).
const ID_HEADER: &str = "x-attachment-id";
/// Header with the chunk's first byte's offset (decimal).
const OFFSET_HEADER: &str = "x-attachment-offset";

fn attachments(state: &AppState) -> Result<&AppAttachments, AppError> {
    state
        .attachments()
        .ok_or_else(|| AppError::NotFound("attachments are not enabled".into()))
}

fn header<'a>(request: &'a Request<'_>, name: &str) -> Result<&'a str, AppError> {
    request
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| AppError::InvalidRequest(format!("the `{name}` header is missing")))
}

/// `invoke('attachment_upload', <bytes>, { headers: { x-attachment-id, x-attachment-offset } })`
/// resolves `{ received, total, complete }`.
#[tauri::command]
pub async fn attachment_upload(
    state: State<'_, AppState>,
    request: Request<'_>,
) -> Result<UploadProgress, AppError> {
    let id = header(&request, ID_HEADER)?.to_owned();
    let offset: u64 = header(&request, OFFSET_HEADER)?.parse().map_err(|_| {
        AppError::InvalidRequest(format!("`{OFFSET_HEADER}` must be a whole number"))
    })?;
    let InvokeBody::Raw(bytes) = request.body() else {
        return Err(AppError::InvalidRequest(
            "an upload chunk must be sent as raw bytes".into(),
        ));
    };
    let bytes = bytes.clone();
    attachments(&state)?
        .upload_chunk(&**state.server().store(), &id, offset, bytes)
        .await
}

/// `invoke('attachment_preview', { id })` resolves the bytes of an uploaded image (an
/// `ArrayBuffer`); the page makes a `blob:` URL of them with the image type it already knows.
#[tauri::command]
pub async fn attachment_preview(
    state: State<'_, AppState>,
    id: String,
) -> Result<Response, AppError> {
    let (bytes, _mime) = attachments(&state)?
        .preview(&**state.server().store(), &id)
        .await?;
    Ok(Response::new(bytes))
}
