//! Which chat interface the user chose — the app's own (built-in) or the official ChatKit web
//! component — and the ChatKit domain key, with the `get_chat_interface` /
//! `save_chat_interface` commands of the settings panel.
//!
//! Why a module of its own: the choice is a setting like the model settings (kept in
//! `settings.json`, key `interface`, beside the model's key `model`), but it is about the window,
//! not the model, and saving it has an effect the model settings do not have: it opens or closes
//! the ChatKit window ([`crate::chatkit_window`]) at once, without a restart. The domain key is
//! not a secret (OpenAI's ChatKit loader sends it from the page, it is bound to an origin), so it
//! is stored here and shown to the page, never in the keychain. Its shape is checked
//! (`domain_pk_…`), so a pasted API key or a typo is refused with a clear message instead of
//! being sent to OpenAI's frame.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_store::StoreExt;

use crate::chatkit_window::{self, ChatKitMode, ChatKitStatus};
use crate::error::AppError;
use crate::settings::SETTINGS_FILE;

const INTERFACE_KEY: &str = "interface";
/// Every ChatKit domain key starts with this (platform.openai.com → Domain allowlist).
pub const DOMAIN_KEY_PREFIX: &str = "domain_pk_";
const DOMAIN_KEY_MAX: usize = 256;

/// The two interfaces. Serialized `"built-in"` / `"chatkit"`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChatInterface {
    /// The app's own renderer: works offline, strict CSP. The default and the fallback.
    #[default]
    #[serde(rename = "built-in")]
    BuiltIn,
    /// OpenAI's web component in the `chatkit` window (needs network and a domain key).
    #[serde(rename = "chatkit")]
    ChatKit,
}

/// The saved choice: `{ "interface": "built-in" | "chatkit", "domain_key": "domain_pk_…" }`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterfaceSettings {
    pub interface: ChatInterface,
    #[serde(default)]
    pub domain_key: String,
}

impl InterfaceSettings {
    /// These settings with the key trimmed, or why they cannot be saved: ChatKit needs a key,
    /// and a key given must have the shape of one.
    pub fn validated(self) -> Result<Self, String> {
        let domain_key = self.domain_key.trim().to_owned();
        if domain_key.is_empty() {
            if self.interface == ChatInterface::ChatKit {
                return Err(format!(
                    "the ChatKit web component needs a domain key ({DOMAIN_KEY_PREFIX}…): \
                     register the app's origin at platform.openai.com → Settings → Domain allowlist"
                ));
            }
        } else {
            check_domain_key(&domain_key)?;
        }
        Ok(Self {
            interface: self.interface,
            domain_key,
        })
    }
}

/// Whether `key` looks like a ChatKit domain key: `domain_pk_` and then letters, digits, `_`
/// or `-` (at most 256 characters in all).
pub fn check_domain_key(key: &str) -> Result<(), String> {
    let rest = key.strip_prefix(DOMAIN_KEY_PREFIX).ok_or_else(|| {
        let hint = if key.starts_with("sk-") {
            " (this looks like an API key: never put an API key here)"
        } else {
            ""
        };
        format!("a domain key starts with {DOMAIN_KEY_PREFIX}{hint}")
    })?;
    if rest.is_empty() || key.len() > DOMAIN_KEY_MAX {
        return Err(format!(
            "a domain key is {DOMAIN_KEY_PREFIX} and 1 to {} more characters",
            DOMAIN_KEY_MAX - DOMAIN_KEY_PREFIX.len()
        ));
    }
    if let Some(bad) = rest
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '_' || *c == '-'))
    {
        return Err(format!(
            "a domain key has only letters, digits, _ and -, not {bad:?}"
        ));
    }
    Ok(())
}

/// What the settings panel gets: the saved choice and what the ChatKit mode is doing now.
#[derive(Debug, Clone, Serialize)]
pub struct InterfaceView {
    #[serde(flatten)]
    pub settings: InterfaceSettings,
    pub status: ChatKitStatus,
}

