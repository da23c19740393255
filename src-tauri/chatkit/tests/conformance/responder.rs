//! The conformance responder (src-tauri/chatkit/tests/fixtures/README.md §4) written against the public API: the
//! fixed-text commands replay `vocabulary.json` with placeholder substitution (through the typed
//! events, so our serialization is what gets compared), `widget: stream` goes through
//! `stream_widget_states` + the widget diff, `widget: template` renders `order_summary.widget`
//! with our template engine, and actions / sync actions / resumes follow tests/fixtures/README.md §4.4–4.6.

use async_trait::async_trait;
use chatkit::server::{
    event_stream, stream_widget, stream_widget_states, EventSender, Responder, ResponseStream,
    TurnContext,
};
use chatkit::types::*;
use chatkit::{ChatKitError, IdKind, StreamError};
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

pub type Ctx = ();

/// Widget trees and scripts the responder needs, loaded once per run.
pub struct Assets {
    pub commands: Map<String, Value>,
    pub product_list_states: Vec<Value>,
    pub product_details_card: Value,
    pub receipt_card: Value,
    pub counter_card: Value,
    pub order_template: chatkit::widgets::WidgetTemplate,
    pub order_data: Value,
}

impl Assets {
    pub fn load(root: &std::path::Path) -> Result<Self, String> {
        let read = |rel: &str| -> Result<Value, String> {
            let path = root.join(rel);
            let text =
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
        };
        let vocabulary = read("vocabulary.json")?;
        let commands = vocabulary
            .get("commands")
            .and_then(Value::as_object)
            .cloned()
            .ok_or("vocabulary.json has no commands")?;
        let states = read("widgets/product_list_states.json")?;
        Ok(Self {
            commands,
            product_list_states: states
                .as_array()
                .cloned()
                .ok_or("product_list_states.json is not an array")?,
            product_details_card: read("widgets/product_details_card.json")?,
            receipt_card: read("widgets/receipt_card.json")?,
            counter_card: read("widgets/counter_card.json")?,
            order_template: chatkit::widgets::WidgetTemplate::from_file(
                root.join("widgets/order_summary.widget"),
            )
            .map_err(|e| format!("order_summary.widget: {e}"))?,
            order_data: read("widgets/order_summary.data.json")?,
        })
    }
}

pub struct ConformanceResponder {
    assets: Arc<Assets>,
    feedback: Mutex<Vec<(String, Vec<String>, FeedbackKind)>>,
}

impl ConformanceResponder {
    pub fn new(assets: Arc<Assets>) -> Self {
        Self {
            assets,
            feedback: Mutex::new(Vec::new()),
        }
    }

    fn feedback_for(&self, thread_id: &str) -> String {
        let calls = self.feedback.lock().unwrap();
        let lines: Vec<String> = calls
            .iter()
            .filter(|(t, _, _)| t == thread_id)
            .map(|(_, ids, kind)| format!("{} {}", kind.as_str(), ids.join(",")))
            .collect();
        if lines.is_empty() {
            "none".to_owned()
        } else {
            lines.join("; ")
        }
    }
}

const WS: [char; 6] = [' ', '\t', '\n', '\r', '\u{0B}', '\u{0C}'];

/// `arg(T, P)`: strip the prefix, then exactly one leading space.
fn arg<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let rest = text.strip_prefix(prefix)?;
    Some(rest.strip_prefix(' ').unwrap_or(rest))
}

/// Cut before every non-whitespace character that follows whitespace.
pub fn split_words(text: &str) -> Vec<String> {
    let mut chunks = Vec::new();
    let mut current = String::new();
    let mut prev_ws = false;
    for c in text.chars() {
        let is_ws = WS.contains(&c);
        if !is_ws && prev_ws && !current.is_empty() {
            chunks.push(std::mem::take(&mut current));
        }
        current.push(c);
        prev_ws = is_ws;
    }
    if !current.is_empty() {
        chunks.push(current);
    }
    chunks
}

fn assistant(
    turn: &TurnContext<Ctx>,
    id: String,
    content: Vec<AssistantMessageContent>,
) -> ThreadItem {
    ThreadItem::AssistantMessage(AssistantMessageItem {
        id,
        thread_id: turn.thread_id(),
        created_at: turn.now(),
        content,
    })
}

async fn say(tx: &mut EventSender, turn: &TurnContext<Ctx>, text: &str) -> Result<(), StreamError> {
    let item = assistant(
        turn,
        turn.new_id(IdKind::Message),
        vec![AssistantMessageContent::text(text)],
    );
    tx.send(ThreadStreamEvent::ItemDone { item }).await
}

