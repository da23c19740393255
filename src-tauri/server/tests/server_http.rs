//! `shopdesk-server` over real HTTP on 127.0.0.1:0: status codes and framing (also stamped,
//! `--stamp-events`), limits, the bearer token, CORS, attachments, the page's cart (Contract
//! 4), a client that disconnects mid-stream, and the spawned binary's start-up rules and
//! SIGTERM drain. Offline model, real SQLite in a temporary directory; timings are printed,
//! never asserted.

#[path = "server_http/generic_router.rs"]
mod generic_router;
#[path = "server_http/harness.rs"]
mod harness;
#[path = "server_http/lifecycle.rs"]
mod lifecycle;

use std::time::{Duration, Instant};

use harness::{client, create_thread, post, sse_events, start, start_with, types};
use serde_json::{json, Value};
use shopdesk_server::BearerToken;

const NO_DELAY: Duration = Duration::ZERO;

#[tokio::test]
async fn chatkit_answers_json_sse_and_the_error_statuses() {
    let started = Instant::now();
    let run = start(NO_DELAY, |_| {}).await;
    // 200 + SSE: a streamed answer, framed `data: <json>\n\n`.
    let response = post(&run, &create_thread("show products", None)).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "text/event-stream");
    assert!(response.headers().contains_key("x-request-id"));
    let events = sse_events(&response.text().await.unwrap());
    let kinds = types(&events);
    assert_eq!(kinds[0], "thread.created", "{kinds:?}");
    assert!(kinds.iter().any(|k| k == "thread.item.done"), "{kinds:?}");
    let thread_id = events[0]["thread"]["id"].as_str().unwrap().to_owned();

    // 200 + JSON.
    let response = post(&run, &json!({"type": "threads.list", "params": {}})).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/json");
    let page: Value = response.json().await.unwrap();
    assert_eq!(page["data"][0]["id"], thread_id.as_str());

    // 400 invalid request, 404 unknown thread, both with a JSON error body.
    for (body, status, code) in [
        (json!({}), 400, "invalid_request"),
        (
            json!({"type": "threads.nope", "params": {}}),
            400,
            "invalid_request",
        ),
        (
            json!({"type": "threads.get_by_id", "params": {"thread_id": "thr_missing"}}),
            404,
            "not_found",
        ),
        (
            json!({"type": "items.list", "params": {"thread_id": thread_id, "after": "nope"}}),
            400,
            "invalid_request",
        ),
    ] {
        let response = post(&run, &body).await;
        assert_eq!(response.status(), status, "{body}");
        let error: Value = response.json().await.unwrap();
        assert_eq!(error["error"]["code"], code, "{error}");
    }
    let response = client()
        .post(run.url("/chatkit"))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);

    // 413 past the body bound, 415 for another content type, 405 for another method.
    let big = format!(
        r#"{{"type":"threads.list","params":{{}},"metadata":{{"x":"{}"}}}}"#,
        "a".repeat(chatkit::DEFAULT_MAX_BODY_BYTES)
    );
    let response = client()
        .post(run.url("/chatkit"))
        .header("content-type", "application/json")
        .body(big)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
    let response = client()
        .post(run.url("/chatkit"))
        .header("content-type", "text/plain")
        .body(r#"{"type":"threads.list","params":{}}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 415);
    let response = client().get(run.url("/chatkit")).send().await.unwrap();
    assert_eq!(response.status(), 405);

    // Health.
    let response = client().get(run.url("/health")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.json::<Value>().await.unwrap(),
        json!({"status": "ok", "store": "sqlite"})
    );
    run.stop().await;
    println!("status codes: {} ms", started.elapsed().as_millis());
}

/// Milliseconds since the Unix epoch, the clock `--stamp-events` stamps with.
fn epoch_ms() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs_f64()
        * 1e3
}

