//! Triggers: queueing an operation (deduplicated per fabric and direction) and the per-fabric
//! lease that serializes operations across processes.

use super::*;

impl Jobs {
    /// Pushes a sync job, after `delay` when given.
    pub(crate) async fn push_sync(
        &self,
        job: SyncFabric,
        delay: Option<Duration>,
    ) -> hnp_core::Result<()> {
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

    /// [`Jobs::trigger`] on behalf of `requester`, audited as `sync.trigger` (also when the
    /// operation still queued is returned); `via` ends the summary (e.g. ` (REST)`).
    pub async fn trigger_audited(
        &self,
        fabric: &fabric::Model,
        run: Run,
        dry_run: bool,
        requester: Requester,
        via: &str,
    ) -> hnp_core::Result<sync_operation::Model> {
        let actor = hnp_core::audit::Actor {
            user_id: requester.user_id,
            name: requester.name.clone(),
        };
        let operation = self.trigger(fabric, run, dry_run, requester).await?;
        hnp_core::audit::record(
            &self.inner.core.db,
            &actor,
            hnp_core::audit::Entry {
                action: "sync.trigger".into(),
                target_type: "sync_operation".into(),
                target_id: Some(operation.id.clone()),
                fabric_id: Some(fabric.id),
                summary: Some(format!(
                    "queued {}{} of {}{via}",
                    operation.direction,
                    if dry_run { " (dry run)" } else { "" },
                    fabric.name
                )),
                ..Default::default()
            },
        )
        .await?;
        Ok(operation)
    }

    pub(crate) async fn trigger_locked(
        &self,
        fabric: &fabric::Model,
        run: Run,
        dry_run: bool,
        requester: &Requester,
    ) -> hnp_core::Result<sync_operation::Model> {
        let db = &self.inner.core.db;
        if let Some(queued) =
            hnp_core::operations::queued_for(db, fabric.id, run.direction(), dry_run).await?
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
        let lease = match self.wait_for_fabric_lease(fabric_id).await {
            Ok(Some(lease)) => lease,
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
        };
        let result = work.await;
        lease.release().await;
        Ok(result)
    }

    /// The fabric's lease, waiting up to `lock_wait` while another operation holds it;
    /// `Ok(None)` when it is still held then, `Err` when the lock store cannot be reached.
    pub(crate) async fn wait_for_fabric_lease(
        &self,
        fabric_id: i32,
    ) -> Result<Option<Lease>, String> {
        let key = self.fabric_lock_key(fabric_id);
        let started = tokio::time::Instant::now();
        loop {
            match self
                .inner
                .leases
                .try_acquire(&key, self.inner.settings.lock_ttl, true)
                .await
            {
                Ok(Some(lease)) => return Ok(Some(lease)),
                Ok(None) if started.elapsed() < self.inner.settings.lock_wait => {
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                Ok(None) => return Ok(None),
                Err(e) => return Err(e.to_string()),
            }
        }
    }
}
