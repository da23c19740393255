//! The tool registry: the list of tools offered to the model and dispatch by name.
//!
//! The agent loop asks it for [`ToolSpec`]s (to put in a model request) and calls
//! [`ToolRegistry::call`] for every function call the model makes. `call` never fails: errors
//! become an output of the form `{"error": "…"}` with `is_error` set, which the agent sends
//! back to the model like any other result.

use super::{search_catalog, show_product, show_products, view_cart, Tool, ToolContext, ToolError};
use chatkit::types::ThreadStreamEvent;
use serde_json::{json, Value};
use std::sync::Arc;

/// What the model is told about one tool (OpenAI function-tool shape).
#[derive(Debug, Clone, PartialEq)]
pub struct ToolSpec {
    pub name: &'static str,
    pub description: &'static str,
    /// JSON schema of the arguments.
    pub parameters: Value,
}

impl ToolSpec {
    /// `{"type":"function","name","description","parameters"}` (Responses API tool).
    pub fn to_responses_tool(&self) -> Value {
        json!({"type": "function", "name": self.name, "description": self.description, "parameters": self.parameters})
    }

    /// `{"type":"function","function":{…}}` (Chat Completions tool).
    pub fn to_chat_tool(&self) -> Value {
        json!({"type": "function", "function": {"name": self.name, "description": self.description, "parameters": self.parameters}})
    }
}

/// The result of one tool call.
#[derive(Debug, Clone, PartialEq)]
pub struct ToolOutput {
    /// JSON for the model.
    pub output: Value,
    /// True when `output` is `{"error": …}`.
    pub is_error: bool,
    /// Every event the tool put into the thread, in order (already delivered live when the
    /// context's sink is a channel).
    pub events: Vec<ThreadStreamEvent>,
}

impl ToolOutput {
    pub(crate) fn from_result(
        result: Result<Value, ToolError>,
        events: Vec<ThreadStreamEvent>,
    ) -> Self {
        match result {
            Ok(output) => ToolOutput {
                output,
                is_error: false,
                events,
            },
            Err(e) => ToolOutput {
                output: json!({"error": e.to_string()}),
                is_error: true,
                events,
            },
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

    /// The shop's tools: `show_products`, `show_product`, `search_catalog`, `view_cart`.
    pub fn shop() -> Self {
        let mut r = Self::new();
        r.register(show_products::ShowProducts);
        r.register(show_product::ShowProduct);
        r.register(search_catalog::SearchCatalog);
        r.register(view_cart::ViewCart);
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
                name: t.name(),
                description: t.description(),
                parameters: t.parameters(),
            })
            .collect()
    }

    pub fn get(&self, name: &str) -> Option<&Arc<dyn Tool>> {
        self.tools.iter().find(|t| t.name() == name)
    }

    /// Runs the tool called `name` with `args` (a JSON object or a JSON string).
    pub async fn call(&self, name: &str, args: Value, ctx: &ToolContext) -> ToolOutput {
        let result = match self.get(name) {
            Some(tool) => tool.run(args, ctx).await,
            None => Err(ToolError::UnknownTool(name.to_owned())),
        };
        if let Err(e) = &result {
            tracing::debug!("tool {name} failed: {e}");
        }
        ToolOutput::from_result(result, ctx.take_events())
    }
}
