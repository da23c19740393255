//! Finding the binaries the tests drive: the app, and the HTTP server the browser test uses.
//!
//! Why: the tests must run against the binaries that were just built (the app with the UI
//! embedded: `cargo build -p shopdesk --features custom-protocol`; `cargo build -p
//! shopdesk-server`), wherever the target directory is (`CARGO_TARGET_DIR`, a config file, the
//! default `target/`).

use std::path::{Path, PathBuf};

/// The name of the app's executable.
pub const APP_BIN_NAME: &str = "shopdesk";
/// The name of the ChatKit HTTP server's executable.
pub const SERVER_BIN_NAME: &str = "shopdesk-server";

/// `SHOPDESK_APP_BIN` if set, else `<target dir>/debug/shopdesk` (see [`workspace_binary`]).
pub fn app_binary() -> crate::Result<PathBuf> {
    workspace_binary(
        APP_BIN_NAME,
        "SHOPDESK_APP_BIN",
        "cargo build -p shopdesk --features custom-protocol",
    )
}

/// `SHOPDESK_SERVER_BIN` if set, else `<target dir>/debug/shopdesk-server`.
pub fn server_binary() -> crate::Result<PathBuf> {
    workspace_binary(
        SERVER_BIN_NAME,
        "SHOPDESK_SERVER_BIN",
        "cargo build -p shopdesk-server",
    )
}

/// `$<env>` if set, else `<target dir>/debug/<name>`, where the target dir is derived from this
/// test executable's own location (`<target>/debug/deps/<test>`), then from `CARGO_TARGET_DIR`,
/// then `<workspace>/target`. The error names what was tried and the `build` command.
pub fn workspace_binary(name: &str, env: &str, build: &str) -> crate::Result<PathBuf> {
    if let Some(explicit) = std::env::var_os(env) {
        let path = PathBuf::from(explicit);
        return if path.is_file() {
            Ok(std::path::absolute(&path)?)
        } else {
            Err(format!("{env}={} is not a file", path.display()).into())
        };
    }
    let candidates = candidates(name);
    candidates
        .iter()
        .find(|p| p.is_file())
        .cloned()
        .ok_or_else(|| {
            let tried: Vec<String> = candidates.iter().map(|p| p.display().to_string()).collect();
            format!(
                "{name} was not found (tried {}); build it first with `{build}` or set {env}",
                tried.join(", ")
            )
            .into()
        })
}

fn candidates(name: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(exe) = std::env::current_exe() {
        // <target>/debug/deps/<test-binary> → <target>/debug/<name>
        if let Some(profile_dir) = exe.parent().and_then(Path::parent) {
            out.push(profile_dir.join(name));
        }
    }
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR") {
        out.push(PathBuf::from(dir).join("debug").join(name));
    }
    out.push(workspace_root().join("target").join("debug").join(name));
    out
}

/// The repository root (the e2e crate is `<root>/tests`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}
