//! Where the app keeps its files.
//!
//! Why: the SQLite database, `cart.json` and `settings.json` must sit side by side in one
//! per-user directory, and tests isolate runs by pointing `XDG_DATA_HOME` elsewhere. Tauri's
//! `app_data_dir` is `$XDG_DATA_HOME/<identifier>` on Linux (default `~/.local/share/...`), which
//! is also where `tauri-plugin-store` puts relative store paths, so the database, the store
//! files of the cart commands and the settings share one directory.

use std::path::{Path, PathBuf};

use tauri::{Manager, Runtime};

use crate::error::AppError;

/// The SQLite file that holds threads, items and attachments.
pub const DATABASE_FILE: &str = "shopdesk.sqlite3";

/// The store-plugin file of the cart (Contract 2).
pub const CART_FILE: &str = "cart.json";

/// The app's data directory, created when missing.
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

fn ensure_dir(dir: &Path) -> Result<(), AppError> {
    std::fs::create_dir_all(dir).map_err(|e| {
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
