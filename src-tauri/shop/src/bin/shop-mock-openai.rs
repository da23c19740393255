//! `shop-mock-openai`: the scripted OpenAI-compatible server as a program.
//!
//! For running the packaged app (or any OpenAI client) against known transcripts without a
//! model: `shop-mock-openai [--port N] [--delay-ms N] [--loop] FIXTURE...` serves the `.sse` /
//! `.http` fixtures in order (a directory stands for its fixtures, sorted by name), prints
//! `SHOPDESK_BASE_URL=http://127.0.0.1:N/v1` once listening, and runs until killed.
//!
//! A test can steer the running program over HTTP (e.g. "500 until told otherwise, then a good
//! answer"), on the same port:
//!
//! * `curl -X POST 'http://127.0.0.1:N/__mock/fail?status=500'` — every model request now gets
//!   that error status (400 to 599; default 500), whatever is queued;
//! * `curl -X DELETE http://127.0.0.1:N/__mock/fail` — heal: the queued fixtures are served again;
//! * `curl --data-binary @tests/fixtures/sse/chat/text.sse http://127.0.0.1:N/__mock/queue` —
//!   queue one more reply (an `.sse` transcript, or an `.http` reply when the body starts with
//!   a status line). Each answers `204 No Content` (400 with a message for a bad request).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use shop::testing::{MockOpenAi, Reply};

const USAGE: &str =
    "usage: shop-mock-openai [--port N] [--delay-ms N] [--loop] FIXTURE.sse|FIXTURE.http|DIR...";

fn main() {
    if let Err(message) = run() {
        eprintln!("shop-mock-openai: {message}\n{USAGE}");
        std::process::exit(2);
    }
}

fn run() -> Result<(), String> {
    let mut port = 0u16;
    let mut delay = Duration::ZERO;
    let mut looping = false;
    let mut files: Vec<PathBuf> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--port" => {
                port = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .ok_or("--port needs a number")?
            }
            "--delay-ms" => {
                let ms: u64 = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .ok_or("--delay-ms needs a number")?;
                delay = Duration::from_millis(ms);
            }
            "--loop" => looping = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            path => {
                let path = PathBuf::from(path);
                if path.is_dir() {
                    let mut entries: Vec<PathBuf> = std::fs::read_dir(&path)
                        .map_err(|e| format!("{}: {e}", path.display()))?
                        .filter_map(|e| e.ok().map(|e| e.path()))
                        .filter(|p| {
                            matches!(p.extension().and_then(|e| e.to_str()), Some("sse" | "http"))
                        })
                        .collect();
                    entries.sort();
                    files.extend(entries);
                } else {
                    files.push(path);
                }
            }
        }
    }
    let replies = files
        .iter()
        .map(|f| Reply::from_file(f).map(|r| r.with_delay(delay)))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| e.to_string())?;
    let runtime = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    runtime.block_on(async move {
        let server = MockOpenAi::start_on(SocketAddr::from(([127, 0, 0, 1], port)))
            .await
            .map_err(|e| format!("cannot listen on port {port}: {e}"))?;
        for reply in replies {
            server.push(reply);
        }
        server.set_looping(looping);
        println!("SHOPDESK_BASE_URL={}", server.base_url());
        server.serve_forever().await;
        Ok(())
    })
}
