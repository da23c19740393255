//! Automatic retry through the whole ChatKit server (`assistant/model_retry.rs`), on both wire
//! APIs: a fault before any output is retried — the user sees a `progress_update` saying so,
//! then exactly one good answer and no error; three failures in a row end in one `error` event
//! with `allow_retry`; a fault after output reached the user, or a 401, is never retried. The
//! backoff is shortened (50 ms, doubling) so the file is fast; `Retry-After` is honoured as sent.
//! `--nocapture` prints the time from the request to the recovered answer for each fault.

use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::model_faults::{fault_opts, Api};
use crate::support::*;
use serde_json::Value;
use shop::assistant::RetryPolicy;
use shop::model::ModelBackend;
use shop::testing::{MockOpenAi, Reply};

fn quick_retry() -> RetryPolicy {
    RetryPolicy {
        initial_backoff: Duration::from_millis(50),
        max_backoff: Duration::from_millis(400),
        ..RetryPolicy::default()
    }
}

fn backend(api: Api, mock: &MockOpenAi) -> Arc<dyn ModelBackend> {
    Arc::from(api.backend(mock, fault_opts()))
}

fn assistant_texts(events: &[Value]) -> Vec<String> {
    events
        .iter()
        .filter(|e| e["type"] == "thread.item.done" && e["item"]["type"] == "assistant_message")
        .map(|e| {
            e["item"]["content"][0]["text"]
                .as_str()
                .unwrap_or_default()
                .to_owned()
        })
        .collect()
}

