//! The schema's versions: applied once however many processes start at once, a newer schema
//! refused, `verify` refusing an outdated one and applying nothing.

use chatkit_postgres::testing::TestDatabase;
use chatkit_postgres::{Migrations, PostgresConfig, PostgresStore, SCHEMA_VERSION};

async fn admin(db: &TestDatabase) -> tokio_postgres::Client {
    let (client, connection) = tokio_postgres::connect(db.url(), tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(connection);
    client
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn applied_once_by_concurrent_starts_and_a_newer_schema_is_refused() {
    let Some(db) = TestDatabase::create("migrations").await else {
        return;
    };
    let verify = PostgresConfig {
        migrations: Migrations::Verify,
        ..crate::config(&db)
    };
    let e = PostgresStore::connect(&verify).await.unwrap_err();
    assert!(e.contains("verify only"), "{e}");
    let client = admin(&db).await;
    let tables: i64 = client
        .query_one(
            "SELECT count(*) FROM pg_tables WHERE tablename LIKE 'chatkit_%' AND schemaname = current_schema()",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(tables, 0, "verify applied something");

    // Five "processes" starting at once: one applies, the others find it done.
    let config = crate::config(&db);
    let starts: Vec<_> = (0..5)
        .map(|_| {
            let config = config.clone();
            tokio::spawn(async move { PostgresStore::connect(&config).await })
        })
        .collect();
    for start in starts {
        let store = start.await.unwrap().expect("connect");
        assert_eq!(store.schema_version().await.unwrap(), SCHEMA_VERSION);
    }
    let versions: i64 = client
        .query_one("SELECT count(*) FROM chatkit_schema_migrations", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(versions, i64::from(SCHEMA_VERSION));
    PostgresStore::connect(&verify)
        .await
        .expect("verify a current schema");

    // A later build's migration: this one must refuse the database, whatever the mode.
    client
        .execute(
            "INSERT INTO chatkit_schema_migrations (version) VALUES ($1)",
            &[&(SCHEMA_VERSION + 1)],
        )
        .await
        .unwrap();
    for config in [config, verify] {
        let e = PostgresStore::connect(&config).await.unwrap_err();
        assert!(e.contains("newer than this build"), "{e}");
    }
}

#[tokio::test]
async fn an_unreachable_database_is_a_clear_error_without_the_password() {
    // Port 1 on loopback: nothing listens there.
    let config = PostgresConfig {
        connect_timeout: std::time::Duration::from_secs(2),
        ..PostgresConfig::new("postgres://shop:hunter2@127.0.0.1:1/chat")
    };
    let e = PostgresStore::connect(&config).await.unwrap_err();
    assert!(
        e.contains("cannot connect to the database 127.0.0.1/chat"),
        "{e}"
    );
    assert!(!e.contains("hunter2"), "{e}");
}
