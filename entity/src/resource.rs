use sea_orm::entity::prelude::*;

use crate::enums::{ConflictStatus, DraftOperation, DriftStatus, ResourceState, SyncDirection};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "resources")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub fabric_id: i32,
    pub kind: String,
    pub api_version: String,
    pub namespace: String,
    pub name: String,
    pub desired_spec: Option<Json>,
    pub draft_spec: Option<Json>,
    pub actual_spec: Option<Json>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub managed_file_path: Option<String>,
    /// SHA-256 of the resource's document text as last seen in Git.
    pub file_hash: Option<String>,
    pub last_file_sync: Option<DateTimeUtc>,
    pub sync_direction: SyncDirection,
    pub conflict_status: ConflictStatus,
    pub labels: Option<Json>,
    pub annotations: Option<Json>,
    pub desired_commit: Option<String>,
    pub desired_updated: Option<DateTimeUtc>,
    pub draft_operation: Option<DraftOperation>,
    /// Desired document hash the draft was made from (its merge base).
    pub draft_base_hash: Option<String>,
    pub draft_base_commit: Option<String>,
    /// The desired spec the draft was made from (the merge base), when there was one.
    pub draft_base_spec: Option<Json>,
    pub draft_updated: Option<DateTimeUtc>,
    pub draft_updated_by: Option<String>,
    pub actual_status: Option<Json>,
    /// Labels and annotations of the cluster's copy (drift compares them too).
    pub actual_labels: Option<Json>,
    pub actual_annotations: Option<Json>,
    pub actual_resource_version: Option<String>,
    /// `metadata.managedFields` of the cluster's copy, reduced to
    /// `[{manager, operation, time, fields}]` (`fields`: the `fieldsV1` tree below `f:spec`).
    pub actual_managed_fields: Option<Json>,
    /// A Switch's Agent at the last cluster read: `{generation, applied_generation,
    /// last_heartbeat}`; null without an Agent.
    pub agent_status: Option<Json>,
    pub actual_updated: Option<DateTimeUtc>,
    pub resource_state: ResourceState,
    pub drift_status: DriftStatus,
    /// Path-level differences between desired and actual.
    pub drift_details: Option<Json>,
    /// Why a draft is a draft again (its pull request was closed without merging).
    pub draft_note: Option<String>,
    /// Hedgehog admission errors of the desired state (`[{path, message}]`), set by ingestion;
    /// null when admitted or without desired state.
    pub admission_errors: Option<Json>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::fabric::Entity",
        from = "Column::FabricId",
        to = "super::fabric::Column::Id",
        on_delete = "Cascade"
    )]
    Fabric,
    #[sea_orm(has_many = "super::conflict::Entity")]
    Conflicts,
}

impl Related<super::fabric::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Fabric.def()
    }
}

impl Related<super::conflict::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Conflicts.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
