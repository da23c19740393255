//! Which database the Shopdesk server keeps its threads in: the SQLite file in the data
//! directory (the default) or PostgreSQL (`--database postgres://…`, for several processes on
//! one database), with the run locks that fit it and the probe `GET /health` reports.
//!
//! Why one place: the store, the one-run-per-thread rule and the health report must agree —
//! SQLite is one process's (in-process run locks), PostgreSQL is shared (a lease row every
//! process sees, `chatkit_postgres::PostgresRunLocks`).

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use chatkit::{InProcessRunLocks, RunLocks, Store};
use chatkit_postgres::{PostgresConfig, PostgresRunLocks, PostgresStore, SCHEMA_VERSION};
use futures::future::BoxFuture;
use futures::FutureExt;
use serde_json::{json, Value};

use crate::shop_app::{open_store, ShopContext};

/// What `GET /health` reports under `"database"`: `{"reachable": bool, …}`.
pub type DatabaseProbe = Arc<dyn Fn() -> BoxFuture<'static, Value> + Send + Sync>;

/// Where the threads go.
#[derive(Debug, Clone, PartialEq)]
pub enum DatabaseChoice {
    /// `shopdesk.sqlite3` in the data directory.
    Sqlite,
    /// A PostgreSQL database, and the run lease's time to live.
    Postgres {
        config: PostgresConfig,
        lease_ttl: Duration,
    },
}

/// An open database: the store, its run locks, its name for `/health` and its probe.
pub struct OpenDatabase {
    pub store: Arc<dyn Store<ShopContext>>,
    pub run_locks: Arc<dyn RunLocks>,
    pub kind: &'static str,
    pub probe: DatabaseProbe,
}

impl DatabaseChoice {
    /// Opens it: SQLite through `open_store` (damaged files set aside), PostgreSQL by connecting
    /// and migrating (or verifying) its schema.
    pub async fn open(&self, data_dir: &Path) -> Result<OpenDatabase, String> {
        match self {
            DatabaseChoice::Sqlite => {
                let store = Arc::new(open_store(data_dir)?);
                let probed = store.clone();
                let probe: DatabaseProbe = Arc::new(move || {
                    let store = probed.clone();
                    async move {
                        match store.schema_version().await {
                            Ok(v) => json!({"reachable": true, "schema_version": v,
                                            "schema_supported": chatkit::store::sqlite::SCHEMA_VERSION}),
                            Err(e) => json!({"reachable": false, "error": e.to_string()}),
                        }
                    }
                    .boxed()
                });
                Ok(OpenDatabase {
                    store,
                    run_locks: Arc::new(InProcessRunLocks::new()),
                    kind: "sqlite",
                    probe,
                })
            }
            DatabaseChoice::Postgres { config, lease_ttl } => {
                let store = Arc::new(PostgresStore::connect(config).await?);
                let run_locks = Arc::new(PostgresRunLocks::new(store.pool().clone(), *lease_ttl));
                let probed = store.clone();
                let probe: DatabaseProbe = Arc::new(move || {
                    let store = probed.clone();
                    async move {
                        let health = store.health().await;
                        match health.schema_version {
                            Some(v) if health.reachable => json!({"reachable": true,
                                "schema_version": v, "schema_supported": SCHEMA_VERSION}),
                            _ => json!({"reachable": false, "error": health.error}),
                        }
                    }
                    .boxed()
                });
                Ok(OpenDatabase {
                    store,
                    run_locks,
                    kind: "postgres",
                    probe,
                })
            }
        }
    }
}
