//! Attachments reach the model: both OpenAI backends, over real HTTP to the mock server, send an
//! image the responder read as an image input (`input_image` for Responses, `image_url` for Chat
//! Completions) with its `data:` URL, and any other attachment as a sentence with its name and
//! type; the offline model names what was attached before its answer.

use crate::support::*;
use serde_json::json;
use shop::model::{
    ChatCompletionsBackend, ModelAttachment, ModelBackend, ModelEvent, ModelMessage, ModelRequest,
    OfflineModel, ResponsesBackend,
};
use shop::testing::MockOpenAi;

const DATA_URL: &str = "data:image/png;base64,iVBORw0KGgo=";

fn messages() -> Vec<ModelMessage> {
    vec![
        ModelMessage::Attachments {
            attachments: vec![
                ModelAttachment {
                    id: "atc_1".into(),
                    name: "lamp.png".into(),
                    mime_type: "image/png".into(),
                    is_image: true,
                    image_data_url: Some(DATA_URL.into()),
                },
                ModelAttachment {
                    id: "atc_2".into(),
                    name: "specs.pdf".into(),
                    mime_type: "application/pdf".into(),
                    is_image: false,
                    image_data_url: None,
                },
            ],
        },
        ModelMessage::User {
            text: "what is this?".into(),
        },
    ]
}

const PDF_NOTE: &str = "[The user attached a file: \"specs.pdf\" (application/pdf); its contents are not available to you]";

#[tokio::test]
async fn chat_completions_sends_images_as_image_url_parts() {
    let server = MockOpenAi::start().await;
    server.push(fixture("chat/text.sse"));
    let backend = ChatCompletionsBackend::new(&server.base_url(), None, "llava", opts()).unwrap();
    let request = ModelRequest {
        messages: messages(),
        ..ModelRequest::default()
    };
    let (_, error) = collect(backend.stream(request).await.unwrap()).await;
    assert!(error.is_none(), "{error:?}");
    let body = &server.requests()[0].body;
    assert_eq!(
        body["messages"],
        json!([
            {"role": "user", "content": [
                {"type": "image_url", "image_url": {"url": DATA_URL}},
                {"type": "text", "text": PDF_NOTE},
            ]},
            {"role": "user", "content": "what is this?"},
        ])
    );
}

#[tokio::test]
async fn responses_sends_images_as_input_image_parts() {
    let server = MockOpenAi::start().await;
    server.push(fixture("responses/text.sse"));
    let backend =
        ResponsesBackend::new(&server.base_url(), Some("sk-test"), "gpt-4.1-mini", opts()).unwrap();
    let request = ModelRequest {
        messages: messages(),
        ..ModelRequest::default()
    };
    let (_, error) = collect(backend.stream(request).await.unwrap()).await;
    assert!(error.is_none(), "{error:?}");
    let body = &server.requests()[0].body;
    assert_eq!(
        body["input"],
        json!([
            {"type": "message", "role": "user", "content": [
                {"type": "input_image", "image_url": DATA_URL},
                {"type": "input_text", "text": PDF_NOTE},
            ]},
            {"type": "message", "role": "user", "content": "what is this?"},
        ])
    );
}

#[tokio::test]
async fn the_offline_model_names_the_attachments_before_its_answer() {
    let model = OfflineModel::bundled(std::time::Duration::ZERO);
    let request = ModelRequest {
        messages: messages(),
        ..ModelRequest::default()
    };
    let (events, error) = collect(model.stream(request).await.unwrap()).await;
    assert!(error.is_none(), "{error:?}");
    let said = text(&events);
    assert!(
        said.starts_with("I received your attachments \"lamp.png\", \"specs.pdf\"."),
        "{said}"
    );
    // Without attachments the same question gets no acknowledgement.
    let plain = ModelRequest {
        messages: vec![ModelMessage::User {
            text: "what is this?".into(),
        }],
        ..ModelRequest::default()
    };
    let (events, _) = collect(model.stream(plain).await.unwrap()).await;
    assert!(!text(&events).contains("I received"), "{events:?}");
    assert!(matches!(events.last(), Some(ModelEvent::Done { .. })));
}
