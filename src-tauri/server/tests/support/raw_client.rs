//! A client that misbehaves at the socket level, which no HTTP client library lets a test do:
//! it writes a request by hand on a socket with a tiny receive buffer, reads only as much of
//! the answer as it wants, then stalls (stops reading, so the server's writes block) or hangs
//! up mid-stream. Also sends bodies shorter than their `Content-Length`.

use super::wire::ORIGIN;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

/// The receive buffer asked for: small, so an unread stream fills it within a few frames.
const RECV_BUFFER: u32 = 4096;

/// Connect to `base` (`http://127.0.0.1:PORT`) with a small receive buffer.
pub async fn connect(base: &str) -> Result<TcpStream, String> {
    let addr = base
        .strip_prefix("http://")
        .ok_or("base is not http://")?
        .parse()
        .map_err(|e| format!("address: {e}"))?;
    let socket = TcpSocket::new_v4().map_err(|e| e.to_string())?;
    socket
        .set_recv_buffer_size(RECV_BUFFER)
        .map_err(|e| e.to_string())?;
    socket.connect(addr).await.map_err(|e| e.to_string())
}

/// Write a `POST /chatkit` head declaring `content_length`, then `body` (which may be shorter).
pub async fn post(
    stream: &mut TcpStream,
    content_length: usize,
    body: &[u8],
) -> Result<(), String> {
    let head = format!(
        "POST /chatkit HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: {ORIGIN}\r\n\
         Content-Type: application/json\r\nContent-Length: {content_length}\r\n\r\n"
    );
    stream
        .write_all(head.as_bytes())
        .await
        .map_err(|e| e.to_string())?;
    stream.write_all(body).await.map_err(|e| e.to_string())
}

/// Write a `POST /chatkit` head with chunked transfer encoding, then `body` in 64 KiB chunks
/// without the final empty chunk (the server must judge the body before it ends). A write
/// error is ignored: the server may answer and close before all of it is sent.
pub async fn post_chunked(stream: &mut TcpStream, body: &[u8]) -> Result<(), String> {
    let head = format!(
        "POST /chatkit HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: {ORIGIN}\r\n\
         Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    );
    stream
        .write_all(head.as_bytes())
        .await
        .map_err(|e| e.to_string())?;
    for chunk in body.chunks(64 * 1024) {
        let mut framed = format!("{:x}\r\n", chunk.len()).into_bytes();
        framed.extend_from_slice(chunk);
        framed.extend_from_slice(b"\r\n");
        if stream.write_all(&framed).await.is_err() {
            break;
        }
    }
    Ok(())
}

/// Read until the bytes received contain `needle` (or `limit` elapses); everything read.
pub async fn read_until(
    stream: &mut TcpStream,
    needle: &[u8],
    limit: Duration,
) -> Result<Vec<u8>, String> {
    let mut got = Vec::new();
    let mut buf = [0u8; 1024];
    let deadline = tokio::time::Instant::now() + limit;
    while !got.windows(needle.len()).any(|w| w == needle) {
        let n = tokio::time::timeout_at(deadline, stream.read(&mut buf))
            .await
            .map_err(|_| {
                format!(
                    "no {:?} within {limit:?}; got {:?}",
                    String::from_utf8_lossy(needle),
                    String::from_utf8_lossy(&got)
                )
            })?
            .map_err(|e| e.to_string())?;
        if n == 0 {
            return Err(format!(
                "connection closed before {:?}; got {:?}",
                String::from_utf8_lossy(needle),
                String::from_utf8_lossy(&got)
            ));
        }
        got.extend_from_slice(&buf[..n]);
    }
    Ok(got)
}

/// The value of header `name` (lower case) in the response head at the start of `bytes`.
pub fn header(bytes: &[u8], name: &str) -> Option<String> {
    let text = String::from_utf8_lossy(bytes);
    let head = text.split("\r\n\r\n").next()?;
    head.split("\r\n").find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.trim()
            .eq_ignore_ascii_case(name)
            .then(|| value.trim().to_owned())
    })
}

/// The status code of the response head at the start of `bytes`.
pub fn status(bytes: &[u8]) -> Option<u16> {
    let line = bytes.split(|b| *b == b'\r').next()?;
    let text = std::str::from_utf8(line).ok()?;
    text.split(' ').nth(1)?.parse().ok()
}

/// Read until the answer holds a whole `event_type` event; that event and every byte read
/// (the response head included). The body is chunked, but the event's JSON sits inside one
/// chunk (the server writes one chunk per event).
pub async fn read_event(
    stream: &mut TcpStream,
    event_type: &str,
    limit: Duration,
) -> Result<(serde_json::Value, Vec<u8>), String> {
    let start = format!("data: {{\"type\":\"{event_type}\"");
    let mut got = Vec::new();
    let deadline = tokio::time::Instant::now() + limit;
    loop {
        if let Some(event) = find_event(&got, &start) {
            return Ok((event, got));
        }
        let mut buf = [0u8; 1024];
        let n = tokio::time::timeout_at(deadline, stream.read(&mut buf))
            .await
            .map_err(|_| format!("no {event_type} event within {limit:?}"))?
            .map_err(|e| e.to_string())?;
        if n == 0 {
            return Err(format!(
                "connection closed before a {event_type} event; got {:?}",
                String::from_utf8_lossy(&got)
            ));
        }
        got.extend_from_slice(&buf[..n]);
    }
}

fn find_event(bytes: &[u8], start: &str) -> Option<serde_json::Value> {
    let text = String::from_utf8_lossy(bytes);
    let from = text.find(start)? + "data: ".len();
    let end = from + text[from..].find("\n\n")?;
    serde_json::from_str(&text[from..end]).ok()
}
