//! Data written at the original schema (m0001) survives every later migration with every value
//! intact and every new column at its default; `down` works all the way and back `up`.

use chrono::{DateTime, TimeZone, Utc};
use hnp_entity::enums::*;
use hnp_entity::{fabric, git_repository, resource};
use hnp_migration::{Migrator, MigratorTrait};
use hnp_tests::{Backend, TestDatabase, schema_snapshot};
use sea_orm::sea_query::{ExprTrait, Query, SimpleExpr};
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait, QueryOrder};
use serde_json::{Value, json};

fn ts(seconds: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(1_700_000_000 + seconds, 0).unwrap()
}

struct OriginalResource {
    fabric: usize,
    kind: &'static str,
    api_version: &'static str,
    namespace: Option<&'static str>,
    name: &'static str,
    desired: Option<Value>,
    draft: Option<Value>,
    actual: Option<Value>,
}

fn original_resources() -> Vec<OriginalResource> {
    vec![
        OriginalResource {
            fabric: 0,
            kind: "VPC",
            api_version: "vpc.githedgehog.com/v1beta1",
            namespace: None,
            name: "vpc-1",
            desired: Some(
                json!({"ipv4Namespace": "default", "subnets": {"subnet-1": {"subnet": "10.0.1.0/24", "vlan": 1001}}}),
            ),
            draft: None,
            actual: Some(json!({"ipv4Namespace": "default", "vlanNamespace": "default"})),
        },
        OriginalResource {
            fabric: 0,
            kind: "Connection",
            api_version: "wiring.githedgehog.com/v1beta1",
            namespace: Some("default"),
            name: "server-01--mclag--leaf-01--leaf-02",
            desired: Some(
                json!({"mclag": {"links": [{"server": {"port": "server-01/enp2s1"}, "switch": {"port": "leaf-01/E1/5"}}]}}),
            ),
            draft: Some(json!({"mclag": {"links": []}, "note": "ünïcødé ✓"})),
            actual: None,
        },
        OriginalResource {
            fabric: 1,
            kind: "VPC",
            api_version: "vpc.githedgehog.com/v1beta1",
            namespace: Some("tenant-a"),
            name: "vpc-draft-only",
            desired: None,
            draft: Some(json!({"subnets": {}})),
            actual: None,
        },
        OriginalResource {
            fabric: 1,
            kind: "Switch",
            api_version: "wiring.githedgehog.com/v1beta1",
            namespace: None,
            name: "leaf-01",
            desired: Some(
                json!({"role": "server-leaf", "boot": {"mac": "0c:20:12:fe:01:00"}, "asn": 65101, "float": 1.5, "flag": true, "nothing": null}),
            ),
            draft: None,
            actual: None,
        },
    ]
}

