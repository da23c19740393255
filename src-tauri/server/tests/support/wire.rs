//! The client side of the HTTP contract, as a browser page's `fetch` exercises it: a `POST
//! /chatkit` with `content-type: application/json` and an `Origin`, over keep-alive connections;
//! the answer read off the wire — status, content type, and for `text/event-stream` the SSE
//! frames (`data: <json>\n\n`) reassembled across however the body was chunked, with a body that
//! was cut (reset, incomplete chunked encoding, a partial frame at the end) reported as such.
//!
//! Why our own reader rather than an SSE client crate: the tests must see the exact bytes of
//! every frame (byte parity with the reference) and whether the body ended cleanly, which SSE
//! client libraries hide.

use std::time::Duration;

/// The origin the tests' requests come from (the tutorial's Next.js dev server); the spawned
/// binary is started with `--allow-origin` for it.
pub const ORIGIN: &str = "http://localhost:3000";

/// A client like a browser tab's: keep-alive, no proxy, plain HTTP (loopback). reqwest is built
/// with rustls and no crypto provider (the shop crate's choice), so the provider is installed
/// first, as the shop crate does.
pub fn client() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .no_proxy()
        .pool_max_idle_per_host(64)
        .connect_timeout(Duration::from_secs(5))
        .build()
        .expect("HTTP client")
}

/// `POST {base}/chatkit` with `body` as a browser sends it.
pub async fn post_chatkit(
    client: &reqwest::Client,
    base: &str,
    body: Vec<u8>,
) -> Result<reqwest::Response, reqwest::Error> {
    client
        .post(format!("{base}/chatkit"))
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header(reqwest::header::ORIGIN, ORIGIN)
        .header(
            reqwest::header::ACCEPT,
            "text/event-stream, application/json",
        )
        .body(body)
        .send()
        .await
}

/// An answer as read off the wire.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    /// The media type without parameters, lower-cased (`application/json`,
    /// `text/event-stream`), empty when the header is missing.
    pub content_type: String,
    /// The whole body's bytes (for a stream: every byte received, frames and any partial rest).
    pub body: Vec<u8>,
    /// For `text/event-stream`: each complete frame's bytes, `data: …\n\n` included.
    pub frames: Vec<Vec<u8>>,
    /// Why the body did not end cleanly (transport error, or bytes after the last complete
    /// frame); `None` for a clean end.
    pub cut: Option<String>,
}

impl Reply {
    pub fn is_stream(&self) -> bool {
        self.content_type == "text/event-stream"
    }

    /// The body as text, for messages.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// The media type of a response, without parameters, lower-cased.
pub fn media_type(response: &reqwest::Response) -> String {
    response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase())
        .unwrap_or_default()
}

/// Read a whole response. `on_frame` sees each SSE frame as soon as it is complete (e.g. to
/// time the first event); it returns `false` to stop reading there (the connection is then
/// dropped, as a page that goes away mid-stream does).
pub async fn read_with(
    mut response: reqwest::Response,
    mut on_frame: impl FnMut(&[u8]) -> bool,
) -> Reply {
    let status = response.status().as_u16();
    let content_type = media_type(&response);
    let streaming = content_type == "text/event-stream";
    let mut body = Vec::new();
    let mut frames = FrameSplitter::default();
    let mut out = Vec::new();
    let mut cut = None;
    'read: loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                body.extend_from_slice(&chunk);
                if streaming {
                    for frame in frames.push(&chunk) {
                        let go_on = on_frame(&frame);
                        out.push(frame);
                        if !go_on {
                            cut = Some("stopped reading".to_owned());
                            break 'read;
                        }
                    }
                }
            }
            Ok(None) => break,
            Err(e) => {
                cut = Some(format!("body cut: {e}"));
                break;
            }
        }
    }
    if streaming && cut.is_none() && !frames.rest().is_empty() {
        cut = Some(format!(
            "body ended inside a frame: {:?}",
            String::from_utf8_lossy(frames.rest())
        ));
    }
    Reply {
        status,
        content_type,
        body,
        frames: out,
        cut,
    }
}

/// Read a whole response.
pub async fn read(response: reqwest::Response) -> Reply {
    read_with(response, |_| true).await
}

/// Splits an SSE byte stream into frames: a frame ends at the first blank line (`\n\n`), which
/// may arrive in a later chunk than its start.
#[derive(Default)]
pub struct FrameSplitter {
    pending: Vec<u8>,
}

impl FrameSplitter {
    /// Add `chunk`; returns the frames it completed, each ending in `\n\n`.
    pub fn push(&mut self, chunk: &[u8]) -> Vec<Vec<u8>> {
        // A boundary may straddle the previous chunk: search from one byte before the new data.
        let mut from = self.pending.len().saturating_sub(1);
        self.pending.extend_from_slice(chunk);
        let mut out = Vec::new();
        while let Some(at) = self.pending[from..].windows(2).position(|w| w == b"\n\n") {
            let end = from + at + 2;
            out.push(self.pending.drain(..end).collect());
            from = 0;
        }
        out
    }

    /// Bytes received after the last complete frame.
    pub fn rest(&self) -> &[u8] {
        &self.pending
    }
}

/// The JSON of one SSE frame (`data: <json>\n\n`), or why it is not one.
pub fn frame_json(frame: &[u8]) -> Result<serde_json::Value, String> {
    let json = frame
        .strip_prefix(b"data: ")
        .and_then(|f| f.strip_suffix(b"\n\n"))
        .ok_or_else(|| format!("bad SSE frame {:?}", String::from_utf8_lossy(frame)))?;
    serde_json::from_slice(json).map_err(|e| format!("frame is not JSON: {e}"))
}

/// The splitter's own check (these targets have no test harness, so it runs as a step of
/// `http_conformance`): a stream cut into chunks of every size comes back as the same frames.
pub fn splitter_self_check() -> Result<(), String> {
    let wire = b"data: {\"a\":1}\n\ndata: {\"b\":\"x\\n\"}\n\ndata: {}\n\n";
    for size in 1..wire.len() {
        let mut splitter = FrameSplitter::default();
        let frames: Vec<Vec<u8>> = wire.chunks(size).flat_map(|c| splitter.push(c)).collect();
        if frames.len() != 3 || frames.concat() != wire.to_vec() || !splitter.rest().is_empty() {
            return Err(format!("chunks of {size} bytes split into {frames:?}"));
        }
    }
    Ok(())
}
