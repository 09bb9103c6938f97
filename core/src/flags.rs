//! Feature flags: a global value per flag with optional per-fabric overrides.
//!
//! Global rows are created at start from the configured defaults (`HNP_*_ENABLED`, on when
//! unset); an existing global value is never overwritten by a default, so an admin's choice
//! survives restarts.

use chrono::Utc;
use hnp_entity::{fabric, feature_flag};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde_json::json;

use crate::audit::{self, Actor};
use crate::config::Config;
use crate::context::Core;
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

/// Sets a flag globally (`fabric_id = None`) or as a fabric override, with an audit event.
pub async fn set(
    db: &impl ConnectionTrait,
    flag: Flag,
    fabric_id: Option<i32>,
    enabled: bool,
    reason: Option<String>,
    actor: &Actor,
) -> Result<feature_flag::Model> {
    let mut query = feature_flag::Entity::find().filter(feature_flag::Column::Name.eq(flag.name()));
    query = match fabric_id {
        Some(id) => query.filter(feature_flag::Column::FabricId.eq(id)),
        None => query.filter(feature_flag::Column::FabricId.is_null()),
    };
    let existing = query.one(db).await?;
    let before = existing.as_ref().map(|r| r.enabled);
    let now = Utc::now();
    let row = match existing {
        Some(row) => {
            let mut active: feature_flag::ActiveModel = row.into();
            active.enabled = Set(enabled);
            active.reason = Set(reason.clone());
            active.updated_by = Set(Some(actor.name.clone()));
            active.updated_at = Set(now);
            active.update(db).await?
        }
        None => {
            feature_flag::ActiveModel {
                name: Set(flag.name().to_owned()),
                fabric_id: Set(fabric_id),
                enabled: Set(enabled),
                reason: Set(reason.clone()),
                updated_by: Set(Some(actor.name.clone())),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(db)
            .await?
        }
    };
    let scope = match fabric_id {
        Some(id) => format!("fabric {id}"),
        None => "global".to_owned(),
    };
    audit::record(
        db,
        actor,
        audit::Entry {
            action: "feature_flag.set".into(),
            target_type: "feature_flag".into(),
            target_id: Some(flag.name().to_owned()),
            fabric_id,
            summary: Some(format!(
                "{} ({scope}) set to {}{}",
                flag.name(),
                if enabled { "on" } else { "off" },
                reason.map(|r| format!(": {r}")).unwrap_or_default()
            )),
            before: before.map(|b| json!({ "enabled": b })),
            after: Some(json!({ "enabled": enabled })),
        },
    )
    .await?;
    Ok(row)
}

/// Removes a fabric's override of a flag (the global value applies again), with an audit event.
pub async fn clear_override(
    db: &impl ConnectionTrait,
    flag: Flag,
    fabric_id: i32,
    actor: &Actor,
) -> Result<bool> {
    let deleted = feature_flag::Entity::delete_many()
        .filter(feature_flag::Column::Name.eq(flag.name()))
        .filter(feature_flag::Column::FabricId.eq(fabric_id))
        .exec(db)
        .await?
        .rows_affected;
    if deleted > 0 {
        audit::record(
            db,
            actor,
            audit::Entry {
                action: "feature_flag.clear_override".into(),
                target_type: "feature_flag".into(),
                target_id: Some(flag.name().to_owned()),
                fabric_id: Some(fabric_id),
                summary: Some(format!(
                    "{} override of fabric {fabric_id} removed",
                    flag.name()
                )),
                ..Default::default()
            },
        )
        .await?;
    }
    Ok(deleted > 0)
}

/// Finished bidirectional syncs the breaker looks at.
pub const BREAKER_WINDOW: u64 = 10;
/// Minimum share of successes in the window.
pub const BREAKER_MIN_SUCCESS: f64 = 0.9;

/// The circuit breaker: when fewer than 90% of the fabric's last 10 finished bidirectional syncs
/// succeeded (only `failed` counts as a failure; fewer than 10 finished never trips), the
/// fabric's `bidirectional_sync` override is turned off with the reason, and audited. Returns the
/// reason when it tripped.
pub async fn check_breaker(core: &Core, fabric: &fabric::Model) -> Result<Option<String>> {
    use hnp_entity::enums::{OperationDirection, OperationStatus};
    use hnp_entity::sync_operation::{Column as C, Entity as Operations};
    use sea_orm::{QueryOrder, QuerySelect};
    let statuses: Vec<OperationStatus> = Operations::find()
        .select_only()
        .column(C::Status)
        .filter(C::FabricId.eq(fabric.id))
        .filter(C::Direction.eq(OperationDirection::Bidirectional))
        .filter(C::DryRun.eq(false))
        .filter(C::Status.is_in([
            OperationStatus::Succeeded,
            OperationStatus::PartiallySucceeded,
            OperationStatus::Failed,
        ]))
        .order_by_desc(C::FinishedAt)
        .limit(BREAKER_WINDOW)
        .into_tuple()
        .all(&core.db)
        .await?;
    if (statuses.len() as u64) < BREAKER_WINDOW {
        return Ok(None);
    }
    let failed = statuses
        .iter()
        .filter(|s| **s == OperationStatus::Failed)
        .count();
    let success = (statuses.len() - failed) as f64 / statuses.len() as f64;
    if success >= BREAKER_MIN_SUCCESS {
        return Ok(None);
    }
    if !is_enabled(
        &core.db,
        &core.config,
        Flag::BidirectionalSync,
        Some(fabric.id),
    )
    .await?
    {
        return Ok(None);
    }
    let reason = format!(
        "circuit breaker: {failed} of the last {} bidirectional syncs failed (success {:.0}% < {:.0}%)",
        statuses.len(),
        success * 100.0,
        BREAKER_MIN_SUCCESS * 100.0
    );
    tracing::warn!(fabric = %fabric.name, %reason, "bidirectional sync turned off");
    let txn = crate::db::begin_write(&core.db).await?;
    set(
        &txn,
        Flag::BidirectionalSync,
        Some(fabric.id),
        false,
        Some(reason.clone()),
        &Actor::system("circuit-breaker"),
    )
    .await?;
    crate::notify::record(
        &txn,
        fabric.id,
        crate::notify::Event::BreakerTripped,
        &format!(
            "breaker_tripped:{}:{}",
            fabric.id,
            chrono::Utc::now().timestamp_nanos_opt().unwrap_or_default()
        ),
        serde_json::json!({
            "reason": reason,
            "flag": Flag::BidirectionalSync.name(),
            "window": statuses.len(),
            "failed": failed,
        }),
    )
    .await?;
    txn.commit().await?;
    Ok(Some(reason))
}

/// Effective value of every flag for a fabric (or globally), with where it comes from.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Effective {
    pub name: &'static str,
    pub enabled: bool,
    /// `fabric`, `global` or `default`.
    pub source: &'static str,
    pub reason: Option<String>,
    pub updated_by: Option<String>,
}

