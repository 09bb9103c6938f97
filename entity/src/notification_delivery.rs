use sea_orm::entity::prelude::*;

use crate::enums::DeliveryStatus;

/// One delivery attempt of an event to a target. A failed attempt with attempts left is
/// followed by a new row (`attempt + 1`, `pending`, due at its `next_attempt_at`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "notification_deliveries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub target_id: i32,
    pub event_id: i32,
    pub attempt: i32,
    pub status: DeliveryStatus,
    pub http_status: Option<i32>,
    pub error: Option<String>,
    pub attempted_at: Option<DateTimeUtc>,
    /// The token of the worker that claimed it while `sending`.
    pub claim: Option<String>,
    pub next_attempt_at: DateTimeUtc,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::notification_target::Entity",
        from = "Column::TargetId",
        to = "super::notification_target::Column::Id",
        on_delete = "Cascade"
    )]
    Target,
    #[sea_orm(
        belongs_to = "super::notification_event::Entity",
        from = "Column::EventId",
        to = "super::notification_event::Column::Id",
        on_delete = "Cascade"
    )]
    Event,
}

impl ActiveModelBehavior for ActiveModel {}
