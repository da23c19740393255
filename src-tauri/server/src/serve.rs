//! The accept loop: HTTP/1.1 connections served by hyper with a header-read timeout (so a
//! client that sends its request head byte by byte — slowloris — is cut), and the drain on
//! shutdown (docs/ARCHITECTURE.md, design decision 12).
//!
//! Why not `axum::serve`: it sets neither the header-read timeout nor a bounded graceful
//! shutdown. Here, when `stop` resolves: the listener is closed (new connections are refused),
//! the [`Lifecycle`] starts draining (requests on open connections get `503`), idle keep-alive
//! connections are closed, and running streams get `drain_grace` to finish. Connections still
//! open after it are cut, which drops their streams and so cancels their runs (the partial
//! answers are saved); those cleanups are waited for, then `serve` returns and the caller
//! drops the server, which closes the store.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use crate::drain::Lifecycle;

/// How connections are served and drained.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// How long a client may take to send a request head.
    pub header_read_timeout: Duration,
    /// How long running streams may go on after the stop signal.
    pub drain_grace: Duration,
    /// The same [`Lifecycle`] as the router's `HttpOptions::lifecycle`.
    pub lifecycle: Arc<Lifecycle>,
}

impl Default for ServeOptions {
    fn default() -> Self {
        Self {
            header_read_timeout: Duration::from_secs(10),
            drain_grace: Duration::from_secs(10),
            lifecycle: Arc::new(Lifecycle::default()),
        }
    }
}

/// Longest wait for the cancellation cleanups of cut streams (saving partial answers).
const CLEANUP_LIMIT: Duration = Duration::from_secs(5);

/// Serves `app` on `listener` until `stop` resolves, then drains (see the module doc).
pub async fn serve(
    listener: TcpListener,
    app: Router,
    options: ServeOptions,
    stop: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let graceful = GracefulShutdown::new();
    let connections = TaskTracker::new();
    let cut = CancellationToken::new();
    tokio::pin!(stop);
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut stop => break,
        };
        let stream = match accepted {
            Ok((stream, _peer)) => stream,
            Err(e) => {
                // Out of file descriptors and the like: wait a little rather than spin.
                tracing::warn!(error = %e, "accept failed");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let connection = http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(options.header_read_timeout)
            .serve_connection(TokioIo::new(stream), TowerToHyperService::new(app.clone()));
        let connection = graceful.watch(connection);
        let cut = cut.clone();
        connections.spawn(async move {
            tokio::select! {
                result = connection => {
                    if let Err(e) = result {
                        tracing::debug!(error = %e, "connection ended with an error");
                    }
                }
                () = cut.cancelled() => {}
            }
        });
    }
    drop(listener);
    options.lifecycle.start_draining();
    tracing::info!(
        grace_s = options.drain_grace.as_secs_f64(),
        "stopping: new requests refused, running streams may finish"
    );
    connections.close();
    tokio::select! {
        () = graceful.shutdown() => tracing::info!("every connection finished"),
        () = tokio::time::sleep(options.drain_grace) => {
            tracing::warn!(
                connections = connections.len(),
                "grace period over: cutting the remaining connections"
            );
            cut.cancel();
        }
    }
    connections.wait().await;
    if !options.lifecycle.wait_for_cleanups(CLEANUP_LIMIT).await {
        tracing::warn!("some cancelled streams were still saving after {CLEANUP_LIMIT:?}");
    }
    Ok(())
}
