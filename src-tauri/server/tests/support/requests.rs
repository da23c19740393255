//! The ChatKit requests the HTTP tests build themselves (the fuzz corpus and the fixtures bring
//! the rest): starting a conversation, and walking `threads.list` / `items.list` to the end
//! over HTTP to see what the server's store holds.

use super::wire;
use serde_json::{json, Value};

/// A `threads.create` body whose user message is `text`.
pub fn create_thread(text: &str) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "type": "threads.create",
        "params": {"input": {
            "content": [{"type": "input_text", "text": text}],
            "attachments": [],
            "inference_options": {}
        }}
    }))
    .expect("JSON")
}

/// A non-streaming request's JSON answer, or why there is none.
pub async fn call_json(
    client: &reqwest::Client,
    base: &str,
    kind: &str,
    params: Value,
) -> Result<Value, String> {
    let body = serde_json::to_vec(&json!({"type": kind, "params": params})).expect("JSON");
    let response = wire::post_chatkit(client, base, body)
        .await
        .map_err(|e| format!("{kind}: {e}"))?;
    let reply = wire::read(response).await;
    if reply.status != 200 || reply.content_type != "application/json" {
        return Err(format!(
            "{kind}: HTTP {} {:?}: {}",
            reply.status,
            reply.content_type,
            reply.text()
        ));
    }
    serde_json::from_slice(&reply.body).map_err(|e| format!("{kind}: {e}"))
}

/// Every row of a paged listing (`threads.list`, or `items.list` with `thread_id` in
/// `params`), oldest first, 50 a page, following `after` while `has_more`.
pub async fn list_all(
    client: &reqwest::Client,
    base: &str,
    params: Value,
    kind: &str,
) -> Result<Vec<Value>, String> {
    let mut out = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let mut p = params.clone();
        p["limit"] = json!(50);
        p["order"] = json!("asc");
        if let Some(a) = &after {
            p["after"] = json!(a);
        }
        let page = call_json(client, base, kind, p).await?;
        out.extend(page["data"].as_array().cloned().unwrap_or_default());
        if page["has_more"] != json!(true) {
            return Ok(out);
        }
        after = page["after"].as_str().map(str::to_owned);
        if after.is_none() {
            return Err(format!("{kind}: has_more without after"));
        }
    }
}
