//! The cart tools that run in the page (docs/ARCHITECTURE.md, Contract 4), through the same
//! `ChatKitServer` path the app uses, with the model on real HTTP (the scripted mock server):
//! a model that calls `cart_add` ends the stream with a pending `client_tool_call`, which is saved
//! as the thread's newest item; the page's `threads.add_client_tool_output` completes it and the
//! model continues with the page's result as the call's output (Chat Completions and Responses
//! alike). A call the core refuses never reaches the page; a page that never answers (closed,
//! stopped) leaves a thread that still works.

use crate::support::*;
use chatkit::ProcessResult;
use futures::StreamExt;
use serde_json::{json, Value};
use shop::assistant::MAX_CLIENT_CALLS_PER_QUESTION;
use shop::model::{ModelEvent, ModelMessage, ToolCall};
use shop::testing::{MockOpenAi, Reply};

/// The `thread.item.*` events of a response (what changes the thread), as `type:item type`.
fn item_events(events: &[Value]) -> Vec<String> {
    shape(events)
        .into_iter()
        .filter(|s| s.starts_with("thread.item."))
        .collect()
}

fn last_item_event(events: &[Value]) -> &Value {
    events
        .iter()
        .rev()
        .find(|e| e["type"].as_str().unwrap().starts_with("thread.item."))
        .expect("an item event")
}

/// What the page answers after running `cart_add` for two Aurora lamps on an empty cart.
fn two_lamps() -> Value {
    json!({"items": [{"product_id": "lamp-aurora", "name": "Aurora Desk Lamp", "price": 49.99, "image": "/products/lamp-aurora.svg", "quantity": 2}]})
}

