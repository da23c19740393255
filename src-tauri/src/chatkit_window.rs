//! The `chatkit` window: the official ChatKit web component, confined to a window of its own.
//!
//! Why a second window: the web component is remote code (a loader script and an iframe from
//! OpenAI's CDN). The main window's page keeps the app's strict policy — no remote script, no
//! frame, IPC only — and holds the settings panel (the API key's). ChatKit gets another window,
//! with
//! - its own page, `chatkit.html` (a second entry of the same bundle, same origin);
//! - its own Content-Security-Policy: Tauri puts the configured CSP on every HTML page it
//!   serves (a response header, computed per request with the page's script hashes); this
//!   window's [`on_web_resource_request`] hook rewrites that header for `chatkit.html` only,
//!   adding exactly OpenAI's CDN ([`CHATKIT_ORIGIN`]) to `script-src`, `frame-src` and
//!   `connect-src` ([`chatkit_csp`]). The hook belongs to this window's webview, so the main
//!   window's pages can never get the wider policy. On Linux that holds only in a web context of
//!   its own ([`CHATKIT_WEBVIEW_DIR`]): WebKitGTK registers `tauri://` once per context, and the
//!   first webview's handler (the main window's, without this hook) would serve every page;
//! - its own capability (`capabilities/chatkit.json`): ChatKit requests, the cart, its own two
//!   commands ([`status`]) and event listening; no settings, no opener, no store;
//! - the main window's navigation rules, plus ChatKit's frame: the webview may show the app's
//!   own pages and, in the frame, `https://cdn.platform.openai.com/deployments/chatkit/…`
//!   ([`is_chatkit_window_url`]). A top-level page from that host would get no IPC anyway (no
//!   capability names a remote URL).
//!
//! The window falls back on its own: the page reports `ready` or `failed` ([`status`]); a
//! failure, or no report at all within the ready timeout, closes the window and the main window
//! says why ([`ChatKitStatus::Failed`]). See docs/ARCHITECTURE.md, decision 12.
//!
//! [`on_web_resource_request`]: tauri::WebviewWindowBuilder::on_web_resource_request

use std::collections::HashMap;

use tauri::http::HeaderValue;
use tauri::utils::config::{Csp, CspDirectiveSources};
use tauri::webview::NewWindowResponse;
use tauri::{AppHandle, Manager, Runtime, Url, WebviewUrl, WebviewWindowBuilder, WindowEvent};

use crate::chat_interface::{ChatInterface, InterfaceSettings};
use crate::navigation::{self, MAIN_WINDOW};
use crate::paths;

pub mod status;
pub use status::{ChatKitMode, ChatKitStatus, CHATKIT_STATUS_EVENT};

/// The label of the ChatKit window (the one `capabilities/chatkit.json` is for).
pub const CHATKIT_WINDOW: &str = "chatkit";
/// The page the ChatKit window loads (`ui/chatkit.html`).
pub const CHATKIT_PAGE: &str = "chatkit.html";
/// Where the loader script and the frame come from: the only remote origin of the app.
pub const CHATKIT_ORIGIN: &str = "https://cdn.platform.openai.com";
/// The directory of the loader and of the frame's document.
pub const CHATKIT_DEPLOYMENT: &str = "https://cdn.platform.openai.com/deployments/chatkit/";

/// The ChatKit window's own webview data directory, in the app's data directory.
pub const CHATKIT_WEBVIEW_DIR: &str = "chatkit-webview";

/// The directives that get [`CHATKIT_ORIGIN`] in the ChatKit page's policy.
const WIDENED: [&str; 3] = ["script-src", "frame-src", "connect-src"];

/// The ChatKit page's policy: `app_csp` (the policy Tauri computed for the page, with its
/// hashes) with [`CHATKIT_ORIGIN`] added to [`WIDENED`] (replacing a `'none'`). Nothing else
/// changes: no `unsafe-inline`, no other host.
pub fn chatkit_csp(app_csp: &str) -> String {
    let mut map: HashMap<String, CspDirectiveSources> = Csp::Policy(app_csp.to_owned()).into();
    let default_src: Vec<String> = map
        .get("default-src")
        .cloned()
        .map(Vec::from)
        .unwrap_or_default();
    for directive in WIDENED {
        let mut sources: Vec<String> = match map.remove(directive) {
            Some(sources) => sources.into(),
            // An absent directive falls back to default-src: keep what that allowed.
            None if directive == "frame-src" => Vec::new(),
            None => default_src.clone(),
        };
        sources.retain(|s| s != "'none'");
        if !sources.iter().any(|s| s == CHATKIT_ORIGIN) {
            sources.push(CHATKIT_ORIGIN.to_owned());
        }
        map.insert(directive.to_owned(), CspDirectiveSources::List(sources));
    }
    Csp::DirectiveMap(map).to_string()
}

