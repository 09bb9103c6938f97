//! Notifications end to end against a local HTTP receiver (a real poem server), on SQLite and
//! PostgreSQL: events recorded in the outbox, delivered by the jobs' delivery loop (embedded
//! queue), the webhook signature checked with an independent HMAC-SHA256, a retry after a 500
//! within 10 s, one delivery for an event recorded twice, the event filter, the Slack shape,
//! the "send test" action and a hook (a failed operation raises `sync_failed`).

use std::time::Duration;

use hmac::{Hmac, Mac};
use hnp_core::audit::Actor;
use hnp_core::config::Config;
use hnp_core::context::Core;
use hnp_core::notify::{self, Event, deliver, targets};
use hnp_core::operations::Outcome;
use hnp_core::repositories::{self, NewFabric};
use hnp_entity::enums::{AuthType, DeliveryStatus, NotificationKind, OperationTrigger};
use hnp_entity::{fabric, notification_event};
use hnp_jobs::{Jobs, Run, Settings};
use hnp_tests::receiver::Receiver;
use hnp_tests::{Backend, GitFixture, TestDatabase};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::json;
use sha2::Sha256;

struct Env {
    core: Core,
    fabric: fabric::Model,
    _git: GitFixture,
    _db: TestDatabase,
    _data: tempfile::TempDir,
}

async fn env(backend: Backend) -> Env {
    let test_db = TestDatabase::migrated(backend).await.unwrap();
    let data = tempfile::tempdir().unwrap();
    let config = Config {
        database_url: Some(test_db.url.clone()),
        data_dir: data.path().to_owned(),
        ..Config::default()
    };
    let db = hnp_core::db::connect(&test_db.url).await.unwrap();
    hnp_core::db::migrate(&db).await.unwrap();
    hnp_core::flags::ensure_defaults(&db, &config)
        .await
        .unwrap();
    let core = Core::new(config, db).unwrap();
    let git = GitFixture::new().unwrap();
    git.write("fabrics/dc1/README.md", "fabric dc1\n").unwrap();
    git.commit("initial").unwrap();
    let fabric = repositories::create_fabric(
        &core,
        NewFabric {
            name: "dc1".into(),
            repo_url: git.url(),
            directory: "fabrics/dc1".into(),
            branch: None,
            auth: AuthType::None,
            credentials: None,
            ssh_host_keys: vec![],
            commit_author: None,
        },
        &Actor::system("test"),
    )
    .await
    .unwrap()
    .0;
    Env {
        core,
        fabric,
        _git: git,
        _db: test_db,
        _data: data,
    }
}

impl Env {
    /// Embedded jobs whose delivery loop runs every 100 ms, until the returned sender is
    /// dropped or used.
    async fn workers(&self) -> tokio::sync::oneshot::Sender<()> {
        let settings = Settings {
            namespace: format!("hnp-test-{}", uuid::Uuid::new_v4().simple()),
            reap_interval: Duration::from_secs(3600),
            notify_interval: Duration::from_millis(100),
            ..Settings::default()
        };
        let jobs = Jobs::connect_with(self.core.clone(), settings)
            .await
            .unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(async move {
            jobs.run_workers(1, false, async move {
                let _ = stopped.await;
            })
            .await
        });
        stop
    }

    async fn target(
        &self,
        kind: NotificationKind,
        url: &str,
        secret: Option<&str>,
        events: &[&str],
    ) -> targets::Target {
        targets::add(
            &self.core,
            &self.fabric,
            targets::NewTarget {
                kind,
                url: url.to_owned(),
                secret: secret.map(Into::into),
                events: events.iter().map(|e| (*e).to_owned()).collect(),
            },
            &Actor::system("test"),
        )
        .await
        .unwrap()
    }

    /// Records an event in its own transaction, as a change would.
    async fn record(&self, event: Event, key: &str, details: serde_json::Value) {
        let txn = hnp_core::db::begin_write(&self.core.db).await.unwrap();
        notify::record(&txn, self.fabric.id, event, key, details)
            .await
            .unwrap();
        txn.commit().await.unwrap();
    }

    async fn log(&self) -> Vec<deliver::Delivery> {
        deliver::deliveries(&self.core, &self.fabric, None, 100)
            .await
            .unwrap()
    }
}

