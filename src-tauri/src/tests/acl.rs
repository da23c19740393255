//! The app's ACL stays complete: every command registered in `lib.rs` is in `build.rs`'s
//! `APP_COMMANDS` (otherwise the ACL refuses it at run time with "not allowed", which no build
//! step reports), the main window's capability grants each one but the ChatKit window's own
//! two, the `chatkit` window's grants no settings command (nor the interface choice, nor any
//! plugin), and no capability grants the store, dialog or fs plugin.

use serde_json::Value;

const LIB_RS: &str = include_str!("../lib.rs");
const BUILD_RS: &str = include_str!("../../build.rs");
const DEFAULT_CAPABILITY: &str = include_str!("../../capabilities/default.json");
const CHATKIT_CAPABILITY: &str = include_str!("../../capabilities/chatkit.json");

/// The text between `start` and the next `end` after it.
fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text
        .find(start)
        .unwrap_or_else(|| panic!("{start:?} not found"))
        + start.len();
    let len = text[from..].find(end).unwrap();
    &text[from..from + len]
}

fn registered_commands() -> Vec<String> {
    between(LIB_RS, "generate_handler![", "]")
        .split(',')
        .map(|c| c.trim().rsplit("::").next().unwrap().to_owned())
        .filter(|c| !c.is_empty())
        .collect()
}

fn manifest_commands() -> Vec<String> {
    between(BUILD_RS, "const APP_COMMANDS: &[&str] = &[", "];")
        .split(',')
        .map(|c| c.trim().trim_matches('"').to_owned())
        .filter(|c| !c.is_empty())
        .collect()
}

fn granted(capability: &str) -> Vec<String> {
    let v: Value = serde_json::from_str(capability).unwrap();
    v["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            p.as_str()
                .or_else(|| p["identifier"].as_str())
                .unwrap()
                .to_owned()
        })
        .collect()
}

/// The commands only the ChatKit window's page calls (`chatkit_window/status.rs`).
const CHATKIT_WINDOW_ONLY: [&str; 2] = ["chatkit_window_options", "chatkit_window_report"];

fn permission(command: &str) -> String {
    format!("allow-{}", command.replace('_', "-"))
}

#[test]
fn every_registered_command_is_in_the_manifest_and_granted_to_the_main_window() {
    let mut registered = registered_commands();
    let mut manifest = manifest_commands();
    assert!(registered.len() >= 6, "{registered:?}");
    registered.sort();
    manifest.sort();
    assert_eq!(
        registered, manifest,
        "lib.rs's generate_handler! and build.rs's APP_COMMANDS must list the same commands"
    );
    let main = granted(DEFAULT_CAPABILITY);
    for command in &registered {
        let window_only = CHATKIT_WINDOW_ONLY.contains(&command.as_str());
        assert_eq!(
            main.contains(&permission(command)),
            !window_only,
            "main and {command}"
        );
    }
}

#[test]
fn no_capability_grants_the_store_and_the_chatkit_window_gets_no_settings() {
    for capability in [DEFAULT_CAPABILITY, CHATKIT_CAPABILITY] {
        let perms = granted(capability);
        assert!(perms.iter().all(|p| !p.starts_with("store:")), "{perms:?}");
        // Export opens the save dialog from Rust (export.rs): a page gets no file access.
        assert!(
            perms
                .iter()
                .all(|p| !p.starts_with("dialog:") && !p.starts_with("fs:")),
            "{perms:?}"
        );
    }
    let chatkit = granted(CHATKIT_CAPABILITY);
    for command in [
        "chatkit_request",
        "chatkit_cancel",
        "cart_load",
        "cart_save",
        "chatkit_window_options",
        "chatkit_window_report",
    ] {
        assert!(chatkit.contains(&permission(command)), "{chatkit:?}");
    }
    assert!(
        chatkit.iter().all(|p| !p.contains("settings")
            && !p.contains("interface")
            && !p.contains(':')
            || p.starts_with("core:event:")),
        "{chatkit:?}"
    );
    assert!(
        !chatkit.iter().any(|p| p.contains("startup")),
        "{chatkit:?}"
    );
    let v: Value = serde_json::from_str(CHATKIT_CAPABILITY).unwrap();
    assert_eq!(v["windows"], serde_json::json!(["chatkit"]));
    assert!(v.get("remote").is_none(), "no remote URL gets IPC");
}
