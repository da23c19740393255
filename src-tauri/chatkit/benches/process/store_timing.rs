//! The process bench's store-call timing: a [`Store`] that forwards every call to the store
//! under test and adds the call's wall time per method, and the replay that prints it.
//! Why: on a busy 2-core machine the whole replay's wall time swings with the load; the time
//! spent inside store calls is what tells the SQLite store's own cost apart from the server's
//! work (docs/ARCHITECTURE.md, decision 18).
use super::{Opener, Replay, KINDS};
use chatkit::types::{Attachment, Order, Page, ThreadItem, ThreadMetadata};
use chatkit::{Store, StoreError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A store that forwards every call to `inner` and adds the call's wall time to `spent` (per
/// method): how long the store itself takes per replay, apart from the server's own work.
struct Timed {
    inner: Arc<dyn Store<()>>,
    spent: Arc<Mutex<[(Duration, usize); METHODS.len()]>>,
}

macro_rules! timed {
    ($self:ident, $i:expr, $call:expr) => {{
        let t = Instant::now();
        let out = $call.await;
        let mut spent = $self.spent.lock().unwrap();
        spent[$i].0 += t.elapsed();
        spent[$i].1 += 1;
        out
    }};
}

const METHODS: [&str; 12] = [
    "load_thread",
    "save_thread",
    "load_threads",
    "delete_thread",
    "load_thread_items",
    "add_thread_item",
    "save_item",
    "load_item",
    "delete_thread_item",
    "save_attachment",
    "load_attachment",
    "delete_attachment",
];

#[chatkit::async_trait]
impl Store<()> for Timed {
    async fn load_thread(&self, id: &str, c: &()) -> Result<ThreadMetadata, StoreError> {
        timed!(self, 0, self.inner.load_thread(id, c))
    }
    async fn save_thread(&self, t: &ThreadMetadata, c: &()) -> Result<(), StoreError> {
        timed!(self, 1, self.inner.save_thread(t, c))
    }
    async fn load_threads(
        &self,
        limit: usize,
        after: Option<&str>,
        order: Order,
        c: &(),
    ) -> Result<Page<ThreadMetadata>, StoreError> {
        timed!(self, 2, self.inner.load_threads(limit, after, order, c))
    }
    async fn delete_thread(&self, id: &str, c: &()) -> Result<(), StoreError> {
        timed!(self, 3, self.inner.delete_thread(id, c))
    }
    async fn load_thread_items(
        &self,
        id: &str,
        after: Option<&str>,
        limit: usize,
        order: Order,
        c: &(),
    ) -> Result<Page<ThreadItem>, StoreError> {
        timed!(
            self,
            4,
            self.inner.load_thread_items(id, after, limit, order, c)
        )
    }
    async fn add_thread_item(&self, id: &str, i: &ThreadItem, c: &()) -> Result<(), StoreError> {
        timed!(self, 5, self.inner.add_thread_item(id, i, c))
    }
    async fn save_item(&self, id: &str, i: &ThreadItem, c: &()) -> Result<(), StoreError> {
        timed!(self, 6, self.inner.save_item(id, i, c))
    }
    async fn load_item(&self, id: &str, item: &str, c: &()) -> Result<ThreadItem, StoreError> {
        timed!(self, 7, self.inner.load_item(id, item, c))
    }
    async fn delete_thread_item(&self, id: &str, item: &str, c: &()) -> Result<(), StoreError> {
        timed!(self, 8, self.inner.delete_thread_item(id, item, c))
    }
    async fn save_attachment(&self, a: &Attachment, c: &()) -> Result<(), StoreError> {
        timed!(self, 9, self.inner.save_attachment(a, c))
    }
    async fn load_attachment(&self, id: &str, c: &()) -> Result<Attachment, StoreError> {
        timed!(self, 10, self.inner.load_attachment(id, c))
    }
    async fn delete_attachment(&self, id: &str, c: &()) -> Result<(), StoreError> {
        timed!(self, 11, self.inner.delete_attachment(id, c))
    }
}

/// Replay `rounds` times per store with every call timed; print each store's time in store
/// calls per replay (the fastest round) and, per method, its calls and mean time.
pub(super) fn time_store_calls(
    replay: &Replay,
    opener: &Opener,
    rt: &tokio::runtime::Runtime,
    rounds: usize,
) {
    for kind in KINDS {
        let mut best: Option<[(Duration, usize); METHODS.len()]> = None;
        for _ in 0..rounds {
            let spent = Arc::new(Mutex::new([(Duration::ZERO, 0); METHODS.len()]));
            let stores = opener
                .open(kind, replay.scenarios.len())
                .into_iter()
                .map(|inner| {
                    let spent = spent.clone();
                    Arc::new(Timed { inner, spent }) as Arc<dyn Store<()>>
                })
                .collect();
            let (_, stores) = rt.block_on(replay.run(stores));
            opener.close(stores);
            let spent = *spent.lock().unwrap();
            let total =
                |s: &[(Duration, usize); METHODS.len()]| s.iter().map(|m| m.0).sum::<Duration>();
            if best.as_ref().is_none_or(|b| total(&spent) < total(b)) {
                best = Some(spent);
            }
        }
        let best = best.expect("rounds > 0");
        let total: Duration = best.iter().map(|m| m.0).sum();
        let calls: usize = best.iter().map(|m| m.1).sum();
        let per_method: Vec<String> = METHODS
            .iter()
            .zip(best)
            .filter(|(_, (_, n))| *n > 0)
            .map(|(name, (t, n))| format!("{name} {n}x{:.1}us", t.as_secs_f64() * 1e6 / n as f64))
            .collect();
        println!(
            "process: store calls ({}): {:.2} ms per replay, {calls} calls (fastest of {rounds}): {}",
            kind.name(),
            total.as_secs_f64() * 1e3,
            per_method.join(", "),
        );
    }
}
