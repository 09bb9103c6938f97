//! Git repository listings and lookups.

use hnp_entity::git_repository;
use sea_orm::{ConnectionTrait, EntityTrait, QueryOrder};

use crate::error::{Error, Result};

/// Every repository, by name.
pub async fn all(db: &impl ConnectionTrait) -> Result<Vec<git_repository::Model>> {
    Ok(git_repository::Entity::find()
        .order_by_asc(git_repository::Column::Name)
        .all(db)
        .await?)
}

/// A repository by id.
pub async fn by_id(db: &impl ConnectionTrait, id: i32) -> Result<Option<git_repository::Model>> {
    Ok(git_repository::Entity::find_by_id(id).one(db).await?)
}

/// A repository by id, or NOT_FOUND (`repository <id> not found`).
pub async fn get(db: &impl ConnectionTrait, id: i32) -> Result<git_repository::Model> {
    by_id(db, id)
        .await?
        .ok_or_else(|| Error::not_found(format!("repository {id}")))
}
