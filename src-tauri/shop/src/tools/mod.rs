//! The agent's tools: what the model (or the offline script) can call, one tool per file.
//!
//! A tool is a [`Tool`]: a name, a description and a JSON-schema for its arguments (what the
//! model sees), and `run`, which gets the parsed arguments and a [`ToolContext`]. While it runs
//! a tool writes events straight into the turn's ChatKit sender through the context —
//! `progress_update` lines and widgets, static or streamed — so they reach the page as they
//! happen, with the sender's back-pressure; it returns JSON for the model. The
//! [`ToolRegistry`] lists the tools' specs for a model request and dispatches calls by name; it
//! turns every failure (unknown tool, bad arguments, unknown product …) into a clear error
//! output instead of a panic, so the model can recover.
//!
//! Some tools run in the page instead: the cart tools of [`client_cart`] are [`ClientTool`]s. The
//! registry offers them to the model like the others, but [`ToolRegistry::dispatch`] only checks
//! and completes their arguments and hands the call back to the agent loop, which sends it to the
//! page as a pending `client_tool_call` item (docs/ARCHITECTURE.md, Contract 5).
//!
//! Widget actions that reach the server (`product.details`, `cart.checkout`) are handled by
//! [`server_actions::handle_action`], which the agent's `Responder::action` calls.
//!
//! ```ignore
//! let env = ToolEnv::new(cart_source);            // once
//! let registry = ToolRegistry::shop();            // once
//! // in Responder::respond, inside chatkit::event_stream(|mut out| async move { … }):
//! let result = registry.call(&call.name, call.arguments, &mut env.context(&turn, &mut out)).await?;
//! // send result.output_text() back to the model as the function call's output
//! // in Responder::action:
//! let payload = action.payload.clone().unwrap_or_default();
//! handle_action(&action.kind, &payload, &mut env.context(&turn, &mut out)).await?;
//! ```

pub mod checkout;
pub mod client_cart;
pub mod compare_products;
pub mod context;
pub mod product_filters;
pub mod registry;
pub mod search_catalog;
pub mod server_actions;
pub mod show_product;
pub mod show_products;
pub mod view_cart;
pub mod widget_output;

pub use context::{ToolContext, ToolEnv};
pub use registry::{Dispatch, ToolOutput, ToolRegistry};
pub use server_actions::handle_action;

use crate::cart::CartError;
use crate::catalog::{CatalogError, UnknownCategory};
use async_trait::async_trait;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// One tool the agent can call.
#[async_trait]
pub trait Tool: Send + Sync {
    /// The function name the model calls (`show_products`).
    fn name(&self) -> &'static str;
    /// What the tool does, for the model.
    fn description(&self) -> &'static str;
    /// JSON schema (an `object`) of the arguments.
    fn parameters(&self) -> Value;
    /// Runs the tool. Events (progress, widgets) go through `ctx` while it runs; the returned
    /// JSON is what the model reads as the call's result.
    async fn run(&self, args: Value, ctx: &mut ToolContext<'_>) -> Result<Value, ToolError>;
}

/// A tool the page runs (a ChatKit client tool). The core never does its work: it checks the
/// model's arguments and returns the ones the page receives in the `client_tool_call` item.
#[async_trait]
pub trait ClientTool: Send + Sync {
    /// The function name the model calls (`cart_add`).
    fn name(&self) -> &'static str;
    /// What the tool does, for the model.
    fn description(&self) -> &'static str;
    /// JSON schema (an `object`) of the arguments the model gives.
    fn parameters(&self) -> Value;
    /// Checks the model's arguments; `Ok` holds the arguments the page gets (completed with what
    /// the page needs), `Err` is reported to the model and nothing reaches the page.
    async fn prepare(&self, args: Value, ctx: &mut ToolContext<'_>) -> Result<Value, ToolError>;
}

/// Why a tool call failed. The message is written for the model: it says what to do instead.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ToolError {
    #[error("unknown tool {0:?}")]
    UnknownTool(String),
    #[error("invalid arguments: {0}")]
    InvalidArguments(String),
    #[error(transparent)]
    Catalog(#[from] CatalogError),
    #[error(transparent)]
    Category(#[from] UnknownCategory),
    #[error(transparent)]
    Cart(#[from] CartError),
    #[error("widget error: {0}")]
    Widget(String),
    /// The response stream was dropped (the user pressed stop): nobody is listening any more.
    #[error("the response was cancelled")]
    Cancelled,
}

/// Parses tool arguments: a JSON object, or a string holding one (models send arguments as a
/// JSON string); `null` and `""` mean "no arguments".
pub fn parse_args<T: DeserializeOwned>(args: Value) -> Result<T, ToolError> {
    let value = match args {
        Value::Null => Value::Object(Default::default()),
        Value::String(s) if s.trim().is_empty() => Value::Object(Default::default()),
        Value::String(s) => serde_json::from_str(&s)
            .map_err(|e| ToolError::InvalidArguments(format!("not JSON: {e}")))?,
        other => other,
    };
    if !value.is_object() {
        return Err(ToolError::InvalidArguments(
            "arguments must be a JSON object".into(),
        ));
    }
    serde_json::from_value(value).map_err(|e| ToolError::InvalidArguments(e.to_string()))
}

/// Treats `""` / whitespace-only optional strings as absent (models often send empty strings).
pub(crate) fn non_blank(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

/// The compact product summary tools return to the model.
pub(crate) fn product_json(p: &crate::catalog::Product) -> Value {
    serde_json::json!({
        "id": p.id,
        "name": p.name,
        "price": p.price,
        "category": p.category,
        "rating": p.rating,
        "in_stock": p.in_stock,
        "stock": p.stock,
    })
}
