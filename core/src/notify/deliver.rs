//! Delivery: the fan-out of new events to the targets that take them, the claim of due
//! attempts, the recording of each result with the next attempt's schedule and the "send
//! test" action. The HTTP attempt itself is in [`super::http`], the delivery log and its
//! cleanup in [`super::log`] (re-exported here).
//!
//! No transaction is open while a request is in flight: a pass claims its attempts (one
//! statement), sends them concurrently, then writes the results in one short transaction.
//! Claims carry a token and a lease (`next_attempt_at` of a `sending` row); an attempt whose
//! worker died is claimed again once the lease expired, and a late result of a re-claimed
//! attempt is dropped.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use hnp_entity::enums::{DeliveryStatus, NotificationKind};
use hnp_entity::{fabric, notification_delivery, notification_event, notification_target};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::Serialize;
use serde_json::json;

use super::render::{self, Rendered};
use super::targets::{self, SECRET_PURPOSE, URL_PURPOSE};
use super::{BACKOFF, MAX_ATTEMPTS, TEST_EVENT};
use crate::audit::{self, Actor};
use crate::context::Core;
use crate::error::{Error, Result};

pub(crate) use super::http::Outcome;
use super::http::send;
pub use super::http::{MAX_ANSWER_BYTES, TIMEOUT};
use super::log::view;
pub use super::log::{Delivery, cleanup, deliveries};

/// How long a claimed attempt belongs to its worker before another may take it.
pub const LEASE: Duration = Duration::from_secs(60);
/// Delivery log rows and events older than this many days are deleted by the daily cleanup.
pub const KEEP_DAYS: i64 = 30;

/// What one delivery pass did.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Pass {
    /// Events fanned out to their targets.
    pub events_dispatched: u64,
    /// Attempts claimed and sent.
    pub attempts: u64,
    pub delivered: u64,
    /// Failed with a retry scheduled.
    pub failed: u64,
    pub gave_up: u64,
}

impl Pass {
    /// Whether the pass hit its batch limit (more work is probably waiting).
    pub fn full(&self, batch: u64) -> bool {
        self.events_dispatched >= batch || self.attempts >= batch
    }
}

/// The body of `event` for `target`, and the signing secret (decrypted) of a webhook target.
fn prepare(
    core: &Core,
    target: &notification_target::Model,
    event: &notification_event::Model,
    fabric_name: &str,
) -> Result<Prepared> {
    let details = crate::db::json_column(event.payload.clone()).unwrap_or_else(|| json!({}));
    let rendered = Rendered {
        id: event.id,
        event: &event.event,
        fabric_id: event.fabric_id,
        fabric_name,
        at: event.created_at,
        details: &details,
    };
    let body = serde_json::to_vec(&render::body(target.kind, &rendered))
        .map_err(|e| Error::Io(format!("rendering a notification: {e}")))?;
    let secret = match (&target.kind, &target.encrypted_secret) {
        (NotificationKind::Webhook, Some(stored)) => {
            Some(core.vault.decrypt(SECRET_PURPOSE, stored)?)
        }
        _ => None,
    };
    let url = core.vault.decrypt_str(URL_PURPOSE, &target.encrypted_url)?;
    Ok(Prepared { url, body, secret })
}

/// A notification ready to send: the whole URL, the body, the signing secret.
struct Prepared {
    url: String,
    body: Vec<u8>,
    secret: Option<Vec<u8>>,
}

/// Creates the first attempt of every undispatched event (oldest first, at most `batch`) for
/// each target of its fabric that takes it; returns how many events were dispatched.
pub async fn dispatch(db: &sea_orm::DatabaseConnection, batch: u64) -> Result<u64> {
    // A plain read first: an idle pass takes no write lock (SQLite has one for the database).
    let waiting = notification_event::Entity::find()
        .filter(notification_event::Column::DispatchedAt.is_null())
        .count(db)
        .await?;
    if waiting == 0 {
        return Ok(0);
    }
    let txn = crate::db::begin_write(db).await?;
    let events = notification_event::Entity::find()
        .filter(notification_event::Column::DispatchedAt.is_null())
        .order_by_asc(notification_event::Column::Id)
        .limit(batch)
        .all(&txn)
        .await?;
    if events.is_empty() {
        return Ok(0);
    }
    let fabric_ids: HashSet<i32> = events.iter().map(|e| e.fabric_id).collect();
    let targets = notification_target::Entity::find()
        .filter(notification_target::Column::FabricId.is_in(fabric_ids))
        .all(&txn)
        .await?;
    let now = Utc::now();
    let mut rows = Vec::new();
    for event in &events {
        for target in targets
            .iter()
            .filter(|t| t.fabric_id == event.fabric_id && targets::wants(t, &event.event))
        {
            rows.push(notification_delivery::ActiveModel {
                target_id: Set(target.id),
                event_id: Set(event.id),
                attempt: Set(1),
                status: Set(DeliveryStatus::Pending),
                next_attempt_at: Set(now),
                created_at: Set(now),
                ..Default::default()
            });
        }
    }
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<_> = rows.by_ref().take(200).collect();
        notification_delivery::Entity::insert_many(chunk)
            .on_conflict_do_nothing_on([
                notification_delivery::Column::TargetId,
                notification_delivery::Column::EventId,
                notification_delivery::Column::Attempt,
            ])
            .exec_without_returning(&txn)
            .await?;
    }
    let ids: Vec<i32> = events.iter().map(|e| e.id).collect();
    for chunk in ids.chunks(500) {
        notification_event::Entity::update_many()
            .col_expr(notification_event::Column::DispatchedAt, Expr::value(now))
            .filter(notification_event::Column::Id.is_in(chunk.iter().copied()))
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(events.len() as u64)
}

