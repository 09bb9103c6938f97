//! The audit log.

use chrono::{DateTime, Utc};
use hnp_entity::audit_event;
use sea_orm::sea_query::{Expr, ExprTrait, Func, LikeExpr};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use crate::error::Result;

/// What a page of the audit log is filtered by (every given criterion must hold).
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// The acting user's name (or the system actor's), exactly.
    pub actor: Option<String>,
    /// A substring of the action, case-insensitive (`user.` matches `user.create`, …).
    pub action: Option<String>,
    /// The target's type (`resource`, `fabric`, …), exactly.
    pub target_type: Option<String>,
    /// The target's id, exactly.
    pub target_id: Option<String>,
    pub fabric_id: Option<i32>,
    /// At or after this time.
    pub since: Option<DateTime<Utc>>,
    /// Before this time.
    pub until: Option<DateTime<Utc>>,
}

impl Filter {
    fn condition(&self) -> Condition {
        use audit_event::Column as C;
        let mut c = Condition::all();
        let given = |v: &Option<String>| v.as_deref().filter(|s| !s.is_empty()).map(str::to_owned);
        if let Some(actor) = given(&self.actor) {
            c = c.add(C::Actor.eq(actor));
        }
        if let Some(action) = given(&self.action) {
            let pattern = format!(
                "%{}%",
                super::resources::references::like_escape(&action.to_lowercase())
            );
            c = c.add(
                Expr::expr(Func::lower(Expr::col(C::Action)))
                    .like(LikeExpr::new(pattern).escape('\\')),
            );
        }
        if let Some(t) = given(&self.target_type) {
            c = c.add(C::TargetType.eq(t));
        }
        if let Some(t) = given(&self.target_id) {
            c = c.add(C::TargetId.eq(t));
        }
        if let Some(f) = self.fabric_id {
            c = c.add(C::FabricId.eq(f));
        }
        if let Some(since) = self.since {
            c = c.add(C::CreatedAt.gte(since));
        }
        if let Some(until) = self.until {
            c = c.add(C::CreatedAt.lt(until));
        }
        c
    }
}

/// One page of audit events matching `filter`, newest first, with the total that match.
pub async fn page(
    db: &impl ConnectionTrait,
    filter: &Filter,
    offset: u64,
    limit: u64,
) -> Result<(Vec<audit_event::Model>, u64)> {
    let query = audit_event::Entity::find().filter(filter.condition());
    let total = query.clone().count(db).await?;
    let rows = query
        .order_by_desc(audit_event::Column::Id)
        .offset(offset)
        .limit(limit)
        .all(db)
        .await?;
    Ok((rows, total))
}
