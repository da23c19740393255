//! The built-in offline model: the default backend, with no network and no API key.
//!
//! It lets the whole app (agent loop, tools, widgets, cart) work the same way with no provider
//! configured. It reads the last user message with [`super::offline_intent`] and answers the
//! way a real model would: with a tool call whose name and arguments fit the [`ToolSpec`]s of
//! the request (unknown argument names are left out, enum-restricted values are matched to the
//! schema's spelling), or, after tool results, with a short summary. Text is streamed word by
//! word with a configurable pause (`SHOPDESK_STREAM_DELAY_MS`) so the UI shows real streaming.

use std::time::Duration;

use futures::StreamExt;
use serde_json::{Map, Value};

use super::error::ModelError;
use super::offline_intent::{classify, Intent};
use super::types::{ModelEvent, ModelMessage, ModelRequest, ToolCall, ToolSpec};
use super::{ModelBackend, ModelStream};
use crate::catalog::Category;

/// Tool names the offline model knows how to call.
pub mod tool_names {
    pub const SHOW_PRODUCT: &str = "show_product";
    pub const SHOW_PRODUCTS: &str = "show_products";
    pub const SEARCH_CATALOG: &str = "search_catalog";
    pub const VIEW_CART: &str = "view_cart";
}

/// The offline model.
#[derive(Debug, Clone)]
pub struct OfflineModel {
    featured_product_id: String,
    word_delay: Duration,
}

impl OfflineModel {
    /// `featured_product_id` is what "show products" shows; `word_delay` paces streamed text.
    pub fn new(featured_product_id: impl Into<String>, word_delay: Duration) -> Self {
        OfflineModel {
            featured_product_id: featured_product_id.into(),
            word_delay,
        }
    }

    /// The offline model over the bundled catalog's featured product.
    pub fn bundled(word_delay: Duration) -> Self {
        OfflineModel::new(
            crate::catalog::Catalog::bundled().featured().id.clone(),
            word_delay,
        )
    }

    /// Decides the whole turn (without pacing): text, or one tool call.
    pub fn plan(&self, request: &ModelRequest) -> Plan {
        match request.messages.last() {
            Some(ModelMessage::ToolResult { .. }) => Plan::Text(summarize_tool_results(request)),
            Some(ModelMessage::User { text }) => self.answer(text, &request.tools),
            _ => Plan::Text(HELP.to_string()),
        }
    }

    fn answer(&self, text: &str, tools: &[ToolSpec]) -> Plan {
        use tool_names::*;
        let (tool, mut args) = match classify(text) {
            Intent::ShowProduct => (
                SHOW_PRODUCT,
                obj([("product_id", Value::from(self.featured_product_id.clone()))]),
            ),
            Intent::ShowProducts { category, query } => {
                let mut args = Map::new();
                if let Some(c) = category {
                    args.insert(
                        "category".into(),
                        Value::from(category_value(tools, SHOW_PRODUCTS, c)),
                    );
                }
                if let Some(q) = query {
                    args.insert("query".into(), Value::from(q));
                }
                (SHOW_PRODUCTS, args)
            }
            Intent::Search { query } => (SEARCH_CATALOG, obj([("query", Value::from(query))])),
            Intent::ViewCart => (VIEW_CART, Map::new()),
            Intent::AddToCart => return Plan::Text(ADD_TO_CART.to_string()),
            Intent::Greeting => return Plan::Text(format!("Hi! {HELP}")),
            Intent::Help => return Plan::Text(HELP.to_string()),
        };
        let Some(spec) = tools.iter().find(|t| t.name == tool) else {
            return Plan::Text(format!(
                "I can't reach the shop's catalog right now, so I can't do that. {HELP}"
            ));
        };
        // Keep only arguments the tool declares (a tool without declared properties gets none).
        let declared = spec.property_names();
        args.retain(|k, _| declared.contains(&k.as_str()));
        Plan::Call(ToolCall {
            call_id: String::new(),
            name: tool.to_string(),
            arguments: Value::Object(args).to_string(),
        })
    }
}

/// What the offline model will do this turn.
#[derive(Debug, Clone, PartialEq)]
pub enum Plan {
    Text(String),
    /// `call_id` is filled in when streamed.
    Call(ToolCall),
}

const HELP: &str = "I'm Shopdesk's offline assistant. I can show you products (try \"Show me products\" or \"show me the headphones\"), show a featured product (\"show products\"), search the catalog (\"do you have a kettle?\") and show what's in your cart (\"what's in my cart?\").";

const ADD_TO_CART: &str = "To add something, press Add to Cart on its product card. Ask me to show you products first if you don't see one.";

