//! Where the model API keys live: one per server origin.
//!
//! A key is a credential: it must never reach the webview, a JSON settings file, or the SQLite
//! database (all of which end up in backups and bug reports). On a desktop it belongs in the OS
//! keychain (Secret Service on Linux, Keychain on macOS, Credential Manager on Windows). Headless
//! Linux machines (CI, servers, minimal sessions) often run no Secret Service at all; there a key
//! typed into the settings panel is kept in memory for this session only.
//!
//! Keys are stored per [`KeyOrigin`] (scheme, host, port of the base URL; the keychain account is
//! the origin string, e.g. `https://api.openai.com:443`), so pointing the app at another server
//! never sends it the key saved for the previous one. `OPENAI_API_KEY` from the environment is a
//! fallback for OpenAI's API origin only. [`ApiKeyStore::storage`] says where the key for an
//! origin comes from, so the settings panel can tell the user.
//!
//! Older installs kept one key under the account `openai-api-key`. [`ApiKeyStore::migrate_legacy`]
//! moves it, once, to the origin it was used with (the caller passes the origin of the saved
//! settings, else OpenAI's); a key that origin may not receive (plain `http://` to another
//! machine) stays where it is, unused, rather than being sent anywhere or deleted.

use std::collections::HashMap;
use std::sync::Mutex;

use serde::Serialize;

use crate::model::key_origin::{ApiKey, KeyOrigin};

/// The keychain service of the app's entries.
pub const KEYCHAIN_SERVICE: &str = "dev.shopdesk.app";
/// The account of the single key older versions stored (see [`ApiKeyStore::migrate_legacy`]).
pub const LEGACY_ACCOUNT: &str = "openai-api-key";

/// Where the key for one origin comes from right now; shown to the user by the settings panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyStorage {
    /// The OS keychain holds the key.
    Keychain,
    /// `OPENAI_API_KEY` (OpenAI's origin only, when nothing is stored).
    Environment,
    /// No keychain: the key was typed in this session and lives in memory until the app quits.
    Session,
    /// No key for this origin.
    None,
}

/// An error from the key store, with a message fit for the settings panel (never the key).
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SecretError {
    #[error("the OS keychain refused the request: {0}")]
    Keychain(String),
    #[error("{0}")]
    Refused(String),
}

/// The back end that really stores secrets, one per account; the OS keychain in the app, a
/// fake in tests.
pub trait SecretBackend: Send + Sync {
    /// `Ok(None)` when nothing is stored; `Err` when the backend itself is unavailable.
    fn get(&self, account: &str) -> Result<Option<String>, String>;
    fn set(&self, account: &str, secret: &str) -> Result<(), String>;
    fn delete(&self, account: &str) -> Result<(), String>;
}

/// The OS keychain entries of `service`, through the `keyring` crate.
pub struct OsKeychain {
    service: String,
}

impl OsKeychain {
    pub fn new(service: impl Into<String>) -> Self {
        Self {
            service: service.into(),
        }
    }

    fn entry(&self, account: &str) -> Result<keyring::Entry, String> {
        keyring::Entry::new(&self.service, account).map_err(|e| e.to_string())
    }
}

impl SecretBackend for OsKeychain {
    fn get(&self, account: &str) -> Result<Option<String>, String> {
        match self.entry(account)?.get_password() {
            Ok(secret) => Ok(Some(secret)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(e.to_string()),
        }
    }

    fn set(&self, account: &str, secret: &str) -> Result<(), String> {
        self.entry(account)?
            .set_password(secret)
            .map_err(|e| e.to_string())
    }

    fn delete(&self, account: &str) -> Result<(), String> {
        match self.entry(account)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(e.to_string()),
        }
    }
}

/// The API keys by origin: the keychain, else this session's memory; `OPENAI_API_KEY` for
/// OpenAI's origin when nothing is stored for it.
pub struct ApiKeyStore {
    backend: Box<dyn SecretBackend>,
    keychain_available: bool,
    env_key: Option<ApiKey>,
    /// Origin string → key, when there is no keychain.
    session_keys: Mutex<HashMap<String, ApiKey>>,
}

impl ApiKeyStore {
    /// Probe `backend` once; `env_key` is the value of `OPENAI_API_KEY` (empty counts as unset,
    /// an invalid one is ignored with a warning that does not show it).
    pub fn new(backend: Box<dyn SecretBackend>, env_key: Option<String>) -> Self {
        let keychain_available = backend.get(LEGACY_ACCOUNT).is_ok();
        if !keychain_available {
            tracing::info!("no OS keychain available; API keys typed in are kept for this session");
        }
        let env_key =
            env_key
                .filter(|k| !k.trim().is_empty())
                .and_then(|k| match ApiKey::parse(&k) {
                    Ok(key) => Some(key),
                    Err(e) => {
                        tracing::warn!("ignoring OPENAI_API_KEY: {e}");
                        None
                    }
                });
        Self {
            backend,
            keychain_available,
            env_key,
            session_keys: Mutex::new(HashMap::new()),
        }
    }

