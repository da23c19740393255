//! The desktop app: Tauri wiring only.
//!
//! Why this shape: everything with behaviour lives in the Tauri-free crates (`chatkit`, the
//! protocol server; `shop`, the assistant). This crate only connects them to a window: the
//! store plugin for the cart and the settings, the shared [`state::AppState`] and
//! [`settings::Settings`], the two commands of Contract 1 (see `docs/ARCHITECTURE.md`), the
//! two of the settings panel and the two of the cart (Contract 2), and the main window with its
//! navigation guard ([`navigation`]). Every command is also a permission of the app's ACL
//! manifest (`build.rs`), granted per window in `capabilities/`. [`configure`] is shared by [`run`] and the
//! mock-runtime tests, so both exercise the same wiring.

pub mod cancel_registry;
pub mod cart;
pub mod cart_commands;
pub mod commands;
pub mod error;
pub mod frames;
pub mod logging;
pub mod navigation;
pub mod paths;
pub mod settings;
pub mod state;

use tauri::{Manager, Runtime};

/// Adds the plugins and commands to `builder`, without state: [`run`] adds the real state,
/// tests `manage` their own.
pub fn configure<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder
        .plugin(tauri_plugin_store::Builder::new().build())
        .plugin(tauri_plugin_opener::init())
        .invoke_handler(tauri::generate_handler![
            commands::chatkit_request,
            commands::chatkit_cancel,
            settings::get_settings,
            settings::save_settings,
            cart_commands::cart_load,
            cart_commands::cart_save
        ])
}

/// Starts the app. The model settings of the environment are read first, once: an invalid
/// value stops the app with the message the settings panel would give for it.
pub fn run() {
    let log_file = logging::init();
    let settings = settings::Settings::from_env().unwrap_or_else(|e| {
        eprintln!("shopdesk: invalid model settings in the environment: {e}");
        std::process::exit(2)
    });
    let stream_delay = settings.stream_delay();
    configure(tauri::Builder::default())
        .manage(settings)
        .setup(move |app| {
            logging::start(&log_file, app.handle());
            let state = state::AppState::open(app.handle(), stream_delay)?;
            app.manage(state);
            navigation::create_main_window(app.handle())?;
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("error while running the Shopdesk app");
}

#[cfg(test)]
mod tests;
