//! Where the golden fixtures are, for every test binary and bench of this crate and the server
//! crate's HTTP tests (each includes this file with `#[path = ...] mod fixtures;`), so the
//! location is decided in one place.
//!
//! Scenarios come from `tests/fixtures/v1.6.5` of this crate; its parent holds `vocabulary.json`,
//! `widgets/` and `upstream-widgets/`. `$CHATKIT_CONFORMANCE_DIR` replaces the scenario folder
//! (the assets are then read from its parent), e.g. to replay fixtures recorded from another
//! SDK version. See `tests/fixtures/README.md` for what the files hold.

// Each binary uses a different subset of these helpers.
#![allow(dead_code)]

use serde_json::Value;
use std::path::{Path, PathBuf};

/// The `chatkit` crate's folder. This file is also compiled into test targets of sibling crates
/// under `src-tauri/` (the server crate's HTTP conformance and bad-input tests), whose
/// `CARGO_MANIFEST_DIR` is their own folder: the fixtures stay in one place either way.
fn chatkit_dir() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    match here.parent() {
        Some(parent) if !here.ends_with("chatkit") => parent.join("chatkit"),
        _ => here.to_path_buf(),
    }
}

/// The scenario folder (`index.json` and one file per scenario).
pub fn scenarios_dir() -> PathBuf {
    match std::env::var_os("CHATKIT_CONFORMANCE_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => chatkit_dir().join("tests/fixtures/v1.6.5"),
    }
}

/// The folder holding `vocabulary.json`, `widgets/` and `upstream-widgets/`: the parent of
/// [`scenarios_dir`].
pub fn assets_dir() -> PathBuf {
    let scenarios = scenarios_dir();
    match scenarios.parent() {
        Some(parent) => parent.to_path_buf(),
        None => scenarios,
    }
}

/// A file below [`assets_dir`], e.g. `asset("widgets/product_card.json")`.
pub fn asset(relative: &str) -> PathBuf {
    assets_dir().join(relative)
}

/// A fixture file's text; panics naming the file.
pub fn read_text(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// A fixture file parsed as JSON; panics naming the file.
pub fn read_json(path: &Path) -> Value {
    serde_json::from_str(&read_text(path)).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every scenario listed in `index.json`, in its order: (file name, parsed scenario).
pub fn scenarios() -> Vec<(String, Value)> {
    let dir = scenarios_dir();
    let index = read_json(&dir.join("index.json"));
    let entries = index["scenarios"].as_array().cloned().unwrap_or_default();
    entries
        .iter()
        .map(|entry| {
            let file = entry["file"].as_str().unwrap_or_default().to_owned();
            let scenario = read_json(&dir.join(&file));
            (file, scenario)
        })
        .collect()
}

/// The steps of one scenario.
pub fn steps(scenario: &Value) -> Vec<Value> {
    scenario["steps"].as_array().cloned().unwrap_or_default()
}

/// The request body of one step as it was sent: `request_raw` verbatim when the recording has
/// it (invalid bodies), else `request` serialized; empty when the step has neither.
pub fn request_body(step: &Value) -> Vec<u8> {
    match (step.get("request"), step.get("request_raw")) {
        (_, Some(Value::String(raw))) => raw.clone().into_bytes(),
        (Some(request), _) => serde_json::to_vec(request).expect("request JSON"),
        _ => Vec::new(),
    }
}