/// Claims up to `batch` due attempts (pending ones whose time came, and sending ones whose
/// worker's lease expired) for this worker.
pub(crate) async fn claim(
    db: &impl ConnectionTrait,
    batch: u64,
) -> Result<Vec<notification_delivery::Model>> {
    use notification_delivery::Column as C;
    let now = Utc::now();
    let due = Condition::all().add(C::NextAttemptAt.lte(now)).add(
        Condition::any()
            .add(C::Status.eq(DeliveryStatus::Pending))
            .add(C::Status.eq(DeliveryStatus::Sending)),
    );
    let candidates: Vec<i32> = notification_delivery::Entity::find()
        .select_only()
        .column(C::Id)
        .filter(due.clone())
        .order_by_asc(C::NextAttemptAt)
        .order_by_asc(C::Id)
        .limit(batch)
        .into_tuple()
        .all(db)
        .await?;
    if candidates.is_empty() {
        return Ok(Vec::new());
    }
    let token = uuid::Uuid::new_v4().simple().to_string();
    let lease = now + chrono::Duration::from_std(LEASE).unwrap_or_default();
    notification_delivery::Entity::update_many()
        .col_expr(C::Status, Expr::value(DeliveryStatus::Sending.as_str()))
        .col_expr(C::Claim, Expr::value(token.clone()))
        .col_expr(C::NextAttemptAt, Expr::value(lease))
        .filter(C::Id.is_in(candidates))
        .filter(due)
        .exec(db)
        .await?;
    Ok(notification_delivery::Entity::find()
        .filter(C::Claim.eq(token))
        .filter(C::Status.eq(DeliveryStatus::Sending))
        .all(db)
        .await?)
}

/// Writes the result of a claimed attempt (dropped when the claim was lost) and schedules the
/// next attempt of a failure; returns the attempt's final status, `None` when dropped.
pub(crate) async fn settle(
    db: &impl ConnectionTrait,
    row: &notification_delivery::Model,
    outcome: &Outcome,
    retry: bool,
) -> Result<Option<DeliveryStatus>> {
    use notification_delivery::Column as C;
    let now = Utc::now();
    let status = if outcome.ok() {
        DeliveryStatus::Delivered
    } else if retry && row.attempt < MAX_ATTEMPTS {
        DeliveryStatus::Failed
    } else {
        DeliveryStatus::GaveUp
    };
    let updated = notification_delivery::Entity::update_many()
        .col_expr(C::Status, Expr::value(status.as_str()))
        .col_expr(C::HttpStatus, Expr::value(outcome.http_status))
        .col_expr(C::Error, Expr::value(outcome.error.clone()))
        .col_expr(C::AttemptedAt, Expr::value(now))
        .col_expr(C::NextAttemptAt, Expr::value(now))
        .col_expr(C::Claim, Expr::value(Option::<String>::None))
        .filter(C::Id.eq(row.id))
        .filter(C::Claim.eq(row.claim.clone()))
        .exec(db)
        .await?;
    if updated.rows_affected == 0 {
        return Ok(None);
    }
    if status == DeliveryStatus::Failed {
        let delay = BACKOFF
            .get(usize::try_from(row.attempt - 1).unwrap_or(0))
            .copied()
            .unwrap_or(BACKOFF[BACKOFF.len() - 1]);
        notification_delivery::Entity::insert_many([notification_delivery::ActiveModel {
            target_id: Set(row.target_id),
            event_id: Set(row.event_id),
            attempt: Set(row.attempt + 1),
            status: Set(DeliveryStatus::Pending),
            next_attempt_at: Set(now + chrono::Duration::from_std(delay).unwrap_or_default()),
            created_at: Set(now),
            ..Default::default()
        }])
        .on_conflict_do_nothing_on([C::TargetId, C::EventId, C::Attempt])
        .exec_without_returning(db)
        .await?;
    }
    Ok(Some(status))
}

