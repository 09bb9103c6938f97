use sea_orm::entity::prelude::*;

use crate::enums::NotificationKind;

/// Where a fabric's notifications go. `url` is the URL as shown (its path and query, which may
/// be the credential — a Slack webhook's is — left out); `encrypted_url` is the whole URL and
/// `encrypted_secret` the signing secret, vault values (purposes `notification_target.url`,
/// `notification_target.secret`); `events` is a JSON array of event names (null: every event).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "notification_targets")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub fabric_id: i32,
    pub kind: NotificationKind,
    pub url: String,
    pub encrypted_url: String,
    pub encrypted_secret: Option<String>,
    pub events: Option<Json>,
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
