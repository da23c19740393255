//! The desktop app: Tauri wiring only.
//!
//! Why this shape: everything with behaviour lives in the Tauri-free crates (`chatkit`, the
//! protocol server; `shop`, the assistant). This crate only connects them to a window: the
//! store plugin for the cart and the settings, the shared [`state::AppState`] and
//! [`settings::Settings`], the two commands of Contract 1 (see `docs/ARCHITECTURE.md`), the
//! two of the settings panel, the two of the cart (Contract 2) and the two of the start-up
//! report, and the main window with its navigation guard ([`navigation`]), its remembered size and
//! position ([`window_state`]) and its theme ([`appearance`]); the chat-interface
//! choice ([`chat_interface`]) and the ChatKit window it opens ([`chatkit_window`]). Every command is also
//! a permission of the app's ACL manifest (`build.rs`), granted per window in `capabilities/`.
//! [`configure`] is shared by [`run`] and the mock-runtime tests, so both exercise the same
//! wiring. Nothing in [`run`] ends the process without a window: a failed start is shown by the
//! page (`startup.rs`).

pub mod appearance;
pub mod attachment_commands;
pub mod attachments;
pub mod cancel_registry;
pub mod cart;
pub mod cart_commands;
pub mod chat_interface;
pub mod chatkit_window;
pub mod commands;
pub mod data_files;
pub mod error;
pub mod export;
pub mod frames;
pub mod history_search;
pub mod logging;
pub mod navigation;
pub mod paths;
pub mod settings;
pub mod startup;
pub mod state;
pub mod window_state;

use tauri::{Manager, Runtime};

/// Adds the plugins and commands to `builder`, without state: [`run`] adds the real state,
/// tests `manage` their own.
pub fn configure<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder
        .plugin(tauri_plugin_store::Builder::new().build())
        .plugin(tauri_plugin_opener::init())
        // Called from Rust only (export.rs): no capability grants its commands to a page.
        .plugin(tauri_plugin_dialog::init())
        .invoke_handler(tauri::generate_handler![
            commands::chatkit_request,
            commands::chatkit_cancel,
            settings::get_settings,
            settings::save_settings,
            cart_commands::cart_load,
            cart_commands::cart_save,
            startup::startup_status,
            startup::quit_after_startup_failure,
            chat_interface::get_chat_interface,
            chat_interface::save_chat_interface,
            chatkit_window::status::chatkit_window_options,
            chatkit_window::status::chatkit_window_report,
            appearance::get_appearance,
            appearance::save_appearance,
            attachment_commands::attachment_upload,
            attachment_commands::attachment_preview,
            history_search::search_threads,
            export::export_thread,
            settings::connection::list_models,
            settings::connection::test_connection
        ])
}

/// Starts the app. The model settings of the environment are read first, once: an invalid
/// value is a failed start, shown in the window with the message the settings panel would give
/// for it. Only a failure to create the window at all ends here, on stderr.
pub fn run() {
    let log_file = logging::init();
    let report = startup::StartupReport::default();
    let context = tauri::generate_context!();
    startup::check_data_home(&report, &context.config().identifier);
    let mut builder = configure(tauri::Builder::default());
    let mut stream_delay = std::time::Duration::ZERO;
    match settings::Settings::from_env() {
        Ok(settings) => {
            stream_delay = settings.stream_delay();
            builder = builder.manage(settings);
        }
        Err(e) => report.fail(format!("invalid model settings in the environment: {e}")),
    }
    let app = builder
        .manage(report)
        .manage(chatkit_window::ChatKitMode::from_env())
        .setup(move |app| {
            logging::start(&log_file, app.handle());
            startup::start(app, stream_delay);
            // After the start, whatever its outcome: a failed start is shown in this window.
            let window = navigation::create_main_window(app.handle())?;
            if let Ok(dir) = paths::data_dir(app) {
                window_state::track(&window, dir);
            }
            appearance::apply_to_window(app.handle(), &appearance::load(app.handle()));
            // The saved interface applies from the start: ChatKit opens its window (and falls
            // back on its own), after the main window, which is always there.
            if !app.state::<startup::StartupReport>().failed() {
                let interface = chat_interface::load(app.handle());
                chatkit_window::apply(app.handle(), &interface);
            }
            Ok(())
        })
        .build(context);
    match app {
        Ok(app) => app.run(startup::on_run_event),
        Err(e) => {
            eprintln!("shopdesk: cannot open the window: {e}");
            std::process::exit(startup::FAILURE_EXIT_CODE)
        }
    }
}

#[cfg(test)]
mod tests;
