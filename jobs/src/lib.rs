//! Background jobs of HNP Sync on apalis 1.0.
//!
//! Layout: this file is the facade ([`Jobs`]: connect, health, the queues); `payloads` (job
//! types and queue names), `settings` (schedules and intervals from the environment),
//! `trigger` (queueing operations, the per-fabric lease), `passes` (detection, cleanup,
//! reaping, cluster reads), `worker` (handlers, one sync through `hnp_core::sync`, retries),
//! `rows` (progress written to the operation row), `bus` and `lock` (Redis pub/sub and leases).
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
//! - Notification delivery (not a queue: a loop of every worker process, every second by
//!   default, `HNP_NOTIFY_INTERVAL_MS`): [`Jobs::deliver_notifications`] fans new outbox events
//!   out to their targets and sends the due attempts (`hnp_core::notify::deliver`); attempts
//!   are claimed in the database, so processes share the work without Redis.
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
mod passes;
mod payloads;
mod rows;
mod settings;
mod trigger;
mod worker;

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
use hnp_entity::{fabric, sync_operation};
use serde::{Deserialize, Serialize};

pub use bus::RedisBus;
use lock::{Lease, Leases};
use payloads::*;
pub use payloads::{
    CleanupSyncOperations, DetectExternalModifications, RequestedBy, SyncClusterState, SyncFabric,
};
use rows::*;
use settings::*;
pub use settings::{Schedules, Settings};
pub use worker::unix;
use worker::*;

/// Attempts of one job (first run included) before its operation is failed.
pub const MAX_ATTEMPTS: u32 = 5;
/// A scheduled run picked up later than this after its tick is dropped.
pub const SCHEDULE_GRACE: Duration = Duration::from_secs(60);
/// What cleanup keeps (core's rules): operations younger than [`KEEP_DAYS`] days and at least
/// the last [`KEEP_LAST`] per fabric.
pub use hnp_core::operations::{KEEP_DAYS, KEEP_LAST};
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
    /// Notification attempts answered with a 2xx.
    pub notifications_delivered: AtomicU64,
    /// Notification attempts that failed (retried or given up).
    pub notifications_failed: AtomicU64,
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
}
