//! Where the model API key lives.
//!
//! The key is a credential: it must never reach the webview, a JSON settings file, or the SQLite
//! database (all of which end up in backups and bug reports). On a desktop it belongs in the OS
//! keychain (Secret Service on Linux, Keychain on macOS, Credential Manager on Windows). Headless
//! Linux machines (CI, servers, minimal sessions) often run no Secret Service at all; there the key
//! comes from `OPENAI_API_KEY` in the environment, and a key typed into the settings panel is kept
//! in memory for this session only. [`ApiKeyStore::storage`] says which of these is in force so the
//! UI can tell the user.

use std::sync::Mutex;

use serde::Serialize;

/// Where the API key is kept right now; shown to the user by the settings panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyStorage {
    /// The OS keychain holds (or would hold) the key.
    Keychain,
    /// No keychain: the key comes from `OPENAI_API_KEY`.
    Environment,
    /// No keychain: the key was typed in this session and lives in memory only.
    Session,
    /// No keychain and no key anywhere.
    None,
}

/// An error from the key store, with a message fit for the settings panel.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SecretError {
    #[error("the OS keychain refused the request: {0}")]
    Keychain(String),
}

/// The back end that really stores a secret; the OS keychain in the app, a fake in tests.
pub trait SecretBackend: Send + Sync {
    /// `Ok(None)` when nothing is stored; `Err` when the backend itself is unavailable.
    fn get(&self) -> Result<Option<String>, String>;
    fn set(&self, secret: &str) -> Result<(), String>;
    fn delete(&self) -> Result<(), String>;
}

/// The OS keychain entry `service`/`account`, through the `keyring` crate.
pub struct OsKeychain {
    service: String,
    account: String,
}

impl OsKeychain {
    pub fn new(service: impl Into<String>, account: impl Into<String>) -> Self {
        Self {
            service: service.into(),
            account: account.into(),
        }
    }

    fn entry(&self) -> Result<keyring::Entry, String> {
        keyring::Entry::new(&self.service, &self.account).map_err(|e| e.to_string())
    }
}

impl SecretBackend for OsKeychain {
    fn get(&self) -> Result<Option<String>, String> {
        match self.entry()?.get_password() {
            Ok(secret) => Ok(Some(secret)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(e.to_string()),
        }
    }

    fn set(&self, secret: &str) -> Result<(), String> {
        self.entry()?
            .set_password(secret)
            .map_err(|e| e.to_string())
    }

    fn delete(&self) -> Result<(), String> {
        match self.entry()?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(e.to_string()),
        }
    }
}

/// The API key, resolved from the keychain, else the environment, else this session's memory.
pub struct ApiKeyStore {
    backend: Box<dyn SecretBackend>,
    keychain_available: bool,
    env_key: Option<String>,
    session_key: Mutex<Option<String>>,
}

impl ApiKeyStore {
    /// Probe `backend` once; `env_key` is the value of `OPENAI_API_KEY` (empty counts as unset).
    pub fn new(backend: Box<dyn SecretBackend>, env_key: Option<String>) -> Self {
        let keychain_available = backend.get().is_ok();
        if !keychain_available {
            tracing::info!(
                "no OS keychain available; the API key comes from OPENAI_API_KEY or this session"
            );
        }
        let env_key = env_key.filter(|k| !k.trim().is_empty());
        Self {
            backend,
            keychain_available,
            env_key,
            session_key: Mutex::new(None),
        }
    }

    /// The app's store: the OS keychain entry `dev.shopdesk.app`/`openai-api-key`, env fallback.
    pub fn for_app() -> Self {
        Self::new(
            Box::new(OsKeychain::new("dev.shopdesk.app", "openai-api-key")),
            std::env::var("OPENAI_API_KEY").ok(),
        )
    }

    /// The key to use for model requests, if any. A key in the keychain wins over the environment.
    pub fn get(&self) -> Option<String> {
        if self.keychain_available {
            if let Ok(Some(key)) = self.backend.get() {
                return Some(key);
            }
        }
        if let Some(key) = self
            .session_key
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
        {
            return Some(key);
        }
        self.env_key.clone()
    }

    /// Store a key (trimmed). Without a keychain it is kept for this session only.
    pub fn set(&self, key: &str) -> Result<(), SecretError> {
        let key = key.trim();
        if self.keychain_available {
            return self.backend.set(key).map_err(SecretError::Keychain);
        }
        *self.session_key.lock().unwrap_or_else(|e| e.into_inner()) = Some(key.to_string());
        Ok(())
    }

