//! The Shopdesk server itself: the shop's assistant over the SQLite store in the data
//! directory, with the request's user and the page's cart in every request ([`ShopContext`]).
//!
//! Why here and not in the app: this is the same assembly as the desktop app's `state.rs`
//! (one `ChatKitServer`, one `ShopAssistant`, the offline model by default) without Tauri. What
//! differs is where things come from: the cart arrives with each request (Contract 4,
//! [`shop_context`]) next to the user the authentication layer found (Contract 6), the model settings are the environment's and the data directory's
//! `settings.json` (read by the shop's own parser, as the app reads them), and attachments are
//! stored as files beside the database ([`crate::BlobStore`]).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::http::request::Parts;
use chatkit::store::sqlite::set_aside::set_aside;
use chatkit::store::sqlite::{OpenError, SqliteStore};
use chatkit::{ChatKitError, ChatKitServer, RunLocks, Store};
use serde::Deserialize;
use serde_json::{Map, Value};
use shop::assistant::{FixedBackend, ShopAssistant};
use shop::cart::{MemoryCart, PageCart};
use shop::model::config::ModelSettings;
pub use shop::request_context::ShopContext;
use shop::tools::ToolEnv;

use crate::attachments::BlobStore;

/// The database file in the data directory (the desktop app's name for it).
pub const DATABASE_FILE: &str = "shopdesk.sqlite3";
/// The model settings file in the data directory (the desktop app's name and format).
pub const SETTINGS_FILE: &str = "settings.json";
/// Where uploaded attachments go, inside the data directory.
pub const ATTACHMENTS_DIR: &str = "attachments";

use crate::users::AuthenticatedUser;

/// The [`crate::ContextFn`] of the Shopdesk server: the user the authentication layer found
/// (`None` without users: unscoped) and the cart the page sent in the request's
/// `metadata.shopdesk_cart`, read by the one cart-line rule; too many lines is a 400.
pub fn shop_context(
    parts: &Parts,
    metadata: &Map<String, Value>,
) -> Result<ShopContext, ChatKitError> {
    let cart = PageCart::from_metadata(metadata)
        .map_err(|e| ChatKitError::invalid_request(e.to_string()))?;
    Ok(ShopContext {
        user: AuthenticatedUser::of(parts).map(str::to_owned),
        cart,
    })
}

/// The default data directory: `$XDG_DATA_HOME/shopdesk-server`, else
/// `~/.local/share/shopdesk-server`.
pub fn default_data_dir() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_DATA_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))?;
    Some(base.join("shopdesk-server"))
}

/// The model settings in force: the environment's (`SHOPDESK_*`, `OPENAI_API_KEY`), unless the
/// data directory's `settings.json` holds saved ones (key `model`: `{provider, base_url,
/// model}`, the app's format), which win as in the app. The pacing is always the
/// environment's, or `stream_delay` when given.
pub fn model_settings(
    data_dir: &Path,
    stream_delay: Option<Duration>,
) -> Result<ModelSettings, String> {
    let env = ModelSettings::from_env().map_err(|e| e.message().to_owned())?;
    let mut settings = match saved_settings(&data_dir.join(SETTINGS_FILE))? {
        Some(saved) => {
            let saved = ModelSettings {
                stream_delay: env.stream_delay,
                http: env.http,
                ..saved
            };
            let key_var = |name: &str| {
                (name == shop::model::config::API_KEY_ENV)
                    .then(|| std::env::var(name).ok())
                    .flatten()
            };
            saved
                .with_env(key_var)
                .map_err(|e| e.message().to_owned())?
        }
        None => env,
    };
    if let Some(delay) = stream_delay {
        settings.stream_delay = Some(delay);
    }
    Ok(settings)
}

/// The saved settings of `path`, if the file exists and holds some. A file that cannot be used
/// is reported (stderr) and ignored, as the app ignores it; it is never changed.
fn saved_settings(path: &Path) -> Result<Option<ModelSettings>, String> {
    #[derive(Deserialize)]
    struct Fields {
        provider: String,
        #[serde(default)]
        base_url: String,
        #[serde(default)]
        model: String,
    }
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    };
    let parsed = serde_json::from_slice::<Value>(&bytes)
        .map_err(|e| e.to_string())
        .and_then(|file| match file.get("model") {
            None => Ok(None),
            Some(model) => serde_json::from_value::<Fields>(model.clone())
                .map_err(|e| e.to_string())
                .and_then(|f| {
                    ModelSettings::from_fields(&f.provider, &f.base_url, &f.model)
                        .map(Some)
                        .map_err(|e| e.message().to_owned())
                }),
        });
    parsed.or_else(|e| {
        tracing::warn!(file = %path.display(), "the saved model settings are ignored: {e}");
        Ok(None)
    })
}

