use sea_orm::entity::prelude::*;

use crate::enums::ResourceEventKind;

/// One thing that happened to a resource (see the `m0011` migration). The resource is named by
/// its key, not its id, so its history outlives a delete and re-create.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "resource_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub fabric_id: i32,
    pub resource_kind: String,
    pub namespace: String,
    pub name: String,
    pub event_kind: ResourceEventKind,
    /// When it happened: the author date for events derived from Git commits.
    pub at: DateTimeUtc,
    /// `Name <email>` of the Git author for Git commits, the HNP username otherwise.
    pub actor: Option<String>,
    pub commit_sha: Option<String>,
    /// The HNP sync operation (write-back) behind the event, when there was one.
    pub operation_id: Option<String>,
    pub message: Option<String>,
    /// Dotted field paths the event changed (`spec.subnets.subnet-1.vlan`); empty or null for
    /// the whole resource.
    pub paths: Option<Json>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
