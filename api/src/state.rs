//! Shared state of the HTTP server: the core context, the progress bus, fabric events, the
//! in-process runner of triggered operations and the login rate limiter.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use hnp_core::context::Core;
use hnp_core::operations::Requester;
use hnp_core::progress::{BroadcastBus, ProgressBus};
use hnp_core::{directories, ingest, writeback};
use hnp_entity::enums::{OperationDirection, OperationStatus};
use hnp_entity::{fabric, sync_operation};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::Serialize;

/// Something that happened to a fabric (streamed by `fabricEvents`).
#[derive(Debug, Clone, Serialize)]
pub struct FabricEvent {
    pub fabric_id: i32,
    /// `operation_started`, `operation_finished`, `conflict_opened`, `conflict_resolved`,
    /// `flag_changed`, `drift_changed`, `draft_changed`.
    pub kind: String,
    pub operation_id: Option<String>,
    pub message: Option<String>,
    pub at: chrono::DateTime<chrono::Utc>,
}

pub struct AppState {
    pub core: Core,
    pub bus: Arc<BroadcastBus>,
    pub events: tokio::sync::broadcast::Sender<FabricEvent>,
    pub runner: Runner,
    pub logins: LoginLimiter,
    pub metrics: crate::metrics::Metrics,
}

impl AppState {
    pub fn new(core: Core) -> Arc<Self> {
        let (events, _) = tokio::sync::broadcast::channel(1024);
        Arc::new(AppState {
            core,
            bus: Arc::new(BroadcastBus::default()),
            events,
            runner: Runner::default(),
            logins: LoginLimiter::default(),
            metrics: crate::metrics::Metrics::default(),
        })
    }

    pub fn event(
        &self,
        fabric_id: i32,
        kind: &str,
        operation_id: Option<&str>,
        message: Option<String>,
    ) {
        let _ = self.events.send(FabricEvent {
            fabric_id,
            kind: kind.to_owned(),
            operation_id: operation_id.map(str::to_owned),
            message,
            at: chrono::Utc::now(),
        });
    }

    pub fn progress(&self) -> tokio::sync::broadcast::Receiver<hnp_core::progress::ProgressEvent> {
        self.bus.subscribe()
    }
}

/// What a trigger asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Run {
    GitToGui,
    GuiToGit,
    Bidirectional,
    DirectoryInit,
}

impl Run {
    pub fn direction(self) -> OperationDirection {
        match self {
            Run::GitToGui => OperationDirection::GitToGui,
            Run::GuiToGit => OperationDirection::GuiToGit,
            Run::Bidirectional => OperationDirection::Bidirectional,
            Run::DirectoryInit => OperationDirection::DirectoryInit,
        }
    }
}

/// Runs triggered operations in this process, one at a time per fabric (until the jobs queue
/// takes over). A trigger while an operation of the same direction is still queued returns that
/// operation.
#[derive(Default)]
pub struct Runner {
    locks: Mutex<HashMap<i32, Arc<tokio::sync::Mutex<()>>>>,
}

impl Runner {
    fn lock_for(&self, fabric_id: i32) -> Arc<tokio::sync::Mutex<()>> {
        let mut locks = self.locks.lock().unwrap_or_else(|p| p.into_inner());
        locks.entry(fabric_id).or_default().clone()
    }
}

