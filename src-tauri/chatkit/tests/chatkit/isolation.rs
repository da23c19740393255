//! Per-user isolation at the store level (`chatkit::store::scope`, docs/ARCHITECTURE.md
//! Contract 6), written once against `dyn Store<As>` and run on every store [`store_factories`]
//! returns: user B aims every store call at user A's ids and gets exactly what an unknown id
//! gets (`NotFound` / an empty page / a no-op), A's rows stay as they were, lists never show the
//! other user's threads, unowned rows are the unscoped context's only. Then random interleavings
//! of both users' calls, after which every thread's owner is checked.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use chatkit::store::sqlite::SqliteStore;
use chatkit::types::{Order, ThreadItem};
use chatkit::{MemoryStore, Store, StoreError, StoreScope};
use proptest::prelude::*;

use crate::sqlite_store::contract::{attachment, item, thread};

/// A request context acting for one user (`None` = unscoped, the desktop app's case).
#[derive(Clone, Copy, Debug)]
pub struct As(pub Option<&'static str>);

impl StoreScope for As {
    fn owner(&self) -> Option<&str> {
        self.0
    }
}

pub(crate) const A: As = As(Some("alice"));
const B: As = As(Some("bob"));
pub(crate) const NOBODY: As = As(None);

pub type Factory = Box<dyn Fn() -> Pin<Box<dyn Future<Output = Arc<dyn Store<As>>>>>>;

/// Every store the isolation rules are checked on, each call a fresh, empty store: the memory
/// and SQLite stores here; the binary including this file chooses through
/// `crate::isolation_stores` (chatkit-postgres' `postgres_store` tests put the PostgreSQL store
/// in their place, so every test below runs on it too).
pub fn store_factories() -> Vec<(&'static str, Factory)> {
    let own: Vec<(&'static str, Factory)> = vec![
        (
            "memory",
            Box::new(|| Box::pin(async { Arc::new(MemoryStore::new()) as Arc<dyn Store<As>> })),
        ),
        (
            "sqlite",
            Box::new(|| {
                Box::pin(async {
                    Arc::new(SqliteStore::open_in_memory().unwrap()) as Arc<dyn Store<As>>
                })
            }),
        ),
    ];
    crate::isolation_stores(own)
}

/// Every thread id `ctx` lists, one row per page (so cursors are exercised too).
pub(crate) async fn listed(store: &dyn Store<As>, ctx: As) -> Vec<String> {
    let mut ids = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let page = store
            .load_threads(1, after.as_deref(), Order::Asc, &ctx)
            .await
            .unwrap();
        ids.extend(page.data.iter().map(|t| t.id.clone()));
        if !page.has_more {
            return ids;
        }
        after = page.after;
    }
}

async fn item_ids(store: &dyn Store<As>, thread_id: &str, ctx: As) -> Vec<String> {
    let page = store
        .load_thread_items(thread_id, None, 100, Order::Asc, &ctx)
        .await
        .unwrap();
    page.data.iter().map(|i| i.id().to_owned()).collect()
}

/// Alice's thread `thr_a` (items `msg_a1`, `msg_a2`) and attachment `atc_a`; Bob's `thr_b`.
async fn seed(store: &dyn Store<As>) {
    let mut a = thread("thr_a");
    a.title = Some("alice's".into());
    store.save_thread(&a, &A).await.unwrap();
    store
        .add_thread_item("thr_a", &item("thr_a", "msg_a1", 1), &A)
        .await
        .unwrap();
    store
        .add_thread_item("thr_a", &item("thr_a", "msg_a2", 3), &A)
        .await
        .unwrap();
    store
        .save_attachment(&attachment("atc_a", Some("thr_a")), &A)
        .await
        .unwrap();
    store.save_thread(&thread("thr_b"), &B).await.unwrap();
    store
        .add_thread_item("thr_b", &item("thr_b", "msg_b1", 1), &B)
        .await
        .unwrap();
}

