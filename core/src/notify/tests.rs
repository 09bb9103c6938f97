//! The outbox and the delivery bookkeeping on SQLite, without HTTP: dedup, fan-out by filter,
//! claims and their lease, the retry schedule, giving up, a lost claim, cleanup.

use chrono::Utc;
use hnp_entity::enums::{DeliveryStatus, NotificationKind};
use hnp_entity::{fabric, notification_delivery, notification_event};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use serde_json::json;

use super::deliver::{self, Outcome};
use super::targets::{self, NewTarget};
use super::{BACKOFF, Event, MAX_ATTEMPTS};
use crate::audit::Actor;
use crate::config::Config;
use crate::context::Core;

async fn setup(dir: &tempfile::TempDir) -> (Core, fabric::Model) {
    let db = crate::queries::tests::database(dir).await;
    let id = crate::queries::tests::add_fabric(&db, "dc1").await;
    let fabric = fabric::Entity::find_by_id(id)
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    let config = Config {
        data_dir: dir.path().join("data"),
        ..Config::default()
    };
    (Core::new(config, db).unwrap(), fabric)
}

async fn target(core: &Core, fabric: &fabric::Model, events: &[&str]) -> i32 {
    targets::add(
        core,
        fabric,
        NewTarget {
            kind: NotificationKind::Webhook,
            url: "http://127.0.0.1:9/x".into(),
            secret: Some("s".into()),
            events: events.iter().map(|e| (*e).to_owned()).collect(),
        },
        &Actor::system("test"),
    )
    .await
    .unwrap()
    .id
}

fn failure() -> Outcome {
    Outcome {
        http_status: Some(500),
        error: Some("HTTP 500".into()),
    }
}

