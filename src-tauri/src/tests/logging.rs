//! What the log file says about an offline turn, through the app's own subscriber
//! (`logging::subscriber`, default filter) and the real command bodies: one line per request
//! with its type, run id, outcome and time, and nothing of what the user typed.

use super::commands::{eventually, stream_to_end};
use super::{offline_assistant, state_with, Recorder};
use crate::commands::handle_request;
use crate::logging::{self, LogFile, RotatingFile};

#[tokio::test]
async fn the_log_of_an_offline_turn_holds_its_request_lines() {
    let dir = tempfile::tempdir().unwrap();
    let file = LogFile::default();
    file.attach(RotatingFile::open(&dir.path().join(logging::LOG_DIR), 1 << 20, 1).unwrap());
    let (filter, _) = logging::filter(None);
    let _subscriber = tracing::subscriber::set_default(logging::subscriber(filter, file.clone()));
    let log = || std::fs::read_to_string(file.path().unwrap()).unwrap();

    let state = state_with(offline_assistant());
    let secret_text = "show products for the-user-typed-this";
    stream_to_end(&state, secret_text).await;
    eventually("the turn's log line", || log().contains("run=\"run-1\"")).await;

    let list = r#"{"type":"threads.list","params":{}}"#;
    handle_request(&state, list.into(), "run-2", Recorder::default())
        .await
        .unwrap();
    let get = r#"{"type":"threads.get_by_id","params":{"thread_id":"thr_missing"}}"#;
    handle_request(&state, get.into(), "run-3", Recorder::default())
        .await
        .unwrap_err();
    handle_request(
        &state,
        "not json".into(),
        "run-4\nforged line",
        Recorder::default(),
    )
    .await
    .unwrap_err();

    let log = log();
    let line = |run: &str| -> &str {
        log.lines()
            .find(|l| l.contains(&format!("run={run:?}")))
            .unwrap_or_else(|| panic!("no line for {run}:\n{log}"))
    };
    let turn = line("run-1");
    assert!(
        turn.contains(" INFO ")
            && turn.contains("chatkit request")
            && turn.contains("request=\"threads.create\"")
            && turn.contains("outcome=\"completed\"")
            && turn.contains("elapsed_ms="),
        "{turn}"
    );
    let listed = line("run-2");
    assert!(
        listed.contains("request=\"threads.list\"") && listed.contains("outcome=\"json\""),
        "{listed}"
    );
    let missing = line("run-3");
    assert!(
        missing.contains(" WARN ")
            && missing.contains("request=\"threads.get_by_id\"")
            && missing.contains("code=\"not_found\""),
        "{missing}"
    );
    let invalid = line("run-4\nforged line");
    assert!(
        invalid.contains("request=\"(invalid)\"") && invalid.contains("code=\"invalid_request\""),
        "{invalid}"
    );
    assert!(
        !log.lines().any(|l| l.starts_with("forged line")),
        "a run id cannot forge a log line:\n{log}"
    );
    assert!(
        !log.contains("the-user-typed-this"),
        "request bodies are not logged:\n{log}"
    );
}
