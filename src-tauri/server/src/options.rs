//! What the HTTP glue is configured with ([`HttpOptions`]): allowed origins, the bearer token,
//! the body bound and the timeouts. One struct, so the binary, the tests and other embedders
//! build the same router.

use std::sync::Arc;
use std::time::Duration;

use crate::attachments::BlobStore;
use crate::auth::BearerToken;
use crate::database::DatabaseProbe;
use crate::drain::Lifecycle;
use crate::users::UserSource;

/// The origins allowed by default: the tutorial's Next.js dev server and Vite's dev server.
pub const DEFAULT_ALLOWED_ORIGINS: [&str; 3] = [
    "http://localhost:3000",
    "http://localhost:5173",
    "http://127.0.0.1:5173",
];

/// How the router answers.
#[derive(Clone)]
pub struct HttpOptions {
    /// Origins whose pages may call the server (CORS); exact `scheme://host:port` strings.
    pub allowed_origins: Vec<String>,
    /// When set, every request but `GET /health` and CORS preflights needs
    /// `Authorization: Bearer <token>`.
    pub token: Option<BearerToken>,
    /// When set, every request but `GET /health` and CORS preflights must name a user (users
    /// file or trusted proxy header, `401` otherwise); the context function finds it with
    /// [`crate::AuthenticatedUser::of`]. `None` = no users: requests are unscoped.
    pub users: Option<UserSource>,
    /// Largest `POST /chatkit` body (413 past it).
    pub max_body_bytes: usize,
    /// How long a client may take to send its body (408 after it).
    pub body_read_timeout: Duration,
    /// How long a non-streaming request may take to be answered (503 after it).
    pub request_timeout: Duration,
    /// Where uploaded attachment bytes go; `None` = no upload or preview routes.
    pub blobs: Option<Arc<BlobStore>>,
    /// Shared with [`crate::serve`]: refuses new requests while draining and keeps track of the
    /// streams being cancelled.
    pub lifecycle: Arc<Lifecycle>,
    /// What `GET /health` names as the store (`"sqlite"`, `"memory"` …).
    pub store_kind: String,
    /// Asked by every `GET /health` for the database's state (`"database"` in the answer;
    /// `503` when it says `"reachable": false`). `None` = no database to report.
    pub database: Option<DatabaseProbe>,
    /// Each streamed frame starts with an SSE comment `: at=<ms since the Unix epoch>` written
    /// when it goes out, for measuring the core → page latency (`--stamp-events`). Off by
    /// default: the frames are then byte for byte the reference's.
    pub stamp_events: bool,
}

impl Default for HttpOptions {
    fn default() -> Self {
        Self {
            allowed_origins: DEFAULT_ALLOWED_ORIGINS.map(String::from).to_vec(),
            token: None,
            users: None,
            max_body_bytes: chatkit::DEFAULT_MAX_BODY_BYTES,
            body_read_timeout: Duration::from_secs(30),
            request_timeout: Duration::from_secs(60),
            blobs: None,
            lifecycle: Arc::new(Lifecycle::default()),
            store_kind: "memory".into(),
            database: None,
            stamp_events: false,
        }
    }
}
