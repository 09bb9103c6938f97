use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub actor_id: Option<i32>,
    /// Actor name kept even if the user is deleted (`system` for automatic actions).
    pub actor: Option<String>,
    pub action: String,
    pub target_type: String,
    pub target_id: Option<String>,
    pub fabric_id: Option<i32>,
    pub summary: Option<String>,
    pub before: Option<Json>,
    pub after: Option<Json>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
