//! What the settings panel sees and sends: the model fields as text, the key's state for the
//! server in those settings, and the update with its optional new key.
//!
//! Why a module of its own: this is the page's side of the settings (the shapes of
//! `get_settings` / `save_settings`), and it holds the rule for what an update does to the
//! keys. A key belongs to one server origin ([`shop::model::key_origin`]): the update's key
//! (or its deletion) applies to the origin of the *new* settings, so saving a new base URL
//! without a key never carries the old server's key over — that key stays stored for its own
//! origin. The key itself only ever travels page → core; the page gets back where it is kept
//! ([`KeyStorage`]) and for which origin.

use serde::{Deserialize, Serialize};
use shop::model::config::{ModelSettings, SettingsError};
use shop::model::key_origin::{ApiKey, KeyOrigin};
use shop::secrets::{ApiKeyStore, KeyStorage, SecretError};

use crate::error::AppError;

/// The model settings as text, the way the page shows and sends them and `settings.json` keeps
/// them (`{ "provider": "openai-compatible", "base_url": "…", "model": "…" }`; `""` = the
/// provider's default). No secret in here.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModelFields {
    pub provider: String,
    #[serde(default)]
    pub base_url: String,
    #[serde(default)]
    pub model: String,
}

impl ModelFields {
    /// The fields of parsed settings, with the provider's canonical name.
    pub fn of(settings: &ModelSettings) -> Self {
        Self {
            provider: settings.provider.as_str().to_owned(),
            base_url: settings.base_url.clone().unwrap_or_default(),
            model: settings.model.clone().unwrap_or_default(),
        }
    }

    /// Parses and validates the fields (the shop's rules and messages).
    pub fn parse(&self) -> Result<ModelSettings, SettingsError> {
        ModelSettings::from_fields(&self.provider, &self.base_url, &self.model)
    }
}

/// What `get_settings` / `save_settings` return to the page. `key_storage` and `has_api_key`
/// are about the key for `key_origin`, the server of these settings (absent offline).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SettingsView {
    #[serde(flatten)]
    pub fields: ModelFields,
    pub has_api_key: bool,
    pub key_storage: KeyStorage,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_origin: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_note: Option<String>,
}

impl SettingsView {
    /// The page's view of `settings` and of the key `keys` holds for their origin.
    pub fn new(settings: &ModelSettings, keys: &ApiKeyStore) -> Self {
        let origin = settings.key_origin();
        let key_storage = origin
            .as_ref()
            .map_or(KeyStorage::None, |o| keys.storage(o));
        SettingsView {
            fields: ModelFields::of(settings),
            has_api_key: key_storage != KeyStorage::None,
            key_storage,
            key_note: keys.note(origin.as_ref()),
            key_origin: origin.map(|o| o.to_string()),
        }
    }
}

/// What the page sends to `save_settings`. `api_key`: `null` keeps the key stored for the new
/// settings' origin (if any), `""` deletes it, anything else replaces it. `Debug` redacts it.
#[derive(Clone, Deserialize)]
pub struct SettingsUpdate {
    #[serde(flatten)]
    pub fields: ModelFields,
    #[serde(default)]
    pub api_key: Option<String>,
}

impl std::fmt::Debug for SettingsUpdate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SettingsUpdate")
            .field("fields", &self.fields)
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

/// What a save does to the key of the new settings' origin, checked before anything is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyChange {
    Keep,
    Delete(KeyOrigin),
    Replace(KeyOrigin, ApiKey),
}

impl KeyChange {
    /// The change `api_key` asks for, for settings `next`: the key must be valid and its
    /// origin must accept one (else the shop's message); the offline model takes none.
    pub fn of(api_key: Option<&str>, next: &ModelSettings) -> Result<KeyChange, SettingsError> {
        let origin = next.key_origin();
        match (api_key.map(str::trim), origin) {
            (None, _) | (Some(""), None) => Ok(KeyChange::Keep),
            (Some(""), Some(origin)) => Ok(KeyChange::Delete(origin)),
            (Some(_), None) => Err(SettingsError::new("the offline model takes no API key")),
            (Some(raw), Some(origin)) => {
                let key = ApiKey::parse(raw)?;
                origin.accepts_key()?;
                Ok(KeyChange::Replace(origin, key))
            }
        }
    }

