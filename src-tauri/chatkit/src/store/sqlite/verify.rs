//! Telling a damaged database file from one that merely cannot be opened right now.
//!
//! Why: an application that finds its database unusable at start-up has two very different
//! cases to handle. A file that is not SQLite, that SQLite reports corrupt, that fails
//! `PRAGMA integrity_check`, or whose schema is newer than this build will never open, however
//! often it is retried: the application can set it aside and start a fresh one. A file that
//! cannot be opened for any other reason (no permission, a missing directory, a full disk, a
//! lock held too long) may be perfectly fine and must be left alone. [`OpenError`] is that
//! distinction, returned by [`super::SqliteStore::open_verified`].

use rusqlite::{Connection, ErrorCode};

use super::schema::MigrationError;

/// How many lines of `PRAGMA integrity_check` output a message quotes (it can list 100).
const QUOTED_PROBLEMS: usize = 3;

/// Why [`super::SqliteStore::open_verified`] refused a database file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OpenError {
    /// The file can never be this build's database: not SQLite, corrupt, not clean under
    /// `PRAGMA integrity_check`, or written by a newer schema. The message says which.
    #[error("{0}")]
    Damaged(String),
    /// The file could not be opened for another reason; it may be intact.
    #[error("{0}")]
    Unavailable(String),
}

impl OpenError {
    /// Sorts a SQLite error: "not a database" and "corrupt" are damage, anything else is not.
    pub fn from_sqlite(e: &rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(ErrorCode::NotADatabase) => {
                OpenError::Damaged(format!("it is not an SQLite database ({e})"))
            }
            Some(ErrorCode::DatabaseCorrupt) => {
                OpenError::Damaged(format!("SQLite reports it corrupt ({e})"))
            }
            _ => OpenError::Unavailable(e.to_string()),
        }
    }

    /// Sorts a migration failure: a schema from a newer build is damage (for this build).
    pub fn from_migration(e: &MigrationError) -> Self {
        match e {
            MigrationError::Unsupported { found, supported } => OpenError::Damaged(format!(
                "its schema version {found} is not one this build reads (0 to {supported}); \
                 it was probably written by a newer version"
            )),
            MigrationError::Sqlite(e) => Self::from_sqlite(e),
        }
    }
}

/// The first bytes of every SQLite 3 database file (the file format's magic string).
const HEADER: &[u8; 16] = b"SQLite format 3\0";

/// Refuses a non-empty file that does not start with the SQLite header, before SQLite opens it:
/// SQLite would otherwise treat a `-wal` beside it as its own and may reset or delete it, and an
/// application setting the file aside wants that companion kept as it was. A missing or empty
/// file is a new database.
pub fn check_header(path: &std::path::Path) -> Result<(), OpenError> {
    use std::io::Read;
    let mut file = match std::fs::File::open(path) {
        Ok(file) => file,
        // Missing, or not openable: SQLite's own open reports it properly.
        Err(_) => return Ok(()),
    };
    let mut head = Vec::with_capacity(HEADER.len());
    if let Err(e) = file
        .by_ref()
        .take(HEADER.len() as u64)
        .read_to_end(&mut head)
    {
        return Err(OpenError::Unavailable(e.to_string()));
    }
    if head.is_empty() || head[..] == HEADER[..] {
        return Ok(());
    }
    Err(OpenError::Damaged(
        "it is not an SQLite database (file is not a database)".into(),
    ))
}

/// The problems `PRAGMA integrity_check` reports, empty when the database is clean.
pub fn integrity_problems(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare("PRAGMA integrity_check")?;
    let lines: Vec<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(if lines == ["ok"] { Vec::new() } else { lines })
}

/// `Ok` when `conn`'s database passes `PRAGMA integrity_check`, else why not.
pub fn check(conn: &Connection) -> Result<(), OpenError> {
    let problems = integrity_problems(conn).map_err(|e| OpenError::from_sqlite(&e))?;
    if problems.is_empty() {
        return Ok(());
    }
    // One problem per line of the message, though SQLite puts newlines inside some of them.
    let problems: Vec<String> = problems
        .iter()
        .flat_map(|p| p.lines().map(str::trim).filter(|l| !l.is_empty()))
        .filter(|l| !l.starts_with("***"))
        .map(str::to_owned)
        .collect();
    let mut quoted = problems[..problems.len().min(QUOTED_PROBLEMS)].join("; ");
    if problems.len() > QUOTED_PROBLEMS {
        quoted.push_str(&format!("; and {} more", problems.len() - QUOTED_PROBLEMS));
    }
    Err(OpenError::Damaged(format!(
        "PRAGMA integrity_check failed: {quoted}"
    )))
}