async fn stream_text(
    tx: &mut EventSender,
    turn: &TurnContext<Ctx>,
    text: &str,
) -> Result<(), StreamError> {
    let id = turn.new_id(IdKind::Message);
    tx.send(ThreadStreamEvent::ItemAdded {
        item: assistant(turn, id.clone(), vec![]),
    })
    .await?;
    let update = |update| ThreadStreamEvent::ItemUpdated {
        item_id: id.clone(),
        update,
    };
    tx.send(update(ThreadItemUpdate::ContentPartAdded {
        content_index: 0,
        content: AssistantMessageContent::text(""),
    }))
    .await?;
    for delta in split_words(text) {
        tx.send(update(ThreadItemUpdate::TextDelta {
            content_index: 0,
            delta,
        }))
        .await?;
    }
    tx.send(update(ThreadItemUpdate::ContentPartDone {
        content_index: 0,
        content: AssistantMessageContent::text(text),
    }))
    .await?;
    tx.send(ThreadStreamEvent::ItemDone {
        item: assistant(turn, id, vec![AssistantMessageContent::text(text)]),
    })
    .await
}

/// Substitutes `$thread`, `$now`, `$msg1`…, `call_$tc1` in one script entry.
struct Placeholders<'a> {
    turn: &'a TurnContext<Ctx>,
    ids: HashMap<String, String>,
}

impl Placeholders<'_> {
    fn id(&mut self, name: &str) -> Option<String> {
        let digits = name.trim_start_matches(|c: char| c.is_ascii_alphabetic());
        let prefix = &name[..name.len() - digits.len()];
        if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let kind = match prefix {
            "msg" => IdKind::Message,
            "tc" => IdKind::ToolCall,
            "wf" => IdKind::Workflow,
            "tsk" => IdKind::Task,
            _ => return None,
        };
        let turn = self.turn;
        Some(
            self.ids
                .entry(name.to_owned())
                .or_insert_with(|| turn.new_id(kind))
                .clone(),
        )
    }

    fn substitute(&mut self, value: &Value) -> Value {
        match value {
            Value::String(s) => {
                if s == "$thread" {
                    return Value::String(self.turn.thread_id());
                }
                if s == "$now" {
                    return Value::String(self.turn.now().to_string());
                }
                if let Some(name) = s.strip_prefix("call_$") {
                    if let Some(id) = self.id(name) {
                        return Value::String(format!("call_{id}"));
                    }
                } else if let Some(name) = s.strip_prefix('$') {
                    if let Some(id) = self.id(name) {
                        return Value::String(id);
                    }
                }
                value.clone()
            }
            Value::Array(items) => Value::Array(items.iter().map(|v| self.substitute(v)).collect()),
            Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), self.substitute(v)))
                    .collect(),
            ),
            other => other.clone(),
        }
    }
}

async fn replay(
    tx: &mut EventSender,
    turn: &TurnContext<Ctx>,
    script: &[Value],
) -> Result<(), StreamError> {
    let mut placeholders = Placeholders {
        turn,
        ids: HashMap::new(),
    };
    for step in script {
        if let Some(event) = step.get("yield") {
            let event: ThreadStreamEvent = serde_json::from_value(placeholders.substitute(event))
                .map_err(|e| {
                StreamError::internal(format!("vocabulary event does not parse: {e}"))
            })?;
            tx.send(event).await?;
        } else if let Some(raise) = step.get("raise") {
            let allow_retry = raise
                .get("allow_retry")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            return Err(match raise.get("kind").and_then(Value::as_str) {
                Some("custom") => StreamError::Custom {
                    message: raise
                        .get("message")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_owned(),
                    allow_retry,
                },
                Some("stream_error") => StreamError::Code {
                    code: raise
                        .get("code")
                        .and_then(Value::as_str)
                        .unwrap_or("stream.error")
                        .to_owned(),
                    allow_retry,
                },
                _ => StreamError::internal("generic failure requested by the script"),
            });
        }
    }
    Ok(())
}

fn set_status(turn: &TurnContext<Ctx>, argument: &str) -> Option<String> {
    let (kind, reason) = match argument.split_once(' ') {
        Some((kind, reason)) => (kind, Some(reason.to_owned())),
        None => (argument, None),
    };
    let status = match kind {
        "active" => ThreadStatus::Active,
        "locked" => ThreadStatus::Locked { reason },
        "closed" => ThreadStatus::Closed { reason },
        _ => return None,
    };
    turn.thread().update(|t| t.status = status);
    Some(kind.to_owned())
}

