//! Shared set-up for the tool tests: a ChatKit turn on a memory store with counter ids and a
//! fixed clock, and a tool context over the bundled catalog with no pacing.
#![allow(dead_code)]

use chatkit::server::ThreadHandle;
use chatkit::types::{ThreadItem, ThreadItemUpdate, ThreadMetadata, ThreadStreamEvent, WidgetItem};
use chatkit::{CounterIds, FixedClock, MemoryStore, Timestamp, TurnContext};
use serde_json::Value;
use shop::cart::{CartLine, CartSource, MemoryCart};
use shop::catalog::Catalog;
use shop::tools::{EventSink, ToolContext};
use std::sync::Arc;
use std::time::Duration;

pub fn turn() -> TurnContext<()> {
    let ts = Timestamp::parse("2026-01-02T03:04:05Z").unwrap();
    TurnContext::new(
        ThreadHandle::new(ThreadMetadata::new("thr_test", ts)),
        Arc::new(MemoryStore::new()),
        Arc::new(CounterIds::new()),
        Arc::new(FixedClock(ts)),
        Arc::new(()),
    )
}

pub fn ctx_with(cart: Arc<dyn CartSource>, sink: EventSink) -> ToolContext {
    ToolContext::new(&turn(), Arc::new(Catalog::bundled()), cart, sink)
        .with_stream_delay(Duration::ZERO)
}

pub fn ctx() -> ToolContext {
    ctx_with(Arc::new(MemoryCart::default()), EventSink::Collect)
}

pub fn line(id: &str, price: f64, quantity: u32) -> CartLine {
    CartLine {
        product_id: id.into(),
        name: format!("name of {id}"),
        price,
        image: format!("/products/{id}.svg"),
        quantity,
    }
}

/// A short name per event, for comparing sequences.
pub fn shape(events: &[ThreadStreamEvent]) -> Vec<String> {
    events
        .iter()
        .map(|e| match e {
            ThreadStreamEvent::ItemUpdated {
                update: ThreadItemUpdate::WidgetTextDelta { .. },
                ..
            } => "delta".into(),
            ThreadStreamEvent::ItemUpdated {
                update: ThreadItemUpdate::WidgetRootUpdated { .. },
                ..
            } => "root".into(),
            ThreadStreamEvent::ItemAdded { .. } => "added".into(),
            ThreadStreamEvent::ItemDone { .. } => "done".into(),
            ThreadStreamEvent::ProgressUpdate { .. } => "progress".into(),
            other => other.type_name().into(),
        })
        .collect()
}

pub fn done_widgets(events: &[ThreadStreamEvent]) -> Vec<WidgetItem> {
    events
        .iter()
        .filter_map(|e| match e {
            ThreadStreamEvent::ItemDone {
                item: ThreadItem::Widget(w),
            } => Some(w.clone()),
            _ => None,
        })
        .collect()
}

/// Every `onClickAction` in a widget tree, depth first.
pub fn actions(widget: &Value) -> Vec<Value> {
    let mut out = Vec::new();
    walk(widget, &mut out);
    out
}

fn walk(node: &Value, out: &mut Vec<Value>) {
    match node {
        Value::Object(m) => {
            if let Some(a) = m.get("onClickAction") {
                out.push(a.clone());
            }
            for v in m.values() {
                walk(v, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
        _ => {}
    }
}
