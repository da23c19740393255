//! The page, played by the test: a thread per case, the context sent first, and the client
//! cart tools (`cart_add`, `cart_set_quantity`, `cart_remove`, `cart_clear`) run against an
//! in-test cart that `view_cart` reads too, answered with `threads.add_client_tool_output`.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chatkit::ProcessResult;
use futures::StreamExt;
use serde_json::{json, Value};
use shop::assistant::RetryPolicy;
use shop::cart::{CartError, CartLine, CartSource};
use shop::catalog::Catalog;
use shop::model::offline::OfflineModel;
use shop::tools::ToolRegistry;

use crate::cases::Case;
use crate::harness::{add_message, create, harness_on_cart, thread_id, Harness};
use crate::outcome::{self, Outcome};

/// Client tool rounds one message may take before the runner gives up.
const MAX_ROUNDS: usize = 6;

/// The page's cart.
#[derive(Default)]
pub struct PageCart(Mutex<Vec<CartLine>>);

#[async_trait::async_trait]
impl CartSource for PageCart {
    async fn lines(&self) -> Result<Vec<CartLine>, CartError> {
        Ok(self.0.lock().unwrap().clone())
    }
}

/// Whether the app's registry offers the client cart tools.
pub fn cart_tools_offered() -> bool {
    let offered: Vec<String> = ToolRegistry::shop()
        .specs()
        .into_iter()
        .map(|s| s.name)
        .collect();
    ["cart_add", "cart_set_quantity", "cart_remove", "cart_clear"]
        .iter()
        .all(|t| offered.iter().any(|o| o == t))
}

impl PageCart {
    fn snapshot(&self) -> Value {
        let lines = self.0.lock().unwrap();
        json!({"items": lines.iter().map(|l| json!({
            "product_id": l.product_id, "name": l.name, "price": l.price,
            "image": l.image, "quantity": l.quantity,
        })).collect::<Vec<_>>()})
    }

    /// Runs one client cart tool as the page does; the cart after it, or `{"error": …}`.
    fn run(&self, name: &str, args: &Value, catalog: &Catalog) -> Value {
        let id = args["product_id"].as_str().unwrap_or("");
        let quantity = args.get("quantity").and_then(Value::as_u64);
        {
            let mut lines = self.0.lock().unwrap();
            let at = lines.iter().position(|l| l.product_id == id);
            match name {
                "cart_clear" => lines.clear(),
                "cart_add" => {
                    let Some(p) = catalog.find(id) else {
                        return json!({"error": format!("unknown product {id:?}")});
                    };
                    let q = quantity.unwrap_or(1).clamp(1, 99) as u32;
                    match at {
                        Some(i) => lines[i].quantity = (lines[i].quantity + q).min(99),
                        None => lines.push(CartLine {
                            product_id: p.id.clone(),
                            name: p.name.clone(),
                            price: p.price,
                            image: p.image.clone(),
                            quantity: q,
                        }),
                    }
                }
                "cart_remove" | "cart_set_quantity" => {
                    let Some(i) = at else {
                        return json!({"error": format!("{id:?} is not in the cart")});
                    };
                    match (name, quantity) {
                        ("cart_set_quantity", Some(q)) if q > 0 => {
                            lines[i].quantity = q.min(99) as u32
                        }
                        _ => {
                            lines.remove(i);
                        }
                    }
                }
                other => return json!({"error": format!("unknown client tool {other:?}")}),
            }
        }
        self.snapshot()
    }

    fn quantities(&self) -> BTreeMap<String, u32> {
        self.0
            .lock()
            .unwrap()
            .iter()
            .map(|l| (l.product_id.clone(), l.quantity))
            .collect()
    }
}

/// Sends `body` and collects its events; the time to the first event of the answer.
async fn stream(h: &Harness, body: Value) -> (Vec<Value>, Duration) {
    let started = Instant::now();
    let mut first = None;
    let mut events = Vec::new();
    match h.server.process(body.to_string().as_bytes(), ()).await {
        Ok(ProcessResult::Stream(mut s)) => {
            while let Some(event) = s.next().await {
                match event {
                    Ok(e) => {
                        let e: Value = serde_json::from_slice(&e.to_json()).unwrap();
                        // The answer starts with its first event after the thread's own
                        // bookkeeping (thread, the user's message, options, title).
                        let bookkeeping = matches!(
                            e["type"].as_str(),
                            Some("thread.created" | "thread.updated" | "stream_options")
                        ) || e["item"]["type"] == "user_message";
                        if !bookkeeping {
                            first.get_or_insert_with(|| started.elapsed());
                        }
                        events.push(e);
                    }
                    Err(e) => {
                        events.push(json!({"type": "error", "message": format!("stream aborted: {e}")}));
                        break;
                    }
                }
            }
        }
        Ok(ProcessResult::Json(j)) => events.push(
            json!({"type": "error", "message": format!("JSON instead of a stream: {}", String::from_utf8_lossy(&j))}),
        ),
        Err(e) => events.push(json!({"type": "error", "message": format!("refused: {e}")})),
    }
    (events, first.unwrap_or_default())
}

/// One message and its whole answer, client tool rounds included.
async fn say(
    h: &Harness,
    thread: Option<&str>,
    text: &str,
    cart: &PageCart,
    catalog: &Catalog,
) -> (Vec<Value>, Duration) {
    let body = match thread {
        Some(id) => add_message(id, text),
        None => create(text),
    };
    let (mut all, first) = stream(h, body).await;
    let id = thread
        .map(str::to_string)
        .or_else(|| all.first().map(|_| thread_id(&all)));
    for _ in 0..MAX_ROUNDS {
        let pending = all.iter().rev().find(|e| {
            e["type"] == "thread.item.done"
                && e["item"]["type"] == "client_tool_call"
                && e["item"]["status"] == "pending"
        });
        let Some(call) = pending.map(|e| e["item"].clone()) else {
            break;
        };
        let result = cart.run(
            call["name"].as_str().unwrap_or(""),
            &call["arguments"],
            catalog,
        );
        let body = json!({"type": "threads.add_client_tool_output", "params": {"thread_id": id.clone().unwrap_or_default(), "result": result}});
        let (more, _) = stream(h, body).await;
        // A completed call must not be taken for a pending one again.
        all.retain(|e| {
            !(e["type"] == "thread.item.done" && e["item"]["type"] == "client_tool_call")
        });
        all.extend(more);
    }
    (all, first)
}

/// The offline model over the bundled catalog, built once for a whole set (it keeps no state
/// between requests).
pub fn model() -> (Arc<OfflineModel>, Arc<Catalog>) {
    let catalog = Arc::new(Catalog::bundled());
    (
        Arc::new(OfflineModel::with_catalog(catalog.clone(), Duration::ZERO)),
        catalog,
    )
}

/// Replays one case in a fresh thread (a new server on a new memory store) with an empty cart.
pub async fn replay(case: &Case, model: &Arc<OfflineModel>, catalog: &Catalog) -> Outcome {
    let cart = Arc::new(PageCart::default());
    let h = harness_on_cart(model.clone(), cart.clone(), RetryPolicy::none());
    let mut thread: Option<String> = None;
    let mut got = Outcome::default();
    for text in case.context.iter().chain(std::iter::once(&case.text)) {
        let (events, first) = say(&h, thread.as_deref(), text, &cart, catalog).await;
        if thread.is_none() && !events.is_empty() && events[0]["type"] == "thread.created" {
            thread = Some(thread_id(&events));
        }
        got = Outcome {
            first_event: first,
            ..Outcome::default()
        };
        outcome::read(&events, &mut got);
    }
    got.cart = cart.quantities();
    got
}
