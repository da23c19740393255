//! The main window, created in code so its webview gets a navigation guard.
//!
//! Why: the page holds the app's IPC; if anything (a link, a script, `window.location = …`)
//! could move the webview to another origin, that origin would run with the page's window.
//! [`is_app_url`] keeps the webview on the app's own origin — `tauri://localhost` /
//! `http(s)://tauri.localhost`, plus the dev server of `build.devUrl` in `tauri dev` — and every
//! other navigation or new window is refused and logged. Links the user clicks open in the
//! system browser instead (the page calls the opener plugin, https only).
//!
//! `tauri.conf.json` still declares the window (size, title …) with `"create": false`; this
//! module builds it from that declaration, with the size and position it was last left at
//! (`window_state.rs`).

use tauri::webview::NewWindowResponse;
use tauri::{AppHandle, Runtime, Url, WebviewWindow, WebviewWindowBuilder};

/// The label of the app's one window (its capability is `capabilities/default.json`).
pub const MAIN_WINDOW: &str = "main";

/// Whether the webview may show `url`: the app's own origin, or `dev_url`'s origin when given.
pub fn is_app_url(url: &Url, dev_url: Option<&Url>) -> bool {
    let host = url.host_str().unwrap_or_default();
    let own = match url.scheme() {
        "tauri" => host == "localhost",
        "http" | "https" => host == "tauri.localhost" && url.port().is_none(),
        _ => false,
    };
    own || dev_url.is_some_and(|dev| dev.origin() == url.origin())
}

/// Creates the main window declared in `tauri.conf.json` with the guard installed.
pub fn create_main_window<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<WebviewWindow<R>> {
    let mut config = app
        .config()
        .app
        .windows
        .iter()
        .find(|w| w.label == MAIN_WINDOW)
        .cloned()
        .ok_or(tauri::Error::WindowNotFound)?;
    // The size and position it had when it was last used (window_state.rs).
    if let Ok(dir) = crate::paths::data_dir(app) {
        let saved = crate::window_state::read(&dir);
        crate::window_state::apply(&mut config, saved, &crate::window_state::monitors(app));
    }
    // The dev server only counts in `tauri dev` (no embedded assets); a release build or the
    // standalone debug binary (`custom-protocol`) knows only its own origin.
    let dev_url = if tauri::is_dev() {
        app.config().build.dev_url.clone()
    } else {
        None
    };
    WebviewWindowBuilder::from_config(app, &config)?
        .on_navigation(move |url| {
            let allowed = is_app_url(url, dev_url.as_ref());
            if !allowed {
                tracing::warn!("navigation: refused to leave the app for {url}");
                eprintln!("shopdesk: refused navigation to {url}");
            }
            allowed
        })
        .on_new_window(|url, _features| {
            tracing::warn!("navigation: refused a new window for {url}");
            eprintln!("shopdesk: refused a new window for {url}");
            NewWindowResponse::Deny
        })
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        s.parse().unwrap()
    }

    #[test]
    fn only_the_apps_own_origin_is_allowed() {
        for ok in [
            "tauri://localhost/",
            "tauri://localhost/index.html#cart",
            "http://tauri.localhost/",
            "https://tauri.localhost/assets/x.js",
        ] {
            assert!(is_app_url(&url(ok), None), "{ok}");
        }
        for refused in [
            "https://example.com/",
            "http://localhost/",
            "tauri://example.com/",
            "http://tauri.localhost.evil.com/",
            "http://tauri.localhost:8080/",
            "file:///etc/passwd",
            "data:text/html,<script>1</script>",
            "javascript:alert(1)",
            "about:blank",
            "http://127.0.0.1:1420/",
        ] {
            assert!(!is_app_url(&url(refused), None), "{refused}");
        }
    }

    #[test]
    fn the_dev_server_counts_only_when_given() {
        let dev = url("http://127.0.0.1:1420");
        assert!(is_app_url(
            &url("http://127.0.0.1:1420/src/main.tsx"),
            Some(&dev)
        ));
        assert!(!is_app_url(&url("http://127.0.0.1:1421/"), Some(&dev)));
        assert!(!is_app_url(&url("https://example.com/"), Some(&dev)));
    }
}
