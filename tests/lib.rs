//! Helpers shared by the WebDriver tests of the built app (and of the UI in a browser against
//! `shopdesk-server`: [`BrowserHarness`]).
//!
//! Why: every scenario needs the same fragile plumbing — a display, a free port, a
//! `tauri-driver` per session, an isolated data directory, clean shutdown of every process —
//! and getting any of it wrong hangs CI instead of failing it. One harness, used by all tests:
//!
//! ```no_run
//! # async fn demo() -> shopdesk_e2e::Result<()> {
//! let harness = shopdesk_e2e::Harness::new()?;      // display + temp XDG_DATA_HOME
//! let app = harness.launch().await?;                // tauri-driver + a WebDriver session
//! app.wait_for("#composer-input").await?;
//! app.quit().await?;                                // the app exits; the data stays
//! let again = harness.launch().await?;              // same data directory, new session
//! # again.quit().await }
//! ```

pub mod binary;
pub mod browser_session;
pub mod display;
pub mod driver;
pub mod process;
pub mod session;
pub mod timing;

pub use browser_session::BrowserHarness;
pub use session::{App, Harness};

/// Errors from the harness and the tests: descriptive strings are what a failing CI log needs.
pub type Error = Box<dyn std::error::Error + Send + Sync>;
/// Result alias used across the harness.
pub type Result<T> = std::result::Result<T, Error>;

/// Serializes the GUI tests of one test binary: each starts a WebKit process, and the CI
/// machine has two cores. Hold the guard for the whole test (an async mutex: it is held across
/// awaits, and a failed test does not poison it).
pub async fn serial() -> tokio::sync::MutexGuard<'static, ()> {
    static LOCK: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
    LOCK.lock().await
}