    /// Applies the change to `keys`.
    pub fn apply(&self, keys: &ApiKeyStore) -> Result<(), AppError> {
        let result = match self {
            KeyChange::Keep => Ok(()),
            KeyChange::Delete(origin) => keys.delete(origin),
            KeyChange::Replace(origin, key) => keys.set(origin, key),
        };
        result.map_err(|e| match e {
            SecretError::Refused(message) => AppError::InvalidRequest(message),
            other => AppError::Internal(other.to_string()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use shop::secrets::MemoryKeychain;

    fn fields(provider: &str, base_url: &str, model: &str) -> ModelFields {
        ModelFields {
            provider: provider.into(),
            base_url: base_url.into(),
            model: model.into(),
        }
    }

    fn settings(base_url: &str) -> ModelSettings {
        fields("openai-compatible", base_url, "m").parse().unwrap()
    }

    /// A store with no keychain (so keys are kept for the session) and this environment key.
    fn session_store(env_key: Option<&str>) -> ApiKeyStore {
        ApiKeyStore::new(Box::new(MemoryKeychain::default()), env_key.map(Into::into))
    }

    fn save(keys: &ApiKeyStore, next: &ModelSettings, api_key: Option<&str>) -> SettingsView {
        KeyChange::of(api_key, next).unwrap().apply(keys).unwrap();
        SettingsView::new(next, keys)
    }

    #[test]
    fn changing_the_origin_drops_the_key_and_changing_back_finds_it() {
        let keys = session_store(None);
        let a = settings("http://127.0.0.1:4000/v1");
        let view = save(&keys, &a, Some("sk-for-a"));
        assert_eq!(view.key_storage, KeyStorage::Session);
        assert!(view.has_api_key);
        assert_eq!(view.key_origin.as_deref(), Some("http://127.0.0.1:4000"));

        let b = settings("http://127.0.0.1:4001/v1");
        let view = save(&keys, &b, None);
        assert!(!view.has_api_key, "a new origin never gets the old key");
        assert_eq!(view.key_storage, KeyStorage::None);
        assert_eq!(keys.get(b.key_origin().as_ref().unwrap()), None);

        let same_origin = settings("http://127.0.0.1:4000/other/v1");
        assert!(
            save(&keys, &same_origin, None).has_api_key,
            "the path is not the origin"
        );
        let view = save(&keys, &a, Some(""));
        assert!(!view.has_api_key, "\"\" deletes the key of this origin");
    }

    #[test]
    fn a_session_only_key_is_reported_as_kept_for_this_session() {
        let keys = session_store(None);
        let view = save(
            &keys,
            &settings("http://localhost:11434/v1"),
            Some("sk-typed"),
        );
        let page = serde_json::to_value(&view).unwrap();
        assert_eq!(page["key_storage"], "session", "not \"none\"");
        assert_eq!(page["has_api_key"], true);
        assert!(
            view.key_note
                .as_deref()
                .unwrap()
                .contains("kept for this session"),
            "{view:?}"
        );
        assert!(!page.to_string().contains("sk-typed"));
    }

    #[test]
    fn the_environment_key_shows_for_openai_only() {
        let keys = session_store(Some("sk-env"));
        let openai = fields("openai", "", "").parse().unwrap();
        let view = SettingsView::new(&openai, &keys);
        assert_eq!(view.key_storage, KeyStorage::Environment);
        assert_eq!(
            view.key_origin.as_deref(),
            Some("https://api.openai.com:443")
        );
        let mock = SettingsView::new(&settings("http://127.0.0.1:4000/v1"), &keys);
        assert_eq!(mock.key_storage, KeyStorage::None);
        assert!(!mock.has_api_key);
    }

    #[test]
    fn bad_keys_are_refused_before_anything_is_stored() {
        let keys = session_store(None);
        let lan = settings("http://10.0.0.2:11434/v1");
        let local = settings("http://127.0.0.1:4000/v1");
        let canary = "sk-refused-canary";
        let cases = [
            (
                &lan,
                canary.to_owned(),
                "refusing to send an API key over plain http://",
            ),
            (&local, format!("{canary}\u{0}"), "visible ASCII"),
            (&local, format!("{canary}é"), "visible ASCII"),
            (&local, "k".repeat(1025), "longer than 1024 bytes"),
        ];
        for (next, key, message) in cases {
            let err = KeyChange::of(Some(&key), next).unwrap_err();
            assert!(err.message().contains(message), "{key:?}: {err}");
            assert!(!err.message().contains(canary));
        }
        let offline = fields("offline", "", "").parse().unwrap();
        assert_eq!(
            KeyChange::of(Some("sk"), &offline).unwrap_err().message(),
            "the offline model takes no API key"
        );
        assert_eq!(KeyChange::of(Some(""), &offline), Ok(KeyChange::Keep));
        assert!(
            !SettingsView::new(&local, &keys).has_api_key,
            "nothing was stored"
        );
    }

    #[test]
    fn debug_of_an_update_never_shows_the_key() {
        let update: SettingsUpdate = serde_json::from_value(json!({
            "provider": "openai", "api_key": "sk-debug-canary-9"
        }))
        .unwrap();
        let shown = format!("{update:?} {update:#?}");
        assert!(!shown.contains("sk-debug-canary-9"), "{shown}");
        assert!(shown.contains("<redacted>"));
        let change = KeyChange::of(update.api_key.as_deref(), &update.fields.parse().unwrap());
        assert!(!format!("{change:?}").contains("sk-debug-canary-9"));
    }

    #[test]
    fn the_page_sees_the_shape_it_expects() {
        let names: Vec<String> = ["offline", "openai", "ollama"]
            .iter()
            .map(|&p| ModelFields::of(&fields(p, "http://h/v1", "m").parse().unwrap()).provider)
            .collect();
        assert_eq!(names, ["offline", "openai", "openai-compatible"]);
        let view = SettingsView {
            fields: fields("openai", "", "gpt-4.1-mini"),
            has_api_key: true,
            key_storage: KeyStorage::Keychain,
            key_origin: None,
            key_note: None,
        };
        assert_eq!(
            serde_json::to_string(&view).unwrap(),
            r#"{"provider":"openai","base_url":"","model":"gpt-4.1-mini","has_api_key":true,"key_storage":"keychain"}"#
        );
        let noted = SettingsView {
            key_note: Some("n".into()),
            key_origin: Some("https://api.openai.com:443".into()),
            ..view
        };
        let page = serde_json::to_value(&noted).unwrap();
        assert_eq!(page["key_note"], "n");
        assert_eq!(page["key_origin"], "https://api.openai.com:443");
        let update: SettingsUpdate = serde_json::from_value(json!({
            "provider": "openai", "base_url": "", "model": "gpt-4.1-mini", "api_key": null
        }))
        .unwrap();
        assert_eq!(update.api_key, None);
        assert_eq!(update.fields, fields("openai", "", "gpt-4.1-mini"));
        let replace: SettingsUpdate =
            serde_json::from_value(json!({ "provider": "openai", "api_key": "sk" })).unwrap();
        assert_eq!(replace.api_key.as_deref(), Some("sk"));
        assert!(serde_json::from_value::<SettingsUpdate>(json!({ "model": "m" })).is_err());
    }
}