/// What B gets for A's id equals what B gets for an id nobody has (with the id swapped in).
fn same_as_unknown<T: std::fmt::Debug>(
    what: &str,
    for_a: Result<T, StoreError>,
    for_unknown: Result<T, StoreError>,
    a_id: &str,
    unknown_id: &str,
) {
    let show = |r: &Result<T, StoreError>| format!("{r:?}");
    assert_eq!(
        show(&for_a),
        show(&for_unknown).replace(unknown_id, a_id),
        "{what}: another user's id must look exactly like an unknown one"
    );
}

async fn another_users_rows_are_not_there(name: &str, store: &dyn Store<As>) {
    seed(store).await;
    let before_items = item_ids(store, "thr_a", A).await;

    // Reads.
    same_as_unknown(
        "load_thread",
        store.load_thread("thr_a", &B).await.map(|t| t.id),
        store.load_thread("thr_u", &B).await.map(|t| t.id),
        "thr_a",
        "thr_u",
    );
    let page = store
        .load_thread_items("thr_a", None, 20, Order::Asc, &B)
        .await
        .unwrap();
    assert!(
        page.data.is_empty() && !page.has_more,
        "{name}: items of A's thread"
    );
    same_as_unknown(
        "load_thread_items after A's item",
        store
            .load_thread_items("thr_a", Some("msg_a1"), 20, Order::Asc, &B)
            .await
            .map(|p| p.data.len()),
        store
            .load_thread_items("thr_u", Some("msg_a1"), 20, Order::Asc, &B)
            .await
            .map(|p| p.data.len()),
        "thr_a",
        "thr_u",
    );
    same_as_unknown(
        "load_item",
        store
            .load_item("thr_a", "msg_a1", &B)
            .await
            .map(|i| i.id().to_owned()),
        store
            .load_item("thr_u", "msg_u1", &B)
            .await
            .map(|i| i.id().to_owned()),
        "msg_a1",
        "msg_u1",
    );
    same_as_unknown(
        "load_attachment",
        store
            .load_attachment("atc_a", &B)
            .await
            .map(|a| a.id().to_owned()),
        store
            .load_attachment("atc_u", &B)
            .await
            .map(|a| a.id().to_owned()),
        "atc_a",
        "atc_u",
    );
    assert_eq!(
        listed(store, B).await,
        ["thr_b"],
        "{name}: B lists only its own"
    );
    assert_eq!(
        listed(store, A).await,
        ["thr_a"],
        "{name}: A lists only its own"
    );
    same_as_unknown(
        "load_threads after A's thread",
        store
            .load_threads(5, Some("thr_a"), Order::Desc, &B)
            .await
            .map(|p| p.data.len()),
        store
            .load_threads(5, Some("thr_u"), Order::Desc, &B)
            .await
            .map(|p| p.data.len()),
        "thr_a",
        "thr_u",
    );

    // Writes: each fails as for an unknown id (or is a no-op), and A's rows do not change.
    let mut taken = thread("thr_a");
    taken.title = Some("bob was here".into());
    same_as_unknown(
        "save_thread over A's",
        store.save_thread(&taken, &B).await,
        Err(StoreError::NotFound("thr_a".into())),
        "thr_a",
        "thr_a",
    );
    let stray = item("thr_a", "msg_bx", 1);
    assert_eq!(
        store.add_thread_item("thr_a", &stray, &B).await,
        Err(StoreError::NotFound("thr_a".into())),
        "{name}: add_thread_item into A's thread"
    );
    assert_eq!(
        store
            .save_item("thr_a", &item("thr_a", "msg_a1", 0), &B)
            .await,
        Err(StoreError::NotFound("thr_a".into())),
        "{name}: save_item over A's item"
    );
    store
        .delete_thread_item("thr_a", "msg_a2", &B)
        .await
        .unwrap();
    store.delete_thread("thr_a", &B).await.unwrap();
    assert_eq!(
        store.save_attachment(&attachment("atc_a", None), &B).await,
        Err(StoreError::NotFound("atc_a".into())),
        "{name}: save_attachment over A's"
    );
    store.delete_attachment("atc_a", &B).await.unwrap();

    let kept = store.load_thread("thr_a", &A).await.unwrap();
    assert_eq!(kept.title.as_deref(), Some("alice's"), "{name}: A's title");
    assert_eq!(
        item_ids(store, "thr_a", A).await,
        before_items,
        "{name}: A's items"
    );
    let kept = store.load_item("thr_a", "msg_a1", &A).await.unwrap();
    assert!(
        matches!(kept, ThreadItem::AssistantMessage(_)),
        "{name}: A's item kept its kind"
    );
    let kept = store.load_attachment("atc_a", &A).await.unwrap();
    assert_eq!(kept.thread_id(), Some("thr_a"), "{name}: A's attachment");

    // The unscoped context sees everything; unowned rows are nobody's but its own.
    assert_eq!(
        listed(store, NOBODY).await,
        ["thr_a", "thr_b"],
        "{name}: unscoped"
    );
    store.save_thread(&thread("thr_n"), &NOBODY).await.unwrap();
    assert_eq!(
        listed(store, A).await,
        ["thr_a"],
        "{name}: an unowned thread is not A's"
    );
    assert!(
        store.load_thread("thr_n", &B).await.is_err(),
        "{name}: nor B's"
    );
    // An unscoped update keeps the row's owner.
    let mut renamed = store.load_thread("thr_a", &NOBODY).await.unwrap();
    renamed.title = Some("renamed".into());
    store.save_thread(&renamed, &NOBODY).await.unwrap();
    assert_eq!(listed(store, A).await, ["thr_a"], "{name}: still A's");

    // A's own delete works and cascades.
    store.delete_thread("thr_a", &A).await.unwrap();
    assert!(
        store.load_thread("thr_a", &NOBODY).await.is_err(),
        "{name}: A deleted it"
    );
}