#[tokio::test]
async fn stamped_frames_carry_an_emit_time_comment_before_the_same_data() {
    let run = start(NO_DELAY, |options| options.stamp_events = true).await;
    let sent = epoch_ms();
    let response = post(&run, &create_thread("show products", None)).await;
    let body = response.text().await.unwrap();
    let received = epoch_ms();
    let mut stamps = Vec::new();
    let mut data = String::new();
    for frame in body.split_terminator("\n\n") {
        let (comment, rest) = frame
            .split_once('\n')
            .unwrap_or_else(|| panic!("a stamp line, then the data: {frame:?}"));
        let at: f64 = comment
            .strip_prefix(": at=")
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("not a stamp: {comment:?}"));
        assert!(
            (sent - 1.0..=received + 1.0).contains(&at),
            "stamped while the request ran: {sent} <= {at} <= {received}"
        );
        stamps.push(at);
        data.push_str(rest);
        data.push_str("\n\n");
    }
    assert!(stamps.windows(2).all(|w| w[0] <= w[1]), "{stamps:?}");
    // Without the comments, the frames are the usual ones.
    let events = sse_events(&data);
    assert_eq!(events.len(), stamps.len());
    assert_eq!(types(&events)[0], "thread.created");
    run.stop().await;
}

#[tokio::test]
async fn a_token_is_required_everywhere_but_health_and_preflight() {
    let token = "test-token-0123456789abcdef";
    let run = start(NO_DELAY, |o| {
        o.token = Some(BearerToken::new(token).unwrap())
    })
    .await;
    let list = r#"{"type":"threads.list","params":{}}"#;
    let send = |auth: Option<String>| {
        let mut request = client()
            .post(run.url("/chatkit"))
            .header("content-type", "application/json")
            .body(list);
        if let Some(auth) = auth {
            request = request.header("authorization", auth);
        }
        request.send()
    };
    assert_eq!(send(None).await.unwrap().status(), 401);
    assert_eq!(
        send(Some("Bearer wrong-token-0123456789ab".into()))
            .await
            .unwrap()
            .status(),
        401
    );
    assert_eq!(
        send(Some(format!("Bearer {token}")))
            .await
            .unwrap()
            .status(),
        200
    );
    let health = client().get(run.url("/health")).send().await.unwrap();
    assert_eq!(health.status(), 200, "health needs no token");
    let preflight = client()
        .request(reqwest::Method::OPTIONS, run.url("/chatkit"))
        .header("origin", "http://localhost:3000")
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "authorization, content-type",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(preflight.status(), 200, "a preflight needs no token");
    let upload = client()
        .put(run.url("/attachments/atc_12345678/upload"))
        .body("x")
        .send()
        .await
        .unwrap();
    assert_eq!(upload.status(), 401, "uploads need the token too");
    run.stop().await;
}

#[tokio::test]
async fn cors_allows_the_configured_origins_only() {
    let run = start(NO_DELAY, |_| {}).await;
    let preflight = |origin: &'static str| {
        client()
            .request(reqwest::Method::OPTIONS, run.url("/chatkit"))
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header(
                "access-control-request-headers",
                "content-type,authorization",
            )
            .send()
    };
    for allowed in [
        "http://localhost:3000",
        "http://localhost:5173",
        "http://127.0.0.1:5173",
    ] {
        let response = preflight(allowed).await.unwrap();
        let headers = response.headers();
        assert_eq!(headers["access-control-allow-origin"], allowed);
        let allow_headers = headers["access-control-allow-headers"].to_str().unwrap();
        assert!(allow_headers.contains("content-type") && allow_headers.contains("authorization"));
    }
    let denied = preflight("http://evil.example").await.unwrap();
    assert!(
        !denied.headers().contains_key("access-control-allow-origin"),
        "{:?}",
        denied.headers()
    );
    let response = client()
        .post(run.url("/chatkit"))
        .header("origin", "http://localhost:5173")
        .header("content-type", "application/json")
        .body(r#"{"type":"threads.list","params":{}}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.headers()["access-control-allow-origin"],
        "http://localhost:5173"
    );
    run.stop().await;
}

