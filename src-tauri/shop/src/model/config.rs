//! Model settings: the one place that parses and validates them, and the choice of backend.
//!
//! Why one owner: the settings reach the program three ways — the `SHOPDESK_*` environment
//! (power users, tests; see `docs/ARCHITECTURE.md`), the app's saved `settings.json`, and the
//! settings panel — and all three must accept the same values and reject the same values with
//! the same [`SettingsError`] message. So the app only stores and shows text fields and hands
//! them to [`ModelSettings::from_fields`]; the environment is read once by
//! [`ModelSettings::from_env`], stream pacing and the model-server timeouts included. [`ModelSettings::build`] then turns the
//! settings into one `Arc<dyn ModelBackend>`, applying the defaults: offline unless asked
//! otherwise, OpenAI through the Responses API with `gpt-4.1-mini`, OpenAI-compatible servers
//! through Chat Completions. The API key is taken as a value (the keychain is elsewhere) and
//! never printed: `Debug` redacts it. Where a key may go (its origin, `http://` only to
//! loopback, `OPENAI_API_KEY` only to OpenAI) is [`super::key_origin`]'s rule, applied here.

use std::sync::Arc;
use std::time::Duration;

use super::chat_completions::ChatCompletionsBackend;
use super::error::ModelError;
use super::http::{normalize_base_url, HttpOptions};
use super::key_origin::{ApiKey, KeyOrigin};
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
/// Pacing of streamed words and widget states when `SHOPDESK_STREAM_DELAY_MS` is unset.
pub const DEFAULT_STREAM_DELAY: Duration = Duration::from_millis(120);
/// The longest accepted stream delay, in milliseconds.
pub const MAX_STREAM_DELAY_MS: u64 = 5_000;
/// The longest accepted base URL or model name, in bytes.
pub const MAX_FIELD_LEN: usize = 2048;

/// Which provider answers: `offline`, `openai` or `openai-compatible`.
pub const PROVIDER_ENV: &str = "SHOPDESK_PROVIDER";
/// The base URL (with `/v1`) of the server; alone, it means an OpenAI-compatible server.
pub const BASE_URL_ENV: &str = "SHOPDESK_BASE_URL";
/// The model name.
pub const MODEL_ENV: &str = "SHOPDESK_MODEL";
/// The API key, when no key is given otherwise.
pub const API_KEY_ENV: &str = "OPENAI_API_KEY";
/// The pause between streamed words (offline model) and widget states (tools), in milliseconds.
pub const STREAM_DELAY_ENV: &str = "SHOPDESK_STREAM_DELAY_MS";

/// Settings that cannot work. Its message is the one shown for that value wherever it came
/// from (the environment, `settings.json`, the settings panel).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct SettingsError {
    message: String,
}