fn progress_lines(events: &[Value]) -> Vec<String> {
    events
        .iter()
        .filter(|e| e["type"] == "progress_update")
        .map(|e| e["text"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// The faults that happen before the first text delta, for `api`.
fn faults_before_output(api: Api) -> Vec<(&'static str, Reply)> {
    let before = api.frames_before_text();
    vec![
        ("500", fixture("chat/error_500.http")),
        ("503", fixture("chat/error_503.http")),
        (
            "429 retry-after-ms 200",
            fixture("chat/error_429_retry_after_ms.http"),
        ),
        ("dropped connection", api.text_reply().drop_after(0)),
        (
            "disconnect before text",
            api.text_reply().drop_after(before),
        ),
        (
            "truncated before text",
            api.text_reply().truncate_after(before),
        ),
        ("malformed first chunk", api.text_reply().malformed_after(0)),
        ("stall before text", api.text_reply().hang_after(before)),
        (
            "slow first byte",
            api.text_reply()
                .with_first_byte_delay(Duration::from_millis(3_000)),
        ),
    ]
}

#[tokio::test]
async fn a_fault_before_any_output_is_retried_and_the_answer_arrives_once() {
    for api in Api::BOTH {
        for (fault, reply) in faults_before_output(api) {
            let mock = MockOpenAi::start().await;
            mock.push(reply);
            mock.push(api.text_reply());
            let h = harness_with_retry(backend(api, &mock), vec![], quick_retry());
            let started = Instant::now();
            let events = h.stream(create("hello")).await;
            let elapsed = started.elapsed();
            println!(
                "[fault→recovered] {:<9} {fault:<24} {:>6} ms",
                api.name(),
                elapsed.as_millis()
            );
            assert!(
                error_event(&events).is_none(),
                "{api:?} {fault}: {events:#?}"
            );
            assert_eq!(
                assistant_texts(&events),
                [api.full_text()],
                "{api:?} {fault}: one answer, nothing repeated"
            );
            let progress = progress_lines(&events);
            assert_eq!(progress.len(), 1, "{api:?} {fault}: {progress:?}");
            assert!(progress[0].contains("retrying in"), "{progress:?}");
            assert_eq!(mock.requests().len(), 2, "{api:?} {fault}");
            // Every wait is bounded: fault_opts' 1 s first byte + backoff, or Retry-After 200 ms.
            assert!(elapsed < Duration::from_secs(10), "{elapsed:?}");
            if fault.starts_with("429") {
                assert!(
                    elapsed >= Duration::from_millis(200),
                    "Retry-After honoured"
                );
            }
        }
    }
}

#[tokio::test]
async fn three_failures_end_in_one_retryable_error_after_two_notices() {
    for api in Api::BOTH {
        let mock = MockOpenAi::start().await;
        for _ in 0..3 {
            mock.push(fixture("chat/error_500.http"));
        }
        mock.push(api.text_reply());
        let h = harness_with_retry(backend(api, &mock), vec![], quick_retry());
        let started = Instant::now();
        let events = h.stream(create("hello")).await;
        println!(
            "[3 × 500 → error] {:<9} {:>6} ms",
            api.name(),
            started.elapsed().as_millis()
        );
        let error = error_event(&events).expect("an error event");
        assert_eq!(error["allow_retry"], true);
        assert_eq!(progress_lines(&events).len(), 2);
        assert_eq!(mock.requests().len(), 3, "3 attempts, then the error");
        assert!(assistant_texts(&events).is_empty());
    }
}

#[tokio::test]
async fn no_silent_retry_after_output_or_for_a_rejected_key() {
    for api in Api::BOTH {
        // The connection drops after the first words reached the user.
        let mock = MockOpenAi::start().await;
        mock.push(api.text_reply().drop_after(api.frames_before_text() + 1));
        mock.push(api.text_reply());
        let h = harness_with_retry(backend(api, &mock), vec![], quick_retry());
        let events = h.stream(create("hello")).await;
        let error = error_event(&events).expect("an error event");
        assert_eq!(error["allow_retry"], true, "the user may retry");
        assert!(progress_lines(&events).is_empty(), "{events:#?}");
        assert_eq!(
            mock.requests().len(),
            1,
            "{api:?}: not retried after output"
        );
        let texts = assistant_texts(&events);
        assert_eq!(texts.len(), 1);
        assert_ne!(
            texts[0],
            api.full_text(),
            "the partial text is kept as it was"
        );

        // 401: no retry can fix the key.
        let mock = MockOpenAi::start().await;
        mock.push(fixture("chat/error_401.http"));
        mock.push(api.text_reply());
        let h = harness_with_retry(backend(api, &mock), vec![], quick_retry());
        let events = h.stream(create("hello")).await;
        let error = error_event(&events).expect("an error event");
        assert_eq!(error["allow_retry"], false);
        assert_eq!(mock.requests().len(), 1, "{api:?}: 401 is not retried");
        assert!(progress_lines(&events).is_empty());
    }
}

#[tokio::test]
async fn the_mock_program_fails_until_healed_then_answers() {
    // What the app's WebDriver test does with `shop-mock-openai`: POST /__mock/fail, then
    // DELETE it while the assistant is retrying.
    let mock = MockOpenAi::start().await;
    mock.push(fixture("chat/text.sse"));
    let root = format!("http://{}", mock.addr());
    let http = reqwest::Client::new();
    let fail = http
        .post(format!("{root}/__mock/fail?status=503"))
        .send()
        .await
        .unwrap();
    assert_eq!(fail.status(), 204);
    let h = harness_with_retry(
        backend(Api::Chat, &mock),
        vec![],
        RetryPolicy {
            initial_backoff: Duration::from_millis(300),
            ..quick_retry()
        },
    );
    let heal = async {
        tokio::time::sleep(Duration::from_millis(150)).await;
        let healed = http
            .delete(format!("{root}/__mock/fail"))
            .send()
            .await
            .unwrap();
        assert_eq!(healed.status(), 204);
    };
    let (events, ()) = tokio::join!(h.stream(create("hello")), heal);
    assert!(error_event(&events).is_none(), "{events:#?}");
    assert_eq!(assistant_texts(&events), ["Hello! How can I help?"]);
    assert!(progress_lines(&events)[0].starts_with("The model server is busy"));

    let queued = http
        .post(format!("{root}/__mock/queue"))
        .body("500\n\n{\"error\":{\"message\":\"queued\"}}")
        .send()
        .await
        .unwrap();
    assert_eq!(queued.status(), 204);
    let bad = http
        .post(format!("{root}/__mock/fail?status=abc"))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
}
