//! An X display for the app: the caller's `DISPLAY`, or a private Xvfb.
//!
//! Why: without a display GTK panics and tauri-driver's session request just hangs. CI has no
//! display, developers do; starting our own Xvfb with `-displayfd` (the server picks a free
//! display number and writes it to us) makes `cargo test` work the same in both places without
//! `xvfb-run`.

use std::process::{Command, Stdio};
use std::time::Duration;

use crate::process::ChildGuard;

/// How long Xvfb gets to report its display number.
const XVFB_START_TIMEOUT: Duration = Duration::from_secs(20);

/// A display the app can open windows on. Dropping it stops a private Xvfb.
#[derive(Debug)]
pub struct Display {
    name: String,
    _server: Option<ChildGuard>,
}

impl Display {
    /// The `DISPLAY` value, e.g. `:99`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Whether this display is a private Xvfb started by the harness.
    pub fn is_private(&self) -> bool {
        self._server.is_some()
    }

    /// Uses `DISPLAY` when set and non-empty (set `SHOPDESK_E2E_XVFB=1` to force a private
    /// server anyway), otherwise starts Xvfb.
    pub fn acquire() -> crate::Result<Self> {
        let forced = std::env::var("SHOPDESK_E2E_XVFB").is_ok_and(|v| v == "1");
        match std::env::var("DISPLAY") {
            Ok(name) if !name.is_empty() && !forced => Ok(Self {
                name,
                _server: None,
            }),
            _ => Self::start_xvfb(),
        }
    }

    /// Starts `Xvfb -displayfd 1` at 1280x800x24 without TCP listening.
    pub fn start_xvfb() -> crate::Result<Self> {
        let child = Command::new("Xvfb")
            .args([
                "-displayfd",
                "1",
                "-screen",
                "0",
                "1280x800x24",
                "-nolisten",
                "tcp",
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| {
                format!("cannot start Xvfb ({e}); install it (apt-get install xvfb) or set DISPLAY")
            })?;
        let mut guard = ChildGuard::new("Xvfb", child);
        let line = guard
            .first_stdout_line(XVFB_START_TIMEOUT)
            .map_err(|e| format!("Xvfb did not report a display: {e}"))?;
        let number: u32 = line.trim().parse().map_err(|_| {
            let status = guard.try_wait();
            format!("Xvfb reported {line:?} instead of a display number (exit status {status:?})")
        })?;
        Ok(Self {
            name: format!(":{number}"),
            _server: Some(guard),
        })
    }
}
