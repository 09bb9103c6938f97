use sea_orm::entity::prelude::*;

use crate::enums::{ConflictState, ConflictType, Resolution};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "conflicts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub fabric_id: i32,
    pub resource_id: i32,
    pub conflict_type: ConflictType,
    pub status: ConflictState,
    pub base_spec: Option<Json>,
    pub gui_spec: Option<Json>,
    pub git_spec: Option<Json>,
    pub conflicting_paths: Option<Json>,
    pub git_commit: Option<String>,
    pub sync_operation_id: Option<String>,
    pub resolution: Option<Resolution>,
    pub merged_spec: Option<Json>,
    pub resolved_by_id: Option<i32>,
    pub resolved_at: Option<DateTimeUtc>,
    pub detected_at: DateTimeUtc,
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
    #[sea_orm(
        belongs_to = "super::resource::Entity",
        from = "Column::ResourceId",
        to = "super::resource::Column::Id",
        on_delete = "Cascade"
    )]
    Resource,
}

impl Related<super::fabric::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Fabric.def()
    }
}

impl Related<super::resource::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Resource.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
