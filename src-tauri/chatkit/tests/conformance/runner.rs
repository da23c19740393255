//! Replays the golden scenarios (src-tauri/chatkit/tests/fixtures/README.md §1–3) against a fresh server per scenario:
//! strict ids, parsed-JSON equality after `created_at` normalization, byte parity reported
//! separately, each scenario stopped at its first failing step. The store is a parameter
//! ([`run_all`] takes a factory) so every `Store` implementation can be checked the same way.
//!
//! How a request reaches the server is a parameter too ([`Transport`]): [`InProcess`] calls
//! `ChatKitServer::process` directly (this crate's `conformance` target); the server crate's
//! `http_conformance` target puts each scenario's server behind its HTTP router and reads the
//! answers off the wire. Both hand back an [`Outcome`], so the comparison rules below exist once.

use super::fixtures;
use super::responder::{Assets, Ctx};
use super::server::conformance_server;
use chatkit::server::{ChatKitServer, ProcessResult};
use chatkit::Store;
use futures::StreamExt;
use serde_json::Value;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

/// What one request produced, whatever carried it (fixtures README §1.1 for HTTP).
pub enum Outcome {
    /// The request failed before any event: a typed error in process, a non-2xx status on HTTP.
    Error(String),
    /// A JSON answer: the body's bytes.
    Json(Vec<u8>),
    /// A stream: each SSE frame's bytes (`data: <json>\n\n`) in order; `aborted` when the stream
    /// ended abnormally after them.
    Stream {
        frames: Vec<Vec<u8>>,
        aborted: Option<String>,
    },
    /// An answer that breaks the transport's own contract (e.g. a wrong content type on HTTP):
    /// always a failure, whatever the fixture expects. Only the HTTP transport makes it.
    #[allow(dead_code)]
    Broken(String),
}

impl Outcome {
    /// A stream that ended (cleanly when `aborted` is `None`) after `frames`; one that carried no
    /// event before it aborted is a failed request (fixtures README §1.1).
    pub fn stream(frames: Vec<Vec<u8>>, aborted: Option<String>) -> Self {
        match aborted {
            Some(e) if frames.is_empty() => Outcome::Error(e),
            aborted => Outcome::Stream { frames, aborted },
        }
    }
}

/// How one scenario's requests reach a server: [`Transport::open`] puts a fresh server behind
/// the transport, [`Session::send`] carries one request body and reports what came back.
pub trait Transport {
    type Session: Session;
    /// Printed in the run's lines: `None` for the in-process run (its lines are unchanged),
    /// e.g. `Some("http")` otherwise.
    fn name(&self) -> Option<&str>;
    fn open(
        &self,
        server: ChatKitServer<Ctx>,
    ) -> impl Future<Output = Result<Self::Session, String>>;
}

/// One scenario's connection to its server (dropped when the scenario ends).
pub trait Session {
    fn send(&mut self, body: &[u8]) -> impl Future<Output = Outcome>;
}

/// `ChatKitServer::process` called directly; SSE frames made with `chatkit::server::sse_frame`.
pub struct InProcess;

impl Transport for InProcess {
    type Session = ChatKitServer<Ctx>;
    fn name(&self) -> Option<&str> {
        None
    }
    async fn open(&self, server: ChatKitServer<Ctx>) -> Result<Self::Session, String> {
        Ok(server)
    }
}

impl Session for ChatKitServer<Ctx> {
    async fn send(&mut self, body: &[u8]) -> Outcome {
        send(self, body).await
    }
}

pub struct Summary {
    pub passed: usize,
    pub failed: usize,
}

/// Replace every `created_at` value with `"<ts>"`.
fn normalize(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                if k == "created_at" {
                    *v = Value::String("<ts>".into());
                } else {
                    normalize(v);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(normalize),
        _ => {}
    }
}

