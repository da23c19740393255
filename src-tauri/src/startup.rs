//! What happened at start-up, for the page: which damaged data files were set aside, or why the
//! app could not start at all; and how a failed start ends.
//!
//! Why: a start-up problem must reach the user as a window, never as a process left running
//! without one (a setup error used to panic inside the event loop) nor as a message on a stderr
//! nobody sees. So nothing in setup is fatal to the process: [`start`] records the outcome in
//! the [`StartupReport`] (managed before setup runs, so the page can always ask), the page asks
//! with `startup_status` and shows a dismissible banner for the notices or, after a failure, a
//! full-window message with a Quit button (`quit_after_startup_failure`). Once the start has
//! failed, closing the window or Quit ends the process with [`FAILURE_EXIT_CODE`]
//! ([`on_run_event`]). A panic during setup counts as a failure too. The message also goes to
//! stderr, for a terminal or a journal.

use std::panic::AssertUnwindSafe;
use std::time::Duration;

use serde::Serialize;
use tauri::{App, AppHandle, Manager, RunEvent, Runtime, State};
use tokio::sync::watch;

use crate::data_files::Notice;
use crate::error::AppError;
use crate::state::AppState;

/// The exit status of a process whose start failed (after its window was closed).
pub const FAILURE_EXIT_CODE: i32 = 1;

/// What `startup_status` returns: `{ "failure": null | "<message>", "notices": [Notice…] }`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct StartupStatus {
    /// Why the app could not start; `None` when it did.
    pub failure: Option<String>,
    /// The data files that were set aside (see `data_files.rs`).
    pub notices: Vec<Notice>,
}

/// The outcome of the start, once known. Managed from the beginning; filled in by [`start`].
pub struct StartupReport {
    status: watch::Sender<Option<StartupStatus>>,
}

impl Default for StartupReport {
    fn default() -> Self {
        Self {
            status: watch::Sender::new(None),
        }
    }
}

impl StartupReport {
    /// Records a failed start (the first outcome recorded wins) and prints it to stderr.
    pub fn fail(&self, message: impl Into<String>) {
        let message = message.into();
        let line = format!("shopdesk: cannot start: {message}");
        if self.finish(StartupStatus {
            failure: Some(message),
            notices: Vec::new(),
        }) {
            eprintln!("{line}");
        }
    }

    /// Records a successful start with its notices (printed to stderr too).
    pub fn succeed(&self, notices: Vec<Notice>) {
        for n in &notices {
            eprintln!(
                "shopdesk: {} could not be used ({}); it was moved to {} and a new one created",
                n.file, n.reason, n.moved_to
            );
        }
        self.finish(StartupStatus {
            failure: None,
            notices,
        });
    }

    /// `true` once a failed start was recorded.
    pub fn failed(&self) -> bool {
        self.status
            .borrow()
            .as_ref()
            .is_some_and(|s| s.failure.is_some())
    }

    /// The outcome, waiting for it if setup has not recorded it yet.
    pub async fn status(&self) -> StartupStatus {
        let mut rx = self.status.subscribe();
        // The sender lives as long as the report, which outlives every command.
        let status = match rx.wait_for(Option::is_some).await {
            Ok(status) => status.clone(),
            Err(_) => None,
        };
        status.unwrap_or_default()
    }

    /// Records `status` unless an outcome is recorded already; `true` if it was.
    fn finish(&self, status: StartupStatus) -> bool {
        self.status.send_if_modified(|current| {
            if current.is_some() {
                return false;
            }
            *current = Some(status);
            true
        })
    }
}

/// Checks, before Tauri starts, that the data directory can be created: Tauri and WebKit keep
/// their own files under `$XDG_DATA_HOME` too, and cannot even open the window when it is
/// unusable (e.g. a regular file). Then the failure is recorded and `XDG_DATA_HOME` is pointed
/// at a fresh temporary directory, so the window can open and say why the app cannot start.
/// Call it first in `run`, while the process has one thread. (Linux paths, as Tauri's
/// `app_data_dir` resolves them: `$XDG_DATA_HOME` or `~/.local/share`, then the identifier.)
pub fn check_data_home(report: &StartupReport, identifier: &str) {
    let base = std::env::var_os("XDG_DATA_HOME")
        .map(std::path::PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| {
            std::env::var_os("HOME").map(|h| std::path::PathBuf::from(h).join(".local/share"))
        });
    let Some(dir) = base.map(|b| b.join(identifier)) else {
        return;
    };
    if let Err(e) = crate::paths::ensure_dir(&dir) {
        report.fail(e.message());
        let fallback =
            std::env::temp_dir().join(format!("shopdesk-failed-start-{}", std::process::id()));
        if crate::paths::ensure_dir(&fallback).is_ok() {
            std::env::set_var("XDG_DATA_HOME", &fallback);
        }
    }
}

