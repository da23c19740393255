//! The model settings and the `get_settings` / `save_settings` commands behind the settings panel.
//!
//! Why here: which model answers (offline, OpenAI, an OpenAI-compatible server) is the user's
//! choice and must survive restarts, but the API key is a credential. So provider, base URL and
//! model name live in `settings.json` (store plugin, app data dir) while the key goes to the
//! shop's [`ApiKeyStore`] (OS keychain, or environment/session fallback) and only a boolean
//! `has_api_key` ever reaches the page. Environment variables (`SHOPDESK_PROVIDER`,
//! `SHOPDESK_BASE_URL`, `SHOPDESK_MODEL`) give the defaults until the user saves settings.

use std::sync::{OnceLock, RwLock};

use serde::{Deserialize, Serialize};
use serde_json::Value;
use shop::secrets::{ApiKeyStore, KeyStorage};
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_store::StoreExt;

use crate::error::AppError;

/// The store-plugin file that keeps the settings, and its key.
pub const SETTINGS_FILE: &str = "settings.json";
const SETTINGS_KEY: &str = "model";
const MAX_FIELD_LEN: usize = 2048;

/// Which kind of model answers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Provider {
    /// The built-in, network-free model.
    #[default]
    Offline,
    /// OpenAI's API (needs a key).
    Openai,
    /// Any server speaking OpenAI's Chat Completions (needs a base URL).
    OpenaiCompatible,
}

impl Provider {
    fn parse(raw: &str) -> Option<Self> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "offline" | "" => Some(Provider::Offline),
            "openai" => Some(Provider::Openai),
            "openai-compatible" | "openai_compatible" | "compatible" => {
                Some(Provider::OpenaiCompatible)
            }
            _ => None,
        }
    }
}

/// What is persisted (no secret in here).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModelSettings {
    pub provider: Provider,
    #[serde(default)]
    pub base_url: String,
    #[serde(default)]
    pub model: String,
}

impl ModelSettings {
    /// Defaults from `SHOPDESK_PROVIDER`, `SHOPDESK_BASE_URL` and `SHOPDESK_MODEL`.
    pub fn from_env() -> Self {
        Self::from_vars(|name| std::env::var(name).ok())
    }

    fn from_vars(var: impl Fn(&str) -> Option<String>) -> Self {
        let provider = match var("SHOPDESK_PROVIDER") {
            None => Provider::Offline,
            Some(raw) => Provider::parse(&raw).unwrap_or_else(|| {
                tracing::warn!("SHOPDESK_PROVIDER={raw:?} is not offline/openai/openai-compatible");
                Provider::Offline
            }),
        };
        Self {
            provider,
            base_url: var("SHOPDESK_BASE_URL")
                .unwrap_or_default()
                .trim()
                .to_owned(),
            model: var("SHOPDESK_MODEL").unwrap_or_default().trim().to_owned(),
        }
    }

    /// Checks an update from the page; returns the trimmed settings.
    fn validated(provider: Provider, base_url: &str, model: &str) -> Result<Self, AppError> {
        let base_url = base_url.trim().trim_end_matches('/').to_owned();
        let model = model.trim().to_owned();
        if base_url.len() > MAX_FIELD_LEN || model.len() > MAX_FIELD_LEN {
            return Err(AppError::InvalidRequest("a setting is too long".into()));
        }
        let web_url = base_url.starts_with("http://") || base_url.starts_with("https://");
        if !base_url.is_empty() && !web_url {
            return Err(AppError::InvalidRequest(
                "the base URL must start with http:// or https://".into(),
            ));
        }
        if provider == Provider::OpenaiCompatible && base_url.is_empty() {
            return Err(AppError::InvalidRequest(
                "an OpenAI-compatible server needs a base URL (e.g. http://127.0.0.1:11434/v1)"
                    .into(),
            ));
        }
        if provider == Provider::OpenaiCompatible && model.is_empty() {
            return Err(AppError::InvalidRequest(
                "an OpenAI-compatible server needs a model name".into(),
            ));
        }
        Ok(Self {
            provider,
            base_url,
            model,
        })
    }
}

/// What `get_settings` / `save_settings` return to the page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SettingsView {
    pub provider: Provider,
    pub base_url: String,
    pub model: String,
    pub has_api_key: bool,
    pub key_storage: KeyStorage,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_note: Option<String>,
}

/// What the page sends to `save_settings`. `api_key`: `null` keeps the stored key, `""`
/// deletes it, anything else replaces it.
#[derive(Debug, Clone, Deserialize)]
pub struct SettingsUpdate {
    pub provider: Provider,
    #[serde(default)]
    pub base_url: String,
    #[serde(default)]
    pub model: String,
    #[serde(default)]
    pub api_key: Option<String>,
}

