//! The settings panel's help with an OpenAI-compatible server: the models it offers
//! (`GET {base}/models`) and a "Test connection" that says exactly what is wrong.
//!
//! Why here, in the shop's model layer: the check must use the same base-URL rules, key rules
//! (one origin per key, no key over plain http to another machine) and transport as a real
//! turn, and the key must stay in the core — the page only ever gets a [`ConnectionReport`],
//! whose messages are scrubbed of the key. The check runs three steps and stops at the first
//! that fails, so its verdict names one cause:
//!
//! 1. **reach the server and list its models** — refused connection, timeout or DNS failure ⇒
//!    [`Outcome::Unreachable`]; 401 / 403 ⇒ [`Outcome::RefusedKey`]; a server without a model
//!    list (404) is not an error: step 3 decides;
//! 2. **the model is one it offers** (when it lists any) ⇒ else [`Outcome::UnknownModel`],
//!    naming a few it does offer;
//! 3. **one tiny tool call** — a request offering one tool ([`PROBE_TOOL`], no arguments) and
//!    asking for it: a tool call ⇒ [`Outcome::Ok`]; a text answer, or a refusal that is about
//!    tools (Ollama: "… does not support tools") ⇒ [`Outcome::NoTools`]; 404 ⇒
//!    [`Outcome::UnknownModel`].
//!
//! Every step is bounded by [`CHECK_TIMEOUTS`] (shorter than a turn's: a person is waiting).

use std::time::Duration;

use futures::StreamExt;
use serde::Serialize;

use super::config::{ModelSettings, Provider};
use super::http::{Endpoint, HttpOptions};
use super::{ModelError, ModelEvent, ModelMessage, ModelRequest, ToolSpec};

/// The tool the check asks the model to call.
pub const PROBE_TOOL: &str = "shopdesk_connection_test";
/// The most model names kept from a `/models` answer (sorted, deduplicated).
pub const MAX_MODELS: usize = 500;
/// The largest `/models` body read.
pub const MAX_MODELS_BODY_BYTES: usize = 1024 * 1024;

/// Timeouts of the check: connect 5 s, answer 20 s, whole probe 30 s.
pub const CHECK_TIMEOUTS: HttpOptions = HttpOptions {
    connect_timeout: Duration::from_secs(5),
    response_timeout: Duration::from_secs(20),
    idle_timeout: Duration::from_secs(20),
    turn_deadline: Duration::from_secs(30),
};

/// What the check found, in one word the page can style and tests can assert.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The server answered, knows the model, and the model called the test tool.
    Ok,
    /// The offline model: nothing to connect to.
    Offline,
    /// The settings cannot work as given (invalid URL, OpenAI without a key, a bad key …).
    Settings,
    /// No connection (refused, DNS, TLS, timeout).
    Unreachable,
    /// 401 / 403.
    RefusedKey,
    /// The server does not offer or know this model.
    UnknownModel,
    /// The model answered but did not (or cannot) call a tool.
    NoTools,
    /// Anything else the server said (5xx, 429, a malformed answer …).
    Failed,
}

/// The verdict of [`check_connection`] (or why [`list_models`] failed). `message` is one or two
/// sentences for a person; `models` what the server offers, when it said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConnectionReport {
    pub outcome: Outcome,
    pub message: String,
    pub models: Vec<String>,
}

impl ConnectionReport {
    fn new(outcome: Outcome, message: impl Into<String>) -> Self {
        ConnectionReport {
            outcome,
            message: message.into(),
            models: Vec::new(),
        }
    }
}

/// The settings, with the check's shorter timeouts.
fn for_check(settings: &ModelSettings) -> ModelSettings {
    ModelSettings {
        http: CHECK_TIMEOUTS,
        ..settings.clone()
    }
}

/// The model names `GET {base}/models` lists, sorted. `Err` says why there are none.
pub async fn list_models(settings: &ModelSettings) -> Result<Vec<String>, ConnectionReport> {
    fetch_models(settings).await.map_err(|(_, report)| report)
}