#[tokio::test]
async fn another_users_threads_items_and_attachments_are_not_there_on_every_store() {
    let factories = store_factories();
    for (name, make) in &factories {
        another_users_rows_are_not_there(name, &*make().await).await;
    }
    println!(
        "isolation (store level): {} stores checked",
        factories.len()
    );
}

/// One store call of a random interleaving.
#[derive(Clone, Debug)]
enum Op {
    Create {
        user: usize,
        thread: usize,
    },
    AddItem {
        user: usize,
        thread: usize,
        item: usize,
    },
    Rename {
        user: usize,
        thread: usize,
    },
    Delete {
        user: usize,
        thread: usize,
    },
    DeleteItem {
        user: usize,
        thread: usize,
        item: usize,
    },
}

const USERS: [As; 2] = [A, B];

fn op() -> impl Strategy<Value = Op> {
    let (u, t, i) = (0..2usize, 0..6usize, 0..4usize);
    prop_oneof![
        (u.clone(), t.clone()).prop_map(|(user, thread)| Op::Create { user, thread }),
        (u.clone(), t.clone(), i.clone()).prop_map(|(user, thread, item)| Op::AddItem {
            user,
            thread,
            item
        }),
        (u.clone(), t.clone()).prop_map(|(user, thread)| Op::Rename { user, thread }),
        (u.clone(), t.clone()).prop_map(|(user, thread)| Op::Delete { user, thread }),
        (u, t, i).prop_map(|(user, thread, item)| Op::DeleteItem { user, thread, item }),
    ]
}