/// Whether the ChatKit window's webview (page or frame) may show `url`: what the main window
/// may show, ChatKit's deployment directory, and the empty documents a frame starts with.
pub fn is_chatkit_window_url(url: &Url, dev_url: Option<&Url>) -> bool {
    navigation::is_app_url(url, dev_url)
        || url.as_str().starts_with(CHATKIT_DEPLOYMENT)
        || matches!(url.as_str(), "about:blank" | "about:srcdoc")
}

/// Applies a saved choice now: ChatKit opens (or reloads) its window, built-in closes it.
pub fn apply<R: Runtime>(app: &AppHandle<R>, settings: &InterfaceSettings) {
    match settings.interface {
        ChatInterface::ChatKit => open(app, &settings.domain_key),
        ChatInterface::BuiltIn => {
            app.state::<ChatKitMode>().turn_off(app);
            close(app);
        }
    }
}

/// Opens the ChatKit window with `domain_key` (or reloads it when it is open). A window that
/// cannot be created is a failure like any other: the main window says so.
pub fn open<R: Runtime>(app: &AppHandle<R>, domain_key: &str) {
    let mode = app.state::<ChatKitMode>();
    let attempt = mode.begin(app, domain_key);
    if let Some(window) = app.get_webview_window(CHATKIT_WINDOW) {
        if window.reload().is_ok() {
            let _ = window.set_focus();
            status::watch(app, attempt);
            return;
        }
    }
    if let Err(e) = create(app, attempt) {
        mode.fail(
            app,
            attempt,
            format!("the ChatKit window could not be created ({e})"),
        );
    }
}

/// Closes the ChatKit window if it is open.
pub fn close<R: Runtime>(app: &AppHandle<R>) {
    if let Some(window) = app.get_webview_window(CHATKIT_WINDOW) {
        if let Err(e) = window.destroy() {
            tracing::warn!("chatkit window: cannot close it: {e}");
        }
    }
}

