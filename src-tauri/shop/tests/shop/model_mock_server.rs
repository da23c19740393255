//! The reusable mock OpenAI server itself: fixtures, queueing, fallback, looping, the binary.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use crate::support::*;
use shop::model::{ChatCompletionsBackend, ModelBackend, ModelRequest};
use shop::testing::{Frame, MockOpenAi, Reply};

#[test]
fn every_fixture_loads() {
    let root = fixture_path("");
    let mut count = 0;
    for dir in ["chat", "responses"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            let reply = Reply::from_file(&path).unwrap_or_else(|e| panic!("{e}"));
            if path.extension().unwrap() == "sse" {
                assert!(
                    reply.frames().iter().any(|f| matches!(f, Frame::Data(_))),
                    "{path:?} has no events"
                );
                // Fixture comments never go over the wire.
                assert!(reply
                    .frames()
                    .iter()
                    .all(|f| !matches!(f, Frame::Data(d) if d.starts_with('#'))));
            }
            count += 1;
        }
    }
    assert!(count >= 20, "{count} fixtures");
    assert!(Reply::from_file(root.join("nope.sse")).is_err());
}

#[tokio::test]
async fn empty_queue_answers_500_then_fallback_and_looping() {
    let server = MockOpenAi::start().await;
    let b = ChatCompletionsBackend::new(&server.base_url(), None, "m", opts()).unwrap();
    let e = b.stream(ModelRequest::user("x")).await.err().unwrap();
    assert!(e.to_string().contains("no scripted reply"), "{e}");

    server.push(fixture("chat/text.sse"));
    server.push(fixture("chat/empty_finish_reason.sse"));
    server.set_looping(true);
    let mut texts = Vec::new();
    for _ in 0..3 {
        let (events, _) = collect(b.stream(ModelRequest::user("x")).await.unwrap()).await;
        texts.push(text(&events));
    }
    assert_eq!(
        texts,
        [
            "Hello! How can I help?",
            "Sure, here you go.",
            "Hello! How can I help?"
        ]
    );

    let other = MockOpenAi::start().await;
    other.set_fallback(fixture("chat/keepalive.sse"));
    let b = ChatCompletionsBackend::new(&other.base_url(), None, "m", opts()).unwrap();
    for _ in 0..2 {
        let (events, _) = collect(b.stream(ModelRequest::user("x")).await.unwrap()).await;
        assert_eq!(text(&events), "Still here.");
    }
}

#[tokio::test]
async fn binary_serves_fixtures_on_a_printed_base_url() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_shop-mock-openai"))
        .arg("--loop")
        .arg(fixture_path("chat/tool_call.sse"))
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let base_url = line
        .trim()
        .strip_prefix("SHOPDESK_BASE_URL=")
        .expect("first line names the base URL")
        .to_string();
    let b = ChatCompletionsBackend::new(&base_url, None, "m", opts()).unwrap();
    for _ in 0..2 {
        let (events, error) = collect(b.stream(ModelRequest::user("x")).await.unwrap()).await;
        assert!(error.is_none(), "{error:?}");
        assert_eq!(calls(&events)[0].name, "show_products");
    }
    child.kill().unwrap();
    child.wait().unwrap();
}
