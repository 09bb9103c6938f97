//! The scheduled passes: external-change detection, operation cleanup, dead-worker reaping and
//! cluster reads, and how their ticks are enqueued.

use super::*;

impl Jobs {
    /// Runs detection at once for these fabrics (webhook path), whatever their interval;
    /// returns how many syncs were queued.
    pub async fn detect_now(&self, fabric_ids: &[i32]) -> hnp_core::Result<u32> {
        let mut queued = 0;
        for id in fabric_ids {
            let Some(fabric) = hnp_core::queries::fabrics::by_id(&self.inner.core.db, *id).await?
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
        let fabrics = hnp_core::queries::fabrics::with_repository(&self.inner.core.db).await?;
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
    pub(crate) async fn detect_fabric(
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
            hnp_core::repositories::record_remote_head(&core.db, fabric, head.clone()).await?;
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
                && hnp_core::sync::drafts::has_pending(&core.db, fabric.id).await?;
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

    /// One notification delivery pass (see `hnp_core::notify::deliver::run_pass`): new events
    /// fanned out, due attempts sent off any transaction, results recorded. `run_workers` runs
    /// it every `notify_interval` (at once again after a full pass); syncs never wait for it.
    pub async fn deliver_notifications(&self) -> hnp_core::Result<hnp_core::notify::deliver::Pass> {
        let settings = &self.inner.settings;
        let pass = hnp_core::notify::deliver::run_pass(
            &self.inner.core,
            settings.notify_batch,
            settings.notify_concurrency,
        )
        .await?;
        let m = &self.inner.metrics;
        m.notifications_delivered
            .fetch_add(pass.delivered, Ordering::Relaxed);
        m.notifications_failed
            .fetch_add(pass.failed + pass.gave_up, Ordering::Relaxed);
        Ok(pass)
    }

    /// Deletes finished operations older than [`KEEP_DAYS`] except the last [`KEEP_LAST`] per
    /// fabric (returns how many), and expired login sessions. Idempotent.
    pub async fn cleanup_now(&self) -> hnp_core::Result<u64> {
        let db = &self.inner.core.db;
        let cutoff = Utc::now() - chrono::Duration::days(KEEP_DAYS);
        let deleted = hnp_core::operations::cleanup_finished(db, cutoff, KEEP_LAST).await?;
        let notifications = hnp_core::notify::deliver::cleanup(
            db,
            Utc::now() - chrono::Duration::days(hnp_core::notify::deliver::KEEP_DAYS),
        )
        .await?;
        if notifications > 0 {
            tracing::info!(
                notifications,
                "deleted old notification events and deliveries"
            );
        }
        let sessions = hnp_core::security::auth::delete_expired_sessions(db).await?;
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
        let running = hnp_core::operations::running(db).await?;
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
                    let message = format!("worker lost; re-queued (attempt {})", attempt + 2);
                    hnp_core::operations::requeue(db, op.clone(), message).await?;
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

    pub(crate) async fn set_attempt(&self, operation_id: &str, attempt: u32) {
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

    pub(crate) async fn get_attempt(&self, operation_id: &str) -> u32 {
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
    pub(crate) async fn enqueue_tick(&self, job: &str, tick: i64) -> Result<()> {
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
        let fabrics = hnp_core::queries::fabrics::all(&self.inner.core.db).await?;
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
}