/// One delivery pass: dispatches new events, claims up to `batch` due attempts, sends them
/// (at most `concurrency` at a time, no transaction open) and records the results.
pub async fn run_pass(core: &Core, batch: u64, concurrency: usize) -> Result<Pass> {
    let mut pass = Pass {
        events_dispatched: dispatch(&core.db, batch).await?,
        ..Default::default()
    };
    let claimed = claim(&core.db, batch).await?;
    if claimed.is_empty() {
        return Ok(pass);
    }
    pass.attempts = claimed.len() as u64;
    let target_ids: HashSet<i32> = claimed.iter().map(|d| d.target_id).collect();
    let event_ids: HashSet<i32> = claimed.iter().map(|d| d.event_id).collect();
    let targets: HashMap<i32, notification_target::Model> = notification_target::Entity::find()
        .filter(notification_target::Column::Id.is_in(target_ids))
        .all(&core.db)
        .await?
        .into_iter()
        .map(|t| (t.id, t))
        .collect();
    let events: HashMap<i32, notification_event::Model> = notification_event::Entity::find()
        .filter(notification_event::Column::Id.is_in(event_ids))
        .all(&core.db)
        .await?
        .into_iter()
        .map(|e| (e.id, e))
        .collect();
    let fabric_ids: HashSet<i32> = events.values().map(|e| e.fabric_id).collect();
    let names: HashMap<i32, String> = fabric::Entity::find()
        .filter(fabric::Column::Id.is_in(fabric_ids))
        .all(&core.db)
        .await?
        .into_iter()
        .map(|f| (f.id, f.name))
        .collect();
    let permits = Arc::new(tokio::sync::Semaphore::new(concurrency.max(1)));
    let mut sends = tokio::task::JoinSet::new();
    let mut results = Vec::with_capacity(claimed.len());
    for row in claimed {
        let (Some(target), Some(event)) = (targets.get(&row.target_id), events.get(&row.event_id))
        else {
            continue; // removed meanwhile (its rows go with it)
        };
        let name = names.get(&event.fabric_id).map_or("", String::as_str);
        match prepare(core, target, event, name) {
            Ok(Prepared { url, body, secret }) => {
                let permits = permits.clone();
                sends.spawn(async move {
                    let _permit = permits.acquire_owned().await;
                    let outcome = send(&url, body, secret.as_deref()).await;
                    (row, outcome)
                });
            }
            Err(e) => results.push((
                row,
                Outcome {
                    http_status: None,
                    error: Some(format!("not sent: {e}")),
                },
            )),
        }
    }
    while let Some(joined) = sends.join_next().await {
        if let Ok(result) = joined {
            results.push(result);
        }
    }
    let txn = crate::db::begin_write(&core.db).await?;
    for (row, outcome) in &results {
        match settle(&txn, row, outcome, true).await? {
            Some(DeliveryStatus::Delivered) => pass.delivered += 1,
            Some(DeliveryStatus::Failed) => pass.failed += 1,
            Some(DeliveryStatus::GaveUp) => pass.gave_up += 1,
            _ => {}
        }
    }
    txn.commit().await?;
    for (row, outcome) in &results {
        if let Some(error) = &outcome.error {
            tracing::debug!(
                delivery = row.id,
                target = row.target_id,
                attempt = row.attempt,
                error,
                "notification attempt failed"
            );
        }
    }
    Ok(pass)
}

/// Sends a test event to one target now (operator; audited) and returns the attempt, which
/// is in the delivery log like any other. A test is not retried.
pub async fn test_target(
    core: &Core,
    fabric: &fabric::Model,
    target_id: i32,
    actor: &Actor,
) -> Result<Delivery> {
    let target = targets::get(core, fabric, target_id).await?;
    let now = Utc::now();
    let token = uuid::Uuid::new_v4().simple().to_string();
    let txn = crate::db::begin_write(&core.db).await?;
    let event = notification_event::ActiveModel {
        fabric_id: Set(fabric.id),
        event: Set(TEST_EVENT.to_owned()),
        dedup_key: Set(format!("test:{}:{token}", target.id)),
        payload: Set(Some(json!({
            "message": format!("test notification requested by {}", actor.name),
        }))),
        created_at: Set(now),
        // Never fanned out: only this target gets it.
        dispatched_at: Set(Some(now)),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let row = notification_delivery::ActiveModel {
        target_id: Set(target.id),
        event_id: Set(event.id),
        attempt: Set(1),
        status: Set(DeliveryStatus::Sending),
        claim: Set(Some(token)),
        next_attempt_at: Set(now + chrono::Duration::from_std(LEASE).unwrap_or_default()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        actor,
        audit::Entry {
            action: "notify.target.test".into(),
            target_type: "fabric".into(),
            target_id: Some(fabric.id.to_string()),
            fabric_id: Some(fabric.id),
            summary: Some(format!("test notification sent to target {}", target.id)),
            ..Default::default()
        },
    )
    .await?;
    txn.commit().await?;
    let outcome = match prepare(core, &target, &event, &fabric.name) {
        Ok(Prepared { url, body, secret }) => send(&url, body, secret.as_deref()).await,
        Err(e) => Outcome {
            http_status: None,
            error: Some(format!("not sent: {e}")),
        },
    };
    settle(&core.db, &row, &outcome, false).await?;
    let settled = notification_delivery::Entity::find_by_id(row.id)
        .one(&core.db)
        .await?
        .ok_or_else(|| Error::not_found(format!("notification delivery {}", row.id)))?;
    Ok(view(settled, TEST_EVENT.to_owned()))
}
