//! Resource listings for the plain REST page.

use hnp_entity::resource;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::error::Result;

/// One page of resources (of one fabric, or all), ordered like the GraphQL `resources`
/// connection: kind, namespace, name, id.
pub async fn page(
    db: &impl ConnectionTrait,
    fabric_id: Option<i32>,
    limit: u64,
    offset: u64,
) -> Result<Vec<resource::Model>> {
    let mut query = resource::Entity::find();
    if let Some(id) = fabric_id {
        query = query.filter(resource::Column::FabricId.eq(id));
    }
    Ok(query
        .order_by_asc(resource::Column::Kind)
        .order_by_asc(resource::Column::Namespace)
        .order_by_asc(resource::Column::Name)
        .order_by_asc(resource::Column::Id)
        .offset(offset)
        .limit(limit)
        .all(db)
        .await?)
}
