//! The main window's size and position, kept across restarts in `window-state.json`.
//!
//! Why our own code and not `tauri-plugin-window-state`: the plugin keeps its file in the app's
//! *config* directory and saves when a window closes. The app keeps every file in its data
//! directory (`paths.rs`: one private directory, `0600` files, isolated by `XDG_DATA_HOME` in
//! the tests), and an app that is killed — a session's end under WebDriver, a logout, a crash —
//! never closes its window. So the geometry is saved a moment after every move or resize
//! ([`SAVE_DELAY`]), and again when the window closes; it is read once, before the window is
//! built ([`apply`] edits the window's declaration), so the window opens where it was instead of
//! jumping there.
//!
//! The geometry is in logical pixels (what `tauri.conf.json` uses), the position of the outer
//! frame, the size of the inner area. A maximized window keeps the size it had before it was
//! maximized and opens maximized again. What is read is checked: a size outside the window's
//! minimum and [`MAX_SIDE`] is not used, nor a position that would put less than
//! [`MIN_VISIBLE`] pixels of the window on a monitor (a monitor that was unplugged), so the
//! window opens centred instead. The file is not the user's data: a damaged or foreign one is
//! ignored with a warning and replaced at the next save (nothing to set aside).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tauri::utils::config::WindowConfig;
use tauri::{Runtime, WebviewWindow, WindowEvent};

use crate::paths;

/// The file, in the app's data directory.
pub const WINDOW_STATE_FILE: &str = "window-state.json";
/// How long after the last move or resize the geometry is written.
pub const SAVE_DELAY: Duration = Duration::from_millis(400);
/// The largest width or height accepted from the file (logical pixels).
pub const MAX_SIDE: f64 = 16_384.0;
/// How much of the window (each way, logical pixels) must fall on a monitor for its saved
/// position to be used.
pub const MIN_VISIBLE: f64 = 80.0;

/// What is kept: `{"width":…,"height":…,"x":…,"y":…,"maximized":…}`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct WindowState {
    pub width: f64,
    pub height: f64,
    pub x: f64,
    pub y: f64,
    #[serde(default)]
    pub maximized: bool,
}

/// A monitor's area in logical pixels: x, y, width, height.
pub type Area = (f64, f64, f64, f64);

impl WindowState {
    /// Whether the size can be used for `config`'s window (within its minimum and [`MAX_SIDE`]).
    fn size_fits(&self, config: &WindowConfig) -> bool {
        let ok =
            |v: f64, min: Option<f64>| v.is_finite() && v >= min.unwrap_or(1.0) && v <= MAX_SIDE;
        ok(self.width, config.min_width) && ok(self.height, config.min_height)
    }

    /// Whether at least [`MIN_VISIBLE`] pixels each way of the window fall on one of `monitors`.
    pub fn visible_on(&self, monitors: &[Area]) -> bool {
        if !(self.x.is_finite() && self.y.is_finite()) {
            return false;
        }
        monitors.iter().any(|&(mx, my, mw, mh)| {
            let w = (self.x + self.width).min(mx + mw) - self.x.max(mx);
            let h = (self.y + self.height).min(my + mh) - self.y.max(my);
            w >= MIN_VISIBLE && h >= MIN_VISIBLE
        })
    }
}

/// The saved state in `dir`, or `None` (nothing saved, or a file that cannot be used: warned).
pub fn read(dir: &Path) -> Option<WindowState> {
    let path = dir.join(WINDOW_STATE_FILE);
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
        Err(e) => {
            tracing::warn!("window state: cannot read {}: {e}", path.display());
            return None;
        }
    };
    match serde_json::from_slice::<WindowState>(&bytes) {
        Ok(state) => Some(state),
        Err(e) => {
            tracing::warn!(
                "window state: ignoring {} ({e}); the window opens at its default size",
                path.display()
            );
            None
        }
    }
}

/// Writes `state` to `dir` (a private file, replaced in one rename).
pub fn write(dir: &Path, state: &WindowState) -> std::io::Result<()> {
    let path = dir.join(WINDOW_STATE_FILE);
    let tmp = paths_tmp(&path);
    let _ = std::fs::remove_file(&tmp);
    let json = serde_json::to_vec(state).map_err(std::io::Error::other)?;
    paths::create_private_file(&tmp, &json)?;
    std::fs::rename(&tmp, &path)
}

fn paths_tmp(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".tmp");
    PathBuf::from(name)
}

/// `config` with the saved geometry, as far as it can be used on `monitors`.
pub fn apply(config: &mut WindowConfig, saved: Option<WindowState>, monitors: &[Area]) {
    let Some(state) = saved else { return };
    if !state.size_fits(config) {
        tracing::warn!(
            "window state: size {}x{} not used",
            state.width,
            state.height
        );
        return;
    }
    config.width = state.width;
    config.height = state.height;
    config.maximized = state.maximized;
    if state.visible_on(monitors) {
        config.x = Some(state.x);
        config.y = Some(state.y);
        config.center = false;
    }
}

/// The monitors the app sees now, in logical pixels.
pub fn monitors<R: Runtime>(app: &tauri::AppHandle<R>) -> Vec<Area> {
    let Ok(list) = app.available_monitors() else {
        return Vec::new();
    };
    list.iter()
        .map(|m| {
            let scale = m.scale_factor();
            let p = m.position().to_logical::<f64>(scale);
            let s = m.size().to_logical::<f64>(scale);
            (p.x, p.y, s.width, s.height)
        })
        .collect()
}