/// [`list_models`], and whether the failure was only a missing list (HTTP 404).
async fn fetch_models(settings: &ModelSettings) -> Result<Vec<String>, (bool, ConnectionReport)> {
    let scrub = Scrub(settings.api_key.clone());
    let Some(base_url) = settings.effective_base_url() else {
        return Err((
            false,
            ConnectionReport::new(
                Outcome::Offline,
                "The offline model runs inside Shopdesk; there is no server to ask.",
            ),
        ));
    };
    let endpoint = Endpoint::new(
        &base_url,
        settings.api_key.as_deref(),
        settings.effective_model(),
        CHECK_TIMEOUTS,
    )
    .map_err(|e| {
        let message = scrub.text(&e.user_message());
        (false, ConnectionReport::new(Outcome::Settings, message))
    })?;
    let body = endpoint
        .get_json("/models", MAX_MODELS_BODY_BYTES)
        .await
        .map_err(|e| {
            let no_list = matches!(
                e,
                ModelError::BadRequest {
                    status: Some(404),
                    ..
                }
            );
            (no_list, scrub.report(reach_failure(&e, &base_url)))
        })?;
    parse_models(&body).ok_or_else(|| {
        let message =
            format!("{base_url}/models did not answer with a model list (`data: [{{id}}]`).");
        (false, ConnectionReport::new(Outcome::Failed, message))
    })
}

/// `{"data": [{"id": "…"}, …]}` → the ids, sorted and deduplicated, at most [`MAX_MODELS`].
pub fn parse_models(body: &serde_json::Value) -> Option<Vec<String>> {
    let mut ids: Vec<String> = body
        .get("data")?
        .as_array()?
        .iter()
        .filter_map(|m| m.get("id")?.as_str())
        .filter(|id| !id.trim().is_empty() && id.len() <= 200)
        .map(str::to_owned)
        .collect();
    ids.sort();
    ids.dedup();
    ids.truncate(MAX_MODELS);
    Some(ids)
}

/// Runs the three steps of the module docs.
pub async fn check_connection(settings: &ModelSettings) -> ConnectionReport {
    if settings.provider == Provider::Offline {
        return ConnectionReport::new(
            Outcome::Offline,
            "The offline model runs inside Shopdesk: no connection is needed.",
        );
    }
    let scrub = Scrub(settings.api_key.clone());
    let model = settings.effective_model();
    let models = match fetch_models(settings).await {
        Ok(models) => models,
        // No model list at this address: the tool call below tells whether the model works.
        Err((true, _)) => Vec::new(),
        Err((false, report)) => return report,
    };
    if !models.is_empty() && !models.contains(&model) {
        let some: Vec<&str> = models.iter().take(8).map(String::as_str).collect();
        let more = if models.len() > some.len() {
            ", …"
        } else {
            ""
        };
        return ConnectionReport {
            outcome: Outcome::UnknownModel,
            message: format!(
                "The server does not offer the model \"{model}\". It offers: {}{more}.",
                some.join(", ")
            ),
            models,
        };
    }
    let mut report = scrub.report(probe_tools(&for_check(settings), &model).await);
    report.models = models;
    report
}

/// Step 3: one request offering [`PROBE_TOOL`].
async fn probe_tools(settings: &ModelSettings, model: &str) -> ConnectionReport {
    let backend = match settings.build() {
        Ok(backend) => backend,
        Err(e) => return ConnectionReport::new(Outcome::Settings, e.user_message()),
    };
    let request = ModelRequest {
        model: None,
        instructions: Some(format!(
            "This is a connection test. Call the {PROBE_TOOL} tool once, with no arguments."
        )),
        messages: vec![ModelMessage::User {
            text: format!("Call {PROBE_TOOL} now."),
        }],
        tools: vec![ToolSpec {
            name: PROBE_TOOL.into(),
            description: "Tells Shopdesk that this model can call tools. Takes no arguments."
                .into(),
            parameters: serde_json::json!({"type": "object", "properties": {}}),
        }],
    };
    let base_url = settings.effective_base_url().unwrap_or_default();
    let mut stream = match backend.stream(request).await {
        Ok(stream) => stream,
        Err(e) => return probe_failure(&e, &base_url, model),
    };
    let mut answered_text = false;
    while let Some(event) = stream.next().await {
        match event {
            Ok(ModelEvent::ToolCall(_)) => {
                return ConnectionReport::new(
                    Outcome::Ok,
                    format!("Connected: \"{model}\" answered and can call tools."),
                )
            }
            Ok(ModelEvent::TextDelta(text)) => answered_text |= !text.trim().is_empty(),
            Ok(ModelEvent::Done { .. }) => break,
            Err(e) => return probe_failure(&e, &base_url, model),
        }
    }
    let how = if answered_text {
        "answered in text"
    } else {
        "answered nothing"
    };
    ConnectionReport::new(
        Outcome::NoTools,
        format!(
            "\"{model}\" {how} instead of calling the test tool, so it probably cannot call \
             tools; Shopdesk's products, cart and comparisons need them. Choose a model with \
             tool (function) calling."
        ),
    )
}

