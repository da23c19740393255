//! The app's log: one `tracing` subscriber writing to stderr and to `logs/shopdesk.log` in the
//! app's data directory, rotated by size.
//!
//! Why: the crates report what goes wrong through `tracing` (a model request that failed, a
//! cancelled run's cleanup, every IPC request with its outcome and time), and without a
//! subscriber all of that is lost; when a user reports a problem, the log file is what a
//! developer asks for. The filter is `RUST_LOG` when set (and valid), else [`DEFAULT_FILTER`].
//!
//! The subscriber is installed first thing in `run()`, writing to stderr only; the file joins
//! in Tauri's setup hook ([`start`]), once `paths::data_dir` can resolve the data directory the
//! same way the rest of the app does (so there is one owner of that path). The file is
//! private (0600, its directory 0700), holds at most [`MAX_LOG_BYTES`] and is rotated to
//! `shopdesk.log.1` … `.N` ([`KEPT_LOG_FILES`]); `tracing-appender` only rotates by time, hence
//! [`RotatingFile`]. Nothing in the app logs the API key, settings values or request bodies;
//! the WebDriver test `ipc_limits` checks the file for a canary key.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use tauri::{AppHandle, Manager, Runtime};
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::EnvFilter;

use crate::settings::Settings;

/// The log's directory, inside the app's data directory.
pub const LOG_DIR: &str = "logs";

/// The current log file; rotated ones get `.1` (newest) to `.N` appended.
pub const LOG_FILE: &str = "shopdesk.log";

/// A log file is rotated before it would grow past this (5 MiB).
pub const MAX_LOG_BYTES: u64 = 5 * 1024 * 1024;

/// How many rotated files are kept besides the current one.
pub const KEPT_LOG_FILES: usize = 3;

/// The filter without `RUST_LOG`: what the app's own crates report at `info` and above (start,
/// every request, model backend changes), everything else (Tauri, WebKit glue, HTTP) only from
/// `warn`.
pub const DEFAULT_FILTER: &str = "warn,shopdesk=info,shopdesk_lib=info,chatkit=info,shop=info";

/// The filter for `spec` (the value of `RUST_LOG`), or [`DEFAULT_FILTER`] when it is unset,
/// empty or invalid; an invalid one also yields the message to log about it.
pub fn filter(spec: Option<&str>) -> (EnvFilter, Option<String>) {
    let default = || EnvFilter::new(DEFAULT_FILTER);
    match spec.map(str::trim).filter(|s| !s.is_empty()) {
        None => (default(), None),
        Some(spec) => match EnvFilter::try_new(spec) {
            Ok(filter) => (filter, None),
            Err(e) => (
                default(),
                Some(format!(
                    "RUST_LOG={spec:?} is not a valid filter ({e}); using {DEFAULT_FILTER:?}"
                )),
            ),
        },
    }
}

/// The app's subscriber: `filter`, then one layer to stderr and one to `file`.
pub fn subscriber(
    filter: EnvFilter,
    file: LogFile,
) -> impl tracing::Subscriber + Send + Sync + 'static {
    tracing_subscriber::registry()
        .with(filter)
        .with(tracing_subscriber::fmt::layer().with_writer(io::stderr))
        .with(
            tracing_subscriber::fmt::layer()
                .with_ansi(false)
                .with_writer(file),
        )
}

/// Installs the app's subscriber (also for `log` records of the dependencies) with the filter
/// of `RUST_LOG`. Returns the file half, to [`start`] once the data directory is known.
pub fn init() -> LogFile {
    let file = LogFile::default();
    let (filter, warning) = filter(std::env::var("RUST_LOG").ok().as_deref());
    if subscriber(filter, file.clone()).try_init().is_err() {
        eprintln!("shopdesk: a log subscriber was already installed; logging to it instead");
    }
    if let Some(warning) = warning {
        tracing::warn!("{warning}");
    }
    file
}

/// In Tauri's setup: opens the log file in the data directory (a failure is reported and the
/// app goes on logging to stderr only), then logs the start of the app — version, data
/// directory, model provider; never a key.
pub fn start<R: Runtime>(file: &LogFile, app: &AppHandle<R>) {
    let dir = match crate::paths::data_dir(app) {
        Ok(dir) => dir,
        Err(e) => {
            tracing::warn!("no log file: {e}");
            return;
        }
    };
    match RotatingFile::open(&dir.join(LOG_DIR), MAX_LOG_BYTES, KEPT_LOG_FILES) {
        Ok(rotating) => file.attach(rotating),
        Err(e) => tracing::warn!("no log file in {}: {e}", dir.display()),
    }
    let provider = app
        .try_state::<Settings>()
        .map(|settings| settings.current(app).provider.as_str());
    tracing::info!(
        version = env!("CARGO_PKG_VERSION"),
        data_dir = %dir.display(),
        log = ?file.path(),
        provider = provider.unwrap_or("(not configured)"),
        "shopdesk started"
    );
}

