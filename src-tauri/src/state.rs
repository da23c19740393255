//! The state every command shares: the ChatKit server and the cancel registry.
//!
//! Why: one server (one store, one responder) answers every request of the app's lifetime, and
//! cancellation needs to find a run by the id the page chose. Building the state is separate
//! from Tauri's setup hook so tests can hand the builder a server of their own.

use std::sync::Arc;

use chatkit::store::sqlite::SqliteStore;
use chatkit::{ChatKitServer, Store};
use tauri::{AppHandle, Runtime};

use crate::cancel_registry::CancelRegistry;
use crate::error::AppError;
use crate::{assistant, paths};

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

    /// The app's real state: the thread store in the data directory and the shop's responder.
    pub fn open<R: Runtime>(app: &AppHandle<R>) -> Result<Self, AppError> {
        let dir = paths::data_dir(app)?;
        let store = open_store(&paths::database_path(&dir))?;
        let responder = assistant::responder(app)?;
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