/// Applies `ops` to `store` and to a model of who owns what; then checks that every thread
/// has the owner the model says, and that nobody else can see, list or change it.
async fn interleaving_keeps_owners(store: &dyn Store<As>, ops: &[Op]) -> Result<(), String> {
    use std::collections::BTreeMap;
    // thread index → (owner, item ids, title)
    let mut model: BTreeMap<usize, (usize, Vec<String>, Option<String>)> = BTreeMap::new();
    for (step, op) in ops.iter().enumerate() {
        match *op {
            Op::Create { user, thread: t } => {
                let r = store
                    .save_thread(&thread(&format!("thr_{t}")), &USERS[user])
                    .await;
                match model.get(&t) {
                    None => {
                        r.map_err(|e| format!("step {step}: create: {e}"))?;
                        model.insert(t, (user, Vec::new(), None));
                    }
                    Some((owner, ..)) if *owner == user => {
                        r.map_err(|e| format!("step {step}: re-save: {e}"))?;
                        model.get_mut(&t).unwrap().2 = None;
                    }
                    Some(_) => {
                        if r.is_ok() {
                            return Err(format!("step {step}: {op:?} took another user's thread"));
                        }
                    }
                }
            }
            Op::AddItem {
                user,
                thread: t,
                item: i,
            } => {
                let (tid, iid) = (format!("thr_{t}"), format!("msg_{t}_{i}_{step}"));
                let r = store
                    .add_thread_item(&tid, &item(&tid, &iid, i), &USERS[user])
                    .await;
                match model.get_mut(&t) {
                    Some((owner, items, _)) if *owner == user => {
                        r.map_err(|e| format!("step {step}: add: {e}"))?;
                        items.push(iid);
                    }
                    _ if r.is_ok() => {
                        return Err(format!("step {step}: {op:?} added to a thread not its own"))
                    }
                    _ => {}
                }
            }
            Op::Rename { user, thread: t } => {
                let tid = format!("thr_{t}");
                if let Ok(mut loaded) = store.load_thread(&tid, &USERS[user]).await {
                    if model.get(&t).map(|m| m.0) != Some(user) {
                        return Err(format!("step {step}: {op:?} loaded another user's thread"));
                    }
                    let title = format!("title {step}");
                    loaded.title = Some(title.clone());
                    store
                        .save_thread(&loaded, &USERS[user])
                        .await
                        .map_err(|e| e.to_string())?;
                    model.get_mut(&t).unwrap().2 = Some(title);
                }
            }
            Op::Delete { user, thread: t } => {
                store
                    .delete_thread(&format!("thr_{t}"), &USERS[user])
                    .await
                    .map_err(|e| e.to_string())?;
                if model.get(&t).map(|m| m.0) == Some(user) {
                    model.remove(&t);
                }
            }
            Op::DeleteItem {
                user,
                thread: t,
                item: i,
            } => {
                let tid = format!("thr_{t}");
                let Some((owner, items, _)) = model.get_mut(&t) else {
                    continue;
                };
                let Some(iid) = items.get(i % items.len().max(1)).cloned() else {
                    continue;
                };
                store
                    .delete_thread_item(&tid, &iid, &USERS[user])
                    .await
                    .map_err(|e| e.to_string())?;
                if *owner == user {
                    items.retain(|x| *x != iid);
                }
            }
        }
    }
    for (u, ctx) in USERS.iter().enumerate() {
        let mut expected: Vec<String> = Vec::new();
        for (t, (owner, items, title)) in &model {
            let tid = format!("thr_{t}");
            if *owner == u {
                expected.push(tid.clone());
                let loaded = store
                    .load_thread(&tid, ctx)
                    .await
                    .map_err(|e| e.to_string())?;
                if loaded.title != *title {
                    return Err(format!(
                        "{tid}: title {:?}, expected {title:?}",
                        loaded.title
                    ));
                }
                if item_ids(store, &tid, *ctx).await != *items {
                    return Err(format!("{tid}: items differ from the model"));
                }
            } else {
                if store.load_thread(&tid, ctx).await.is_ok() {
                    return Err(format!("user {u} can load {tid}, owned by user {owner}"));
                }
                if !item_ids(store, &tid, *ctx).await.is_empty() {
                    return Err(format!("user {u} sees items of {tid}"));
                }
            }
        }
        let mut seen = listed(store, *ctx).await;
        seen.sort();
        expected.sort();
        if seen != expected {
            return Err(format!("user {u} lists {seen:?}, owns {expected:?}"));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(crate::proptest_config(24))]
    #[test]
    fn random_interleavings_of_two_users_never_cross(ops in proptest::collection::vec(op(), 1..40)) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        for (name, make) in store_factories() {
            let result = runtime.block_on(async { interleaving_keeps_owners(&*make().await, &ops).await });
            prop_assert!(result.is_ok(), "{}: {}", name, result.unwrap_err());
        }
    }
}
