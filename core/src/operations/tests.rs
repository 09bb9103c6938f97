//! Operation records on SQLite: the cleanup of finished operations, the lookups the jobs make
//! (queued operation of a fabric and direction, running ones, still open) and their updates.

use chrono::{Duration, Utc};
use hnp_entity::enums::{
    AuthType, ConnectionStatus, DraftOperation, OperationDirection, OperationStatus,
    OperationTrigger, Provider, WriteMode,
};
use hnp_entity::{fabric, git_repository, sync_operation};
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, IntoActiveModel, Set};

use super::*;
use crate::queries::tests::{add, add_fabric, database, row};

fn requester() -> Requester {
    Requester {
        user_id: None,
        name: "test".into(),
        trigger: OperationTrigger::Manual,
    }
}

/// An operation of `fabric_id` in `status`, created `age_days` days ago.
async fn op(
    db: &impl ConnectionTrait,
    fabric_id: i32,
    direction: OperationDirection,
    status: OperationStatus,
    age_days: i64,
) -> String {
    let row = start(db, fabric_id, direction, &requester()).await.unwrap();
    let mut active = row.into_active_model();
    active.status = Set(status);
    active.created_at = Set(Utc::now() - Duration::days(age_days));
    active.update(db).await.unwrap().id
}

async fn ids(db: &impl ConnectionTrait, fabric_id: i32) -> Vec<String> {
    let mut ids: Vec<String> = sync_operation::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .filter(|o| o.fabric_id == fabric_id)
        .map(|o| o.id)
        .collect();
    ids.sort();
    ids
}

#[tokio::test]
async fn cleanup_deletes_old_finished_operations_but_keeps_the_last_per_fabric() {
    let dir = tempfile::tempdir().unwrap();
    let db = database(&dir).await;
    let a = add_fabric(&db, "a").await;
    let b = add_fabric(&db, "b").await;
    let c = add_fabric(&db, "c").await;
    use OperationDirection::GitToGui as D;
    use OperationStatus::*;
    // Fabric a: every finished status past the cutoff goes, except the newest two operations
    // (whatever their status); queued and running ones stay however old.
    let a_succeeded = op(&db, a, D, Succeeded, 40).await;
    let a_failed = op(&db, a, D, Failed, 39).await;
    let a_cancelled = op(&db, a, D, Cancelled, 38).await;
    let a_running = op(&db, a, D, Running, 50).await;
    let a_queued_old = op(&db, a, D, Queued, 45).await;
    let a_partial = op(&db, a, D, PartiallySucceeded, 35).await;
    let a_recent = op(&db, a, D, Succeeded, 1).await;
    let a_queued = op(&db, a, D, Queued, 0).await;
    // Fabric b: only old finished operations; the newest two stay.
    let b_newest = op(&db, b, D, Succeeded, 40).await;
    let b_second = op(&db, b, D, Failed, 45).await;
    let b_oldest = op(&db, b, D, Succeeded, 50).await;
    // Fabric c: within the cutoff, nothing goes even beyond the last two.
    let mut c_ops = Vec::new();
    for days in [1, 2, 3, 29] {
        c_ops.push(op(&db, c, D, Succeeded, days).await);
    }

    let cutoff = Utc::now() - Duration::days(KEEP_DAYS);
    let deleted = cleanup_finished(&db, cutoff, 2).await.unwrap();
    assert_eq!(deleted, 5);
    let mut kept_a = vec![a_running, a_queued_old, a_recent, a_queued];
    kept_a.sort();
    assert_eq!(ids(&db, a).await, kept_a);
    let mut kept_b = vec![b_newest.clone(), b_second.clone()];
    kept_b.sort();
    assert_eq!(ids(&db, b).await, kept_b);
    c_ops.sort();
    assert_eq!(ids(&db, c).await, c_ops);
    for gone in [&a_succeeded, &a_failed, &a_cancelled, &a_partial, &b_oldest] {
        assert!(!is_open(&db, gone).await.unwrap());
        assert!(
            crate::queries::operations::by_id(&db, gone)
                .await
                .unwrap()
                .is_none(),
            "{gone} deleted"
        );
    }

    // Idempotent.
    assert_eq!(cleanup_finished(&db, cutoff, 2).await.unwrap(), 0);
    // With the default rule (keep the last 50) fabric b's old operations all stay too.
    assert_eq!(cleanup_finished(&db, cutoff, KEEP_LAST).await.unwrap(), 0);
    // keep_last 0: only the age and the status count.
    assert_eq!(cleanup_finished(&db, cutoff, 0).await.unwrap(), 2);
    assert!(ids(&db, b).await.is_empty());
}

