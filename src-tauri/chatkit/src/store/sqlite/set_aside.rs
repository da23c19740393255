//! Moving a damaged database out of the way: the file that [`super::SqliteStore::open_verified`]
//! refused is renamed `<name>.damaged-<UTC YYYYMMDDTHHMMSSZ>` (numbered `-2`, `-3` … if taken),
//! with SQLite's `-wal` / `-shm` / `-journal` beside it renamed alike, so the set still opens as
//! one database, and a fresh file can take its place. Never overwrites, never deletes; when a
//! rename fails, the renames made so far are undone.
//!
//! Why in this crate: every program that opens a [`super::SqliteStore`] from a user's file (the
//! desktop app, `shopdesk-server`) must treat damage the same way, and the companions are
//! SQLite's. The app also uses it for its JSON files (they have no companions). Telling the
//! user is the caller's job (the app's start-up notice, the server's log).

use chrono::{DateTime, Utc};
use std::io;
use std::path::{Path, PathBuf};

/// What SQLite keeps beside a database file while it is open (and after a crash).
pub const DATABASE_COMPANIONS: [&str; 3] = ["-wal", "-shm", "-journal"];

/// How many numbered names (`…Z-2`, `…Z-3` …) are tried when the timestamped one is taken.
const MAX_NAME_ATTEMPTS: u32 = 1000;

/// A file that could not be moved aside (it was left where it was).
#[derive(Debug)]
pub struct NotMoved {
    /// Where it was to go.
    pub target: PathBuf,
    pub source: io::Error,
}

/// `path` with `suffix` appended to its file name (`x.sqlite3` + `-wal` = `x.sqlite3-wal`).
pub fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Moves `path` and any companion beside it to the first free `<name>.damaged-<now>[-n]`.
/// Returns every file's new path, the main file's first.
pub fn set_aside(path: &Path, now: DateTime<Utc>) -> Result<Vec<PathBuf>, NotMoved> {
    let target = free_name(path, now).map_err(|(target, source)| NotMoved { target, source })?;
    let mut moves = vec![(path.to_path_buf(), target.clone())];
    for suffix in DATABASE_COMPANIONS {
        let companion = with_suffix(path, suffix);
        if exists(&companion) {
            moves.push((companion, with_suffix(&target, suffix)));
        }
    }
    let mut done: Vec<&(PathBuf, PathBuf)> = Vec::new();
    for step in &moves {
        if let Err(e) = std::fs::rename(&step.0, &step.1) {
            let mut message = format!("{} → {}: {e}", step.0.display(), step.1.display());
            for (from, to) in done.iter().rev() {
                if let Err(back) = std::fs::rename(to, from) {
                    message.push_str(&format!(
                        "; moving {} back also failed ({back}), it is now {}",
                        from.display(),
                        to.display()
                    ));
                }
            }
            return Err(NotMoved {
                target: step.1.clone(),
                source: io::Error::new(e.kind(), message),
            });
        }
        done.push(step);
    }
    Ok(moves.into_iter().map(|(_, to)| to).collect())
}

/// The first `<name>.damaged-<stamp>[-n]` beside `path` that is free together with its
/// companions' names.
fn free_name(path: &Path, now: DateTime<Utc>) -> Result<PathBuf, (PathBuf, io::Error)> {
    let base = with_suffix(path, &format!(".damaged-{}", now.format("%Y%m%dT%H%M%SZ")));
    let taken = |candidate: &Path| {
        exists(candidate)
            || DATABASE_COMPANIONS
                .iter()
                .any(|suffix| exists(&with_suffix(candidate, suffix)))
    };
    (1..=MAX_NAME_ATTEMPTS)
        .map(|n| match n {
            1 => base.clone(),
            n => with_suffix(&base, &format!("-{n}")),
        })
        .find(|candidate| !taken(candidate))
        .ok_or_else(|| {
            let e = io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!(
                    "that name and {} numbered ones are taken",
                    MAX_NAME_ATTEMPTS - 1
                ),
            );
            (base, e)
        })
}

fn exists(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}
