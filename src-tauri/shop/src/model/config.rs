//! Model settings and the choice of backend.
//!
//! The app (settings screen, keychain) and power users (environment variables, see
//! `docs/ARCHITECTURE.md`) both describe the model with [`ModelSettings`]; this module turns
//! them into one `Arc<dyn ModelBackend>`, applying the defaults: offline unless asked
//! otherwise, OpenAI through the Responses API with `gpt-4.1-mini`, OpenAI-compatible servers
//! through Chat Completions. The API key is taken as a value (the keychain is elsewhere) and
//! never printed: `Debug` redacts it.

use std::sync::Arc;
use std::time::Duration;

use super::chat_completions::ChatCompletionsBackend;
use super::error::ModelError;
use super::http::HttpOptions;
use super::offline::OfflineModel;
use super::responses::ResponsesBackend;
use super::ModelBackend;

/// OpenAI's API root.
pub const OPENAI_BASE_URL: &str = "https://api.openai.com/v1";
/// The default OpenAI model.
pub const OPENAI_DEFAULT_MODEL: &str = "gpt-4.1-mini";
/// Where an OpenAI-compatible server is assumed to be when none is given (Ollama's default).
pub const COMPATIBLE_DEFAULT_BASE_URL: &str = "http://localhost:11434/v1";
/// The model asked of an OpenAI-compatible server when none is given.
pub const COMPATIBLE_DEFAULT_MODEL: &str = "llama3.2";
/// Pacing of the offline model's streamed words when `SHOPDESK_STREAM_DELAY_MS` is unset.
pub const DEFAULT_STREAM_DELAY: Duration = Duration::from_millis(120);

/// Who answers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Provider {
    /// The built-in offline model.
    #[default]
    Offline,
    /// OpenAI's API.
    OpenAI,
    /// Any server speaking OpenAI's protocol (Ollama, llama.cpp, LM Studio, vLLM …).
    OpenAICompatible,
}

impl Provider {
    /// Parses `offline`, `openai`, `openai-compatible` (also `compatible`, `local`, `ollama`).
    pub fn parse(value: &str) -> Result<Provider, ModelError> {
        match value.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "" | "offline" => Ok(Provider::Offline),
            "openai" => Ok(Provider::OpenAI),
            "openai-compatible" | "compatible" | "local" | "ollama" => {
                Ok(Provider::OpenAICompatible)
            }
            other => Err(ModelError::Config {
                message: format!(
                    "unknown provider {other:?} (expected offline, openai or openai-compatible)"
                ),
            }),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Provider::Offline => "offline",
            Provider::OpenAI => "openai",
            Provider::OpenAICompatible => "openai-compatible",
        }
    }
}

/// Which OpenAI wire API to speak.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WireApi {
    Responses,
    ChatCompletions,
}

/// Everything needed to build a backend.
#[derive(Clone, Default, PartialEq)]
pub struct ModelSettings {
    pub provider: Provider,
    /// Base URL including `/v1`; `None` = the provider's default.
    pub base_url: Option<String>,
    /// Model name; `None` = the provider's default.
    pub model: Option<String>,
    /// API key; `None` for keyless local servers.
    pub api_key: Option<String>,
    /// Wire API; `None` = Responses for OpenAI, Chat Completions for compatible servers.
    pub api: Option<WireApi>,
    /// Offline model pacing; `None` = [`DEFAULT_STREAM_DELAY`].
    pub stream_delay: Option<Duration>,
    pub http: HttpOptions,
}

impl std::fmt::Debug for ModelSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ModelSettings")
            .field("provider", &self.provider)
            .field("base_url", &self.base_url)
            .field("model", &self.model)
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .field("api", &self.api)
            .field("stream_delay", &self.stream_delay)
            .field("http", &self.http)
            .finish()
    }
}

impl ModelSettings {
    /// Settings from the process environment alone.
    pub fn from_env() -> Result<ModelSettings, ModelError> {
        ModelSettings::default().with_env(|name| std::env::var(name).ok())
    }

