//! What the ChatKit mode is doing — off, opening, ready, or failed and why — and the two
//! commands of the ChatKit window's page (`chatkit_window_options`, `chatkit_window_report`).
//!
//! Why here, in Rust: the fallback must not depend on the page that failed. The page reports
//! `ready` (on `chatkit.ready`) or `failed` with a cause (the loader script did not load, a
//! `chatkit.error`, no `chatkit.ready` within the ready timeout); a page that never reports at
//! all (it did not even start) is caught by [`watch`], a little after the same timeout. Either
//! way the window is closed and [`CHATKIT_STATUS_EVENT`] tells the main window, which shows
//! the built-in interface with a notice naming the cause. The status is kept, so a main window
//! that asks late (`get_chat_interface`) still learns it. Each opening is an `attempt`: reports
//! and timers of an earlier one are ignored.
//!
//! The ready timeout is [`DEFAULT_READY_TIMEOUT`], or `SHOPDESK_CHATKIT_TIMEOUT_MS` (tests),
//! read once at start-up and passed to the page.

use std::sync::Mutex;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Emitter, Manager, Runtime, State};

use crate::error::AppError;
use crate::navigation::MAIN_WINDOW;

use super::close;

/// The app event that carries a new [`ChatKitStatus`] to the main window.
pub const CHATKIT_STATUS_EVENT: &str = "chatkit-status";
/// How long the page waits for `chatkit.ready` before it falls back.
pub const DEFAULT_READY_TIMEOUT: Duration = Duration::from_secs(8);
/// The environment variable that overrides [`DEFAULT_READY_TIMEOUT`], in milliseconds.
pub const READY_TIMEOUT_ENV: &str = "SHOPDESK_CHATKIT_TIMEOUT_MS";
/// The loader script of the ChatKit web component.
pub const LOADER_URL: &str = "https://cdn.platform.openai.com/deployments/chatkit/chatkit.js";
/// The environment variable that replaces [`LOADER_URL`] (tests of the window's policy).
pub const LOADER_URL_ENV: &str = "SHOPDESK_CHATKIT_LOADER_URL";
/// How much longer than the page's own timeout Rust waits for a report.
const REPORT_GRACE: Duration = Duration::from_secs(4);
/// The longest cause kept from the page.
const CAUSE_MAX: usize = 300;

/// `{ "state": "off" | "opening" | "ready" }` or `{ "state": "failed", "cause": "…" }`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ChatKitStatus {
    /// The built-in interface is chosen, or the ChatKit window was closed.
    #[default]
    Off,
    /// The ChatKit window is loading the web component.
    Opening,
    /// `chatkit.ready` arrived: the web component is up in its window.
    Ready,
    /// ChatKit could not load; the built-in interface is in use.
    Failed { cause: String },
}

#[derive(Default)]
struct Inner {
    status: ChatKitStatus,
    attempt: u64,
    domain_key: String,
}

/// The ChatKit mode's state, managed for the whole run.
pub struct ChatKitMode {
    inner: Mutex<Inner>,
    ready_timeout: Duration,
    loader_url: String,
}

impl ChatKitMode {
    pub fn new(ready_timeout: Duration) -> Self {
        Self {
            inner: Mutex::default(),
            ready_timeout,
            loader_url: LOADER_URL.to_owned(),
        }
    }

    /// With the timeout of `SHOPDESK_CHATKIT_TIMEOUT_MS` if set (a positive number of
    /// milliseconds), else [`DEFAULT_READY_TIMEOUT`]; and the loader of
    /// `SHOPDESK_CHATKIT_LOADER_URL` if set (tests: the window's policy is not derived from it,
    /// so a loader from another host is refused — which is what the override lets a test see).
    pub fn from_env() -> Self {
        let mut mode = Self::new(ready_timeout(
            std::env::var(READY_TIMEOUT_ENV).ok().as_deref(),
        ));
        if let Ok(url) = std::env::var(LOADER_URL_ENV) {
            mode.loader_url = url;
        }
        mode
    }

