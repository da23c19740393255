//! The two export formats of a conversation, as pure functions of the thread and its items.
//!
//! * **JSON** — the thread exactly as `threads.get_by_id` shapes it (ChatKit wire JSON), but
//!   with *every* visible item in `items.data` (`has_more: false`), wrapped with what the file
//!   is: `{ "format": "shopdesk.thread", "version": 1, "exported_at", "thread": {…} }`. A
//!   program can read it back with any ChatKit `Thread` type.
//! * **Markdown** — for people: a title, one section per message (`### You`, `### Shopdesk`),
//!   assistant text as written (it is Markdown already), a widget as its `copy_text` (else the
//!   texts of its components), a tool call, workflow or image as one line. Hidden items are
//!   never exported (the caller loads visible ones only, like `items.list`).

use chatkit::types::{Page, ThreadItem, ThreadMetadata, UserMessageContent};
use serde_json::{json, Value};

/// What the JSON export says it is.
pub const JSON_FORMAT: &str = "shopdesk.thread";
/// Its version; a reader refuses a newer one.
pub const JSON_VERSION: u32 = 1;

/// The JSON export (see the module docs), pretty-printed, ending in a newline.
pub fn to_json(thread: &ThreadMetadata, items: &[ThreadItem], exported_at: &str) -> String {
    let page = Page {
        data: items.to_vec(),
        has_more: false,
        after: None,
    };
    let doc = json!({
        "format": JSON_FORMAT,
        "version": JSON_VERSION,
        "exported_at": exported_at,
        "thread": thread.to_thread(page),
    });
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".into());
    text.push('\n');
    text
}

/// The Markdown export (see the module docs), ending in a newline.
pub fn to_markdown(thread: &ThreadMetadata, items: &[ThreadItem], exported_at: &str) -> String {
    let title = thread
        .title
        .as_deref()
        .map(one_line)
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| "Conversation".into());
    let mut out = format!(
        "# {title}\n\n*Exported from Shopdesk on {exported_at}. Started {}; thread `{}`.*\n",
        thread.created_at, thread.id
    );
    let mut last_speaker = "";
    for item in items {
        let (speaker, body) = match item {
            ThreadItem::UserMessage(m) => ("You", user_text(&m.content, m.quoted_text.as_deref())),
            ThreadItem::AssistantMessage(m) => (
                "Shopdesk",
                m.content
                    .iter()
                    .map(|c| c.text.trim().to_owned())
                    .collect::<Vec<_>>()
                    .join("\n\n"),
            ),
            ThreadItem::Widget(w) => ("Shopdesk", widget_text(w.copy_text.as_deref(), &w.widget)),
            ThreadItem::ClientToolCall(c) => {
                ("Shopdesk", format!("*Tool call `{}`*", one_line(&c.name)))
            }
            ThreadItem::GeneratedImage(_) => ("Shopdesk", "*An image*".into()),
            ThreadItem::Workflow(_) | ThreadItem::Task(_) | ThreadItem::StructuredInput(_) => {
                ("Shopdesk", titles_of(item))
            }
            ThreadItem::EndOfTurn(_)
            | ThreadItem::HiddenContext(_)
            | ThreadItem::SdkHiddenContext(_) => continue,
        };
        if body.trim().is_empty() {
            continue;
        }
        if speaker != last_speaker {
            out.push_str(&format!("\n### {speaker}\n"));
            last_speaker = speaker;
        }
        out.push('\n');
        out.push_str(body.trim_end());
        out.push('\n');
    }
    out
}

fn user_text(content: &[UserMessageContent], quoted: Option<&str>) -> String {
    let mut text = String::new();
    if let Some(q) = quoted.filter(|q| !q.trim().is_empty()) {
        for line in q.lines() {
            text.push_str(&format!("> {line}\n"));
        }
        text.push('\n');
    }
    for part in content {
        match part {
            UserMessageContent::Text { text: t } => text.push_str(t),
            UserMessageContent::Tag { text: t, .. } => text.push_str(t),
        }
    }
    text
}

/// A widget's `copy_text`, else the `value`s of its text components, one per line.
fn widget_text(copy_text: Option<&str>, widget: &Value) -> String {
    if let Some(copy) = copy_text.filter(|c| !c.trim().is_empty()) {
        return copy.to_owned();
    }
    let mut lines = Vec::new();
    collect_strings(widget, &["value"], &mut lines);
    lines.join("\n")
}

/// The `title`s and `content`s of a workflow, task or form, as a bullet list.
fn titles_of(item: &ThreadItem) -> String {
    let value = serde_json::to_value(item).unwrap_or(Value::Null);
    let mut lines = Vec::new();
    collect_strings(&value, &["title", "content", "label"], &mut lines);
    lines
        .iter()
        .map(|l| format!("- {}", one_line(l)))
        .collect::<Vec<_>>()
        .join("\n")
}

