//! The router: which path answers what, and the layers every request passes through (outermost
//! first): the request log, CORS, the drain switch, authentication (token and user).
//!
//! Why generic: the same glue must serve the shop's assistant (the binary) and any other
//! `ChatKitServer<C>` (the HTTP conformance replay mounts the conformance responder behind it),
//! so the router takes the server and a [`ContextFn`] that turns each request (its head and the
//! body's `metadata`) into the context `C` the store and the responder receive.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, request::Parts, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::{from_fn, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chatkit::{ChatKitError, ChatKitServer, StoreScope};
use serde_json::{json, Map, Value};
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::attachments;
use crate::auth::{authenticate, Auth};
use crate::chatkit_route::{post_chatkit, ChatKitRoute};
use crate::database::DatabaseProbe;
use crate::drain::refuse_while_draining;
use crate::http_error::{error_response, ErrorBody};
use crate::options::HttpOptions;
use crate::request_log::{log_requests, REQUEST_ID_HEADER};

/// Turns one request (its head, and the `metadata` object of its body, `{}` when absent) into
/// the context of the ChatKit server. An `Err` is answered with the error's status (an
/// `invalid_request` is a 400), before the server sees the request.
pub type ContextFn<C> =
    Arc<dyn Fn(&Parts, &Map<String, Value>) -> Result<C, ChatKitError> + Send + Sync>;

/// The whole HTTP surface around `server`: `POST /chatkit`, `GET /health`, and (when
/// `options.blobs` is set) `PUT|POST /attachments/{id}/upload` and
/// `GET /attachments/{id}/preview`. The context's [`StoreScope`] also scopes the attachment
/// bytes (another user's upload is not there).
pub fn router<C, F>(server: Arc<ChatKitServer<C>>, context: F, options: HttpOptions) -> Router
where
    C: StoreScope + Send + Sync + 'static,
    F: Fn(&Parts, &Map<String, Value>) -> Result<C, ChatKitError> + Send + Sync + 'static,
{
    let route = Arc::new(ChatKitRoute {
        server,
        context: Arc::new(context),
        options: options.clone(),
    });
    let mut app = Router::new()
        .route("/chatkit", post(post_chatkit::<C>))
        .with_state(route.clone());
    if options.blobs.is_some() {
        app = app.merge(attachments::routes(route));
    }
    let health = Router::new()
        .route("/health", get(health))
        .with_state((options.store_kind.clone(), options.database.clone()));
    app.merge(health)
        .fallback(not_found)
        .layer(from_fn_with_state(
            Auth {
                token: options.token.clone(),
                users: options.users.clone(),
            },
            authenticate,
        ))
        .layer(from_fn_with_state(
            options.lifecycle.clone(),
            refuse_while_draining,
        ))
        .layer(cors(&options.allowed_origins))
        .layer(from_fn(log_requests))
}

/// `GET /health`: `{"status":"ok","store":…}`, plus `"database": {"reachable", "schema_version",
/// "schema_supported"}` when the store is a database; `503` with `"status":"unavailable"` when
/// the database does not answer (and while draining, from the drain layer).
async fn health(State((store, database)): State<(String, Option<DatabaseProbe>)>) -> Response {
    let Some(probe) = database else {
        return Json(json!({ "status": "ok", "store": store })).into_response();
    };
    let database = probe().await;
    if database["reachable"] == json!(true) {
        Json(json!({ "status": "ok", "store": store, "database": database })).into_response()
    } else {
        let body = json!({ "status": "unavailable", "store": store, "database": database });
        (StatusCode::SERVICE_UNAVAILABLE, Json(body)).into_response()
    }
}

async fn not_found() -> Response {
    error_response(ErrorBody::not_found("no such route"))
}

/// CORS for exactly these origins: the methods and headers a ChatKit page uses.
fn cors(origins: &[String]) -> CorsLayer {
    let origins: Vec<HeaderValue> = origins
        .iter()
        .filter_map(|o| HeaderValue::from_str(o.trim_end_matches('/')).ok())
        .collect();
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_methods([Method::GET, Method::POST, Method::PUT, Method::OPTIONS])
        .allow_headers([
            header::CONTENT_TYPE,
            header::AUTHORIZATION,
            header::ACCEPT_LANGUAGE,
        ])
        .expose_headers([HeaderName::from_static(REQUEST_ID_HEADER)])
        .max_age(std::time::Duration::from_secs(600))
}

impl IntoResponse for ErrorBody {
    fn into_response(self) -> Response {
        error_response(self)
    }
}
