//! Tools run inside a ChatKit response: their events reach the response stream in order while
//! they run, the output is returned to the caller, and a dropped response stops the tool.

use crate::support::*;
use chatkit::event_stream;
use chatkit::types::ThreadStreamEvent;
use futures::StreamExt;
use serde_json::json;
use shop::cart::MemoryCart;
use shop::tools::{handle_action, ToolEnv, ToolOutput, ToolRegistry};
use std::sync::{Arc, Mutex};
use std::time::Duration;

fn env() -> ToolEnv {
    env_with(Arc::new(MemoryCart::new(vec![line("mug-ember", 18.0, 1)])))
}

#[tokio::test]
async fn a_tool_sends_every_event_into_the_response_in_order() {
    let output: Arc<Mutex<Option<ToolOutput>>> = Arc::default();
    let slot = output.clone();
    let turn = turn();
    let stream = event_stream(move |mut out| async move {
        let env = env();
        let result = ToolRegistry::shop()
            .call(
                "show_products",
                json!({"category": "audio"}),
                &mut env.context(&turn, &mut out),
            )
            .await?;
        out.send(ThreadStreamEvent::ProgressUpdate {
            icon: None,
            text: "after the tool".into(),
        })
        .await?;
        *slot.lock().unwrap() = Some(result);
        Ok(())
    });
    let events: Vec<ThreadStreamEvent> = stream.map(|e| e.unwrap()).collect().await;
    let output = output.lock().unwrap().take().unwrap();
    assert!(!output.is_error);
    let (alone, tool_events) =
        run_tool(&env(), "show_products", json!({"category": "audio"})).await;
    assert_eq!(output, alone);
    assert_eq!(
        &events[..events.len() - 1],
        &tool_events[..],
        "sent in order, once, before what follows the tool"
    );
    assert_eq!(shape(&events).last().unwrap(), PROGRESS);
    assert_eq!(
        shape(&events).iter().filter(|s| *s == WIDGET_DONE).count(),
        1
    );
}

#[tokio::test]
async fn actions_stream_too_and_unknown_ones_are_none() {
    let turn = turn();
    let stream = event_stream(move |mut out| async move {
        let env = env();
        let payload = json!({"lines": [line("mug-ember", 18.0, 1)]});
        let mut ctx = env.context(&turn, &mut out);
        let done = handle_action("cart.checkout", &payload, &mut ctx).await?;
        assert!(!done.unwrap().is_error);
        let none = handle_action("cart.add", &json!({}), &mut ctx).await?;
        assert!(none.is_none());
        Ok(())
    });
    let events: Vec<ThreadStreamEvent> = stream.map(|e| e.unwrap()).collect().await;
    assert_eq!(shape(&events), [PROGRESS, WIDGET_DONE, CLIENT_EFFECT]);
}

#[tokio::test]
async fn dropping_the_response_stops_a_paced_tool() {
    let turn = turn();
    let finished = Arc::new(Mutex::new(false));
    let flag = finished.clone();
    let mut stream = event_stream(move |mut out| async move {
        let env = env().with_stream_delay(Duration::from_millis(20));
        let _ = ToolRegistry::shop()
            .call(
                "show_products",
                json!({}),
                &mut env.context(&turn, &mut out),
            )
            .await?;
        *flag.lock().unwrap() = true;
        Ok(())
    });
    // Read the list's first event, then hang up.
    let mut seen = Vec::new();
    while let Some(event) = stream.next().await {
        let event = event.unwrap();
        let added = matches!(event, ThreadStreamEvent::ItemAdded { .. });
        seen.push(event);
        if added {
            break;
        }
    }
    drop(stream);
    assert_eq!(shape(&seen), [PROGRESS, PROGRESS, WIDGET_ADDED]);
    assert!(
        !*finished.lock().unwrap(),
        "the tool's work was dropped with the response"
    );
}
