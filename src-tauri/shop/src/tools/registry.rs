//! The tool registry: the list of tools offered to the model and dispatch by name.
//!
//! The agent loop asks it for [`ToolSpec`]s (to put in a model request) and calls
//! [`ToolRegistry::dispatch`] for every function call the model makes: a server tool runs
//! ([`ToolRegistry::call`]), a client tool ([`ClientTool`]) has its arguments checked and comes
//! back as [`Dispatch::ToClient`] for the page to run. A failing tool does not fail the answer:
//! its error becomes an output of the form `{"error": "…"}` with `is_error` set, which the agent
//! sends back to the model like any other result. Only a dropped response ends the call with
//! `Err`.

use super::client_cart::CartTool;
use super::{
    compare_products, search_catalog, show_product, show_products, view_cart, ClientTool, Tool,
    ToolContext, ToolError,
};
use crate::model::ToolSpec;
use chatkit::StreamError;
use serde_json::{json, Value};
use std::sync::Arc;

/// The result of one tool call.
#[derive(Debug, Clone, PartialEq)]
pub struct ToolOutput {
    /// JSON for the model.
    pub output: Value,
    /// True when `output` is `{"error": …}`.
    pub is_error: bool,
}

impl ToolOutput {
    /// A tool's result as the model's output, or `Err` when the response was dropped while the
    /// tool ran (nobody is listening: the caller stops too).
    pub(crate) fn from_result(result: Result<Value, ToolError>) -> Result<Self, StreamError> {
        match result {
            Ok(output) => Ok(ToolOutput {
                output,
                is_error: false,
            }),
            Err(ToolError::Cancelled) => {
                Err(StreamError::internal(ToolError::Cancelled.to_string()))
            }
            Err(e) => Ok(ToolOutput {
                output: json!({"error": e.to_string()}),
                is_error: true,
            }),
        }
    }

    /// The output as the string a model API expects.
    pub fn output_text(&self) -> String {
        self.output.to_string()
    }
}

/// What became of one function call the model made.
#[derive(Debug, Clone, PartialEq)]
pub enum Dispatch {
    /// A server tool ran (or the call failed): send the output back to the model.
    Ran(ToolOutput),
    /// A client tool's call was accepted: the page runs `name` with these `arguments`.
    ToClient { name: String, arguments: Value },
}

/// The tools the agent can call.
#[derive(Clone, Default)]
pub struct ToolRegistry {
    tools: Vec<Arc<dyn Tool>>,
    client_tools: Vec<Arc<dyn ClientTool>>,
}

impl ToolRegistry {
    /// An empty registry.
    pub fn new() -> Self {
        Self::default()
    }

    /// The shop's tools: `show_products`, `show_product`, `search_catalog`, `view_cart`,
    /// `compare_products`, and the cart tools the page runs (`cart_add`, `cart_set_quantity`,
    /// `cart_remove`, `cart_clear`).
    pub fn shop() -> Self {
        let mut r = Self::new();
        r.register(show_products::ShowProducts);
        r.register(show_product::ShowProduct);
        r.register(search_catalog::SearchCatalog);
        r.register(view_cart::ViewCart);
        r.register(compare_products::CompareProducts);
        for tool in CartTool::ALL {
            r.register_client(tool);
        }
        r
    }

    /// Adds a tool (replacing one with the same name).
    pub fn register(&mut self, tool: impl Tool + 'static) {
        self.remove(tool.name());
        self.tools.push(Arc::new(tool));
    }

    /// Adds a tool the page runs (replacing one with the same name).
    pub fn register_client(&mut self, tool: impl ClientTool + 'static) {
        self.remove(tool.name());
        self.client_tools.push(Arc::new(tool));
    }

    fn remove(&mut self, name: &str) {
        self.tools.retain(|t| t.name() != name);
        self.client_tools.retain(|t| t.name() != name);
    }

    /// The specs to offer the model, in registration order: server tools, then client tools.
    pub fn specs(&self) -> Vec<ToolSpec> {
        let server = self
            .tools
            .iter()
            .map(|t| (t.name(), t.description(), t.parameters()));
        let client = self
            .client_tools
            .iter()
            .map(|t| (t.name(), t.description(), t.parameters()));
        server
            .chain(client)
            .map(|(name, description, parameters)| ToolSpec {
                name: name.to_owned(),
                description: description.to_owned(),
                parameters,
            })
            .collect()
    }

    /// The client tool called `name`, if there is one.
    pub fn client_tool(&self, name: &str) -> Option<&Arc<dyn ClientTool>> {
        self.client_tools.iter().find(|t| t.name() == name)
    }

    /// Handles one function call: a client tool's arguments are checked and handed back for the
    /// page ([`Dispatch::ToClient`]; refused arguments are an error output instead); any other
    /// name is [`ToolRegistry::call`]ed. `Err` only when the response was dropped.
    pub async fn dispatch(
        &self,
        name: &str,
        args: Value,
        ctx: &mut ToolContext<'_>,
    ) -> Result<Dispatch, StreamError> {
        let Some(tool) = self.client_tool(name) else {
            return self.call(name, args, ctx).await.map(Dispatch::Ran);
        };
        match tool.prepare(args, ctx).await {
            Ok(arguments) => Ok(Dispatch::ToClient {
                name: name.to_owned(),
                arguments,
            }),
            Err(e) => {
                tracing::debug!("client tool {name} refused: {e}");
                ToolOutput::from_result(Err(e)).map(Dispatch::Ran)
            }
        }
    }

    pub fn get(&self, name: &str) -> Option<&Arc<dyn Tool>> {
        self.tools.iter().find(|t| t.name() == name)
    }

    /// Runs the server tool called `name` with `args` (a JSON object or a JSON string); its events
    /// go into the context's sender as they happen. Tool failures (a client tool's name included:
    /// it only runs in the page) are an error output; `Err` only when the response was dropped.
    pub async fn call(
        &self,
        name: &str,
        args: Value,
        ctx: &mut ToolContext<'_>,
    ) -> Result<ToolOutput, StreamError> {
        let result = match self.get(name) {
            Some(tool) => tool.run(args, ctx).await,
            None if self.client_tool(name).is_some() => Err(ToolError::InvalidArguments(format!(
                "{name} runs in the user's app, not on the server"
            ))),
            None => Err(ToolError::UnknownTool(name.to_owned())),
        };
        if let Err(e) = &result {
            tracing::debug!("tool {name} failed: {e}");
        }
        ToolOutput::from_result(result)
    }
}