    /// Forget the stored key (the environment variable, if any, still applies).
    pub fn delete(&self) -> Result<(), SecretError> {
        *self.session_key.lock().unwrap_or_else(|e| e.into_inner()) = None;
        if self.keychain_available {
            return self.backend.delete().map_err(SecretError::Keychain);
        }
        Ok(())
    }

    /// Where the key currently comes from.
    pub fn storage(&self) -> KeyStorage {
        if self.keychain_available {
            return KeyStorage::Keychain;
        }
        if self
            .session_key
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .is_some()
        {
            return KeyStorage::Session;
        }
        if self.env_key.is_some() {
            return KeyStorage::Environment;
        }
        KeyStorage::None
    }

    /// A sentence for the settings panel explaining [`Self::storage`].
    pub fn note(&self) -> Option<String> {
        match self.storage() {
            KeyStorage::Keychain => None,
            KeyStorage::Environment => Some(
                "No OS keychain is available; using OPENAI_API_KEY from the environment.".into(),
            ),
            KeyStorage::Session => Some(
                "No OS keychain is available; the key is kept in memory until the app quits. \
                 Set OPENAI_API_KEY to make it permanent."
                    .into(),
            ),
            KeyStorage::None => Some(
                "No OS keychain is available; enter a key for this session or set OPENAI_API_KEY."
                    .into(),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    /// A keychain in memory; `available: false` behaves like a machine with no Secret Service.
    #[derive(Clone, Default)]
    struct FakeKeychain {
        available: bool,
        value: Arc<Mutex<Option<String>>>,
    }

    impl SecretBackend for FakeKeychain {
        fn get(&self) -> Result<Option<String>, String> {
            if !self.available {
                return Err("no secret service".into());
            }
            Ok(self.value.lock().unwrap().clone())
        }
        fn set(&self, secret: &str) -> Result<(), String> {
            if !self.available {
                return Err("no secret service".into());
            }
            *self.value.lock().unwrap() = Some(secret.into());
            Ok(())
        }
        fn delete(&self) -> Result<(), String> {
            *self.value.lock().unwrap() = None;
            Ok(())
        }
    }

    #[test]
    fn keychain_wins_and_round_trips() {
        let kc = FakeKeychain {
            available: true,
            ..Default::default()
        };
        let store = ApiKeyStore::new(Box::new(kc.clone()), Some("sk-env".into()));
        assert_eq!(store.storage(), KeyStorage::Keychain);
        assert_eq!(
            store.get().as_deref(),
            Some("sk-env"),
            "env applies until a key is stored"
        );
        store.set("  sk-keychain \n").unwrap();
        assert_eq!(kc.value.lock().unwrap().as_deref(), Some("sk-keychain"));
        assert_eq!(store.get().as_deref(), Some("sk-keychain"));
        store.delete().unwrap();
        assert_eq!(kc.value.lock().unwrap().as_deref(), None);
        assert!(store.note().is_none());
    }

    #[test]
    fn without_keychain_falls_back_to_environment_then_session() {
        let store = ApiKeyStore::new(Box::new(FakeKeychain::default()), Some("sk-env".into()));
        assert_eq!(store.storage(), KeyStorage::Environment);
        assert_eq!(store.get().as_deref(), Some("sk-env"));
        assert!(store.note().unwrap().contains("OPENAI_API_KEY"));
        store.set("sk-typed").unwrap();
        assert_eq!(store.storage(), KeyStorage::Session);
        assert_eq!(store.get().as_deref(), Some("sk-typed"));
        store.delete().unwrap();
        assert_eq!(store.get().as_deref(), Some("sk-env"));
    }

    #[test]
    fn empty_environment_key_counts_as_none() {
        let store = ApiKeyStore::new(Box::new(FakeKeychain::default()), Some("  ".into()));
        assert_eq!(store.storage(), KeyStorage::None);
        assert_eq!(store.get(), None);
    }

    #[test]
    fn real_keychain_probe_never_panics() {
        // On CI there is usually no Secret Service; either way the store must answer.
        let store = ApiKeyStore::for_app();
        let _ = store.storage();
        let _ = store.note();
    }
}