/// Queues `run` for `fabric` and starts it in the background; returns the queued operation.
pub async fn trigger(
    state: &Arc<AppState>,
    fabric: &fabric::Model,
    run: Run,
    dry_run: bool,
    requester: Requester,
) -> hnp_core::Result<sync_operation::Model> {
    let core = &state.core;
    if matches!(run, Run::GuiToGit | Run::Bidirectional)
        && !hnp_core::flags::is_enabled(
            &core.db,
            &core.config,
            hnp_core::flags::Flag::BidirectionalSync,
            Some(fabric.id),
        )
        .await?
    {
        return Err(hnp_core::Error::FeatureDisabled(format!(
            "bidirectional_sync is off for fabric {}: only Git → GUI sync runs",
            fabric.name
        )));
    }
    if run == Run::DirectoryInit
        && !hnp_core::flags::is_enabled(
            &core.db,
            &core.config,
            hnp_core::flags::Flag::DirectoryManagement,
            Some(fabric.id),
        )
        .await?
    {
        return Err(hnp_core::Error::FeatureDisabled(
            "directory management is disabled for this fabric".to_owned(),
        ));
    }
    if let Some(queued) = sync_operation::Entity::find()
        .filter(sync_operation::Column::FabricId.eq(fabric.id))
        .filter(sync_operation::Column::Direction.eq(run.direction()))
        .filter(sync_operation::Column::Status.eq(OperationStatus::Queued))
        .filter(sync_operation::Column::DryRun.eq(dry_run))
        .one(&core.db)
        .await?
    {
        return Ok(queued);
    }
    let operation =
        hnp_core::operations::queue(&core.db, fabric.id, run.direction(), &requester, dry_run)
            .await?;
    state.event(fabric.id, "operation_queued", Some(&operation.id), None);
    let task_state = state.clone();
    let fabric_id = fabric.id;
    let id = operation.id.clone();
    tokio::spawn(async move {
        let state = task_state;
        let lock = state.runner.lock_for(fabric_id);
        let _guard = lock.lock().await;
        let started = Instant::now();
        let core = &state.core;
        // Cancelled while queued: nothing to do.
        let current = sync_operation::Entity::find_by_id(id.clone())
            .one(&core.db)
            .await;
        if !matches!(&current, Ok(Some(op)) if op.status == OperationStatus::Queued) {
            return;
        }
        let fabric = match fabric::Entity::find_by_id(fabric_id).one(&core.db).await {
            Ok(Some(f)) => f,
            _ => return,
        };
        state.event(fabric_id, "operation_started", Some(&id), None);
        let sink = state.bus.as_ref();
        let result: hnp_core::Result<String> = match run {
            Run::GitToGui => ingest::git_to_gui_in(core, &fabric, &requester, sink, Some(&id))
                .await
                .map(|r| {
                    if !r.conflicts.is_empty() {
                        state.event(fabric_id, "conflict_opened", Some(&id), None);
                    }
                    r.status.to_string()
                }),
            Run::GuiToGit | Run::Bidirectional => {
                let direction = if run == Run::GuiToGit {
                    writeback::Direction::GuiToGit
                } else {
                    writeback::Direction::Bidirectional
                };
                let options = writeback::Options {
                    dry_run,
                    operation_id: Some(id.clone()),
                    ..Default::default()
                };
                writeback::run(core, &fabric, direction, options, &requester, sink)
                    .await
                    .map(|r| {
                        if !r.conflicts.is_empty() {
                            state.event(fabric_id, "conflict_opened", Some(&id), None);
                        }
                        r.status.to_string()
                    })
            }
            Run::DirectoryInit => {
                directories::initialize_in(core, &fabric, &requester, sink, Some(&id))
                    .await
                    .map(|r| r.status.to_string())
            }
        };
        let message = match result {
            Ok(status) => status,
            Err(e) => {
                // The engine could not even record a result: fail the operation here.
                let outcome = hnp_core::operations::Outcome {
                    failure: Some(e.to_string()),
                    ..Default::default()
                };
                let _ = hnp_core::operations::finish(&core.db, &id, &outcome).await;
                state.bus_done(fabric_id, &id, &e.to_string());
                "failed".to_owned()
            }
        };
        state
            .metrics
            .observe_operation(run.direction(), started.elapsed());
        state.event(fabric_id, "operation_finished", Some(&id), Some(message));
    });
    Ok(operation)
}

impl AppState {
    /// Publishes a terminal progress event for an operation that failed outside its engine.
    fn bus_done(&self, fabric_id: i32, id: &str, message: &str) {
        use hnp_core::progress::{Counters, ProgressSink};
        self.bus.publish(&hnp_core::progress::ProgressEvent {
            operation_id: id.to_owned(),
            fabric_id,
            phase: "done".into(),
            percent: 100,
            counters: Counters::default(),
            message: Some(message.to_owned()),
        });
    }
}

/// Login attempts per (username, address): at most [`LoginLimiter::MAX_FAILURES`] failures per
/// [`LoginLimiter::WINDOW`]; a success clears the count.
/// Failed login times per (username, address).
type Failures = HashMap<(String, Option<IpAddr>), Vec<Instant>>;

#[derive(Default)]
pub struct LoginLimiter {
    failures: Mutex<Failures>,
}

impl LoginLimiter {
    pub const MAX_FAILURES: usize = 5;
    pub const WINDOW: Duration = Duration::from_secs(300);

    /// `Err(seconds to wait)` when the caller must wait.
    pub fn check(&self, username: &str, addr: Option<IpAddr>) -> Result<(), u64> {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        let entry = map.entry((username.to_owned(), addr)).or_default();
        entry.retain(|t| now.duration_since(*t) < Self::WINDOW);
        if entry.len() >= Self::MAX_FAILURES {
            let oldest = entry[0];
            let wait = Self::WINDOW.saturating_sub(now.duration_since(oldest));
            return Err(wait.as_secs().max(1));
        }
        Ok(())
    }

    pub fn failed(&self, username: &str, addr: Option<IpAddr>) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        map.entry((username.to_owned(), addr))
            .or_default()
            .push(Instant::now());
    }

    pub fn succeeded(&self, username: &str, addr: Option<IpAddr>) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        map.remove(&(username.to_owned(), addr));
    }
}