    pub fn status(&self) -> ChatKitStatus {
        self.lock().status.clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Starts a new attempt with `domain_key`; returns its number.
    pub(super) fn begin<R: Runtime>(&self, app: &AppHandle<R>, domain_key: &str) -> u64 {
        let attempt = {
            let mut inner = self.lock();
            inner.attempt += 1;
            inner.domain_key = domain_key.to_owned();
            inner.attempt
        };
        self.set(app, attempt, ChatKitStatus::Opening);
        attempt
    }

    /// The built-in interface was chosen.
    pub(super) fn turn_off<R: Runtime>(&self, app: &AppHandle<R>) {
        let attempt = {
            let mut inner = self.lock();
            inner.attempt += 1;
            inner.attempt
        };
        self.set(app, attempt, ChatKitStatus::Off);
    }

    /// Attempt `attempt` failed with `cause`: record it, tell the main window, close ChatKit's.
    pub(super) fn fail<R: Runtime>(&self, app: &AppHandle<R>, attempt: u64, cause: String) {
        if self.set(app, attempt, ChatKitStatus::Failed { cause }) {
            close(app);
            if let Some(main) = app.get_webview_window(MAIN_WINDOW) {
                let _ = main.set_focus();
            }
        }
    }

    /// The ChatKit window is gone: unless that was a failure, the mode is off.
    pub(super) fn window_closed<R: Runtime>(&self, app: &AppHandle<R>) {
        let (failed, attempt) = {
            let inner = self.lock();
            (
                matches!(inner.status, ChatKitStatus::Failed { .. }),
                inner.attempt,
            )
        };
        if !failed {
            self.set(app, attempt, ChatKitStatus::Off);
        }
    }

    /// Sets the status of `attempt` (ignored if another attempt began since, or if it failed
    /// already) and tells the main window; whether it was set.
    fn set<R: Runtime>(&self, app: &AppHandle<R>, attempt: u64, status: ChatKitStatus) -> bool {
        {
            let mut inner = self.lock();
            let settled = matches!(inner.status, ChatKitStatus::Failed { .. })
                && !matches!(status, ChatKitStatus::Opening | ChatKitStatus::Off);
            if inner.attempt != attempt || settled || inner.status == status {
                return false;
            }
            inner.status = status.clone();
        }
        if let ChatKitStatus::Failed { cause } = &status {
            tracing::warn!("chatkit window: fell back to the built-in interface: {cause}");
            eprintln!("shopdesk: ChatKit could not load, using the built-in interface: {cause}");
        }
        if let Err(e) = app.emit_to(MAIN_WINDOW, CHATKIT_STATUS_EVENT, &status) {
            tracing::warn!("chatkit window: cannot tell the main window: {e}");
        }
        true
    }
}

/// The ready timeout for `value` of [`READY_TIMEOUT_ENV`]; unusable values give the default.
fn ready_timeout(value: Option<&str>) -> Duration {
    match value.map(|v| v.trim().parse::<u64>()) {
        Some(Ok(ms)) if ms > 0 => Duration::from_millis(ms),
        Some(_) => {
            eprintln!("shopdesk: ignoring {READY_TIMEOUT_ENV} (not a positive number of ms)");
            DEFAULT_READY_TIMEOUT
        }
        None => DEFAULT_READY_TIMEOUT,
    }
}

/// Fails `attempt` if its page has not reported a little after the ready timeout.
pub(super) fn watch<R: Runtime>(app: &AppHandle<R>, attempt: u64) {
    let app = app.clone();
    let wait = app.state::<ChatKitMode>().ready_timeout + REPORT_GRACE;
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(wait).await;
        let mode = app.state::<ChatKitMode>();
        if mode.status() == ChatKitStatus::Opening {
            let cause = format!("the ChatKit page did not start within {} s", wait.as_secs());
            mode.fail(&app, attempt, cause);
        }
    });
}

/// A cause from the page, as the main window will show it: one line, at most [`CAUSE_MAX`]
/// characters (the page is not trusted with the notice's length or layout).
fn clean_cause(cause: &str) -> String {
    let line: String = cause
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let line = line.trim();
    match line.char_indices().nth(CAUSE_MAX) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None if line.is_empty() => "unknown cause".to_owned(),
        None => line.to_owned(),
    }
}

/// What the ChatKit page needs to mount the component.
#[derive(Debug, Clone, Serialize)]
pub struct WindowOptions {
    /// The attempt the page's report must name.
    pub attempt: u64,
    pub domain_key: String,
    pub ready_timeout_ms: u64,
    /// The loader script's URL (the only script the page adds).
    pub loader_url: String,
}

#[tauri::command]
pub async fn chatkit_window_options(
    mode: State<'_, ChatKitMode>,
) -> Result<WindowOptions, AppError> {
    let inner = mode.lock();
    Ok(WindowOptions {
        attempt: inner.attempt,
        domain_key: inner.domain_key.clone(),
        ready_timeout_ms: mode.ready_timeout.as_millis() as u64,
        loader_url: mode.loader_url.clone(),
    })
}

