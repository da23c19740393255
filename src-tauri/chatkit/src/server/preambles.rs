//! The preambles of the six streaming request types (docs/PROTOCOL.md §2.3): what is loaded, checked and
//! saved before the event pipeline starts, and which events precede it. Failures here are
//! returned as `Err` (no event sent yet) or, once `thread.created` went out, as an aborted
//! stream — mirroring where the reference raises.

use super::pipeline::{AfterPrelude, StreamedResponse};
use super::responder::{ResponseStream, TurnContext};
use super::{ChatKitServer, DEFAULT_PAGE_SIZE};
use crate::errors::ChatKitError;
use crate::ids::IdKind;
use crate::run_locks::{busy_event, RunLease, RunLockError};
use crate::types::*;
use futures::StreamExt;
use std::sync::Arc;

impl<C: Send + Sync + 'static> ChatKitServer<C> {
    /// The preamble of a streaming request; returns what the response task will send and do.
    /// A request on an existing thread first takes the thread's run lease (crate::run_locks):
    /// an unknown thread is `not_found` before any lease is asked for, and a thread that stays
    /// busy for the whole run wait gets one retryable `error` event, nothing written.
    pub(super) async fn prepare_stream(
        &self,
        request: ChatKitRequest,
        ctx: Arc<C>,
    ) -> Result<StreamedResponse<C>, ChatKitError> {
        let lease = match run_thread_id(&request) {
            Some(thread_id) => {
                self.store.load_thread(thread_id, &ctx).await?;
                match self.take_run_lease(thread_id).await? {
                    Some(lease) => Some(lease),
                    None => {
                        return Ok(StreamedResponse::new(vec![busy_event()], AfterPrelude::End))
                    }
                }
            }
            None => None,
        };
        Ok(self.plan_stream(request, ctx).await?.with_lease(lease))
    }

    /// The thread's run lease; `None` when it stayed busy for the whole run wait.
    async fn take_run_lease(&self, thread_id: &str) -> Result<Option<RunLease>, ChatKitError> {
        match self.run_locks.acquire(thread_id, self.run_wait).await {
            Ok(lease) => Ok(Some(lease)),
            Err(RunLockError::Busy(_)) => {
                tracing::info!(thread_id, "thread busy with another run: request refused");
                Ok(None)
            }
            Err(e @ RunLockError::Failed(_)) => Err(ChatKitError::internal(e.to_string())),
        }
    }

    async fn plan_stream(
        &self,
        request: ChatKitRequest,
        ctx: Arc<C>,
    ) -> Result<StreamedResponse<C>, ChatKitError> {
        match request {
            ChatKitRequest::CreateThread(p) => self.create_thread(p.input, ctx).await,
            ChatKitRequest::AddUserMessage(p) => {
                let thread = self.store.load_thread(&p.thread_id, &ctx).await?;
                let message = self.user_message(&thread.id, p.input, &ctx).await?;
                self.save_user_message(&message, &ctx).await?;
                let item = ThreadItem::UserMessage(message.clone());
                let turn = self.turn(thread, ctx);
                Ok(StreamedResponse::new(
                    vec![ThreadStreamEvent::ItemDone { item }],
                    self.respond_through_pipeline(turn, Some(message), vec![]),
                ))
            }
            ChatKitRequest::AddClientToolOutput(p) => self.add_client_tool_output(p, ctx).await,
            ChatKitRequest::AddStructuredInput(p) => self.add_structured_input(p, ctx).await,
            ChatKitRequest::RetryAfterItem(p) => self.retry_after_item(p, ctx).await,
            ChatKitRequest::CustomAction(p) => self.custom_action(p, ctx).await,
            other => Err(ChatKitError::internal(format!(
                "{other:?} is not a streaming request"
            ))),
        }
    }

    /// The pipeline over `respond(turn, input)`, preceded by `first` (events the pipeline
    /// itself processes). `respond` is called lazily, after `first` went through the pipeline.
    fn respond_through_pipeline(
        &self,
        turn: TurnContext<C>,
        input: Option<UserMessageItem>,
        first: Vec<ThreadStreamEvent>,
    ) -> AfterPrelude<C> {
        let responder = self.responder.clone();
        let resp_turn = turn.clone();
        let lazy =
            futures::stream::once(async move { responder.respond(resp_turn, input) }).flatten();
        let source: ResponseStream =
            Box::pin(futures::stream::iter(first.into_iter().map(Ok)).chain(lazy));
        AfterPrelude::Pipeline { turn, source }
    }

    async fn create_thread(
        &self,
        input: UserMessageInput,
        ctx: Arc<C>,
    ) -> Result<StreamedResponse<C>, ChatKitError> {
        let thread = ThreadMetadata::new(self.ids.generate(IdKind::Thread), self.clock.now());
        // Nobody knows the new id yet, but a client may post to it once `thread.created` is out.
        let Some(lease) = self.take_run_lease(&thread.id).await? else {
            return Ok(StreamedResponse::new(vec![busy_event()], AfterPrelude::End));
        };
        self.store.save_thread(&thread, &ctx).await?;
        let mut prelude = vec![ThreadStreamEvent::ThreadCreated {
            thread: thread.to_thread(Page::default()),
        }];
        let message = match self.user_message(&thread.id, input, &ctx).await {
            Ok(message) => message,
            Err(e) => {
                return Ok(
                    StreamedResponse::new(prelude, AfterPrelude::Abort(e)).with_lease(Some(lease))
                )
            }
        };
        if let Err(e) = self.save_user_message(&message, &ctx).await {
            return Ok(
                StreamedResponse::new(prelude, AfterPrelude::Abort(e)).with_lease(Some(lease))
            );
        }
        prelude.push(ThreadStreamEvent::ItemDone {
            item: ThreadItem::UserMessage(message.clone()),
        });
        let turn = self.turn(thread, ctx);
        Ok(StreamedResponse::new(
            prelude,
            self.respond_through_pipeline(turn, Some(message), vec![]),
        )
        .with_lease(Some(lease)))
    }

    /// Build the user message: id first, then resolve the attachments (copied with `thread_id`).
    async fn user_message(
        &self,
        thread_id: &str,
        input: UserMessageInput,
        ctx: &C,
    ) -> Result<UserMessageItem, ChatKitError> {
        let id = self.ids.generate(IdKind::Message);
        let mut attachments = Vec::with_capacity(input.attachments.len());
        for attachment_id in &input.attachments {
            let mut attachment = self.store.load_attachment(attachment_id, ctx).await?;
            attachment.set_thread_id(Some(thread_id.to_owned()));
            attachments.push(attachment);
        }
        Ok(UserMessageItem {
            id,
            thread_id: thread_id.to_owned(),
            created_at: self.clock.now(),
            content: input.content,
            attachments,
            quoted_text: input.quoted_text,
            inference_options: input.inference_options,
        })
    }

    async fn save_user_message(
        &self,
        message: &UserMessageItem,
        ctx: &C,
    ) -> Result<(), ChatKitError> {
        for attachment in &message.attachments {
            self.store.save_attachment(attachment, ctx).await?;
        }
        self.store
            .add_thread_item(
                &message.thread_id,
                &ThreadItem::UserMessage(message.clone()),
                ctx,
            )
            .await?;
        Ok(())
    }

    async fn add_client_tool_output(
        &self,
        p: AddClientToolOutputParams,
        ctx: Arc<C>,
    ) -> Result<StreamedResponse<C>, ChatKitError> {
        let thread = self.store.load_thread(&p.thread_id, &ctx).await?;
        let newest = self
            .store
            .load_thread_items(&thread.id, None, 1, Order::Desc, &ctx)
            .await?;
        let mut call = match newest.data.into_iter().next() {
            Some(ThreadItem::ClientToolCall(call))
                if call.status == ClientToolCallStatus::Pending =>
            {
                call
            }
            _ => {
                return Err(ChatKitError::invalid_request(
                    "the newest item is not a pending client tool call",
                ))
            }
        };
        call.output = if p.result.is_null() {
            None
        } else {
            Some(p.result)
        };
        call.status = ClientToolCallStatus::Completed;
        let call_id = call.id.clone();
        self.store
            .save_item(&thread.id, &ThreadItem::ClientToolCall(call), &ctx)
            .await?;
        let recent = self
            .store
            .load_thread_items(&thread.id, None, DEFAULT_PAGE_SIZE, Order::Desc, &ctx)
            .await?;
        for item in recent.data {
            if let ThreadItem::ClientToolCall(other) = &item {
                if other.id != call_id && other.status == ClientToolCallStatus::Pending {
                    tracing::warn!("deleting stale pending client tool call {}", other.id);
                    self.store
                        .delete_thread_item(&thread.id, &other.id, &ctx)
                        .await?;
                }
            }
        }
        let turn = self.turn(thread, ctx);
        Ok(StreamedResponse::new(
            vec![],
            self.respond_through_pipeline(turn, None, vec![]),
        ))
    }

    async fn add_structured_input(
        &self,
        p: AddStructuredInputParams,
        ctx: Arc<C>,
    ) -> Result<StreamedResponse<C>, ChatKitError> {
        let thread = self.store.load_thread(&p.thread_id, &ctx).await?;
        let item = self.store.load_item(&thread.id, &p.item_id, &ctx).await?;
        let ThreadItem::StructuredInput(mut question) = item else {
            return Err(ChatKitError::invalid_request(format!(
                "item {} is not a structured input",
                p.item_id
            )));
        };
        if question.status != StructuredInputStatus::Pending {
            return Err(ChatKitError::invalid_request(format!(
                "structured input {} was already submitted",
                p.item_id
            )));
        }
        question.status = apply_submission(&mut question.inputs, &p.input);
        let replaced = ThreadStreamEvent::ItemReplaced {
            item: ThreadItem::StructuredInput(question),
        };
        let turn = self.turn(thread, ctx);
        Ok(StreamedResponse::new(
            vec![],
            self.respond_through_pipeline(turn, None, vec![replaced]),
        ))
    }

    async fn retry_after_item(
        &self,
        p: ItemRefParams,
        ctx: Arc<C>,
    ) -> Result<StreamedResponse<C>, ChatKitError> {
        let thread = self.store.load_thread(&p.thread_id, &ctx).await?;
        let mut newer = Vec::new();
        let mut after: Option<String> = None;
        let target = loop {
            let page = self
                .store
                .load_thread_items(
                    &thread.id,
                    after.as_deref(),
                    DEFAULT_PAGE_SIZE,
                    Order::Desc,
                    &ctx,
                )
                .await?;
            let mut found = None;
            for item in page.data {
                if item.id() == p.item_id {
                    found = Some(item);
                    break;
                }
                newer.push(item);
            }
            if found.is_some() || !page.has_more || page.after.is_none() {
                break found;
            }
            after = page.after;
        };
        let Some(target) = target else {
            return Ok(StreamedResponse::new(vec![], AfterPrelude::End));
        };
        let ThreadItem::UserMessage(message) = target else {
            return Err(ChatKitError::invalid_request(format!(
                "item {} is not a user message",
                p.item_id
            )));
        };
        for item in &newer {
            self.store
                .delete_thread_item(&thread.id, item.id(), &ctx)
                .await?;
        }
        let turn = self.turn(thread, ctx);
        Ok(StreamedResponse::new(
            vec![],
            self.respond_through_pipeline(turn, Some(message), vec![]),
        ))
    }

    async fn custom_action(
        &self,
        p: CustomActionParams,
        ctx: Arc<C>,
    ) -> Result<StreamedResponse<C>, ChatKitError> {
        let thread = self.store.load_thread(&p.thread_id, &ctx).await?;
        let sender = match &p.item_id {
            None => None,
            Some(item_id) => match self.store.load_item(&thread.id, item_id, &ctx).await? {
                ThreadItem::Widget(widget) => Some(widget),
                _ => {
                    let error = ThreadStreamEvent::Error {
                        code: crate::errors::STREAM_ERROR.into(),
                        message: None,
                        allow_retry: false,
                        retry_after_ms: None,
                    };
                    return Ok(StreamedResponse::new(vec![error], AfterPrelude::End));
                }
            },
        };
        let turn = self.turn(thread, ctx);
        let responder = self.responder.clone();
        let resp_turn = turn.clone();
        let action = p.action;
        let source =
            futures::stream::once(async move { responder.action(resp_turn, action, sender) })
                .flatten();
        Ok(StreamedResponse::new(
            vec![],
            AfterPrelude::Pipeline {
                turn,
                source: Box::pin(source),
            },
        ))
    }
}

/// The thread a streaming request runs on, `None` for `threads.create` (its id is new).
fn run_thread_id(request: &ChatKitRequest) -> Option<&str> {
    match request {
        ChatKitRequest::AddUserMessage(p) => Some(&p.thread_id),
        ChatKitRequest::AddClientToolOutput(p) => Some(&p.thread_id),
        ChatKitRequest::AddStructuredInput(p) => Some(&p.thread_id),
        ChatKitRequest::RetryAfterItem(p) => Some(&p.thread_id),
        ChatKitRequest::CustomAction(p) => Some(&p.thread_id),
        _ => None,
    }
}