async fn send(server: &ChatKitServer<Ctx>, body: &[u8]) -> Outcome {
    match server.process(body, ()).await {
        Err(e) => Outcome::Error(e.to_string()),
        Ok(ProcessResult::Json(bytes)) => Outcome::Json(bytes),
        Ok(ProcessResult::Stream(mut stream)) => {
            let mut frames = Vec::new();
            let mut aborted = None;
            while let Some(item) = stream.next().await {
                match item {
                    Ok(event) => frames.push(chatkit::server::sse_frame(&event)),
                    Err(e) => {
                        aborted = Some(e.to_string());
                        break;
                    }
                }
            }
            Outcome::stream(frames, aborted)
        }
    }
}

fn parse_frames(frames: &[Vec<u8>]) -> Result<Vec<Value>, String> {
    frames
        .iter()
        .map(|f| {
            let text = std::str::from_utf8(f).map_err(|e| e.to_string())?;
            let json = text
                .strip_prefix("data: ")
                .and_then(|t| t.strip_suffix("\n\n"))
                .ok_or_else(|| format!("bad SSE frame {text:?}"))?;
            let mut v: Value =
                serde_json::from_str(json).map_err(|e| format!("frame is not JSON: {e}"))?;
            normalize(&mut v);
            Ok(v)
        })
        .collect()
}

fn first_difference(expected: &[Value], actual: &[Value]) -> String {
    for (i, (e, a)) in expected.iter().zip(actual).enumerate() {
        if e != a {
            return format!("event {i}: expected {e} got {a}");
        }
    }
    format!("expected {} events, got {}", expected.len(), actual.len())
}

/// Compare one step; `Ok(bytes_identical)` when it passes.
fn check(expected: &Value, outcome: Outcome) -> Result<bool, String> {
    let kind = expected.get("kind").and_then(Value::as_str).unwrap_or("");
    let raw = expected.get("raw").and_then(Value::as_str).unwrap_or("");
    match (kind, outcome) {
        ("error", Outcome::Error(_)) => Ok(true),
        ("json", Outcome::Json(bytes)) => {
            let mut actual: Value =
                serde_json::from_slice(&bytes).map_err(|e| format!("response is not JSON: {e}"))?;
            normalize(&mut actual);
            if Some(&actual) != expected.get("body") {
                return Err(format!(
                    "body differs: expected {} got {}",
                    expected["body"], actual
                ));
            }
            Ok(bytes == raw.as_bytes())
        }
        ("stream", Outcome::Stream { frames, aborted }) => {
            let actual = parse_frames(&frames)?;
            let wanted = expected
                .get("events")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            if actual != wanted {
                return Err(first_difference(&wanted, &actual));
            }
            let expect_abort = expected.get("aborted").is_some();
            if aborted.is_some() && !expect_abort {
                return Err(format!(
                    "stream aborted unexpectedly: {}",
                    aborted.unwrap_or_default()
                ));
            }
            Ok(frames.concat() == raw.as_bytes())
        }
        (_, Outcome::Broken(e)) => Err(e),
        (kind, Outcome::Error(e)) => Err(format!("expected {kind}, request failed: {e}")),
        (kind, Outcome::Json(b)) => Err(format!(
            "expected {kind}, got JSON {}",
            String::from_utf8_lossy(&b)
        )),
        (kind, Outcome::Stream { frames, .. }) => Err(format!(
            "expected {kind}, got a stream of {} events",
            frames.len()
        )),
    }
}

