//! Background jobs of HNP Sync on apalis 1.0.
//!
//! Storage: apalis-redis queues when `HNP_REDIS_URL` is set, else apalis' in-process
//! `MemoryStorage` (nothing to run for `make demo`). The job handlers are the same for both.
//!
//! Jobs (queue names `<namespace>:<job>`):
//! - [`SyncFabric`] (`sync_fabric`): runs one operation (git_to_gui, gui_to_git, bidirectional,
//!   directory_init) under the fabric's lease.
//! - [`DetectExternalModifications`] (`detect_external_modifications`): cron (default every
//!   2 minutes); a run picked up more than 60 s after its tick is dropped and counted.
//! - [`CleanupSyncOperations`] (`cleanup_sync_operations`): cron (default daily 02:00 UTC);
//!   keeps 30 days and at least the last 50 operations per fabric.
//! - [`SyncClusterState`] (`sync_cluster_state`): cron (default every 5 minutes); queues a
//!   `cluster_read` operation (a `sync_fabric` job) for every fabric with a cluster connection,
//!   skipping fabrics without one. A failed cluster read is not retried: the next tick is.
//!
//! Environment (read here, not in core's config): `HNP_DETECT_SCHEDULE`,
//! `HNP_CLEANUP_SCHEDULE`, `HNP_CLUSTER_SCHEDULE` (6-field cron, seconds first, evaluated in UTC),
//! `HNP_JOBS_NAMESPACE` (Redis key prefix, default `hnp`), `HNP_JOBS_LOCK_TTL_MS` (fabric lease
//! time-to-live, default 30000: an operation of a dead worker is reaped this long after its
//! last renewal), `HNP_JOBS_REAP_INTERVAL_MS` (how often workers look for such operations,
//! default 30000) and `HNP_JOBS_POLL_INTERVAL_MS` (idle queue polling, default 500).
//!
//! Redis outages: [`Jobs::connect`] does not fail when Redis is down; it starts degraded
//! ([`Jobs::available`] false, triggers fail with "background jobs are unavailable") and the
//! connection manager reconnects on the next use. Workers whose queue connection failed are
//! restarted every second until Redis answers again.
//!
//! Retries: our own, not apalis'. apalis-redis re-queues a failed task up to a hard-coded 25
//! attempts (`lua/handle_results.lua`) with a one-second-per-attempt delay, whatever
//! `max_attempts` says. So handlers return `Ok` after handling a failure themselves: a
//! retryable failure (network, database, I/O) re-enqueues the job with `attempt + 1` after
//! `2^attempt` seconds (at most [`MAX_ATTEMPTS`]); a permanent one (auth refused, repository not
//! found, validation, feature disabled) fails the operation and returns an `AbortError`, which
//! apalis records as killed (dead set) and never retries.

mod bus;
mod lock;

use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use apalis::prelude::*;
use apalis_redis::RedisStorage;
use chrono::{DateTime, Utc};
use hnp_core::context::Core;
use hnp_core::operations::{Outcome, Requester};
use hnp_core::progress::{BroadcastBus, ProgressBus, ProgressEvent, ProgressSink, Tee};
use hnp_entity::enums::{OperationStatus, OperationTrigger};
use hnp_entity::{fabric, resource, sync_operation};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use serde::{Deserialize, Serialize};

pub use bus::RedisBus;
use lock::{Lease, Leases};

/// Attempts of one job (first run included) before its operation is failed.
pub const MAX_ATTEMPTS: u32 = 5;
/// A scheduled run picked up later than this after its tick is dropped.
pub const SCHEDULE_GRACE: Duration = Duration::from_secs(60);
/// Cleanup keeps operations younger than this…
pub const KEEP_DAYS: i64 = 30;
/// …and at least this many per fabric.
pub const KEEP_LAST: u64 = 50;
/// Default `sync_interval_seconds` of a fabric.
pub const DEFAULT_SYNC_INTERVAL: i64 = 120;

/// Errors of the jobs layer itself (connection, configuration, workers).
#[derive(Debug, thiserror::Error)]
pub enum JobsError {
    #[error("background jobs are unavailable: {0}")]
    Unavailable(String),
    #[error("jobs configuration: {0}")]
    Config(String),
    #[error("worker failed: {0}")]
    Worker(String),
    #[error(transparent)]
    Core(#[from] hnp_core::Error),
}

pub type Result<T, E = JobsError> = std::result::Result<T, E>;

/// What a trigger asks for (core's one direction type).
pub use hnp_core::sync::Run;

/// Who asked, in serializable form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestedBy {
    pub user_id: Option<i32>,
    pub name: String,
    pub trigger: OperationTrigger,
}

impl From<&Requester> for RequestedBy {
    fn from(r: &Requester) -> Self {
        RequestedBy {
            user_id: r.user_id,
            name: r.name.clone(),
            trigger: r.trigger,
        }
    }
}

impl From<&RequestedBy> for Requester {
    fn from(r: &RequestedBy) -> Self {
        Requester {
            user_id: r.user_id,
            name: r.name.clone(),
            trigger: r.trigger,
        }
    }
}

/// `sync_fabric`: run queued operation `operation_id`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncFabric {
    pub fabric_id: i32,
    pub direction: Run,
    pub operation_id: String,
    pub requested_by: RequestedBy,
    pub dry_run: bool,
    /// 0 for the first run.
    #[serde(default)]
    pub attempt: u32,
}

/// `detect_external_modifications`: one scheduled pass over the fabrics that are due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DetectExternalModifications {
    /// The cron tick (unix seconds).
    pub scheduled_at: i64,
    /// Dropped (and counted) when picked up after this (unix seconds).
    pub not_after: Option<i64>,
}

/// `cleanup_sync_operations`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CleanupSyncOperations {
    pub scheduled_at: i64,
    pub not_after: Option<i64>,
}

/// `sync_cluster_state`: queue a cluster read for every fabric with a cluster connection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncClusterState {
    pub scheduled_at: i64,
    pub not_after: Option<i64>,
}

const SYNC_QUEUE: &str = "sync_fabric";
const DETECT_QUEUE: &str = "detect_external_modifications";
const CLEANUP_QUEUE: &str = "cleanup_sync_operations";
const CLUSTER_QUEUE: &str = "sync_cluster_state";

/// Cron schedules (6 fields, seconds first, UTC).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedules {
    pub detect: String,
    pub cleanup: String,
    pub cluster: String,
}

impl Default for Schedules {
    fn default() -> Self {
        Schedules {
            detect: "0 */2 * * * *".to_owned(),
            cleanup: "0 0 2 * * *".to_owned(),
            cluster: "0 */5 * * * *".to_owned(),
        }
    }
}

impl Schedules {
    /// `HNP_DETECT_SCHEDULE` / `HNP_CLEANUP_SCHEDULE`, else the defaults; both are parsed.
    pub fn from_env() -> Result<Self> {
        let mut s = Schedules::default();
        if let Ok(v) = std::env::var("HNP_DETECT_SCHEDULE")
            && !v.trim().is_empty()
        {
            s.detect = v.trim().to_owned();
        }
        if let Ok(v) = std::env::var("HNP_CLEANUP_SCHEDULE")
            && !v.trim().is_empty()
        {
            s.cleanup = v.trim().to_owned();
        }
        if let Ok(v) = std::env::var("HNP_CLUSTER_SCHEDULE")
            && !v.trim().is_empty()
        {
            s.cluster = v.trim().to_owned();
        }
        parse_schedule("HNP_DETECT_SCHEDULE", &s.detect)?;
        parse_schedule("HNP_CLEANUP_SCHEDULE", &s.cleanup)?;
        parse_schedule("HNP_CLUSTER_SCHEDULE", &s.cluster)?;
        Ok(s)
    }
}

