//! The model settings as the app keeps them: `settings.json`, the key store, and the
//! `get_settings` / `save_settings` commands behind the settings panel.
//!
//! Why here: which model answers (offline, OpenAI, an OpenAI-compatible server) is the user's
//! choice and must survive restarts, but the API key is a credential. So provider, base URL and
//! model name live in `settings.json` (store plugin, app data dir) while keys go to the shop's
//! [`ApiKeyStore`] (OS keychain, else this session's memory), one per server origin, and only
//! where the key for the current origin is kept ever reaches the page ([`view`]). The backend
//! gets the key stored for the origin of the settings in force and no other; `OPENAI_API_KEY`
//! counts for OpenAI's API only. The single key of older versions is moved, on first use of
//! the store, to the origin of the saved settings, else to OpenAI's
//! ([`ApiKeyStore::migrate_legacy`]). This module only stores and shows text: parsing and
//! validation belong to [`shop::model::config`], so the environment (read once at start-up, see
//! [`Settings::from_env`]), the saved file and the panel accept and reject the same values with
//! the same message. The environment gives the defaults until the user saves settings, and the
//! stream pacing always.

use std::sync::{OnceLock, RwLock};
use std::time::Duration;

use serde_json::Value;
use shop::model::config::{ModelSettings, SettingsError};
use shop::model::key_origin::KeyOrigin;
use shop::secrets::ApiKeyStore;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_store::StoreExt;

use crate::error::AppError;

pub mod connection;
pub mod view;
pub use view::{KeyChange, ModelFields, SettingsUpdate, SettingsView};

/// The store-plugin file that keeps the settings, and its key.
pub const SETTINGS_FILE: &str = "settings.json";
const SETTINGS_KEY: &str = "model";

/// The live settings and the key store, shared by the commands and the assistant.
pub struct Settings {
    /// The `SHOPDESK_*` environment, parsed once: the defaults, and the pacing.
    env: ModelSettings,
    /// The settings in force once known (saved ones, else `env`).
    current: RwLock<Option<ModelSettings>>,
    keys: OnceLock<ApiKeyStore>,
}

impl Settings {
    /// Settings whose defaults and pacing are `env`.
    pub fn new(env: ModelSettings) -> Self {
        Self {
            env,
            current: RwLock::new(None),
            keys: OnceLock::new(),
        }
    }

    /// Reads the environment, once: call it at start-up. An invalid value is an error with the
    /// same message the settings panel would give for it.
    pub fn from_env() -> Result<Self, SettingsError> {
        ModelSettings::from_env().map(Self::new)
    }

    /// [`Settings::from_env`] over the variables `var` returns (tests give their own).
    #[cfg(test)]
    fn from_vars(var: impl Fn(&str) -> Option<String>) -> Result<Self, SettingsError> {
        ModelSettings::default().with_env(var).map(Self::new)
    }

    /// The pause between streamed words and widget states (from `SHOPDESK_STREAM_DELAY_MS`).
    pub fn stream_delay(&self) -> Duration {
        self.env.effective_stream_delay()
    }

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
        let loaded = load(app).unwrap_or_else(|| self.env.clone());
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = Some(loaded.clone());
        loaded
    }

    /// These settings with `keys` as their key store instead of the OS keychain (tests).
    pub fn with_key_store(self, keys: ApiKeyStore) -> Self {
        let _ = self.keys.set(keys);
        self
    }

    /// The settings the shop builds its model backend from: the settings in force, the API key
    /// the key store holds for their origin (none offline), and the pacing from the environment.
    pub fn backend_settings<R: Runtime>(&self, app: &AppHandle<R>) -> ModelSettings {
        let current = self.current(app);
        let api_key = current
            .key_origin()
            .and_then(|origin| self.keys(app).get(&origin))
            .map(|key| key.expose().to_owned());
        self.for_backend(current, api_key)
    }

    /// The API key store, probed on first use (the keychain probe talks to D-Bus, which must
    /// not delay the window); the old single key is migrated then.
    pub fn keys<R: Runtime>(&self, app: &AppHandle<R>) -> &ApiKeyStore {
        self.keys.get_or_init(|| {
            let keys = ApiKeyStore::for_app();
            let saved_for = load(app)
                .and_then(|saved| saved.key_origin())
                .unwrap_or_else(KeyOrigin::openai);
            keys.migrate_legacy(&saved_for);
            keys
        })
    }

    /// `settings` with this key and the environment's pacing (saved settings carry neither).
    fn for_backend(&self, settings: ModelSettings, api_key: Option<String>) -> ModelSettings {
        ModelSettings {
            api_key,
            stream_delay: self.env.stream_delay,
            ..settings
        }
    }

    fn view<R: Runtime>(&self, app: &AppHandle<R>, settings: &ModelSettings) -> SettingsView {
        SettingsView::new(settings, self.keys(app))
    }
}

