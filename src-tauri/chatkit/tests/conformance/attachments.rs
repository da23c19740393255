//! The conformance attachment (blob) store, tests/fixtures/README.md §5.2: fixed upload descriptors, `image/*`
//! ⇒ image attachment with a preview URL, deleting unknown bytes ⇒ error.

use async_trait::async_trait;
use chatkit::types::*;
use chatkit::{AttachmentStore, StoreError};
use std::collections::{BTreeMap, HashSet};
use std::sync::Mutex;

#[derive(Default)]
pub struct TestBlobs {
    created: Mutex<HashSet<String>>,
}

#[async_trait]
impl AttachmentStore<()> for TestBlobs {
    async fn create_attachment(
        &self,
        id: String,
        params: &CreateAttachmentParams,
        _ctx: &(),
    ) -> Result<Attachment, StoreError> {
        let upload_descriptor = Some(UploadDescriptor {
            url: format!("https://uploads.example.com/upload/{id}"),
            method: UploadMethod::Put,
            headers: BTreeMap::from([("x-upload-token".to_owned(), format!("token-{id}"))]),
        });
        let metadata = Some(serde_json::json!({ "size": params.size }));
        self.created.lock().unwrap().insert(id.clone());
        Ok(Attachment::pending(
            id,
            params,
            upload_descriptor,
            |id| format!("https://uploads.example.com/preview/{id}"),
            metadata,
        ))
    }

    async fn delete_attachment(&self, attachment_id: &str, _ctx: &()) -> Result<(), StoreError> {
        if self.created.lock().unwrap().remove(attachment_id) {
            Ok(())
        } else {
            Err(StoreError::NotFound(attachment_id.to_owned()))
        }
    }
}