/// Run every scenario of `index.json`, each on a fresh store from `make_store` reached through
/// `transport`. Prints one line per scenario and the final `conformance: N passed, M failed`
/// line (`conformance (<transport> <label>): …` when the transport has a name).
pub async fn run_all<T: Transport>(
    label: &str,
    make_store: &dyn Fn() -> Arc<dyn Store<Ctx>>,
    transport: &T,
) -> Summary {
    let label = match transport.name() {
        Some(name) => format!("{name} {label}"),
        None => label.to_owned(),
    };
    let assets = Arc::new(Assets::load(&fixtures::assets_dir()).expect("conformance assets"));
    let scenarios = fixtures::scenarios();
    let mut summary = Summary {
        passed: 0,
        failed: 0,
    };
    let mut byte_identical = 0;
    println!(
        "conformance ({label} store): {} scenarios from {}",
        scenarios.len(),
        fixtures::scenarios_dir().display()
    );
    for (file, scenario) in scenarios {
        let name = scenario["name"].as_str().unwrap_or(&file).to_owned();
        let steps = fixtures::steps(&scenario);
        let mut session = match transport
            .open(conformance_server(make_store(), assets.clone()))
            .await
        {
            Ok(session) => session,
            Err(e) => {
                summary.failed += 1;
                println!("FAIL {name}: cannot open a session: {e}");
                continue;
            }
        };
        let mut result = Ok(());
        let mut byte_diffs = Vec::new();
        for (i, step) in steps.iter().enumerate() {
            let body = fixtures::request_body(step);
            let outcome =
                match tokio::time::timeout(Duration::from_secs(20), session.send(&body)).await {
                    Ok(outcome) => outcome,
                    Err(_) => {
                        result = Err(format!("step {i}: no response (hung)"));
                        break;
                    }
                };
            match check(&step["response"], outcome) {
                Ok(true) => {}
                Ok(false) => byte_diffs.push(i),
                Err(e) => {
                    result = Err(format!("step {i}: {e}"));
                    break;
                }
            }
        }
        match result {
            Ok(()) => {
                summary.passed += 1;
                if byte_diffs.is_empty() {
                    byte_identical += 1;
                    println!("PASS {name} ({} steps, bytes identical)", steps.len());
                } else {
                    println!(
                        "PASS {name} ({} steps, bytes differ in steps {byte_diffs:?})",
                        steps.len()
                    );
                }
            }
            Err(e) => {
                summary.failed += 1;
                println!("FAIL {name}: {e}");
            }
        }
    }
    println!(
        "byte parity ({label} store): {} of {} passing scenarios identical",
        byte_identical, summary.passed
    );
    let tally = match transport.name() {
        Some(_) => format!("conformance ({label})"),
        None => "conformance".to_owned(),
    };
    println!(
        "{tally}: {} passed, {} failed",
        summary.passed, summary.failed
    );
    summary
}

/// Parse every recorded event and JSON body with the crate's types and serialize it again: the
/// bytes must not change (deserialization covers every shape a store will read back). Returns
/// the number of values checked.
pub fn round_trip_check() -> Result<usize, String> {
    use chatkit::types::{Attachment, Page, Thread, ThreadItem, ThreadStreamEvent};
    fn again<T: serde::Serialize + serde::de::DeserializeOwned>(raw: &str) -> Result<(), String> {
        let parsed: T = serde_json::from_str(raw).map_err(|e| format!("{e} in {raw}"))?;
        let back = serde_json::to_string(&parsed).map_err(|e| e.to_string())?;
        if back == raw {
            Ok(())
        } else {
            Err(format!("round trip changed\n  {raw}\n  {back}"))
        }
    }
    let mut checked = 0;
    for (_, scenario) in fixtures::scenarios() {
        for step in fixtures::steps(&scenario) {
            let response = &step["response"];
            let raw = response["raw"].as_str().unwrap_or_default();
            let kind = step["request"]["type"].as_str().unwrap_or_default();
            match response["kind"].as_str() {
                Some("stream") => {
                    for frame in raw.split_terminator("\n\n") {
                        let json = frame
                            .strip_prefix("data: ")
                            .ok_or_else(|| format!("bad frame {frame:?}"))?;
                        again::<ThreadStreamEvent>(json)?;
                        checked += 1;
                    }
                }
                Some("json") => {
                    match kind {
                        "threads.get_by_id" | "threads.update" => again::<Thread>(raw)?,
                        "threads.list" => again::<Page<Thread>>(raw)?,
                        "items.list" => again::<Page<ThreadItem>>(raw)?,
                        "attachments.create" => again::<Attachment>(raw)?,
                        _ => continue,
                    }
                    checked += 1;
                }
                _ => {}
            }
        }
    }
    Ok(checked)
}
