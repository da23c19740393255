//! The desktop app: Tauri wiring only.
//!
//! Why this shape: everything with behaviour lives in the Tauri-free crates (`chatkit`, the
//! protocol server; `shop`, the assistant). This crate only connects them to a window: the
//! store plugin for the cart, the shared [`state::AppState`], and the two commands of
//! Contract 1 (see `docs/ARCHITECTURE.md`). [`configure`] is shared by [`run`] and the
//! mock-runtime tests, so both exercise the same wiring.

pub mod assistant;
pub mod cancel_registry;
pub mod cart;
pub mod commands;
pub mod error;
pub mod frames;
pub mod paths;
pub mod settings;
pub mod state;

use tauri::{Manager, Runtime};

/// Adds the plugins and commands to `builder`, without state: [`run`] adds the real state in
/// its setup hook, tests `manage` their own.
pub fn configure<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder
        .plugin(tauri_plugin_store::Builder::new().build())
        .manage(settings::Settings::default())
        .invoke_handler(tauri::generate_handler![
            commands::chatkit_request,
            commands::chatkit_cancel,
            settings::get_settings,
            settings::save_settings
        ])
}

/// Starts the app.
pub fn run() {
    configure(tauri::Builder::default())
        .setup(|app| {
            let state = state::AppState::open(app.handle())?;
            app.manage(state);
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("error while running the Shopdesk app");
}

#[cfg(test)]
mod tests;
