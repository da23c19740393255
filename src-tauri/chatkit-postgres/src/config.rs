//! How to reach the database and how the pool behaves ([`PostgresConfig`]), and the pool built
//! from it. The URL is never logged or put in an error message: it may carry a password.

use std::time::Duration;

use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod, Runtime};
use tokio_postgres::NoTls;

/// Whether start-up brings the schema up to date or only checks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Migrations {
    /// Apply every missing migration (one transaction each, one process at a time).
    Apply,
    /// Apply nothing; refuse to start unless the schema is exactly this build's (for
    /// deployments where migrations run as their own step).
    Verify,
}

impl Migrations {
    /// `apply` or `verify`.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "apply" => Some(Migrations::Apply),
            "verify" => Some(Migrations::Verify),
            _ => None,
        }
    }
}

/// What [`crate::PostgresStore::connect`] needs.
#[derive(Clone, PartialEq, Eq)]
pub struct PostgresConfig {
    /// `postgres://user:password@host:port/database?…` (libpq's URL form).
    pub url: String,
    /// The most connections the pool opens.
    pub pool_size: usize,
    /// `statement_timeout` of every connection: a statement running longer is cancelled.
    pub statement_timeout: Duration,
    /// How long opening one connection may take.
    pub connect_timeout: Duration,
    /// How long a request waits for a free pooled connection.
    pub pool_wait: Duration,
    pub migrations: Migrations,
}

/// The defaults: 16 connections, a 10 s statement timeout, migrations applied.
pub const DEFAULT_POOL_SIZE: usize = 16;
pub const DEFAULT_STATEMENT_TIMEOUT: Duration = Duration::from_secs(10);

impl PostgresConfig {
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            pool_size: DEFAULT_POOL_SIZE,
            statement_timeout: DEFAULT_STATEMENT_TIMEOUT,
            connect_timeout: Duration::from_secs(5),
            pool_wait: Duration::from_secs(10),
            migrations: Migrations::Apply,
        }
    }

    /// The host and database the URL names, for logs (never the user or password).
    pub fn describe(&self) -> String {
        match self.url.parse::<tokio_postgres::Config>() {
            Ok(config) => {
                let hosts: Vec<String> = config
                    .get_hosts()
                    .iter()
                    .map(|h| match h {
                        tokio_postgres::config::Host::Tcp(name) => name.clone(),
                        tokio_postgres::config::Host::Unix(path) => path.display().to_string(),
                    })
                    .collect();
                format!(
                    "{}/{}",
                    hosts.join(","),
                    config.get_dbname().unwrap_or("(default)")
                )
            }
            Err(_) => "(invalid URL)".into(),
        }
    }

    /// The pool (no connection is opened yet).
    pub(crate) fn pool(&self) -> Result<Pool, String> {
        if self.pool_size == 0 {
            return Err("the pool size must be at least 1".into());
        }
        let mut pg: tokio_postgres::Config = self.url.parse().map_err(|e| {
            // tokio-postgres's message names the bad part, never the whole URL.
            format!("the database URL is not a valid postgres:// URL ({e})")
        })?;
        let timeout_ms = self.statement_timeout.as_millis().max(1);
        let options = match pg.get_options() {
            Some(existing) if !existing.is_empty() => {
                format!("{existing} -c statement_timeout={timeout_ms}")
            }
            _ => format!("-c statement_timeout={timeout_ms}"),
        };
        pg.options(&options);
        pg.connect_timeout(self.connect_timeout);
        if pg.get_application_name().is_none() {
            pg.application_name("chatkit-postgres");
        }
        let manager = Manager::from_config(
            pg,
            NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        Pool::builder(manager)
            .max_size(self.pool_size)
            .wait_timeout(Some(self.pool_wait))
            .create_timeout(Some(self.connect_timeout))
            .runtime(Runtime::Tokio1)
            .build()
            .map_err(|e| format!("cannot build the connection pool: {e}"))
    }
}

impl std::fmt::Debug for PostgresConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostgresConfig")
            .field("database", &self.describe())
            .field("pool_size", &self.pool_size)
            .field("statement_timeout", &self.statement_timeout)
            .field("migrations", &self.migrations)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describe_never_shows_the_password() {
        let config = PostgresConfig::new("postgres://shop:s3cret@db.internal:5433/chat");
        assert_eq!(config.describe(), "db.internal/chat");
        assert!(!format!("{config:?}").contains("s3cret"));
        assert!(PostgresConfig::new("nonsense://").pool().is_err());
        let zero = PostgresConfig {
            pool_size: 0,
            ..PostgresConfig::new("postgres://localhost/x")
        };
        assert!(zero.pool().is_err());
        assert_eq!(Migrations::parse("verify"), Some(Migrations::Verify));
        assert_eq!(Migrations::parse("maybe"), None);
    }
}
