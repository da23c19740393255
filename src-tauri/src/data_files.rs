//! The app's data files at start-up: a damaged one is set aside (never deleted) and replaced by
//! a fresh one, and every one is made private.
//!
//! Why: a file the app cannot use must neither stop the app (a panic in setup left no window
//! and a process in the background) nor vanish (the store plugin read a broken `cart.json` as
//! an empty cart and would have overwritten it on the next save). So a damaged file is moved
//! next to the original as `<name>.damaged-<UTC time>` (with SQLite's `-wal` / `-shm` /
//! `-journal` beside it, renamed alike, so the set still opens as one database), a fresh file
//! takes its place, and a [`Notice`] tells the user what happened and where the old file is.
//! If the file cannot be moved, start-up stops with a [`DataFileError`] that says so: going on
//! would overwrite it. This module owns "set a damaged file aside" for every file of the app (the
//! renaming itself is `chatkit::store::sqlite::set_aside`, which `shopdesk-server` shares); what
//! counts as damage is decided where a file is understood (`SqliteStore::open_verified` for the
//! database, [`json_problem`] for the store plugin's JSON files).

use std::io;
use std::path::{Path, PathBuf};

use chatkit::store::sqlite::set_aside as sqlite_set_aside;
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;

use crate::paths;
use crate::settings::SETTINGS_FILE;

/// What the user is told about one file that was set aside.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Notice {
    /// The file that could not be used (a fresh one is there now).
    pub file: String,
    /// Where the old file is now.
    pub moved_to: String,
    /// Why it could not be used.
    pub reason: String,
}

/// Why a data file could not be checked or set aside. Start-up stops on it.
#[derive(Debug, thiserror::Error)]
pub enum DataFileError {
    /// The file exists but could not be read (permissions, a directory in its place …).
    #[error("cannot read {}: {source}", path.display())]
    Unreadable { path: PathBuf, source: io::Error },
    /// The file is damaged and moving it aside failed; it was left where it was.
    #[error(
        "{} cannot be used ({reason}) and could not be moved aside to {}: {source}. \
         Nothing was changed: move the file somewhere else yourself, then start Shopdesk again",
        path.display(),
        target.display()
    )]
    NotMoved {
        path: PathBuf,
        target: PathBuf,
        reason: String,
        source: io::Error,
    },
    /// The file was checked (or set aside) but a fresh, private one could not be put in place.
    #[error("cannot prepare {}: {source}", path.display())]
    NotPrepared { path: PathBuf, source: io::Error },
}

/// The start-up work on the data directory `dir`, before anything opens a file in it: every
/// data file of an older install is made private, then `cart.json` and `settings.json` are
/// checked ([`check_json_store`]). The database is checked where it is opened (`state.rs`).
pub fn prepare_dir(dir: &Path, now: DateTime<Utc>) -> Result<Vec<Notice>, DataFileError> {
    for file in paths::data_files(dir) {
        paths::make_private(&file)
            .map_err(|source| DataFileError::NotPrepared { path: file, source })?;
    }
    let mut notices = Vec::new();
    for name in [paths::CART_FILE, SETTINGS_FILE] {
        notices.extend(check_json_store(&dir.join(name), now)?);
    }
    Ok(notices)
}

/// Moves the damaged file `path` (and any SQLite companion beside it) to
/// `<name>.damaged-<now as YYYYMMDDTHHMMSSZ>`, numbered (`-2`, `-3` …) if that name is taken
/// (`chatkit::store::sqlite::set_aside`, shared with `shopdesk-server`). Never overwrites and
/// never deletes; if a move fails, the moves made so far are undone.
pub fn set_aside(path: &Path, reason: &str, now: DateTime<Utc>) -> Result<Notice, DataFileError> {
    let moved = sqlite_set_aside::set_aside(path, now).map_err(|e| DataFileError::NotMoved {
        path: path.to_path_buf(),
        target: e.target,
        reason: reason.to_owned(),
        source: e.source,
    })?;
    for file in &moved {
        // Best effort: the directory is private already; this only tightens an old file's mode.
        let _ = paths::make_private(file);
    }
    Ok(Notice {
        file: path.display().to_string(),
        moved_to: moved[0].display().to_string(),
        reason: reason.to_owned(),
    })
}

/// Checks a store-plugin file: it must be a JSON object. A damaged one is set aside (the
/// notice is returned); then, if no file is there, a private empty object (`{}`) is created,
/// so the plugin, which keeps an existing file's mode when it saves, never creates it `0644`.
pub fn check_json_store(path: &Path, now: DateTime<Utc>) -> Result<Option<Notice>, DataFileError> {
    let notice = match std::fs::read(path) {
        Ok(bytes) => match json_problem(&bytes) {
            None => None,
            Some(reason) => Some(set_aside(path, &reason, now)?),
        },
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(source) => {
            return Err(DataFileError::Unreadable {
                path: path.to_path_buf(),
                source,
            })
        }
    };
    paths::create_private_file(path, b"{}").map_err(|source| DataFileError::NotPrepared {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(notice)
}

/// Why `bytes` are not a store-plugin file (a JSON object), or `None` when they are.
pub fn json_problem(bytes: &[u8]) -> Option<String> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Some("it is empty".into());
    }
    match serde_json::from_slice::<Value>(bytes) {
        Err(e) => Some(format!("it is not valid JSON ({e})")),
        Ok(Value::Object(_)) => None,
        Ok(other) => Some(format!(
            "it holds {} instead of a JSON object",
            match other {
                Value::Null => "null",
                Value::Bool(_) => "a boolean",
                Value::Number(_) => "a number",
                Value::String(_) => "a string",
                Value::Array(_) => "an array",
                Value::Object(_) => unreachable!("objects are accepted above"),
            }
        )),
    }
}

#[cfg(test)]
mod tests;
