//! `invoke('export_thread', { threadId, format })`: a conversation saved as Markdown or JSON
//! to a file the user picks.
//!
//! Why the core does it all: the page has a least-privilege ACL (design decision 10) and must
//! not get a general file write, nor even the dialog plugin's commands. So the page can only
//! ask "export this thread as this format"; the core loads the thread and every visible item
//! from the store, formats them ([`format`]), asks the user where with the native save dialog
//! (`tauri-plugin-dialog`, called from Rust; no capability grants `dialog:` or `fs:`), and
//! writes only the path that dialog returned: a private (`0600`) temporary file beside it,
//! renamed over it, so a failed write never leaves half a file. Resolves `{ path, bytes }`, or
//! `null` when the user cancelled the dialog.
//!
//! **Tests:** a WebDriver test cannot drive a native dialog. In a debug build only
//! (`cfg(debug_assertions)`, what the e2e tests run), `SHOPDESK_EXPORT_DIR=<dir>` replaces the
//! dialog: the file is written to `<dir>/<suggested name>`. A release build ignores it.

pub mod format;

use std::path::{Path, PathBuf};

use chatkit::types::{Order, ThreadItem, ThreadMetadata};
use chatkit::{Store, StoreError};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Runtime, State, WebviewWindow};

use crate::error::AppError;
use crate::paths;
use crate::state::{AppState, RequestContext};

/// The test-only override of the save dialog (see the module docs).
pub const EXPORT_DIR_ENV: &str = "SHOPDESK_EXPORT_DIR";
/// The most items exported from one thread (a store page at a time).
pub const MAX_EXPORT_ITEMS: usize = 100_000;

/// The two formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    Markdown,
    Json,
}

impl ExportFormat {
    fn extension(self) -> &'static str {
        match self {
            ExportFormat::Markdown => "md",
            ExportFormat::Json => "json",
        }
    }

    fn filter_name(self) -> &'static str {
        match self {
            ExportFormat::Markdown => "Markdown",
            ExportFormat::Json => "JSON",
        }
    }
}

/// Where an export went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExportedFile {
    pub path: String,
    pub bytes: usize,
}

/// `invoke('export_thread', { threadId, format })`.
#[tauri::command]
pub async fn export_thread<R: Runtime>(
    app: AppHandle<R>,
    window: WebviewWindow<R>,
    state: State<'_, AppState>,
    thread_id: String,
    format: ExportFormat,
) -> Result<Option<ExportedFile>, AppError> {
    let (thread, text) = render(&state, &thread_id, format).await?;
    let name = format::file_name(&thread, format.extension());
    let target = match test_export_dir() {
        Some(dir) => Some(dir.join(&name)),
        None => ask_where(&app, &window, &name, format).await?,
    };
    let Some(path) = target else {
        return Ok(None);
    };
    let bytes = text.len();
    let written = path.clone();
    tokio::task::spawn_blocking(move || write_replacing(&written, text.as_bytes()))
        .await
        .map_err(|e| AppError::Internal(format!("export task failed: {e}")))?
        .map_err(|e| AppError::Internal(format!("could not write {}: {e}", path.display())))?;
    tracing::info!(format = ?format, bytes, "conversation exported");
    Ok(Some(ExportedFile {
        path: path.display().to_string(),
        bytes,
    }))
}

/// The thread `thread_id` in `format`: its metadata and the file's text.
pub async fn render(
    state: &AppState,
    thread_id: &str,
    format: ExportFormat,
) -> Result<(ThreadMetadata, String), AppError> {
    let store = state.server().store();
    // The app's context is `()` (single-user); named so a scoped context needs no change here.
    #[allow(clippy::let_unit_value)]
    let ctx: RequestContext = state.request_context();
    let thread = store
        .load_thread(thread_id, &ctx)
        .await
        .map_err(|e| match e {
            StoreError::NotFound(_) => AppError::NotFound(format!("no thread {thread_id:?}")),
            other => AppError::Internal(other.to_string()),
        })?;
    let items = visible_items(store.as_ref(), thread_id, &ctx).await?;
    let now = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let text = match format {
        ExportFormat::Markdown => format::to_markdown(&thread, &items, &now),
        ExportFormat::Json => format::to_json(&thread, &items, &now),
    };
    Ok((thread, text))
}

/// Every item a client may see, oldest first, a store page at a time.
async fn visible_items(
    store: &dyn Store<RequestContext>,
    thread_id: &str,
    ctx: &RequestContext,
) -> Result<Vec<ThreadItem>, AppError> {
    let mut items = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let page = store
            .load_thread_items(thread_id, after.as_deref(), 500, Order::Asc, ctx)
            .await
            .map_err(|e| AppError::Internal(e.to_string()))?;
        items.extend(page.data.into_iter().filter(|i| !i.is_hidden()));
        if items.len() > MAX_EXPORT_ITEMS {
            return Err(AppError::InvalidRequest(format!(
                "this conversation has more than {MAX_EXPORT_ITEMS} items, too many to export"
            )));
        }
        match (page.has_more, page.after) {
            (true, Some(next)) => after = Some(next),
            _ => return Ok(items),
        }
    }
}

/// `SHOPDESK_EXPORT_DIR`, in a debug build only.
fn test_export_dir() -> Option<PathBuf> {
    let dir = std::env::var_os(EXPORT_DIR_ENV).filter(|d| !d.is_empty())?;
    if cfg!(debug_assertions) {
        Some(PathBuf::from(dir))
    } else {
        tracing::warn!("{EXPORT_DIR_ENV} is ignored outside debug builds");
        None
    }
}

/// The native save dialog, parented to the window; `None` when the user cancelled.
async fn ask_where<R: Runtime>(
    app: &AppHandle<R>,
    window: &WebviewWindow<R>,
    name: &str,
    format: ExportFormat,
) -> Result<Option<PathBuf>, AppError> {
    use tauri_plugin_dialog::DialogExt;
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .set_parent(window)
        .set_title("Export conversation")
        .set_file_name(name)
        .add_filter(format.filter_name(), &[format.extension()])
        .save_file(move |picked| {
            let _ = tx.send(picked);
        });
    let picked = rx
        .await
        .map_err(|_| AppError::Internal("the save dialog closed without an answer".into()))?;
    match picked {
        None => Ok(None),
        Some(path) => path
            .into_path()
            .map(Some)
            .map_err(|e| AppError::InvalidRequest(format!("cannot save there: {e}"))),
    }
}

/// Writes `contents` to a private temporary file beside `path`, then renames it over `path`.
pub fn write_replacing(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let name = path
        .file_name()
        .ok_or_else(|| std::io::Error::other("the path names no file"))?;
    let mut part_name = name.to_os_string();
    part_name.push(format!(".{}.part", std::process::id()));
    let part = path.with_file_name(part_name);
    let _ = std::fs::remove_file(&part);
    let result = paths::create_private_file(&part, contents)
        .and_then(|created| {
            if created {
                Ok(())
            } else {
                Err(std::io::Error::other("a temporary file is in the way"))
            }
        })
        .and_then(|()| std::fs::rename(&part, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&part);
    }
    result
}
