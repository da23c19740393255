//! Which responder answers the user: the shop's assistant (agent loop, tools, model backend).
//!
//! Why a module of its own: choosing and building the responder (model settings, the catalog,
//! the cart as the tools see it) is the one place where the app meets the `shop` crate.
//!
//! TODO(shop-responder): build the shop crate's responder here (with
//! [`crate::cart::PluginCart`] as its cart) once it lands. Until then [`NotConnected`] answers
//! every message with a visible error event, so the rest of the app (threads, history, the
//! cart, cancellation) works and the gap is obvious in the UI.

use std::sync::Arc;

use chatkit::server::{error_stream, Responder, ResponseStream, TurnContext};
use chatkit::types::UserMessageItem;
use chatkit::StreamError;
use tauri::{AppHandle, Runtime};

use crate::error::AppError;
use crate::state::RequestContext;

/// The responder of the running app.
pub fn responder<R: Runtime>(
    app: &AppHandle<R>,
) -> Result<Arc<dyn Responder<RequestContext>>, AppError> {
    let _ = app;
    Ok(Arc::new(NotConnected))
}

/// Placeholder until the shop's responder is wired (see the module docs).
pub struct NotConnected;

impl Responder<RequestContext> for NotConnected {
    fn respond(
        self: Arc<Self>,
        _turn: TurnContext<RequestContext>,
        _input: Option<UserMessageItem>,
    ) -> ResponseStream {
        error_stream(StreamError::custom("The shopping assistant is not connected in this build."))
    }
}