/// A positive number of milliseconds from `name`, if set.
fn env_millis(name: &str) -> Result<Option<Duration>> {
    match std::env::var(name) {
        Ok(v) if !v.trim().is_empty() => match v.trim().parse::<u64>() {
            Ok(ms) if ms > 0 => Ok(Some(Duration::from_millis(ms))),
            _ => Err(JobsError::Config(format!(
                "{name}: expected a positive number of milliseconds, got {v:?}"
            ))),
        },
        _ => Ok(None),
    }
}

fn parse_schedule(name: &str, expr: &str) -> Result<cron::Schedule> {
    expr.parse::<cron::Schedule>()
        .map_err(|e| JobsError::Config(format!("{name}: invalid cron expression {expr:?}: {e}")))
}

/// Settings of a [`Jobs`] instance.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Redis key prefix / queue namespace.
    pub namespace: String,
    pub schedules: Schedules,
    /// How often an idle worker looks for new Redis tasks.
    pub poll_interval: Duration,
    /// Fabric lease time-to-live (renewed every third of it while an operation runs).
    pub lock_ttl: Duration,
    /// How long a sync job waits for its fabric's lease before re-queueing itself.
    pub lock_wait: Duration,
    /// How often `run_workers` reaps operations left running by dead workers.
    pub reap_interval: Duration,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            namespace: "hnp".to_owned(),
            schedules: Schedules::default(),
            poll_interval: Duration::from_millis(500),
            lock_ttl: Duration::from_secs(30),
            lock_wait: Duration::from_secs(120),
            reap_interval: Duration::from_secs(30),
        }
    }
}

impl Settings {
    /// Defaults with `HNP_JOBS_NAMESPACE` and the schedules from the environment.
    pub fn from_env() -> Result<Self> {
        let mut s = Settings {
            schedules: Schedules::from_env()?,
            ..Settings::default()
        };
        if let Ok(ns) = std::env::var("HNP_JOBS_NAMESPACE")
            && !ns.trim().is_empty()
        {
            s.namespace = ns.trim().to_owned();
        }
        for (name, field) in [
            ("HNP_JOBS_LOCK_TTL_MS", &mut s.lock_ttl),
            ("HNP_JOBS_REAP_INTERVAL_MS", &mut s.reap_interval),
            ("HNP_JOBS_POLL_INTERVAL_MS", &mut s.poll_interval),
        ] {
            if let Some(ms) = env_millis(name)? {
                *field = ms;
            }
        }
        Ok(s)
    }
}

/// Counters of this process (also exported by the API's `/metrics`).
#[derive(Debug, Default)]
pub struct Metrics {
    pub detections: AtomicU64,
    pub detections_changed: AtomicU64,
    pub detection_errors: AtomicU64,
    pub expired_dropped: AtomicU64,
    pub syncs_run: AtomicU64,
    pub retries: AtomicU64,
    pub reaped: AtomicU64,
    pub cleaned: AtomicU64,
    /// Cluster reads queued by the `sync_cluster_state` schedule.
    pub cluster_reads_queued: AtomicU64,
}

type MemSink<T> = MemorySink<T>;

struct Embedded {
    sync: MemSink<SyncFabric>,
    detect: MemSink<DetectExternalModifications>,
    cleanup: MemSink<CleanupSyncOperations>,
    cluster: MemSink<SyncClusterState>,
    #[allow(clippy::type_complexity)]
    storages: Mutex<
        Option<(
            MemoryStorage<SyncFabric>,
            MemoryStorage<DetectExternalModifications>,
            MemoryStorage<CleanupSyncOperations>,
            MemoryStorage<SyncClusterState>,
        )>,
    >,
}

struct RedisQueues {
    client: redis::Client,
    conn: redis::aio::ConnectionManager,
}

enum Queues {
    Redis(RedisQueues),
    Embedded(Embedded),
}

struct Inner {
    core: Core,
    settings: Settings,
    queues: Queues,
    leases: Leases,
    bus: Arc<dyn ProgressBus + Send + Sync>,
    available: AtomicBool,
    /// Embedded only: attempt of running operations (Redis keeps them under `attempts:<id>`).
    attempts: Mutex<HashMap<String, u32>>,
    metrics: Metrics,
}

/// The jobs handle: enqueue, detect, run workers. Cheap to clone; build once per process.
#[derive(Clone)]
pub struct Jobs {
    inner: Arc<Inner>,
}

fn memory<T: Send + 'static>() -> (MemSink<T>, MemoryStorage<T>) {
    use futures_util::{SinkExt, StreamExt};
    let (tx, rx) = futures_channel::mpsc::unbounded::<Task<T>>();
    let sink: Box<
        dyn futures_util::Sink<Task<T>, Error = MemoryStorageError> + Send + Sync + Unpin,
    > = Box::new(tx.sink_map_err(MemoryStorageError::from));
    let sink = MemorySink::new(Arc::new(futures_util::lock::Mutex::new(sink)));
    let storage = MemoryStorage::new_with(sink.clone(), rx.boxed());
    (sink, storage)
}

impl Jobs {
    /// Redis when `core.config.redis_url` is set, else embedded; settings from the environment.
    pub async fn connect(core: Core) -> Result<Jobs> {
        let settings = Settings::from_env()?;
        Self::connect_with(core, settings).await
    }

    /// Like [`Jobs::connect`] with explicit settings (tests use a unique namespace).
    pub async fn connect_with(core: Core, settings: Settings) -> Result<Jobs> {
        parse_schedule("detect schedule", &settings.schedules.detect)?;
        parse_schedule("cleanup schedule", &settings.schedules.cleanup)?;
        parse_schedule("cluster schedule", &settings.schedules.cluster)?;
        let mut available = true;
        let (queues, leases, bus): (Queues, Leases, Arc<dyn ProgressBus + Send + Sync>) = match core
            .config
            .redis_url
            .clone()
        {
            Some(url) => {
                let client = redis::Client::open(url.as_str())
                    .map_err(|e| JobsError::Config(format!("HNP_REDIS_URL: {e}")))?;
                // Lazy: created without a live server; every use reconnects after a failure.
                let config = redis::aio::ConnectionManagerConfig::new()
                    .set_number_of_retries(1)
                    .set_connection_timeout(Some(Duration::from_secs(2)));
                let conn =
                    redis::aio::ConnectionManager::new_lazy_with_config(client.clone(), config)
                        .map_err(|e| JobsError::Config(format!("HNP_REDIS_URL: {e}")))?;
                let mut probe = conn.clone();
                match tokio::time::timeout(
                    Duration::from_secs(5),
                    redis::cmd("PING").query_async::<String>(&mut probe),
                )
                .await
                {
                    Ok(Ok(_)) => {}
                    Ok(Err(e)) => {
                        available = false;
                        tracing::warn!(error = %e, "Redis is unavailable: background jobs start degraded and reconnect");
                    }
                    Err(_) => {
                        available = false;
                        tracing::warn!(
                            "Redis did not answer within 5 s: background jobs start degraded and reconnect"
                        );
                    }
                }
                let bus = RedisBus::start(
                    client.clone(),
                    conn.clone(),
                    format!("{}:progress", settings.namespace),
                )
                .await;
                (
                    Queues::Redis(RedisQueues {
                        client,
                        conn: conn.clone(),
                    }),
                    Leases::Redis(conn),
                    bus,
                )
            }
            None => {
                let (sync, s1) = memory();
                let (detect, s2) = memory();
                let (cleanup, s3) = memory();
                let (cluster, s4) = memory();
                (
                    Queues::Embedded(Embedded {
                        sync,
                        detect,
                        cleanup,
                        cluster,
                        storages: Mutex::new(Some((s1, s2, s3, s4))),
                    }),
                    Leases::local(),
                    Arc::new(BroadcastBus::default()),
                )
            }
        };
        Ok(Jobs {
            inner: Arc::new(Inner {
                core,
                settings,
                queues,
                leases,
                bus,
                available: AtomicBool::new(available),
                attempts: Mutex::default(),
                metrics: Metrics::default(),
            }),
        })
    }

