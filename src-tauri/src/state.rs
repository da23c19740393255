//! The state every command shares: the ChatKit server with the shop's assistant, and the
//! cancel registry.
//!
//! Why: one server (one store, one responder, one attachment store) answers every request of the app's lifetime, and
//! cancellation needs to find a run by the id the page chose. This is also the one place where
//! the app meets the shop's assistant: it gets the cart as the page keeps it ([`PluginCart`],
//! over the store plugin), the stream pacing read at start-up, and asks the [`Settings`] for
//! its model at the start of every response, so a change saved in the settings panel applies
//! to the next message without a restart. Building the state is separate from Tauri's setup
//! hook so tests can hand the builder a server of their own.
//!
//! Opening the state is also where the data directory is prepared (`data_files.rs`: files made
//! private, damaged JSON files set aside) and the database verified: a file that can never open
//! (not SQLite, corrupt, a newer schema) is set aside and a fresh one created, and the notices
//! say so; a database that merely cannot be opened stops the start instead.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use chatkit::server::Responder;
use chatkit::store::sqlite::{OpenError, SqliteStore};
use chatkit::ChatKitServer;
use chrono::{DateTime, Utc};
use shop::assistant::{BackendSource, ShopAssistant};
use shop::model::{ModelBackend, ModelError};
use shop::tools::ToolEnv;
use tauri::{AppHandle, Manager, Runtime};

use crate::attachments::AppAttachments;
use crate::cancel_registry::CancelRegistry;
use crate::cart::PluginCart;
use crate::data_files::{self, Notice};
use crate::error::AppError;
use crate::paths;
use crate::settings::Settings;

/// The per-request context the ChatKit server hands to the store and the responder. The app is
/// single-user, so there is nothing per request to carry yet.
pub type RequestContext = ();

/// Shared by all commands (`tauri::State<'_, AppState>`).
pub struct AppState {
    server: ChatKitServer<RequestContext>,
    cancel_registry: Arc<CancelRegistry>,
    attachments: Option<AppAttachments>,
    /// The same store as the server's, for what only SQLite answers (`history_search.rs`).
    sqlite: Option<SqliteStore>,
}

impl AppState {
    /// State around an existing server (tests, embedders).
    pub fn new(server: ChatKitServer<RequestContext>) -> Self {
        Self {
            server,
            cancel_registry: Arc::new(CancelRegistry::default()),
            attachments: None,
            sqlite: None,
        }
    }

    /// State whose server keeps uploads in `attachments` (Contract 9).
    pub fn with_attachments(
        server: ChatKitServer<RequestContext>,
        attachments: AppAttachments,
    ) -> Self {
        let server = server.with_attachment_store(Arc::new(attachments.clone()));
        Self {
            attachments: Some(attachments),
            ..Self::new(server)
        }
    }

    /// The attachment store, when uploads are enabled.
    pub fn attachments(&self) -> Option<&AppAttachments> {
        self.attachments.as_ref()
    }

    /// This state, knowing that its server's store is `store` (search needs SQLite).
    pub fn with_sqlite(self, store: SqliteStore) -> Self {
        Self {
            sqlite: Some(store),
            ..self
        }
    }

    /// The thread store as SQLite, when it is one (the app's always is).
    pub fn sqlite(&self) -> Option<&SqliteStore> {
        self.sqlite.as_ref()
    }

    /// The app's real state: the thread store in the data directory and the shop's assistant,
    /// pacing streamed words and widget states by `stream_delay`, with the notices about the
    /// data files that were set aside (named with `now`). The [`Settings`] must be managed by
    /// `app` before the first response.
    pub fn open<R: Runtime>(
        app: &AppHandle<R>,
        stream_delay: Duration,
        now: DateTime<Utc>,
    ) -> Result<(Self, Vec<Notice>), AppError> {
        let dir = paths::data_dir(app)?;
        let mut notices = data_files::prepare_dir(&dir, now).map_err(internal)?;
        let (store, notice) = open_store(&paths::database_path(&dir), now)?;
        notices.extend(notice);
        let attachments = AppAttachments::open(&dir).map_err(internal)?;
        let responder = shop_assistant(app, stream_delay, &attachments);
        let server = ChatKitServer::new(Arc::new(store.clone()), responder);
        Ok((
            Self::with_attachments(server, attachments).with_sqlite(store),
            notices,
        ))
    }

    /// The ChatKit server (cheap to clone: everything inside is shared).
    pub fn server(&self) -> &ChatKitServer<RequestContext> {
        &self.server
    }

    /// The runs in flight, for `chatkit_cancel`.
    pub fn cancel_registry(&self) -> &Arc<CancelRegistry> {
        &self.cancel_registry
    }

    /// The context of one request.
    pub fn request_context(&self) -> RequestContext {}
}

/// The shop's assistant over the page's cart, with the model the settings choose.
fn shop_assistant<R: Runtime>(
    app: &AppHandle<R>,
    stream_delay: Duration,
    attachments: &AppAttachments,
) -> Arc<dyn Responder<RequestContext>> {
    let tools =
        ToolEnv::new(Arc::new(PluginCart::new(app.clone()))).with_stream_delay(stream_delay);
    let backends = Arc::new(SettingsBackends { app: app.clone() });
    Arc::new(ShopAssistant::new(backends, tools).with_attachment_bytes(attachments.blobs()))
}

/// Builds the model backend from the settings in force (saved settings, else the environment;
/// the API key from the key store).
struct SettingsBackends<R: Runtime> {
    app: AppHandle<R>,
}

impl<R: Runtime> BackendSource for SettingsBackends<R> {
    fn backend(&self) -> Result<Arc<dyn ModelBackend>, ModelError> {
        let settings = self.app.state::<Settings>();
        settings.backend_settings(&self.app).build()
    }
}

/// The thread store: chatkit's SQLite store in the data directory (WAL, migrated on open), so
/// threads and their items survive restarts. The file is verified first; a damaged one is set
/// aside (the notice is returned) and a fresh one created. A new file is created `0600` before
/// SQLite opens it, which gives its `-wal` and `-shm` the same mode.
fn open_store(
    database: &Path,
    now: DateTime<Utc>,
) -> Result<(SqliteStore, Option<Notice>), AppError> {
    let cannot_open = |e: &dyn std::fmt::Display| {
        AppError::Internal(format!(
            "cannot open the database {}: {e}",
            database.display()
        ))
    };
    paths::create_private_file(database, b"").map_err(|e| cannot_open(&e))?;
    let (store, notice) = match SqliteStore::open_verified(database) {
        Ok(store) => (store, None),
        Err(OpenError::Damaged(reason)) => {
            let notice = data_files::set_aside(database, &reason, now).map_err(internal)?;
            paths::create_private_file(database, b"").map_err(|e| cannot_open(&e))?;
            let fresh = SqliteStore::open_verified(database).map_err(|e| {
                AppError::Internal(format!(
                    "{} was damaged and moved to {}, but a new database cannot be created \
                     there: {e}",
                    database.display(),
                    notice.moved_to
                ))
            })?;
            (fresh, Some(notice))
        }
        Err(OpenError::Unavailable(e)) => return Err(cannot_open(&e)),
    };
    Ok((store, notice))
}

fn internal(e: impl std::fmt::Display) -> AppError {
    AppError::Internal(e.to_string())
}

#[cfg(test)]
mod tests;
