//! The server's store as a file, read after the server exited: its SQLite database in the
//! data dir must pass `PRAGMA integrity_check` / `foreign_key_check` (through the chatkit
//! crate's own `SqliteStore::check_integrity`, so the check is the one the store ships with).

use std::path::Path;

/// Check the server's database in its data dir `dir`.
pub fn integrity_check(dir: &Path) -> Result<(), String> {
    let file = dir.join(shopdesk_server::shop_app::DATABASE_FILE);
    if !file.is_file() {
        return Err(format!("no database at {}", file.display()));
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let store = chatkit::store::sqlite::SqliteStore::open(&file)
        .map_err(|e| format!("{}: {e}", file.display()))?;
    runtime
        .block_on(store.check_integrity())
        .map_err(|e| format!("{}: {e}", file.display()))
}