#[tokio::test]
async fn an_uploaded_image_comes_back_as_its_preview() {
    let run = start(NO_DELAY, |_| {}).await;
    let png: Vec<u8> = b"\x89PNG\r\n\x1a\n not really a png, but bytes".to_vec();
    let created: Value = post(
        &run,
        &json!({"type": "attachments.create",
                "params": {"name": "cat.png", "size": png.len(), "mime_type": "image/png"}}),
    )
    .await
    .json()
    .await
    .unwrap();
    let id = created["id"].as_str().unwrap().to_owned();
    let descriptor = &created["upload_descriptor"];
    assert_eq!(descriptor["method"], "PUT");
    let upload_url = descriptor["url"].as_str().unwrap();
    assert_eq!(upload_url, run.url(&format!("/attachments/{id}/upload")));
    let preview_url = created["preview_url"].as_str().unwrap().to_owned();

    let early = client().get(&preview_url).send().await.unwrap();
    assert_eq!(early.status(), 404, "nothing to preview before the upload");
    let uploaded = client()
        .put(upload_url)
        .body(png.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(uploaded.status(), 204);
    let again = client()
        .put(upload_url)
        .body(png.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 409, "an attachment is uploaded once");

    let preview = client().get(&preview_url).send().await.unwrap();
    assert_eq!(preview.status(), 200);
    assert_eq!(preview.headers()["content-type"], "image/png");
    assert_eq!(preview.headers()["x-content-type-options"], "nosniff");
    assert_eq!(preview.bytes().await.unwrap().as_ref(), png.as_slice());
    let blob = run.dir.path().join("attachments").join(&id);
    assert_eq!(
        std::fs::read(blob).unwrap(),
        png,
        "stored under the data dir"
    );

    for bad in [
        "atc_missing1",
        "atc_..%2F..%2Fthreads",
        "..%2Fshopdesk.sqlite3",
        "atc_a.b",
    ] {
        let response = client()
            .get(run.url(&format!("/attachments/{bad}/preview")))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 404, "{bad}");
    }
    run.stop().await;
}

#[tokio::test]
async fn view_cart_shows_the_lines_the_page_sent_and_drops_bad_ones() {
    let run = start(NO_DELAY, |_| {}).await;
    let cart = json!([
        {"product_id": "headphones-nimbus", "name": "Nimbus Headphones", "price": 129.0,
         "image": "/products/headphones-nimbus.svg", "quantity": 2},
        {"product_id": "mug-ember", "name": "Ember Stoneware Mug", "price": -1, "image": "", "quantity": 1},
        "not a line"
    ]);
    let response = post(&run, &create_thread("What's in my cart?", Some(cart))).await;
    assert_eq!(response.status(), 200);
    let events = sse_events(&response.text().await.unwrap());
    let widgets: Vec<String> = events
        .iter()
        .filter(|e| e["type"] == "thread.item.done" && e["item"]["type"] == "widget")
        .map(|e| e["item"]["widget"].to_string())
        .collect();
    assert_eq!(widgets.len(), 1, "{:?}", types(&events));
    assert!(widgets[0].contains("Nimbus Headphones"), "{}", widgets[0]);
    assert!(
        !widgets[0].contains("Ember Stoneware Mug"),
        "a bad line is dropped: {}",
        widgets[0]
    );

    let empty = post(&run, &create_thread("What's in my cart?", None)).await;
    let text = empty.text().await.unwrap();
    assert!(
        !text.contains("Nimbus Headphones"),
        "no metadata = an empty cart"
    );

    let too_many: Vec<Value> = (0..=shop::cart::MAX_LINES)
        .map(|i| json!({"product_id": format!("p{i}"), "name": "x", "price": 1, "quantity": 1}))
        .collect();
    let refused = post(
        &run,
        &create_thread("What's in my cart?", Some(json!(too_many))),
    )
    .await;
    assert_eq!(refused.status(), 400);
    run.stop().await;
}

