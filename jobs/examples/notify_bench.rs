//! Notification delivery under a burst: 1,000 drift events recorded in one transaction (as a
//! cluster read's drift recomputation records them), delivered by the jobs' delivery loop
//! (embedded queue, the production settings) to a local HTTP receiver, while a "sync" keeps
//! writing to the same database.
//!
//! ```text
//! cargo run --release -p hnp-jobs --example notify_bench -- [--events 1000] [--targets 1]
//!     [--delay-ms 5] [--postgres]
//! ```
//!
//! Measured and printed (one JSON line): the time the 1,000 outbox rows add to the recording
//! transaction; delivery throughput (deliveries / (start of the loop .. the last request the
//! receiver got)); and the latency of short write transactions (update a fabric row, commit)
//! run back to back during the delivery — the sync's view: a receiver that answers after
//! `--delay-ms` must not hold a lock a sync needs.

use std::time::{Duration, Instant};

use hnp_core::audit::Actor;
use hnp_core::config::Config;
use hnp_core::context::Core;
use hnp_core::notify::{self, Event, NewEvent, targets};
use hnp_core::repositories::{self, NewFabric};
use hnp_entity::enums::{AuthType, NotificationKind};
use hnp_jobs::{Jobs, Settings};
use hnp_tests::receiver::Receiver;
use hnp_tests::{Backend, GitFixture, TestDatabase};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

fn arg<T: std::str::FromStr>(name: &str, default: T) -> T {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let events: usize = arg("--events", 1000);
    let target_count: usize = arg("--targets", 1);
    let delay_ms: u64 = arg("--delay-ms", 5);
    let backend = if std::env::args().any(|a| a == "--postgres") {
        Backend::Postgres
    } else {
        Backend::Sqlite
    };
    let test_db = TestDatabase::migrated(backend).await?;
    let data = tempfile::tempdir()?;
    let config = Config {
        database_url: Some(test_db.url.clone()),
        data_dir: data.path().to_owned(),
        ..Config::default()
    };
    let db = hnp_core::db::connect(&test_db.url).await?;
    hnp_core::db::migrate(&db).await?;
    let core = Core::new(config, db)?;
    let git = GitFixture::new()?;
    git.write("fabrics/dc1/README.md", "fabric dc1\n")?;
    git.commit("initial")?;
    let actor = Actor::system("bench");
    let (fabric, _) = repositories::create_fabric(
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
        &actor,
    )
    .await?;
    let receiver = Receiver::start(&[]).await?;
    receiver.set_delay(Duration::from_millis(delay_ms));
    for i in 0..target_count {
        targets::add(
            &core,
            &fabric,
            targets::NewTarget {
                kind: NotificationKind::Webhook,
                url: format!("{}/hook/{i}", receiver.url),
                secret: Some("bench-secret".into()),
                events: vec![],
            },
            &actor,
        )
        .await?;
    }

    // The burst, recorded in one transaction like a drift recomputation's.
    let burst: Vec<NewEvent> = (0..events)
        .map(|i| NewEvent {
            fabric_id: fabric.id,
            event: Event::DriftStarted,
            dedup_key: format!("drift_started:{i}:bench"),
            details: json!({
                "resource": {"id": i, "kind": "VPC", "namespace": "default", "name": format!("vpc-{i}")},
                "paths": ["spec.subnets.default.vlan"],
                "managers": ["kubectl-edit"],
            }),
        })
        .collect();
    let started = Instant::now();
    let txn = hnp_core::db::begin_write(&core.db).await?;
    notify::record_many(&txn, burst).await?;
    txn.commit().await?;
    let record_ms = started.elapsed().as_secs_f64() * 1000.0;

    let jobs = Jobs::connect_with(
        core.clone(),
        Settings {
            namespace: format!("hnpbench-{}", uuid::Uuid::new_v4().simple()),
            ..Settings::default()
        },
    )
    .await?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let workers = {
        let jobs = jobs.clone();
        tokio::spawn(async move {
            jobs.run_workers(1, false, async move {
                let _ = stopped.await;
            })
            .await
        })
    };
    let expected = events * target_count;
    let delivery_started = Instant::now();
    // The "sync": short write transactions back to back while deliveries run.
    let mut sync_ms = Vec::new();
    while receiver.received().len() < expected {
        anyhow::ensure!(
            delivery_started.elapsed() < Duration::from_secs(600),
            "only {} of {expected} delivered in 10 minutes",
            receiver.received().len()
        );
        let t = Instant::now();
        let txn = hnp_core::db::begin_write(&core.db).await?;
        hnp_entity::fabric::Entity::update_many()
            .col_expr(
                hnp_entity::fabric::Column::UpdatedAt,
                Expr::value(chrono::Utc::now()),
            )
            .filter(hnp_entity::fabric::Column::Id.eq(fabric.id))
            .exec(&txn)
            .await?;
        txn.commit().await?;
        sync_ms.push(t.elapsed().as_secs_f64() * 1000.0);
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let got = receiver.received();
    let last = got.iter().map(|r| r.at).max().unwrap_or(delivery_started);
    let delivery_s = (last - delivery_started).as_secs_f64();
    // The results of the last pass are written after the receiver answered.
    let m = jobs.metrics();
    let settled = Instant::now();
    while (m
        .notifications_delivered
        .load(std::sync::atomic::Ordering::Relaxed) as usize)
        < expected
        && settled.elapsed() < Duration::from_secs(30)
    {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    stop.send(()).ok();
    let _ = workers.await;
    sync_ms.sort_by(f64::total_cmp);
    let report = json!({
        "backend": format!("{backend:?}").to_lowercase(),
        "events": events,
        "targets": target_count,
        "receiver_delay_ms": delay_ms,
        "record_ms": (record_ms * 10.0).round() / 10.0,
        "deliveries": got.len(),
        "delivered_metric": m.notifications_delivered.load(std::sync::atomic::Ordering::Relaxed),
        "delivery_seconds": (delivery_s * 100.0).round() / 100.0,
        "deliveries_per_second": (got.len() as f64 / delivery_s).round(),
        "sync_writes": sync_ms.len(),
        "sync_write_ms_p50": (percentile(&sync_ms, 0.5) * 10.0).round() / 10.0,
        "sync_write_ms_p99": (percentile(&sync_ms, 0.99) * 10.0).round() / 10.0,
        "sync_write_ms_max": (percentile(&sync_ms, 1.0) * 10.0).round() / 10.0,
    });
    println!("{report}");
    Ok(())
}
