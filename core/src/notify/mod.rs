//! Notifications: per-fabric targets (a signed JSON webhook or a Slack-compatible incoming
//! webhook) told about sync failures, conflicts, drift, pull requests, the circuit breaker and
//! admission errors.
//!
//! The flow is an outbox: the change that raises an event calls [`record`] (or
//! [`record_many`]) with its own transaction, which inserts one `notification_events` row per
//! dedup key (a second record of the same key is ignored). The jobs' delivery pass
//! ([`deliver::run_pass`]) then fans each new event out to the fabric's targets whose filter
//! takes it (one `notification_deliveries` row per target and attempt), claims due attempts,
//! sends them with no transaction open and records each result; a failed attempt schedules the
//! next after [`BACKOFF`] until [`MAX_ATTEMPTS`]. A slow receiver therefore never holds a lock
//! that a sync needs.
//!
//! Layout: `targets` (CRUD, URL and event filter validation, the vault-encrypted secret),
//! `render` (webhook JSON and Slack text/blocks, the HMAC-SHA256 signature), `deliver` (the
//! HTTP attempt, the pass, the "send test" action, the delivery log, cleanup).

pub mod deliver;
mod http;
mod log;
pub mod render;
pub mod targets;

#[cfg(test)]
mod tests;

use chrono::Utc;
use hnp_entity::notification_event;
use sea_orm::{ConnectionTrait, EntityTrait, Set};
use serde_json::Value;

use crate::error::Result;

/// The events a target can subscribe to, by their stable names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Event {
    SyncFailed,
    ConflictOpened,
    DriftStarted,
    DriftEnded,
    PullRequestOpened,
    PullRequestMerged,
    PullRequestClosed,
    BreakerTripped,
    AdmissionErrors,
}

impl Event {
    pub const ALL: [Event; 9] = [
        Event::SyncFailed,
        Event::ConflictOpened,
        Event::DriftStarted,
        Event::DriftEnded,
        Event::PullRequestOpened,
        Event::PullRequestMerged,
        Event::PullRequestClosed,
        Event::BreakerTripped,
        Event::AdmissionErrors,
    ];

    /// The event's name in payloads, filters, the CLI and GraphQL.
    pub fn name(self) -> &'static str {
        match self {
            Event::SyncFailed => "sync_failed",
            Event::ConflictOpened => "conflict_opened",
            Event::DriftStarted => "drift_started",
            Event::DriftEnded => "drift_ended",
            Event::PullRequestOpened => "pull_request_opened",
            Event::PullRequestMerged => "pull_request_merged",
            Event::PullRequestClosed => "pull_request_closed",
            Event::BreakerTripped => "breaker_tripped",
            Event::AdmissionErrors => "admission_errors",
        }
    }

    pub fn from_name(name: &str) -> Option<Event> {
        Event::ALL.into_iter().find(|e| e.name() == name)
    }
}

/// The name of the event a "send test" action delivers (no target subscribes to it).
pub const TEST_EVENT: &str = "test";

/// Attempts of one delivery (the first included) before it is given up.
pub const MAX_ATTEMPTS: i32 = 6;

/// Delay before attempt `n + 1` after attempt `n` failed (index `n - 1`): 5 s, 30 s, 2 min,
/// 10 min, 1 h.
pub const BACKOFF: [std::time::Duration; 5] = [
    std::time::Duration::from_secs(5),
    std::time::Duration::from_secs(30),
    std::time::Duration::from_secs(120),
    std::time::Duration::from_secs(600),
    std::time::Duration::from_secs(3600),
];

/// An event to record: its fabric, name, dedup key (unique over all events: the same key
/// twice is one event) and details (the payload's `details`).
#[derive(Debug, Clone)]
pub struct NewEvent {
    pub fabric_id: i32,
    pub event: Event,
    pub dedup_key: String,
    pub details: Value,
}

/// Records one event in the outbox with `db` — the transaction of the change that raised it,
/// so the event exists exactly when the change committed. A dedup key already recorded is
/// ignored.
pub async fn record(
    db: &impl ConnectionTrait,
    fabric_id: i32,
    event: Event,
    dedup_key: &str,
    details: Value,
) -> Result<()> {
    record_many(
        db,
        vec![NewEvent {
            fabric_id,
            event,
            dedup_key: dedup_key.to_owned(),
            details,
        }],
    )
    .await
}

/// Records many events (multi-row inserts), ignoring dedup keys already recorded.
pub async fn record_many(db: &impl ConnectionTrait, events: Vec<NewEvent>) -> Result<()> {
    let now = Utc::now();
    let rows: Vec<notification_event::ActiveModel> = events
        .into_iter()
        .map(|e| notification_event::ActiveModel {
            fabric_id: Set(e.fabric_id),
            event: Set(e.event.name().to_owned()),
            dedup_key: Set(e.dedup_key),
            payload: Set(Some(e.details)),
            created_at: Set(now),
            dispatched_at: Set(None),
            ..Default::default()
        })
        .collect();
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<_> = rows.by_ref().take(200).collect();
        notification_event::Entity::insert_many(chunk)
            .on_conflict_do_nothing_on([notification_event::Column::DedupKey])
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

#[cfg(test)]
mod unit {
    use super::*;

    #[test]
    fn event_names_round_trip() {
        for event in Event::ALL {
            assert_eq!(Event::from_name(event.name()), Some(event));
        }
        assert_eq!(Event::from_name("drift"), None);
        assert_eq!(Event::from_name(TEST_EVENT), None);
    }

    #[test]
    fn first_retry_within_ten_seconds() {
        assert!(BACKOFF[0] <= std::time::Duration::from_secs(10));
        assert_eq!(BACKOFF.len() as i32, MAX_ATTEMPTS - 1);
    }
}