fn collect_strings(value: &Value, keys: &[&str], out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                match v {
                    Value::String(s) if keys.contains(&k.as_str()) && !s.trim().is_empty() => {
                        out.push(s.clone())
                    }
                    _ => collect_strings(v, keys, out),
                }
            }
        }
        Value::Array(list) => list.iter().for_each(|v| collect_strings(v, keys, out)),
        _ => {}
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A file name for the export: the title's letters and digits (at most 40), then the thread
/// id's, then the extension — never a path separator, never empty.
pub fn file_name(thread: &ThreadMetadata, extension: &str) -> String {
    let slug = |text: &str, max: usize| -> String {
        let mut s = String::new();
        for c in text.chars() {
            if c.is_ascii_alphanumeric() {
                s.push(c.to_ascii_lowercase());
            } else if !s.ends_with('-') && !s.is_empty() {
                s.push('-');
            }
            if s.len() >= max {
                break;
            }
        }
        s.trim_matches('-').to_owned()
    };
    let title = slug(thread.title.as_deref().unwrap_or("conversation"), 40);
    let title = if title.is_empty() {
        "conversation".to_owned()
    } else {
        title
    };
    let id = slug(&thread.id, 40);
    format!("{title}-{id}.{extension}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn thread(title: Option<&str>) -> ThreadMetadata {
        let mut t = ThreadMetadata::new(
            "thr_abc",
            chatkit::Timestamp::parse("2026-01-02T03:04:05Z").unwrap(),
        );
        t.title = title.map(str::to_owned);
        t
    }

    fn items() -> Vec<ThreadItem> {
        let base = |id: &str, body: Value| {
            let mut v =
                json!({"id": id, "thread_id": "thr_abc", "created_at": "2026-01-02T03:04:06Z"});
            v.as_object_mut()
                .unwrap()
                .extend(body.as_object().unwrap().clone());
            serde_json::from_value::<ThreadItem>(v).unwrap()
        };
        vec![
            base(
                "m1",
                json!({"type": "user_message", "content": [{"type": "input_text", "text": "show me lamps"}], "attachments": [], "inference_options": {}}),
            ),
            base(
                "m2",
                json!({"type": "assistant_message", "content": [{"type": "output_text", "text": "Here are **two** lamps:", "annotations": []}]}),
            ),
            base(
                "w1",
                json!({"type": "widget", "widget": {"type": "Card", "children": [{"type": "Text", "value": "Aurora Desk Lamp"}, {"type": "Text", "value": "$49.99"}]}}),
            ),
            base(
                "w2",
                json!({"type": "widget", "copy_text": "Cart: 1 item", "widget": {"type": "Card", "children": []}}),
            ),
            base("e1", json!({"type": "end_of_turn"})),
            base(
                "m3",
                json!({"type": "user_message", "content": [{"type": "input_text", "text": "thanks"}], "attachments": [], "inference_options": {}}),
            ),
        ]
    }

    #[test]
    fn markdown_has_the_title_the_speakers_and_the_widget_text() {
        let md = to_markdown(
            &thread(Some("Desk\nlamps")),
            &items(),
            "2026-01-03T00:00:00Z",
        );
        let expected = "# Desk lamps\n\n\
            *Exported from Shopdesk on 2026-01-03T00:00:00Z. Started 2026-01-02T03:04:05Z; thread `thr_abc`.*\n\
            \n### You\n\nshow me lamps\n\
            \n### Shopdesk\n\nHere are **two** lamps:\n\nAurora Desk Lamp\n$49.99\n\nCart: 1 item\n\
            \n### You\n\nthanks\n";
        assert_eq!(md, expected);
        assert!(to_markdown(&thread(None), &[], "t").starts_with("# Conversation\n"));
    }

    #[test]
    fn json_is_the_wire_thread_with_every_item() {
        let text = to_json(&thread(Some("Lamps")), &items(), "2026-01-03T00:00:00Z");
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["format"], JSON_FORMAT);
        assert_eq!(v["version"], JSON_VERSION);
        assert_eq!(v["thread"]["id"], "thr_abc");
        assert_eq!(v["thread"]["title"], "Lamps");
        assert_eq!(v["thread"]["items"]["data"].as_array().unwrap().len(), 6);
        assert_eq!(v["thread"]["items"]["has_more"], false);
        let back: chatkit::types::Thread = serde_json::from_value(v["thread"].clone()).unwrap();
        assert_eq!(back.items.data, items(), "reads back as a ChatKit Thread");
        assert!(text.ends_with("}\n"));
    }

    #[test]
    fn file_names_are_safe() {
        assert_eq!(
            file_name(&thread(Some("Desk lamps!")), "md"),
            "desk-lamps-thr-abc.md"
        );
        assert_eq!(
            file_name(&thread(Some("../../etc/passwd")), "json"),
            "etc-passwd-thr-abc.json"
        );
        assert_eq!(
            file_name(&thread(Some("ランプ")), "md"),
            "conversation-thr-abc.md"
        );
        assert_eq!(file_name(&thread(None), "md"), "conversation-thr-abc.md");
    }
}
