//! The state every command shares: the ChatKit server with the shop's assistant, and the
//! cancel registry.
//!
//! Why: one server (one store, one responder) answers every request of the app's lifetime, and
//! cancellation needs to find a run by the id the page chose. This is also the one place where
//! the app meets the shop's assistant: it gets the cart as the page keeps it ([`PluginCart`],
//! over the store plugin), the stream pacing read at start-up, and asks the [`Settings`] for
//! its model at the start of every response, so a change saved in the settings panel applies
//! to the next message without a restart. Building the state is separate from Tauri's setup
//! hook so tests can hand the builder a server of their own.

use std::sync::Arc;
use std::time::Duration;

use chatkit::server::Responder;
use chatkit::store::sqlite::SqliteStore;
use chatkit::{ChatKitServer, Store};
use shop::assistant::{BackendSource, ShopAssistant};
use shop::model::{ModelBackend, ModelError};
use shop::tools::ToolEnv;
use tauri::{AppHandle, Manager, Runtime};

use crate::cancel_registry::CancelRegistry;
use crate::cart::PluginCart;
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
}

impl AppState {
    /// State around an existing server (tests, embedders).
    pub fn new(server: ChatKitServer<RequestContext>) -> Self {
        Self {
            server,
            cancel_registry: Arc::new(CancelRegistry::default()),
        }
    }

    /// The app's real state: the thread store in the data directory and the shop's assistant,
    /// pacing streamed words and widget states by `stream_delay`. The [`Settings`] must be
    /// managed by `app` before the first response.
    pub fn open<R: Runtime>(app: &AppHandle<R>, stream_delay: Duration) -> Result<Self, AppError> {
        let dir = paths::data_dir(app)?;
        let store = open_store(&paths::database_path(&dir))?;
        let responder = shop_assistant(app, stream_delay);
        Ok(Self::new(ChatKitServer::new(store, responder)))
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
) -> Arc<dyn Responder<RequestContext>> {
    let tools =
        ToolEnv::new(Arc::new(PluginCart::new(app.clone()))).with_stream_delay(stream_delay);
    let backends = Arc::new(SettingsBackends { app: app.clone() });
    Arc::new(ShopAssistant::new(backends, tools))
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
/// threads and their items survive restarts.
fn open_store(database: &std::path::Path) -> Result<Arc<dyn Store<RequestContext>>, AppError> {
    let store = SqliteStore::open(database).map_err(|e| {
        AppError::Internal(format!(
            "cannot open the database {}: {e}",
            database.display()
        ))
    })?;
    Ok(Arc::new(store))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_store_is_a_database_file_that_reopens() {
        let dir = tempfile::tempdir().unwrap();
        let path = paths::database_path(dir.path());
        open_store(&path).unwrap();
        assert!(path.is_file());
        open_store(&path).expect("an existing database opens again");
        let err = open_store(&dir.path().join("missing-dir/x.sqlite3"))
            .err()
            .unwrap();
        assert_eq!(err.code(), "internal");
    }
}
