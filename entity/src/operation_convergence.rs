use sea_orm::entity::prelude::*;

/// How far a write-back got: committed, then in the cluster, then applied by the Agents of
/// the switches it affects (`resources`: the keys written, `switches`: the affected switches,
/// `pending_switches`: those that have not applied it yet).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "operation_convergence")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub operation_id: String,
    pub fabric_id: i32,
    pub committed_at: DateTimeUtc,
    pub in_cluster_at: Option<DateTimeUtc>,
    pub applied_at: Option<DateTimeUtc>,
    pub resources: Option<Json>,
    pub switches: Option<Json>,
    pub pending_switches: Option<Json>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::sync_operation::Entity",
        from = "Column::OperationId",
        to = "super::sync_operation::Column::Id",
        on_delete = "Cascade"
    )]
    SyncOperation,
}

impl Related<super::sync_operation::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::SyncOperation.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