    /// The app's store: the OS keychain entries of [`KEYCHAIN_SERVICE`], `OPENAI_API_KEY`.
    pub fn for_app() -> Self {
        Self::new(
            Box::new(OsKeychain::new(KEYCHAIN_SERVICE)),
            std::env::var(crate::model::config::API_KEY_ENV).ok(),
        )
    }

    /// Whether the OS keychain answered the probe.
    pub fn keychain_available(&self) -> bool {
        self.keychain_available
    }

    /// The key to send to `origin`, if any: the stored one, else (OpenAI's origin only) the
    /// environment's. A stored value that is not a valid key is ignored.
    pub fn get(&self, origin: &KeyOrigin) -> Option<ApiKey> {
        self.stored(origin).or_else(|| self.env_key_for(origin))
    }

    /// Stores `key` for `origin` (refused for an origin that may not receive a key). Without a
    /// keychain it is kept for this session only.
    pub fn set(&self, origin: &KeyOrigin, key: &ApiKey) -> Result<(), SecretError> {
        origin
            .accepts_key()
            .map_err(|e| SecretError::Refused(e.message().to_owned()))?;
        if self.keychain_available {
            return self
                .backend
                .set(&origin.to_string(), key.expose())
                .map_err(SecretError::Keychain);
        }
        self.session().insert(origin.to_string(), key.clone());
        Ok(())
    }

    /// Forgets the key stored for `origin` (the environment's key, if any, still applies to
    /// OpenAI's origin).
    pub fn delete(&self, origin: &KeyOrigin) -> Result<(), SecretError> {
        self.session().remove(&origin.to_string());
        if self.keychain_available {
            return self
                .backend
                .delete(&origin.to_string())
                .map_err(SecretError::Keychain);
        }
        Ok(())
    }

    /// Where the key for `origin` comes from.
    pub fn storage(&self, origin: &KeyOrigin) -> KeyStorage {
        if self.stored(origin).is_some() {
            return if self.keychain_available {
                KeyStorage::Keychain
            } else {
                KeyStorage::Session
            };
        }
        if self.env_key_for(origin).is_some() {
            return KeyStorage::Environment;
        }
        KeyStorage::None
    }

    /// A sentence for the settings panel about where keys are kept, when it is not the keychain
    /// (`origin`: the server of the settings shown, `None` offline).
    pub fn note(&self, origin: Option<&KeyOrigin>) -> Option<String> {
        if self.keychain_available {
            return None;
        }
        Some(match origin.map_or(KeyStorage::None, |o| self.storage(o)) {
            KeyStorage::Session => "No OS keychain is available, so the key is kept for this \
                 session only (in memory until the app quits)."
                .into(),
            KeyStorage::Environment => "No OS keychain is available; using OPENAI_API_KEY from \
                 the environment (only ever sent to OpenAI's API)."
                .into(),
            KeyStorage::Keychain | KeyStorage::None => "No OS keychain is available; a key \
                 entered here is kept for this session only. OPENAI_API_KEY is used for \
                 OpenAI's API only."
                .into(),
        })
    }

    /// Moves the single key of older versions ([`LEGACY_ACCOUNT`]) to `origin`, unless a key is
    /// already stored there or `origin` may not receive one (then the old entry is left alone
    /// and unused). Returns whether a key was moved. Keychain errors are logged, not fatal.
    pub fn migrate_legacy(&self, origin: &KeyOrigin) -> bool {
        if !self.keychain_available {
            return false;
        }
        let legacy = match self.backend.get(LEGACY_ACCOUNT) {
            Ok(Some(raw)) => raw,
            Ok(None) => return false,
            Err(e) => {
                tracing::warn!("cannot read the old API key entry: {e}");
                return false;
            }
        };
        let Ok(key) = ApiKey::parse(&legacy) else {
            tracing::warn!("the old API key entry is not a valid key; left in place");
            return false;
        };
        if origin.accepts_key().is_err() || self.stored(origin).is_some() {
            tracing::warn!(origin = %origin, "the old API key entry is left in place, unused");
            return false;
        }
        if let Err(e) = self.backend.set(&origin.to_string(), key.expose()) {
            tracing::warn!("cannot move the old API key entry: {e}");
            return false;
        }
        if let Err(e) = self.backend.delete(LEGACY_ACCOUNT) {
            tracing::warn!("cannot delete the old API key entry: {e}");
        }
        tracing::info!(origin = %origin, "moved the old API key to its origin");
        true
    }

