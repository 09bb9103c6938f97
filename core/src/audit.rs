//! Audit events: who did what, with a before/after summary. Never pass secrets in here.

use chrono::Utc;
use hnp_entity::audit_event;
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};
use serde_json::Value;

use crate::error::Result;

/// Who acted: a user, or the system itself (schedules, circuit breaker, CLI bootstrap).
#[derive(Debug, Clone)]
pub struct Actor {
    pub user_id: Option<i32>,
    pub name: String,
}

impl Actor {
    pub fn system(name: &str) -> Self {
        Actor {
            user_id: None,
            name: name.to_owned(),
        }
    }

    pub fn user(user: &hnp_entity::user::Model) -> Self {
        Actor {
            user_id: Some(user.id),
            name: user.username.clone(),
        }
    }
}

/// One audit record to write.
#[derive(Debug, Clone, Default)]
pub struct Entry {
    pub action: String,
    pub target_type: String,
    pub target_id: Option<String>,
    pub fabric_id: Option<i32>,
    pub summary: Option<String>,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

pub async fn record(
    db: &impl ConnectionTrait,
    actor: &Actor,
    entry: Entry,
) -> Result<audit_event::Model> {
    Ok(audit_event::ActiveModel {
        actor_id: Set(actor.user_id),
        actor: Set(Some(actor.name.clone())),
        action: Set(entry.action),
        target_type: Set(entry.target_type),
        target_id: Set(entry.target_id),
        fabric_id: Set(entry.fabric_id),
        summary: Set(entry.summary),
        before: Set(entry.before),
        after: Set(entry.after),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?)
}
