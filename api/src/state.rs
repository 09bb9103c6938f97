//! Shared state of the HTTP server: the core context, the job queue and its progress bus,
//! fabric events and the login rate limiter.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use hnp_core::context::Core;
use hnp_core::operations::Requester;
use hnp_core::progress::ProgressBus;
use hnp_entity::{fabric, sync_operation};
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
    pub jobs: hnp_jobs::Jobs,
    pub bus: Arc<dyn ProgressBus + Send + Sync>,
    pub events: tokio::sync::broadcast::Sender<FabricEvent>,
    pub logins: LoginLimiter,
    pub metrics: crate::metrics::Metrics,
    pub tokens: TokenCache,
}

impl AppState {
    /// The state of an API process. Finished operations (seen on the progress bus, whichever
    /// process ran them) become `operation_finished` fabric events.
    pub fn new(core: Core, jobs: hnp_jobs::Jobs) -> Arc<Self> {
        let (events, _) = tokio::sync::broadcast::channel(1024);
        let bus = jobs.bus();
        let state = Arc::new(AppState {
            core,
            jobs,
            bus,
            events,
            logins: LoginLimiter::default(),
            metrics: crate::metrics::Metrics::default(),
            tokens: TokenCache::default(),
        });
        let mut progress = state.bus.subscribe();
        let weak = Arc::downgrade(&state);
        tokio::spawn(async move {
            use tokio::sync::broadcast::error::RecvError;
            loop {
                match progress.recv().await {
                    Ok(event) => {
                        let Some(state) = weak.upgrade() else { return };
                        match event.phase.as_str() {
                            "done" => state.event(
                                event.fabric_id,
                                "operation_finished",
                                Some(&event.operation_id),
                                event.message.clone(),
                            ),
                            "start" | "fetch" if event.percent <= 5 => state.event(
                                event.fabric_id,
                                "operation_started",
                                Some(&event.operation_id),
                                None,
                            ),
                            _ => {}
                        }
                    }
                    Err(RecvError::Lagged(_)) => continue,
                    Err(RecvError::Closed) => return,
                }
            }
        });
        state
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

pub use hnp_jobs::Run;

/// Queues `run` for `fabric` through the job queue; returns the queued operation (or the one of
/// the same direction still queued).
pub async fn trigger(
    state: &Arc<AppState>,
    fabric: &fabric::Model,
    run: Run,
    dry_run: bool,
    requester: Requester,
) -> hnp_core::Result<sync_operation::Model> {
    let operation = state.jobs.trigger(fabric, run, dry_run, requester).await?;
    state.event(fabric.id, "operation_queued", Some(&operation.id), None);
    Ok(operation)
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

/// Resolved bearer tokens, kept for [`TokenCache::TTL`] so that a busy client costs no token and
/// user lookups on every request. A revoked token or deactivated user is refused at most that
/// long after the change.
#[derive(Default)]
pub struct TokenCache {
    entries: Mutex<HashMap<String, (Instant, hnp_entity::user::Model)>>,
}

impl TokenCache {
    pub const TTL: Duration = Duration::from_secs(5);
    const MAX_ENTRIES: usize = 10_000;

    pub fn get(&self, token: &str) -> Option<hnp_entity::user::Model> {
        let map = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        map.get(token)
            .filter(|(at, _)| at.elapsed() < Self::TTL)
            .map(|(_, user)| user.clone())
    }

    /// Forgets every cached token (after a revocation or a role change in this process).
    pub fn clear(&self) {
        self.entries
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
    }

    pub fn put(&self, token: &str, user: hnp_entity::user::Model) {
        let mut map = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() >= Self::MAX_ENTRIES {
            map.retain(|_, (at, _)| at.elapsed() < Self::TTL);
        }
        map.insert(token.to_owned(), (Instant::now(), user));
    }
}