impl ConformanceResponder {
    async fn dispatch(
        self: Arc<Self>,
        tx: &mut EventSender,
        turn: &TurnContext<Ctx>,
        text: &str,
    ) -> Result<(), StreamError> {
        if let Some(a) = arg(text, "echo:") {
            return stream_text(tx, turn, a).await;
        }
        if let Some(a) = arg(text, "title:") {
            turn.thread().update(|t| t.title = Some(a.to_owned()));
            return stream_text(tx, turn, a).await;
        }
        if let Some(a) = arg(text, "hidden:") {
            let item = ThreadItem::HiddenContext(HiddenContextItem {
                id: turn.new_id(IdKind::Message),
                thread_id: turn.thread_id(),
                created_at: turn.now(),
                content: Value::String(a.to_owned()),
            });
            tx.send(ThreadStreamEvent::ItemDone { item }).await?;
            return stream_text(tx, turn, a).await;
        }
        if text == "widget: stream" {
            let states = self.assets.product_list_states.clone().into_iter().map(Ok);
            return tx
                .forward(stream_widget_states(
                    turn,
                    futures::stream::iter(states),
                    None,
                ))
                .await;
        }
        if text == "widget: template" {
            // Rendered by our `.widget` engine, not replayed: the fixture checks the rendering.
            let card = self
                .assets
                .order_template
                .build(&self.assets.order_data)
                .map_err(StreamError::from)?;
            return tx
                .forward(stream_widget(
                    turn,
                    card.into_value(),
                    Some("Order #1042: Shipped".into()),
                ))
                .await;
        }
        if let Some(script) = self.assets.commands.get(text).and_then(Value::as_array) {
            return replay(tx, turn, script).await;
        }
        if let Some(a) = arg(text, "status:") {
            if let Some(kind) = set_status(turn, a) {
                return say(tx, turn, &format!("Status: {kind}")).await;
            }
        }
        if let Some(a) = arg(text, "metadata:") {
            if let Some((key, value)) = a.split_once('=') {
                turn.thread().update(|t| {
                    t.metadata
                        .insert(key.to_owned(), Value::String(value.to_owned()))
                });
                return say(tx, turn, "Metadata saved.").await;
            }
        }
        if let Some(a) = arg(text, "domains:") {
            let domains: Vec<String> = a
                .split(',')
                .map(|d| d.trim_matches(&WS[..]).to_owned())
                .filter(|d| !d.is_empty())
                .collect();
            turn.thread()
                .update(|t| t.allowed_image_domains = Some(domains));
            return say(tx, turn, "Domains updated.").await;
        }
        if text == "feedback: show" {
            let summary = self.feedback_for(&turn.thread_id());
            return say(tx, turn, &format!("feedback: {summary}")).await;
        }
        stream_text(tx, turn, text).await
    }

    async fn resume(tx: &mut EventSender, turn: &TurnContext<Ctx>) -> Result<(), StreamError> {
        let newest = turn
            .store()
            .load_thread_items(&turn.thread_id(), None, 1, Order::Desc, turn.context())
            .await?;
        match newest.data.into_iter().next() {
            Some(ThreadItem::ClientToolCall(call))
                if call.status == ClientToolCallStatus::Completed && call.name == "get_cart" =>
            {
                let n = call
                    .output
                    .as_ref()
                    .and_then(|o| o.get("items"))
                    .and_then(Value::as_array)
                    .map_or(0, Vec::len);
                say(tx, turn, &format!("cart has {n} items")).await
            }
            Some(ThreadItem::StructuredInput(item)) => {
                let status = serde_json::to_value(item.status)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default();
                let parts: Vec<String> = item
                    .inputs
                    .iter()
                    .map(|q| match q.answer() {
                        None => format!("{}=unanswered", q.id()),
                        Some(a) if a.skipped => format!("{}=skipped", q.id()),
                        Some(a) => format!("{}={}", q.id(), a.values.join("|")),
                    })
                    .collect();
                say(
                    tx,
                    turn,
                    &format!("answers ({status}): {}", parts.join(", ")),
                )
                .await
            }
            _ => say(tx, turn, "Nothing to resume.").await,
        }
    }
}

/// Set the `value` of the first direct child of `card` with the given `type`.
fn set_child_value(card: &mut Value, component: &str, value: &str) {
    if let Some(children) = card.get_mut("children").and_then(Value::as_array_mut) {
        if let Some(child) = children
            .iter_mut()
            .find(|c| c.get("type").and_then(Value::as_str) == Some(component))
        {
            child["value"] = Value::String(value.to_owned());
        }
    }
}

/// Depth-first search through `children` arrays for a node with this id.
fn find_by_id<'a>(node: &'a mut Value, id: &str) -> Option<&'a mut Value> {
    if node.get("id").and_then(Value::as_str) == Some(id)
        && node.get("type").and_then(Value::as_str) == Some("Text")
    {
        return Some(node);
    }
    let children = node.get_mut("children")?.as_array_mut()?;
    children.iter_mut().find_map(|c| find_by_id(c, id))
}

fn payload_str<'a>(payload: Option<&'a Value>, key: &str) -> Option<&'a str> {
    payload?.get(key)?.as_str()
}

