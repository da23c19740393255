//! What the conversation so far tells the offline model: the products just shown, the one in
//! focus, the cart as last reported, the question the assistant is waiting on.
//!
//! Follow-ups ("the cheaper one", "show it", "add the second one", "more like this", "yes")
//! mean nothing without it. It is read from the model's own input — the messages
//! `assistant::history` builds from the thread (widgets are summarised with the product ids
//! their buttons carry, completed client tool calls become a call and its output) plus the tool
//! calls and results of the current turn — so the offline model sees exactly what a real model
//! would. The cart is taken from the newest tool output that lists cart `items` (`view_cart`,
//! the `cart_*` client tools); the page's Add to Cart buttons change the cart without a
//! message, so a cart read in an earlier turn may be stale: [`Recent::cart_fresh`] says whether
//! it was read in this turn.

use serde_json::Value;

use crate::model::ModelMessage;

/// One cart line as a tool output reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct CartEntry {
    pub product_id: String,
    pub name: String,
    pub quantity: u64,
}

/// The state of the conversation the rules need.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Recent {
    /// The newest user message (the one to answer), without context notes.
    pub question: String,
    /// The user message before it, if any.
    pub previous_question: Option<String>,
    /// Product ids of the newest widget or tool result that showed products, in order.
    pub shown: Vec<String>,
    /// The newest single product: a card shown, or the product last added or changed.
    pub focus: Option<String>,
    /// The cart as the newest cart output reported it.
    pub cart: Option<Vec<CartEntry>>,
    /// Whether [`Recent::cart`] was read after the newest user message (in this turn).
    pub cart_fresh: bool,
    /// The newest assistant text.
    pub last_reply: Option<String>,
    /// The newest assistant text before the newest user message (what "yes" answers).
    pub last_reply_before_question: Option<String>,
    /// Tool calls made after the newest user message (name and arguments), in order.
    pub this_turn: Vec<(String, Value)>,
}

const WIDGET_NOTE: &str = "[context] This widget";

impl Recent {
    /// Reads `messages` (oldest first).
    pub fn read(messages: &[ModelMessage]) -> Recent {
        let mut r = Recent::default();
        let mut calls: Vec<(String, String, Value)> = Vec::new();
        for message in messages {
            match message {
                ModelMessage::User { text } if text.starts_with(WIDGET_NOTE) => {
                    let ids = ids_in_widget_note(text);
                    if !ids.is_empty() {
                        if ids.len() == 1 {
                            r.focus = Some(ids[0].clone());
                        }
                        r.shown = ids;
                    }
                }
                ModelMessage::User { text } if text.starts_with('[') => {}
                ModelMessage::User { text } => {
                    if !r.question.is_empty() {
                        r.previous_question = Some(std::mem::take(&mut r.question));
                    }
                    r.question = text.clone();
                    r.cart_fresh = false;
                    r.last_reply_before_question = r.last_reply.clone();
                    r.this_turn.clear();
                }
                ModelMessage::Assistant { text } => r.last_reply = Some(text.clone()),
                ModelMessage::ToolCalls { calls: made } => {
                    for call in made {
                        let args: Value =
                            serde_json::from_str(&call.arguments).unwrap_or(Value::Null);
                        if let Some(id) = args.get("product_id").and_then(Value::as_str) {
                            if call.name.starts_with("cart_") && call.name != "cart_remove" {
                                r.focus = Some(id.to_string());
                            }
                        }
                        r.this_turn.push((call.name.clone(), args.clone()));
                        calls.push((call.call_id.clone(), call.name.clone(), args));
                    }
                }
                ModelMessage::ToolResult { output, .. } => {
                    let v: Value = serde_json::from_str(output).unwrap_or(Value::Null);
                    r.read_result(&v);
                }
                // The offline model reads attachments only to acknowledge them (offline/mod.rs).
                ModelMessage::Attachments { .. } => {}
            }
        }
        r
    }

