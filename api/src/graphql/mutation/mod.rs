//! Mutations. Each checks its role and calls one core function, which writes the audit event
//! (who, what, target, result).
//!
//! Roles: any authenticated user manages their own tokens; operators write drafts, trigger syncs,
//! resolve conflicts, initialize directories and test connections; admins manage repositories,
//! fabrics, users, other users' tokens and feature flags.

mod auth;
mod flags;
mod notify;
mod repositories;
mod sync;

use async_graphql::{Context, ID, MergedObject, Result};
use hnp_core::audit::Actor;
use hnp_core::operations::Requester;
use hnp_core::queries;
use hnp_core::sync::ingest::parse::ResourceKey;
use hnp_entity::enums::OperationTrigger;
use hnp_entity::{fabric, resource, user};

use super::{CoreResult, int_id, state};

pub use auth::ApiToken;
pub use notify::{NotificationDelivery, NotificationTarget};
pub use sync::DriftIgnoreRule;

// The mutation root, its fields in this order: auth, repositories and fabrics, syncs and
// drafts, notifications, flags (a doc comment here would become the type's description in the schema).
#[derive(MergedObject, Default)]
pub struct Mutation(
    auth::AuthMutation,
    repositories::RepositoryMutation,
    sync::SyncMutation,
    notify::NotifyMutation,
    flags::FlagMutation,
);

/// The client address of the request (for login rate limiting).
#[derive(Clone, Copy, Debug)]
pub struct ClientAddr(pub Option<std::net::IpAddr>);

/// How long a login session token is valid.
pub const SESSION_HOURS: i64 = 12;

fn actor_of(user: &user::Model) -> Actor {
    Actor::user(user)
}

fn requester_of(user: &user::Model) -> Requester {
    Requester {
        user_id: Some(user.id),
        name: user.username.clone(),
        trigger: OperationTrigger::Api,
    }
}

async fn load_fabric(ctx: &Context<'_>, id: &ID) -> Result<fabric::Model> {
    let id = int_id(id, "fabricId")?;
    queries::fabrics::get(&state(ctx).core.db, id).await.gql()
}

async fn load_resource(ctx: &Context<'_>, id: &ID) -> Result<(resource::Model, fabric::Model)> {
    let id = int_id(id, "resourceId")?;
    let db = &state(ctx).core.db;
    let row = queries::resources::get(db, id).await.gql()?;
    let fabric = queries::fabrics::by_id(db, row.fabric_id)
        .await
        .gql()?
        .ok_or_else(|| super::coded("fabric not found", "NOT_FOUND"))?;
    Ok((row, fabric))
}

fn key_of(row: &resource::Model) -> ResourceKey {
    ResourceKey {
        kind: row.kind.clone(),
        namespace: row.namespace.clone(),
        name: row.name.clone(),
    }
}