    pub fn core(&self) -> &Core {
        &self.inner.core
    }

    pub fn settings(&self) -> &Settings {
        &self.inner.settings
    }

    pub fn metrics(&self) -> &Metrics {
        &self.inner.metrics
    }

    /// True when Redis-backed (operations can run in other processes).
    pub fn is_redis(&self) -> bool {
        matches!(self.inner.queues, Queues::Redis(_))
    }

    /// The progress bus: Redis pub/sub (events of every process) or the in-process broadcast.
    pub fn bus(&self) -> Arc<dyn ProgressBus + Send + Sync> {
        self.inner.bus.clone()
    }

    /// Last known availability of the queue (updated by [`Jobs::health`] and by enqueues).
    pub fn available(&self) -> bool {
        self.inner.available.load(Ordering::Relaxed)
    }

    /// Pings Redis (embedded: always fine).
    pub async fn health(&self) -> Result<(), String> {
        let result = match &self.inner.queues {
            Queues::Embedded(_) => Ok(()),
            Queues::Redis(r) => {
                let mut conn = r.conn.clone();
                match tokio::time::timeout(
                    Duration::from_secs(2),
                    redis::cmd("PING").query_async::<String>(&mut conn),
                )
                .await
                {
                    Ok(Ok(_)) => Ok(()),
                    Ok(Err(e)) => Err(format!("Redis: {e}")),
                    Err(_) => Err("Redis did not answer within 2 s".to_owned()),
                }
            }
        };
        self.inner
            .available
            .store(result.is_ok(), Ordering::Relaxed);
        result
    }

    fn key(&self, suffix: &str) -> String {
        format!("{}:{suffix}", self.inner.settings.namespace)
    }

    fn fabric_lock_key(&self, fabric_id: i32) -> String {
        self.key(&format!("lock:fabric:{fabric_id}"))
    }

    fn queue_name(&self, job: &str) -> String {
        self.key(job)
    }

    fn redis_config(&self, job: &str) -> apalis_redis::Config {
        apalis_redis::Config::default()
            .queue(self.queue_name(job))
            .heartbeat_interval(Duration::from_secs(10))
            .missed_heartbeats(3)
    }

    fn unavailable(e: impl std::fmt::Display) -> hnp_core::Error {
        hnp_core::Error::JobsUnavailable(e.to_string())
    }

    /// Pushes a sync job, after `delay` when given.
    async fn push_sync(&self, job: SyncFabric, delay: Option<Duration>) -> hnp_core::Result<()> {
        let result = match &self.inner.queues {
            Queues::Redis(r) => {
                let mut storage = RedisStorage::<SyncFabric>::new(r.conn.clone())
                    .with_config(self.redis_config(SYNC_QUEUE));
                let mut task = TaskBuilder::new(job);
                if let Some(delay) = delay {
                    task = task.run_after(delay);
                }
                storage
                    .push_task(task.build())
                    .await
                    .map_err(|e| e.to_string())
            }
            Queues::Embedded(e) => {
                let mut sink = e.sync.clone();
                match delay {
                    None => push_memory(&mut sink, job).await,
                    Some(delay) => {
                        tokio::spawn(async move {
                            tokio::time::sleep(delay).await;
                            if let Err(e) = push_memory(&mut sink, job).await {
                                tracing::error!(error = %e, "delayed retry not queued");
                            }
                        });
                        Ok(())
                    }
                }
            }
        };
        self.inner
            .available
            .store(result.is_ok(), Ordering::Relaxed);
        result.map_err(Self::unavailable)
    }

    /// Queues `run` for `fabric` and enqueues its job; returns the queued operation. A trigger
    /// while an operation of the same direction (and dry-run mode) is still queued returns that
    /// operation. The orchestrator's checks run first: `FEATURE_DISABLED` when the flag of `run`
    /// is off for the fabric, `VALIDATION_FAILED` for a dry run of a run that has none.
    pub async fn trigger(
        &self,
        fabric: &fabric::Model,
        run: Run,
        dry_run: bool,
        requester: Requester,
    ) -> hnp_core::Result<sync_operation::Model> {
        let core = &self.inner.core;
        hnp_core::sync::check_dry_run(run, dry_run)?;
        hnp_core::sync::check_flags(core, fabric, run).await?;
        // Serialize dedupe + insert per fabric and direction across processes.
        let key = self.key(&format!("trigger:{}:{}", fabric.id, run.direction()));
        let mut guard = None;
        for _ in 0..100 {
            match self
                .inner
                .leases
                .try_acquire(&key, Duration::from_secs(10), false)
                .await
            {
                Ok(Some(lease)) => {
                    guard = Some(lease);
                    break;
                }
                Ok(None) => tokio::time::sleep(Duration::from_millis(50)).await,
                Err(e) => {
                    self.inner.available.store(false, Ordering::Relaxed);
                    return Err(Self::unavailable(e));
                }
            }
        }
        let Some(guard) = guard else {
            return Err(Self::unavailable("trigger lock not obtained within 5 s"));
        };
        let result = self.trigger_locked(fabric, run, dry_run, &requester).await;
        guard.release().await;
        result
    }

    async fn trigger_locked(
        &self,
        fabric: &fabric::Model,
        run: Run,
        dry_run: bool,
        requester: &Requester,
    ) -> hnp_core::Result<sync_operation::Model> {
        let db = &self.inner.core.db;
        if let Some(queued) = sync_operation::Entity::find()
            .filter(sync_operation::Column::FabricId.eq(fabric.id))
            .filter(sync_operation::Column::Direction.eq(run.direction()))
            .filter(sync_operation::Column::Status.eq(OperationStatus::Queued))
            .filter(sync_operation::Column::DryRun.eq(dry_run))
            .one(db)
            .await?
        {
            return Ok(queued);
        }
        let operation =
            hnp_core::operations::queue(db, fabric.id, run.direction(), requester, dry_run).await?;
        let job = SyncFabric {
            fabric_id: fabric.id,
            direction: run,
            operation_id: operation.id.clone(),
            requested_by: requester.into(),
            dry_run,
            attempt: 0,
        };
        if let Err(e) = self.push_sync(job, None).await {
            let outcome = Outcome {
                failure: Some(e.to_string()),
                ..Default::default()
            };
            let _ = hnp_core::operations::finish(db, &operation.id, &outcome).await;
            return Err(e);
        }
        Ok(operation)
    }

