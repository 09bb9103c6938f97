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

pub use hnp_core::progress::{FabricEvent, FabricEventKind};

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
    /// The state of an API process. `events` is this process's stream of fabric events: the
    /// ones published on the bus by any process (drafts, conflicts, flags …), plus operation
    /// starts and ends derived here from the progress bus (whichever process ran them), so every
    /// API process sees every event exactly once.
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
                        let kind = match event.phase.as_str() {
                            "done" => FabricEventKind::OperationFinished,
                            "start" | "fetch" if event.percent <= 5 => {
                                FabricEventKind::OperationStarted
                            }
                            _ => continue,
                        };
                        let message = (kind == FabricEventKind::OperationFinished)
                            .then(|| event.message.clone())
                            .flatten();
                        let _ = state.events.send(FabricEvent::new(
                            event.fabric_id,
                            kind,
                            Some(&event.operation_id),
                            message,
                        ));
                    }
                    Err(RecvError::Lagged(_)) => continue,
                    Err(RecvError::Closed) => return,
                }
            }
        });
        let mut published = state.bus.subscribe_fabric_events();
        let weak = Arc::downgrade(&state);
        tokio::spawn(async move {
            use tokio::sync::broadcast::error::RecvError;
            loop {
                match published.recv().await {
                    Ok(event) => {
                        let Some(state) = weak.upgrade() else { return };
                        let _ = state.events.send(event);
                    }
                    Err(RecvError::Lagged(_)) => continue,
                    Err(RecvError::Closed) => return,
                }
            }
        });
        state
    }

    /// Publishes a fabric event on the bus: subscribers of every API process receive it.
    pub fn event(
        &self,
        fabric_id: i32,
        kind: FabricEventKind,
        operation_id: Option<&str>,
        message: Option<String>,
    ) {
        self.bus
            .publish_fabric_event(&FabricEvent::new(fabric_id, kind, operation_id, message));
    }

    pub fn progress(&self) -> tokio::sync::broadcast::Receiver<hnp_core::progress::ProgressEvent> {
        self.bus.subscribe()
    }
}

pub use hnp_jobs::Run;

/// Queues `run` for `fabric` through the job queue, audited (`via` ends the summary); returns
/// the queued operation (or the one of the same direction still queued).
pub async fn trigger(
    state: &Arc<AppState>,
    fabric: &fabric::Model,
    run: Run,
    dry_run: bool,
    requester: Requester,
    via: &str,
) -> hnp_core::Result<sync_operation::Model> {
    let operation = state
        .jobs
        .trigger_audited(fabric, run, dry_run, requester, via)
        .await?;
    state.event(
        fabric.id,
        FabricEventKind::OperationQueued,
        Some(&operation.id),
        None,
    );
    Ok(operation)
}

/// Failed logins in a sliding window, per key, in a bounded map: at most
/// [`FailureWindow::MAX_KEYS`] keys; when full, expired keys are dropped first, then the key
/// whose last failures are oldest. Each key keeps at most `limit` timestamps.
struct FailureWindow<K> {
    limit: usize,
    map: HashMap<K, std::collections::VecDeque<Instant>>,
}

impl<K: std::hash::Hash + Eq + Clone> FailureWindow<K> {
    const MAX_KEYS: usize = 10_000;

    fn new(limit: usize) -> Self {
        FailureWindow {
            limit,
            map: HashMap::new(),
        }
    }

    /// Seconds to wait when `key` reached its limit within the window.
    fn wait(&mut self, key: &K, now: Instant) -> Option<u64> {
        let times = self.map.get_mut(key)?;
        while times
            .front()
            .is_some_and(|t| now.duration_since(*t) >= LoginLimiter::WINDOW)
        {
            times.pop_front();
        }
        if times.is_empty() {
            self.map.remove(key);
            return None;
        }
        (times.len() >= self.limit).then(|| {
            let oldest = times[0];
            LoginLimiter::WINDOW
                .saturating_sub(now.duration_since(oldest))
                .as_secs()
                .max(1)
        })
    }

    fn record(&mut self, key: K, now: Instant) {
        if !self.map.contains_key(&key) && self.map.len() >= Self::MAX_KEYS {
            self.map.retain(|_, times| {
                times
                    .back()
                    .is_some_and(|t| now.duration_since(*t) < LoginLimiter::WINDOW)
            });
            if self.map.len() >= Self::MAX_KEYS {
                // Still full of live keys: drop the tenth whose last failure is oldest (in one
                // pass, so a flood of new keys costs amortized O(1) per key).
                let mut by_age: Vec<(Instant, K)> = self
                    .map
                    .iter()
                    .filter_map(|(k, times)| times.back().map(|t| (*t, k.clone())))
                    .collect();
                by_age.sort_unstable_by_key(|(t, _)| *t);
                for (_, key) in by_age.into_iter().take(Self::MAX_KEYS / 10) {
                    self.map.remove(&key);
                }
            }
        }
        let times = self.map.entry(key).or_default();
        times.push_back(now);
        while times.len() > self.limit {
            times.pop_front();
        }
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.map.len()
    }
}

