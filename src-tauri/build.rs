//! Build script: tauri-build validates tauri.conf.json and the capabilities, generates the ACL
//! schemas and, with the `custom-protocol` feature, prepares `ui/dist` for embedding.
//!
//! Why the app manifest: with it, every app command is a permission (`allow-<command>`, kebab
//! case) that a capability in `capabilities/` must grant; a window gets no command it was not
//! given. To add a command: register it in `lib.rs`, add its name to [`APP_COMMANDS`], and grant
//! `allow-<its-name>` in the capabilities of the windows that may call it.

/// Every command of `tauri::generate_handler!` in `src/lib.rs`, in snake case.
const APP_COMMANDS: &[&str] = &[
    "chatkit_request",
    "chatkit_cancel",
    "get_settings",
    "save_settings",
    "cart_load",
    "cart_save",
    "startup_status",
    "quit_after_startup_failure",
    "get_chat_interface",
    "save_chat_interface",
    "chatkit_window_options",
    "chatkit_window_report",
    "get_appearance",
    "save_appearance",
    "attachment_upload",
    "attachment_preview",
    "search_threads",
    "export_thread",
    "list_models",
    "test_connection",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(APP_COMMANDS)),
    )
    .expect("tauri-build failed")
}
