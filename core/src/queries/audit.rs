//! The audit log.

use hnp_entity::audit_event;
use sea_orm::{ConnectionTrait, EntityTrait, PaginatorTrait, QueryOrder, QuerySelect};

use crate::error::Result;

/// One page of audit events, newest first, with the total.
pub async fn page(
    db: &impl ConnectionTrait,
    offset: u64,
    limit: u64,
) -> Result<(Vec<audit_event::Model>, u64)> {
    let total = audit_event::Entity::find().count(db).await?;
    let rows = audit_event::Entity::find()
        .order_by_desc(audit_event::Column::Id)
        .offset(offset)
        .limit(limit)
        .all(db)
        .await?;
    Ok((rows, total))
}
