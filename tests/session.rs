//! The harness a test holds (display + data directory) and the app session it launches.
//!
//! Why: the persistence scenario quits the app and starts it again on the same data, so the
//! data directory must outlive a session while everything else (driver, WebDriver session, app
//! process) is per launch. Waiting helpers live here so every test waits the same way and a
//! timeout says what it waited for (and leaves a screenshot when `SHOPDESK_SCREENSHOT_DIR` is
//! set).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{json, Value};

use crate::display::Display;
use crate::driver::Driver;

/// The app's identifier (tauri.conf.json): its data lives in `$XDG_DATA_HOME/<identifier>`.
pub const APP_IDENTIFIER: &str = "dev.shopdesk.app";

/// Default time a wait helper gives the page (override: `SHOPDESK_E2E_TIMEOUT_SECS`).
pub fn default_timeout() -> Duration {
    let secs = std::env::var("SHOPDESK_E2E_TIMEOUT_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(30);
    Duration::from_secs(secs)
}

/// What a test owns for its whole length: a display and an isolated `XDG_DATA_HOME`.
#[derive(Debug)]
pub struct Harness {
    display: Display,
    root: tempfile::TempDir,
    data_home: PathBuf,
    app_bin: PathBuf,
    launches: std::cell::Cell<u32>,
    /// Extra environment of every launch (model settings, keys), after `XDG_DATA_HOME`.
    env: Vec<(String, String)>,
}

impl Harness {
    /// Finds the app binary, acquires a display and creates a fresh data directory.
    pub fn new() -> crate::Result<Self> {
        let app_bin = crate::binary::app_binary()?;
        let display = Display::acquire()?;
        let root = tempfile::Builder::new().prefix("shopdesk-e2e-").tempdir()?;
        let data_home = root.path().join("data");
        std::fs::create_dir_all(&data_home)?;
        Ok(Self {
            display,
            root,
            data_home,
            app_bin,
            launches: 0.into(),
            env: Vec::new(),
        })
    }

    /// Sets an environment variable for every later launch (tauri-driver passes its environment
    /// on to the app), e.g. `SHOPDESK_PROVIDER` or `OPENAI_API_KEY`.
    pub fn with_env(mut self, key: &str, value: &str) -> Self {
        self.env.push((key.to_owned(), value.to_owned()));
        self
    }

    /// Launches `program` instead of the app binary (e.g. a script that runs the app and records
    /// its exit status, which WebKitWebDriver, the app's parent, does not report).
    pub fn with_app_bin(mut self, program: PathBuf) -> Self {
        self.app_bin = program;
        self
    }

    /// The program every launch starts (the app binary unless [`Harness::with_app_bin`]).
    pub fn app_bin(&self) -> &Path {
        &self.app_bin
    }

    /// `$XDG_DATA_HOME` of every launch from this harness.
    pub fn data_home(&self) -> &Path {
        &self.data_home
    }

    /// The app's own data directory (`cart.json`, `shopdesk.sqlite3` …).
    pub fn app_data_dir(&self) -> PathBuf {
        self.data_home.join(APP_IDENTIFIER)
    }

    /// The display the app runs on.
    pub fn display(&self) -> &Display {
        &self.display
    }

    /// Starts tauri-driver and the app with this harness's data, and opens a WebDriver session.
    pub async fn launch(&self) -> crate::Result<App> {
        let n = self.launches.get() + 1;
        self.launches.set(n);
        let log = self.root.path().join(format!("tauri-driver-{n}.log"));
        let mut env = vec![("XDG_DATA_HOME", self.data_home.as_os_str())];
        env.extend(
            self.env
                .iter()
                .map(|(k, v)| (k.as_str(), std::ffi::OsStr::new(v.as_str()))),
        );
        let driver = Driver::start(&env, self.display.name(), log)?;
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), json!("wry"));
        caps.insert(
            "tauri:options".into(),
            json!({ "application": self.app_bin.to_string_lossy() }),
        );
        let started = Instant::now();
        let app = App::connect(driver, caps, "").await?;
        println!(
            "[e2e] launch {n}: session in {:.0} ms",
            started.elapsed().as_secs_f64() * 1e3
        );
        app.check_embedded_ui().await?;
        Ok(app)
    }
}

/// One running app (or browser page, see `browser_session`) with its WebDriver session.
#[derive(Debug)]
pub struct App {
    client: Client,
    driver: Option<Driver>,
    /// Put before every screenshot's name ("browser-" for the browser session).
    shot_prefix: &'static str,
}

impl App {
    /// Opens a WebDriver session with `caps` on `driver`, which the session then owns (stopped
    /// when it ends). A refused session stops the driver and fails with the driver's log.
    pub async fn connect(
        driver: Driver,
        caps: serde_json::Map<String, Value>,
        shot_prefix: &'static str,
    ) -> crate::Result<Self> {
        match ClientBuilder::new(HttpConnector::new())
            .capabilities(caps)
            .connect(&driver.url())
            .await
        {
            Ok(client) => Ok(App {
                client,
                driver: Some(driver),
                shot_prefix,
            }),
            Err(e) => {
                let log = driver.log();
                driver.stop();
                Err(format!("no WebDriver session: {e}\n{log}").into())
            }
        }
    }