/// Failed-login limits over [`LoginLimiter::WINDOW`]: per (username, address), per address
/// (whatever usernames it tries) and per username (from whatever addresses). A success clears
/// the (username, address) count only. Memory is bounded (see [`FailureWindow`]). The
/// per-username limit lets a distributed attacker lock a user out for the window; that is the
/// price of not letting one username be guessed from many addresses.
pub struct LoginLimiter {
    inner: Mutex<Limits>,
}

struct Limits {
    pair: FailureWindow<(String, Option<IpAddr>)>,
    address: FailureWindow<Option<IpAddr>>,
    username: FailureWindow<String>,
}

impl Default for LoginLimiter {
    fn default() -> Self {
        LoginLimiter {
            inner: Mutex::new(Limits {
                pair: FailureWindow::new(Self::MAX_FAILURES),
                address: FailureWindow::new(Self::MAX_FAILURES_PER_ADDRESS),
                username: FailureWindow::new(Self::MAX_FAILURES_PER_USERNAME),
            }),
        }
    }
}

/// The part of a username used as a key (usernames are at most 150 characters; longer input
/// is not a user and must not cost memory).
fn username_key(username: &str) -> String {
    username.chars().take(150).collect()
}

impl LoginLimiter {
    pub const MAX_FAILURES: usize = 5;
    pub const MAX_FAILURES_PER_ADDRESS: usize = 20;
    pub const MAX_FAILURES_PER_USERNAME: usize = 20;
    pub const WINDOW: Duration = Duration::from_secs(300);

    /// `Err(seconds to wait)` when the caller must wait.
    pub fn check(&self, username: &str, addr: Option<IpAddr>) -> Result<(), u64> {
        let mut limits = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        let user = username_key(username);
        let waits = [
            limits.pair.wait(&(user.clone(), addr), now),
            limits.address.wait(&addr, now),
            limits.username.wait(&user, now),
        ];
        match waits.into_iter().flatten().max() {
            Some(wait) => Err(wait),
            None => Ok(()),
        }
    }

    pub fn failed(&self, username: &str, addr: Option<IpAddr>) {
        let mut limits = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        let user = username_key(username);
        limits.pair.record((user.clone(), addr), now);
        limits.address.record(addr, now);
        limits.username.record(user, now);
    }

    pub fn succeeded(&self, username: &str, addr: Option<IpAddr>) {
        let mut limits = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        limits.pair.map.remove(&(username_key(username), addr));
    }

    /// Keys tracked (for tests of the bound).
    #[cfg(test)]
    fn tracked(&self) -> usize {
        let limits = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        limits.pair.len() + limits.address.len() + limits.username.len()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_failures_are_limited_per_pair_address_and_username() {
        let limiter = LoginLimiter::default();
        let a = Some(IpAddr::from([10, 0, 0, 1]));
        for _ in 0..LoginLimiter::MAX_FAILURES {
            assert!(limiter.check("alice", a).is_ok());
            limiter.failed("alice", a);
        }
        assert!(limiter.check("alice", a).is_err());
        // Another address may still try alice; the same address may try others, until the
        // address limit.
        assert!(
            limiter
                .check("alice", Some(IpAddr::from([10, 0, 0, 2])))
                .is_ok()
        );
        for i in 0..LoginLimiter::MAX_FAILURES_PER_ADDRESS {
            limiter.failed(&format!("user{i}"), a);
        }
        assert!(limiter.check("bob", a).is_err(), "address limit");
        // Many addresses against one username.
        for i in 0..LoginLimiter::MAX_FAILURES_PER_USERNAME {
            limiter.failed("carol", Some(IpAddr::from([192, 168, 0, i as u8])));
        }
        assert!(
            limiter
                .check("carol", Some(IpAddr::from([172, 16, 0, 1])))
                .is_err()
        );
    }

    #[test]
    fn the_tracker_is_bounded() {
        let limiter = LoginLimiter::default();
        for i in 0..30_000u32 {
            let addr = Some(IpAddr::from(i.to_be_bytes()));
            limiter.failed(&format!("user-{i}-{}", "x".repeat(500)), addr);
        }
        assert!(
            limiter.tracked() <= 3 * FailureWindow::<String>::MAX_KEYS,
            "{}",
            limiter.tracked()
        );
    }
}
