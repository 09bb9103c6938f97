//! The worker loop: the job handlers, one sync under the fabric's lease through the
//! orchestrator, failure classification and retries with backoff.

use super::*;

impl Jobs {
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
        {
            let jobs = self.clone();
            background.spawn(async move {
                loop {
                    let full = match jobs.deliver_notifications().await {
                        Ok(pass) => pass.full(jobs.inner.settings.notify_batch),
                        Err(e) => {
                            tracing::warn!(error = %e, "notification delivery pass failed");
                            false
                        }
                    };
                    if !full {
                        tokio::time::sleep(jobs.inner.settings.notify_interval).await;
                    }
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
    pub(crate) async fn run_sync(
        &self,
        job: SyncFabric,
        permits: &tokio::sync::Semaphore,
    ) -> Result<(), BoxDynError> {
        let core = &self.inner.core;
        let Ok(_permit) = permits.acquire().await else {
            return Ok(());
        };
        let Some(op) = hnp_core::queries::operations::by_id(&core.db, &job.operation_id)
            .await
            .map_err(|e| boxed(database_message(e)))?
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
        let lease = match self.wait_for_fabric_lease(job.fabric_id).await {
            Ok(Some(lease)) => lease,
            Ok(None) => {
                return self
                    .retry_or_fail(job, "fabric busy: another operation holds its lock".into())
                    .await;
            }
            Err(e) => return self.retry_or_fail(job, format!("lock: {e}")).await,
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

    pub(crate) async fn run_locked(&self, job: &SyncFabric) -> Result<(), Failure> {
        let core = &self.inner.core;
        // Re-read under the lease: a concurrent delivery may have finished it.
        let op = hnp_core::queries::operations::by_id(&core.db, &job.operation_id)
            .await
            .map_err(|e| Failure::Retry(database_message(e)))?;
        let Some(op) = op else { return Ok(()) };
        if !matches!(
            op.status,
            OperationStatus::Queued | OperationStatus::Running
        ) {
            return Ok(());
        }
        self.set_attempt(&job.operation_id, job.attempt).await;
        let fabric = hnp_core::queries::fabrics::by_id(&core.db, job.fabric_id)
            .await
            .map_err(|e| Failure::Retry(database_message(e)))?
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
    pub(crate) async fn retry_or_fail(
        &self,
        job: SyncFabric,
        message: String,
    ) -> Result<(), BoxDynError> {
        self.retry_after(job, message, None).await
    }

    /// [`Self::retry_or_fail`] with the delay a server advised (GitHub rate limits) instead of
    /// the exponential backoff, when it is longer.
    pub(crate) async fn retry_after(
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
        let _ = hnp_core::operations::mark_retrying(db, &job.operation_id, &message).await;
        job.attempt += 1;
        self.push_sync(job, Some(delay)).await.map_err(boxed)?;
        Ok(())
    }

    pub(crate) async fn fail(&self, job: &SyncFabric, message: &str) {
        let db = &self.inner.core.db;
        let still_open = hnp_core::operations::is_open(db, &job.operation_id)
            .await
            .unwrap_or(false);
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
    pub(crate) fn expired(&self, not_after: Option<i64>) -> bool {
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

pub(crate) async fn push_memory<T: Send + 'static>(
    sink: &mut MemSink<T>,
    job: T,
) -> Result<(), String> {
    use futures_util::SinkExt;
    sink.send(Task::new(job)).await.map_err(|e| e.to_string())
}

/// How a failed attempt continues.
pub(crate) enum Failure {
    /// Cannot succeed on retry: fail the operation now.
    Permanent(String),
    /// Worth another attempt after a backoff.
    Retry(String),
    /// Worth another attempt after the delay the server advised (GitHub rate limits).
    RetryAfter(String, Duration),
}

pub(crate) fn classify(e: hnp_core::Error) -> Failure {
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

/// The text of a lookup's error as the database gave it (a core `Database` error without its
/// `database error: ` prefix), as retry messages have always shown it.
pub(crate) fn database_message(e: hnp_core::Error) -> String {
    match e {
        hnp_core::Error::Database(e) => e.to_string(),
        e => e.to_string(),
    }
}

pub(crate) fn boxed(e: impl std::fmt::Display) -> BoxDynError {
    e.to_string().into()
}

/// Data shared with the handlers.
#[derive(Clone)]
pub(crate) struct WorkerCtx {
    jobs: Jobs,
    permits: Arc<tokio::sync::Semaphore>,
}

pub(crate) async fn sync_fabric_job(
    job: SyncFabric,
    ctx: Data<WorkerCtx>,
) -> Result<(), BoxDynError> {
    ctx.jobs.run_sync(job, &ctx.permits).await
}

/// Runs one scheduled pass unless it was picked up too late (then dropped and counted). A
/// failure is not retried: passes are idempotent and the next tick comes.
pub(crate) async fn scheduled<T>(
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

pub(crate) async fn detect_job(
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

pub(crate) async fn cleanup_job(
    job: CleanupSyncOperations,
    ctx: Data<WorkerCtx>,
) -> Result<(), BoxDynError> {
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

pub(crate) async fn cluster_job(
    job: SyncClusterState,
    ctx: Data<WorkerCtx>,
) -> Result<(), BoxDynError> {
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
pub(crate) async fn stopped(mut stop: tokio::sync::watch::Receiver<bool>) {
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
    pub(crate) fn github_rate_limits_retry_after_the_advised_delay() {
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