    /// Runs `work` while holding the fabric's lease, as workers do for every operation, so a
    /// command-line run never overlaps a worker's operation on the same fabric (and is not
    /// reaped as abandoned). Waits up to `lock_wait` for a running operation to finish.
    pub async fn with_fabric_lock<T>(
        &self,
        fabric_id: i32,
        work: impl Future<Output = T>,
    ) -> hnp_core::Result<T> {
        let key = self.fabric_lock_key(fabric_id);
        let started = tokio::time::Instant::now();
        let lease = loop {
            match self
                .inner
                .leases
                .try_acquire(&key, self.inner.settings.lock_ttl, true)
                .await
            {
                Ok(Some(lease)) => break lease,
                Ok(None) if started.elapsed() < self.inner.settings.lock_wait => {
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                Ok(None) => {
                    return Err(hnp_core::Error::validation(
                        "fabric",
                        "another operation of this fabric is still running; try again later",
                    ));
                }
                Err(e) => {
                    return Err(hnp_core::Error::JobsUnavailable(format!(
                        "fabric lock: {e}"
                    )));
                }
            }
        };
        let result = work.await;
        lease.release().await;
        Ok(result)
    }

    /// Runs detection at once for these fabrics (webhook path), whatever their interval;
    /// returns how many syncs were queued.
    pub async fn detect_now(&self, fabric_ids: &[i32]) -> hnp_core::Result<u32> {
        let mut queued = 0;
        for id in fabric_ids {
            let Some(fabric) = fabric::Entity::find_by_id(*id)
                .one(&self.inner.core.db)
                .await?
            else {
                continue;
            };
            if self
                .detect_fabric(&fabric, OperationTrigger::Webhook)
                .await?
            {
                queued += 1;
            }
        }
        Ok(queued)
    }

    /// One detection pass over the fabrics whose `sync_interval_seconds` elapsed since their
    /// last check; returns how many syncs were queued.
    pub async fn detect_due(&self) -> hnp_core::Result<u32> {
        let now = Utc::now();
        let fabrics = fabric::Entity::find()
            .filter(fabric::Column::GitRepositoryId.is_not_null())
            .all(&self.inner.core.db)
            .await?;
        let mut queued = 0;
        for fabric in fabrics {
            let interval = if fabric.sync_interval_seconds > 0 {
                i64::from(fabric.sync_interval_seconds)
            } else {
                DEFAULT_SYNC_INTERVAL
            };
            // A little slack so a 120 s interval on a 2-minute cron is not skipped by jitter.
            let due = fabric.last_checked_at.is_none_or(|last| {
                (now - last).num_seconds() >= interval - SCHEDULE_GRACE.as_secs() as i64 / 4
            });
            if !due {
                continue;
            }
            match self
                .detect_fabric(&fabric, OperationTrigger::Schedule)
                .await
            {
                Ok(true) => queued += 1,
                Ok(false) => {}
                Err(e) => {
                    self.inner
                        .metrics
                        .detection_errors
                        .fetch_add(1, Ordering::Relaxed);
                    tracing::warn!(fabric = fabric.name, error = %e, "detection failed");
                }
            }
        }
        Ok(queued)
    }

    /// Lists the remote head of one fabric and queues a sync when it differs from
    /// `desired_state_commit`. Writes no operation row when nothing changed.
    async fn detect_fabric(
        &self,
        fabric: &fabric::Model,
        trigger: OperationTrigger,
    ) -> hnp_core::Result<bool> {
        let core = &self.inner.core;
        let key = self.key(&format!("check:fabric:{}", fabric.id));
        let lease = match self
            .inner
            .leases
            .try_acquire(&key, Duration::from_secs(60), false)
            .await
            .map_err(Self::unavailable)?
        {
            Some(lease) => lease,
            None => return Ok(false), // another worker is checking it right now
        };
        self.inner
            .metrics
            .detections
            .fetch_add(1, Ordering::Relaxed);
        let result = async {
            // Pull-request mode: a pull request closed on GitHub without a webhook reaching us.
            if fabric.pull_request_number.is_some()
                && let Err(e) = hnp_core::github::pulls::check_open(core, fabric).await
            {
                tracing::warn!(fabric = fabric.name, error = %e, "checking the open pull request failed");
            }
            let repo = hnp_core::repositories::fabric_repository(core, fabric).await?;
            let spec = hnp_core::repositories::remote_spec(core, &repo)?;
            let branch = hnp_core::repositories::fabric_branch(fabric, &repo);
            let refs = tokio::task::spawn_blocking(move || hnp_core::git::list_remote_refs(&spec))
                .await
                .map_err(|e| hnp_core::Error::Io(format!("detection task failed: {e}")))??;
            let head = refs.branches.get(&branch).cloned();
            let mut active: fabric::ActiveModel = fabric.clone().into();
            active.last_checked_at = Set(Some(Utc::now()));
            active.remote_head_commit = Set(head.clone());
            active.update(&core.db).await?;
            if head.is_none() || head == fabric.desired_state_commit {
                return Ok(false);
            }
            self.inner
                .metrics
                .detections_changed
                .fetch_add(1, Ordering::Relaxed);
            let bidirectional = hnp_core::flags::is_enabled(
                &core.db,
                &core.config,
                hnp_core::flags::Flag::BidirectionalSync,
                Some(fabric.id),
            )
            .await?
                && resource::Entity::find()
                    .filter(resource::Column::FabricId.eq(fabric.id))
                    .filter(resource::Column::DraftOperation.is_not_null())
                    .count(&core.db)
                    .await?
                    > 0;
            let run = if bidirectional {
                Run::Bidirectional
            } else {
                Run::GitToGui
            };
            let requester = Requester {
                user_id: None,
                name: format!("{}:detect", trigger),
                trigger,
            };
            self.trigger(fabric, run, false, requester).await?;
            Ok(true)
        }
        .await;
        lease.release().await;
        result
    }

    /// Deletes finished operations older than [`KEEP_DAYS`] except the last [`KEEP_LAST`] per
    /// fabric (returns how many), and expired login sessions. Idempotent.
    pub async fn cleanup_now(&self) -> hnp_core::Result<u64> {
        let db = &self.inner.core.db;
        let cutoff = Utc::now() - chrono::Duration::days(KEEP_DAYS);
        let fabric_ids: Vec<i32> = fabric::Entity::find()
            .select_only()
            .column(fabric::Column::Id)
            .into_tuple()
            .all(db)
            .await?;
        let mut deleted = 0;
        for fabric_id in fabric_ids {
            let keep: Vec<String> = sync_operation::Entity::find()
                .select_only()
                .column(sync_operation::Column::Id)
                .filter(sync_operation::Column::FabricId.eq(fabric_id))
                .order_by_desc(sync_operation::Column::CreatedAt)
                .order_by_desc(sync_operation::Column::Id)
                .limit(KEEP_LAST)
                .into_tuple()
                .all(db)
                .await?;
            let result = sync_operation::Entity::delete_many()
                .filter(sync_operation::Column::FabricId.eq(fabric_id))
                .filter(sync_operation::Column::CreatedAt.lt(cutoff))
                .filter(sync_operation::Column::Id.is_not_in(keep))
                .filter(sync_operation::Column::Status.is_in([
                    OperationStatus::Succeeded,
                    OperationStatus::PartiallySucceeded,
                    OperationStatus::Failed,
                    OperationStatus::Cancelled,
                ]))
                .exec(db)
                .await?;
            deleted += result.rows_affected;
        }
        let sessions = hnp_core::auth::delete_expired_sessions(db).await?;
        if sessions > 0 {
            tracing::info!(sessions, "deleted expired login sessions");
        }
        self.inner
            .metrics
            .cleaned
            .fetch_add(deleted, Ordering::Relaxed);
        Ok(deleted)
    }

    /// Operations left `running` whose fabric lease is gone (dead worker): failed with
    /// "worker lost", and re-queued (same operation) when attempts remain. Returns how many.
    pub async fn reap(&self) -> hnp_core::Result<u32> {
        let db = &self.inner.core.db;
        let grace = chrono::Duration::from_std(self.inner.settings.lock_ttl).unwrap_or_default();
        let running = sync_operation::Entity::find()
            .filter(sync_operation::Column::Status.eq(OperationStatus::Running))
            .all(db)
            .await?;
        let mut reaped = 0;
        for op in running {
            if op.started_at.is_some_and(|s| Utc::now() - s < grace) {
                continue;
            }
            let held = self
                .inner
                .leases
                .is_held(&self.fabric_lock_key(op.fabric_id))
                .await
                .map_err(Self::unavailable)?;
            if held {
                continue;
            }
            reaped += 1;
            self.inner.metrics.reaped.fetch_add(1, Ordering::Relaxed);
            let attempt = self.get_attempt(&op.id).await;
            let run = Run::from_direction(op.direction);
            match run {
                Some(run) if attempt + 1 < MAX_ATTEMPTS => {
                    let mut active: sync_operation::ActiveModel = op.clone().into();
                    active.status = Set(OperationStatus::Queued);
                    active.phase = Set(Some("queued".to_owned()));
                    active.message = Set(Some(format!(
                        "worker lost; re-queued (attempt {})",
                        attempt + 2
                    )));
                    active.started_at = Set(None);
                    active.update(db).await?;
                    let job = SyncFabric {
                        fabric_id: op.fabric_id,
                        direction: run,
                        operation_id: op.id.clone(),
                        requested_by: RequestedBy {
                            user_id: op.requested_by_id,
                            name: op.requested_by.clone().unwrap_or_default(),
                            trigger: op.trigger,
                        },
                        dry_run: op.dry_run,
                        attempt: attempt + 1,
                    };
                    self.push_sync(job, None).await?;
                }
                _ => {
                    let outcome = Outcome {
                        failure: Some("worker lost".to_owned()),
                        ..Default::default()
                    };
                    hnp_core::operations::finish(db, &op.id, &outcome).await?;
                }
            }
        }
        Ok(reaped)
    }

    async fn set_attempt(&self, operation_id: &str, attempt: u32) {
        match &self.inner.queues {
            Queues::Redis(r) => {
                let mut conn = r.conn.clone();
                let _: redis::RedisResult<()> = redis::cmd("SET")
                    .arg(self.key(&format!("attempts:{operation_id}")))
                    .arg(attempt)
                    .arg("EX")
                    .arg(7 * 24 * 3600)
                    .query_async(&mut conn)
                    .await;
            }
            Queues::Embedded(_) => {
                let mut map = self
                    .inner
                    .attempts
                    .lock()
                    .unwrap_or_else(|p| p.into_inner());
                map.insert(operation_id.to_owned(), attempt);
            }
        }
    }

    async fn get_attempt(&self, operation_id: &str) -> u32 {
        match &self.inner.queues {
            Queues::Redis(r) => {
                let mut conn = r.conn.clone();
                redis::cmd("GET")
                    .arg(self.key(&format!("attempts:{operation_id}")))
                    .query_async::<Option<u32>>(&mut conn)
                    .await
                    .ok()
                    .flatten()
                    .unwrap_or(0)
            }
            Queues::Embedded(_) => {
                let map = self
                    .inner
                    .attempts
                    .lock()
                    .unwrap_or_else(|p| p.into_inner());
                // Unknown after a restart of the only process: nothing left to resume it.
                map.get(operation_id).copied().unwrap_or(MAX_ATTEMPTS)
            }
        }
    }

    /// Enqueues a scheduled job for `tick` unless another process already did (Redis claim).
    async fn enqueue_tick(&self, job: &str, tick: i64) -> Result<()> {
        let claim = self.key(&format!("cron:{job}:{tick}"));
        if let Queues::Redis(r) = &self.inner.queues {
            let mut conn = r.conn.clone();
            let claimed: Option<String> = redis::cmd("SET")
                .arg(&claim)
                .arg("1")
                .arg("NX")
                .arg("EX")
                .arg(24 * 3600)
                .query_async(&mut conn)
                .await
                .map_err(|e| JobsError::Unavailable(e.to_string()))?;
            if claimed.is_none() {
                return Ok(());
            }
        }
        let not_after = Some(tick + SCHEDULE_GRACE.as_secs() as i64);
        match job {
            DETECT_QUEUE => {
                self.push_detect(DetectExternalModifications {
                    scheduled_at: tick,
                    not_after,
                })
                .await
            }
            CLUSTER_QUEUE => {
                self.push_cluster(SyncClusterState {
                    scheduled_at: tick,
                    not_after,
                })
                .await
            }
            _ => {
                self.push_cleanup(CleanupSyncOperations {
                    scheduled_at: tick,
                    not_after,
                })
                .await
            }
        }
    }

    /// Enqueues a detection pass (normally done by the cron schedule).
    pub async fn push_detect(&self, job: DetectExternalModifications) -> Result<()> {
        match &self.inner.queues {
            Queues::Redis(r) => {
                let mut storage = RedisStorage::<DetectExternalModifications>::new(r.conn.clone())
                    .with_config(self.redis_config(DETECT_QUEUE));
                storage
                    .push(job)
                    .await
                    .map_err(|e| JobsError::Unavailable(e.to_string()))
            }
            Queues::Embedded(e) => push_memory(&mut e.detect.clone(), job)
                .await
                .map_err(JobsError::Unavailable),
        }
    }

    /// Enqueues a `sync_cluster_state` pass (normally done by the cron schedule).
    pub async fn push_cluster(&self, job: SyncClusterState) -> Result<()> {
        match &self.inner.queues {
            Queues::Redis(r) => {
                let mut storage = RedisStorage::<SyncClusterState>::new(r.conn.clone())
                    .with_config(self.redis_config(CLUSTER_QUEUE));
                storage
                    .push(job)
                    .await
                    .map_err(|e| JobsError::Unavailable(e.to_string()))
            }
            Queues::Embedded(e) => push_memory(&mut e.cluster.clone(), job)
                .await
                .map_err(JobsError::Unavailable),
        }
    }

    /// Queues a cluster read for every fabric with a cluster connection (fabrics without one
    /// are skipped); returns how many operations are queued (an already queued read counts).
    pub async fn cluster_due(&self) -> hnp_core::Result<u32> {
        let fabrics = fabric::Entity::find().all(&self.inner.core.db).await?;
        let mut queued = 0;
        for fabric in fabrics
            .iter()
            .filter(|f| hnp_core::cluster::is_configured(f))
        {
            let requester = Requester {
                user_id: None,
                name: "schedule:sync_cluster_state".to_owned(),
                trigger: OperationTrigger::Schedule,
            };
            match self
                .trigger(fabric, Run::ClusterRead, false, requester)
                .await
            {
                Ok(_) => {
                    queued += 1;
                    self.inner
                        .metrics
                        .cluster_reads_queued
                        .fetch_add(1, Ordering::Relaxed);
                }
                Err(e) => {
                    tracing::warn!(fabric = fabric.name, error = %e, "cluster read not queued")
                }
            }
        }
        Ok(queued)
    }

    /// Enqueues a cleanup run (normally done by the cron schedule).
    pub async fn push_cleanup(&self, job: CleanupSyncOperations) -> Result<()> {
        match &self.inner.queues {
            Queues::Redis(r) => {
                let mut storage = RedisStorage::<CleanupSyncOperations>::new(r.conn.clone())
                    .with_config(self.redis_config(CLEANUP_QUEUE));
                storage
                    .push(job)
                    .await
                    .map_err(|e| JobsError::Unavailable(e.to_string()))
            }
            Queues::Embedded(e) => push_memory(&mut e.cleanup.clone(), job)
                .await
                .map_err(JobsError::Unavailable),
        }
    }

    /// Runs the workers of the three queues (sync jobs up to `concurrency` at a time), the
    /// reaper and, with `schedules`, the cron producers, until `shutdown` completes. On
    /// shutdown no new job is taken and running ones finish (at most 5 minutes are waited;
    /// a job still running then keeps its operation, which the reaper re-queues once the lease
    /// expires). Embedded: call once per process (the in-process queues have one consumer).
    pub async fn run_workers(
        &self,
        concurrency: usize,
        schedules: bool,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> Result<()> {
        let concurrency = concurrency.max(1);
        let permits = Arc::new(tokio::sync::Semaphore::new(concurrency));
        let ctx = WorkerCtx {
            jobs: self.clone(),
            permits: permits.clone(),
        };
        let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
        let signal = {
            let stop_rx = stop_rx.clone();
            move || {
                let mut rx = stop_rx.clone();
                async move {
                    let _ = rx.wait_for(|v| *v).await;
                    Ok::<(), WorkerError>(())
                }
            }
        };
        let id = uuid::Uuid::new_v4().simple().to_string();
        let name = |job: &str| format!("{}-{job}-{}", self.inner.settings.namespace, &id[..8]);
        let mut tasks = tokio::task::JoinSet::new();
        match &self.inner.queues {
            Queues::Redis(r) => {
                let poll = self.inner.settings.poll_interval;
                // Each queue's worker is rebuilt (new name) when it stops on a backend error,
                // e.g. a Redis outage, until shutdown.
                macro_rules! supervised {
                    ($args:ty, $queue:expr, |$w:ident| $build:expr) => {{
                        let jobs = self.clone();
                        let conn = r.conn.clone();
                        let ctx = ctx.clone();
                        let stop = stop_rx.clone();
                        let signal = signal.clone();
                        let base = name($queue);
                        tasks.spawn(async move {
                            let mut generation = 0u32;
                            loop {
                                let storage = RedisStorage::<$args>::new(conn.clone())
                                    .with_config(jobs.redis_config($queue).batch_size(1))
                                    .poll_with_interval(poll);
                                let worker_name = if generation == 0 {
                                    base.clone()
                                } else {
                                    format!("{base}-{generation}")
                                };
                                let $w = WorkerBuilder::new(worker_name)
                                    .backend(storage)
                                    .data(ctx.clone());
                                let result = match tokio::spawn($build.run_until(signal())).await {
                                    Ok(result) => result,
                                    Err(e) => Err(WorkerError::from(std::io::Error::other(e.to_string()))),
                                };
                                if *stop.borrow() {
                                    return result;
                                }
                                match result {
                                    Ok(()) => tracing::warn!(queue = $queue, "queue worker ended; restarting in 1 s"),
                                    Err(e) => {
                                        jobs.inner.available.store(false, Ordering::Relaxed);
                                        tracing::warn!(queue = $queue, error = %e, "queue worker failed; restarting in 1 s");
                                    }
                                }
                                tokio::select! {
                                    _ = tokio::time::sleep(Duration::from_secs(1)) => {}
                                    _ = stopped(stop.clone()) => return Ok(()),
                                }
                                generation += 1;
                            }
                        });
                    }};
                }
                supervised!(SyncFabric, SYNC_QUEUE, |w| w
                    .parallelize(tokio::spawn)
                    .build(sync_fabric_job));
                supervised!(DetectExternalModifications, DETECT_QUEUE, |w| w
                    .build(detect_job));
                supervised!(CleanupSyncOperations, CLEANUP_QUEUE, |w| w
                    .build(cleanup_job));
                supervised!(SyncClusterState, CLUSTER_QUEUE, |w| w.build(cluster_job));
                let _ = &r.client;
            }
            Queues::Embedded(e) => {
                let storages = e
                    .storages
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .take()
                    .ok_or_else(|| {
                        JobsError::Worker("embedded workers already run in this process".to_owned())
                    })?;
                let (sync, detect, cleanup, cluster) = storages;
                // Same wake-up cadence as Redis: the channel alone did not wake an idle worker.
                let poll = self.inner.settings.poll_interval;
                let sync = sync.poll_with_interval(poll);
                let detect = detect.poll_with_interval(poll);
                let cleanup = cleanup.poll_with_interval(poll);
                let cluster = cluster.poll_with_interval(poll);
                let w = WorkerBuilder::new(name(SYNC_QUEUE))
                    .backend(sync)
                    .data(ctx.clone())
                    .parallelize(tokio::spawn)
                    .build(sync_fabric_job);
                tasks.spawn(w.run_until(signal()));
                let w = WorkerBuilder::new(name(DETECT_QUEUE))
                    .backend(detect)
                    .data(ctx.clone())
                    .build(detect_job);
                tasks.spawn(w.run_until(signal()));
                let w = WorkerBuilder::new(name(CLEANUP_QUEUE))
                    .backend(cleanup)
                    .data(ctx.clone())
                    .build(cleanup_job);
                tasks.spawn(w.run_until(signal()));
                let w = WorkerBuilder::new(name(CLUSTER_QUEUE))
                    .backend(cluster)
                    .data(ctx.clone())
                    .build(cluster_job);
                tasks.spawn(w.run_until(signal()));
            }
        }
        let mut background = tokio::task::JoinSet::new();
        {
            let jobs = self.clone();
            background.spawn(async move {
                loop {
                    if let Err(e) = jobs.reap().await {
                        tracing::warn!(error = %e, "reaping failed");
                    }
                    tokio::time::sleep(jobs.inner.settings.reap_interval).await;
                }
            });
        }
        if schedules {
            let s = &self.inner.settings.schedules;
            for (job, expr) in [
                (DETECT_QUEUE, s.detect.clone()),
                (CLEANUP_QUEUE, s.cleanup.clone()),
                (CLUSTER_QUEUE, s.cluster.clone()),
            ] {
                let schedule = parse_schedule(job, &expr)?;
                let jobs = self.clone();
                background.spawn(async move {
                    use futures_util::StreamExt;
                    let ticks = apalis_cron::CronScheduler::new(schedule).into_stream();
                    futures_util::pin_mut!(ticks);
                    while let Some(tick) = ticks.next().await {
                        match tick {
                            Ok(tick) => {
                                let ts = i64::try_from(tick.get_timestamp()).unwrap_or(i64::MAX);
                                if let Err(e) = jobs.enqueue_tick(job, ts).await {
                                    tracing::warn!(job, error = %e, "scheduled job not queued");
                                }
                            }
                            Err(e) => tracing::warn!(job, error = %e, "cron schedule failed"),
                        }
                    }
                });
            }
        }
        shutdown.await;
        background.abort_all();
        let _ = stop_tx.send(true);
        // Wait for running sync jobs: they hold permits.
        let all = u32::try_from(concurrency).unwrap_or(u32::MAX);
        let _ = tokio::time::timeout(Duration::from_secs(300), permits.acquire_many(all)).await;
        let mut first_error = None;
        while let Some(done) = tasks.join_next().await {
            match done {
                Ok(Ok(())) => {}
                Ok(Err(e)) => first_error = first_error.or(Some(e.to_string())),
                Err(e) => first_error = first_error.or(Some(e.to_string())),
            }
        }
        match first_error {
            Some(e) => Err(JobsError::Worker(e)),
            None => Ok(()),
        }
    }

    /// Runs one sync job (the handler's body).
    async fn run_sync(
        &self,
        job: SyncFabric,
        permits: &tokio::sync::Semaphore,
    ) -> Result<(), BoxDynError> {
        let core = &self.inner.core;
        let Ok(_permit) = permits.acquire().await else {
            return Ok(());
        };
        let Some(op) = sync_operation::Entity::find_by_id(job.operation_id.clone())
            .one(&core.db)
            .await
            .map_err(boxed)?
        else {
            return Ok(()); // deleted meanwhile
        };
        if !matches!(
            op.status,
            OperationStatus::Queued | OperationStatus::Running
        ) {
            return Ok(()); // cancelled, or already done (a duplicate delivery)
        }
        // The fabric lease: one operation per fabric across all workers.
        let key = self.fabric_lock_key(job.fabric_id);
        let started = tokio::time::Instant::now();
        let lease: Lease = loop {
            match self
                .inner
                .leases
                .try_acquire(&key, self.inner.settings.lock_ttl, true)
                .await
            {
                Ok(Some(lease)) => break lease,
                Ok(None) if started.elapsed() < self.inner.settings.lock_wait => {
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                Ok(None) => {
                    return self
                        .retry_or_fail(job, "fabric busy: another operation holds its lock".into())
                        .await;
                }
                Err(e) => return self.retry_or_fail(job, format!("lock: {e}")).await,
            }
        };
        let result = self.run_locked(&job).await;
        lease.release().await;
        match result {
            Ok(()) => Ok(()),
            Err(Failure::Permanent(message)) => {
                self.fail(&job, &message).await;
                Err(Box::new(AbortError::new(message)))
            }
            Err(Failure::Retry(message)) => self.retry_or_fail(job, message).await,
            Err(Failure::RetryAfter(message, delay)) => {
                self.retry_after(job, message, Some(delay)).await
            }
        }
    }

    async fn run_locked(&self, job: &SyncFabric) -> Result<(), Failure> {
        let core = &self.inner.core;
        // Re-read under the lease: a concurrent delivery may have finished it.
        let op = sync_operation::Entity::find_by_id(job.operation_id.clone())
            .one(&core.db)
            .await
            .map_err(|e| Failure::Retry(e.to_string()))?;
        let Some(op) = op else { return Ok(()) };
        if !matches!(
            op.status,
            OperationStatus::Queued | OperationStatus::Running
        ) {
            return Ok(());
        }
        self.set_attempt(&job.operation_id, job.attempt).await;
        let fabric = fabric::Entity::find_by_id(job.fabric_id)
            .one(&core.db)
            .await
            .map_err(|e| Failure::Retry(e.to_string()))?
            .ok_or_else(|| Failure::Permanent(format!("fabric {} not found", job.fabric_id)))?;
        // The orchestrator checks flags and the dry-run rule and runs the preflight (a cheap
        // ls-remote that tells a dead remote, permanent, from a network blip); then it
        // dispatches. A cluster failure finishes the operation as failed inside the reader; the
        // next scheduled read is the retry.
        let request = hnp_core::sync::Request {
            dry_run: job.dry_run,
            operation_id: Some(&job.operation_id),
            preflight: true,
            ..Default::default()
        };
        hnp_core::sync::prepare(core, &fabric, job.direction, &request)
            .await
            .map_err(classify)?;
        self.inner.metrics.syncs_run.fetch_add(1, Ordering::Relaxed);
        let requester = Requester::from(&job.requested_by);
        let rows = RowWriter::start(core.db.clone(), job.operation_id.clone());
        let bus = self.inner.bus.clone();
        let sink = Tee(bus.as_ref(), &rows);
        let result =
            hnp_core::sync::dispatch(core, &fabric, job.direction, request, &requester, &sink)
                .await
                .map(drop);
        result.map_err(classify)
    }

    /// Re-enqueues with exponential backoff, or fails the operation after [`MAX_ATTEMPTS`].
    async fn retry_or_fail(&self, job: SyncFabric, message: String) -> Result<(), BoxDynError> {
        self.retry_after(job, message, None).await
    }

    /// [`Self::retry_or_fail`] with the delay a server advised (GitHub rate limits) instead of
    /// the exponential backoff, when it is longer.
    async fn retry_after(
        &self,
        mut job: SyncFabric,
        message: String,
        advised: Option<Duration>,
    ) -> Result<(), BoxDynError> {
        if job.attempt + 1 >= MAX_ATTEMPTS {
            let message = format!("{message} (gave up after {MAX_ATTEMPTS} attempts)");
            self.fail(&job, &message).await;
            return Err(Box::new(AbortError::new(message)));
        }
        let delay = Duration::from_secs(2u64.pow(job.attempt.min(8)));
        let delay = advised.map_or(delay, |advised| advised.max(delay));
        tracing::warn!(operation = job.operation_id, attempt = job.attempt + 1, ?delay, %message, "sync job will be retried");
        self.inner.metrics.retries.fetch_add(1, Ordering::Relaxed);
        // Back to queued so the next attempt (and late subscribers) see the real state.
        let db = &self.inner.core.db;
        let _ = sync_operation::Entity::update_many()
            .col_expr(
                sync_operation::Column::Status,
                Expr::value(OperationStatus::Queued.as_str()),
            )
            .col_expr(sync_operation::Column::Phase, Expr::value("queued"))
            .col_expr(
                sync_operation::Column::Message,
                Expr::value(format!("retrying: {message}")),
            )
            .filter(sync_operation::Column::Id.eq(job.operation_id.clone()))
            .filter(
                sync_operation::Column::Status
                    .is_in([OperationStatus::Queued, OperationStatus::Running]),
            )
            .exec(db)
            .await;
        job.attempt += 1;
        self.push_sync(job, Some(delay)).await.map_err(boxed)?;
        Ok(())
    }

    async fn fail(&self, job: &SyncFabric, message: &str) {
        let db = &self.inner.core.db;
        let still_open = sync_operation::Entity::find_by_id(job.operation_id.clone())
            .one(db)
            .await
            .ok()
            .flatten()
            .is_some_and(|op| {
                matches!(
                    op.status,
                    OperationStatus::Queued | OperationStatus::Running
                )
            });
        if !still_open {
            return;
        }
        let outcome = Outcome {
            failure: Some(message.to_owned()),
            ..Default::default()
        };
        if let Err(e) = hnp_core::operations::finish(db, &job.operation_id, &outcome).await {
            tracing::error!(operation = job.operation_id, error = %e, "could not record failure");
        }
        self.inner.bus.publish(&ProgressEvent {
            operation_id: job.operation_id.clone(),
            fabric_id: job.fabric_id,
            phase: "done".into(),
            percent: 100,
            counters: Default::default(),
            message: Some(message.to_owned()),
        });
    }

    /// Whether `not_after` (unix seconds) has passed; counts the drop.
    fn expired(&self, not_after: Option<i64>) -> bool {
        let expired = not_after.is_some_and(|t| Utc::now().timestamp() > t);
        if expired {
            self.inner
                .metrics
                .expired_dropped
                .fetch_add(1, Ordering::Relaxed);
        }
        expired
    }
}

async fn push_memory<T: Send + 'static>(sink: &mut MemSink<T>, job: T) -> Result<(), String> {
    use futures_util::SinkExt;
    sink.send(Task::new(job)).await.map_err(|e| e.to_string())
}

/// How a failed attempt continues.
enum Failure {
    /// Cannot succeed on retry: fail the operation now.
    Permanent(String),
    /// Worth another attempt after a backoff.
    Retry(String),
    /// Worth another attempt after the delay the server advised (GitHub rate limits).
    RetryAfter(String, Duration),
}

fn classify(e: hnp_core::Error) -> Failure {
    use hnp_core::git::GitError;
    match &e {
        hnp_core::Error::Database(_)
        | hnp_core::Error::Io(_)
        | hnp_core::Error::Git(GitError::Network(_))
        | hnp_core::Error::GitHub { status: None, .. } => Failure::Retry(e.to_string()),
        hnp_core::Error::RateLimited {
            retry_after_secs, ..
        } => Failure::RetryAfter(e.to_string(), Duration::from_secs(*retry_after_secs)),
        _ => Failure::Permanent(e.to_string()),
    }
}

fn boxed(e: impl std::fmt::Display) -> BoxDynError {
    e.to_string().into()
}

/// Writes phase, percent and counters to the operation row at phase boundaries, in order, on a
/// task of its own (sinks must not block). Only while the row is `running`: the engine's final
/// write is never overwritten.
struct RowWriter {
    tx: tokio::sync::mpsc::UnboundedSender<ProgressEvent>,
    last_phase: Mutex<String>,
}

impl RowWriter {
    fn start(db: sea_orm::DatabaseConnection, operation_id: String) -> Self {
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<ProgressEvent>();
        tokio::spawn(async move {
            while let Some(e) = rx.recv().await {
                let c = e.counters;
                let n = |v: u32| i32::try_from(v).unwrap_or(i32::MAX);
                let r = sync_operation::Entity::update_many()
                    .col_expr(sync_operation::Column::Phase, Expr::value(e.phase.clone()))
                    .col_expr(
                        sync_operation::Column::Percent,
                        Expr::value(i32::from(e.percent)),
                    )
                    .col_expr(
                        sync_operation::Column::FilesProcessed,
                        Expr::value(n(c.files_processed)),
                    )
                    .col_expr(
                        sync_operation::Column::ResourcesCreated,
                        Expr::value(n(c.created)),
                    )
                    .col_expr(
                        sync_operation::Column::ResourcesUpdated,
                        Expr::value(n(c.updated)),
                    )
                    .col_expr(
                        sync_operation::Column::ResourcesDeleted,
                        Expr::value(n(c.deleted)),
                    )
                    .col_expr(
                        sync_operation::Column::ResourcesUnchanged,
                        Expr::value(n(c.unchanged)),
                    )
                    .col_expr(
                        sync_operation::Column::ConflictsDetected,
                        Expr::value(n(c.conflicts)),
                    )
                    .filter(sync_operation::Column::Id.eq(operation_id.clone()))
                    .filter(sync_operation::Column::Status.eq(OperationStatus::Running))
                    .exec(&db)
                    .await;
                if let Err(err) = r {
                    tracing::warn!(error = %err, "operation progress not saved");
                }
            }
        });
        RowWriter {
            tx,
            last_phase: Mutex::default(),
        }
    }
}

impl ProgressSink for RowWriter {
    fn publish(&self, event: &ProgressEvent) {
        if event.phase == "done" {
            return; // written by the engine's finish
        }
        let mut last = self.last_phase.lock().unwrap_or_else(|p| p.into_inner());
        if *last != event.phase {
            last.clone_from(&event.phase);
            let _ = self.tx.send(event.clone());
        }
    }
}

/// Data shared with the handlers.
#[derive(Clone)]
struct WorkerCtx {
    jobs: Jobs,
    permits: Arc<tokio::sync::Semaphore>,
}

async fn sync_fabric_job(job: SyncFabric, ctx: Data<WorkerCtx>) -> Result<(), BoxDynError> {
    ctx.jobs.run_sync(job, &ctx.permits).await
}

/// Runs one scheduled pass unless it was picked up too late (then dropped and counted). A
/// failure is not retried: passes are idempotent and the next tick comes.
async fn scheduled<T>(
    jobs: &Jobs,
    scheduled_at: i64,
    not_after: Option<i64>,
    name: &str,
    pass: impl Future<Output = hnp_core::Result<T>>,
) -> Result<Option<T>, BoxDynError> {
    if jobs.expired(not_after) {
        tracing::info!(scheduled_at, job = name, "picked up too late: dropped");
        return Ok(None);
    }
    pass.await
        .map(Some)
        .map_err(|e| Box::new(AbortError::new(e.to_string())) as BoxDynError)
}

async fn detect_job(
    job: DetectExternalModifications,
    ctx: Data<WorkerCtx>,
) -> Result<(), BoxDynError> {
    let pass = ctx.jobs.detect_due();
    if let Some(n) = scheduled(
        &ctx.jobs,
        job.scheduled_at,
        job.not_after,
        DETECT_QUEUE,
        pass,
    )
    .await?
    {
        tracing::debug!(queued = n, "detection pass done");
    }
    Ok(())
}

async fn cleanup_job(job: CleanupSyncOperations, ctx: Data<WorkerCtx>) -> Result<(), BoxDynError> {
    let pass = ctx.jobs.cleanup_now();
    if let Some(n) = scheduled(
        &ctx.jobs,
        job.scheduled_at,
        job.not_after,
        CLEANUP_QUEUE,
        pass,
    )
    .await?
    {
        tracing::info!(deleted = n, "old sync operations cleaned up");
    }
    Ok(())
}

async fn cluster_job(job: SyncClusterState, ctx: Data<WorkerCtx>) -> Result<(), BoxDynError> {
    let pass = ctx.jobs.cluster_due();
    if let Some(n) = scheduled(
        &ctx.jobs,
        job.scheduled_at,
        job.not_after,
        CLUSTER_QUEUE,
        pass,
    )
    .await?
    {
        tracing::debug!(queued = n, "cluster reads queued");
    }
    Ok(())
}

/// Completes when the stop flag turns true (or its sender is gone).
async fn stopped(mut stop: tokio::sync::watch::Receiver<bool>) {
    let _ = stop.wait_for(|v| *v).await;
}

/// Seconds since the epoch of `t` (helper for callers building scheduled jobs).
pub fn unix(t: DateTime<Utc>) -> i64 {
    t.timestamp()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_rate_limits_retry_after_the_advised_delay() {
        let limited = hnp_core::Error::RateLimited {
            message: "secondary rate limit".into(),
            retry_after_secs: 90,
        };
        match classify(limited) {
            Failure::RetryAfter(message, delay) => {
                assert_eq!(delay, Duration::from_secs(90));
                assert!(message.contains("secondary rate limit"), "{message}");
            }
            _ => panic!("a rate limit is retried after its delay"),
        }
        let forbidden = hnp_core::Error::GitHub {
            status: Some(403),
            message: "the token lacks the push permission".into(),
        };
        assert!(matches!(classify(forbidden), Failure::Permanent(_)));
    }
}
