//! The shopping assistant as a ChatKit [`Responder`]: the one place where the ChatKit server,
//! the model backends and the shop's tools meet.
//!
//! * `respond` runs the agent loop ([`agent_loop`]) over the thread's history ([`history`]): the model's
//!   text streams as an assistant message, its tool calls run the shop's tools (which stream
//!   widgets and progress lines into the thread), and the results go back to the model. A call
//!   of a cart tool is sent to the page as a pending client tool call instead, and the page's
//!   `threads.add_client_tool_output` makes `respond` continue the turn.
//! * `action` handles the server actions of the shop's widgets (`product.details`,
//!   `cart.checkout`) through the tools module, and the Retry of a failure marker
//!   ([`failed_turn`]: a failed turn leaves a marker in the thread).
//! * One response per thread at a time ([`thread_lock`]); a new thread is titled after its first message.
//! * A model turn that fails before any output is retried ([`model_retry`]).
//!
//! Which model answers is asked of a [`BackendSource`] at the start of every response, so a
//! settings change applies to the next message without restarting anything.

mod agent_loop;
pub mod attachments;
mod failed_turn;
mod history;
pub mod model_retry;
mod prompt;
mod thread_lock;

use std::sync::Arc;

use chatkit::types::{Action, UserMessageItem, WidgetItem};
use chatkit::{
    error_stream, event_stream, Responder, ResponseStream, StoreScope, StreamError, TurnContext,
};
use serde_json::Value;

pub use agent_loop::MAX_CLIENT_CALLS_PER_QUESTION;
pub use history::{summarize_widget, to_model_messages, user_text, HISTORY_WINDOW};
pub use model_retry::RetryPolicy;
pub use prompt::{INSTRUCTIONS, TURN_LIMIT_NOTE};
pub use thread_lock::{RunClaim, RunningThreads};

use crate::model::{ModelBackend, ModelError};
use crate::tools::{handle_action, ToolEnv, ToolRegistry};
use crate::widgets::action_configs::RETRY_FAILED_REPLY;

/// Where the assistant gets its model for the next response.
pub trait BackendSource: Send + Sync {
    /// The backend to use now; an `Err` (bad settings) becomes the response's error event.
    fn backend(&self) -> Result<Arc<dyn ModelBackend>, ModelError>;
}

/// Always the same backend (tests, or a fixed configuration).
pub struct FixedBackend(pub Arc<dyn ModelBackend>);

impl BackendSource for FixedBackend {
    fn backend(&self) -> Result<Arc<dyn ModelBackend>, ModelError> {
        Ok(self.0.clone())
    }
}

/// The message shown when a second response is asked for while one is running in the thread.
pub const BUSY_MESSAGE: &str =
    "Shopdesk is still answering in this conversation. Wait for that answer to finish, or press Stop.";

/// Longest automatic thread title, in characters.
const TITLE_CHARS: usize = 48;

/// The shop's responder.
pub struct ShopAssistant {
    backends: Arc<dyn BackendSource>,
    tools: ToolRegistry,
    env: ToolEnv,
    max_model_turns: usize,
    retry: RetryPolicy,
    running: RunningThreads,
    attachment_bytes: Option<Arc<dyn attachments::AttachmentBytes>>,
}

impl ShopAssistant {
    /// An assistant with the shop's tools over `env` (catalog, cart, pacing).
    pub fn new(backends: Arc<dyn BackendSource>, env: ToolEnv) -> Self {
        Self {
            backends,
            tools: ToolRegistry::shop(),
            env,
            max_model_turns: 6,
            retry: RetryPolicy::default(),
            running: RunningThreads::default(),
            attachment_bytes: None,
        }
    }

    /// Where the bytes of uploaded attachments are read, so images reach the model as image
    /// inputs. Without it the model reads each attachment's name and type only.
    pub fn with_attachment_bytes(mut self, bytes: Arc<dyn attachments::AttachmentBytes>) -> Self {
        self.attachment_bytes = Some(bytes);
        self
    }

    /// How many model requests one response may make (each tool round trip is one). Default 6.
    pub fn with_max_model_turns(mut self, turns: usize) -> Self {
        self.max_model_turns = turns.max(1);
        self
    }

    /// How model failures before any output are retried (default: [`RetryPolicy::default`]).
    pub fn with_retry_policy(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// Threads with a response running right now.
    pub fn running(&self) -> &RunningThreads {
        &self.running
    }
}

impl<C: StoreScope + Send + Sync + 'static> Responder<C> for ShopAssistant {
    fn respond(
        self: Arc<Self>,
        turn: TurnContext<C>,
        input: Option<UserMessageItem>,
    ) -> ResponseStream {
        let Some(claim) = self.running.claim(&turn.thread_id()) else {
            return error_stream(StreamError::Custom {
                message: BUSY_MESSAGE.into(),
                allow_retry: true,
            });
        };
        if let Some(message) = &input {
            title_new_thread(&turn, message);
        }
        let model = input
            .as_ref()
            .and_then(|m| m.inference_options.model.clone());
        event_stream(move |out| async move {
            let _claim = claim; // released when the response ends or is dropped
            agent_loop::run(self, turn, model, out).await
        })
    }

    fn action(
        self: Arc<Self>,
        turn: TurnContext<C>,
        action: Action,
        _sender: Option<WidgetItem>,
    ) -> ResponseStream {
        let payload = action.payload.clone().unwrap_or(Value::Null);
        if action.kind == RETRY_FAILED_REPLY {
            let Some(claim) = self.running.claim(&turn.thread_id()) else {
                return error_stream(StreamError::Custom {
                    message: BUSY_MESSAGE.into(),
                    allow_retry: true,
                });
            };
            return event_stream(move |out| async move {
                let _claim = claim;
                failed_turn::retry_failed_reply(self, turn, &payload, out).await
            });
        }
        event_stream(move |mut out| async move {
            let mut ctx = self.env.context(&turn, &mut out);
            match handle_action(&action.kind, &payload, &mut ctx).await? {
                Some(_) => Ok(()),
                None => Err(StreamError::custom(format!(
                    "Shopdesk does not know the action {:?}.",
                    action.kind
                ))),
            }
        })
    }
}

/// Give an untitled thread a title from its first message (the pipeline then sends
/// `thread.updated`).
fn title_new_thread<C: Send + Sync + 'static>(turn: &TurnContext<C>, message: &UserMessageItem) {
    let text = user_text(message);
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.is_empty() || turn.thread().snapshot().title.is_some() {
        return;
    }
    let mut title = String::new();
    for word in words {
        if title.chars().count() + word.chars().count() + 1 > TITLE_CHARS {
            if title.is_empty() {
                title = word.chars().take(TITLE_CHARS - 1).collect();
            }
            title.push('…');
            break;
        }
        if !title.is_empty() {
            title.push(' ');
        }
        title.push_str(word);
    }
    let mut chars = title.chars();
    let title = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => title,
    };
    turn.thread().update(|thread| thread.title = Some(title));
}