/// The setup hook's work: opens the app's state (see [`AppState::open`]) unless the start has
/// already failed (invalid environment), and records the outcome. Never fails and never
/// panics: the page shows what went wrong.
pub fn start<R: Runtime>(app: &mut App<R>, stream_delay: Duration) {
    let handle = app.handle().clone();
    let report = app.state::<StartupReport>();
    if report.failed() {
        return;
    }
    let opened = std::panic::catch_unwind(AssertUnwindSafe(|| {
        AppState::open(&handle, stream_delay, chrono::Utc::now())
    }));
    match opened {
        Ok(Ok((state, notices))) => {
            app.manage(state);
            report.succeed(notices);
        }
        Ok(Err(e)) => report.fail(e.message()),
        Err(panic) => report.fail(format!(
            "internal error while opening the app's data: {}",
            panic_message(panic.as_ref())
        )),
    }
}

/// The run-loop hook of a started app: once the start has failed, the last window closing ends
/// the process with [`FAILURE_EXIT_CODE`] instead of success.
pub fn on_run_event<R: Runtime>(app: &AppHandle<R>, event: RunEvent) {
    if let RunEvent::ExitRequested {
        code: None, api, ..
    } = event
    {
        if app.state::<StartupReport>().failed() {
            api.prevent_exit();
            app.exit(FAILURE_EXIT_CODE);
        }
    }
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".into())
}

/// `invoke('startup_status')`: how the start went (waits for setup to finish).
#[tauri::command]
pub async fn startup_status(report: State<'_, StartupReport>) -> Result<StartupStatus, AppError> {
    Ok(report.status().await)
}

/// `invoke('quit_after_startup_failure')`: the Quit button of the failure screen. Ends the
/// process with [`FAILURE_EXIT_CODE`]; refused when the app started normally.
#[tauri::command]
pub fn quit_after_startup_failure<R: Runtime>(
    app: AppHandle<R>,
    report: State<'_, StartupReport>,
) -> Result<(), AppError> {
    if !report.failed() {
        return Err(AppError::InvalidRequest(
            "the app started normally; there is nothing to quit after".into(),
        ));
    }
    app.exit(FAILURE_EXIT_CODE);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notice(file: &str) -> Notice {
        Notice {
            file: file.into(),
            moved_to: format!("{file}.damaged-20261201T231500Z"),
            reason: "it is empty".into(),
        }
    }

    #[tokio::test]
    async fn the_first_outcome_wins_and_waiters_get_it() {
        let report = std::sync::Arc::new(StartupReport::default());
        let waiting = tokio::spawn({
            let report = report.clone();
            async move { report.status().await }
        });
        tokio::task::yield_now().await;
        assert!(!waiting.is_finished(), "the status waits for the outcome");
        report.succeed(vec![notice("/d/cart.json")]);
        report.fail("too late");
        let status = waiting.await.unwrap();
        assert_eq!(status.failure, None);
        assert_eq!(status.notices, [notice("/d/cart.json")]);
        assert!(!report.failed());
        assert_eq!(
            serde_json::to_value(&status).unwrap(),
            serde_json::json!({ "failure": null, "notices": [{
                "file": "/d/cart.json",
                "moved_to": "/d/cart.json.damaged-20261201T231500Z",
                "reason": "it is empty"
            }] })
        );
    }

    #[tokio::test]
    async fn a_failure_is_reported() {
        let report = StartupReport::default();
        report.fail("cannot create the data directory /x: Not a directory (os error 20)");
        assert!(report.failed());
        let status = report.status().await;
        assert_eq!(
            status.failure.as_deref(),
            Some("cannot create the data directory /x: Not a directory (os error 20)")
        );
        let boxed: Box<dyn std::any::Any + Send> = Box::new(String::from("boom"));
        assert_eq!(panic_message(boxed.as_ref()), "boom");
        let boxed: Box<dyn std::any::Any + Send> = Box::new("static boom");
        assert_eq!(panic_message(boxed.as_ref()), "static boom");
    }
}
