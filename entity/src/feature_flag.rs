use sea_orm::entity::prelude::*;

/// A feature flag value: global when `fabric_id` is `None`, otherwise a per-fabric override.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "feature_flags")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub name: String,
    pub fabric_id: Option<i32>,
    pub enabled: bool,
    pub reason: Option<String>,
    pub updated_by: Option<String>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
