//! Feature flags: a global value per flag with optional per-fabric overrides.
//!
//! Global rows are created at start from the configured defaults (`HNP_*_ENABLED`, on when
//! unset); an existing global value is never overwritten by a default, so an admin's choice
//! survives restarts.

use chrono::Utc;
use hnp_entity::feature_flag;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use crate::config::Config;
use crate::error::Result;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flag {
    BidirectionalSync,
    DirectoryManagement,
    ConflictResolution,
}

impl Flag {
    pub const ALL: [Flag; 3] = [
        Flag::BidirectionalSync,
        Flag::DirectoryManagement,
        Flag::ConflictResolution,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Flag::BidirectionalSync => "bidirectional_sync",
            Flag::DirectoryManagement => "directory_management",
            Flag::ConflictResolution => "conflict_resolution",
        }
    }

    pub fn default_from(self, config: &Config) -> bool {
        match self {
            Flag::BidirectionalSync => config.bidirectional_sync_enabled,
            Flag::DirectoryManagement => config.directory_management_enabled,
            Flag::ConflictResolution => config.conflict_resolution_enabled,
        }
    }
}

/// Inserts the global row of every flag that has none yet.
pub async fn ensure_defaults(db: &impl ConnectionTrait, config: &Config) -> Result<()> {
    for flag in Flag::ALL {
        let existing = feature_flag::Entity::find()
            .filter(feature_flag::Column::Name.eq(flag.name()))
            .filter(feature_flag::Column::FabricId.is_null())
            .one(db)
            .await?;
        if existing.is_none() {
            feature_flag::ActiveModel {
                name: Set(flag.name().to_owned()),
                fabric_id: Set(None),
                enabled: Set(flag.default_from(config)),
                reason: Set(Some("default from configuration".to_owned())),
                updated_by: Set(Some("system".to_owned())),
                updated_at: Set(Utc::now()),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
    }
    Ok(())
}

/// Effective value: the fabric's override, else the global value, else the configured default.
pub async fn is_enabled(
    db: &impl ConnectionTrait,
    config: &Config,
    flag: Flag,
    fabric_id: Option<i32>,
) -> Result<bool> {
    let rows = feature_flag::Entity::find()
        .filter(feature_flag::Column::Name.eq(flag.name()))
        .all(db)
        .await?;
    if let Some(fabric_id) = fabric_id
        && let Some(row) = rows.iter().find(|r| r.fabric_id == Some(fabric_id))
    {
        return Ok(row.enabled);
    }
    Ok(rows
        .iter()
        .find(|r| r.fabric_id.is_none())
        .map(|r| r.enabled)
        .unwrap_or_else(|| flag.default_from(config)))
}
