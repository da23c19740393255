//! Images the user attached, as image inputs for the model.
//!
//! Why: ChatKit keeps only an attachment's metadata in the thread; its bytes are wherever the
//! front door stored the upload (the app's data directory, the server's). A model API needs the
//! bytes themselves, so before a model turn the agent loop asks an [`AttachmentBytes`] for the
//! images of the conversation and puts them in as `data:` URLs, which both OpenAI backends send
//! as image inputs (`input_image` for Responses, `image_url` for Chat Completions). What is not
//! sent (a file, a type the APIs do not take, an image too large, or older than the newest
//! [`MAX_IMAGES_SENT`]) stays a sentence with its name and type ([`ModelAttachment::note`]).

use base64::Engine;
use chatkit::store::blobs::{AttachmentId, BlobDir};

use crate::model::{ModelAttachment, ModelMessage};

/// Largest image sent to a model, in bytes (before base64).
pub const MAX_MODEL_IMAGE_BYTES: usize = 8 * 1024 * 1024;

/// How many images (the newest) one model request carries.
pub const MAX_IMAGES_SENT: usize = 4;

/// Image types the OpenAI APIs accept as image input.
const MODEL_IMAGE_TYPES: [&str; 4] = ["image/png", "image/jpeg", "image/gif", "image/webp"];

/// Where uploaded attachment bytes are read.
#[async_trait::async_trait]
pub trait AttachmentBytes: Send + Sync {
    /// The complete bytes of `owner`'s attachment `id` (`owner` as in `chatkit::StoreScope`),
    /// or `None` (unknown, not uploaded, another user's, unreadable).
    async fn read(&self, owner: Option<&str>, id: &str) -> Option<Vec<u8>>;
}

#[async_trait::async_trait]
impl AttachmentBytes for BlobDir {
    async fn read(&self, owner: Option<&str>, id: &str) -> Option<Vec<u8>> {
        let id = AttachmentId::parse(id)?;
        let read = match self.for_owner(owner) {
            Ok(dir) => dir.read(&id).await,
            Err(e) => Err(e),
        };
        match read {
            Ok(bytes) => bytes,
            Err(e) => {
                tracing::warn!(attachment = id.as_str(), error = %e, "cannot read an attachment for the model");
                None
            }
        }
    }
}

/// Fills `image_data_url` of the newest images in `messages` that a model can take.
pub async fn attach_images(
    messages: &mut [ModelMessage],
    bytes: &dyn AttachmentBytes,
    owner: Option<&str>,
) {
    let mut sent = 0;
    for message in messages.iter_mut().rev() {
        let ModelMessage::Attachments { attachments } = message else {
            continue;
        };
        for attachment in attachments.iter_mut().rev() {
            if sent >= MAX_IMAGES_SENT {
                return;
            }
            if let Some(url) = data_url(attachment, bytes, owner).await {
                attachment.image_data_url = Some(url);
                sent += 1;
            }
        }
    }
}

async fn data_url(
    attachment: &ModelAttachment,
    bytes: &dyn AttachmentBytes,
    owner: Option<&str>,
) -> Option<String> {
    let mime = attachment.mime_type.to_ascii_lowercase();
    if !attachment.is_image || !MODEL_IMAGE_TYPES.contains(&mime.as_str()) {
        return None;
    }
    let data = bytes.read(owner, &attachment.id).await?;
    if data.is_empty() || data.len() > MAX_MODEL_IMAGE_BYTES {
        return None;
    }
    let encoded = base64::engine::general_purpose::STANDARD.encode(data);
    Some(format!("data:{mime};base64,{encoded}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    struct Fixed(HashMap<String, Vec<u8>>);

    #[async_trait::async_trait]
    impl AttachmentBytes for Fixed {
        async fn read(&self, owner: Option<&str>, id: &str) -> Option<Vec<u8>> {
            let key = match owner {
                None => id.to_owned(),
                Some(user) => format!("{user}/{id}"),
            };
            self.0.get(&key).cloned()
        }
    }

    fn attachment(id: &str, mime: &str, is_image: bool) -> ModelAttachment {
        ModelAttachment {
            id: id.into(),
            name: format!("{id}.bin"),
            mime_type: mime.into(),
            is_image,
            image_data_url: None,
        }
    }

    #[tokio::test]
    async fn only_readable_images_of_model_types_become_data_urls() {
        let store = Fixed(HashMap::from([
            ("atc_png".to_string(), vec![1, 2, 3]),
            ("atc_pdf".to_string(), vec![4]),
            ("atc_svg".to_string(), b"<svg/>".to_vec()),
        ]));
        let mut messages = vec![ModelMessage::Attachments {
            attachments: vec![
                attachment("atc_png", "image/PNG", true),
                attachment("atc_pdf", "application/pdf", false),
                attachment("atc_svg", "image/svg+xml", true),
                attachment("atc_gone", "image/png", true),
            ],
        }];
        attach_images(&mut messages, &store, None).await;
        let ModelMessage::Attachments { attachments } = &messages[0] else {
            unreachable!()
        };
        let urls: Vec<_> = attachments
            .iter()
            .map(|a| a.image_data_url.as_deref())
            .collect();
        assert_eq!(
            urls,
            vec![Some("data:image/png;base64,AQID"), None, None, None]
        );
    }

    #[tokio::test]
    async fn only_the_newest_images_are_sent() {
        let ids: Vec<String> = (0..6).map(|i| format!("atc_{i}")).collect();
        let store = Fixed(ids.iter().map(|id| (id.clone(), vec![7])).collect());
        let mut messages: Vec<ModelMessage> = ids
            .iter()
            .map(|id| ModelMessage::Attachments {
                attachments: vec![attachment(id, "image/jpeg", true)],
            })
            .collect();
        attach_images(&mut messages, &store, None).await;
        let with_bytes: Vec<bool> = messages
            .iter()
            .map(|m| matches!(m, ModelMessage::Attachments { attachments } if attachments[0].image_data_url.is_some()))
            .collect();
        assert_eq!(with_bytes, vec![false, false, true, true, true, true]);
    }

    #[tokio::test]
    async fn a_user_s_images_are_read_from_that_user_s_blobs_only() {
        let nanos = std::time::SystemTime::UNIX_EPOCH
            .elapsed()
            .unwrap()
            .as_nanos();
        let root = std::env::temp_dir().join(format!("shop-blobs-{}-{nanos}", std::process::id()));
        let blobs = BlobDir::open(&root).unwrap();
        let id = AttachmentId::parse("atc_mine").unwrap();
        blobs
            .for_owner(Some("alice"))
            .unwrap()
            .write(&id, vec![7, 7])
            .await
            .unwrap();
        let read = |owner| AttachmentBytes::read(&blobs, owner, "atc_mine");
        assert_eq!(read(Some("alice")).await, Some(vec![7, 7]));
        assert_eq!(
            read(Some("bob")).await,
            None,
            "another user's upload is not there"
        );
        assert_eq!(
            read(None).await,
            None,
            "an unscoped reader does not see users' uploads"
        );
        std::fs::remove_dir_all(root).unwrap();
    }
}