fn answer_text(events: &[Value]) -> String {
    let done = last_item_event(events);
    assert_eq!(done["item"]["type"], "assistant_message", "{done}");
    done["item"]["content"][0]["text"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn cart_add_pauses_for_the_page_and_the_model_continues_with_its_result() {
    let mock = MockOpenAi::start().await;
    mock.push(Reply::chat_tool_call(
        "call_add1",
        "cart_add",
        &json!({"product_id": "lamp-aurora", "quantity": 2}),
    ));
    mock.push(Reply::chat_text("Two Aurora Desk Lamps are in your cart."));
    let h = harness(chat_backend(&mock, opts()), vec![]);

    let events = h.stream(create("add two aurora lamps to my cart")).await;
    assert!(error_event(&events).is_none(), "{events:#?}");
    // The stream ends on the pending call: nothing after it, no answer yet.
    let call = last_item_event(&events);
    assert_eq!(
        call["type"],
        "thread.item.done",
        "{:?}",
        item_events(&events)
    );
    let item = &call["item"];
    assert_eq!(item["type"], "client_tool_call");
    assert_eq!(item["status"], "pending");
    assert_eq!(item["name"], "cart_add");
    assert_eq!(item["call_id"], "call_add1");
    // The model's arguments, checked and completed with what the page needs for a cart line.
    assert_eq!(
        item["arguments"],
        json!({"product_id": "lamp-aurora", "quantity": 2, "name": "Aurora Desk Lamp", "price": 49.99, "image": "/products/lamp-aurora.svg"})
    );
    assert!(item["id"].as_str().unwrap().starts_with("tc_"), "{item}");
    assert_eq!(mock.requests().len(), 1, "the model is not asked again yet");
    // The real backend got the cart tools with their schemas.
    let tools = mock.requests()[0].body["tools"].as_array().unwrap().clone();
    let cart_add = tools
        .iter()
        .find(|t| t["function"]["name"] == "cart_add")
        .expect("cart_add offered");
    assert_eq!(
        cart_add["function"]["parameters"]["required"],
        json!(["product_id"])
    );
    for name in ["cart_set_quantity", "cart_remove", "cart_clear"] {
        assert!(
            tools.iter().any(|t| t["function"]["name"] == name),
            "{name}"
        );
    }
    // Saved as the thread's newest item, pending.
    let thread = thread_id(&events);
    let stored = h.items(&thread).await;
    assert_eq!(stored.last().unwrap()["id"], item["id"]);
    assert_eq!(stored.last().unwrap()["status"], "pending");

    // The page ran it and answers; the turn continues.
    let events = h.stream(add_client_tool_output(&thread, two_lamps())).await;
    assert!(error_event(&events).is_none(), "{events:#?}");
    assert!(
        !item_events(&events).contains(&"thread.item.done:user_message".to_owned()),
        "no new user message: {:?}",
        item_events(&events)
    );
    assert_eq!(
        answer_text(&events),
        "Two Aurora Desk Lamps are in your cart."
    );
    // The model saw its own call and the page's result under the call's id.
    let requests = mock.requests();
    assert_eq!(requests.len(), 2);
    let messages = requests[1].body["messages"].as_array().unwrap();
    let roles: Vec<&str> = messages
        .iter()
        .map(|m| m["role"].as_str().unwrap())
        .collect();
    assert_eq!(roles, ["system", "user", "assistant", "tool"]);
    assert_eq!(messages[2]["tool_calls"][0]["id"], "call_add1");
    assert_eq!(messages[2]["tool_calls"][0]["function"]["name"], "cart_add");
    assert_eq!(messages[3]["tool_call_id"], "call_add1");
    let output: Value = serde_json::from_str(messages[3]["content"].as_str().unwrap()).unwrap();
    assert_eq!(output, two_lamps());
    // Stored: the call completed with the page's output, then the answer.
    let stored = h.items(&thread).await;
    let types: Vec<&str> = stored.iter().map(|i| i["type"].as_str().unwrap()).collect();
    assert_eq!(
        types,
        ["user_message", "client_tool_call", "assistant_message"]
    );
    assert_eq!(stored[1]["status"], "completed");
    assert_eq!(stored[1]["output"], two_lamps());
}

#[tokio::test]
async fn the_responses_api_gets_the_call_and_its_output_as_function_items() {
    let mock = MockOpenAi::start().await;
    mock.push(Reply::responses_function_call(
        "call_rm1",
        "cart_remove",
        &json!({"product_id": "lamp-aurora"}),
    ));
    mock.push(fixture("responses/text.sse"));
    let lamp = line("lamp-aurora", 49.99, 1);
    let h = harness(responses_backend(&mock, opts()), vec![lamp]);

    let events = h.stream(create("remove the lamp from my cart")).await;
    let item = &last_item_event(&events)["item"];
    assert_eq!(item["type"], "client_tool_call", "{events:#?}");
    assert_eq!(item["name"], "cart_remove");
    assert_eq!(item["arguments"]["product_id"], "lamp-aurora");
    let tools = mock.requests()[0].body["tools"].as_array().unwrap().clone();
    let remove = tools
        .iter()
        .find(|t| t["name"] == "cart_remove")
        .expect("cart_remove offered in the Responses format");
    assert_eq!(remove["parameters"]["required"], json!(["product_id"]));

    let thread = thread_id(&events);
    let events = h
        .stream(add_client_tool_output(&thread, json!({"items": []})))
        .await;
    assert!(error_event(&events).is_none(), "{events:#?}");
    let input = mock.requests()[1].body["input"].as_array().unwrap().clone();
    let call = input
        .iter()
        .find(|i| i["type"] == "function_call")
        .expect("the call");
    assert_eq!(call["call_id"], "call_rm1");
    assert_eq!(call["name"], "cart_remove");
    let output = input
        .iter()
        .find(|i| i["type"] == "function_call_output")
        .expect("its output");
    assert_eq!(output["call_id"], "call_rm1");
    assert_eq!(output["output"], r#"{"items":[]}"#);
}

fn call(id: &str, name: &str, arguments: Value) -> ModelEvent {
    ModelEvent::ToolCall(ToolCall {
        call_id: id.into(),
        name: name.into(),
        arguments: arguments.to_string(),
    })
}

fn results(messages: &[ModelMessage]) -> Vec<(String, Value)> {
    messages
        .iter()
        .filter_map(|m| match m {
            ModelMessage::ToolResult { call_id, output } => {
                Some((call_id.clone(), serde_json::from_str(output).unwrap()))
            }
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn calls_the_core_refuses_never_reach_the_page_and_the_model_hears_why() {
    let done = ModelEvent::Done { usage: None };
    let model = ScriptedModel::new([
        vec![
            call("c1", "cart_add", json!({"product_id": "lamp-zeppelin"})),
            call(
                "c2",
                "cart_set_quantity",
                json!({"product_id": "lamp-aurora", "quantity": 100}),
            ),
            call("c3", "cart_add", json!({"product_id": "earbuds-echo"})),
            call(
                "c4",
                "cart_add",
                json!({"product_id": "lamp-dune", "quantity": 0}),
            ),
            call("c5", "cart_remove", json!({})),
            call("c6", "cart_clear", json!({"product_id": "lamp-dune"})),
            done.clone(),
        ],
        vec![
            ModelEvent::TextDelta("Sorry, I could not do that.".into()),
            done,
        ],
    ]);
    let h = harness(model.clone(), vec![]);
    let events = h.stream(create("add a zeppelin lamp")).await;
    assert!(error_event(&events).is_none(), "{events:#?}");
    assert!(
        !events
            .iter()
            .any(|e| e["item"]["type"] == "client_tool_call"),
        "nothing for the page: {:?}",
        item_events(&events)
    );
    assert_eq!(answer_text(&events), "Sorry, I could not do that.");
    let thread = thread_id(&events);
    assert!(h
        .items(&thread)
        .await
        .iter()
        .all(|i| i["type"] != "client_tool_call"));

    let results = results(&model.requests()[1].messages);
    let errors: Vec<(&str, &str)> = results
        .iter()
        .map(|(id, out)| (id.as_str(), out["error"].as_str().expect("an error result")))
        .collect();
    assert_eq!(errors.len(), 6, "{errors:?}");
    assert!(
        errors[0]
            .1
            .contains("unknown product id \"lamp-zeppelin\"; did you mean")
            && errors[0].1.contains("lamp-aurora"),
        "{errors:?}"
    );
    assert!(errors[1].1.contains("over the limit of 99"), "{errors:?}");
    assert!(errors[2].1.contains("out of stock"), "{errors:?}");
    assert!(
        errors[3].1.contains("whole number from 1 to 99"),
        "{errors:?}"
    );
    assert!(
        errors[4].1.contains("`product_id` is required"),
        "{errors:?}"
    );
    assert!(errors[5].1.contains("takes no arguments"), "{errors:?}");
}

#[tokio::test]
async fn a_line_the_catalog_no_longer_has_can_still_be_removed() {
    let done = ModelEvent::Done { usage: None };
    let model = ScriptedModel::new([vec![
        call("c1", "cart_remove", json!({"product_id": "vase-retired"})),
        done,
    ]]);
    let h = harness(model, vec![line("vase-retired", 12.0, 1)]);
    let events = h.stream(create("remove the vase")).await;
    let item = &last_item_event(&events)["item"];
    assert_eq!(item["type"], "client_tool_call", "{events:#?}");
    assert_eq!(item["arguments"]["product_id"], "vase-retired");
}

#[tokio::test]
async fn a_page_that_never_answers_leaves_a_thread_that_still_works() {
    let mock = MockOpenAi::start().await;
    mock.push(Reply::chat_tool_call(
        "call_add1",
        "cart_add",
        &json!({"product_id": "kettle-swan"}),
    ));
    mock.push(Reply::chat_text("Here are our lamps."));
    let h = harness(chat_backend(&mock, opts()), vec![]);
    let events = h.stream(create("add the kettle")).await;
    let thread = thread_id(&events);
    assert_eq!(last_item_event(&events)["item"]["status"], "pending");

    // The page was closed before it ran the tool; the user writes again later.
    let events = h.stream(add_message(&thread, "show me lamps")).await;
    assert!(error_event(&events).is_none(), "{events:#?}");
    assert_eq!(answer_text(&events), "Here are our lamps.");
    // The unanswered call is not shown to the model (a call without its result would be refused
    // by real APIs).
    let messages = mock.requests()[1].body["messages"]
        .as_array()
        .unwrap()
        .clone();
    let roles: Vec<&str> = messages
        .iter()
        .map(|m| m["role"].as_str().unwrap())
        .collect();
    assert_eq!(roles, ["system", "user", "user"], "{messages:#?}");

    // A late answer for it is refused cleanly, and changes nothing.
    let before = h.items(&thread).await;
    let late = h
        .server
        .process(
            add_client_tool_output(&thread, json!({"items": []}))
                .to_string()
                .as_bytes(),
            (),
        )
        .await;
    assert!(late.is_err(), "the newest item is not a pending call");
    assert_eq!(h.items(&thread).await, before);
}

#[tokio::test]
async fn stopping_the_continued_answer_leaves_the_call_completed_and_the_thread_usable() {
    let mock = MockOpenAi::start().await;
    mock.push(Reply::chat_tool_call(
        "call_add1",
        "cart_add",
        &json!({"product_id": "lamp-aurora", "quantity": 2}),
    ));
    mock.push(fixture("chat/text.sse").hang_after(2));
    mock.push(Reply::chat_text("Your cart has two lamps."));
    let h = harness(chat_backend(&mock, opts()), vec![]);
    let thread = thread_id(&h.stream(create("add two aurora lamps")).await);

    let ProcessResult::Stream(mut stream) = h
        .server
        .process(
            add_client_tool_output(&thread, two_lamps())
                .to_string()
                .as_bytes(),
            (),
        )
        .await
        .unwrap()
    else {
        panic!("stream")
    };
    while let Some(event) = stream.next().await {
        if event
            .unwrap()
            .to_json()
            .windows(10)
            .any(|w| w == b"text_delta")
        {
            break;
        }
    }
    stream.cancel().await; // the user pressed Stop mid-answer

    let stored = h.items(&thread).await;
    assert_eq!(stored[1]["type"], "client_tool_call");
    assert_eq!(stored[1]["status"], "completed");
    let events = h.stream(add_message(&thread, "what's in my cart?")).await;
    assert!(error_event(&events).is_none(), "{events:#?}");
    assert_eq!(answer_text(&events), "Your cart has two lamps.");
    let messages = mock.requests()[2].body["messages"]
        .as_array()
        .unwrap()
        .clone();
    assert!(
        messages
            .iter()
            .any(|m| m["role"] == "tool" && m["tool_call_id"] == "call_add1"),
        "the completed call is still part of the history: {messages:#?}"
    );
}

#[tokio::test]
async fn a_model_that_keeps_changing_the_cart_is_told_to_answer() {
    let done = ModelEvent::Done { usage: None };
    let mut turns: Vec<Vec<ModelEvent>> = (0..=MAX_CLIENT_CALLS_PER_QUESTION)
        .map(|i| {
            vec![
                call(
                    &format!("c{i}"),
                    "cart_add",
                    json!({"product_id": "mug-ember"}),
                ),
                done.clone(),
            ]
        })
        .collect();
    turns.push(vec![
        ModelEvent::TextDelta("That is a lot of mugs.".into()),
        done,
    ]);
    let model = ScriptedModel::new(turns);
    let h = harness(model.clone(), vec![]);
    let events = h.stream(create("mugs, mugs, mugs")).await;
    let thread = thread_id(&events);
    let mut paused = 1;
    let mut last = events;
    while last_item_event(&last)["item"]["type"] == "client_tool_call" {
        assert!(paused <= MAX_CLIENT_CALLS_PER_QUESTION, "never stops");
        last = h
            .stream(add_client_tool_output(&thread, json!({"items": []})))
            .await;
        paused += 1;
    }
    assert_eq!(paused - 1, MAX_CLIENT_CALLS_PER_QUESTION);
    assert_eq!(answer_text(&last), "That is a lot of mugs.");
    let requests = model.requests();
    let refused = results(&requests.last().unwrap().messages);
    let (_, output) = refused.last().unwrap();
    assert!(
        output["error"]
            .as_str()
            .unwrap()
            .contains("tell the user what was done"),
        "{output}"
    );
}
