//! Feature flags (admin).

use async_graphql::{Context, ID, Object, Result};
use hnp_core::flags;
use hnp_entity::enums::Role;

use super::super::types::FeatureFlag;
use super::super::{CoreResult, coded, enums, require, state};
use super::{actor_of, load_fabric};

#[derive(Default)]
pub struct FlagMutation;

#[Object]
impl FlagMutation {
    /// Sets a flag globally, or as a fabric override (admin).
    async fn set_feature_flag(
        &self,
        ctx: &Context<'_>,
        key: enums::FeatureFlagKey,
        enabled: bool,
        fabric_id: Option<ID>,
        reason: Option<String>,
    ) -> Result<FeatureFlag> {
        let me = require(ctx, Role::Admin)?;
        let fabric_id = match fabric_id {
            Some(id) => Some(load_fabric(ctx, &id).await?.id),
            None => None,
        };
        let s = state(ctx);
        flags::set(
            &s.core.db,
            key.into(),
            fabric_id,
            enabled,
            reason,
            &actor_of(me),
        )
        .await
        .gql()?;
        if let Some(id) = fabric_id {
            s.event(id, crate::state::FabricEventKind::FlagChanged, None, None);
        }
        effective_flag(ctx, key, fabric_id).await
    }

    /// Removes a fabric's override of a flag, so the fabric inherits the global value again
    /// (admin; audited when there was an override). Returns the flag's effective value.
    async fn clear_feature_flag(
        &self,
        ctx: &Context<'_>,
        key: enums::FeatureFlagKey,
        fabric_id: ID,
    ) -> Result<FeatureFlag> {
        let me = require(ctx, Role::Admin)?;
        let fabric_id = load_fabric(ctx, &fabric_id).await?.id;
        let s = state(ctx);
        let removed = flags::clear_override(&s.core.db, key.into(), fabric_id, &actor_of(me))
            .await
            .gql()?;
        if removed {
            s.event(
                fabric_id,
                crate::state::FabricEventKind::FlagChanged,
                None,
                None,
            );
        }
        effective_flag(ctx, key, Some(fabric_id)).await
    }
}

/// The effective value of `key` (of a fabric, or global).
async fn effective_flag(
    ctx: &Context<'_>,
    key: enums::FeatureFlagKey,
    fabric_id: Option<i32>,
) -> Result<FeatureFlag> {
    let s = state(ctx);
    let values = flags::effective(&s.core.db, &s.core.config, fabric_id)
        .await
        .gql()?;
    let flag: hnp_core::flags::Flag = key.into();
    values
        .into_iter()
        .find(|v| v.name == flag.name())
        .map(FeatureFlag::from_effective)
        .ok_or_else(|| coded("flag not found", "INTERNAL"))
}