#[tokio::test]
async fn outbox_fan_out_claims_retries_and_cleanup() {
    let dir = tempfile::tempdir().unwrap();
    let (core, fabric) = setup(&dir).await;
    let drift_only = target(&core, &fabric, &["drift_started"]).await;
    let all = target(&core, &fabric, &[]).await;
    for key in ["d:1", "d:1"] {
        super::record(&core.db, fabric.id, Event::DriftStarted, key, json!({}))
            .await
            .unwrap();
    }
    super::record(&core.db, fabric.id, Event::SyncFailed, "s:1", json!({}))
        .await
        .unwrap();
    assert_eq!(
        notification_event::Entity::find()
            .count(&core.db)
            .await
            .unwrap(),
        2
    );

    // Fan-out: the filtered target gets the drift event only; a second dispatch adds nothing.
    assert_eq!(deliver::dispatch(&core.db, 100).await.unwrap(), 2);
    assert_eq!(deliver::dispatch(&core.db, 100).await.unwrap(), 0);
    let rows = notification_delivery::Entity::find()
        .all(&core.db)
        .await
        .unwrap();
    let count = |t: i32| rows.iter().filter(|r| r.target_id == t).count();
    assert_eq!((count(drift_only), count(all)), (1, 2));

    // Claimed once: a second claim while the lease runs gets nothing.
    let claimed = deliver::claim(&core.db, 100).await.unwrap();
    assert_eq!(claimed.len(), 3);
    assert!(claimed.iter().all(|r| r.status == DeliveryStatus::Sending));
    assert!(deliver::claim(&core.db, 100).await.unwrap().is_empty());

    // A failure schedules attempt 2 after the first backoff step.
    let first = &claimed[0];
    let status = deliver::settle(&core.db, first, &failure(), true)
        .await
        .unwrap();
    assert_eq!(status, Some(DeliveryStatus::Failed));
    let next = notification_delivery::Entity::find()
        .filter(notification_delivery::Column::TargetId.eq(first.target_id))
        .filter(notification_delivery::Column::EventId.eq(first.event_id))
        .filter(notification_delivery::Column::Attempt.eq(2))
        .one(&core.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(next.status, DeliveryStatus::Pending);
    let delay = (next.next_attempt_at - Utc::now()).num_milliseconds();
    assert!(
        delay > 3_000 && delay <= BACKOFF[0].as_millis() as i64,
        "{delay} ms"
    );
    // Not due yet.
    assert!(deliver::claim(&core.db, 100).await.unwrap().is_empty());
    // Settling the same claim again (a late duplicate) changes nothing.
    assert_eq!(
        deliver::settle(&core.db, first, &failure(), true)
            .await
            .unwrap(),
        None
    );

    // An expired lease is claimed again by another worker; the first worker's late result
    // is dropped.
    let second = &claimed[1];
    notification_delivery::ActiveModel {
        id: Set(second.id),
        next_attempt_at: Set(Utc::now() - chrono::Duration::seconds(1)),
        ..Default::default()
    }
    .update(&core.db)
    .await
    .unwrap();
    let again = deliver::claim(&core.db, 100).await.unwrap();
    assert_eq!(again.iter().map(|r| r.id).collect::<Vec<_>>(), [second.id]);
    assert_eq!(
        deliver::settle(&core.db, second, &failure(), true)
            .await
            .unwrap(),
        None
    );
    let ok = Outcome {
        http_status: Some(204),
        error: None,
    };
    assert_eq!(
        deliver::settle(&core.db, &again[0], &ok, true)
            .await
            .unwrap(),
        Some(DeliveryStatus::Delivered)
    );

    // The last attempt gives up: no further row.
    let mut last = claimed[2].clone();
    last.attempt = MAX_ATTEMPTS;
    notification_delivery::ActiveModel {
        id: Set(last.id),
        attempt: Set(MAX_ATTEMPTS),
        ..Default::default()
    }
    .update(&core.db)
    .await
    .unwrap();
    assert_eq!(
        deliver::settle(&core.db, &last, &failure(), true)
            .await
            .unwrap(),
        Some(DeliveryStatus::GaveUp)
    );
    let after = notification_delivery::Entity::find()
        .filter(notification_delivery::Column::Attempt.gt(MAX_ATTEMPTS))
        .count(&core.db)
        .await
        .unwrap();
    assert_eq!(after, 0);

    // The log shows every attempt; cleanup removes events and their deliveries.
    let log = deliver::deliveries(&core, &fabric, None, 50).await.unwrap();
    assert_eq!(log.len(), 4);
    let removed = deliver::cleanup(&core.db, Utc::now() + chrono::Duration::seconds(1))
        .await
        .unwrap();
    assert_eq!(removed, 2);
    assert_eq!(
        notification_delivery::Entity::find()
            .count(&core.db)
            .await
            .unwrap(),
        0
    );
}

#[tokio::test]
async fn secrets_are_encrypted_and_targets_checked() {
    let dir = tempfile::tempdir().unwrap();
    let (core, fabric) = setup(&dir).await;
    let id = target(&core, &fabric, &[]).await;
    let row = targets::get(&core, &fabric, id).await.unwrap();
    let stored = row.encrypted_secret.unwrap();
    assert_ne!(stored, "s");
    assert_eq!(
        core.vault
            .decrypt_str(targets::SECRET_PURPOSE, &stored)
            .unwrap(),
        "s"
    );
    let slack_with_secret = targets::add(
        &core,
        &fabric,
        NewTarget {
            kind: NotificationKind::Slack,
            url: "https://hooks.slack.com/services/x".into(),
            secret: Some("s".into()),
            events: vec![],
        },
        &Actor::system("test"),
    )
    .await
    .unwrap_err();
    assert!(
        slack_with_secret.to_string().contains("secret"),
        "{slack_with_secret}"
    );
    let listed = targets::list(&core, &fabric).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert!(listed[0].has_secret);
    targets::remove(&core, &fabric, id, &Actor::system("test"))
        .await
        .unwrap();
    assert!(targets::list(&core, &fabric).await.unwrap().is_empty());
}