    /// The key stored (keychain or session) for `origin`.
    fn stored(&self, origin: &KeyOrigin) -> Option<ApiKey> {
        if self.keychain_available {
            return match self.backend.get(&origin.to_string()) {
                Ok(Some(raw)) => ApiKey::parse(&raw).ok(),
                _ => None,
            };
        }
        self.session().get(&origin.to_string()).cloned()
    }

    fn env_key_for(&self, origin: &KeyOrigin) -> Option<ApiKey> {
        self.env_key.clone().filter(|_| origin.is_openai())
    }

    fn session(&self) -> std::sync::MutexGuard<'_, HashMap<String, ApiKey>> {
        self.session_keys.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A keychain in memory, for tests (here and in the app): `available: false` behaves like a
/// machine with no Secret Service. Clones share their entries.
#[derive(Clone, Default)]
pub struct MemoryKeychain {
    pub available: bool,
    entries: std::sync::Arc<Mutex<HashMap<String, String>>>,
}

impl MemoryKeychain {
    /// An available keychain with no entries.
    pub fn available() -> Self {
        Self {
            available: true,
            ..Self::default()
        }
    }

    /// What is stored under `account`.
    pub fn entry(&self, account: &str) -> Option<String> {
        self.entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(account)
            .cloned()
    }

