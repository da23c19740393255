//! Finding the app binary the tests drive.
//!
//! Why: the tests must run against the binary that was just built with the UI embedded
//! (`cargo build -p shopdesk --features custom-protocol`), wherever the target directory is
//! (`CARGO_TARGET_DIR`, a config file, the default `target/`).

use std::path::{Path, PathBuf};

/// The name of the app's executable.
pub const APP_BIN_NAME: &str = "shopdesk";

/// `SHOPDESK_APP_BIN` if set, else `<target dir>/debug/shopdesk`, where the target dir is
/// derived from this test executable's own location (`<target>/debug/deps/<test>`), then from
/// `CARGO_TARGET_DIR`, then `<workspace>/target`.
pub fn app_binary() -> crate::Result<PathBuf> {
    if let Some(explicit) = std::env::var_os("SHOPDESK_APP_BIN") {
        let path = PathBuf::from(explicit);
        return if path.is_file() {
            Ok(std::path::absolute(&path)?)
        } else {
            Err(format!("SHOPDESK_APP_BIN={} is not a file", path.display()).into())
        };
    }
    let candidates = candidates();
    candidates
        .iter()
        .find(|p| p.is_file())
        .cloned()
        .ok_or_else(|| {
            let tried: Vec<String> = candidates.iter().map(|p| p.display().to_string()).collect();
            format!(
                "the Shopdesk binary was not found (tried {}); build it first with \
             `cargo build -p shopdesk --features custom-protocol` or set SHOPDESK_APP_BIN",
                tried.join(", ")
            )
            .into()
        })
}

fn candidates() -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(exe) = std::env::current_exe() {
        // <target>/debug/deps/<test-binary> → <target>/debug/shopdesk
        if let Some(profile_dir) = exe.parent().and_then(Path::parent) {
            out.push(profile_dir.join(APP_BIN_NAME));
        }
    }
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR") {
        out.push(PathBuf::from(dir).join("debug").join(APP_BIN_NAME));
    }
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    out.push(workspace.join("target").join("debug").join(APP_BIN_NAME));
    out
}
