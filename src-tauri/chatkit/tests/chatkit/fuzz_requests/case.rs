//! One fuzz case against a running server, shared by chatkit's in-process fuzz
//! (`fuzz_requests.rs`, memory and SQLite) and chatkit-postgres' (`postgres_store/fuzz.rs`, which
//! includes this file by `#[path]`): the starting state every case builds, sending one body and
//! checking its answer, and replaying a case's steps. The store check after a case is `check.rs`.

use super::{check, gen};
use chatkit::server::{sse_frame, ChatKitServer, ProcessResult};
use futures::StreamExt;
use serde_json::Value;
use std::collections::HashSet;
use std::time::Duration;

/// Requests that build the starting state: thr_0001 (echo), thr_0002 (a widget with actions),
/// thr_0003 (a pending client tool call), and an attachment.
pub const SETUP: &[&str] = &[
    r#"{"type":"threads.create","params":{"input":{"content":[{"type":"input_text","text":"echo: Hello, world!"}],"attachments":[],"inference_options":{}}}}"#,
    r#"{"type":"threads.create","params":{"input":{"content":[{"type":"input_text","text":"widget: static"}],"attachments":[],"inference_options":{}}}}"#,
    r#"{"type":"threads.create","params":{"input":{"content":[{"type":"input_text","text":"client_tool"}],"attachments":[],"inference_options":{}}}}"#,
    r#"{"type":"attachments.create","params":{"name":"a.png","size":3,"mime_type":"image/png"}}"#,
];

/// Sends one body. A typed request error is a fine answer; JSON must be JSON; a stream's events
/// must frame as JSON and it must drain (or be cancelled after `cancel_after` events) with an
/// abort only as its last item. `Err` for a broken answer or a hang (nothing within 30 s).
pub async fn send(
    server: &ChatKitServer<()>,
    body: &[u8],
    cancel_after: Option<u8>,
) -> Result<(), String> {
    let outcome = tokio::time::timeout(Duration::from_secs(30), async {
        match server.process(body, ()).await {
            Err(_) => Ok(()),
            Ok(ProcessResult::Json(bytes)) => serde_json::from_slice::<Value>(&bytes)
                .map(drop)
                .map_err(|e| format!("JSON response is not JSON: {e}")),
            Ok(ProcessResult::Stream(mut stream)) => {
                let mut seen = 0usize;
                while let Some(item) = stream.next().await {
                    let Ok(event) = item else {
                        return match stream.next().await {
                            Some(_) => Err("an item followed the abort".into()),
                            None => Ok(()),
                        };
                    };
                    let frame = sse_frame(&event);
                    serde_json::from_slice::<Value>(&frame[6..frame.len() - 2])
                        .map_err(|e| format!("event is not JSON: {e}"))?;
                    seen += 1;
                    if cancel_after.map(usize::from) == Some(seen) {
                        stream.cancel().await;
                        return Ok(());
                    }
                }
                Ok(())
            }
        }
    })
    .await;
    outcome.unwrap_or_else(|_| Err("no response within 30 s (hung)".into()))
}

/// Builds the starting state ([`SETUP`]), then sends every step; returns the ids a consistency
/// check should probe (the known ids and every string the steps' bodies hold). The error names
/// the failing body.
pub async fn replay(
    server: &ChatKitServer<()>,
    steps: &[gen::Step],
) -> Result<HashSet<String>, String> {
    for body in SETUP {
        send(server, body.as_bytes(), None).await?;
    }
    let mut probes: HashSet<String> = gen::KNOWN_IDS.iter().map(|s| s.to_string()).collect();
    for step in steps {
        if let Ok(v) = serde_json::from_slice::<Value>(&step.body) {
            check::strings_in(&v, &mut probes);
        }
        send(server, &step.body, step.cancel_after)
            .await
            .map_err(|e| format!("{e}; body {}", String::from_utf8_lossy(&step.body)))?;
    }
    Ok(probes)
}