    fn check(&self) -> Result<std::sync::MutexGuard<'_, HashMap<String, String>>, String> {
        if !self.available {
            return Err("no secret service".into());
        }
        Ok(self.entries.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

impl SecretBackend for MemoryKeychain {
    fn get(&self, account: &str) -> Result<Option<String>, String> {
        Ok(self.check()?.get(account).cloned())
    }
    fn set(&self, account: &str, secret: &str) -> Result<(), String> {
        self.check()?.insert(account.into(), secret.into());
        Ok(())
    }
    fn delete(&self, account: &str) -> Result<(), String> {
        self.check()?.remove(account);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin(url: &str) -> KeyOrigin {
        KeyOrigin::of_base_url(url).unwrap()
    }

    fn key(raw: &str) -> ApiKey {
        ApiKey::parse(raw).unwrap()
    }

    fn exposed(k: Option<ApiKey>) -> Option<String> {
        k.map(|k| k.expose().to_owned())
    }

    #[test]
    fn keys_are_kept_per_origin_in_the_keychain() {
        let kc = MemoryKeychain::available();
        let store = ApiKeyStore::new(Box::new(kc.clone()), None);
        let mock = origin("http://127.0.0.1:4000/v1");
        store.set(&mock, &key("  sk-mock \n")).unwrap();
        assert_eq!(
            kc.entry("http://127.0.0.1:4000").as_deref(),
            Some("sk-mock")
        );
        assert_eq!(
            exposed(store.get(&origin("http://127.0.0.1:4000/other"))).as_deref(),
            Some("sk-mock")
        );
        assert_eq!(store.storage(&mock), KeyStorage::Keychain);
        for other in [
            "http://127.0.0.1:4001/v1",
            "https://127.0.0.1:4000/v1",
            "http://localhost:4000/v1",
        ] {
            assert_eq!(
                store.get(&origin(other)),
                None,
                "another origin never gets the key: {other}"
            );
            assert_eq!(store.storage(&origin(other)), KeyStorage::None);
        }
        store.delete(&mock).unwrap();
        assert_eq!(kc.entry("http://127.0.0.1:4000"), None);
        assert!(store.note(Some(&mock)).is_none());
    }

    #[test]
    fn the_environment_key_is_for_openai_only_and_a_stored_key_wins() {
        let store = ApiKeyStore::new(Box::new(MemoryKeychain::available()), Some("sk-env".into()));
        let openai = KeyOrigin::openai();
        assert_eq!(exposed(store.get(&openai)).as_deref(), Some("sk-env"));
        assert_eq!(store.storage(&openai), KeyStorage::Environment);
        for other in [
            "http://127.0.0.1:8080/v1",
            "https://proxy.example/v1",
            "https://api.openai.com:8443/v1",
        ] {
            assert_eq!(store.get(&origin(other)), None, "{other}");
        }
        store.set(&openai, &key("sk-keychain")).unwrap();
        assert_eq!(exposed(store.get(&openai)).as_deref(), Some("sk-keychain"));
        store.delete(&openai).unwrap();
        assert_eq!(exposed(store.get(&openai)).as_deref(), Some("sk-env"));
    }

    #[test]
    fn without_a_keychain_a_typed_key_is_kept_for_this_session() {
        let store = ApiKeyStore::new(Box::new(MemoryKeychain::default()), None);
        let mock = origin("http://[::1]:9/v1");
        assert!(!store.keychain_available());
        assert_eq!(store.storage(&mock), KeyStorage::None);
        store.set(&mock, &key("sk-typed")).unwrap();
        assert_eq!(store.storage(&mock), KeyStorage::Session);
        assert!(store
            .note(Some(&mock))
            .unwrap()
            .contains("kept for this session"));
        assert_eq!(exposed(store.get(&mock)).as_deref(), Some("sk-typed"));
        assert_eq!(store.get(&origin("http://[::1]:10/v1")), None);
        store.delete(&mock).unwrap();
        assert_eq!(store.storage(&mock), KeyStorage::None);
        let env = ApiKeyStore::new(Box::new(MemoryKeychain::default()), Some("sk-env".into()));
        assert_eq!(env.storage(&KeyOrigin::openai()), KeyStorage::Environment);
        assert!(env
            .note(Some(&KeyOrigin::openai()))
            .unwrap()
            .contains("OPENAI_API_KEY"));
    }

    #[test]
    fn a_plain_http_origin_elsewhere_is_refused_and_stores_nothing() {
        let kc = MemoryKeychain::available();
        let store = ApiKeyStore::new(Box::new(kc.clone()), None);
        let lan = origin("http://10.0.0.2:11434/v1");
        let err = store.set(&lan, &key("sk-lan")).unwrap_err();
        assert!(err.to_string().contains("plain http://"), "{err}");
        assert!(!err.to_string().contains("sk-lan"));
        assert_eq!(kc.entry("http://10.0.0.2:11434"), None);
    }

    #[test]
    fn invalid_keys_from_the_environment_or_the_keychain_are_ignored() {
        for env in ["  ", "sk-\u{0}", "sk-é"] {
            let store = ApiKeyStore::new(Box::new(MemoryKeychain::default()), Some(env.into()));
            assert_eq!(store.get(&KeyOrigin::openai()), None, "{env:?}");
        }
        let kc = MemoryKeychain::available();
        kc.set("https://api.openai.com:443", "bad\nkey").unwrap();
        let store = ApiKeyStore::new(Box::new(kc), None);
        assert_eq!(store.get(&KeyOrigin::openai()), None);
    }

    #[test]
    fn the_old_single_key_moves_to_its_origin_once() {
        let kc = MemoryKeychain::available();
        kc.set(LEGACY_ACCOUNT, "sk-old").unwrap();
        let store = ApiKeyStore::new(Box::new(kc.clone()), None);
        let saved = origin("http://localhost:11434/v1");
        assert!(store.migrate_legacy(&saved));
        assert_eq!(
            kc.entry("http://localhost:11434").as_deref(),
            Some("sk-old")
        );
        assert_eq!(kc.entry(LEGACY_ACCOUNT), None);
        assert!(!store.migrate_legacy(&KeyOrigin::openai()), "only once");
        assert_eq!(store.get(&KeyOrigin::openai()), None);

        // Saved for a plain-http server elsewhere: left in place, sent nowhere.
        let kc = MemoryKeychain::available();
        kc.set(LEGACY_ACCOUNT, "sk-lan").unwrap();
        let store = ApiKeyStore::new(Box::new(kc.clone()), None);
        assert!(!store.migrate_legacy(&origin("http://10.0.0.2:11434/v1")));
        assert_eq!(kc.entry(LEGACY_ACCOUNT).as_deref(), Some("sk-lan"));
        assert_eq!(store.get(&origin("http://10.0.0.2:11434/v1")), None);

        // A newer key for the origin wins; without a keychain nothing happens.
        let kc = MemoryKeychain::available();
        kc.set(LEGACY_ACCOUNT, "sk-old").unwrap();
        kc.set(OPENAI_ACCOUNT, "sk-new").unwrap();
        let store = ApiKeyStore::new(Box::new(kc.clone()), None);
        assert!(!store.migrate_legacy(&KeyOrigin::openai()));
        assert_eq!(
            exposed(store.get(&KeyOrigin::openai())).as_deref(),
            Some("sk-new")
        );
        let none = ApiKeyStore::new(Box::new(MemoryKeychain::default()), None);
        assert!(!none.migrate_legacy(&KeyOrigin::openai()));
    }

    const OPENAI_ACCOUNT: &str = crate::model::key_origin::OPENAI_ORIGIN;

    #[test]
    fn real_keychain_probe_never_panics() {
        // On CI there is usually no Secret Service; either way the store must answer.
        let store = ApiKeyStore::for_app();
        let _ = store.storage(&KeyOrigin::openai());
        let _ = store.note(Some(&KeyOrigin::openai()));
    }
}
