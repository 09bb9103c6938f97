//! Sync operation listings and lookups.

use hnp_entity::sync_operation;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

use crate::error::{Error, Result};

/// One page of operations (of one fabric, or all), newest first, with the total.
pub async fn page(
    db: &impl ConnectionTrait,
    fabric_id: Option<i32>,
    offset: u64,
    limit: u64,
) -> Result<(Vec<sync_operation::Model>, u64)> {
    let mut query = sync_operation::Entity::find();
    if let Some(id) = fabric_id {
        query = query.filter(sync_operation::Column::FabricId.eq(id));
    }
    let total = query.clone().count(db).await?;
    let rows = query
        .order_by_desc(sync_operation::Column::CreatedAt)
        .order_by_desc(sync_operation::Column::Id)
        .offset(offset)
        .limit(limit)
        .all(db)
        .await?;
    Ok((rows, total))
}

/// An operation by id.
pub async fn by_id(db: &impl ConnectionTrait, id: &str) -> Result<Option<sync_operation::Model>> {
    Ok(sync_operation::Entity::find_by_id(id.to_owned())
        .one(db)
        .await?)
}

/// An operation by id, or NOT_FOUND (`sync operation <id> not found`).
pub async fn get(db: &impl ConnectionTrait, id: &str) -> Result<sync_operation::Model> {
    by_id(db, id)
        .await?
        .ok_or_else(|| Error::not_found(format!("sync operation {id}")))
}