pub async fn effective(
    db: &impl ConnectionTrait,
    config: &Config,
    fabric_id: Option<i32>,
) -> Result<Vec<Effective>> {
    let rows = feature_flag::Entity::find().all(db).await?;
    Ok(Flag::ALL
        .iter()
        .map(|flag| {
            let fabric_row = fabric_id.and_then(|id| {
                rows.iter()
                    .find(|r| r.name == flag.name() && r.fabric_id == Some(id))
            });
            let global = rows
                .iter()
                .find(|r| r.name == flag.name() && r.fabric_id.is_none());
            match (fabric_row, global) {
                (Some(r), _) => Effective {
                    name: flag.name(),
                    enabled: r.enabled,
                    source: "fabric",
                    reason: r.reason.clone(),
                    updated_by: r.updated_by.clone(),
                },
                (None, Some(r)) => Effective {
                    name: flag.name(),
                    enabled: r.enabled,
                    source: "global",
                    reason: r.reason.clone(),
                    updated_by: r.updated_by.clone(),
                },
                (None, None) => Effective {
                    name: flag.name(),
                    enabled: flag.default_from(config),
                    source: "default",
                    reason: None,
                    updated_by: None,
                },
            }
        })
        .collect())
}

impl std::str::FromStr for Flag {
    type Err = crate::error::Error;

    fn from_str(s: &str) -> Result<Self> {
        Flag::ALL
            .into_iter()
            .find(|f| f.name() == s || f.name().replace('_', "-") == s)
            .ok_or_else(|| {
                crate::error::Error::validation(
                    "flag",
                    format!(
                        "unknown flag {s:?}; one of {}",
                        Flag::ALL.map(|f| f.name()).join(", ")
                    ),
                )
            })
    }
}