/// The page's outcome: `{ "outcome": "ready" }` or `{ "outcome": "failed", "cause": "…" }`.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Report {
    Ready,
    Failed { cause: String },
}

#[tauri::command]
pub async fn chatkit_window_report<R: Runtime>(
    app: AppHandle<R>,
    mode: State<'_, ChatKitMode>,
    attempt: u64,
    report: Report,
) -> Result<(), AppError> {
    match report {
        Report::Ready => {
            mode.set(&app, attempt, ChatKitStatus::Ready);
        }
        Report::Failed { cause } => mode.fail(&app, attempt, clean_cause(&cause)),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_of_an_earlier_attempt_change_nothing_and_a_failure_stays_until_the_next() {
        let app = tauri::test::mock_app();
        app.manage(ChatKitMode::new(DEFAULT_READY_TIMEOUT));
        let h = app.handle();
        let mode = h.state::<ChatKitMode>();
        let first = mode.begin(h, "domain_pk_a");
        let second = mode.begin(h, "domain_pk_b");
        mode.fail(h, first, "stale".into());
        assert_eq!(
            mode.status(),
            ChatKitStatus::Opening,
            "an old attempt's failure"
        );
        assert_eq!(mode.lock().domain_key, "domain_pk_b");
        mode.set(h, second, ChatKitStatus::Ready);
        assert_eq!(mode.status(), ChatKitStatus::Ready);
        mode.fail(h, second, "no network".into());
        let failed = ChatKitStatus::Failed {
            cause: "no network".into(),
        };
        assert_eq!(mode.status(), failed);
        mode.window_closed(h);
        mode.set(h, second, ChatKitStatus::Ready);
        assert_eq!(mode.status(), failed, "closing the window keeps the cause");
        let third = mode.begin(h, "domain_pk_b");
        assert_eq!(mode.status(), ChatKitStatus::Opening, "a new attempt");
        mode.set(h, second, ChatKitStatus::Ready);
        assert_eq!(mode.status(), ChatKitStatus::Opening, "a stale ready");
        mode.set(h, third, ChatKitStatus::Ready);
        mode.window_closed(h);
        assert_eq!(mode.status(), ChatKitStatus::Off, "closed by the user");
        mode.turn_off(h);
        assert_eq!(mode.status(), ChatKitStatus::Off);
    }

    #[test]
    fn the_timeout_comes_from_the_environment_or_is_eight_seconds() {
        assert_eq!(ready_timeout(None), Duration::from_secs(8));
        assert_eq!(ready_timeout(Some("1500")), Duration::from_millis(1500));
        for bad in ["0", "-5", "soon", ""] {
            assert_eq!(ready_timeout(Some(bad)), DEFAULT_READY_TIMEOUT, "{bad:?}");
        }
    }

    #[test]
    fn the_loader_is_in_chatkits_deployment_on_the_one_admitted_origin() {
        assert!(LOADER_URL.starts_with(super::super::CHATKIT_DEPLOYMENT));
        assert!(LOADER_URL.starts_with(&format!("{}/", super::super::CHATKIT_ORIGIN)));
        assert_eq!(
            ChatKitMode::new(DEFAULT_READY_TIMEOUT).loader_url,
            LOADER_URL
        );
    }

    #[test]
    fn a_cause_is_one_short_line() {
        assert_eq!(clean_cause("no\nnetwork\t "), "no network");
        assert_eq!(clean_cause("  "), "unknown cause");
        let long = clean_cause(&"é".repeat(400));
        assert_eq!(long.chars().count(), CAUSE_MAX + 1);
    }

    #[test]
    fn the_status_and_the_report_have_their_wire_form() {
        let failed = ChatKitStatus::Failed { cause: "x".into() };
        assert_eq!(
            serde_json::to_value(&failed).unwrap(),
            serde_json::json!({"state": "failed", "cause": "x"})
        );
        assert_eq!(
            serde_json::to_value(ChatKitStatus::Ready).unwrap(),
            serde_json::json!({"state": "ready"})
        );
        let r: Report = serde_json::from_str(r#"{"outcome":"failed","cause":"c"}"#).unwrap();
        assert!(matches!(r, Report::Failed { cause } if cause == "c"));
        assert!(serde_json::from_str::<Report>(r#"{"outcome":"maybe"}"#).is_err());
    }
}