/// The saved settings, if any can be used; an unusable file is reported and ignored (the
/// environment's settings apply until the user saves again).
fn load<R: Runtime>(app: &AppHandle<R>) -> Option<ModelSettings> {
    let store = app.store(SETTINGS_FILE).ok()?;
    let value: Value = store.get(SETTINGS_KEY)?;
    match saved_settings(value) {
        Ok(settings) => Some(settings),
        Err(e) => {
            // No log subscriber is installed: stderr is where a user can see this.
            eprintln!("shopdesk: ignoring the model settings saved in {SETTINGS_FILE}: {e}");
            None
        }
    }
}

/// Parses what `settings.json` keeps under its key.
fn saved_settings(value: Value) -> Result<ModelSettings, String> {
    let fields: ModelFields = serde_json::from_value(value).map_err(|e| e.to_string())?;
    fields.parse().map_err(|e| e.to_string())
}

fn save<R: Runtime>(app: &AppHandle<R>, settings: &ModelSettings) -> Result<(), AppError> {
    let store = app
        .store(SETTINGS_FILE)
        .map_err(|e| AppError::Internal(format!("cannot open {SETTINGS_FILE}: {e}")))?;
    let value = serde_json::to_value(ModelFields::of(settings))
        .map_err(|e| AppError::Internal(e.to_string()))?;
    store.set(SETTINGS_KEY, value);
    store
        .save()
        .map_err(|e| AppError::Internal(format!("cannot save {SETTINGS_FILE}: {e}")))
}

impl From<SettingsError> for AppError {
    fn from(e: SettingsError) -> Self {
        AppError::InvalidRequest(e.message().to_owned())
    }
}

/// `invoke('get_settings')`.
#[tauri::command]
pub async fn get_settings<R: Runtime>(
    app: AppHandle<R>,
    settings: State<'_, Settings>,
) -> Result<SettingsView, AppError> {
    let current = settings.current(&app);
    Ok(settings.view(&app, &current))
}

