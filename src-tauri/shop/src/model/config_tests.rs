//! Tests of the model settings: parsing, validation and the environment (`config.rs`).

use super::*;
use std::collections::HashMap;

fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let map: HashMap<String, String> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    move |name| map.get(name).cloned()
}

fn env_error(pairs: &[(&str, &str)]) -> String {
    ModelSettings::default()
        .with_env(env(pairs))
        .unwrap_err()
        .to_string()
}

#[test]
fn defaults_are_offline_and_build() {
    let s = ModelSettings::default().with_env(env(&[])).unwrap();
    assert_eq!(s.provider, Provider::Offline);
    assert_eq!(s.effective_stream_delay(), DEFAULT_STREAM_DELAY);
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

#[test]
fn ollama_and_the_other_aliases_mean_openai_compatible_with_its_defaults() {
    for name in [
        "ollama",
        "local",
        "compatible",
        "OpenAI_Compatible",
        " openai-compatible ",
    ] {
        assert_eq!(
            Provider::parse(name),
            Ok(Provider::OpenAICompatible),
            "{name:?}"
        );
    }
    let s = ModelSettings::default()
        .with_env(env(&[("SHOPDESK_PROVIDER", "ollama")]))
        .unwrap();
    assert_eq!(s.provider, Provider::OpenAICompatible);
    assert_eq!(s.base_url.as_deref(), Some(COMPATIBLE_DEFAULT_BASE_URL));
    assert_eq!(s.model.as_deref(), Some(COMPATIBLE_DEFAULT_MODEL));
    assert_eq!(s.build().unwrap().name(), "chat-completions");
    let named = ModelSettings::default()
        .with_env(env(&[
            ("SHOPDESK_PROVIDER", "ollama"),
            ("SHOPDESK_BASE_URL", "http://10.0.0.2:11434/v1/"),
            ("SHOPDESK_MODEL", "qwen3"),
        ]))
        .unwrap();
    assert_eq!(named.base_url.as_deref(), Some("http://10.0.0.2:11434/v1"));
    assert_eq!(named.model.as_deref(), Some("qwen3"));
}

#[test]
fn fields_are_trimmed_and_checked() {
    let ok = ModelSettings::from_fields("openai-compatible", " http://h:1/v1/ ", " m ").unwrap();
    assert_eq!(ok.provider, Provider::OpenAICompatible);
    assert_eq!(ok.base_url.as_deref(), Some("http://h:1/v1"));
    assert_eq!(ok.model.as_deref(), Some("m"));
    let openai = ModelSettings::from_fields("openai", "", "  ").unwrap();
    assert_eq!(
        (openai.base_url, openai.model),
        (None, None),
        "empty = default"
    );
    assert_eq!(
        ModelSettings::from_fields("offline", "", "").unwrap(),
        ModelSettings::default()
    );
    for (provider, url, model, message) in [
        (
            "openai-compatible",
            "",
            "m",
            "an OpenAI-compatible server needs a base URL (e.g. http://127.0.0.1:11434/v1)",
        ),
        (
            "openai-compatible",
            "http://h/v1",
            "",
            "an OpenAI-compatible server needs a model name",
        ),
        (
            "openai",
            "ftp://h",
            "",
            r#"base URL must start with http:// or https://, got "ftp://h""#,
        ),
        (
            "offline",
            "javascript:alert(1)",
            "",
            r#"base URL must start with http:// or https://, got "javascript:alert(1)""#,
        ),
    ] {
        let err = ModelSettings::from_fields(provider, url, model).unwrap_err();
        assert_eq!(err.message(), message, "{provider:?} {url:?} {model:?}");
    }
    let long = "x".repeat(MAX_FIELD_LEN + 1);
    assert_eq!(
        ModelSettings::from_fields("openai", "", &long)
            .unwrap_err()
            .to_string(),
        "the model name is longer than 2048 bytes"
    );
    let long_url = format!("http://h/{long}");
    assert_eq!(
        ModelSettings::from_fields("openai", &long_url, "")
            .unwrap_err()
            .to_string(),
        "the base URL is longer than 2048 bytes"
    );
}

#[test]
fn an_invalid_value_has_one_message_in_the_environment_and_in_fields() {
    let provider = r#"unknown provider "gpt" (expected offline, openai or openai-compatible)"#;
    assert_eq!(env_error(&[("SHOPDESK_PROVIDER", " gpt ")]), provider);
    assert_eq!(
        ModelSettings::from_fields("gpt", "", "")
            .unwrap_err()
            .message(),
        provider
    );
    let scheme = r#"base URL must start with http:// or https://, got "ftp://h/v1""#;
    assert_eq!(
        env_error(&[
            ("SHOPDESK_PROVIDER", "openai"),
            ("SHOPDESK_BASE_URL", "ftp://h/v1")
        ]),
        scheme
    );
    assert_eq!(
        ModelSettings::from_fields("openai", "ftp://h/v1", "")
            .unwrap_err()
            .message(),
        scheme
    );
    let as_model_error: ModelError = ModelSettings::from_fields("gpt", "", "")
        .unwrap_err()
        .into();
    assert_eq!(
        as_model_error,
        ModelError::Config {
            message: provider.into()
        }
    );
}

#[test]
fn the_stream_delay_is_whole_milliseconds_up_to_five_seconds() {
    let delay = |raw: &str| {
        ModelSettings::default()
            .with_env(env(&[("SHOPDESK_STREAM_DELAY_MS", raw)]))
            .map(|s| s.effective_stream_delay())
    };
    assert_eq!(delay("0"), Ok(Duration::ZERO));
    assert_eq!(delay(" 250 "), Ok(Duration::from_millis(250)));
    assert_eq!(delay("5000"), Ok(Duration::from_secs(5)));
    assert_eq!(delay(""), Ok(DEFAULT_STREAM_DELAY), "empty = unset");
    for bad in ["5001", "fast", "-5", "1.5"] {
        assert_eq!(
            delay(bad).unwrap_err().message(),
            format!(
                "SHOPDESK_STREAM_DELAY_MS must be a whole number of milliseconds from 0 to \
                 5000, got {bad:?}"
            ),
        );
    }
}
#[test]
fn timeout_variables_reach_the_http_options() {
    let s = ModelSettings::default()
        .with_env(env(&[("SHOPDESK_IDLE_TIMEOUT_MS", "300")]))
        .unwrap();
    assert_eq!(s.http.idle_timeout, Duration::from_millis(300));
    let e = env_error(&[("SHOPDESK_IDLE_TIMEOUT_MS", "soon")]);
    assert!(e.starts_with("SHOPDESK_IDLE_TIMEOUT_MS must be"), "{e}");
}