#[tokio::test]
async fn queued_for_matches_fabric_direction_dry_run_and_status() {
    let dir = tempfile::tempdir().unwrap();
    let db = database(&dir).await;
    let a = add_fabric(&db, "a").await;
    let b = add_fabric(&db, "b").await;
    use OperationDirection::{ClusterRead, GitToGui, GuiToGit};

    assert!(queued_for(&db, a, GitToGui, false).await.unwrap().is_none());
    let queued = queue(&db, a, GitToGui, &requester(), false).await.unwrap();
    let dry = queue(&db, a, GuiToGit, &requester(), true).await.unwrap();
    // A running operation of the same fabric and direction is not "queued".
    op(&db, a, ClusterRead, OperationStatus::Running, 0).await;

    let found = queued_for(&db, a, GitToGui, false).await.unwrap().unwrap();
    assert_eq!(found.id, queued.id);
    assert!(queued_for(&db, a, GitToGui, true).await.unwrap().is_none());
    assert_eq!(
        queued_for(&db, a, GuiToGit, true)
            .await
            .unwrap()
            .unwrap()
            .id,
        dry.id
    );
    assert!(queued_for(&db, a, GuiToGit, false).await.unwrap().is_none());
    assert!(
        queued_for(&db, a, ClusterRead, false)
            .await
            .unwrap()
            .is_none()
    );
    assert!(queued_for(&db, b, GitToGui, false).await.unwrap().is_none());

    // Once it runs (or finishes) it is no longer returned.
    start_or_resume(&db, a, GitToGui, &requester(), Some(&queued.id))
        .await
        .unwrap();
    assert!(queued_for(&db, a, GitToGui, false).await.unwrap().is_none());
}

#[tokio::test]
async fn running_open_retrying_requeue_and_progress() {
    let dir = tempfile::tempdir().unwrap();
    let db = database(&dir).await;
    let a = add_fabric(&db, "a").await;
    use OperationDirection::GitToGui as D;

    let running_op = start(&db, a, D, &requester()).await.unwrap();
    let queued_op = queue(&db, a, D, &requester(), false).await.unwrap();
    let done = op(&db, a, D, OperationStatus::Succeeded, 0).await;
    let listed: Vec<String> = running(&db)
        .await
        .unwrap()
        .into_iter()
        .map(|o| o.id)
        .collect();
    assert_eq!(listed, vec![running_op.id.clone()]);
    assert!(is_open(&db, &running_op.id).await.unwrap());
    assert!(is_open(&db, &queued_op.id).await.unwrap());
    assert!(!is_open(&db, &done).await.unwrap());
    assert!(!is_open(&db, "no-such-operation").await.unwrap());

    // Progress is written only while running.
    let event = |id: &str| crate::progress::ProgressEvent {
        operation_id: id.to_owned(),
        fabric_id: a,
        phase: "parse".into(),
        percent: 40,
        counters: Counters {
            files_processed: 3,
            created: 2,
            ..Default::default()
        },
        message: None,
    };
    assert_eq!(
        record_progress(&db, &running_op.id, &event(&running_op.id))
            .await
            .unwrap(),
        1
    );
    assert_eq!(record_progress(&db, &done, &event(&done)).await.unwrap(), 0);
    let row = crate::queries::operations::get(&db, &running_op.id)
        .await
        .unwrap();
    assert_eq!(row.phase.as_deref(), Some("parse"));
    assert_eq!(
        (row.percent, row.files_processed, row.resources_created),
        (40, 3, 2)
    );

    // Retrying: back to queued while open; a finished operation is left alone.
    assert_eq!(
        mark_retrying(&db, &running_op.id, "network down")
            .await
            .unwrap(),
        1
    );
    let row = crate::queries::operations::get(&db, &running_op.id)
        .await
        .unwrap();
    assert_eq!(row.status, OperationStatus::Queued);
    assert_eq!(row.phase.as_deref(), Some("queued"));
    assert_eq!(row.message.as_deref(), Some("retrying: network down"));
    assert_eq!(mark_retrying(&db, &done, "x").await.unwrap(), 0);
    assert_eq!(
        crate::queries::operations::get(&db, &done)
            .await
            .unwrap()
            .status,
        OperationStatus::Succeeded
    );

    // Requeue (reaping): queued, no start time, the message given.
    let lost = start(&db, a, D, &requester()).await.unwrap();
    let row = requeue(&db, lost, "worker lost; re-queued (attempt 2)".into())
        .await
        .unwrap();
    assert_eq!(row.status, OperationStatus::Queued);
    assert_eq!(row.phase.as_deref(), Some("queued"));
    assert_eq!(row.started_at, None);
    assert_eq!(
        row.message.as_deref(),
        Some("worker lost; re-queued (attempt 2)")
    );
}

