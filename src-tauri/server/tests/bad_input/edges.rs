//! The hand-made bad requests of the bad-input run (see `bad_input.rs`): bodies past the
//! size bound (declared and chunked) → 413, truncated ones → 400, a body shorter than its
//! `Content-Length` → 400, wrong methods → 405 with `Allow`, wrong content types → 415.

use super::support::wire::{self, Reply};
use super::support::{raw_client, requests};
use super::{expect_error, no_leak, Tally, MAX_BODY};
use std::sync::Mutex;
use std::time::Duration;

/// Record a hand-made request's answer, expecting `status`.
fn judge(
    tally: &Mutex<Tally>,
    what: &str,
    reply: &Reply,
    status: u16,
    data_dir: &str,
    body: &[u8],
) {
    let verdict = expect_error(reply, status).and_then(|()| no_leak(reply, body, data_dir));
    let mut tally = tally.lock().unwrap();
    *tally.statuses.entry(reply.status).or_default() += 1;
    if let Err(e) = verdict {
        tally.fail(format!("{what}: {e}"));
    }
}

/// The status of a raw answer's head.
fn expect_status(tally: &Mutex<Tally>, what: &str, head: &[u8], status: u16) {
    let got = raw_client::status(head);
    let mut tally = tally.lock().unwrap();
    *tally.statuses.entry(got.unwrap_or(0)).or_default() += 1;
    if got != Some(status) {
        tally.fail(format!(
            "{what}: expected {status}, got {:?}",
            String::from_utf8_lossy(head)
        ));
    }
}

/// Oversized, truncated, wrong methods and content types.
pub async fn edges(
    client: &reqwest::Client,
    base: &str,
    data_dir: &str,
    tally: &Mutex<Tally>,
) -> Result<(), String> {
    let url = format!("{base}/chatkit");
    let send = |request: reqwest::RequestBuilder| async move {
        let response = request
            .header(reqwest::header::ORIGIN, wire::ORIGIN)
            .send()
            .await
            .map_err(|e| format!("no answer: {e}"))?;
        Ok::<Reply, String>(wire::read(response).await)
    };
    // Oversized: declared one byte past the bound (answered from the head alone), and sent
    // chunked without a length, one byte past it. On raw sockets: a client library may lose
    // the early answer when the server closes while the rest of the body is still being sent.
    let mut stream = raw_client::connect(base).await?;
    raw_client::post(&mut stream, MAX_BODY + 1, b"").await?;
    let head = raw_client::read_until(&mut stream, b"\r\n\r\n", Duration::from_secs(10)).await?;
    expect_status(tally, "oversized (Content-Length)", &head, 413);
    let mut stream = raw_client::connect(base).await?;
    raw_client::post_chunked(
        &mut stream,
        &requests::create_thread(&"x".repeat(MAX_BODY))[..MAX_BODY + 1],
    )
    .await?;
    let head = raw_client::read_until(&mut stream, b"\r\n\r\n", Duration::from_secs(10)).await?;
    expect_status(tally, "oversized (chunked)", &head, 413);
    // Truncated: every fixture request cut in half, and cut before its last byte.
    let mut truncated = 0;
    for request in super::gen::fixture_requests() {
        let whole = serde_json::to_vec(&request).expect("JSON");
        for cut in [whole.len() / 2, whole.len() - 1] {
            let body = whole[..cut].to_vec();
            let reply = wire::read(
                wire::post_chatkit(client, base, body.clone())
                    .await
                    .map_err(|e| e.to_string())?,
            )
            .await;
            judge(tally, "truncated body", &reply, 400, data_dir, &body);
            truncated += 1;
        }
    }
    // A body shorter than its Content-Length, the client then closing its side.
    let mut stream = raw_client::connect(base).await?;
    raw_client::post(&mut stream, 100, b"{\"type\":\"threads.list\"").await?;
    tokio::io::AsyncWriteExt::shutdown(&mut stream)
        .await
        .map_err(|e| e.to_string())?;
    let head = raw_client::read_until(&mut stream, b"\r\n\r\n", Duration::from_secs(10)).await?;
    expect_status(tally, "body shorter than its Content-Length", &head, 400);
    // Wrong methods: 405 with an `Allow` header naming the right one (the body may be empty).
    let json_body = requests::create_thread("hello");
    for (method, path, allowed) in [
        ("GET", "/chatkit", "POST"),
        ("PUT", "/chatkit", "POST"),
        ("DELETE", "/chatkit", "POST"),
        ("PATCH", "/chatkit", "POST"),
        ("POST", "/health", "GET"),
    ] {
        let response = client
            .request(
                reqwest::Method::from_bytes(method.as_bytes()).expect("method"),
                format!("{base}{path}"),
            )
            .header(reqwest::header::ORIGIN, wire::ORIGIN)
            .header("content-type", "application/json")
            .body(json_body.clone())
            .send()
            .await
            .map_err(|e| format!("no answer: {e}"))?;
        let allow = response
            .headers()
            .get(reqwest::header::ALLOW)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let reply = wire::read(response).await;
        let verdict = match (reply.status, allow.contains(allowed)) {
            (405, true) => no_leak(&reply, b"", data_dir),
            (status, _) => Err(format!("HTTP {status}, allow {allow:?}: {}", reply.text())),
        };
        let mut tally = tally.lock().unwrap();
        *tally.statuses.entry(reply.status).or_default() += 1;
        if let Err(e) = verdict {
            tally.fail(format!("{method} {path}: {e}"));
        }
    }
    // Wrong content types (and none).
    for content_type in [
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
        Some("multipart/form-data; boundary=x"),
        Some("application/jsonx"),
        Some("text/json"),
        None,
    ] {
        let mut request = client.post(&url).body(json_body.clone());
        if let Some(ct) = content_type {
            request = request.header("content-type", ct);
        }
        let reply = send(request).await?;
        judge(
            tally,
            &format!("content type {content_type:?}"),
            &reply,
            415,
            data_dir,
            b"",
        );
    }
    println!("bad input: edge cases: 2 oversized (413), {truncated} truncated (400), 1 shorter than its Content-Length (400), 5 wrong methods (405), 6 wrong content types (415)");
    Ok(())
}