/// The live settings and the key store, shared by the commands and the assistant.
#[derive(Default)]
pub struct Settings {
    current: RwLock<Option<ModelSettings>>,
    keys: OnceLock<ApiKeyStore>,
}

impl Settings {
    /// The settings in force: saved ones, else the environment's.
    pub fn current<R: Runtime>(&self, app: &AppHandle<R>) -> ModelSettings {
        if let Some(s) = self
            .current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
        {
            return s;
        }
        let loaded = load(app).unwrap_or_else(ModelSettings::from_env);
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = Some(loaded.clone());
        loaded
    }

    /// The settings in the form the shop builds its model backend from: the settings in force,
    /// the API key from the key store, and the offline pacing from `SHOPDESK_STREAM_DELAY_MS`.
    pub fn backend_settings<R: Runtime>(
        &self,
        app: &AppHandle<R>,
    ) -> shop::model::config::ModelSettings {
        let current = self.current(app);
        let api_key = match current.provider {
            Provider::Offline => None,
            Provider::Openai | Provider::OpenaiCompatible => self.keys().get(),
        };
        to_backend_settings(&current, api_key, |name| std::env::var(name).ok())
    }

    /// The API key store, probed on first use (the keychain probe talks to D-Bus, which must
    /// not delay the window).
    pub fn keys(&self) -> &ApiKeyStore {
        self.keys.get_or_init(ApiKeyStore::for_app)
    }

    fn view(&self, settings: ModelSettings) -> SettingsView {
        let keys = self.keys();
        SettingsView {
            provider: settings.provider,
            base_url: settings.base_url,
            model: settings.model,
            has_api_key: keys.get().is_some(),
            key_storage: keys.storage(),
            key_note: keys.note(),
        }
    }
}

/// Maps the app's settings onto the shop's (empty fields mean "the provider's default").
fn to_backend_settings(
    settings: &ModelSettings,
    api_key: Option<String>,
    var: impl Fn(&str) -> Option<String>,
) -> shop::model::config::ModelSettings {
    use shop::model::config::{ModelSettings as Backend, Provider as BackendProvider};
    let non_empty = |s: &str| (!s.is_empty()).then(|| s.to_owned());
    let base = Backend {
        provider: match settings.provider {
            Provider::Offline => BackendProvider::Offline,
            Provider::Openai => BackendProvider::OpenAI,
            Provider::OpenaiCompatible => BackendProvider::OpenAICompatible,
        },
        base_url: non_empty(&settings.base_url),
        model: non_empty(&settings.model),
        api_key,
        ..Backend::default()
    };
    // Only the pacing comes from the environment here; provider, URL and model were resolved
    // above (saved settings win over the environment's defaults).
    let pacing = |name: &str| {
        (name == "SHOPDESK_STREAM_DELAY_MS")
            .then(|| var(name))
            .flatten()
    };
    base.clone().with_env(pacing).unwrap_or_else(|e| {
        tracing::warn!("{e}; using the default pacing");
        base
    })
}

fn load<R: Runtime>(app: &AppHandle<R>) -> Option<ModelSettings> {
    let store = app.store(SETTINGS_FILE).ok()?;
    let value: Value = store.get(SETTINGS_KEY)?;
    match serde_json::from_value(value) {
        Ok(settings) => Some(settings),
        Err(e) => {
            tracing::warn!("ignoring unreadable saved settings: {e}");
            None
        }
    }
}

fn save<R: Runtime>(app: &AppHandle<R>, settings: &ModelSettings) -> Result<(), AppError> {
    let store = app
        .store(SETTINGS_FILE)
        .map_err(|e| AppError::Internal(format!("cannot open {SETTINGS_FILE}: {e}")))?;
    let value = serde_json::to_value(settings).map_err(|e| AppError::Internal(e.to_string()))?;
    store.set(SETTINGS_KEY, value);
    store
        .save()
        .map_err(|e| AppError::Internal(format!("cannot save {SETTINGS_FILE}: {e}")))
}

/// `invoke('get_settings')`.
#[tauri::command]
pub async fn get_settings<R: Runtime>(
    app: AppHandle<R>,
    settings: State<'_, Settings>,
) -> Result<SettingsView, AppError> {
    let current = settings.current(&app);
    Ok(settings.view(current))
}

