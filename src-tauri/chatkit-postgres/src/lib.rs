//! PostgreSQL for the `chatkit` crate: a [`chatkit::Store`] ([`PostgresStore`]) and a
//! [`chatkit::RunLocks`] ([`PostgresRunLocks`]) that several server processes share through one
//! database.
//!
//! Why a crate of its own: the desktop app keeps its threads in SQLite and must not pull in a
//! PostgreSQL client (docs/ARCHITECTURE.md, design decision 20); only `shopdesk-server` depends
//! on this crate, when it is started with `--database postgres://…`.
//!
//! * [`PostgresStore`] follows the store contract of `chatkit::store` exactly as the SQLite
//!   store does (a monotonic `seq`, keyset pages, upserts that keep their position, an unknown
//!   cursor is an error) and scopes every query to the request's owner
//!   (`chatkit::store::scope`).
//! * [`schema`] holds the versioned migrations, applied at start (or only checked), refusing a
//!   schema newer than the binary knows.
//! * [`PostgresRunLocks`] is the one-run-per-thread rule across processes: a lease row with an
//!   expiry, renewed while the run lasts, so a crashed process's threads free themselves.
//! * [`testing`] gives tests a fresh database of their own on the server named by
//!   `SHOPDESK_TEST_DATABASE_URL` (`scripts/pg-test.sh` starts a throwaway one).

pub mod config;
mod errors;
mod pages;
pub mod run_leases;
pub mod schema;
mod store;
pub mod testing;

pub use config::{Migrations, PostgresConfig};
pub use run_leases::PostgresRunLocks;
pub use schema::SCHEMA_VERSION;
pub use store::{DatabaseHealth, PostgresStore};