/// `invoke('save_settings', { settings })`. Invalid settings or an unusable key (see
/// [`KeyChange::of`]) are an `invalid_request` with the shop's message, checked before anything
/// is stored. The key applies to the new settings' origin only.
#[tauri::command]
pub async fn save_settings<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, Settings>,
    settings: SettingsUpdate,
) -> Result<SettingsView, AppError> {
    let next = settings.fields.parse()?;
    let change = KeyChange::of(settings.api_key.as_deref(), &next)?;
    change.apply(state.keys(&app))?;
    save(&app, &next)?;
    *state.current.write().unwrap_or_else(|e| e.into_inner()) = Some(next.clone());
    Ok(state.view(&app, &next))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use shop::model::config::Provider;

    /// The one message for an unknown provider, wherever it is given.
    const UNKNOWN_PROVIDER: &str =
        r#"unknown provider "gpt" (expected offline, openai or openai-compatible)"#;
    /// The one message for a base URL that is not a web address.
    const NOT_A_WEB_URL: &str = r#"base URL must start with http:// or https://, got "ftp://h/v1""#;

    /// Environment variables, as name/value pairs.
    type Vars = &'static [(&'static str, &'static str)];

    fn vars(pairs: Vars) -> impl Fn(&str) -> Option<String> {
        move |name: &str| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    }

    fn fields(provider: &str, base_url: &str, model: &str) -> ModelFields {
        ModelFields {
            provider: provider.into(),
            base_url: base_url.into(),
            model: model.into(),
        }
    }

    fn env_error(pairs: Vars) -> String {
        match Settings::from_vars(vars(pairs)) {
            Ok(_) => panic!("{pairs:?} was accepted"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn environment_gives_the_defaults() {
        let none = Settings::from_vars(vars(&[])).unwrap();
        assert_eq!(ModelFields::of(&none.env), fields("offline", "", ""));
        assert_eq!(none.stream_delay(), Duration::from_millis(120));
        let s = Settings::from_vars(vars(&[
            ("SHOPDESK_PROVIDER", "openai-compatible"),
            ("SHOPDESK_BASE_URL", " http://127.0.0.1:11434/v1 "),
            ("SHOPDESK_MODEL", "llama3.1"),
            ("SHOPDESK_STREAM_DELAY_MS", "0"),
        ]))
        .unwrap();
        assert_eq!(
            ModelFields::of(&s.env),
            fields("openai-compatible", "http://127.0.0.1:11434/v1", "llama3.1")
        );
        assert_eq!(s.stream_delay(), Duration::ZERO);
        assert_eq!(
            env_error(&[("SHOPDESK_PROVIDER", "gpt")]),
            UNKNOWN_PROVIDER,
            "an unknown provider is an error, not a silent fallback to offline"
        );
    }

    #[test]
    fn ollama_in_the_environment_means_an_openai_compatible_server() {
        let s = Settings::from_vars(vars(&[
            ("SHOPDESK_PROVIDER", "ollama"),
            ("SHOPDESK_MODEL", "qwen3"),
        ]))
        .unwrap();
        assert_eq!(s.env.provider, Provider::OpenAICompatible);
        assert_eq!(
            ModelFields::of(&s.env),
            fields("openai-compatible", "http://localhost:11434/v1", "qwen3"),
            "the page sees the canonical name and the server that will be asked"
        );
        let backend = s.for_backend(s.env.clone(), None);
        assert_eq!(backend.build().unwrap().name(), "chat-completions");
        let implied = Settings::from_vars(vars(&[
            ("SHOPDESK_BASE_URL", "http://127.0.0.1:8080/v1"),
            ("SHOPDESK_MODEL", "m"),
        ]))
        .unwrap();
        assert_eq!(
            implied.env.provider,
            Provider::OpenAICompatible,
            "a base URL alone"
        );
    }

    #[test]
    fn an_invalid_value_has_the_same_message_in_the_environment_the_file_and_the_panel() {
        let cases: [(Vars, ModelFields, &str); 2] = [
            (
                &[("SHOPDESK_PROVIDER", "gpt")],
                fields("gpt", "", ""),
                UNKNOWN_PROVIDER,
            ),
            (
                &[
                    ("SHOPDESK_PROVIDER", "openai"),
                    ("SHOPDESK_BASE_URL", "ftp://h/v1"),
                ],
                fields("openai", "ftp://h/v1", ""),
                NOT_A_WEB_URL,
            ),
        ];
        for (env, fields, message) in cases {
            assert_eq!(env_error(env), message, "environment {env:?}");
            let saved = serde_json::to_value(&fields).unwrap();
            assert_eq!(
                saved_settings(saved).unwrap_err(),
                message,
                "settings.json {fields:?}"
            );
            let update: SettingsUpdate = serde_json::from_value(json!({
                "provider": fields.provider, "base_url": fields.base_url,
                "model": fields.model, "api_key": null
            }))
            .unwrap();
            let err = AppError::from(update.fields.parse().unwrap_err());
            assert_eq!(
                err,
                AppError::InvalidRequest(message.into()),
                "save_settings {fields:?}"
            );
        }
        assert_eq!(
            env_error(&[("SHOPDESK_STREAM_DELAY_MS", "soon")]),
            r#"SHOPDESK_STREAM_DELAY_MS must be a whole number of milliseconds from 0 to 5000, got "soon""#
        );
    }

    #[test]
    fn updates_are_validated() {
        let ok = fields("openai-compatible", " http://h:1/v1/ ", " m ")
            .parse()
            .unwrap();
        assert_eq!(ok.base_url.as_deref(), Some("http://h:1/v1"));
        assert_eq!(ok.model.as_deref(), Some("m"));
        for (provider, url, model) in [
            ("openai-compatible", "", "m"),
            ("openai-compatible", "http://h/v1", ""),
            ("openai", "ftp://h", ""),
            ("offline", "javascript:alert(1)", ""),
            ("x", "", ""),
        ] {
            let err = AppError::from(fields(provider, url, model).parse().unwrap_err());
            assert_eq!(
                err.code(),
                "invalid_request",
                "{provider:?} {url:?} {model:?}"
            );
        }
        let long = "x".repeat(shop::model::config::MAX_FIELD_LEN + 1);
        assert!(fields("openai", "", &long).parse().is_err());
        assert!(fields("offline", "", "").parse().is_ok());
    }

    #[test]
    fn saved_settings_win_and_the_backend_gets_the_key_and_the_pacing() {
        let s = Settings::from_vars(vars(&[
            ("SHOPDESK_STREAM_DELAY_MS", "5"),
            ("SHOPDESK_PROVIDER", "openai"),
        ]))
        .unwrap();
        let saved = saved_settings(json!({
            "provider": "openai-compatible", "base_url": "http://127.0.0.1:11434/v1", "model": "m"
        }))
        .unwrap();
        let b = s.for_backend(saved, Some("k".into()));
        assert_eq!(b.provider, Provider::OpenAICompatible, "saved settings win");
        assert_eq!(b.base_url.as_deref(), Some("http://127.0.0.1:11434/v1"));
        assert_eq!(b.model.as_deref(), Some("m"));
        assert_eq!(b.api_key.as_deref(), Some("k"));
        assert_eq!(b.stream_delay, Some(Duration::from_millis(5)));
        let openai = saved_settings(json!({ "provider": "openai", "base_url": "", "model": "" }));
        assert_eq!(
            openai.unwrap().model,
            None,
            "empty = the provider's default"
        );
    }

    #[test]
    fn the_settings_file_keeps_its_format() {
        let on_disk = json!({
            "provider": "openai-compatible",
            "base_url": "http://127.0.0.1:11434/v1",
            "model": "llama3.1"
        });
        let settings = saved_settings(on_disk.clone()).unwrap();
        assert_eq!(
            serde_json::to_value(ModelFields::of(&settings)).unwrap(),
            on_disk,
            "what is read is written back unchanged"
        );
        let short = saved_settings(json!({ "provider": "openai" })).unwrap();
        assert_eq!(
            short.provider,
            Provider::OpenAI,
            "base_url and model may be absent"
        );
        assert!(saved_settings(json!({ "base_url": "" }))
            .unwrap_err()
            .contains("provider"));
    }
}
