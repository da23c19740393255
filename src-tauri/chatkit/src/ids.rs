//! Id generation, injectable so golden runs get predictable ids.
//!
//! The reference SDK names ids `<prefix>_` + 8 hex characters ([`RandomIds`]); the conformance
//! fixtures use one zero-padded counter per prefix ([`CounterIds`], `msg_0001`, `thr_0001` …).

use std::collections::HashMap;
use std::sync::Mutex;

/// What an id is for; decides its prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IdKind {
    Thread,
    /// User/assistant messages, widgets, generated images, structured inputs, hidden context, end of turn.
    Message,
    ToolCall,
    Workflow,
    Task,
    Attachment,
    SdkHiddenContext,
}

impl IdKind {
    pub fn prefix(self) -> &'static str {
        match self {
            IdKind::Thread => "thr",
            IdKind::Message => "msg",
            IdKind::ToolCall => "tc",
            IdKind::Workflow => "wf",
            IdKind::Task => "tsk",
            IdKind::Attachment => "atc",
            IdKind::SdkHiddenContext => "shcx",
        }
    }
}

/// Allocates ids for threads, items and attachments.
pub trait IdGenerator: Send + Sync {
    fn generate(&self, kind: IdKind) -> String;
}

/// Default ids: `<prefix>_` + the first 8 hex digits of a random UUID v4.
#[derive(Debug, Default, Clone, Copy)]
pub struct RandomIds;

impl IdGenerator for RandomIds {
    fn generate(&self, kind: IdKind) -> String {
        let hex = uuid::Uuid::new_v4().simple().to_string();
        format!("{}_{}", kind.prefix(), &hex[..8])
    }
}

/// Deterministic ids: one counter per prefix, starting at 1, zero-padded to 4 digits.
#[derive(Debug, Default)]
pub struct CounterIds {
    counters: Mutex<HashMap<&'static str, u64>>,
}

impl CounterIds {
    pub fn new() -> Self {
        Self::default()
    }
}

impl IdGenerator for CounterIds {
    fn generate(&self, kind: IdKind) -> String {
        let mut counters = self.counters.lock().unwrap_or_else(|e| e.into_inner());
        let n = counters.entry(kind.prefix()).or_insert(0);
        *n += 1;
        format!("{}_{:04}", kind.prefix(), n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_are_per_prefix() {
        let ids = CounterIds::new();
        assert_eq!(ids.generate(IdKind::Thread), "thr_0001");
        assert_eq!(ids.generate(IdKind::Message), "msg_0001");
        assert_eq!(ids.generate(IdKind::Message), "msg_0002");
        assert_eq!(ids.generate(IdKind::Thread), "thr_0002");
    }

    #[test]
    fn random_ids_have_prefix_and_eight_hex() {
        let id = RandomIds.generate(IdKind::SdkHiddenContext);
        let (prefix, hex) = id.split_once('_').unwrap();
        assert_eq!(prefix, "shcx");
        assert_eq!(hex.len(), 8);
        assert!(hex.chars().all(|c| c.is_ascii_hexdigit()));
    }
}
