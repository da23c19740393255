//! Model check: the in-memory store is the executable specification of the contract; random
//! sequences of writes applied to it and to the SQLite store must give page-for-page identical
//! answers (data, `has_more`, `after`) for every page size and both orders.

use super::contract::{item, thread};
use chatkit::store::sqlite::SqliteStore;
use chatkit::types::{Order, Page};
use chatkit::{MemoryStore, Store};
use proptest::prelude::*;

const THREADS: u8 = 4;

#[derive(Debug, Clone)]
enum Op {
    SaveThread { t: u8, title: bool },
    AddItem { t: u8, kind: usize },
    SaveItem { t: u8, pick: usize, kind: usize },
    DeleteItem { t: u8, pick: usize },
    DeleteThread { t: u8 },
}

fn op() -> impl Strategy<Value = Op> {
    let t = 0..THREADS;
    prop_oneof![
        3 => (t.clone(), any::<bool>()).prop_map(|(t, title)| Op::SaveThread { t, title }),
        6 => (t.clone(), 0..8usize).prop_map(|(t, kind)| Op::AddItem { t, kind }),
        3 => (t.clone(), 0..12usize, 0..8usize).prop_map(|(t, pick, kind)| Op::SaveItem { t, pick, kind }),
        2 => (t.clone(), 0..12usize).prop_map(|(t, pick)| Op::DeleteItem { t, pick }),
        1 => t.prop_map(|t| Op::DeleteThread { t }),
    ]
}

/// Apply `ops` to both stores. Item ops only touch threads that exist (the SQLite store refuses
/// items of unknown threads, the memory store would accept them).
async fn apply(ops: &[Op], stores: &[&dyn Store<()>]) {
    let mut live: Vec<Vec<String>> = vec![Vec::new(); THREADS as usize];
    let mut exists = [false; THREADS as usize];
    let mut next_id = 0;
    for op in ops {
        match *op {
            Op::SaveThread { t, title } => {
                let mut th = thread(&format!("thr_{t}"));
                th.title = title.then(|| format!("title {next_id}"));
                next_id += 1;
                for s in stores {
                    s.save_thread(&th, &()).await.unwrap();
                }
                exists[t as usize] = true;
            }
            Op::AddItem { t, kind } if exists[t as usize] => {
                let (tid, id) = (format!("thr_{t}"), format!("it_{next_id}"));
                next_id += 1;
                for s in stores {
                    s.add_thread_item(&tid, &item(&tid, &id, kind), &())
                        .await
                        .unwrap();
                }
                live[t as usize].push(id);
            }
            Op::SaveItem { t, pick, kind } if exists[t as usize] => {
                let tid = format!("thr_{t}");
                let rows = &mut live[t as usize];
                let id = match rows.get(pick) {
                    Some(id) => id.clone(),
                    None => {
                        let id = format!("it_{next_id}");
                        next_id += 1;
                        rows.push(id.clone());
                        id
                    }
                };
                for s in stores {
                    s.save_item(&tid, &item(&tid, &id, kind), &())
                        .await
                        .unwrap();
                }
            }
            Op::DeleteItem { t, pick } => {
                let tid = format!("thr_{t}");
                let rows = &mut live[t as usize];
                let id = if pick < rows.len() {
                    rows.remove(pick)
                } else {
                    "it_absent".into()
                };
                for s in stores {
                    s.delete_thread_item(&tid, &id, &()).await.unwrap();
                }
            }
            Op::DeleteThread { t } => {
                for s in stores {
                    s.delete_thread(&format!("thr_{t}"), &()).await.unwrap();
                }
                exists[t as usize] = false;
                live[t as usize].clear();
            }
            Op::AddItem { .. } | Op::SaveItem { .. } => {}
        }
    }
}

/// Threads serialize with their private `metadata`, so this compares every stored field.
fn json<T: serde::Serialize>(page: &Page<T>) -> String {
    serde_json::to_string(page).unwrap()
}

/// One page of a listing, loaded from the store it is given.
type PageFuture<'s, T> = futures::future::BoxFuture<'s, Result<Page<T>, chatkit::StoreError>>;

/// Walks one listing on both stores in step, requiring the same page at every step.
async fn same_pages<T: serde::Serialize>(
    a: &dyn Store<()>,
    b: &dyn Store<()>,
    load: impl for<'s> Fn(&'s dyn Store<()>, Option<String>) -> PageFuture<'s, T>,
) -> Result<(), TestCaseError> {
    let mut after: Option<String> = None;
    loop {
        let pa = load(a, after.clone()).await.unwrap();
        let pb = load(b, after.clone()).await.unwrap();
        prop_assert_eq!(json(&pa), json(&pb));
        if !pa.has_more {
            return Ok(());
        }
        after = pa.after;
    }
}

async fn compare(a: &dyn Store<()>, b: &dyn Store<()>) -> Result<(), TestCaseError> {
    for limit in [1, 2, 3, 50] {
        for order in [Order::Asc, Order::Desc] {
            same_pages(a, b, |store, after| {
                Box::pin(async move {
                    store
                        .load_threads(limit, after.as_deref(), order, &())
                        .await
                })
            })
            .await?;
            for t in 0..THREADS {
                let tid = format!("thr_{t}");
                same_pages(a, b, |store, after| {
                    let tid = tid.clone();
                    Box::pin(async move {
                        store
                            .load_thread_items(&tid, after.as_deref(), limit, order, &())
                            .await
                    })
                })
                .await?;
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(crate::proptest_config(200))]

    #[test]
    fn sqlite_pages_match_the_memory_store(ops in prop::collection::vec(op(), 0..40)) {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async {
            let memory = MemoryStore::new();
            let sqlite = SqliteStore::open_in_memory().unwrap();
            apply(&ops, &[&memory, &sqlite]).await;
            sqlite.check_integrity().await.unwrap();
            compare(&memory, &sqlite).await
        })?;
    }
}
