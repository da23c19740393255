//! The built-in offline model: the default backend, with no network and no API key.
//!
//! It lets the whole app (agent loop, tools, widgets, cart) work the same way with no provider
//! configured, and it is what almost every new user meets first, so it reads what shoppers
//! actually say and answers the way a good real model would: with the tool call that shows
//! the answer (its arguments fit the [`ToolSpec`](crate::model::ToolSpec)s of the request: unknown argument names are
//! left out, enum values are matched to the schema's spelling), or, after tool results, with a
//! sentence or two. It is deterministic: the same conversation always gets the same answer.
//!
//! One concept per file:
//! * [`lexicon`] — words, filler, synonyms, numbers;
//! * [`vocabulary`] — the catalog's own words (what names one product, what a typo may be);
//! * [`typos`] — one-edit typo matching against catalog words;
//! * [`constraints`] — price ranges, sorting and superlatives, stock, counts;
//! * [`smalltalk`] — greetings, thanks, goodbyes, yes and no;
//! * [`references`] — which products a message points at (names, "the second one", "it");
//! * [`recent`] — what the thread says: products just shown, the cart, a pending question;
//! * [`intent`] — one message → an [`intent::Intent`]; [`cart_request`] — cart edits;
//! * [`planner`] — intent + thread → one tool call or text;
//! * [`reply`] — the words: help, small talk, the sentence after a tool.
//!
//! Text is streamed word by word with a configurable pause (`SHOPDESK_STREAM_DELAY_MS`) so the
//! UI shows real streaming.

pub mod cart_request;
pub mod constraints;
pub mod intent;
pub mod lexicon;
pub mod planner;
pub mod recent;
pub mod references;
pub mod reply;
pub mod smalltalk;
pub mod typos;
pub mod vocabulary;

use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;

use super::error::ModelError;
use super::types::{ModelEvent, ModelMessage, ModelRequest, ToolCall};
use super::{ModelBackend, ModelStream};
use crate::catalog::Catalog;
use planner::Planner;
use vocabulary::Vocabulary;

/// Tool names the offline model knows how to call. The `cart_*` tools are client tools: the
/// page runs them on its cart and answers with `threads.add_client_tool_output`.
pub mod tool_names {
    pub const SHOW_PRODUCT: &str = "show_product";
    pub const SHOW_PRODUCTS: &str = "show_products";
    pub const SEARCH_CATALOG: &str = "search_catalog";
    pub const COMPARE_PRODUCTS: &str = "compare_products";
    pub const VIEW_CART: &str = "view_cart";
    pub use crate::tools::client_cart::{CART_ADD, CART_CLEAR, CART_REMOVE, CART_SET_QUANTITY};
}

/// The offline model.
#[derive(Debug, Clone)]
pub struct OfflineModel {
    featured_product_id: String,
    word_delay: Duration,
    catalog: Arc<Catalog>,
    vocab: Arc<Vocabulary>,
}

impl OfflineModel {
    /// The offline model over the bundled catalog; `featured_product_id` is what "show
    /// products" shows; `word_delay` paces streamed text.
    pub fn new(featured_product_id: impl Into<String>, word_delay: Duration) -> Self {
        let catalog = Arc::new(Catalog::bundled());
        OfflineModel {
            featured_product_id: featured_product_id.into(),
            word_delay,
            vocab: Arc::new(Vocabulary::of(&catalog)),
            catalog,
        }
    }

    /// The offline model over the bundled catalog's featured product.
    pub fn bundled(word_delay: Duration) -> Self {
        OfflineModel::with_catalog(Arc::new(Catalog::bundled()), word_delay)
    }

    /// The offline model over `catalog` (the one the tools use), featuring its featured product.
    pub fn with_catalog(catalog: Arc<Catalog>, word_delay: Duration) -> Self {
        OfflineModel {
            featured_product_id: catalog.featured().id.clone(),
            word_delay,
            vocab: Arc::new(Vocabulary::of(&catalog)),
            catalog,
        }
    }

    /// Decides the whole turn (without pacing): text, or one tool call.
    pub fn plan(&self, request: &ModelRequest) -> Plan {
        Planner {
            catalog: &self.catalog,
            vocab: &self.vocab,
            featured: &self.featured_product_id,
            tools: &request.tools,
        }
        .plan(request)
    }
}

/// What the offline model will do this turn.
#[derive(Debug, Clone, PartialEq)]
pub enum Plan {
    Text(String),
    /// `call_id` is filled in when streamed.
    Call(ToolCall),
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
        let ack = question_attachments(&request).and_then(reply::attachments_received);
        let mut events: Vec<ModelEvent> = match self.plan(&request) {
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
        if let Some(ack) = ack {
            // Acknowledged first, before the answer's text or its tool call.
            let mut pieces: Vec<ModelEvent> = word_pieces(&ack)
                .into_iter()
                .map(ModelEvent::TextDelta)
                .collect();
            if matches!(events.first(), Some(ModelEvent::TextDelta(_))) {
                pieces.push(ModelEvent::TextDelta("\n\n".into()));
            }
            pieces.append(&mut events);
            events = pieces;
        }
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

/// The attachments of the question this turn answers: the `Attachments` right before the
/// newest user message, when that message is the last thing in the request (the first model
/// turn of the question; later turns follow tool results and need no second acknowledgement).
fn question_attachments(request: &ModelRequest) -> Option<&[crate::model::ModelAttachment]> {
    let [.., ModelMessage::Attachments { attachments }, ModelMessage::User { .. }] =
        request.messages.as_slice()
    else {
        return None;
    };
    Some(attachments)
}