fn verify(secret: &str, body: &[u8], header: &str) -> bool {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(body);
    let expected = format!("sha256={}", hex::encode(mac.finalize().into_bytes()));
    expected == header
}

async fn webhook_signed_retried_deduplicated(backend: Backend) {
    let env = env(backend).await;
    let receiver = Receiver::start(&[500]).await.unwrap();
    let secret = "s3cr3t-for-hmac";
    let target = env
        .target(
            NotificationKind::Webhook,
            &format!("{}/hook", receiver.url),
            Some(secret),
            &["drift_started", "sync_failed"],
        )
        .await;
    assert!(target.has_secret);
    let details = json!({
        "resource": {"id": 1, "kind": "VPC", "namespace": "default", "name": "vpc-1"},
        "paths": ["spec.subnets.default.vlan"],
        "managers": ["kubectl-edit"],
    });
    // The same event twice (same dedup key), and one the target's filter leaves out.
    env.record(Event::DriftStarted, "drift_started:1:42", details.clone())
        .await;
    env.record(Event::DriftStarted, "drift_started:1:42", details.clone())
        .await;
    env.record(Event::DriftEnded, "drift_ended:1:43", details.clone())
        .await;
    let events = notification_event::Entity::find()
        .filter(notification_event::Column::FabricId.eq(env.fabric.id))
        .count(&env.core.db)
        .await
        .unwrap();
    assert_eq!(events, 2, "the second record of a dedup key is ignored");

    let stop = env.workers().await;
    let got = receiver.wait_for(2, Duration::from_secs(20)).await;
    let gap = got[1].at - got[0].at;
    assert!(
        gap >= Duration::from_secs(4) && gap < Duration::from_secs(10),
        "first retry after {gap:?}"
    );
    // Nothing else arrives: one event, one target, delivered on the second attempt.
    tokio::time::sleep(Duration::from_millis(600)).await;
    let got = receiver.received();
    assert_eq!(got.len(), 2, "{got:#?}");
    stop.send(()).ok();

    for request in &got {
        assert_eq!(request.path, "/hook");
        assert_eq!(request.headers["content-type"], "application/json");
        let signature = &request.headers["x-hnp-signature"];
        assert!(verify(secret, &request.body, signature), "{signature}");
        assert!(!verify("another secret", &request.body, signature));
        let body = request.json();
        assert_eq!(body["event"], "drift_started");
        assert_eq!(body["fabric"]["name"], "dc1");
        assert_eq!(body["fabric"]["id"], env.fabric.id);
        assert!(
            chrono::DateTime::parse_from_rfc3339(body["at"].as_str().unwrap()).is_ok(),
            "{body}"
        );
        assert_eq!(body["details"], details);
    }
    assert_eq!(got[0].body, got[1].body, "a retry sends the same body");

    let log = env.log().await;
    let summary: Vec<_> = log
        .iter()
        .map(|d| (d.event.as_str(), d.attempt, d.status, d.http_status))
        .collect();
    assert_eq!(
        summary,
        [
            ("drift_started", 2, DeliveryStatus::Delivered, Some(200)),
            ("drift_started", 1, DeliveryStatus::Failed, Some(500)),
        ]
    );
    assert!(log[1].error.as_deref().unwrap().contains("500"));
    assert!(
        !format!("{log:?}").contains(secret),
        "the secret is never in the log"
    );
}

#[tokio::test]
async fn webhook_is_signed_retried_after_a_500_and_deduplicated_sqlite() {
    webhook_signed_retried_deduplicated(Backend::Sqlite).await;
}

#[tokio::test]
async fn webhook_is_signed_retried_after_a_500_and_deduplicated_postgres() {
    webhook_signed_retried_deduplicated(Backend::Postgres).await;
}