/// Opens the thread store: `SqliteStore::open_verified` on the database in `data_dir`, as the
/// app does. A damaged file (not SQLite, corrupt, a newer schema) is never deleted: it is set
/// aside as `<name>.damaged-<UTC>` with its companions (`chatkit::store::sqlite::set_aside`,
/// the app's rule), the warning says where, and a fresh database is created.
pub fn open_store(data_dir: &Path) -> Result<SqliteStore, String> {
    let database = data_dir.join(DATABASE_FILE);
    let cannot_open =
        |e: &dyn std::fmt::Display| format!("cannot open the database {}: {e}", database.display());
    match SqliteStore::open_verified(&database) {
        Ok(store) => Ok(store),
        Err(OpenError::Damaged(reason)) => {
            let moved = set_aside(&database, chrono::Utc::now()).map_err(|e| {
                format!(
                    "the database {} cannot be used ({reason}) and could not be moved aside to \
                     {}: {}. Nothing was changed: move it somewhere else yourself",
                    database.display(),
                    e.target.display(),
                    e.source
                )
            })?;
            tracing::warn!(
                file = %database.display(),
                moved_to = %moved[0].display(),
                reason = %reason,
                "the database was damaged: set aside, a fresh one is created"
            );
            SqliteStore::open_verified(&database).map_err(|e| cannot_open(&e))
        }
        Err(OpenError::Unavailable(e)) => Err(cannot_open(&e)),
    }
}

/// The whole Shopdesk server: store, assistant (model from `settings`), attachment blobs whose
/// URLs start with `base_url` — on the SQLite database of `data_dir`.
pub fn shop_server(
    data_dir: &Path,
    settings: &ModelSettings,
    base_url: &str,
) -> Result<(Arc<ChatKitServer<ShopContext>>, Arc<BlobStore>), String> {
    ensure_private_dir(data_dir)?;
    let store = Arc::new(open_store(data_dir)?);
    let runs = Runs {
        locks: Arc::new(chatkit::InProcessRunLocks::new()),
        wait: chatkit::run_locks::DEFAULT_RUN_WAIT,
    };
    shop_server_on(data_dir, settings, base_url, store, runs)
}

/// Who may run on a thread, and how long a request waits for a busy one (chatkit::run_locks).
pub struct Runs {
    pub locks: Arc<dyn RunLocks>,
    pub wait: Duration,
}

/// [`shop_server`] on any store (the one `--database` chose) with its run locks.
pub fn shop_server_on(
    data_dir: &Path,
    settings: &ModelSettings,
    base_url: &str,
    store: Arc<dyn Store<ShopContext>>,
    runs: Runs,
) -> Result<(Arc<ChatKitServer<ShopContext>>, Arc<BlobStore>), String> {
    ensure_private_dir(data_dir)?;
    let blobs = Arc::new(
        BlobStore::open(&data_dir.join(ATTACHMENTS_DIR), base_url)
            .map_err(|e| format!("cannot create the attachments directory: {e}"))?,
    );
    let backend = settings.build().map_err(|e| e.to_string())?;
    // The environment's cart is never read: every request brings its own (`shop_context`).
    let tools = ToolEnv::new(Arc::new(MemoryCart::default()))
        .with_stream_delay(settings.effective_stream_delay());
    // Images reach the model from the same files the upload route wrote (Contract 9).
    let assistant = ShopAssistant::new(Arc::new(FixedBackend(backend)), tools)
        .with_attachment_bytes(Arc::new(blobs.blobs().clone()));
    let server = ChatKitServer::new(store, Arc::new(assistant))
        .with_attachment_store(blobs.clone())
        .with_run_locks(runs.locks)
        .with_run_wait(runs.wait);
    Ok((Arc::new(server), blobs))
}

/// Creates `dir` `0700` (chat history is nobody else's business).
pub fn ensure_private_dir(dir: &Path) -> Result<(), String> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder
        .create(dir)
        .map_err(|e| format!("cannot create the data directory {}: {e}", dir.display()))
}