/// The window's geometry now; `previous` gives the size to keep while it is maximized.
fn current<R: Runtime>(
    window: &WebviewWindow<R>,
    previous: Option<WindowState>,
) -> Option<WindowState> {
    if window.is_minimized().unwrap_or(false) {
        return None;
    }
    let scale = window.scale_factor().ok()?;
    let maximized = window.is_maximized().unwrap_or(false);
    if maximized {
        return previous.map(|p| WindowState {
            maximized: true,
            ..p
        });
    }
    let size = window.inner_size().ok()?.to_logical::<f64>(scale);
    let pos = window.outer_position().ok()?.to_logical::<f64>(scale);
    Some(WindowState {
        width: size.width,
        height: size.height,
        x: pos.x,
        y: pos.y,
        maximized: false,
    })
}

/// Saves `window`'s geometry to `dir` [`SAVE_DELAY`] after each move or resize, and when it
/// closes.
pub fn track<R: Runtime>(window: &WebviewWindow<R>, dir: PathBuf) {
    let generation = Arc::new(AtomicU64::new(0));
    let last = Arc::new(std::sync::Mutex::new(read(&dir)));
    let save = {
        let (window, dir, last) = (window.clone(), dir.clone(), last.clone());
        move || {
            let mut last = last.lock().unwrap_or_else(|e| e.into_inner());
            let Some(state) = current(&window, *last) else {
                return;
            };
            if *last == Some(state) {
                return;
            }
            match write(&dir, &state) {
                Ok(()) => *last = Some(state),
                Err(e) => tracing::warn!("window state: cannot save: {e}"),
            }
        }
    };
    let save = Arc::new(save);
    window.on_window_event(move |event| match event {
        WindowEvent::Resized(_) | WindowEvent::Moved(_) => {
            let mine = generation.fetch_add(1, Ordering::SeqCst) + 1;
            let (generation, save) = (generation.clone(), save.clone());
            tauri::async_runtime::spawn(async move {
                tokio::time::sleep(SAVE_DELAY).await;
                if generation.load(Ordering::SeqCst) == mine {
                    // The window's getters wait for the main thread: not on a runtime worker.
                    let _ = tauri::async_runtime::spawn_blocking(move || save()).await;
                }
            });
        }
        WindowEvent::CloseRequested { .. } => save(),
        _ => {}
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> WindowConfig {
        serde_json::from_value(serde_json::json!({
            "label": "main", "width": 1200, "height": 800, "minWidth": 720, "minHeight": 520, "center": true
        }))
        .unwrap()
    }

    const SCREEN: Area = (0.0, 0.0, 1920.0, 1080.0);

    fn state(width: f64, height: f64, x: f64, y: f64) -> WindowState {
        WindowState {
            width,
            height,
            x,
            y,
            maximized: false,
        }
    }

    #[test]
    fn a_saved_geometry_replaces_the_declared_one() {
        let mut c = config();
        apply(&mut c, Some(state(900.0, 640.0, 100.0, 50.0)), &[SCREEN]);
        assert_eq!(
            (c.width, c.height, c.x, c.y, c.center),
            (900.0, 640.0, Some(100.0), Some(50.0), false)
        );
        let mut c = config();
        apply(&mut c, None, &[SCREEN]);
        assert_eq!(
            (c.width, c.height, c.x, c.center),
            (1200.0, 800.0, None, true)
        );
    }

    #[test]
    fn an_unusable_geometry_is_not_used() {
        for bad in [
            state(300.0, 800.0, 0.0, 0.0),
            state(800.0, 100_000.0, 0.0, 0.0),
            state(f64::NAN, 600.0, 0.0, 0.0),
        ] {
            let mut c = config();
            apply(&mut c, Some(bad), &[SCREEN]);
            assert_eq!((c.width, c.height), (1200.0, 800.0), "{bad:?}");
        }
        // Off every monitor (one that was unplugged): the size is kept, the window is centred.
        let mut c = config();
        apply(&mut c, Some(state(900.0, 640.0, 2500.0, 40.0)), &[SCREEN]);
        assert_eq!((c.width, c.x, c.center), (900.0, None, true));
        // Partly off, but enough of it visible: used as it is.
        assert!(state(900.0, 640.0, 1800.0, 40.0).visible_on(&[SCREEN]));
        assert!(!state(900.0, 640.0, 1860.0, 40.0).visible_on(&[SCREEN]));
        assert!(
            state(900.0, 640.0, 2000.0, 40.0).visible_on(&[SCREEN, (1920.0, 0.0, 1280.0, 1024.0)])
        );
    }

    #[test]
    fn the_file_round_trips_and_a_damaged_one_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(read(dir.path()), None);
        let s = WindowState {
            maximized: true,
            ..state(1000.0, 700.0, 10.0, 20.0)
        };
        write(dir.path(), &s).unwrap();
        assert_eq!(read(dir.path()), Some(s));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(WINDOW_STATE_FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        for damaged in [&b"{not json"[..], b"[]", b"{\"width\":\"wide\"}", b""] {
            std::fs::write(dir.path().join(WINDOW_STATE_FILE), damaged).unwrap();
            assert_eq!(read(dir.path()), None);
        }
        write(dir.path(), &s).unwrap();
        assert_eq!(read(dir.path()), Some(s), "a save replaces a damaged file");
    }
}