impl SettingsError {
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }

    /// The message, fit for the settings panel.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl From<SettingsError> for ModelError {
    fn from(e: SettingsError) -> Self {
        ModelError::Config { message: e.message }
    }
}

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
    /// Parses `offline`, `openai`, `openai-compatible` (also `compatible`, `local`, `ollama`;
    /// any case, `_` for `-`). An empty name is `offline`.
    pub fn parse(value: &str) -> Result<Provider, SettingsError> {
        match value.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "" | "offline" => Ok(Provider::Offline),
            "openai" => Ok(Provider::OpenAI),
            "openai-compatible" | "compatible" | "local" | "ollama" => {
                Ok(Provider::OpenAICompatible)
            }
            _ => Err(SettingsError::new(format!(
                "unknown provider {:?} (expected offline, openai or openai-compatible)",
                value.trim()
            ))),
        }
    }

    /// The canonical name, as the settings panel and `settings.json` spell it.
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
    /// Pacing of the offline model and of streamed widgets; `None` = [`DEFAULT_STREAM_DELAY`].
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
    /// The settings a person chose as text (the settings panel, `settings.json`): a provider
    /// name for [`Provider::parse`], a base URL and a model name (`""` = the provider's
    /// default), checked by [`ModelSettings::validated`].
    pub fn from_fields(
        provider: &str,
        base_url: &str,
        model: &str,
    ) -> Result<ModelSettings, SettingsError> {
        ModelSettings {
            provider: Provider::parse(provider)?,
            base_url: Some(base_url.to_owned()),
            model: Some(model.to_owned()),
            ..ModelSettings::default()
        }
        .validated()
    }

    /// Settings from the process environment alone, read once (call it at start-up).
    pub fn from_env() -> Result<ModelSettings, SettingsError> {
        ModelSettings::default().with_env(|name| std::env::var(name).ok())
    }

    /// Applies `SHOPDESK_PROVIDER`, `SHOPDESK_BASE_URL`, `SHOPDESK_MODEL`, `OPENAI_API_KEY`,
    /// `SHOPDESK_STREAM_DELAY_MS` and the timeouts (`SHOPDESK_FIRST_BYTE_TIMEOUT_MS`,
    /// `SHOPDESK_IDLE_TIMEOUT_MS`, `SHOPDESK_TURN_DEADLINE_MS`; as returned by `var`, each read
    /// once) over these settings;
    /// empty values are ignored. A base URL without a provider means an OpenAI-compatible
    /// server; such a server without a base URL or model gets [`COMPATIBLE_DEFAULT_BASE_URL`]
    /// and [`COMPATIBLE_DEFAULT_MODEL`]. `OPENAI_API_KEY` only fills a missing key (the keychain
    /// wins), and only when the server is OpenAI's API ([`ModelSettings::env_key_applies`]).
    /// The result is [`ModelSettings::validated`].
    pub fn with_env(
        self,
        var: impl Fn(&str) -> Option<String>,
    ) -> Result<ModelSettings, SettingsError> {
        let get = |name: &str| {
            var(name)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let base_url = get(BASE_URL_ENV);
        let provider = match get(PROVIDER_ENV) {
            Some(name) => Provider::parse(&name)?,
            None if base_url.is_some() && self.provider == Provider::Offline => {
                Provider::OpenAICompatible
            }
            None => self.provider,
        };
        let mut settings = ModelSettings {
            provider,
            base_url: base_url.or(self.base_url),
            model: get(MODEL_ENV).or(self.model),
            api_key: self.api_key,
            stream_delay: match get(STREAM_DELAY_ENV) {
                Some(raw) => Some(parse_stream_delay(&raw)?),
                None => self.stream_delay,
            },
            http: self.http.with_env(&get).map_err(SettingsError::new)?,
            ..self
        };
        if settings.provider == Provider::OpenAICompatible {
            let filled = |value: Option<String>, default: &str| {
                value
                    .filter(|v| !v.trim().is_empty())
                    .or_else(|| Some(default.to_owned()))
            };
            settings.base_url = filled(settings.base_url, COMPATIBLE_DEFAULT_BASE_URL);
            settings.model = filled(settings.model, COMPATIBLE_DEFAULT_MODEL);
        }
        if settings.api_key.is_none() && settings.env_key_applies() {
            settings.api_key = get(API_KEY_ENV);
        }
        settings.validated()
    }

    /// These settings trimmed (empty = `None`, no trailing `/` on the base URL) and checked:
    /// fields at most [`MAX_FIELD_LEN`] bytes, a base URL must be `http(s)://host…` without
    /// `user:pass@`, an OpenAI-compatible server needs both a base URL and a model name, and a
    /// key must be an [`ApiKey`] whose server [`KeyOrigin::accepts_key`].
    pub fn validated(self) -> Result<ModelSettings, SettingsError> {
        let non_empty =
            |value: Option<String>| value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
        let base_url = non_empty(self.base_url);
        let model = non_empty(self.model);
        if base_url.as_ref().is_some_and(|u| u.len() > MAX_FIELD_LEN) {
            return Err(SettingsError::new(format!(
                "the base URL is longer than {MAX_FIELD_LEN} bytes"
            )));
        }
        if model.as_ref().is_some_and(|m| m.len() > MAX_FIELD_LEN) {
            return Err(SettingsError::new(format!(
                "the model name is longer than {MAX_FIELD_LEN} bytes"
            )));
        }
        let base_url = match base_url {
            None => None,
            Some(url) => Some(normalize_base_url(&url).map_err(|e| match e {
                ModelError::Config { message } => SettingsError::new(message),
                other => SettingsError::new(other.to_string()),
            })?),
        };
        if let Some(url) = &base_url {
            KeyOrigin::of_base_url(url)?;
        }
        let api_key = match non_empty(self.api_key) {
            None => None,
            Some(raw) => Some(ApiKey::parse(&raw)?.expose().to_owned()),
        };
        if self.provider == Provider::OpenAICompatible {
            if base_url.is_none() {
                return Err(SettingsError::new(
                    "an OpenAI-compatible server needs a base URL (e.g. http://127.0.0.1:11434/v1)",
                ));
            }
            if model.is_none() {
                return Err(SettingsError::new(
                    "an OpenAI-compatible server needs a model name",
                ));
            }
        }
        let settings = ModelSettings {
            base_url,
            model,
            api_key,
            ..self
        };
        if settings.api_key.is_some() {
            if let Some(origin) = settings.key_origin() {
                origin.accepts_key()?;
            }
        }
        Ok(settings)
    }

    /// The origin the API key belongs to: that of [`Self::effective_base_url`] (`None` offline).
    pub fn key_origin(&self) -> Option<KeyOrigin> {
        KeyOrigin::of_base_url(&self.effective_base_url()?).ok()
    }

    /// Whether `OPENAI_API_KEY` may be sent to these settings' server: only to OpenAI's API
    /// ([`super::key_origin::OPENAI_ORIGIN`]), never to another, "compatible" one.
    pub fn env_key_applies(&self) -> bool {
        self.key_origin().is_some_and(|o| o.is_openai())
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

    /// The pacing that will be used (the offline model's words, streamed widget states).
    pub fn effective_stream_delay(&self) -> Duration {
        self.stream_delay.unwrap_or(DEFAULT_STREAM_DELAY)
    }

    /// Builds the backend. OpenAI without a key is a [`ModelError::Config`].
    pub fn build(&self) -> Result<Arc<dyn ModelBackend>, ModelError> {
        let model = self.effective_model();
        let key = self.api_key.as_deref().filter(|k| !k.trim().is_empty());
        let (Some(base_url), Some(api)) = (self.effective_base_url(), self.effective_api()) else {
            return Ok(Arc::new(OfflineModel::bundled(
                self.effective_stream_delay(),
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

// ── Model server timeouts ────────────────────────────────────────────────────────────────
// How long Shopdesk waits for a model server: HttpOptions, whose defaults and parser
// (`HttpOptions::with_env`) live in model/http.rs. Whole milliseconds from MIN_TIMEOUT_MS to
// MAX_TIMEOUT_MS.

/// Wait for the first byte of an answer (headers included); default 120 s for slow local models.
pub const FIRST_BYTE_TIMEOUT_ENV: &str = "SHOPDESK_FIRST_BYTE_TIMEOUT_MS";
/// Longest silence between two chunks of a streaming answer; default 30 s.
pub const IDLE_TIMEOUT_ENV: &str = "SHOPDESK_IDLE_TIMEOUT_MS";
/// Wall-clock limit of one model turn; default 300 s.
pub const TURN_DEADLINE_ENV: &str = "SHOPDESK_TURN_DEADLINE_MS";
/// The shortest accepted timeout, in milliseconds.
pub const MIN_TIMEOUT_MS: u64 = 100;
/// The longest accepted timeout, in milliseconds (one hour).
pub const MAX_TIMEOUT_MS: u64 = 3_600_000;

/// `SHOPDESK_STREAM_DELAY_MS`: whole milliseconds from 0 (no pause) to [`MAX_STREAM_DELAY_MS`].
fn parse_stream_delay(raw: &str) -> Result<Duration, SettingsError> {
    match raw.trim().parse::<u64>() {
        Ok(ms) if ms <= MAX_STREAM_DELAY_MS => Ok(Duration::from_millis(ms)),
        _ => Err(SettingsError::new(format!(
            "{STREAM_DELAY_ENV} must be a whole number of milliseconds from 0 to \
             {MAX_STREAM_DELAY_MS}, got {:?}",
            raw.trim()
        ))),
    }
}

#[cfg(test)]
#[path = "config_tests.rs"]
mod tests;
