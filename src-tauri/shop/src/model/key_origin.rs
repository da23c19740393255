//! Which server an API key may be sent to, and what counts as an API key.
//!
//! Why: a key is a credential for one server. If the key followed whatever base URL is
//! configured, a script in the page (or a typo) could redirect it anywhere, and a developer's
//! real `OPENAI_API_KEY` would go to every "OpenAI-compatible" server they try. So keys are kept
//! per [`KeyOrigin`] — scheme, host and port of the base URL, the way browsers scope cookies —
//! and these rules, used by the settings ([`super::config`]), the key store
//! ([`crate::secrets`]) and the HTTP client ([`super::http`]), decide where a key may go:
//!
//! * the environment's key (`OPENAI_API_KEY`) only ever goes to [`OPENAI_ORIGIN`];
//! * no key over plain `http://` unless the host is loopback (127.0.0.0/8, `::1`, `localhost`),
//!   where nobody else is on the wire;
//! * a base URL never carries credentials (`user:pass@`);
//! * a key is visible ASCII and at most [`MAX_API_KEY_LEN`] bytes, so it always fits an HTTP
//!   header (a control character used to panic inside the HTTP client).
//!
//! [`ApiKey`] is a checked key whose `Debug` never shows it. No message here ever contains a
//! key or a password.

use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};

use reqwest::Url;

use super::config::SettingsError;

/// The only origin the environment's key (`OPENAI_API_KEY`) is sent to.
pub const OPENAI_ORIGIN: &str = "https://api.openai.com:443";
/// The longest accepted API key, in bytes (OpenAI's keys are under 200; JWT-style keys of
/// other servers fit too).
pub const MAX_API_KEY_LEN: usize = 1024;

/// The scheme, host and port of a base URL: the unit an API key belongs to. Its `Display`
/// (`https://api.openai.com:443`, `http://[::1]:8080`) is also the key's keychain account.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct KeyOrigin {
    scheme: String,
    /// Lower-case; IPv6 addresses in brackets.
    host: String,
    port: u16,
    loopback: bool,
}

impl KeyOrigin {
    /// The origin of an `http(s)://` base URL, with the scheme's default port when none is
    /// given. Hosts are compared as the URL standard normalises them (case, `127.1`, `[::1]`).
    pub fn of_base_url(base_url: &str) -> Result<KeyOrigin, SettingsError> {
        let url = Url::parse(base_url.trim())
            .map_err(|e| SettingsError::new(format!("invalid base URL: {e}")))?;
        reject_credentials(&url)?;
        let scheme = url.scheme().to_owned();
        if scheme != "http" && scheme != "https" {
            return Err(SettingsError::new(
                "base URL must start with http:// or https://",
            ));
        }
        let host = url
            .host_str()
            .filter(|h| !h.is_empty())
            .ok_or_else(|| SettingsError::new("the base URL has no host"))?
            .to_ascii_lowercase();
        // The URL parser already wrote IPv4 hosts in dotted form and IPv6 ones in brackets.
        let loopback = if let Some(v6) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
            v6.parse::<Ipv6Addr>().is_ok_and(|ip| ip.is_loopback())
        } else if let Ok(v4) = host.parse::<Ipv4Addr>() {
            v4.is_loopback()
        } else {
            host == "localhost"
        };
        let port = url
            .port_or_known_default()
            .ok_or_else(|| SettingsError::new("the base URL has no port"))?;
        Ok(KeyOrigin {
            scheme,
            host,
            port,
            loopback,
        })
    }

    /// OpenAI's API origin, [`OPENAI_ORIGIN`].
    pub fn openai() -> KeyOrigin {
        KeyOrigin {
            scheme: "https".into(),
            host: "api.openai.com".into(),
            port: 443,
            loopback: false,
        }
    }

    /// Whether this is [`OPENAI_ORIGIN`], the only place the environment's key goes.
    pub fn is_openai(&self) -> bool {
        *self == KeyOrigin::openai()
    }

    /// Whether the host is this machine (127.0.0.0/8, `::1`, `localhost`).
    pub fn is_loopback(&self) -> bool {
        self.loopback
    }

    /// `Ok` when a key may be sent here: `https://`, or `http://` to a loopback host.
    pub fn accepts_key(&self) -> Result<(), SettingsError> {
        if self.scheme == "https" || self.loopback {
            return Ok(());
        }
        Err(SettingsError::new(format!(
            "refusing to send an API key over plain http:// to {self}: use https://, or a \
             server on this machine (127.0.0.1, ::1, localhost)"
        )))
    }
}

impl fmt::Display for KeyOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}://{}:{}", self.scheme, self.host, self.port)
    }
}

