//! The read side on SQLite: resource search (filters, totals, column selection).

use chrono::Utc;
use hnp_entity::enums::{
    ConflictStatus, DirectoryStatus, DraftOperation, DriftStatus, ResourceState, SyncDirection,
};
use hnp_entity::{fabric, resource};
use sea_orm::{ActiveModelTrait, ActiveValue::NotSet, ConnectionTrait, IntoActiveModel};

use super::resources::{self, Filter, LIGHT_COLUMNS, SORT_COLUMNS};

pub(crate) async fn database(dir: &tempfile::TempDir) -> sea_orm::DatabaseConnection {
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("q.sqlite").display()
    );
    let db = crate::db::connect(&url).await.unwrap();
    crate::db::migrate(&db).await.unwrap();
    db
}

pub(crate) async fn add_fabric(db: &impl ConnectionTrait, name: &str) -> i32 {
    let now = Utc::now();
    let mut model = fabric::Model {
        id: 0,
        name: name.to_owned(),
        description: None,
        git_repository_id: None,
        gitops_directory: "fabric".into(),
        git_branch: None,
        desired_state_commit: None,
        gitops_directory_status: DirectoryStatus::NotInitialized,
        created_at: now,
        updated_at: now,
        sync_interval_seconds: 0,
        kubernetes_server: None,
        kubernetes_ca_cert: None,
        encrypted_kubernetes_token: None,
        encrypted_kubeconfig: None,
        kubeconfig_context: None,
        kubernetes_namespace: "default".into(),
        kubernetes_insecure_skip_tls_verify: false,
        file_status: None,
        last_checked_at: None,
        remote_head_commit: None,
        pull_request_number: None,
        pull_request_url: None,
        pull_request_branch: None,
    }
    .into_active_model();
    model.id = NotSet;
    model.insert(db).await.unwrap().id
}

pub(crate) fn row(fabric_id: i32, kind: &str, name: &str) -> resource::Model {
    let now = Utc::now();
    resource::Model {
        id: 0,
        fabric_id,
        kind: kind.to_owned(),
        api_version: "vpc.githedgehog.com/v1beta1".into(),
        namespace: "default".into(),
        name: name.to_owned(),
        desired_spec: Some(serde_json::json!({ "n": name })),
        draft_spec: None,
        actual_spec: None,
        created_at: now,
        updated_at: now,
        managed_file_path: None,
        file_hash: None,
        last_file_sync: None,
        sync_direction: SyncDirection::GitToGui,
        conflict_status: ConflictStatus::None,
        labels: None,
        annotations: None,
        desired_commit: None,
        desired_updated: None,
        draft_operation: None,
        draft_base_hash: None,
        draft_base_commit: None,
        draft_base_spec: None,
        draft_updated: None,
        draft_updated_by: None,
        actual_status: None,
        actual_labels: None,
        actual_annotations: None,
        actual_resource_version: None,
        actual_managed_fields: None,
        agent_status: None,
        actual_updated: None,
        resource_state: ResourceState::Committed,
        drift_status: DriftStatus::InSync,
        drift_details: None,
        draft_note: None,
        admission_errors: None,
    }
}

pub(crate) async fn add(db: &impl ConnectionTrait, model: resource::Model) -> i32 {
    let mut active = model.into_active_model();
    active.id = NotSet;
    active.insert(db).await.unwrap().id
}

fn names(rows: &[resource::Model]) -> Vec<&str> {
    rows.iter().map(|r| r.name.as_str()).collect()
}

