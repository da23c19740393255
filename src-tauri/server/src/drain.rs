//! The server's life after a stop signal (docs/ARCHITECTURE.md, design decision 12): new
//! requests are refused with `503` while the running streams finish (they get a grace period,
//! see [`crate::serve`]), and the cancellation cleanups of streams that are cut (the partial
//! answers being saved) are waited for before the store is closed.
//!
//! Why its own module: the router refuses requests ([`refuse_while_draining`]), the streaming
//! body registers its cleanup ([`Lifecycle::cleanups`]), and the accept loop flips the switch
//! and waits; all three share one [`Lifecycle`].

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use tokio_util::task::TaskTracker;

use crate::http_error::{error_response, ErrorBody};

/// Whether the server is draining, and the cleanups still running.
#[derive(Debug, Default)]
pub struct Lifecycle {
    draining: AtomicBool,
    cleanups: TaskTracker,
}

impl Lifecycle {
    /// From now on every new request is answered `503`.
    pub fn start_draining(&self) {
        self.draining.store(true, Ordering::SeqCst);
    }

    pub fn is_draining(&self) -> bool {
        self.draining.load(Ordering::SeqCst)
    }

    /// Where a stream that was cut spawns its cancellation (which saves the partial answer).
    pub(crate) fn cleanups(&self) -> &TaskTracker {
        &self.cleanups
    }

    /// Waits (at most `limit`) until every cancellation cleanup has finished; `false` if some
    /// were still running.
    pub async fn wait_for_cleanups(&self, limit: Duration) -> bool {
        self.cleanups.close();
        tokio::time::timeout(limit, self.cleanups.wait())
            .await
            .is_ok()
    }
}

/// Middleware: `503` (and `connection: close`) for every request that arrives while draining.
pub(crate) async fn refuse_while_draining(
    State(lifecycle): State<Arc<Lifecycle>>,
    request: Request,
    next: Next,
) -> Response {
    if lifecycle.is_draining() {
        let mut response = error_response(ErrorBody::unavailable("the server is shutting down"));
        response.headers_mut().insert(
            axum::http::header::CONNECTION,
            axum::http::HeaderValue::from_static("close"),
        );
        return response;
    }
    next.run(request).await
}
