//! The delivery log of a fabric's targets, and its cleanup.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use hnp_entity::enums::DeliveryStatus;
use hnp_entity::{fabric, notification_delivery, notification_event, notification_target};
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;

use super::targets;
use crate::context::Core;
use crate::error::Result;

/// An attempt as the delivery log shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Delivery {
    pub id: i32,
    pub target_id: i32,
    pub event_id: i32,
    pub event: String,
    pub attempt: i32,
    pub status: DeliveryStatus,
    pub http_status: Option<i32>,
    pub error: Option<String>,
    pub attempted_at: Option<DateTime<Utc>>,
    /// When a `pending` attempt is due.
    pub next_attempt_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
}

pub(super) fn view(row: notification_delivery::Model, event: String) -> Delivery {
    Delivery {
        id: row.id,
        target_id: row.target_id,
        event_id: row.event_id,
        event,
        attempt: row.attempt,
        status: row.status,
        http_status: row.http_status,
        error: row.error,
        attempted_at: row.attempted_at,
        next_attempt_at: row.next_attempt_at,
        created_at: row.created_at,
    }
}

/// The delivery log of a fabric (or of one of its targets), newest attempt first.
pub async fn deliveries(
    core: &Core,
    fabric: &fabric::Model,
    target_id: Option<i32>,
    limit: u64,
) -> Result<Vec<Delivery>> {
    use notification_delivery::Column as C;
    let targets: Vec<i32> = match target_id {
        Some(id) => vec![targets::get(core, fabric, id).await?.id],
        None => {
            notification_target::Entity::find()
                .select_only()
                .column(notification_target::Column::Id)
                .filter(notification_target::Column::FabricId.eq(fabric.id))
                .into_tuple()
                .all(&core.db)
                .await?
        }
    };
    if targets.is_empty() {
        return Ok(Vec::new());
    }
    let rows = notification_delivery::Entity::find()
        .filter(C::TargetId.is_in(targets))
        .order_by_desc(C::Id)
        .limit(limit.clamp(1, 500))
        .all(&core.db)
        .await?;
    let event_ids: HashSet<i32> = rows.iter().map(|r| r.event_id).collect();
    let names: HashMap<i32, String> = notification_event::Entity::find()
        .select_only()
        .column(notification_event::Column::Id)
        .column(notification_event::Column::Event)
        .filter(notification_event::Column::Id.is_in(event_ids))
        .into_tuple::<(i32, String)>()
        .all(&core.db)
        .await?
        .into_iter()
        .collect();
    Ok(rows
        .into_iter()
        .map(|r| {
            let event = names.get(&r.event_id).cloned().unwrap_or_default();
            view(r, event)
        })
        .collect())
}

/// Deletes events recorded before `cutoff` with their delivery log; returns how many events.
pub async fn cleanup(db: &impl ConnectionTrait, cutoff: DateTime<Utc>) -> Result<u64> {
    notification_delivery::Entity::delete_many()
        .filter(
            notification_delivery::Column::EventId.in_subquery(
                Query::select()
                    .column(notification_event::Column::Id)
                    .from(notification_event::Entity)
                    .and_where(notification_event::Column::CreatedAt.lt(cutoff))
                    .to_owned(),
            ),
        )
        .exec(db)
        .await?;
    Ok(notification_event::Entity::delete_many()
        .filter(notification_event::Column::CreatedAt.lt(cutoff))
        .exec(db)
        .await?
        .rows_affected)
}
