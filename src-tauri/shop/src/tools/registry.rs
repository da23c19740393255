//! The tool registry: the list of tools offered to the model and dispatch by name.
//!
//! The agent loop asks it for [`ToolSpec`]s (to put in a model request) and calls
//! [`ToolRegistry::call`] for every function call the model makes. A failing tool does not fail
//! the answer: its error becomes an output of the form `{"error": "…"}` with `is_error` set,
//! which the agent sends back to the model like any other result. Only a dropped response
//! ends the call with `Err`.

use super::{
    compare_products, search_catalog, show_product, show_products, view_cart, Tool, ToolContext,
    ToolError,
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

/// The tools the agent can call.
#[derive(Clone, Default)]
pub struct ToolRegistry {
    tools: Vec<Arc<dyn Tool>>,
}

impl ToolRegistry {
    /// An empty registry.
    pub fn new() -> Self {
        Self::default()
    }

    /// The shop's tools: `show_products`, `show_product`, `search_catalog`, `view_cart`,
    /// `compare_products`.
    pub fn shop() -> Self {
        let mut r = Self::new();
        r.register(show_products::ShowProducts);
        r.register(show_product::ShowProduct);
        r.register(search_catalog::SearchCatalog);
        r.register(view_cart::ViewCart);
        r.register(compare_products::CompareProducts);
        r
    }

    /// Adds a tool (replacing one with the same name).
    pub fn register(&mut self, tool: impl Tool + 'static) {
        self.tools.retain(|t| t.name() != tool.name());
        self.tools.push(Arc::new(tool));
    }

    /// The specs to offer the model, in registration order.
    pub fn specs(&self) -> Vec<ToolSpec> {
        self.tools
            .iter()
            .map(|t| ToolSpec {
                name: t.name().to_owned(),
                description: t.description().to_owned(),
                parameters: t.parameters(),
            })
            .collect()
    }

    pub fn get(&self, name: &str) -> Option<&Arc<dyn Tool>> {
        self.tools.iter().find(|t| t.name() == name)
    }

    /// Runs the tool called `name` with `args` (a JSON object or a JSON string); its events go
    /// into the context's sender as they happen. Tool failures are an error output; `Err` only
    /// when the response was dropped.
    pub async fn call(
        &self,
        name: &str,
        args: Value,
        ctx: &mut ToolContext<'_>,
    ) -> Result<ToolOutput, StreamError> {
        let result = match self.get(name) {
            Some(tool) => tool.run(args, ctx).await,
            None => Err(ToolError::UnknownTool(name.to_owned())),
        };
        if let Err(e) = &result {
            tracing::debug!("tool {name} failed: {e}");
        }
        ToolOutput::from_result(result)
    }
}
