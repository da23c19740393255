//! The look the user chose for the page — follow the system, light or dark — with the
//! `get_appearance` / `save_appearance` commands of the header's theme menu.
//!
//! Why a module of its own: it is a UI preference like the chat interface
//! ([`crate::chat_interface`]) and is kept the same way, in `settings.json` (key `appearance`,
//! beside `model` and `interface`), so it survives a restart and a cleared webview cache; but
//! it has an effect of its own: the window's native theme (its title bar) follows it, so a dark
//! page does not sit under a light frame. The page paints itself (`ui/src/theme/`); a value it
//! cannot use is refused with the reason, and an unusable saved value reads as "system".

use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_store::StoreExt;

use crate::error::AppError;
use crate::navigation::MAIN_WINDOW;
use crate::settings::SETTINGS_FILE;

const APPEARANCE_KEY: &str = "appearance";

/// The three choices, serialized `"system"` / `"light"` / `"dark"`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ThemeChoice {
    /// Follow the system's light or dark preference (`prefers-color-scheme`). The default.
    #[default]
    System,
    Light,
    Dark,
}

/// What is saved and what the page sends: `{ "theme": "system" | "light" | "dark" }`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Appearance {
    #[serde(default)]
    pub theme: ThemeChoice,
}

impl Appearance {
    /// The window theme for this choice (`None`: the system's).
    pub fn window_theme(&self) -> Option<tauri::Theme> {
        match self.theme {
            ThemeChoice::System => None,
            ThemeChoice::Light => Some(tauri::Theme::Light),
            ThemeChoice::Dark => Some(tauri::Theme::Dark),
        }
    }
}

/// Reads a saved value: anything unusable is the default, with a warning.
pub fn parse_saved(value: serde_json::Value) -> Appearance {
    serde_json::from_value(value).unwrap_or_else(|e| {
        tracing::warn!("appearance: ignoring the value saved in {SETTINGS_FILE}: {e}");
        Appearance::default()
    })
}

/// The saved appearance (the default when nothing or nothing usable is saved).
pub fn load<R: Runtime>(app: &AppHandle<R>) -> Appearance {
    app.store(SETTINGS_FILE)
        .ok()
        .and_then(|s| s.get(APPEARANCE_KEY))
        .map(parse_saved)
        .unwrap_or_default()
}

/// Gives the main window the native theme of `appearance` (best effort: logged on failure).
pub fn apply_to_window<R: Runtime>(app: &AppHandle<R>, appearance: &Appearance) {
    if let Some(window) = app.get_webview_window(MAIN_WINDOW) {
        if let Err(e) = window.set_theme(appearance.window_theme()) {
            tracing::warn!("appearance: cannot set the window theme: {e}");
        }
    }
}

#[tauri::command]
pub async fn get_appearance<R: Runtime>(app: AppHandle<R>) -> Result<Appearance, AppError> {
    Ok(load(&app))
}

#[tauri::command]
pub async fn save_appearance<R: Runtime>(
    app: AppHandle<R>,
    appearance: Appearance,
) -> Result<Appearance, AppError> {
    let store = app
        .store(SETTINGS_FILE)
        .map_err(|e| AppError::Internal(format!("cannot open {SETTINGS_FILE}: {e}")))?;
    let value = serde_json::to_value(appearance).map_err(|e| AppError::Internal(e.to_string()))?;
    store.set(APPEARANCE_KEY, value);
    store
        .save()
        .map_err(|e| AppError::Internal(format!("cannot save {SETTINGS_FILE}: {e}")))?;
    apply_to_window(&app, &appearance);
    Ok(appearance)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_saved_form_is_the_wire_form() {
        let dark = Appearance {
            theme: ThemeChoice::Dark,
        };
        assert_eq!(
            serde_json::to_value(dark).unwrap(),
            json!({"theme": "dark"})
        );
        assert_eq!(
            parse_saved(json!({"theme": "light"})).theme,
            ThemeChoice::Light
        );
        assert_eq!(parse_saved(json!({})).theme, ThemeChoice::System);
        for bad in [
            json!({"theme": "sepia"}),
            json!("dark"),
            json!(null),
            json!({"theme": "dark", "x": 1}),
        ] {
            assert_eq!(parse_saved(bad.clone()), Appearance::default(), "{bad}");
        }
        assert_eq!(dark.window_theme(), Some(tauri::Theme::Dark));
        assert_eq!(Appearance::default().window_theme(), None);
    }
}
