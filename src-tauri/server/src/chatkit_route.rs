//! `POST /chatkit`: one ChatKit request body in, one JSON body or one event stream out, as the
//! reference SDK's documented HTTP glue answers (docs/PROTOCOL.md §1.1, §1.6, §9.2).
//!
//! The checks run cheapest first: the content type (`415` unless `application/json`), the
//! declared and then the actual body size (`413`), the time to receive the body (`408`), the
//! request itself ([`ChatKitRequest::from_value`]: `400`), the request's context (the
//! integrator's [`ContextFn`]), then [`ChatKitServer::process_request`]. Non-streaming requests
//! are answered within the request timeout (`503` after it); streams run as long as they run.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, request::Parts, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chatkit::types::ChatKitRequest;
use chatkit::{ChatKitServer, ProcessResult};
use serde_json::Value;

use crate::http_error::{error_response, from_chatkit, ErrorBody};
use crate::options::HttpOptions;
use crate::request_log::{RequestId, RequestKind};
use crate::routes::ContextFn;
use crate::sse_body::SseBody;

/// What the route needs: the server, the context function and the options.
pub(crate) struct ChatKitRoute<C: Send + Sync + 'static> {
    pub server: Arc<ChatKitServer<C>>,
    pub context: ContextFn<C>,
    pub options: HttpOptions,
}

pub(crate) async fn post_chatkit<C: Send + Sync + 'static>(
    State(route): State<Arc<ChatKitRoute<C>>>,
    request: Request,
) -> Response {
    let (parts, body) = request.into_parts();
    let bytes = match read_json_body(&parts, body, &route.options).await {
        Ok(bytes) => bytes,
        Err(error) => return error_response(error),
    };
    let (value, kind) = match serde_json::from_slice::<Value>(&bytes) {
        Ok(value) => {
            let kind = value
                .get("type")
                .and_then(Value::as_str)
                .map_or("(invalid)".to_owned(), |t| t.chars().take(64).collect());
            (value, kind)
        }
        Err(e) => {
            return with_kind(
                error_response(ErrorBody::invalid_request(format!(
                    "the body is not JSON: {e}"
                ))),
                "(invalid)".into(),
            )
        }
    };
    let answer = answer(&route, &parts, value).await;
    with_kind(answer, kind)
}

async fn answer<C: Send + Sync + 'static>(
    route: &ChatKitRoute<C>,
    parts: &Parts,
    value: Value,
) -> Response {
    let envelope = match ChatKitRequest::from_value(value) {
        Ok(envelope) => envelope,
        Err(e) => return error_response(from_chatkit(&e)),
    };
    let context = match (route.context)(parts, &envelope.metadata) {
        Ok(context) => context,
        Err(e) => return error_response(from_chatkit(&e)),
    };
    let streaming = envelope.request.is_streaming();
    let processing = route.server.process_request(envelope.request, context);
    let processed = if streaming {
        processing.await
    } else {
        match tokio::time::timeout(route.options.request_timeout, processing).await {
            Ok(processed) => processed,
            Err(_) => {
                tracing::warn!("a non-streaming request took longer than its timeout");
                return error_response(ErrorBody::unavailable(
                    "the request took too long to answer",
                ));
            }
        }
    };
    match processed {
        Err(e) => error_response(from_chatkit(&e)),
        Ok(ProcessResult::Json(json)) => (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            json,
        )
            .into_response(),
        Ok(ProcessResult::Stream(events)) => {
            let request_id = parts
                .extensions
                .get::<RequestId>()
                .map_or_else(String::new, |id| id.0.clone());
            let body = SseBody::new(events, route.options.lifecycle.clone(), request_id)
                .stamped(route.options.stamp_events);
            (
                [
                    (
                        header::CONTENT_TYPE,
                        HeaderValue::from_static("text/event-stream"),
                    ),
                    (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
                ],
                Body::from_stream(body),
            )
                .into_response()
        }
    }
}

fn with_kind(mut response: Response, kind: String) -> Response {
    response.extensions_mut().insert(RequestKind(kind));
    response
}

/// The body of a request that must be JSON, read within the size bound and the read timeout.
pub(crate) async fn read_json_body(
    parts: &Parts,
    body: Body,
    options: &HttpOptions,
) -> Result<bytes::Bytes, ErrorBody> {
    if !is_json(&parts.headers) {
        return Err(ErrorBody::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "the body must be application/json",
        ));
    }
    read_body(parts, body, options.max_body_bytes, options).await
}

/// A body of at most `limit` bytes (`413` past it, `408` when it does not arrive in time).
pub(crate) async fn read_body(
    parts: &Parts,
    body: Body,
    limit: usize,
    options: &HttpOptions,
) -> Result<bytes::Bytes, ErrorBody> {
    let too_large = || {
        ErrorBody::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            format!("the body is larger than the limit of {limit} bytes"),
        )
    };
    let declared = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(too_large());
    }
    match tokio::time::timeout(options.body_read_timeout, axum::body::to_bytes(body, limit)).await {
        Err(_) => Err(ErrorBody::new(
            StatusCode::REQUEST_TIMEOUT,
            "request_timeout",
            "the body did not arrive in time",
        )),
        Ok(Ok(bytes)) => Ok(bytes),
        Ok(Err(e)) => {
            let inner = e.into_inner();
            Err(if inner.is::<http_body_util::LengthLimitError>() {
                too_large()
            } else {
                ErrorBody::invalid_request("the body could not be read")
            })
        }
    }
}

/// `application/json`, with or without parameters (`; charset=utf-8`), in any letter case.
fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("application/json"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_content_types() {
        let with = |v: &str| {
            let mut h = HeaderMap::new();
            h.insert(header::CONTENT_TYPE, HeaderValue::from_str(v).unwrap());
            is_json(&h)
        };
        assert!(with("application/json"));
        assert!(with("Application/JSON; charset=utf-8"));
        assert!(!with("text/plain"));
        assert!(!with("application/jsonx"));
        assert!(!with("multipart/form-data; boundary=x"));
        assert!(!is_json(&HeaderMap::new()));
    }
}
