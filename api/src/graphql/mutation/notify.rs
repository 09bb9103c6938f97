//! Notification targets of a fabric (operator): add, remove, send a test.

use async_graphql::{Context, ID, Object, Result, SimpleObject};
use hnp_core::notify::{deliver, targets};
use hnp_entity::enums::Role;

use super::super::{CoreResult, enums, int_id, require, state};
use super::{actor_of, load_fabric};

/// Where a fabric's notifications go. The signing secret is never returned: `hasSecret` says
/// whether webhook bodies are signed (`X-HNP-Signature`).
#[derive(SimpleObject)]
pub struct NotificationTarget {
    pub id: ID,
    pub fabric_id: ID,
    pub kind: enums::NotificationKind,
    pub url: String,
    pub has_secret: bool,
    /// Event names it receives (`sync_failed`, `conflict_opened`, `drift_started`,
    /// `drift_ended`, `pull_request_opened`, `pull_request_merged`, `pull_request_closed`,
    /// `breaker_tripped`, `admission_errors`); empty means every event.
    pub events: Vec<String>,
    pub created_by: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

impl From<targets::Target> for NotificationTarget {
    fn from(t: targets::Target) -> Self {
        NotificationTarget {
            id: ID(t.id.to_string()),
            fabric_id: ID(t.fabric_id.to_string()),
            kind: t.kind.into(),
            url: t.url,
            has_secret: t.has_secret,
            events: t.events,
            created_by: t.created_by,
            created_at: t.created_at,
        }
    }
}

/// One delivery attempt of an event to a target.
#[derive(SimpleObject)]
pub struct NotificationDelivery {
    pub id: ID,
    pub target_id: ID,
    pub event_id: ID,
    /// The event name (`test` for a "send test" action).
    pub event: String,
    pub attempt: i32,
    pub status: enums::DeliveryStatus,
    /// The receiver's HTTP status, when it answered.
    pub http_status: Option<i32>,
    pub error: Option<String>,
    pub attempted_at: Option<chrono::DateTime<chrono::Utc>>,
    /// When a `PENDING` attempt is due.
    pub next_attempt_at: chrono::DateTime<chrono::Utc>,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

impl From<deliver::Delivery> for NotificationDelivery {
    fn from(d: deliver::Delivery) -> Self {
        NotificationDelivery {
            id: ID(d.id.to_string()),
            target_id: ID(d.target_id.to_string()),
            event_id: ID(d.event_id.to_string()),
            event: d.event,
            attempt: d.attempt,
            status: d.status.into(),
            http_status: d.http_status,
            error: d.error,
            attempted_at: d.attempted_at,
            next_attempt_at: d.next_attempt_at,
            created_at: d.created_at,
        }
    }
}

#[derive(Default)]
pub struct NotifyMutation;

#[Object]
impl NotifyMutation {
    /// Adds a notification target to a fabric (operator; audited). `secret` signs webhook
    /// bodies (stored encrypted, never returned); `events` empty means every event.
    async fn add_notification_target(
        &self,
        ctx: &Context<'_>,
        fabric_id: ID,
        kind: enums::NotificationKind,
        url: String,
        secret: Option<String>,
        events: Option<Vec<String>>,
    ) -> Result<NotificationTarget> {
        let me = require(ctx, Role::Operator)?;
        let fabric = load_fabric(ctx, &fabric_id).await?;
        let target = targets::add(
            &state(ctx).core,
            &fabric,
            targets::NewTarget {
                kind: kind.into(),
                url,
                secret: secret.map(Into::into),
                events: events.unwrap_or_default(),
            },
            &actor_of(me),
        )
        .await
        .gql()?;
        Ok(target.into())
    }

    /// Removes a notification target and its delivery log (operator; audited).
    async fn remove_notification_target(
        &self,
        ctx: &Context<'_>,
        fabric_id: ID,
        id: ID,
    ) -> Result<bool> {
        let me = require(ctx, Role::Operator)?;
        let fabric = load_fabric(ctx, &fabric_id).await?;
        let id = int_id(&id, "id")?;
        targets::remove(&state(ctx).core, &fabric, id, &actor_of(me))
            .await
            .gql()?;
        Ok(true)
    }

    /// Sends a test event to a target now (operator; audited) and answers the attempt.
    async fn test_notification_target(
        &self,
        ctx: &Context<'_>,
        fabric_id: ID,
        id: ID,
    ) -> Result<NotificationDelivery> {
        let me = require(ctx, Role::Operator)?;
        let fabric = load_fabric(ctx, &fabric_id).await?;
        let id = int_id(&id, "id")?;
        let delivery = deliver::test_target(&state(ctx).core, &fabric, id, &actor_of(me))
            .await
            .gql()?;
        Ok(delivery.into())
    }
}
