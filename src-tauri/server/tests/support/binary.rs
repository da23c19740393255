//! The real `shopdesk-server` binary as the load and bad-input tests run it: started with
//! `--port 0` on loopback, a temporary `--data-dir`, the offline model and no stream pacing; its
//! address read from the one line it prints on STDOUT once it listens; its log (STDERR) kept in a
//! file beside the data so a failing test can show it; stopped with SIGTERM (the drain path) and
//! its exit status checked.

use std::io::{BufRead, BufReader, Read};
use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// A running server and the folder it keeps its data in.
pub struct ServerProcess {
    child: Option<Child>,
    /// `http://127.0.0.1:PORT`
    pub base: String,
    dir: tempfile::TempDir,
}

impl ServerProcess {
    /// Start the binary on loopback with `extra` arguments after the defaults.
    pub fn spawn(extra: &[&str]) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let data = dir.path().join("data");
        std::fs::create_dir_all(&data).expect("data dir");
        let log = std::fs::File::create(dir.path().join("server.log")).expect("log file");
        let mut child = Command::new(env!("CARGO_BIN_EXE_shopdesk-server"))
            .args(["--host", "127.0.0.1", "--port", "0", "--data-dir"])
            .arg(&data)
            .args([
                "--allow-origin",
                super::wire::ORIGIN,
                "--stream-delay-ms",
                "0",
            ])
            .args(extra)
            // The offline model, whatever the developer's shell says.
            .env("SHOPDESK_PROVIDER", "offline")
            .env_remove("SHOPDESK_BASE_URL")
            .env_remove("SHOPDESK_MODEL")
            .env_remove("OPENAI_API_KEY")
            .env("RUST_LOG", "info")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .expect("start shopdesk-server");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut lines = BufReader::new(stdout);
            let mut first = String::new();
            let _ = lines.read_line(&mut first);
            let _ = tx.send(first);
            // Keep draining so the server never blocks on a full pipe.
            let _ = std::io::copy(&mut lines, &mut std::io::sink());
        });
        let mut process = Self {
            child: Some(child),
            base: String::new(),
            dir,
        };
        let line = match rx.recv_timeout(Duration::from_secs(30)) {
            Ok(line) => line,
            Err(_) => process.fail("no `listening` line within 30 s"),
        };
        match line.trim().strip_prefix("shopdesk-server listening on ") {
            Some(base) if base.starts_with("http://127.0.0.1:") => process.base = base.to_owned(),
            _ => process.fail(&format!("unexpected first STDOUT line {line:?}")),
        }
        process
    }

    /// The `--data-dir` folder.
    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// Everything the server logged so far.
    pub fn log(&self) -> String {
        let mut text = String::new();
        if let Ok(mut f) = std::fs::File::open(self.dir.path().join("server.log")) {
            let _ = f.read_to_string(&mut text);
        }
        text
    }

    /// Panic with `why` and the end of the server's log.
    pub fn fail(&mut self, why: &str) -> ! {
        self.kill();
        let log = self.log();
        let tail: String = log
            .lines()
            .rev()
            .take(40)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect::<Vec<_>>()
            .join("\n");
        panic!("shopdesk-server: {why}\n--- server log (last 40 lines) ---\n{tail}");
    }

    /// Stop it as a service manager does (SIGTERM, then wait for the drain); the exit status.
    /// Killed after `grace` if it has not exited by then (reported as an error).
    pub fn stop(&mut self, grace: Duration) -> Result<ExitStatus, String> {
        let Some(mut child) = self.child.take() else {
            return Err("already stopped".into());
        };
        terminate(&child);
        let deadline = Instant::now() + grace;
        loop {
            match child.try_wait() {
                Ok(Some(status)) => return Ok(status),
                Ok(None) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(20))
                }
                _ => {
                    let _ = child.kill();
                    let _ = child.wait();
                    return Err(format!("did not exit within {grace:?} of SIGTERM"));
                }
            }
        }
    }

    /// SIGKILL, as a crash: no drain, no cleanup, nothing released.
    pub fn kill_now(&mut self) {
        self.kill();
    }

    fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        self.kill();
    }
}

#[cfg(unix)]
fn terminate(child: &Child) {
    // SAFETY: kill(2) on the pid of a child we own and have not reaped yet.
    unsafe {
        libc::kill(child.id() as libc::pid_t, libc::SIGTERM);
    }
}

#[cfg(not(unix))]
fn terminate(_child: &Child) {}