/// A failure of step 1 (the model list).
fn reach_failure(e: &ModelError, base_url: &str) -> ConnectionReport {
    match e {
        ModelError::Connection { .. } => ConnectionReport::new(
            Outcome::Unreachable,
            format!(
                "Could not connect to {base_url}: is the server running, and is the address \
                 right? ({})",
                short(&e.to_string())
            ),
        ),
        ModelError::Timeout { after, .. } => ConnectionReport::new(
            Outcome::Unreachable,
            format!(
                "{base_url} did not answer within {} s.",
                after.as_secs().max(1)
            ),
        ),
        ModelError::Unauthorized { status, message } => refused_key(*status, message),
        ModelError::BadRequest {
            status: Some(status),
            message,
        } => ConnectionReport::new(
            Outcome::Failed,
            format!(
                "{base_url}/models answered HTTP {status}: {}",
                short(message)
            ),
        ),
        other => ConnectionReport::new(
            Outcome::Failed,
            format!("{base_url}/models failed: {}", short(&other.to_string())),
        ),
    }
}

/// A failure of step 3 (the tool call).
fn probe_failure(e: &ModelError, base_url: &str, model: &str) -> ConnectionReport {
    match e {
        ModelError::Unauthorized { status, message } => refused_key(*status, message),
        ModelError::Connection { .. } | ModelError::Timeout { .. } => reach_failure(e, base_url),
        ModelError::BadRequest { status, message } => {
            let lower = message.to_ascii_lowercase();
            if lower.contains("tool") || lower.contains("function") {
                ConnectionReport::new(
                    Outcome::NoTools,
                    format!("\"{model}\" cannot call tools: {}", short(message)),
                )
            } else if *status == Some(404)
                || (lower.contains("model")
                    && (lower.contains("not found") || lower.contains("does not exist")))
            {
                ConnectionReport::new(
                    Outcome::UnknownModel,
                    format!(
                        "The server does not know the model \"{model}\": {}",
                        short(message)
                    ),
                )
            } else {
                ConnectionReport::new(
                    Outcome::Failed,
                    format!("The server refused the test request: {}", short(message)),
                )
            }
        }
        ModelError::Config { .. } => ConnectionReport::new(Outcome::Settings, e.user_message()),
        other => ConnectionReport::new(
            Outcome::Failed,
            format!("{} ({})", other.user_message(), short(&other.to_string())),
        ),
    }
}

fn refused_key(status: u16, message: &str) -> ConnectionReport {
    ConnectionReport::new(
        Outcome::RefusedKey,
        format!(
            "The server refused the API key (HTTP {status}): {}. Check the key for this server.",
            short(message)
        ),
    )
}

/// A server's message, on one line and at most 300 characters.
fn short(message: &str) -> String {
    let flat: String = message
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let mut out: String = flat.trim().chars().take(300).collect();
    if flat.trim().chars().count() > 300 {
        out.push('…');
    }
    out
}

/// Removes the key from anything a server echoed back, before it can reach the page.
struct Scrub(Option<String>);

impl Scrub {
    fn text(&self, text: &str) -> String {
        match self.0.as_deref().map(str::trim) {
            Some(key) if key.len() >= 4 => text.replace(key, "[API key]"),
            _ => text.to_owned(),
        }
    }

    fn report(&self, mut report: ConnectionReport) -> ConnectionReport {
        report.message = self.text(&report.message);
        report
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn model_lists_are_read_sorted_and_bounded() {
        let body = serde_json::json!({"object": "list", "data": [
            {"id": "b"}, {"id": "a"}, {"id": "a"}, {"id": ""}, {"name": "x"}, {"id": 3}]});
        assert_eq!(parse_models(&body).unwrap(), ["a", "b"]);
        assert_eq!(parse_models(&serde_json::json!({"models": []})), None);
        let many: Vec<_> = (0..MAX_MODELS + 10)
            .map(|i| serde_json::json!({"id": format!("m{i:04}")}))
            .collect();
        let ids = parse_models(&serde_json::json!({ "data": many })).unwrap();
        assert_eq!(ids.len(), MAX_MODELS);
    }

    #[test]
    fn the_key_never_survives_in_a_message() {
        let scrub = Scrub(Some("sk-secret-123".into()));
        assert_eq!(
            scrub.text("Incorrect API key provided: sk-secret-123."),
            "Incorrect API key provided: [API key]."
        );
        assert_eq!(
            short(&format!("a\nb{}", "x".repeat(400))).chars().count(),
            301
        );
    }
}