#[tokio::test]
async fn detection_lookups_fabrics_with_a_repository_and_pending_drafts() {
    let dir = tempfile::tempdir().unwrap();
    let db = database(&dir).await;
    let a = add_fabric(&db, "a").await;
    let b = add_fabric(&db, "b").await;
    let now = Utc::now();
    let repo = git_repository::ActiveModel {
        name: Set("r".into()),
        url: Set("https://example.com/r.git".into()),
        provider: Set(Provider::Generic),
        auth_type: Set(AuthType::None),
        default_branch: Set("main".into()),
        connection_status: Set(ConnectionStatus::Untested),
        write_mode: Set(WriteMode::DirectPush),
        commit_author_name: Set("HNP Sync".into()),
        commit_author_email: Set("hnp-sync@localhost".into()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&db)
    .await
    .unwrap()
    .id;
    let mut active = fabric::Entity::find_by_id(b)
        .one(&db)
        .await
        .unwrap()
        .unwrap()
        .into_active_model();
    active.git_repository_id = Set(Some(repo));
    active.update(&db).await.unwrap();
    let with: Vec<i32> = crate::queries::fabrics::with_repository(&db)
        .await
        .unwrap()
        .into_iter()
        .map(|f| f.id)
        .collect();
    assert_eq!(with, vec![b]);

    assert!(!crate::sync::drafts::has_pending(&db, a).await.unwrap());
    add(&db, row(a, "VPC", "no-draft")).await;
    add(&db, row(b, "VPC", "other-fabric")).await;
    assert!(!crate::sync::drafts::has_pending(&db, a).await.unwrap());
    let mut drafted = row(a, "VPC", "drafted");
    drafted.draft_operation = Some(DraftOperation::Update);
    add(&db, drafted).await;
    assert!(crate::sync::drafts::has_pending(&db, a).await.unwrap());
    // A draft of fabric b does not count for a, and the other way round.
    assert!(!crate::sync::drafts::has_pending(&db, b).await.unwrap());

    // The detection check records the remote head.
    let fabric = crate::queries::fabrics::get(&db, b).await.unwrap();
    let checked = crate::repositories::record_remote_head(&db, &fabric, Some("abc".into()))
        .await
        .unwrap();
    assert_eq!(checked.remote_head_commit.as_deref(), Some("abc"));
    assert!(checked.last_checked_at.is_some());
    assert_eq!(checked.name, fabric.name);
}

#[tokio::test]
async fn phases_are_timed_while_running_and_end_with_done() {
    let dir = tempfile::tempdir().unwrap();
    let db = database(&dir).await;
    let f = add_fabric(&db, "a").await;
    let op = start(&db, f, OperationDirection::GitToGui, &requester())
        .await
        .unwrap();
    assert_eq!(op.phases, None);
    let event = |phase: &str| crate::progress::ProgressEvent {
        operation_id: op.id.clone(),
        fabric_id: f,
        phase: phase.into(),
        percent: 10,
        counters: Counters::default(),
        message: None,
    };
    for phase in ["fetch", "fetch", "parse"] {
        record_progress(&db, &op.id, &event(phase)).await.unwrap();
    }
    let finished = finish(
        &db,
        &op.id,
        &Outcome {
            counters: Counters::default(),
            errors: Vec::new(),
            message: None,
            commit: None,
            failure: None,
            details: None,
        },
    )
    .await
    .unwrap();
    let phases = finished.phases.expect("phases recorded");
    let list = phases.as_array().unwrap();
    let names: Vec<&str> = list.iter().map(|p| p["phase"].as_str().unwrap()).collect();
    assert_eq!(names, ["fetch", "parse", "done"]);
    let times: Vec<chrono::DateTime<Utc>> = list
        .iter()
        .map(|p| p["at"].as_str().unwrap().parse().unwrap())
        .collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "{times:?}");
    // A finished operation takes no more phases.
    record_progress(&db, &op.id, &event("late")).await.unwrap();
    let row = crate::queries::operations::get(&db, &op.id).await.unwrap();
    assert_eq!(row.phases.unwrap().as_array().unwrap().len(), 3);
}
