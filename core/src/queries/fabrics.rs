//! Fabric listings.

use hnp_entity::{fabric, git_repository};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

use crate::error::Result;
use crate::status::{self, SyncStatus};

/// A fabric with its repository and computed status.
#[derive(Debug, Clone)]
pub struct FabricSummary {
    pub fabric: fabric::Model,
    pub repository: Option<git_repository::Model>,
    pub sync_status: SyncStatus,
}

/// Every fabric, by name.
pub async fn all(db: &impl ConnectionTrait) -> Result<Vec<fabric::Model>> {
    Ok(fabric::Entity::find()
        .order_by_asc(fabric::Column::Name)
        .all(db)
        .await?)
}

/// One page of fabrics by id, with the total: the page's repositories in one statement, the
/// status of each fabric computed.
pub async fn page(
    db: &impl ConnectionTrait,
    limit: u64,
    offset: u64,
) -> Result<(u64, Vec<FabricSummary>)> {
    let count = fabric::Entity::find().count(db).await?;
    let rows = fabric::Entity::find()
        .order_by_asc(fabric::Column::Id)
        .offset(offset)
        .limit(limit)
        .all(db)
        .await?;
    let repository_ids: Vec<i32> = rows.iter().filter_map(|f| f.git_repository_id).collect();
    let repositories = git_repository::Entity::find()
        .filter(git_repository::Column::Id.is_in(repository_ids))
        .all(db)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for fabric in rows {
        let repository = repositories
            .iter()
            .find(|r| Some(r.id) == fabric.git_repository_id)
            .cloned();
        let sync_status = status::sync_status(db, &fabric).await?;
        out.push(FabricSummary {
            fabric,
            repository,
            sync_status,
        });
    }
    Ok((count, out))
}