async fn slack_shape_and_test_action(backend: Backend) {
    let env = env(backend).await;
    let receiver = Receiver::start(&[]).await.unwrap();
    let slack = env
        .target(
            NotificationKind::Slack,
            &format!("{}/services/T/B/x", receiver.url),
            None,
            &[],
        )
        .await;
    assert!(!slack.has_secret);
    // The webhook's path is its credential: never shown.
    assert!(!slack.url.contains("services"), "{}", slack.url);
    env.record(
        Event::ConflictOpened,
        "conflict_opened:7",
        json!({
            "conflict_id": 7,
            "resource": {"id": 3, "kind": "VPC", "namespace": "default", "name": "vpc<2>"},
            "paths": ["spec.subnets.default.vlan"],
        }),
    )
    .await;
    let stop = env.workers().await;
    let got = receiver.wait_for(1, Duration::from_secs(10)).await;
    stop.send(()).ok();
    let request = &got[0];
    assert!(!request.headers.contains_key("x-hnp-signature"));
    let body = request.json();
    let text = body["text"].as_str().unwrap();
    assert!(text.contains("conflict opened"), "{text}");
    assert!(text.contains("VPC default/vpc&lt;2&gt;"), "{text}");
    let blocks = body["blocks"].as_array().unwrap();
    assert_eq!(blocks[0]["type"], "section");
    assert_eq!(blocks[0]["text"]["type"], "mrkdwn");
    assert_eq!(blocks[0]["text"]["text"], text);
    assert_eq!(blocks[1]["type"], "context");

    // "Send test": delivered now, in the log; a target that refuses connections gives up at
    // once (tests are not retried).
    let delivery = deliver::test_target(&env.core, &env.fabric, slack.id, &Actor::system("test"))
        .await
        .unwrap();
    assert_eq!(delivery.status, DeliveryStatus::Delivered);
    assert_eq!(delivery.event, "test");
    assert_eq!(receiver.received().len(), 2);
    let closed = env
        .target(NotificationKind::Webhook, "http://127.0.0.1:9/x", None, &[])
        .await;
    let delivery = deliver::test_target(&env.core, &env.fabric, closed.id, &Actor::system("test"))
        .await
        .unwrap();
    assert_eq!(delivery.status, DeliveryStatus::GaveUp);
    assert!(
        delivery
            .error
            .as_deref()
            .unwrap()
            .contains("connection failed"),
        "{delivery:?}"
    );
    assert!(
        !delivery.error.unwrap().contains("127.0.0.1:9"),
        "no URL in errors"
    );
}

#[tokio::test]
async fn slack_message_shape_and_send_test_sqlite() {
    slack_shape_and_test_action(Backend::Sqlite).await;
}

#[tokio::test]
async fn slack_message_shape_and_send_test_postgres() {
    slack_shape_and_test_action(Backend::Postgres).await;
}

async fn failed_operation_raises_sync_failed(backend: Backend) {
    let env = env(backend).await;
    let receiver = Receiver::start(&[]).await.unwrap();
    env.target(
        NotificationKind::Webhook,
        &format!("{}/sync", receiver.url),
        None,
        &["sync_failed"],
    )
    .await;
    let jobs = Jobs::connect_with(env.core.clone(), Settings::default())
        .await
        .unwrap();
    let requester = hnp_core::operations::Requester {
        user_id: None,
        name: "alice".into(),
        trigger: OperationTrigger::Api,
    };
    let op = jobs
        .trigger(&env.fabric, Run::GitToGui, false, requester)
        .await
        .unwrap();
    let outcome = Outcome {
        failure: Some("remote refused the fetch".into()),
        ..Default::default()
    };
    hnp_core::operations::finish(&env.core.db, &op.id, &outcome)
        .await
        .unwrap();
    // Delivered by one pass, without workers.
    let pass = jobs.deliver_notifications().await.unwrap();
    assert_eq!((pass.events_dispatched, pass.delivered), (1, 1), "{pass:?}");
    let body = receiver.received()[0].json();
    assert_eq!(body["event"], "sync_failed");
    assert_eq!(body["details"]["operation_id"], op.id.as_str());
    assert_eq!(body["details"]["message"], "remote refused the fetch");
    assert_eq!(body["details"]["direction"], "git_to_gui");
}

#[tokio::test]
async fn failed_operation_raises_sync_failed_sqlite() {
    failed_operation_raises_sync_failed(Backend::Sqlite).await;
}

#[tokio::test]
async fn failed_operation_raises_sync_failed_postgres() {
    failed_operation_raises_sync_failed(Backend::Postgres).await;
}
