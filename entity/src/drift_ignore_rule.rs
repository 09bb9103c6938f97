use sea_orm::entity::prelude::*;

/// A per-fabric rule: differences of `kind` at paths matching `path` (`*` = one segment) are
/// not drift.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "drift_ignore_rules")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub fabric_id: i32,
    pub kind: String,
    pub path: String,
    pub reason: String,
    pub created_by: Option<String>,
    pub created_at: DateTimeUtc,
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
}

impl Related<super::fabric::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Fabric.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