/// The file half of the subscriber: writes nothing until a [`RotatingFile`] is attached.
/// Cheap to clone (shared).
#[derive(Clone, Default)]
pub struct LogFile(Arc<OnceLock<RotatingFile>>);

impl LogFile {
    /// From now on every record also goes to `file`. Only the first file attached counts.
    pub fn attach(&self, file: RotatingFile) {
        let _ = self.0.set(file);
    }

    /// The current log file, once attached.
    pub fn path(&self) -> Option<&Path> {
        self.0.get().map(RotatingFile::path)
    }
}

impl<'a> MakeWriter<'a> for LogFile {
    type Writer = LogFileWriter<'a>;

    fn make_writer(&'a self) -> Self::Writer {
        LogFileWriter(self.0.get())
    }
}

/// Writes one formatted record (the fmt layer writes each record in one call) to the attached
/// file, or drops it when none is attached.
pub struct LogFileWriter<'a>(Option<&'a RotatingFile>);

impl Write for LogFileWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if let Some(file) = self.0 {
            file.write_record(buf)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A log file that is rotated by size: a record that would take it past `max_bytes` first
/// moves `name` to `name.1`, `name.1` to `name.2` … keeping `keep` old files (the oldest is
/// overwritten). Records are never split across files.
pub struct RotatingFile {
    path: PathBuf,
    max_bytes: u64,
    keep: usize,
    open: Mutex<OpenFile>,
}

struct OpenFile {
    file: File,
    len: u64,
}

impl RotatingFile {
    /// Opens (appending) or creates `dir/`[`LOG_FILE`]; creates `dir` with mode 0700 and makes
    /// the file 0600 even when it existed with wider permissions.
    pub fn open(dir: &Path, max_bytes: u64, keep: usize) -> io::Result<Self> {
        std::fs::create_dir_all(dir)?;
        crate::paths::make_private(dir)?;
        let path = dir.join(LOG_FILE);
        let file = open_private(&path)?;
        let len = file.metadata()?.len();
        Ok(Self {
            path,
            max_bytes,
            keep,
            open: Mutex::new(OpenFile { file, len }),
        })
    }

    /// The current file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The `n`th rotated file (1 is the newest).
    pub fn rotated_path(&self, n: usize) -> PathBuf {
        let mut name = self.path.as_os_str().to_owned();
        name.push(format!(".{n}"));
        PathBuf::from(name)
    }

    fn write_record(&self, record: &[u8]) -> io::Result<()> {
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        if open.len > 0 && open.len + record.len() as u64 > self.max_bytes {
            self.rotate(&mut open)?;
        }
        open.file.write_all(record)?;
        open.len += record.len() as u64;
        Ok(())
    }

