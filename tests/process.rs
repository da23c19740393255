//! A child process that is always stopped and reaped.
//!
//! Why: `Child::kill` sends SIGKILL, and tauri-driver only stops its WebKitWebDriver (and so the
//! app) on SIGTERM/SIGINT/SIGQUIT; a SIGKILLed tauri-driver leaves an orphan holding ports and
//! pipes, which hangs `cargo test | …` in CI. The guard sends SIGTERM, waits, then SIGKILLs, and
//! always waits for the child so no zombie is left behind. A child that starts a tree of its own
//! (chromedriver starts Chromium and its helpers) is put in its own process group and signalled
//! as a group, so no part of the tree outlives the test.

use std::io::{BufRead, BufReader};
use std::process::{Child, ExitStatus};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long a child gets to exit after SIGTERM before it is killed.
pub const TERM_GRACE: Duration = Duration::from_secs(5);

/// Owns a child process; stops it on drop.
#[derive(Debug)]
pub struct ChildGuard {
    name: String,
    child: Option<Child>,
    /// Signals go to the child's process group (`-pid`), not only to the child.
    group: bool,
}

impl ChildGuard {
    pub fn new(name: impl Into<String>, child: Child) -> Self {
        Self {
            name: name.into(),
            child: Some(child),
            group: false,
        }
    }

    /// Owns a child spawned as the leader of its own process group
    /// (`CommandExt::process_group(0)`): stopping it signals the whole group.
    pub fn new_group(name: impl Into<String>, child: Child) -> Self {
        Self {
            name: name.into(),
            child: Some(child),
            group: true,
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

    /// The first line the child writes to its stdout pipe (without the line end), waiting up to
    /// `timeout`; the rest of its output is read and dropped, so the child never blocks on a full
    /// pipe. Fails when the child closes stdout first or the time is up.
    pub fn first_stdout_line(&mut self, timeout: Duration) -> crate::Result<String> {
        let stdout = self
            .take_stdout()
            .ok_or_else(|| format!("{} has no stdout pipe", self.name))?;
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            let mut line = String::new();
            let read = reader.read_line(&mut line);
            let _ = tx.send(read.map(|_| line));
            let _ = std::io::copy(&mut reader, &mut std::io::sink());
        });
        match rx.recv_timeout(timeout) {
            Ok(Ok(line)) if !line.is_empty() => Ok(line.trim_end_matches(['\r', '\n']).to_owned()),
            Ok(_) => {
                let status = self.try_wait();
                Err(format!(
                    "{} closed its stdout without a line (exit status {status:?})",
                    self.name
                )
                .into())
            }
            Err(_) => {
                Err(format!("{} wrote no line to stdout within {timeout:?}", self.name).into())
            }
        }
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
        let target = if self.group { -pid } else { pid };
        // SAFETY: plain kill(2) on a pid (or the group it leads) we own and have not reaped yet.
        unsafe { libc::kill(target, libc::SIGTERM) };
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
        if self.group {
            // SAFETY: as above; the group's leader is not reaped yet, so the id is still ours.
            unsafe { libc::kill(-pid, libc::SIGKILL) };
        }
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

    #[test]
    fn a_group_guard_stops_the_childs_own_children() {
        use std::os::unix::process::CommandExt;
        let child = Command::new("sh")
            .args(["-c", "sleep 30 & echo $!; wait"])
            .stdout(std::process::Stdio::piped())
            .process_group(0)
            .spawn()
            .unwrap();
        let mut guard = ChildGuard::new_group("tree", child);
        let grandchild: libc::pid_t = guard
            .first_stdout_line(Duration::from_secs(10))
            .unwrap()
            .parse()
            .unwrap();
        guard.stop(TERM_GRACE).unwrap();
        // The grandchild was not our child, so it is reaped by init: poll until it is gone.
        let deadline = Instant::now() + TERM_GRACE;
        // SAFETY: signal 0 only asks whether the pid exists.
        while unsafe { libc::kill(grandchild, 0) } == 0 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(25));
        }
        assert_ne!(
            unsafe { libc::kill(grandchild, 0) },
            0,
            "the group's other member was stopped too"
        );
    }
}
