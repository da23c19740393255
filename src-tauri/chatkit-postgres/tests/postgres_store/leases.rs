//! The run lease across processes (each "process" its own pool on the same schema): one holder
//! per thread, released on drop, a waiter served when it is released, and a crashed holder's
//! lease taken over once it expires — never before.

use std::time::{Duration, Instant};

use chatkit::{RunLockError, RunLocks};
use chatkit_postgres::{PostgresRunLocks, PostgresStore};

const TTL: Duration = Duration::from_millis(900);

async fn process(db: &chatkit_postgres::testing::TestDatabase) -> PostgresRunLocks {
    let store = PostgresStore::connect(&crate::config(db)).await.unwrap();
    PostgresRunLocks::new(store.pool().clone(), TTL)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_holder_per_thread_across_processes() {
    let Some(db) = chatkit_postgres::testing::TestDatabase::create("leases").await else {
        return;
    };
    let (a, b) = (process(&db).await, process(&db).await);
    let held = a.acquire("thr_1", Duration::ZERO).await.unwrap();
    let _other = b.acquire("thr_2", Duration::ZERO).await.unwrap();
    // A live lease is renewed: still busy well past its TTL.
    let started = Instant::now();
    let e = b.acquire("thr_1", TTL * 2).await.unwrap_err();
    assert_eq!(e, RunLockError::Busy("thr_1".into()));
    assert!(started.elapsed() >= TTL * 2);
    // A waiter gets it soon after the holder drops it.
    let waiter = {
        let b = b.clone();
        tokio::spawn(async move { b.acquire("thr_1", Duration::from_secs(10)).await })
    };
    tokio::time::sleep(Duration::from_millis(100)).await;
    let released = Instant::now();
    drop(held);
    waiter.await.unwrap().expect("the lease after release");
    println!(
        "leases: a waiter got the thread {:?} after release",
        released.elapsed()
    );
    assert!(
        released.elapsed() < TTL,
        "waited for expiry instead of the release"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crashed_holders_lease_expires() {
    let Some(db) = chatkit_postgres::testing::TestDatabase::create("lease_crash").await else {
        return;
    };
    // The "crashed process": its own runtime, gone (renewal and all) with the lease unreleased.
    let url = db.url().to_owned();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(async {
            let store = PostgresStore::connect(&chatkit_postgres::PostgresConfig::new(url))
                .await
                .unwrap();
            let locks = PostgresRunLocks::new(store.pool().clone(), TTL);
            std::mem::forget(locks.acquire("thr_c", Duration::ZERO).await.unwrap());
        });
        runtime.shutdown_background();
    })
    .join()
    .unwrap();
    let crashed = Instant::now();
    let survivor = process(&db).await;
    assert!(matches!(
        survivor.acquire("thr_c", Duration::ZERO).await,
        Err(RunLockError::Busy(_))
    ));
    survivor
        .acquire("thr_c", Duration::from_secs(10))
        .await
        .expect("the lease once it expired");
    let after = crashed.elapsed();
    println!("leases: a crashed holder's thread was free again after {after:?} (TTL {TTL:?})");
    assert!(
        after >= TTL / 2,
        "taken over before the lease expired: {after:?}"
    );
}