    fn rotate(&self, open: &mut OpenFile) -> io::Result<()> {
        if self.keep == 0 {
            std::fs::remove_file(&self.path)?;
        } else {
            for n in (1..self.keep).rev() {
                let from = self.rotated_path(n);
                if from.exists() {
                    std::fs::rename(&from, self.rotated_path(n + 1))?;
                }
            }
            std::fs::rename(&self.path, self.rotated_path(1))?;
        }
        open.file = open_private(&self.path)?;
        open.len = 0;
        Ok(())
    }
}

/// Opens `path` for appending, creating it with mode 0600, and narrows an existing file to 0600.
fn open_private(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options.open(path)?;
    crate::paths::make_private(path)?;
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(path: &Path) -> String {
        std::fs::read_to_string(path).unwrap()
    }

    #[cfg(unix)]
    fn mode(path: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn rotates_at_the_cap_and_keeps_k_files() {
        let dir = tempfile::tempdir().unwrap();
        let log = RotatingFile::open(&dir.path().join("logs"), 100, 2).unwrap();
        // 40-byte records: two fit under 100 bytes, the third rotates.
        let record = |i: usize| format!("record {i:02} {}\n", "x".repeat(29));
        assert_eq!(record(1).len(), 40);
        for i in 1..=10 {
            log.write_record(record(i).as_bytes()).unwrap();
        }
        assert_eq!(read(log.path()), record(9) + &record(10));
        assert_eq!(read(&log.rotated_path(1)), record(7) + &record(8));
        assert_eq!(read(&log.rotated_path(2)), record(5) + &record(6));
        assert!(!log.rotated_path(3).exists(), "only 2 old files are kept");
        let names: Vec<_> = std::fs::read_dir(dir.path().join("logs"))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(names.len(), 3, "{names:?}");

        // A record longer than the cap is written whole, into a file of its own.
        let long = "y".repeat(150);
        log.write_record(long.as_bytes()).unwrap();
        assert_eq!(read(log.path()), long);
        assert_eq!(read(&log.rotated_path(1)), record(9) + &record(10));
    }

    #[test]
    fn reopening_appends_and_counts_what_is_there() {
        let dir = tempfile::tempdir().unwrap();
        let log = RotatingFile::open(dir.path(), 100, 1).unwrap();
        log.write_record(&[b'a'; 60]).unwrap();
        drop(log);
        let log = RotatingFile::open(dir.path(), 100, 1).unwrap();
        log.write_record(&[b'b'; 60]).unwrap();
        assert_eq!(read(&log.rotated_path(1)), "a".repeat(60));
        assert_eq!(read(log.path()), "b".repeat(60));
    }

    #[cfg(unix)]
    #[test]
    fn the_files_are_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let logs = dir.path().join("logs");
        std::fs::create_dir(&logs).unwrap();
        std::fs::set_permissions(&logs, std::fs::Permissions::from_mode(0o755)).unwrap();
        std::fs::write(logs.join(LOG_FILE), b"old\n").unwrap();
        std::fs::set_permissions(logs.join(LOG_FILE), std::fs::Permissions::from_mode(0o644))
            .unwrap();
        let log = RotatingFile::open(&logs, 10, 3).unwrap();
        assert_eq!(mode(&logs), 0o700);
        assert_eq!(mode(log.path()), 0o600, "an existing file is narrowed");
        log.write_record(b"0123456789").unwrap(); // rotates "old"
        assert_eq!(mode(log.path()), 0o600, "a new file after rotation");
        assert_eq!(mode(&log.rotated_path(1)), 0o600);
        assert_eq!(read(&log.rotated_path(1)), "old\n");
    }

    /// Logs one record per `(target, level)` through the app's subscriber with `spec` as
    /// `RUST_LOG`, and returns the file.
    fn log_through(spec: Option<&str>) -> (String, Option<String>) {
        let dir = tempfile::tempdir().unwrap();
        let file = LogFile::default();
        file.attach(RotatingFile::open(dir.path(), MAX_LOG_BYTES, 1).unwrap());
        let (filter, warning) = filter(spec);
        tracing::subscriber::with_default(subscriber(filter, file.clone()), || {
            tracing::info!(target: "shopdesk_lib::commands", "app info");
            tracing::debug!(target: "shopdesk_lib::commands", "app debug");
            tracing::warn!(target: "chatkit::server", "chatkit warn");
            tracing::info!(target: "tao::platform", "dependency info");
            tracing::warn!(target: "tao::platform", "dependency warn");
        });
        (read(file.path().unwrap()), warning)
    }

    #[test]
    fn the_filter_applies_to_the_file() {
        let lines = |log: &str| -> Vec<String> {
            log.lines()
                .map(|l| l.rsplit(": ").next().unwrap().to_owned())
                .collect()
        };
        let (log, warning) = log_through(None);
        assert_eq!(warning, None);
        assert_eq!(
            lines(&log),
            ["app info", "chatkit warn", "dependency warn"],
            "the default: our crates from info, the rest from warn"
        );
        assert!(
            log.contains(" INFO shopdesk_lib::commands: app info"),
            "{log}"
        );
        assert!(!log.contains('\u{1b}'), "no colour codes in the file");
        let (log, _) = log_through(Some("shopdesk_lib=debug,tao=off"));
        assert_eq!(lines(&log), ["app info", "app debug"]);
        let (log, _) = log_through(Some("error"));
        assert_eq!(log, "");
        let (log, warning) = log_through(Some("shopdesk_lib=nonsense"));
        assert!(
            warning
                .as_deref()
                .is_some_and(|w| w.contains("not a valid filter")),
            "{warning:?}"
        );
        assert_eq!(lines(&log), ["app info", "chatkit warn", "dependency warn"]);
    }

    #[test]
    fn nothing_is_written_before_a_file_is_attached() {
        let file = LogFile::default();
        assert!(file.path().is_none());
        let mut writer = file.make_writer();
        assert_eq!(writer.write(b"dropped").unwrap(), 7);
    }
}
