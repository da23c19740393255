//! The rules of `chatkit::store::scope` on PostgreSQL: two owners and the unscoped context,
//! every operation of one owner aimed at the other's rows.

use chatkit::types::Order;
use chatkit::{Store, StoreError, StoreScope};

use crate::contract::{attachment, item, thread};

struct User(&'static str);

impl StoreScope for User {
    fn owner(&self) -> Option<&str> {
        Some(self.0)
    }
}

const ALICE: User = User("alice");
const BOB: User = User("bob");

fn not_found<T: std::fmt::Debug>(result: Result<T, StoreError>) {
    assert!(
        matches!(result, Err(StoreError::NotFound(_))),
        "expected NotFound, got {result:?}"
    );
}

async fn thread_ids<C: StoreScope + Send + Sync + 'static>(
    store: &dyn Store<C>,
    ctx: &C,
) -> Vec<String> {
    let page = store
        .load_threads(100, None, Order::Asc, ctx)
        .await
        .unwrap();
    page.data.into_iter().map(|t| t.id).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_owner_never_reaches_anothers_rows() {
    let Some((store, _db)) = crate::fresh_store("scoping").await else {
        return;
    };
    let s: &dyn Store<User> = &store;
    s.save_thread(&thread("a1"), &ALICE).await.unwrap();
    s.add_thread_item("a1", &item("a1", "m1", 1), &ALICE)
        .await
        .unwrap();
    s.save_attachment(&attachment("atc_a", None), &ALICE)
        .await
        .unwrap();
    s.save_thread(&thread("b1"), &BOB).await.unwrap();

    // Lists: each sees only their own; the unscoped context sees both.
    assert_eq!(thread_ids(s, &ALICE).await, ["a1"]);
    assert_eq!(thread_ids(s, &BOB).await, ["b1"]);
    assert_eq!(thread_ids::<()>(&store, &()).await, ["a1", "b1"]);

    // Bob aimed at Alice's ids: not found, empty, no effect.
    not_found(s.load_thread("a1", &BOB).await);
    not_found(s.save_thread(&thread("a1"), &BOB).await);
    not_found(s.load_item("a1", "m1", &BOB).await);
    not_found(s.add_thread_item("a1", &item("a1", "x", 1), &BOB).await);
    not_found(s.save_item("a1", &item("a1", "m1", 0), &BOB).await);
    not_found(s.load_attachment("atc_a", &BOB).await);
    not_found(s.save_attachment(&attachment("atc_a", None), &BOB).await);
    let page = s
        .load_thread_items("a1", None, 10, Order::Asc, &BOB)
        .await
        .unwrap();
    assert!(page.data.is_empty() && !page.has_more);
    assert!(matches!(
        s.load_thread_items("a1", Some("m1"), 10, Order::Asc, &BOB)
            .await,
        Err(StoreError::InvalidCursor(_))
    ));
    assert!(matches!(
        s.load_threads(10, Some("a1"), Order::Asc, &BOB).await,
        Err(StoreError::InvalidCursor(_))
    ));
    s.delete_thread_item("a1", "m1", &BOB).await.unwrap();
    s.delete_attachment("atc_a", &BOB).await.unwrap();
    s.delete_thread("a1", &BOB).await.unwrap();

    // …and Alice's rows are all still there, unchanged.
    assert_eq!(s.load_thread("a1", &ALICE).await.unwrap(), thread("a1"));
    assert_eq!(
        s.load_item("a1", "m1", &ALICE).await.unwrap(),
        item("a1", "m1", 1)
    );
    s.load_attachment("atc_a", &ALICE).await.unwrap();

    // An unowned row (written unscoped) is not any user's.
    Store::<()>::save_thread(&store, &thread("shared"), &())
        .await
        .unwrap();
    not_found(s.load_thread("shared", &ALICE).await);
    // An unscoped update keeps the owner.
    Store::<()>::save_thread(&store, &thread("a1"), &())
        .await
        .unwrap();
    assert_eq!(thread_ids(s, &ALICE).await, ["a1"]);

    // Alice's own deletes work.
    s.delete_thread("a1", &ALICE).await.unwrap();
    not_found(s.load_thread("a1", &ALICE).await);
    not_found(s.load_item("a1", "m1", &ALICE).await);
}
