//! The UI in a real browser against the real server: `shopdesk-server` on an ephemeral port, the
//! built UI (`ui/dist`) served by `vite preview`, and headless Chromium driven by chromedriver.
//!
//! Why: the page outside Tauri is a second front door to the same core (issue 10): its transport
//! is the browser's own `fetch` over HTTP with CORS, its cart lives in `localStorage`, and only a
//! real browser shows that all of it works together. Like the app harness, this builds nothing:
//! `npm run build:ui` and `cargo build -p shopdesk-server` come first (scripts/test.sh does both).
//! Every process is owned by a guard, so a failing test still stops all of them.
//!
//! ```no_run
//! # async fn demo() -> shopdesk_e2e::Result<()> {
//! let site = shopdesk_e2e::BrowserHarness::start()?; // server + vite preview
//! let page = site.open().await?;                     // chromedriver + Chromium on the page
//! page.wait_for("#composer-input").await?;
//! println!("{:?}", site.chatkit_requests());        // what the server was asked, in order
//! page.quit().await
//! # }
//! ```

use std::net::{Ipv4Addr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::binary::{server_binary, workspace_root};
use crate::driver::{free_ports, Driver};
use crate::process::ChildGuard;
use crate::session::App;

/// Debian's Chromium (package `chromium`); `SHOPDESK_CHROMIUM` overrides.
pub const CHROMIUM: &str = "/usr/bin/chromium";
/// The line `shopdesk-server --port 0` prints once it listens, before the address.
const LISTENING: &str = "shopdesk-server listening on ";
/// How long the server and the preview server get to listen.
const START_TIMEOUT: Duration = Duration::from_secs(30);

/// A running server and the page's web server; each [`BrowserHarness::open`] is a new browser.
#[derive(Debug)]
pub struct BrowserHarness {
    root: tempfile::TempDir,
    server: ChildGuard,
    server_log: PathBuf,
    /// `http://127.0.0.1:<port>` of shopdesk-server.
    server_base: String,
    preview: ChildGuard,
    /// `http://127.0.0.1:<port>` of the page.
    page_origin: String,
    opened: std::cell::Cell<u32>,
}

impl BrowserHarness {
    /// Starts the server (offline model, `stream_delay_ms` pacing, a fresh data directory, CORS
    /// for the page's origin only) and `vite preview` of `ui/dist`.
    pub fn start_with_pacing(stream_delay_ms: u64) -> crate::Result<Self> {
        let root = tempfile::Builder::new()
            .prefix("shopdesk-browser-")
            .tempdir()?;
        let dist = workspace_root().join("ui/dist/index.html");
        if !dist.is_file() {
            return Err(format!(
                "{} is missing: run `npm run build:ui` first",
                dist.display()
            )
            .into());
        }
        let [page_port] = free_ports()?;
        let page_origin = format!("http://127.0.0.1:{page_port}");
        let server_log = root.path().join("shopdesk-server.log");
        let (server, server_base) =
            start_server(root.path(), &server_log, &page_origin, stream_delay_ms)?;
        let preview = start_preview(root.path(), page_port)?;
        Ok(Self {
            root,
            server,
            server_log,
            server_base,
            preview,
            page_origin,
            opened: 0.into(),
        })
    }

    /// [`BrowserHarness::start_with_pacing`] with the pacing the app's WebDriver tests see
    /// (`SHOPDESK_STREAM_DELAY_MS` when set, else 120 ms).
    pub fn start() -> crate::Result<Self> {
        let ms = std::env::var("SHOPDESK_STREAM_DELAY_MS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(120);
        Self::start_with_pacing(ms)
    }

    /// The server's `POST /chatkit` URL.
    pub fn chatkit_url(&self) -> String {
        format!("{}/chatkit", self.server_base)
    }

    /// The page, pointed at this server with `?server=`.
    pub fn page_url(&self) -> String {
        format!("{}/?server={}", self.page_origin, self.chatkit_url())
    }

    /// Everything the server logged (stderr) so far.
    pub fn server_log(&self) -> String {
        std::fs::read_to_string(&self.server_log).unwrap_or_default()
    }

    /// The ChatKit request types the server received, in order, read from its request log (one
    /// `http request` line per request: `method=POST path="/chatkit" … request=<type>`).
    pub fn chatkit_requests(&self) -> Vec<String> {
        chatkit_requests_in(&self.server_log())
    }

    /// Starts chromedriver and headless Chromium (a profile of its own in this harness's
    /// directory) and opens the page.
    pub async fn open(&self) -> crate::Result<App> {
        let n = self.opened.get() + 1;
        self.opened.set(n);
        let driver = Driver::chromedriver(self.root.path().join(format!("chromedriver-{n}.log")))?;
        let chromium = std::env::var_os("SHOPDESK_CHROMIUM")
            .map_or_else(|| PathBuf::from(CHROMIUM), PathBuf::from);
        let profile = self.root.path().join(format!("chromium-profile-{n}"));
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), json!("chrome"));
        caps.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": chromium.to_string_lossy(),
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,900",
                    "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
                    format!("--user-data-dir={}", profile.display()),
                ],
            }),
        );
        // The page's console, read back by `console_errors`.
        caps.insert("goog:loggingPrefs".into(), json!({ "browser": "ALL" }));
        let started = Instant::now();
        let page = App::connect(driver, caps, "browser-").await?;
        page.client().goto(&self.page_url()).await?;
        println!(
            "[e2e] browser {n}: session and page in {:.0} ms",
            started.elapsed().as_secs_f64() * 1e3
        );
        Ok(page)
    }
}

