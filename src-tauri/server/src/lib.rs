//! Shopdesk's ChatKit core behind HTTP: the glue that lets any ChatKit web page (the official
//! web component, the tutorial's Next.js page, our own UI in a browser) talk to a
//! [`chatkit::ChatKitServer`] over `POST /chatkit`, and the `shopdesk-server` binary built on it.
//!
//! Why a crate of its own: the desktop app never opens a port (docs/ARCHITECTURE.md, design
//! decision 2), and the `chatkit` crate has no web-framework dependency (decision 5). This crate
//! is the third front door of decision 7, and it is generic: [`router`] mounts the same glue
//! around *any* `Arc<ChatKitServer<C>>`, with a function that turns each request into the
//! context `C` — the shop's assistant in the binary, the conformance responder in the HTTP
//! conformance tests.
//!
//! What the glue does (docs/ARCHITECTURE.md, design decision 13): `POST /chatkit` answers
//! `200 application/json` or `200 text/event-stream` (`data: <json>\n\n` frames), `400` for an
//! invalid request, `404` for an unknown thread or item, `500` with a generic message otherwise,
//! `413` past [`chatkit::DEFAULT_MAX_BODY_BYTES`], `415` for a body that is not
//! `application/json`; `GET /health`; the two-phase attachment upload and previews when a
//! [`BlobStore`] is given; CORS for the configured origins; a bearer token and/or users (a users
//! file, or a trusted proxy's header: [`users`]) when configured, each request's user handed to
//! the context function as [`AuthenticatedUser`]; one
//! log line per request with its id (echoed as `x-request-id`) and timing. A client that drops
//! a stream cancels the run, and the ChatKit server saves the partial answer. [`serve`] runs the
//! router with header-read timeouts and drains on shutdown. The binary keeps its threads in
//! SQLite, or with `--database postgres://…` in PostgreSQL, where several processes share one
//! database and one run per thread holds across them ([`database`], docs/ARCHITECTURE.md
//! Contract 7).
//!
//! Mounting a server of your own on an ephemeral loopback port:
//!
//! ```no_run
//! use std::sync::Arc;
//! use chatkit::{ChatKitServer, MemoryStore};
//! # struct Echo;
//! # impl chatkit::Responder<()> for Echo {
//! #     fn respond(self: Arc<Self>, turn: chatkit::TurnContext<()>, _: Option<chatkit::types::UserMessageItem>) -> chatkit::ResponseStream {
//! #         chatkit::stream_widget(&turn, serde_json::json!({"type": "Card", "children": []}), None)
//! #     }
//! # }
//! # async fn demo() -> std::io::Result<()> {
//! let server = Arc::new(ChatKitServer::new(Arc::new(MemoryStore::new()), Arc::new(Echo)));
//! // Every request gets the context `()`; a real app reads a user id from `parts.headers`.
//! let options = shopdesk_server::HttpOptions::default(); // CORS defaults, no token, 4 MiB
//! // The router and the accept loop share one Lifecycle, so a drain answers 503.
//! let serve_options = shopdesk_server::ServeOptions {
//!     lifecycle: options.lifecycle.clone(),
//!     ..Default::default()
//! };
//! let app = shopdesk_server::router(server, |_parts, _metadata| Ok(()), options);
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
//! let url = format!("http://{}/chatkit", listener.local_addr()?);
//! # let _ = url;
//! let stop = std::future::pending::<()>(); // e.g. a signal, or a oneshot in a test
//! shopdesk_server::serve(listener, app, serve_options, stop).await
//! # }
//! ```

mod attachments;
mod auth;
mod chatkit_route;
pub mod cli;
pub mod database;
pub mod drain;
mod http_error;
mod options;
mod request_log;
mod routes;
mod serve;
pub mod shop_app;
mod sse_body;
pub mod users;

pub use attachments::{BlobStore, MAX_ATTACHMENT_BYTES};
pub use auth::BearerToken;
pub use database::{DatabaseChoice, DatabaseProbe};
pub use options::{HttpOptions, DEFAULT_ALLOWED_ORIGINS};
pub use routes::{router, ContextFn};
pub use serve::{serve, ServeOptions};
pub use users::{AuthenticatedUser, UserSource, UserTokens};
