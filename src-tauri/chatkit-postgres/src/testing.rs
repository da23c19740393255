//! A fresh schema per test in the PostgreSQL database named by `SHOPDESK_TEST_DATABASE_URL`
//! (`scripts/pg-test.sh` starts a throwaway server and sets it; `scripts/test.sh` does both).
//!
//! Why every test gets its own schema: tests run in parallel and the conformance replay expects
//! counter ids (`thr_0001`) from an empty store. A schema, not a database: `CREATE DATABASE`
//! takes ~0.7 s here, `CREATE SCHEMA` a few ms. A test's URL names its schema in libpq's
//! `options` parameter (`?options=-c search_path=…`), so it is still one URL that the
//! scale-out test can hand to `shopdesk-server --database`.
//!
//! Without the variable a test is skipped with a line saying so — a developer's `cargo test`
//! passes without PostgreSQL — but under `CI=true` a missing variable is a failure, so CI can
//! never skip these tests silently ([`TestDatabase::create`] panics).

use std::sync::atomic::{AtomicUsize, Ordering};

use tokio_postgres::NoTls;

/// The variable naming the test server (a URL whose database the tests may create others from).
pub const TEST_DATABASE_URL: &str = "SHOPDESK_TEST_DATABASE_URL";

/// A schema created for one test, dropped (with everything in it) when this value is dropped.
pub struct TestDatabase {
    admin_url: String,
    name: String,
    url: String,
}

impl TestDatabase {
    /// `None` (after printing `skipped: …`) when [`TEST_DATABASE_URL`] is unset and `CI` is not
    /// `true`; panics when it is unset under `CI=true` or the server refuses.
    pub async fn create(test: &str) -> Option<Self> {
        let admin_url = match std::env::var(TEST_DATABASE_URL) {
            Ok(url) if !url.trim().is_empty() => url,
            _ => {
                if std::env::var("CI").is_ok_and(|v| v == "true") {
                    panic!(
                        "{TEST_DATABASE_URL} is not set but CI=true: the PostgreSQL tests must \
                         run in CI (scripts/test.sh starts a server with scripts/pg-test.sh)"
                    );
                }
                println!(
                    "skipped: {test} needs PostgreSQL; set {TEST_DATABASE_URL} \
                     (e.g. run it under scripts/pg-test.sh)"
                );
                return None;
            }
        };
        static N: AtomicUsize = AtomicUsize::new(0);
        let tag: String = test
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '_'
                }
            })
            .take(30)
            .collect();
        let name = format!(
            "t_{tag}_{}_{}_{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed),
            &uuid::Uuid::new_v4().simple().to_string()[..6]
        );
        let admin = connect(&admin_url).await;
        admin
            .batch_execute(&format!("CREATE SCHEMA \"{name}\""))
            .await
            .unwrap_or_else(|e| panic!("CREATE SCHEMA {name}: {e}"));
        let url = with_schema(&admin_url, &name);
        Some(Self {
            admin_url,
            name,
            url,
        })
    }

    /// The URL of this test's schema.
    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn name(&self) -> &str {
        &self.name
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let (admin_url, name) = (self.admin_url.clone(), self.name.clone());
        // Drop may run inside a runtime (which cannot block on another): a thread of its own.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .ok()?;
            runtime.block_on(async {
                let admin = try_connect(&admin_url).await.ok()?;
                admin
                    .batch_execute(&format!("DROP SCHEMA IF EXISTS \"{name}\" CASCADE"))
                    .await
                    .ok()
            })
        })
        .join();
        if !matches!(dropped, Ok(Some(()))) {
            eprintln!("note: could not drop the test schema {}", self.name);
        }
    }
}

async fn try_connect(url: &str) -> Result<tokio_postgres::Client, tokio_postgres::Error> {
    let (client, connection) = tokio_postgres::connect(url, NoTls).await?;
    tokio::spawn(async move {
        let _ = connection.await;
    });
    Ok(client)
}

async fn connect(url: &str) -> tokio_postgres::Client {
    try_connect(url)
        .await
        .unwrap_or_else(|e| panic!("cannot connect to {TEST_DATABASE_URL}: {e}"))
}

/// `url` with `search_path` set to `schema` (libpq's `options` parameter, percent-encoded;
/// `schema` is made of `[a-z0-9_]` only).
pub fn with_schema(url: &str, schema: &str) -> String {
    let separator = if url.contains('?') { '&' } else { '?' };
    format!("{url}{separator}options=-c%20search_path%3D{schema}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn with_schema_adds_the_search_path() {
        use super::with_schema;
        assert_eq!(
            with_schema("postgres://u@127.0.0.1:5432/postgres", "t1"),
            "postgres://u@127.0.0.1:5432/postgres?options=-c%20search_path%3Dt1"
        );
        assert_eq!(
            with_schema("postgres://u@h:1/db?sslmode=disable", "t1"),
            "postgres://u@h:1/db?sslmode=disable&options=-c%20search_path%3Dt1"
        );
        let parsed: tokio_postgres::Config = with_schema("postgres://h/db", "s_1").parse().unwrap();
        assert_eq!(parsed.get_options(), Some("-c search_path=s_1"));
    }
}