impl Drop for BrowserHarness {
    fn drop(&mut self) {
        self.preview.stop(crate::process::TERM_GRACE);
        self.server.stop(crate::process::TERM_GRACE);
    }
}

/// The request types of the `POST /chatkit` lines in a server log.
pub fn chatkit_requests_in(log: &str) -> Vec<String> {
    log.lines()
        .filter(|l| {
            l.contains("http request")
                && l.contains("method=POST")
                && l.contains("path=\"/chatkit\"")
        })
        .filter_map(|l| {
            let rest = &l[l.find(" request=")? + " request=".len()..];
            Some(
                rest.split_whitespace()
                    .next()
                    .unwrap_or("")
                    .trim_matches('"')
                    .to_owned(),
            )
        })
        .collect()
}

/// Starts `shopdesk-server --port 0` and returns it with its base URL (from its one stdout line).
fn start_server(
    root: &Path,
    log: &Path,
    page_origin: &str,
    stream_delay_ms: u64,
) -> crate::Result<(ChildGuard, String)> {
    let program = server_binary()?;
    let data_dir = root.join("server-data");
    let mut cmd = Command::new(&program);
    cmd.args([
        "--host",
        "127.0.0.1",
        "--port",
        "0",
        "--allow-origin",
        page_origin,
    ])
    .arg("--data-dir")
    .arg(&data_dir)
    .arg("--stream-delay-ms")
    .arg(stream_delay_ms.to_string())
    // Every SSE frame stamped with its send time, for the page's core → applied latency.
    .arg("--stamp-events")
    // The offline model, whatever the developer's shell says; no key to leak into a log.
    .env("SHOPDESK_PROVIDER", "offline")
    .env("XDG_DATA_HOME", root)
    .env("RUST_LOG", "info")
    .env_remove("OPENAI_API_KEY")
    .env_remove("SHOPDESK_BASE_URL")
    .env_remove("SHOPDESK_MODEL")
    .stdin(Stdio::null())
    .stdout(Stdio::piped())
    .stderr(std::fs::File::create(log)?);
    let child = cmd
        .spawn()
        .map_err(|e| format!("cannot start {} ({e})", program.display()))?;
    let mut guard = ChildGuard::new("shopdesk-server", child);
    let line = guard.first_stdout_line(START_TIMEOUT).map_err(|e| {
        let log = std::fs::read_to_string(log).unwrap_or_default();
        format!("shopdesk-server did not say where it listens: {e}\n{log}")
    })?;
    let base = line
        .strip_prefix(LISTENING)
        .ok_or_else(|| format!("shopdesk-server printed {line:?}, not {LISTENING:?}<url>"))?
        .trim_end_matches('/')
        .to_owned();
    Ok((guard, base))
}

/// Starts `vite preview` of ui/dist on `port` (strict) and waits until it listens.
fn start_preview(root: &Path, port: u16) -> crate::Result<ChildGuard> {
    let workspace = workspace_root();
    let vite = workspace.join("node_modules/.bin/vite");
    let log = root.join("vite-preview.log");
    let out = std::fs::File::create(&log)?;
    let child = Command::new(&vite)
        .args([
            "preview",
            "--config",
            "ui/vite.config.ts",
            "--host",
            "127.0.0.1",
            "--strictPort",
        ])
        .args(["--port", &port.to_string()])
        .current_dir(&workspace)
        .stdin(Stdio::null())
        .stdout(out.try_clone()?)
        .stderr(out)
        .spawn()
        .map_err(|e| format!("cannot start {} ({e}); run `npm ci` first", vite.display()))?;
    let mut guard = ChildGuard::new("vite preview", child);
    let deadline = Instant::now() + START_TIMEOUT;
    while TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_err() {
        let log = || std::fs::read_to_string(&log).unwrap_or_default();
        if let Some(status) = guard.try_wait() {
            return Err(format!("vite preview exited ({status}): {}", log()).into());
        }
        if Instant::now() >= deadline {
            return Err(format!(
                "vite preview did not listen on {port} within {START_TIMEOUT:?}: {}",
                log()
            )
            .into());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Ok(guard)
}

/// The page's console messages at level SEVERE (errors, failed loads) since the last call, as
/// chromedriver reports them (`goog:loggingPrefs`).
pub async fn console_errors(page: &App) -> crate::Result<Vec<Value>> {
    let entries = page.client().issue_cmd(BrowserLog).await?;
    Ok(entries
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["level"] == "SEVERE")
        .cloned()
        .collect())
}

/// chromedriver's `POST /session/{id}/se/log {"type":"browser"}` (not in the W3C protocol).
#[derive(Debug)]
struct BrowserLog;

impl fantoccini::wd::WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/se/log", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(r#"{"type":"browser"}"#.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_chatkit_posts_of_a_server_log() {
        let log = "\
2026-12-02T05:00:00Z  INFO http: shopdesk_server::request_log: http request request_id=req_1 method=OPTIONS path=\"/chatkit\" status=200 ms=0 request=-
2026-12-02T05:00:00Z  INFO http: shopdesk_server::request_log: http request request_id=req_2 method=POST path=\"/chatkit\" status=200 ms=3 request=threads.list
2026-12-02T05:00:01Z  INFO http: shopdesk_server::request_log: http request request_id=req_3 method=GET path=\"/health\" status=200 ms=0 request=-
2026-12-02T05:00:01Z  INFO http{request_id=req_4}: shopdesk_server::sse_body: stream ended
2026-12-02T05:00:02Z  INFO http: shopdesk_server::request_log: http request request_id=req_4 method=POST path=\"/chatkit\" status=200 ms=9 request=threads.create";
        assert_eq!(chatkit_requests_in(log), ["threads.list", "threads.create"]);
    }
}