fn obj<const N: usize>(pairs: [(&str, Value); N]) -> Map<String, Value> {
    pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

/// The schema's spelling of a category (its `enum` may use slugs or labels), else the slug.
fn category_value(tools: &[ToolSpec], tool: &str, category: Category) -> String {
    tools
        .iter()
        .find(|t| t.name == tool)
        .and_then(|t| t.enum_values("category"))
        .and_then(|values| {
            values
                .into_iter()
                .find(|v| v.parse::<Category>().ok() == Some(category))
        })
        .map(str::to_string)
        .unwrap_or_else(|| category.slug().to_string())
}

/// A short reply about the tool results that ended the conversation.
fn summarize_tool_results(request: &ModelRequest) -> String {
    let results: Vec<(&str, &str)> = request
        .messages
        .iter()
        .rev()
        .take_while(|m| matches!(m, ModelMessage::ToolResult { .. }))
        .filter_map(|m| match m {
            ModelMessage::ToolResult { call_id, output } => {
                Some((call_id.as_str(), output.as_str()))
            }
            _ => None,
        })
        .collect();
    let name_of = |call_id: &str| {
        request.messages.iter().find_map(|m| match m {
            ModelMessage::ToolCalls { calls } => calls
                .iter()
                .find(|c| c.call_id == call_id)
                .map(|c| c.name.clone()),
            _ => None,
        })
    };
    let sentences: Vec<String> = results
        .into_iter()
        .rev()
        .map(|(call_id, output)| summarize_one(name_of(call_id).as_deref(), output))
        .collect();
    if sentences.is_empty() {
        HELP.to_string()
    } else {
        sentences.join(" ")
    }
}

/// One sentence about one tool result, from the fields the shop's tools return.
fn summarize_one(tool: Option<&str>, output: &str) -> String {
    let v: Value = serde_json::from_str(output).unwrap_or(Value::Null);
    if let Some(error) = v.get("error").and_then(Value::as_str) {
        return format!("Sorry, that didn't work: {error}");
    }
    let n = |key: &str| v.get(key).and_then(Value::as_u64);
    let text = |key: &str| v.get(key).and_then(Value::as_str);
    let plural = |count: u64, one: &str, many: &str| {
        if count == 1 {
            one.to_string()
        } else {
            format!("{count} {many}")
        }
    };
    match tool {
        Some(tool_names::SHOW_PRODUCT) => match v.pointer("/shown/name").and_then(Value::as_str) {
            Some(name) => format!("Here's the {name}. Press Add to Cart if you like it."),
            None => "Here's one of our favourites. Press Add to Cart if you like it.".into(),
        },
        Some(tool_names::SHOW_PRODUCTS) => match n("shown") {
            Some(0) => text("message")
                .unwrap_or("Nothing matched that. Try another word or a category.")
                .to_string(),
            Some(count) => format!(
                "Here {} {}. Press Add to Cart on anything you like.",
                if count == 1 { "is" } else { "are" },
                plural(count, "one product", "products")
            ),
            None => text("message")
                .unwrap_or("Here's what I found. Press Add to Cart on anything you like.")
                .to_string(),
        },
        Some(tool_names::SEARCH_CATALOG) => {
            let query = text("query").unwrap_or("that");
            let results = v
                .get("results")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            if results.is_empty() {
                return format!("I couldn't find anything matching \"{query}\". Try another word, or ask me to show you products.");
            }
            let top: Vec<String> = results
                .iter()
                .take(3)
                .filter_map(|r| {
                    let name = r.get("name")?.as_str()?;
                    Some(match r.get("price").and_then(Value::as_f64) {
                        Some(price) => format!("{name} ({})", crate::catalog::format_usd(price)),
                        None => name.to_string(),
                    })
                })
                .collect();
            format!(
                "I found {} for \"{query}\": {}. Ask me to show them and you can add them to your cart.",
                plural(results.len() as u64, "one match", "matches"),
                top.join(", ")
            )
        }
        Some(tool_names::VIEW_CART) => {
            if v.get("empty").and_then(Value::as_bool) == Some(true) {
                return "Your cart is empty. Ask me to show you products to get started.".into();
            }
            match (n("units"), v.get("total").and_then(Value::as_f64)) {
                (Some(units), Some(total)) => format!(
                    "You have {} in your cart, {} in total.",
                    plural(units, "one item", "items"),
                    crate::catalog::format_usd(total)
                ),
                _ => "That's what's in your cart right now.".into(),
            }
        }
        _ => text("summary")
            .or_else(|| text("message"))
            .unwrap_or("Done.")
            .to_string(),
    }
}

/// Splits text into the pieces streamed one by one: each word with its leading space.
pub fn word_pieces(text: &str) -> Vec<String> {
    let mut pieces = Vec::new();
    for (i, word) in text.split(' ').filter(|w| !w.is_empty()).enumerate() {
        pieces.push(if i == 0 {
            word.to_string()
        } else {
            format!(" {word}")
        });
    }
    pieces
}

#[async_trait::async_trait]
impl ModelBackend for OfflineModel {
    fn name(&self) -> &'static str {
        "offline"
    }

    async fn stream(&self, request: ModelRequest) -> Result<ModelStream, ModelError> {
        let events: Vec<ModelEvent> = match self.plan(&request) {
            Plan::Call(mut call) => {
                // Deterministic per conversation: the n-th tool call of the thread.
                let previous = request
                    .messages
                    .iter()
                    .map(|m| match m {
                        ModelMessage::ToolCalls { calls } => calls.len(),
                        _ => 0,
                    })
                    .sum::<usize>();
                call.call_id = format!("call_offline_{}", previous + 1);
                vec![ModelEvent::ToolCall(call), ModelEvent::Done { usage: None }]
            }
            Plan::Text(text) => word_pieces(&text)
                .into_iter()
                .map(ModelEvent::TextDelta)
                .chain(std::iter::once(ModelEvent::Done { usage: None }))
                .collect(),
        };
        let delay = self.word_delay;
        let stream = futures::stream::iter(events.into_iter().enumerate()).then(
            move |(i, event)| async move {
                if i > 0 && !delay.is_zero() && matches!(event, ModelEvent::TextDelta(_)) {
                    tokio::time::sleep(delay).await;
                }
                Ok(event)
            },
        );
        Ok(stream.boxed())
    }
}