fn create<R: Runtime>(app: &AppHandle<R>, attempt: u64) -> tauri::Result<()> {
    let dev_url = if tauri::is_dev() {
        app.config().build.dev_url.clone()
    } else {
        None
    };
    let page = format!("/{CHATKIT_PAGE}");
    // A web context of its own (WebKitGTK keys contexts by data directory): on Linux a custom
    // protocol is registered once per context, by its first webview, so in the main window's
    // context the `tauri://` handler — and its resource hook — would be the main window's and
    // this window's policy would never be applied. It also keeps ChatKit's storage apart.
    let data_directory = paths::data_dir(app)
        .map_err(|e| tauri::Error::Io(std::io::Error::other(e.message().to_owned())))?
        .join(CHATKIT_WEBVIEW_DIR);
    let window =
        WebviewWindowBuilder::new(app, CHATKIT_WINDOW, WebviewUrl::App(CHATKIT_PAGE.into()))
            .title("Shopdesk — ChatKit")
            .inner_size(1100.0, 780.0)
            .min_inner_size(560.0, 480.0)
            .center()
            .data_directory(data_directory)
            .on_web_resource_request(move |request, response| {
                if request.uri().path() != page {
                    return;
                }
                let csp = response.headers().get("Content-Security-Policy");
                let Some(csp) = csp.and_then(|v| v.to_str().ok()).map(chatkit_csp) else {
                    return;
                };
                match HeaderValue::from_str(&csp) {
                    Ok(value) => {
                        response
                            .headers_mut()
                            .insert("Content-Security-Policy", value);
                    }
                    Err(e) => tracing::warn!("chatkit window: unusable policy {csp:?}: {e}"),
                }
            })
            .on_navigation(move |url| {
                let allowed = is_chatkit_window_url(url, dev_url.as_ref());
                if !allowed {
                    tracing::warn!("chatkit window: refused navigation to {url}");
                    eprintln!("shopdesk: refused navigation to {url} (chatkit window)");
                }
                allowed
            })
            .on_new_window(|url, _features| {
                tracing::warn!("chatkit window: refused a new window for {url}");
                NewWindowResponse::Deny
            })
            .build()?;
    let handle = app.clone();
    window.on_window_event(move |event| {
        if let WindowEvent::Destroyed = event {
            // The attempt in force now (a reload starts a new one in the same window).
            handle.state::<ChatKitMode>().window_closed(&handle);
            if let Some(main) = handle.get_webview_window(MAIN_WINDOW) {
                let _ = main.set_focus();
            }
        }
    });
    // Without the main window (its settings, its fallback) the ChatKit window goes too.
    if let Some(main) = app.get_webview_window(MAIN_WINDOW) {
        let handle = app.clone();
        main.on_window_event(move |event| {
            if let WindowEvent::Destroyed = event {
                close(&handle);
            }
        });
    }
    status::watch(app, attempt);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const APP_CSP: &str = "default-src 'self'; script-src 'self' 'sha256-abc='; \
        style-src 'self'; connect-src ipc: http://ipc.localhost; frame-src 'none'; \
        object-src 'none'";

    fn directives(csp: &str) -> HashMap<String, Vec<String>> {
        let map: HashMap<String, CspDirectiveSources> = Csp::Policy(csp.to_owned()).into();
        map.into_iter().map(|(k, v)| (k, v.into())).collect()
    }

    #[test]
    fn the_chatkit_policy_adds_openais_cdn_and_nothing_else() {
        let before = directives(APP_CSP);
        let after = directives(&chatkit_csp(APP_CSP));
        assert_eq!(
            after["script-src"],
            ["'self'", "'sha256-abc='", CHATKIT_ORIGIN]
        );
        assert_eq!(after["frame-src"], [CHATKIT_ORIGIN], "'none' is replaced");
        assert_eq!(
            after["connect-src"],
            ["ipc:", "http://ipc.localhost", CHATKIT_ORIGIN]
        );
        for unchanged in ["default-src", "style-src", "object-src"] {
            assert_eq!(after[unchanged], before[unchanged], "{unchanged}");
        }
        assert_eq!(after.len(), before.len());
        assert!(!chatkit_csp(APP_CSP).contains("unsafe"));
        // Applying it twice adds nothing more.
        assert_eq!(directives(&chatkit_csp(&chatkit_csp(APP_CSP))), after);
    }

    #[test]
    fn the_apps_configured_policy_is_widened_only_where_chatkit_needs_it() {
        let conf: serde_json::Value =
            serde_json::from_str(include_str!("../tauri.conf.json")).unwrap();
        let csp: Csp = serde_json::from_value(conf["app"]["security"]["csp"].clone()).unwrap();
        let app = directives(&csp.to_string());
        assert_eq!(
            app["script-src"],
            ["'self'"],
            "the built-in page: no remote script"
        );
        assert_eq!(app["frame-src"], ["'none'"]);
        let chatkit = directives(&chatkit_csp(&csp.to_string()));
        assert_eq!(chatkit["script-src"], ["'self'", CHATKIT_ORIGIN]);
        assert_eq!(chatkit["style-src"], ["'self'"]);
    }

    #[test]
    fn the_chatkit_window_may_show_the_app_and_chatkits_frame_only() {
        let url = |s: &str| s.parse::<Url>().unwrap();
        for ok in [
            "tauri://localhost/chatkit.html",
            "http://tauri.localhost/chatkit.html",
            "https://cdn.platform.openai.com/deployments/chatkit/index-abc.html",
            "about:blank",
        ] {
            assert!(is_chatkit_window_url(&url(ok), None), "{ok}");
        }
        for refused in [
            "https://cdn.platform.openai.com/other/page.html",
            "https://cdn.platform.openai.com.evil.com/deployments/chatkit/x",
            "https://platform.openai.com/",
            "https://example.com/",
            "data:text/html,<script>1</script>",
            "javascript:alert(1)",
        ] {
            assert!(!is_chatkit_window_url(&url(refused), None), "{refused}");
        }
    }
}