    /// The WebDriver client, for anything the helpers do not cover.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Waits (default timeout) for an element matching `css`.
    pub async fn wait_for(&self, css: &str) -> crate::Result<Element> {
        self.wait_for_within(css, default_timeout()).await
    }

    /// Waits up to `timeout` for an element matching `css`.
    pub async fn wait_for_within(&self, css: &str, timeout: Duration) -> crate::Result<Element> {
        self.wait_until(
            &format!("an element matching {css:?}"),
            timeout,
            async |c: &Client| Ok(c.find(Locator::Css(css)).await.ok()),
        )
        .await
    }

    /// Waits (default timeout) until the trimmed text of the first `css` match equals `text`.
    pub async fn wait_for_text(&self, css: &str, text: &str) -> crate::Result<Element> {
        let what = format!("{css:?} to read {text:?}");
        self.wait_until(&what, default_timeout(), async |c: &Client| {
            let Ok(el) = c.find(Locator::Css(css)).await else {
                return Ok(None);
            };
            let actual = el.text().await.unwrap_or_default();
            Ok((actual.trim() == text).then_some(el))
        })
        .await
    }

    /// Polls `check` every 50 ms until it yields `Some`, or fails after `timeout` with a
    /// message naming `what` (and a screenshot when `SHOPDESK_SCREENSHOT_DIR` is set).
    pub async fn wait_until<T>(
        &self,
        what: &str,
        timeout: Duration,
        mut check: impl AsyncFnMut(&Client) -> crate::Result<Option<T>>,
    ) -> crate::Result<T> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(value) = check(&self.client).await? {
                return Ok(value);
            }
            if Instant::now() >= deadline {
                let shot = self
                    .screenshot(&format!("timeout-{what}"))
                    .await
                    .ok()
                    .flatten();
                let shot = shot
                    .map(|p| format!(" (screenshot: {})", p.display()))
                    .unwrap_or_default();
                return Err(format!("timed out after {timeout:?} waiting for {what}{shot}").into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// All elements matching `css` right now.
    pub async fn find_all(&self, css: &str) -> crate::Result<Vec<Element>> {
        Ok(self.client.find_all(Locator::Css(css)).await?)
    }

    /// Runs `script` (a function body; `arguments` holds `args`) in the page and returns its
    /// result.
    pub async fn eval(&self, script: &str, args: Vec<Value>) -> crate::Result<Value> {
        Ok(self.client.execute(script, args).await?)
    }

    /// Scrolls `element` to the middle of its scroller at once, then clicks it. The thread's
    /// scroller scrolls smoothly (CSS `scroll-behavior: smooth`), and a driver computes the click
    /// point right after its own scroll, mid-animation: far up the thread, a plain click can land
    /// outside the element (Chromium: "element click intercepted … at point (x, -144)").
    pub async fn click_in_view(
        &self,
        element: &fantoccini::elements::Element,
    ) -> crate::Result<()> {
        self.eval(
            "arguments[0].scrollIntoView({ block: 'center', behavior: 'instant' });",
            vec![serde_json::to_value(element)?],
        )
        .await?;
        element.click().await?;
        Ok(())
    }

    /// Saves a PNG of the window to `$SHOPDESK_SCREENSHOT_DIR/<name>.png` when that variable is
    /// set; returns the path written.
    pub async fn screenshot(&self, name: &str) -> crate::Result<Option<PathBuf>> {
        let Some(dir) = std::env::var_os("SHOPDESK_SCREENSHOT_DIR") else {
            return Ok(None);
        };
        let dir = PathBuf::from(dir);
        std::fs::create_dir_all(&dir)?;
        let file: String = name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .take(80)
            .collect();
        let path = dir.join(format!("{}{file}.png", self.shot_prefix));
        let png = self.client.screenshot().await?;
        std::fs::write(&path, png)?;
        println!("[e2e] screenshot: {}", path.display());
        Ok(Some(path))
    }

    /// Ends the session (tauri-driver closes the app), then stops the driver.
    pub async fn quit(mut self) -> crate::Result<()> {
        let closed = self.client.clone().close().await;
        if let Some(driver) = self.driver.take() {
            driver.stop();
        }
        closed.map_err(|e| format!("closing the WebDriver session failed: {e}").into())
    }

    /// Fails fast, with the fix, when the binary loads the Vite dev server instead of the
    /// embedded UI (a binary from `cargo build` without `custom-protocol`, or from `tauri dev`).
    async fn check_embedded_ui(&self) -> crate::Result<()> {
        let url = self.client.current_url().await?;
        if url.scheme().starts_with("http") && url.host_str() == Some("127.0.0.1") {
            return Err(format!(
                "the app loaded {url}: this binary has no embedded UI. Rebuild it with \
                 `npm run build:ui && cargo build -p shopdesk --features custom-protocol`"
            )
            .into());
        }
        Ok(())
    }
}

impl Drop for App {
    fn drop(&mut self) {
        // A test that failed before `quit` still must not leave the app running: stopping the
        // driver with SIGTERM makes it close WebKitWebDriver, which closes the app.
        if let Some(driver) = self.driver.take() {
            driver.stop();
        }
    }
}