    /// Applies `SHOPDESK_PROVIDER`, `SHOPDESK_BASE_URL`, `SHOPDESK_MODEL`, `OPENAI_API_KEY` and
    /// `SHOPDESK_STREAM_DELAY_MS` (as returned by `var`) over these settings; empty values are
    /// ignored. `OPENAI_API_KEY` only fills a missing key (the keychain wins).
    pub fn with_env(
        mut self,
        var: impl Fn(&str) -> Option<String>,
    ) -> Result<ModelSettings, ModelError> {
        let get = |name: &str| {
            var(name)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        if let Some(provider) = get("SHOPDESK_PROVIDER") {
            self.provider = Provider::parse(&provider)?;
        }
        if let Some(base_url) = get("SHOPDESK_BASE_URL") {
            self.base_url = Some(base_url);
            // A base URL alone means "use that server".
            if get("SHOPDESK_PROVIDER").is_none() && self.provider == Provider::Offline {
                self.provider = Provider::OpenAICompatible;
            }
        }
        if let Some(model) = get("SHOPDESK_MODEL") {
            self.model = Some(model);
        }
        if self.api_key.is_none() {
            self.api_key = get("OPENAI_API_KEY");
        }
        if let Some(ms) = get("SHOPDESK_STREAM_DELAY_MS") {
            let ms: u64 = ms.parse().map_err(|_| ModelError::Config {
                message: format!(
                    "SHOPDESK_STREAM_DELAY_MS must be a number of milliseconds, got {ms:?}"
                ),
            })?;
            self.stream_delay = Some(Duration::from_millis(ms));
        }
        Ok(self)
    }

    /// The base URL that will be used.
    pub fn effective_base_url(&self) -> Option<String> {
        match self.provider {
            Provider::Offline => None,
            Provider::OpenAI => Some(
                self.base_url
                    .clone()
                    .unwrap_or_else(|| OPENAI_BASE_URL.into()),
            ),
            Provider::OpenAICompatible => Some(
                self.base_url
                    .clone()
                    .unwrap_or_else(|| COMPATIBLE_DEFAULT_BASE_URL.into()),
            ),
        }
    }

    /// The model name that will be used.
    pub fn effective_model(&self) -> String {
        match (&self.model, self.provider) {
            (Some(m), _) => m.clone(),
            (None, Provider::Offline) => "offline".into(),
            (None, Provider::OpenAI) => OPENAI_DEFAULT_MODEL.into(),
            (None, Provider::OpenAICompatible) => COMPATIBLE_DEFAULT_MODEL.into(),
        }
    }

    /// The wire API that will be used (`None` for offline).
    pub fn effective_api(&self) -> Option<WireApi> {
        match self.provider {
            Provider::Offline => None,
            Provider::OpenAI => Some(self.api.unwrap_or(WireApi::Responses)),
            Provider::OpenAICompatible => Some(self.api.unwrap_or(WireApi::ChatCompletions)),
        }
    }

    /// Builds the backend. OpenAI without a key is a [`ModelError::Config`].
    pub fn build(&self) -> Result<Arc<dyn ModelBackend>, ModelError> {
        let model = self.effective_model();
        let key = self.api_key.as_deref().filter(|k| !k.trim().is_empty());
        let (Some(base_url), Some(api)) = (self.effective_base_url(), self.effective_api()) else {
            return Ok(Arc::new(OfflineModel::bundled(
                self.stream_delay.unwrap_or(DEFAULT_STREAM_DELAY),
            )));
        };
        if self.provider == Provider::OpenAI && key.is_none() {
            return Err(ModelError::Config {
                message: "OpenAI needs an API key; add one in Settings.".into(),
            });
        }
        tracing::info!(provider = self.provider.as_str(), base_url = %base_url, model = %model, api = ?api, "model backend");
        Ok(match api {
            WireApi::Responses => {
                Arc::new(ResponsesBackend::new(&base_url, key, model, self.http)?)
            }
            WireApi::ChatCompletions => Arc::new(ChatCompletionsBackend::new(
                &base_url, key, model, self.http,
            )?),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| map.get(name).cloned()
    }

    #[test]
    fn defaults_are_offline_and_build() {
        let s = ModelSettings::default().with_env(env(&[])).unwrap();
        assert_eq!(s.provider, Provider::Offline);
        assert_eq!(s.build().unwrap().name(), "offline");
    }

    #[test]
    fn openai_defaults_to_responses_and_needs_a_key() {
        let s = ModelSettings {
            provider: Provider::OpenAI,
            ..Default::default()
        };
        assert_eq!(s.effective_model(), "gpt-4.1-mini");
        assert_eq!(s.effective_api(), Some(WireApi::Responses));
        assert!(matches!(s.build(), Err(ModelError::Config { .. })));
        let s = s.with_env(env(&[("OPENAI_API_KEY", "sk-secret")])).unwrap();
        assert_eq!(s.build().unwrap().name(), "openai-responses");
        assert!(!format!("{s:?}").contains("sk-secret"));
    }

    #[test]
    fn env_overrides_and_compatible_defaults() {
        let s = ModelSettings::default()
            .with_env(env(&[
                ("SHOPDESK_BASE_URL", "http://127.0.0.1:8080/v1"),
                ("SHOPDESK_MODEL", "qwen3"),
                ("SHOPDESK_STREAM_DELAY_MS", "0"),
            ]))
            .unwrap();
        assert_eq!(s.provider, Provider::OpenAICompatible);
        assert_eq!(s.effective_api(), Some(WireApi::ChatCompletions));
        assert_eq!(s.effective_model(), "qwen3");
        assert_eq!(s.stream_delay, Some(Duration::ZERO));
        assert_eq!(s.build().unwrap().name(), "chat-completions");
        let keyed = ModelSettings {
            api_key: Some("from-keychain".into()),
            ..Default::default()
        }
        .with_env(env(&[("OPENAI_API_KEY", "from-env")]))
        .unwrap();
        assert_eq!(keyed.api_key.as_deref(), Some("from-keychain"));
        assert!(ModelSettings::default()
            .with_env(env(&[("SHOPDESK_PROVIDER", "bard")]))
            .is_err());
        assert!(ModelSettings::default()
            .with_env(env(&[("SHOPDESK_STREAM_DELAY_MS", "soon")]))
            .is_err());
        let bad = ModelSettings {
            provider: Provider::OpenAICompatible,
            base_url: Some("nope".into()),
            ..Default::default()
        };
        assert!(matches!(bad.build(), Err(ModelError::Config { .. })));
    }
}