async fn insert(
    db: &DatabaseConnection,
    table: &'static str,
    columns: &[&'static str],
    values: Vec<SimpleExpr>,
) {
    let statement = Query::insert()
        .into_table(table)
        .columns(columns.iter().copied())
        .values_panic(values)
        .to_owned();
    db.execute(&statement).await.unwrap();
}

/// Writes rows the way the original system would have, using only m0001 columns.
async fn write_original_data(db: &DatabaseConnection) {
    insert(
        db,
        "git_repositories",
        &[
            "name",
            "url",
            "provider",
            "auth_type",
            "default_branch",
            "created_at",
            "updated_at",
        ],
        vec![
            "gitops".into(),
            "https://github.com/example/gitops.git".into(),
            "github".into(),
            "token".into(),
            "main".into(),
            ts(1).into(),
            ts(2).into(),
        ],
    )
    .await;
    // A repository relying on every default.
    insert(
        db,
        "git_repositories",
        &["name", "url"],
        vec!["lab".into(), "file:///srv/lab.git".into()],
    )
    .await;
    insert(
        db,
        "fabrics",
        &[
            "name",
            "description",
            "git_repository_id",
            "gitops_directory",
            "git_branch",
            "desired_state_commit",
            "gitops_directory_status",
            "created_at",
            "updated_at",
        ],
        vec![
            "dc1".into(),
            "Main DC".into(),
            1.into(),
            "fabrics/dc1".into(),
            "prod".into(),
            "0123456789abcdef0123456789abcdef01234567".into(),
            "initialized".into(),
            ts(3).into(),
            ts(4).into(),
        ],
    )
    .await;
    insert(
        db,
        "fabrics",
        &["name", "git_repository_id", "gitops_directory"],
        vec!["lab".into(), 2.into(), "".into()],
    )
    .await;
    let fabric_ids = [1, 2];
    for (i, r) in original_resources().into_iter().enumerate() {
        let mut columns = vec![
            "fabric_id",
            "kind",
            "api_version",
            "name",
            "desired_spec",
            "draft_spec",
            "actual_spec",
            "created_at",
            "updated_at",
        ];
        let mut values: Vec<SimpleExpr> = vec![
            fabric_ids[r.fabric].into(),
            r.kind.into(),
            r.api_version.into(),
            r.name.into(),
            r.desired.into(),
            r.draft.into(),
            r.actual.into(),
            ts(10 + i as i64).into(),
            ts(20 + i as i64).into(),
        ];
        if let Some(namespace) = r.namespace {
            columns.push("namespace");
            values.push(namespace.into());
        }
        insert(db, "resources", &columns, values).await;
    }
}

async fn check_data_after_upgrade(db: &DatabaseConnection) {
    let repos = git_repository::Entity::find()
        .order_by_asc(git_repository::Column::Id)
        .all(db)
        .await
        .unwrap();
    assert_eq!(repos.len(), 2);
    let gitops = &repos[0];
    assert_eq!(gitops.name, "gitops");
    assert_eq!(gitops.url, "https://github.com/example/gitops.git");
    assert_eq!(gitops.provider, Provider::Github);
    assert_eq!(gitops.auth_type, AuthType::Token);
    assert_eq!(gitops.default_branch, "main");
    assert_eq!(gitops.created_at, ts(1));
    assert_eq!(gitops.updated_at, ts(2));
    // New columns carry their defaults.
    assert_eq!(gitops.write_mode, WriteMode::DirectPush);
    assert_eq!(gitops.commit_author_name, "HNP Sync");
    assert_eq!(gitops.commit_author_email, "hnp-sync@localhost");
    assert_eq!(gitops.encrypted_webhook_secret, None);
    let lab = &repos[1];
    assert_eq!(lab.provider, Provider::Generic);
    assert_eq!(lab.auth_type, AuthType::None);
    assert_eq!(lab.connection_status, ConnectionStatus::Untested);
    assert!(
        lab.created_at > ts(0),
        "default timestamp must be set and readable"
    );

    let fabrics = fabric::Entity::find()
        .order_by_asc(fabric::Column::Id)
        .all(db)
        .await
        .unwrap();
    assert_eq!(fabrics.len(), 2);
    let dc1 = &fabrics[0];
    assert_eq!(dc1.name, "dc1");
    assert_eq!(dc1.description.as_deref(), Some("Main DC"));
    assert_eq!(dc1.git_repository_id, Some(1));
    assert_eq!(dc1.gitops_directory, "fabrics/dc1");
    assert_eq!(dc1.git_branch.as_deref(), Some("prod"));
    assert_eq!(
        dc1.desired_state_commit.as_deref(),
        Some("0123456789abcdef0123456789abcdef01234567")
    );
    assert_eq!(dc1.gitops_directory_status, DirectoryStatus::Initialized);
    assert_eq!((dc1.created_at, dc1.updated_at), (ts(3), ts(4)));
    assert_eq!(dc1.sync_interval_seconds, 120);
    assert_eq!(dc1.kubernetes_namespace, "default");
    assert!(!dc1.kubernetes_insecure_skip_tls_verify);
    assert_eq!(dc1.encrypted_kubernetes_token, None);
    assert_eq!(dc1.file_status, None);
    assert_eq!(
        fabrics[1].gitops_directory_status,
        DirectoryStatus::NotInitialized
    );

    let resources = resource::Entity::find()
        .order_by_asc(resource::Column::Id)
        .all(db)
        .await
        .unwrap();
    let expected = original_resources();
    assert_eq!(resources.len(), expected.len());
    for (i, (got, want)) in resources.iter().zip(expected).enumerate() {
        assert_eq!(got.fabric_id, [1, 2][want.fabric]);
        assert_eq!(got.kind, want.kind);
        assert_eq!(got.api_version, want.api_version);
        assert_eq!(got.namespace, want.namespace.unwrap_or("default"));
        assert_eq!(got.name, want.name);
        assert_eq!(
            got.desired_spec, want.desired,
            "desired_spec of {}",
            want.name
        );
        assert_eq!(got.draft_spec, want.draft, "draft_spec of {}", want.name);
        assert_eq!(got.actual_spec, want.actual, "actual_spec of {}", want.name);
        assert_eq!(got.created_at, ts(10 + i as i64));
        assert_eq!(got.updated_at, ts(20 + i as i64));
        // m0002 defaults
        assert_eq!(got.managed_file_path, None);
        assert_eq!(got.file_hash, None);
        assert_eq!(got.last_file_sync, None);
        assert_eq!(got.sync_direction, SyncDirection::Bidirectional);
        assert_eq!(got.conflict_status, ConflictStatus::None);
        // m0003 defaults and backfill
        assert_eq!(got.drift_status, DriftStatus::Unknown);
        assert_eq!(got.labels, None);
        match (&want.desired, &want.draft) {
            (_, None) => {
                assert_eq!(got.resource_state, ResourceState::Committed);
                assert_eq!(got.draft_operation, None);
            }
            (None, Some(_)) => {
                assert_eq!(got.resource_state, ResourceState::Draft);
                assert_eq!(got.draft_operation, Some(DraftOperation::Create));
            }
            (Some(_), Some(_)) => {
                assert_eq!(got.resource_state, ResourceState::Draft);
                assert_eq!(got.draft_operation, Some(DraftOperation::Update));
            }
        }
    }
}

async fn data_survives_upgrade(backend: Backend) {
    let test_db = TestDatabase::new(backend).await.unwrap();
    let db = test_db.connect().await.unwrap();
    Migrator::up(&db, Some(1)).await.unwrap();
    write_original_data(&db).await;
    Migrator::up(&db, None).await.unwrap();
    assert!(
        Migrator::get_pending_migrations(&db)
            .await
            .unwrap()
            .is_empty()
    );
    check_data_after_upgrade(&db).await;
    db.close().await.unwrap();
}

async fn down_and_up_round_trip(backend: Backend) {
    let test_db = TestDatabase::new(backend).await.unwrap();
    let db = test_db.connect().await.unwrap();
    Migrator::up(&db, None).await.unwrap();
    let latest = schema_snapshot(&db).await.unwrap();
    let total = Migrator::migrations().len() as u32;

    // Every migration down one at a time, then all the way up: the schema is identical.
    for _ in 0..total {
        Migrator::down(&db, Some(1)).await.unwrap();
    }
    assert_eq!(
        Migrator::get_applied_migrations(&db).await.unwrap().len(),
        0
    );
    let empty = schema_snapshot(&db).await.unwrap();
    assert!(
        empty.iter().all(|c| c.contains("seaql_migrations")),
        "tables left after all downs: {empty:?}"
    );
    Migrator::up(&db, None).await.unwrap();
    assert_eq!(schema_snapshot(&db).await.unwrap(), latest);

    // Down to the original schema keeps the original data; up again restores the rest.
    Migrator::down(&db, Some(total)).await.unwrap();
    Migrator::up(&db, Some(1)).await.unwrap();
    write_original_data(&db).await;
    Migrator::up(&db, None).await.unwrap();
    Migrator::down(&db, Some(total - 1)).await.unwrap();
    Migrator::up(&db, None).await.unwrap();
    check_data_after_upgrade(&db).await;
    assert_eq!(schema_snapshot(&db).await.unwrap(), latest);
    db.close().await.unwrap();
}

#[tokio::test]
async fn sqlite_data_survives_upgrade() {
    data_survives_upgrade(Backend::Sqlite).await;
}

#[tokio::test]
async fn postgres_data_survives_upgrade() {
    data_survives_upgrade(Backend::Postgres).await;
}

#[tokio::test]
async fn sqlite_down_and_up_round_trip() {
    down_and_up_round_trip(Backend::Sqlite).await;
}

#[tokio::test]
async fn postgres_down_and_up_round_trip() {
    down_and_up_round_trip(Backend::Postgres).await;
}

#[tokio::test]
async fn uniqueness_rules_hold() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let test_db = TestDatabase::new(backend).await.unwrap();
        let db = test_db.connect().await.unwrap();
        Migrator::up(&db, None).await.unwrap();
        write_original_data(&db).await;
        // Same (fabric, kind, namespace, name) twice.
        let duplicate = Query::insert()
            .into_table("resources")
            .columns(["fabric_id", "kind", "api_version", "name"])
            .values_panic([
                1.into(),
                "VPC".into(),
                "vpc.githedgehog.com/v1beta1".into(),
                "vpc-1".into(),
            ])
            .to_owned();
        assert!(
            db.execute(&duplicate).await.is_err(),
            "{backend:?}: duplicate resource accepted"
        );
        // Same (repository, directory) twice.
        let duplicate = Query::insert()
            .into_table("fabrics")
            .columns(["name", "git_repository_id", "gitops_directory"])
            .values_panic(["dc1-copy".into(), 1.into(), "fabrics/dc1".into()])
            .to_owned();
        assert!(
            db.execute(&duplicate).await.is_err(),
            "{backend:?}: duplicate directory accepted"
        );
        // Two global values of one flag.
        for expect_ok in [true, false] {
            let flag = Query::insert()
                .into_table("feature_flags")
                .columns(["name", "enabled"])
                .values_panic(["bidirectional_sync".into(), true.into()])
                .to_owned();
            assert_eq!(
                db.execute(&flag).await.is_ok(),
                expect_ok,
                "{backend:?}: global flag"
            );
        }
        // Deleting a fabric removes its resources (cascade), a repository in use cannot go.
        let delete_repo = Query::delete()
            .from_table("git_repositories")
            .and_where(sea_orm::sea_query::Expr::col("id").eq(1))
            .to_owned();
        assert!(
            db.execute(&delete_repo).await.is_err(),
            "{backend:?}: repository in use deleted"
        );
        db.close().await.unwrap();
    }
}

