//! One WebDriver server per session: `tauri-driver` for the app, `chromedriver` for the UI in a
//! browser.
//!
//! Why: tauri-driver proxies WebDriver to WebKitWebDriver, which launches the app; chromedriver
//! launches Chromium. Giving each session its own driver on fresh ports (never the defaults 4444/
//! 4445/9515, which a leftover could hold) and its own environment (`DISPLAY`, `XDG_DATA_HOME`)
//! is what isolates tests from each other and from the developer's real data.

use std::fs::File;
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::process::ChildGuard;

/// How long a driver (and the WebKitWebDriver tauri-driver starts) get to accept connections.
const DRIVER_START_TIMEOUT: Duration = Duration::from_secs(20);

/// Debian's chromedriver (package `chromium-driver`).
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// A running driver. Dropping it sends SIGTERM: tauri-driver then closes WebKitWebDriver and the
/// app; chromedriver runs in its own process group, so the signal reaches Chromium too.
#[derive(Debug)]
pub struct Driver {
    port: u16,
    log: PathBuf,
    guard: ChildGuard,
}

impl Driver {
    /// Starts `tauri-driver --port P --native-port Q` with `env` added to its environment
    /// (inherited by WebKitWebDriver and the app) and its output in `log`.
    pub fn start(
        env: &[(&str, &std::ffi::OsStr)],
        display: &str,
        log: PathBuf,
    ) -> crate::Result<Self> {
        let program = tauri_driver_path();
        let [port, native_port] = free_ports()?;
        let out = File::create(&log)?;
        let mut cmd = Command::new(&program);
        cmd.args([
            "--port",
            &port.to_string(),
            "--native-port",
            &native_port.to_string(),
        ])
        .env("DISPLAY", display)
        .stdin(Stdio::null())
        .stdout(out.try_clone()?)
        .stderr(out);
        for (key, value) in env {
            cmd.env(key, value);
        }
        let child = cmd.spawn().map_err(|e| {
            format!(
                "cannot start {} ({e}); install it with `cargo install tauri-driver --locked \
                 --version ^2` and WebKitWebDriver with `apt-get install webkit2gtk-driver`",
                program.display()
            )
        })?;
        let mut driver = Self {
            port,
            log,
            guard: ChildGuard::new("tauri-driver", child),
        };
        // tauri-driver starts WebKitWebDriver at once but forwards the session request to it
        // without waiting: under load the request can arrive before WebKitWebDriver listens
        // ("tcp connect error" in the driver's log), so both must be listening first.
        driver.wait_until_listening(&[port, native_port])?;
        Ok(driver)
    }

    /// Starts `chromedriver --port=P` (Debian's, [`CHROMEDRIVER`]; `SHOPDESK_CHROMEDRIVER`
    /// overrides) as the leader of its own process group, with its output in `log`.
    pub fn chromedriver(log: PathBuf) -> crate::Result<Self> {
        use std::os::unix::process::CommandExt;
        let program = std::env::var_os("SHOPDESK_CHROMEDRIVER")
            .map_or_else(|| PathBuf::from(CHROMEDRIVER), PathBuf::from);
        let [port] = free_ports()?;
        let out = File::create(&log)?;
        let child = Command::new(&program)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(out.try_clone()?)
            .stderr(out)
            .process_group(0)
            .spawn()
            .map_err(|e| {
                format!(
                    "cannot start {} ({e}); install it with `apt-get install chromium \
                     chromium-driver` (scripts/setup.sh does)",
                    program.display()
                )
            })?;
        let mut driver = Self {
            port,
            log,
            guard: ChildGuard::new_group("chromedriver", child),
        };
        driver.wait_until_listening(&[port])?;
        Ok(driver)
    }

    /// The WebDriver URL to connect to.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The driver's combined output so far (for failure messages).
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Stops the driver now (SIGTERM first).
    pub fn stop(mut self) {
        self.guard.stop(crate::process::TERM_GRACE);
    }

    fn wait_until_listening(&mut self, ports: &[u16]) -> crate::Result<()> {
        let deadline = Instant::now() + DRIVER_START_TIMEOUT;
        while Instant::now() < deadline {
            if let Some(status) = self.guard.try_wait() {
                let name = self.guard.name();
                return Err(format!("{name} exited early ({status}): {}", self.log()).into());
            }
            if ports
                .iter()
                .all(|&port| TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_ok())
            {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Err(format!(
            "{} did not listen on {ports:?} within {DRIVER_START_TIMEOUT:?}: {}",
            self.guard.name(),
            self.log()
        )
        .into())
    }
}

/// `TAURI_DRIVER` if set, else `tauri-driver` from PATH, else `~/.cargo/bin/tauri-driver`.
pub fn tauri_driver_path() -> PathBuf {
    if let Some(path) = std::env::var_os("TAURI_DRIVER") {
        return PathBuf::from(path);
    }
    let on_path = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .map(|dir| dir.join("tauri-driver"))
        .find(|p| p.is_file());
    if let Some(path) = on_path {
        return path;
    }
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")));
    match cargo_home {
        Some(home) => home.join("bin").join("tauri-driver"),
        None => PathBuf::from("tauri-driver"),
    }
}

/// `N` distinct ports that were free a moment ago (bound together on port 0, then released).
pub fn free_ports<const N: usize>() -> crate::Result<[u16; N]> {
    let listeners = (0..N)
        .map(|_| TcpListener::bind((Ipv4Addr::LOCALHOST, 0)))
        .collect::<std::io::Result<Vec<_>>>()?;
    let mut ports = [0u16; N];
    for (port, listener) in ports.iter_mut().zip(&listeners) {
        *port = listener.local_addr()?.port();
    }
    Ok(ports)
}