/// `invoke('save_settings', { settings })`.
#[tauri::command]
pub async fn save_settings<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, Settings>,
    settings: SettingsUpdate,
) -> Result<SettingsView, AppError> {
    let next = ModelSettings::validated(settings.provider, &settings.base_url, &settings.model)?;
    match settings.api_key.as_deref().map(str::trim) {
        None => {}
        Some("") => state
            .keys()
            .delete()
            .map_err(|e| AppError::Internal(e.to_string()))?,
        Some(key) => state
            .keys()
            .set(key)
            .map_err(|e| AppError::Internal(e.to_string()))?,
    }
    save(&app, &next)?;
    *state.current.write().unwrap_or_else(|e| e.into_inner()) = Some(next.clone());
    Ok(state.view(next))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environment_gives_the_defaults() {
        let vars = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(
            ModelSettings::from_vars(vars(&[])),
            ModelSettings::default()
        );
        let s = ModelSettings::from_vars(vars(&[
            ("SHOPDESK_PROVIDER", "openai-compatible"),
            ("SHOPDESK_BASE_URL", " http://127.0.0.1:11434/v1 "),
            ("SHOPDESK_MODEL", "llama3.1"),
        ]));
        assert_eq!(s.provider, Provider::OpenaiCompatible);
        assert_eq!(s.base_url, "http://127.0.0.1:11434/v1");
        assert_eq!(s.model, "llama3.1");
        let bogus = ModelSettings::from_vars(vars(&[("SHOPDESK_PROVIDER", "gpt")]));
        assert_eq!(
            bogus.provider,
            Provider::Offline,
            "an unknown provider falls back to offline"
        );
    }

    #[test]
    fn updates_are_validated() {
        let ok = ModelSettings::validated(Provider::OpenaiCompatible, " http://h:1/v1/ ", " m ");
        assert_eq!(ok.unwrap().base_url, "http://h:1/v1");
        for (provider, url, model) in [
            (Provider::OpenaiCompatible, "", "m"),
            (Provider::OpenaiCompatible, "http://h/v1", ""),
            (Provider::Openai, "ftp://h", ""),
            (Provider::Offline, "javascript:alert(1)", ""),
        ] {
            let err = ModelSettings::validated(provider, url, model).unwrap_err();
            assert_eq!(
                err.code(),
                "invalid_request",
                "{provider:?} {url:?} {model:?}"
            );
        }
        let long = "x".repeat(MAX_FIELD_LEN + 1);
        assert!(ModelSettings::validated(Provider::Openai, "", &long).is_err());
        assert!(ModelSettings::validated(Provider::Offline, "", "").is_ok());
    }

    #[test]
    fn maps_onto_the_shops_backend_settings() {
        use shop::model::config::Provider as BackendProvider;
        let app = ModelSettings {
            provider: Provider::OpenaiCompatible,
            base_url: "http://127.0.0.1:11434/v1".into(),
            model: String::new(),
        };
        let env = |name: &str| match name {
            "SHOPDESK_STREAM_DELAY_MS" => Some("5".to_owned()),
            "SHOPDESK_PROVIDER" => Some("openai".to_owned()),
            _ => None,
        };
        let b = to_backend_settings(&app, Some("k".into()), env);
        assert_eq!(
            b.provider,
            BackendProvider::OpenAICompatible,
            "saved settings win"
        );
        assert_eq!(b.base_url.as_deref(), Some("http://127.0.0.1:11434/v1"));
        assert_eq!(b.model, None, "empty = the provider's default");
        assert_eq!(b.api_key.as_deref(), Some("k"));
        assert_eq!(b.stream_delay, Some(std::time::Duration::from_millis(5)));
        let bad_pacing = to_backend_settings(&ModelSettings::default(), None, |_| Some("x".into()));
        assert_eq!(bad_pacing.provider, BackendProvider::Offline);
        assert_eq!(bad_pacing.stream_delay, None);
    }

    #[test]
    fn provider_names_match_the_page() {
        let names: Vec<String> = [
            Provider::Offline,
            Provider::Openai,
            Provider::OpenaiCompatible,
        ]
        .iter()
        .map(|p| serde_json::to_string(p).unwrap())
        .collect();
        assert_eq!(
            names,
            [r#""offline""#, r#""openai""#, r#""openai-compatible""#]
        );
        let update: SettingsUpdate = serde_json::from_value(serde_json::json!({
            "provider": "openai", "base_url": "", "model": "gpt-4.1-mini", "api_key": null
        }))
        .unwrap();
        assert_eq!(update.api_key, None);
        assert!(
            serde_json::from_value::<SettingsUpdate>(serde_json::json!({"provider": "x"})).is_err()
        );
    }
}