#[async_trait]
impl Responder<Ctx> for ConformanceResponder {
    fn respond(
        self: Arc<Self>,
        turn: TurnContext<Ctx>,
        input: Option<UserMessageItem>,
    ) -> ResponseStream {
        event_stream(move |mut tx| async move {
            match input {
                Some(message) => {
                    let text = message.first_text().unwrap_or("").to_owned();
                    self.dispatch(&mut tx, &turn, &text).await
                }
                None => Self::resume(&mut tx, &turn).await,
            }
        })
    }

    fn action(
        self: Arc<Self>,
        turn: TurnContext<Ctx>,
        action: Action,
        sender: Option<WidgetItem>,
    ) -> ResponseStream {
        event_stream(move |mut tx| async move {
            let payload = action.payload.as_ref();
            match action.kind.as_str() {
                "product.details" => {
                    let product_id = payload_str(payload, "product_id")
                        .unwrap_or("unknown")
                        .to_owned();
                    let name = payload_str(payload, "name").unwrap_or("Unknown product");
                    let mut card = self.assets.product_details_card.clone();
                    set_child_value(&mut card, "Title", name);
                    set_child_value(&mut card, "Caption", &format!("SKU {product_id}"));
                    card["confirm"]["action"]["payload"]["items"] =
                        Value::Array(vec![Value::String(product_id)]);
                    match sender {
                        Some(mut widget) => {
                            widget.widget = card;
                            tx.send(ThreadStreamEvent::ItemReplaced {
                                item: ThreadItem::Widget(widget),
                            })
                            .await
                        }
                        None => tx.forward(stream_widget(&turn, card, None)).await,
                    }
                }
                "cart.checkout" => {
                    let n = payload
                        .and_then(|p| p.get("items"))
                        .and_then(Value::as_array)
                        .map_or(0, Vec::len);
                    let mut card = self.assets.receipt_card.clone();
                    set_child_value(&mut card, "Text", &format!("Items: {n}"));
                    tx.forward(stream_widget(&turn, card, None)).await?;
                    stream_text(&mut tx, &turn, "Thanks for your order!").await
                }
                other => Err(StreamError::custom(format!("Unknown action: {other}"))),
            }
        })
    }

    async fn sync_action(
        &self,
        turn: TurnContext<Ctx>,
        action: Action,
        sender: Option<WidgetItem>,
    ) -> Result<Option<ThreadItem>, ChatKitError> {
        if action.kind != "counter.increment" {
            return Err(ChatKitError::invalid_request(format!(
                "unknown sync action {}",
                action.kind
            )));
        }
        let Some(mut sender) = sender else {
            return Ok(None);
        };
        let old: i64 = find_by_id(&mut sender.widget, "count")
            .and_then(|node| node.get("value")?.as_str()?.parse().ok())
            .ok_or_else(|| ChatKitError::invalid_request("the sender has no integer Text#count"))?;
        let by = match action.payload.as_ref().and_then(|p| p.get("by")) {
            Some(Value::Number(n)) if n.is_i64() || n.is_u64() => n.as_i64().unwrap_or(1),
            _ => 1,
        };
        let mut widget = self.assets.counter_card.clone();
        if let Some(node) = find_by_id(&mut widget, "count") {
            node["value"] = Value::String((old + by).to_string());
        }
        sender.widget = widget;
        let item = ThreadItem::Widget(sender);
        turn.store()
            .save_item(&turn.thread_id(), &item, turn.context())
            .await?;
        Ok(Some(item))
    }

    async fn add_feedback(
        &self,
        thread_id: &str,
        item_ids: &[String],
        kind: FeedbackKind,
        _ctx: &Ctx,
    ) -> Result<(), ChatKitError> {
        self.feedback
            .lock()
            .unwrap()
            .push((thread_id.to_owned(), item_ids.to_vec(), kind));
        Ok(())
    }
}

/// Checks of the text helpers against the examples of tests/fixtures/README.md (§4.1, §4.2); run before the scenarios.
pub fn self_check() -> Result<(), String> {
    let splits: [(&str, &[&str]); 5] = [
        ("Hello, world!", &["Hello, ", "world!"]),
        ("  two leading", &["  ", "two ", "leading"]),
        ("a\u{a0}b c", &["a\u{a0}b ", "c"]),
        ("x   ", &["x   "]),
        ("", &[]),
    ];
    for (text, want) in splits {
        if split_words(text) != want {
            return Err(format!(
                "split({text:?}) = {:?}, want {want:?}",
                split_words(text)
            ));
        }
    }
    for (text, want) in [("echo:  x", " x"), ("echo:x", "x"), ("echo:", "")] {
        if arg(text, "echo:") != Some(want) {
            return Err(format!(
                "arg({text:?}) = {:?}, want {want:?}",
                arg(text, "echo:")
            ));
        }
    }
    Ok(())
}