#[tokio::test]
async fn resource_search_filters_counts_and_selects_columns() {
    let dir = tempfile::tempdir().unwrap();
    let db = database(&dir).await;
    let a = add_fabric(&db, "a").await;
    let b = add_fabric(&db, "b").await;
    add(&db, row(a, "VPC", "vpc-2")).await;
    add(&db, row(a, "VPC", "vpc-1")).await;
    add(&db, row(a, "VPC", "Web_Tier")).await;
    let mut drafted = row(a, "Switch", "leaf-1");
    drafted.draft_operation = Some(DraftOperation::Update);
    drafted.drift_status = DriftStatus::SpecDrift;
    drafted.admission_errors = Some(serde_json::json!([{ "path": "spec", "message": "bad" }]));
    add(&db, drafted).await;
    add(&db, row(b, "VPC", "vpc-9")).await;

    // Fabric only: whole rows in page order, the total from resource_counts.
    let by_fabric = Filter {
        fabric_id: Some(a),
        ..Default::default()
    };
    let (rows, total) = resources::search(&db, &by_fabric, 0, 10, true, None)
        .await
        .unwrap();
    assert_eq!(names(&rows), ["leaf-1", "Web_Tier", "vpc-1", "vpc-2"]);
    assert_eq!(total, Some(4));
    assert!(rows.iter().all(|r| r.desired_spec.is_some()));
    // The counted total is the trigger-kept one: a stale count shows.
    db.execute_unprepared(&format!(
        "UPDATE resource_counts SET total = 40 WHERE fabric_id = {a}"
    ))
    .await
    .unwrap();
    let (_, total) = resources::search(&db, &by_fabric, 0, 10, true, None)
        .await
        .unwrap();
    assert_eq!(
        total,
        Some(40),
        "fabric-only totals come from resource_counts"
    );
    let (_, total) = resources::search(&db, &by_fabric, 0, 10, true, Some(&LIGHT_COLUMNS))
        .await
        .unwrap();
    assert_eq!(total, Some(40));
    let (_, total) = resources::search(&db, &by_fabric, 0, 10, false, None)
        .await
        .unwrap();
    assert_eq!(total, None);

    // Other filters count rows.
    let vpcs = Filter {
        fabric_id: Some(a),
        kind: Some("VPC".into()),
        ..Default::default()
    };
    let (rows, total) = resources::search(&db, &vpcs, 1, 1, true, Some(&LIGHT_COLUMNS))
        .await
        .unwrap();
    assert_eq!(names(&rows), ["vpc-1"]);
    assert_eq!(total, Some(3));
    let search = Filter {
        search: Some("web_".into()),
        ..Default::default()
    };
    let (rows, total) = resources::search(&db, &search, 0, 10, true, None)
        .await
        .unwrap();
    assert_eq!((names(&rows), total), (vec!["Web_Tier"], Some(1)));
    let like_is_escaped = Filter {
        search: Some("vpc_".into()),
        ..Default::default()
    };
    let (rows, _) = resources::search(&db, &like_is_escaped, 0, 10, false, None)
        .await
        .unwrap();
    assert!(rows.is_empty(), "`_` is not a wildcard: {:?}", names(&rows));
    for filter in [
        Filter {
            has_draft: Some(true),
            ..Default::default()
        },
        Filter {
            invalid: Some(true),
            ..Default::default()
        },
        Filter {
            drift_status: Some(DriftStatus::SpecDrift),
            ..Default::default()
        },
    ] {
        let (rows, total) = resources::search(&db, &filter, 0, 10, true, Some(&SORT_COLUMNS))
            .await
            .unwrap();
        assert_eq!(
            (names(&rows), total),
            (vec!["leaf-1"], Some(1)),
            "{filter:?}"
        );
    }
    let (rows, total) = resources::search(
        &db,
        &Filter {
            has_draft: Some(false),
            invalid: Some(false),
            ..Default::default()
        },
        0,
        10,
        true,
        None,
    )
    .await
    .unwrap();
    assert_eq!(rows.len(), 4);
    assert_eq!(total, Some(4));

    // Column selection: the sort keys and the selected columns; the rest keep defaults.
    let mut columns = SORT_COLUMNS.to_vec();
    columns.push(resource::Column::AdmissionErrors);
    let (rows, _) = resources::search(&db, &by_fabric, 0, 1, false, Some(&columns))
        .await
        .unwrap();
    let leaf = &rows[0];
    assert_eq!(
        (leaf.kind.as_str(), leaf.name.as_str()),
        ("Switch", "leaf-1")
    );
    assert_ne!(leaf.fabric_id, 0, "a sort key");
    assert_eq!(leaf.api_version, "", "not selected");
    assert_eq!(leaf.draft_operation, None, "not selected");
    assert!(leaf.desired_spec.is_none());
    assert_eq!(
        leaf.admission_errors,
        Some(serde_json::json!([{ "path": "spec", "message": "bad" }]))
    );
    let (rows, _) = resources::search(&db, &by_fabric, 0, 1, false, Some(&LIGHT_COLUMNS))
        .await
        .unwrap();
    assert_eq!(rows[0].fabric_id, a);
    assert_eq!(rows[0].draft_operation, Some(DraftOperation::Update));
    assert_eq!(rows[0].drift_status, DriftStatus::SpecDrift);
    assert!(
        rows[0].desired_spec.is_none(),
        "JSON columns are never light"
    );

    // Empty pages.
    let (rows, total) = resources::search(
        &db,
        &Filter {
            kind: Some("Nothing".into()),
            ..Default::default()
        },
        0,
        10,
        true,
        Some(&LIGHT_COLUMNS),
    )
    .await
    .unwrap();
    assert!(rows.is_empty());
    assert_eq!(total, Some(0));
}
