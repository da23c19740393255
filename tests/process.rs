//! A child process that is always stopped and reaped.
//!
//! Why: `Child::kill` sends SIGKILL, and tauri-driver only stops its WebKitWebDriver (and so the
//! app) on SIGTERM/SIGINT/SIGQUIT; a SIGKILLed tauri-driver leaves an orphan holding ports and
//! pipes, which hangs `cargo test | …` in CI. The guard sends SIGTERM, waits, then SIGKILLs, and
//! always waits for the child so no zombie is left behind.

use std::process::{Child, ExitStatus};
use std::time::{Duration, Instant};

/// How long a child gets to exit after SIGTERM before it is killed.
pub const TERM_GRACE: Duration = Duration::from_secs(5);

/// Owns a child process; stops it on drop.
#[derive(Debug)]
pub struct ChildGuard {
    name: String,
    child: Option<Child>,
}

impl ChildGuard {
    pub fn new(name: impl Into<String>, child: Child) -> Self {
        Self {
            name: name.into(),
            child: Some(child),
        }
    }

    /// The child's process id.
    pub fn id(&self) -> u32 {
        self.child.as_ref().map_or(0, Child::id)
    }

    /// The name given at creation, for messages.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Takes the child's stdout pipe, if it was spawned with one.
    pub fn take_stdout(&mut self) -> Option<std::process::ChildStdout> {
        self.child.as_mut().and_then(|c| c.stdout.take())
    }

    /// `Some(status)` if the child has already exited.
    pub fn try_wait(&mut self) -> Option<ExitStatus> {
        self.child
            .as_mut()
            .and_then(|c| c.try_wait().ok().flatten())
    }

    /// SIGTERM, up to `grace` to exit, then SIGKILL; reaps the child. Returns its exit status.
    pub fn stop(&mut self, grace: Duration) -> Option<ExitStatus> {
        let mut child = self.child.take()?;
        if let Ok(Some(status)) = child.try_wait() {
            return Some(status);
        }
        let pid = child.id() as libc::pid_t;
        // SAFETY: plain kill(2) on a pid we own and have not reaped yet.
        unsafe { libc::kill(pid, libc::SIGTERM) };
        let deadline = Instant::now() + grace;
        while Instant::now() < deadline {
            match child.try_wait() {
                Ok(Some(status)) => return Some(status),
                Ok(None) => std::thread::sleep(Duration::from_millis(25)),
                Err(_) => break,
            }
        }
        eprintln!(
            "[e2e] {} ignored SIGTERM for {grace:?}; sending SIGKILL",
            self.name
        );
        let _ = child.kill();
        child.wait().ok()
    }
}

impl Drop for ChildGuard {
    fn drop(&mut self) {
        self.stop(TERM_GRACE);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    #[test]
    fn sigterm_stops_a_cooperative_child() {
        let child = Command::new("sleep").arg("30").spawn().unwrap();
        let mut guard = ChildGuard::new("sleep", child);
        let started = Instant::now();
        let status = guard.stop(TERM_GRACE).unwrap();
        assert!(!status.success());
        assert!(
            started.elapsed() < TERM_GRACE,
            "stopped by SIGTERM, not by the SIGKILL fallback"
        );
        assert!(
            guard.stop(TERM_GRACE).is_none(),
            "a stopped guard has nothing left to stop"
        );
    }

    #[test]
    fn sigkill_follows_when_sigterm_is_ignored() {
        let child = Command::new("sh")
            .args(["-c", "trap '' TERM; echo ready; sleep 30"])
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut guard = ChildGuard::new("stubborn", child);
        // Wait until the trap is installed before signalling.
        let mut out = guard.take_stdout().unwrap();
        let mut buf = [0u8; 6];
        std::io::Read::read_exact(&mut out, &mut buf).unwrap();
        let status = guard.stop(Duration::from_millis(200)).unwrap();
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(status.signal(), Some(libc::SIGKILL));
    }
}