/// The saved choice; nothing saved, or a value that cannot be used, is the built-in interface
/// (an unusable value is reported on stderr and left in the file until the user saves again).
pub fn load<R: Runtime>(app: &AppHandle<R>) -> InterfaceSettings {
    let Some(value) = app
        .store(SETTINGS_FILE)
        .ok()
        .and_then(|s| s.get(INTERFACE_KEY))
    else {
        return InterfaceSettings::default();
    };
    parse_saved(value).unwrap_or_else(|e| {
        eprintln!("shopdesk: ignoring the chat interface saved in {SETTINGS_FILE}: {e}");
        InterfaceSettings::default()
    })
}

fn parse_saved(value: Value) -> Result<InterfaceSettings, String> {
    let settings: InterfaceSettings = serde_json::from_value(value).map_err(|e| e.to_string())?;
    settings.validated()
}

fn save<R: Runtime>(app: &AppHandle<R>, settings: &InterfaceSettings) -> Result<(), AppError> {
    let store = app
        .store(SETTINGS_FILE)
        .map_err(|e| AppError::Internal(format!("cannot open {SETTINGS_FILE}: {e}")))?;
    let value = serde_json::to_value(settings).map_err(|e| AppError::Internal(e.to_string()))?;
    store.set(INTERFACE_KEY, value);
    store
        .save()
        .map_err(|e| AppError::Internal(format!("cannot save {SETTINGS_FILE}: {e}")))
}

#[tauri::command]
pub async fn get_chat_interface<R: Runtime>(
    app: AppHandle<R>,
    mode: State<'_, ChatKitMode>,
) -> Result<InterfaceView, AppError> {
    Ok(InterfaceView {
        settings: load(&app),
        status: mode.status(),
    })
}

/// Saves the choice and applies it now: ChatKit opens its window (which falls back on its own
/// if it cannot load), the built-in interface closes it.
#[tauri::command]
pub async fn save_chat_interface<R: Runtime>(
    app: AppHandle<R>,
    mode: State<'_, ChatKitMode>,
    settings: InterfaceSettings,
) -> Result<InterfaceView, AppError> {
    let settings = settings.validated().map_err(AppError::InvalidRequest)?;
    save(&app, &settings)?;
    chatkit_window::apply(&app, &settings);
    Ok(InterfaceView {
        settings,
        status: mode.status(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn chatkit(key: &str) -> InterfaceSettings {
        InterfaceSettings {
            interface: ChatInterface::ChatKit,
            domain_key: key.into(),
        }
    }

    #[test]
    fn a_domain_key_has_its_shape() {
        for ok in ["domain_pk_abc123", "domain_pk_68f0_a-B", "  domain_pk_x  "] {
            let saved = chatkit(ok).validated().unwrap();
            assert_eq!(saved.domain_key, ok.trim());
        }
        for (bad, says) in [
            ("", "needs a domain key"),
            ("pk_abc", "starts with domain_pk_"),
            ("sk-proj-123", "looks like an API key"),
            ("domain_pk_", "1 to 246 more characters"),
            ("domain_pk_a b", "not ' '"),
            ("domain_pk_<script>", "not '<'"),
        ] {
            let e = chatkit(bad).validated().unwrap_err();
            assert!(e.contains(says), "{bad:?}: {e}");
        }
        let long = format!("domain_pk_{}", "a".repeat(250));
        assert!(chatkit(&long).validated().is_err());
        let builtin = InterfaceSettings::default().validated().unwrap();
        assert_eq!(builtin.interface, ChatInterface::BuiltIn, "no key needed");
    }

    #[test]
    fn the_saved_form_is_the_wire_form() {
        let saved = serde_json::to_value(chatkit("domain_pk_1")).unwrap();
        assert_eq!(
            saved,
            json!({"interface": "chatkit", "domain_key": "domain_pk_1"})
        );
        assert_eq!(parse_saved(saved).unwrap(), chatkit("domain_pk_1"));
        assert_eq!(
            parse_saved(json!({"interface": "built-in"})).unwrap(),
            InterfaceSettings::default()
        );
        assert!(parse_saved(json!({"interface": "iframe"})).is_err());
        assert!(parse_saved(json!({"interface": "chatkit", "domain_key": "x"})).is_err());
    }
}