/// A base URL with a user name or password in it is refused: the message names neither.
pub fn reject_credentials(url: &Url) -> Result<(), SettingsError> {
    if !url.username().is_empty() || url.password().is_some() {
        return Err(SettingsError::new(
            "the base URL must not contain a user name or password (user:pass@); \
             enter the key in the API key field",
        ));
    }
    Ok(())
}

/// A checked API key: trimmed, visible ASCII only, at most [`MAX_API_KEY_LEN`] bytes. Its
/// `Debug` says `ApiKey(<redacted>)`.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    /// Checks a key as typed or stored (surrounding whitespace is dropped). The error never
    /// contains the key.
    pub fn parse(raw: &str) -> Result<ApiKey, SettingsError> {
        let key = raw.trim();
        if key.is_empty() {
            return Err(SettingsError::new("the API key is empty"));
        }
        if key.len() > MAX_API_KEY_LEN {
            return Err(SettingsError::new(format!(
                "the API key is longer than {MAX_API_KEY_LEN} bytes"
            )));
        }
        if !key.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(SettingsError::new(
                "the API key may contain only visible ASCII characters (no spaces, control \
                 characters or non-ASCII letters)",
            ));
        }
        Ok(ApiKey(key.to_owned()))
    }

    /// The key itself, for the `Authorization` header and the keychain only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::config::{ModelSettings, Provider};
    use crate::model::ModelError;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    }

    fn origin(url: &str) -> String {
        KeyOrigin::of_base_url(url).unwrap().to_string()
    }

    #[test]
    fn origins_have_default_ports_and_normalised_hosts() {
        assert_eq!(origin("https://api.openai.com/v1"), OPENAI_ORIGIN);
        assert_eq!(origin("HTTPS://API.OpenAI.com:443/v1/"), OPENAI_ORIGIN);
        assert!(KeyOrigin::of_base_url("https://API.OPENAI.COM/v1")
            .unwrap()
            .is_openai());
        assert_eq!(origin("http://localhost/v1"), "http://localhost:80");
        assert_eq!(origin("http://127.1:8080/v1"), "http://127.0.0.1:8080");
        assert_eq!(origin("http://[0:0::1]:11434/v1"), "http://[::1]:11434");
        for different in [
            "http://api.openai.com/v1",
            "https://api.openai.com:8443/v1",
            "https://api.openai.com.evil.example/v1",
            "https://evil.example/api.openai.com/v1",
        ] {
            assert!(
                !KeyOrigin::of_base_url(different).unwrap().is_openai(),
                "{different}"
            );
        }
        assert!(KeyOrigin::of_base_url("ftp://h/v1").is_err());
        assert!(KeyOrigin::of_base_url("nope").is_err());
    }

    #[test]
    fn loopback_is_127_slash_8_ipv6_one_and_localhost() {
        for url in [
            "http://127.0.0.1:1/v1",
            "http://127.255.0.9/v1",
            "http://[::1]:8080/v1",
            "http://LOCALHOST:11434/v1",
        ] {
            let o = KeyOrigin::of_base_url(url).unwrap();
            assert!(o.is_loopback(), "{url}");
            assert_eq!(o.accepts_key(), Ok(()), "{url}");
        }
        for url in [
            "http://10.0.0.2:11434/v1",
            "http://128.0.0.1/v1",
            "http://[::2]/v1",
            "http://localhost.evil.example/v1",
            "http://[::ffff:127.0.0.1]/v1",
        ] {
            let o = KeyOrigin::of_base_url(url).unwrap();
            assert!(!o.is_loopback(), "{url}");
            let err = o.accepts_key().unwrap_err();
            assert!(err
                .message()
                .starts_with("refusing to send an API key over plain http://"));
        }
        assert_eq!(
            KeyOrigin::of_base_url("https://10.0.0.2/v1")
                .unwrap()
                .accepts_key(),
            Ok(()),
            "https is fine anywhere"
        );
    }

    #[test]
    fn credentials_in_the_base_url_are_refused_without_echoing_them() {
        for url in [
            "https://user:hunter2@api.openai.com/v1",
            "https://user@api.openai.com/v1",
            "http://:hunter2@127.0.0.1/v1",
        ] {
            let err = KeyOrigin::of_base_url(url).unwrap_err();
            assert!(err.message().contains("user name or password"), "{url}");
            assert!(!err.message().contains("hunter2"));
        }
    }

    #[test]
    fn keys_are_visible_ascii_and_bounded() {
        assert_eq!(
            ApiKey::parse("  sk-abc_DEF.123 \n").unwrap().expose(),
            "sk-abc_DEF.123"
        );
        let canary = "sk-canary-1234";
        for bad in [
            format!("{canary}\u{0}"),
            format!("{canary}\r\nX-Evil: 1"),
            format!("{canary}\u{7f}"),
            format!("{canary} two"),
            format!("{canary}é"),
            format!("{canary}\u{200b}"),
        ] {
            let err = ApiKey::parse(&bad).unwrap_err();
            assert!(err.message().contains("visible ASCII"), "{bad:?}: {err}");
            assert!(!err.message().contains(canary));
        }
        let longest = "k".repeat(MAX_API_KEY_LEN);
        assert!(ApiKey::parse(&longest).is_ok());
        assert_eq!(
            ApiKey::parse(&format!("{longest}k")).unwrap_err().message(),
            "the API key is longer than 1024 bytes"
        );
        assert_eq!(
            ApiKey::parse(" ").unwrap_err().message(),
            "the API key is empty"
        );
    }

    #[test]
    fn debug_never_shows_the_key() {
        let key = ApiKey::parse("sk-debug-canary-42").unwrap();
        let shown = format!("{key:?} {:?} {:#?}", Some(&key), vec![key.clone()]);
        assert!(!shown.contains("sk-debug-canary-42"), "{shown}");
        assert!(shown.contains("<redacted>"));
    }

    #[test]
    fn the_environment_key_goes_to_openais_api_only() {
        let key = |pairs: &[(&str, &str)]| {
            let mut all = pairs.to_vec();
            all.push(("OPENAI_API_KEY", "sk-env-canary"));
            ModelSettings::default()
                .with_env(env(&all))
                .unwrap()
                .api_key
        };
        let openai = Some("sk-env-canary".to_owned());
        assert_eq!(key(&[("SHOPDESK_PROVIDER", "openai")]), openai);
        assert_eq!(
            key(&[
                ("SHOPDESK_PROVIDER", "openai"),
                ("SHOPDESK_BASE_URL", "https://API.openai.com:443/v1/")
            ]),
            openai
        );
        for url in [
            "http://127.0.0.1:8080/v1",
            "https://proxy.example/v1",
            "http://api.openai.com/v1",
            "https://api.openai.com:8443/v1",
        ] {
            assert_eq!(
                key(&[("SHOPDESK_PROVIDER", "openai"), ("SHOPDESK_BASE_URL", url)]),
                None,
                "{url}"
            );
            assert_eq!(key(&[("SHOPDESK_BASE_URL", url)]), None, "{url}");
        }
        assert_eq!(key(&[]), None, "offline");
    }

    #[test]
    fn keys_and_base_urls_that_could_leak_are_refused() {
        let with_key = |url: &str, key: &str| {
            ModelSettings {
                provider: Provider::OpenAICompatible,
                base_url: Some(url.into()),
                model: Some("m".into()),
                api_key: Some(key.into()),
                ..Default::default()
            }
            .validated()
        };
        assert_eq!(
            with_key("http://[::1]:8080/v1", " sk-ok ")
                .unwrap()
                .api_key
                .as_deref(),
            Some("sk-ok")
        );
        let refused = with_key("http://10.0.0.2:11434/v1", "sk-canary").unwrap_err();
        assert!(refused.message().contains("plain http://"), "{refused}");
        let control = with_key("http://127.0.0.1:1/v1", "sk-canary\u{7}").unwrap_err();
        assert!(control.message().contains("visible ASCII"), "{control}");
        let long = with_key("http://127.0.0.1:1/v1", &"k".repeat(5000)).unwrap_err();
        assert!(long.message().contains("longer than 1024"), "{long}");
        let creds =
            ModelSettings::from_fields("openai-compatible", "https://u:pw-canary@h/v1", "m")
                .unwrap_err();
        assert!(creds.message().contains("user name or password"), "{creds}");
        assert!(!creds.message().contains("pw-canary"));
        // A key that never went through validated() still cannot panic the HTTP client.
        let raw = ModelSettings {
            provider: Provider::OpenAI,
            api_key: Some("sk-\r\nInjected: 1".into()),
            ..Default::default()
        };
        assert!(matches!(raw.build(), Err(ModelError::Config { .. })));
        for err in [refused, control, long] {
            assert!(!format!("{err:?} {err}").contains("sk-canary"));
        }
    }

    #[test]
    fn debug_of_the_settings_never_shows_the_key() {
        let s = ModelSettings {
            provider: Provider::OpenAI,
            api_key: Some("sk-debug-canary-7".into()),
            ..Default::default()
        };
        let shown = format!("{s:?} {s:#?}");
        assert!(!shown.contains("sk-debug-canary-7"), "{shown}");
        assert!(shown.contains("<redacted>"));
    }
}
