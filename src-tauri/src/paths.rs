//! Where the app keeps its files.
//!
//! Why: the SQLite database, `cart.json` and `settings.json` must sit side by side in one
//! per-user directory, and tests isolate runs by pointing `XDG_DATA_HOME` elsewhere. Tauri's
//! `app_data_dir` is `$XDG_DATA_HOME/<identifier>` on Linux (default `~/.local/share/...`), which
//! is also where `tauri-plugin-store` puts relative store paths, so the database, the store
//! files of the cart commands and the settings share one directory.
//!
//! Least privilege: chat history and the cart are nobody else's business, so the directory is
//! kept `0700` and every file in it `0600` ([`make_private`]); files the app creates are created
//! that way ([`create_private_file`]) and an existing install is tightened at start
//! ([`data_files`] lists what there is to tighten).

use std::path::{Path, PathBuf};

use tauri::{Manager, Runtime};

use crate::error::AppError;
use crate::settings::SETTINGS_FILE;

/// The SQLite file that holds threads, items and attachments.
pub const DATABASE_FILE: &str = "shopdesk.sqlite3";

/// The store-plugin file of the cart (Contract 2).
pub const CART_FILE: &str = "cart.json";

/// What SQLite keeps beside a database file (`-wal`, `-shm`, `-journal`), and `x` + suffix.
pub use chatkit::store::sqlite::set_aside::{with_suffix, DATABASE_COMPANIONS};

/// The app's data directory, created `0700` when missing and made `0700` when it is not.
pub fn data_dir<R: Runtime, M: Manager<R>>(manager: &M) -> Result<PathBuf, AppError> {
    let dir = manager
        .path()
        .app_data_dir()
        .map_err(|e| AppError::Internal(format!("cannot resolve the app data directory: {e}")))?;
    ensure_dir(&dir)?;
    Ok(dir)
}

/// The path of the SQLite database inside `dir`.
pub fn database_path(dir: &Path) -> PathBuf {
    dir.join(DATABASE_FILE)
}

/// Every file the app keeps in `dir` (whether it exists yet or not): the database and its
/// companions, `cart.json`, `settings.json`.
pub fn data_files(dir: &Path) -> Vec<PathBuf> {
    let database = database_path(dir);
    let mut files: Vec<PathBuf> = DATABASE_COMPANIONS
        .iter()
        .map(|suffix| with_suffix(&database, suffix))
        .collect();
    files.insert(0, database);
    files.push(dir.join(CART_FILE));
    files.push(dir.join(SETTINGS_FILE));
    files
}

/// Makes `path` readable by its owner only: `0700` for a directory, `0600` for a file. A
/// missing path or a symbolic link (whose target is not ours to change) is left alone.
pub fn make_private(path: &Path) -> std::io::Result<()> {
    let meta = match std::fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    if meta.file_type().is_symlink() {
        return Ok(());
    }
    set_mode(path, &meta, if meta.is_dir() { 0o700 } else { 0o600 })
}

/// Creates `path` with `contents` and mode `0600` unless it exists; `true` if it was created.
/// Creating it before a library does (SQLite, the store plugin) is how the file starts out
/// private: both keep the mode of an existing file when they write it.
pub fn create_private_file(path: &Path, contents: &[u8]) -> std::io::Result<bool> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(mut file) => {
            file.write_all(contents)?;
            file.sync_all()?;
            Ok(true)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(e),
    }
}

#[cfg(unix)]
fn set_mode(path: &Path, meta: &std::fs::Metadata, mode: u32) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    if meta.permissions().mode() & 0o7777 == mode {
        return Ok(());
    }
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_mode(_path: &Path, _meta: &std::fs::Metadata, _mode: u32) -> std::io::Result<()> {
    // Elsewhere the per-user profile directory already keeps other users out.
    Ok(())
}

/// Creates `dir` (and its parents) `0700`, or makes an existing one `0700`.
pub fn ensure_dir(dir: &Path) -> Result<(), AppError> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder
        .create(dir)
        .and_then(|()| make_private(dir))
        .map_err(|e| {
            AppError::Internal(format!(
                "cannot create the data directory {}: {e}",
                dir.display()
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_sits_in_the_data_dir() {
        let dir = Path::new("/tmp/shopdesk-data");
        assert_eq!(database_path(dir), dir.join("shopdesk.sqlite3"));
    }

    #[cfg(unix)]
    fn mode(path: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
    }

    #[test]
    fn data_files_are_the_database_its_companions_and_the_two_stores() {
        let names: Vec<String> = data_files(Path::new("/d"))
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        assert_eq!(
            names,
            [
                "/d/shopdesk.sqlite3",
                "/d/shopdesk.sqlite3-wal",
                "/d/shopdesk.sqlite3-shm",
                "/d/shopdesk.sqlite3-journal",
                "/d/cart.json",
                "/d/settings.json"
            ]
        );
    }

    #[cfg(unix)]
    #[test]
    fn private_files_and_dirs_new_and_tightened() {
        use std::os::unix::fs::PermissionsExt;
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("new/app");
        ensure_dir(&dir).unwrap();
        assert_eq!(mode(&dir), 0o700, "created private");
        let file = dir.join("f.json");
        assert!(create_private_file(&file, b"{}").unwrap());
        assert_eq!(mode(&file), 0o600);
        assert_eq!(std::fs::read(&file).unwrap(), b"{}");
        std::fs::write(&file, b"{\"kept\":1}").unwrap();
        assert!(
            !create_private_file(&file, b"{}").unwrap(),
            "never replaced"
        );
        assert_eq!(std::fs::read(&file).unwrap(), b"{\"kept\":1}");
        // An older install: 0755 / 0644, tightened.
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        ensure_dir(&dir).unwrap();
        make_private(&file).unwrap();
        assert_eq!((mode(&dir), mode(&file)), (0o700, 0o600));
        make_private(&dir.join("missing")).expect("a missing file is not an error");
        // A symbolic link is not followed: its target keeps its mode.
        let outside = root.path().join("outside");
        std::fs::write(&outside, b"x").unwrap();
        std::fs::set_permissions(&outside, std::fs::Permissions::from_mode(0o644)).unwrap();
        let link = dir.join("link");
        std::os::unix::fs::symlink(&outside, &link).unwrap();
        make_private(&link).unwrap();
        assert_eq!(mode(&outside), 0o644);
    }

    #[test]
    fn ensure_dir_creates_nested_dirs_and_reports_failures() {
        let base = std::env::temp_dir().join(format!("shopdesk-paths-{}", std::process::id()));
        let nested = base.join("a/b");
        ensure_dir(&nested).unwrap();
        assert!(nested.is_dir());
        // A path below a regular file cannot be created: a typed error, not a panic.
        let file = base.join("file");
        std::fs::write(&file, b"x").unwrap();
        let err = ensure_dir(&file.join("sub")).unwrap_err();
        assert_eq!(err.code(), "internal");
        std::fs::remove_dir_all(&base).unwrap();
    }
}