/// `resource_counts` (m0007) holds exactly `COUNT(*)` per fabric of `resources`.
async fn assert_counts_match(db: &DatabaseConnection, context: &str) {
    let backend = db.get_database_backend();
    let query = |sql: &str| sea_orm::Statement::from_string(backend, sql.to_owned());
    let rows = |result: Vec<sea_orm::QueryResult>| -> Vec<(i32, i64)> {
        result
            .iter()
            .map(|r| {
                (
                    r.try_get_by_index::<i32>(0).unwrap(),
                    r.try_get_by_index::<i64>(1).unwrap(),
                )
            })
            .collect()
    };
    let counted = rows(
        db.query_all_raw(query(
            "SELECT fabric_id, COUNT(*) FROM resources GROUP BY fabric_id ORDER BY fabric_id",
        ))
        .await
        .unwrap(),
    );
    let kept = rows(
        db.query_all_raw(query(
            "SELECT fabric_id, total FROM resource_counts WHERE total <> 0 ORDER BY fabric_id",
        ))
        .await
        .unwrap(),
    );
    assert_eq!(kept, counted, "{context}");
    assert!(
        !counted.is_empty() || context.ends_with("empty"),
        "{context}"
    );
}

#[tokio::test]
async fn resource_counts_follow_every_insert_and_delete() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let test_db = TestDatabase::new(backend).await.unwrap();
        let db = test_db.connect().await.unwrap();
        // Rows written before the migration are counted by it.
        Migrator::up(&db, Some(1)).await.unwrap();
        write_original_data(&db).await;
        Migrator::up(&db, None).await.unwrap();
        assert_counts_match(&db, &format!("{backend:?}: after upgrade")).await;

        // Multi-row insert, multi-row delete, single delete.
        let mut insert = Query::insert();
        insert
            .into_table("resources")
            .columns(["fabric_id", "kind", "api_version", "name"]);
        for i in 0..25 {
            insert.values_panic([
                (1 + i % 2).into(),
                "Switch".into(),
                "wiring.githedgehog.com/v1beta1".into(),
                format!("sw-{i}").into(),
            ]);
        }
        db.execute(&insert).await.unwrap();
        assert_counts_match(&db, &format!("{backend:?}: after insert")).await;
        let delete = Query::delete()
            .from_table("resources")
            .and_where(sea_orm::sea_query::Expr::col("name").like("sw-1%"))
            .to_owned();
        db.execute(&delete).await.unwrap();
        assert_counts_match(&db, &format!("{backend:?}: after delete")).await;
        // A failed statement changes nothing (duplicate identity).
        let mut duplicate = Query::insert();
        duplicate
            .into_table("resources")
            .columns(["fabric_id", "kind", "api_version", "name"])
            .values_panic([
                1.into(),
                "Switch".into(),
                "wiring.githedgehog.com/v1beta1".into(),
                "sw-new".into(),
            ])
            .values_panic([
                1.into(),
                "Switch".into(),
                "wiring.githedgehog.com/v1beta1".into(),
                "sw-new".into(),
            ]);
        assert!(db.execute(&duplicate).await.is_err());
        assert_counts_match(&db, &format!("{backend:?}: after a failed insert")).await;
        // Deleting the fabrics removes their resources (cascade) and their counts.
        let fabrics = Query::delete().from_table("fabrics").to_owned();
        db.execute(&fabrics).await.unwrap();
        assert_counts_match(&db, &format!("{backend:?}: empty")).await;
        db.close().await.unwrap();
    }
}
