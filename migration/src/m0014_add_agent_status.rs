//! What a switch's Hedgehog Agent (`agent.githedgehog.com/v1beta1`, named after the switch)
//! reported at the last cluster read, on the Switch resource: `{generation, applied_generation,
//! last_heartbeat}`; null when no Agent was found (or for other kinds).

use sea_orm_migration::prelude::*;

use crate::helpers::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add_columns(manager, "resources", vec![json_null("agent_status")]).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_columns(manager, "resources", &["agent_status"]).await
    }
}