#[tokio::test]
async fn a_client_that_disconnects_mid_stream_leaves_the_partial_answer_saved() {
    let run = start(Duration::from_millis(40), |_| {}).await;
    let mut response = post(&run, &create_thread("hello there", None)).await;
    let mut seen = String::new();
    // Read until the assistant's text has started streaming, then hang up.
    while !seen.contains("assistant_message.content_part.text_delta") {
        let chunk = response
            .chunk()
            .await
            .unwrap()
            .expect("the stream ended before any text");
        seen.push_str(&String::from_utf8_lossy(&chunk));
    }
    let thread_id = sse_events(&seen[..seen.rfind("\n\n").unwrap() + 2])[0]["thread"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    drop(response);
    let started = Instant::now();
    let saved = loop {
        // Straight from the store: hidden items included.
        let page = chatkit::Store::load_thread_items(
            run.server.store().as_ref(),
            &thread_id,
            None,
            100,
            chatkit::types::Order::Asc,
            &shopdesk_server::shop_app::ShopContext::default(),
        )
        .await
        .unwrap();
        let items: Vec<Value> = page
            .data
            .iter()
            .map(|i| serde_json::to_value(i).unwrap())
            .collect();
        let assistant = items.iter().find(|i| i["type"] == "assistant_message");
        let hidden = items.iter().any(|i| i["type"] == "sdk_hidden_context");
        if let (Some(item), true) = (assistant, hidden) {
            break item.clone();
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "no partial answer saved: {items:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    let text = saved["content"][0]["text"].as_str().unwrap();
    assert!(!text.trim().is_empty(), "{saved}");
    println!(
        "partial answer saved {} ms after the disconnect: {text:?}",
        started.elapsed().as_millis()
    );
    run.stop().await;
}

#[tokio::test]
async fn a_client_too_slow_with_its_head_or_its_body_is_cut_and_others_are_served() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let run = start_with(NO_DELAY, |http, serve| {
        http.body_read_timeout = Duration::from_millis(300);
        serve.header_read_timeout = Duration::from_millis(300);
    })
    .await;
    let address = run.base.strip_prefix("http://").unwrap().to_owned();
    let read_all = |mut tcp: tokio::net::TcpStream| async move {
        let mut answer = Vec::new();
        tokio::time::timeout(Duration::from_secs(5), tcp.read_to_end(&mut answer))
            .await
            .expect("the server cut the connection")
            .ok();
        String::from_utf8_lossy(&answer).into_owned()
    };
    // A head that never ends (slowloris): the connection is closed.
    let mut slow_head = tokio::net::TcpStream::connect(&address).await.unwrap();
    slow_head
        .write_all(b"POST /chatkit HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let answer = read_all(slow_head).await;
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 408"),
        "{answer}"
    );
    // A body that never arrives: 408.
    let mut slow_body = tokio::net::TcpStream::connect(&address).await.unwrap();
    slow_body
        .write_all(b"POST /chatkit HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\ncontent-length: 100\r\nconnection: close\r\n\r\n{\"type\"")
        .await
        .unwrap();
    let answer = read_all(slow_body).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    // An upload whose declared length is past the cap: 413 at once, the body is never read.
    let created: Value = post(
        &run,
        &json!({"type": "attachments.create",
                "params": {"name": "big.bin", "size": 1, "mime_type": "application/octet-stream"}}),
    )
    .await
    .json()
    .await
    .unwrap();
    let id = created["id"].as_str().unwrap();
    let mut huge = tokio::net::TcpStream::connect(&address).await.unwrap();
    let head = format!(
        "PUT /attachments/{id}/upload HTTP/1.1\r\nHost: x\r\ncontent-length: 999999999\r\nconnection: close\r\n\r\n"
    );
    huge.write_all(head.as_bytes()).await.unwrap();
    let answer = read_all(huge).await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    let response = client().get(run.url("/health")).send().await.unwrap();
    assert_eq!(response.status(), 200, "the server keeps serving");
    run.stop().await;
}