    fn read_result(&mut self, v: &Value) {
        if let Some(items) = v.get("items").and_then(Value::as_array) {
            self.cart = Some(
                items
                    .iter()
                    .filter_map(|i| {
                        Some(CartEntry {
                            product_id: i.get("product_id")?.as_str()?.to_string(),
                            name: i.get("name").and_then(Value::as_str).unwrap_or("").into(),
                            quantity: i.get("quantity").and_then(Value::as_u64).unwrap_or(1),
                        })
                    })
                    .collect(),
            );
            self.cart_fresh = true;
        }
        let ids_of = |list: &Value| -> Vec<String> {
            list.as_array()
                .into_iter()
                .flatten()
                .filter_map(|p| p.get("id").and_then(Value::as_str).map(str::to_string))
                .collect()
        };
        for key in ["products", "compared"] {
            let ids = ids_of(v.get(key).unwrap_or(&Value::Null));
            if !ids.is_empty() {
                self.shown = ids;
            }
        }
        if let Some(id) = v.pointer("/shown/id").and_then(Value::as_str) {
            self.shown = vec![id.to_string()];
            self.focus = Some(id.to_string());
        }
    }

    /// Whether the newest reply asked to confirm emptying the cart.
    pub fn awaiting_clear_confirmation(&self) -> bool {
        self.last_reply_before_question
            .as_deref()
            .is_some_and(|t| t.starts_with(super::reply::CLEAR_QUESTION_START))
    }
}

/// The product ids a widget summary's buttons carry, in order, each once.
fn ids_in_widget_note(text: &str) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('(') {
        let after = &rest[open + 1..];
        let Some(close) = after.find(')') else { break };
        let inside = &after[..close];
        if let Some(id) = inside
            .strip_prefix("cart.add ")
            .or_else(|| inside.strip_prefix("product.details "))
        {
            let id = id.trim().to_string();
            if !id.is_empty() && !ids.contains(&id) {
                ids.push(id);
            }
        }
        rest = &after[close..];
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ToolCall;

    fn user(text: &str) -> ModelMessage {
        ModelMessage::User { text: text.into() }
    }

    #[test]
    fn shown_products_focus_and_cart_from_history() {
        let messages = vec![
            user("lamps"),
            user("[context] This widget (item w1) was shown to the user: ListView [Lighting; Aurora Desk Lamp; (cart.add lamp-aurora); Dune Mushroom Lamp; (cart.add lamp-dune)]"),
            ModelMessage::Assistant { text: "Here are 2 products.".into() },
            user("add the second one"),
            ModelMessage::ToolCalls {
                calls: vec![ToolCall {
                    call_id: "c1".into(),
                    name: "cart_add".into(),
                    arguments: r#"{"product_id":"lamp-dune"}"#.into(),
                }],
            },
            ModelMessage::ToolResult {
                call_id: "c1".into(),
                output: r#"{"items":[{"product_id":"lamp-dune","name":"Dune Mushroom Lamp","price":79.0,"image":"/p.svg","quantity":1}]}"#.into(),
            },
        ];
        let r = Recent::read(&messages);
        assert_eq!(r.shown, ["lamp-aurora", "lamp-dune"]);
        assert_eq!(r.focus.as_deref(), Some("lamp-dune"));
        assert_eq!(r.question, "add the second one");
        assert_eq!(r.previous_question.as_deref(), Some("lamps"));
        assert!(r.cart_fresh);
        assert_eq!(r.cart.as_ref().unwrap()[0].quantity, 1);
        assert_eq!(r.last_reply.as_deref(), Some("Here are 2 products."));
        assert_eq!(r.this_turn.len(), 1);

        let mut later = messages.clone();
        later.push(user("make it two"));
        let r = Recent::read(&later);
        assert!(!r.cart_fresh, "a cart from an earlier turn may be stale");
        assert!(r.this_turn.is_empty());
    }

    #[test]
    fn a_card_is_the_focus() {
        let r = Recent::read(&[user("[context] This widget (item w) was shown to the user: Card [Aurora Desk Lamp; Add to Cart; (cart.add lamp-aurora); Details; (product.details lamp-aurora)]")]);
        assert_eq!(r.shown, ["lamp-aurora"]);
        assert_eq!(r.focus.as_deref(), Some("lamp-aurora"));
    }
}
