//! The GraphQL API: `POST /graphql`, GraphiQL on `GET /graphql`, subscriptions on `/graphql/ws`
//! (graphql-transport-ws; the token goes in the `connection_init` payload).
//!
//! Types wrap entities (`types`); resolvers call `hnp-core` and map its errors to
//! `extensions.code`. Authentication: a bearer token (API token or login session) resolved once
//! per request into a [`Principal`]; each resolver checks the role it needs.

mod enums;
mod mutation;
mod query;
mod subscription;
mod types;

use std::sync::Arc;

use async_graphql::{ErrorExtensions, Schema};
use hnp_entity::enums::Role;
use hnp_entity::user;

use crate::state::AppState;

pub use mutation::{ClientAddr, Mutation};
pub use query::Query;
pub use subscription::Subscription;

pub type ApiSchema = Schema<Query, Mutation, Subscription>;

/// Query depth and complexity limits (a `resources(first: 100)` page with all fields is about
/// 2,000).
pub const MAX_DEPTH: usize = 12;
pub const MAX_COMPLEXITY: usize = 20_000;

/// The schema with its limits; `state` is available to resolvers.
pub fn build(state: Arc<AppState>) -> ApiSchema {
    Schema::build(Query, Mutation, Subscription)
        .limit_depth(MAX_DEPTH)
        .limit_complexity(MAX_COMPLEXITY)
        .data(state)
        .finish()
}

/// The SDL of the schema (what `api/schema.graphql` holds).
pub fn sdl() -> String {
    Schema::build(Query, Mutation, Subscription).finish().sdl()
}

/// The authenticated caller of a request.
#[derive(Clone, Debug)]
pub struct Principal(pub user::Model);

pub(crate) fn state<'a>(ctx: &async_graphql::Context<'a>) -> &'a Arc<AppState> {
    ctx.data_unchecked::<Arc<AppState>>()
}

/// The caller, or UNAUTHENTICATED.
pub(crate) fn caller<'a>(
    ctx: &async_graphql::Context<'a>,
) -> async_graphql::Result<&'a user::Model> {
    ctx.data_opt::<Principal>()
        .map(|p| &p.0)
        .ok_or_else(|| coded("authentication required", "UNAUTHENTICATED"))
}

/// The caller if it has at least `role`, else FORBIDDEN.
pub(crate) fn require<'a>(
    ctx: &async_graphql::Context<'a>,
    role: Role,
) -> async_graphql::Result<&'a user::Model> {
    let user = caller(ctx)?;
    if user.role < role {
        return Err(coded(
            format!("requires the {role} role (you are {})", user.role),
            "FORBIDDEN",
        ));
    }
    Ok(user)
}

pub(crate) fn coded(message: impl Into<String>, code: &'static str) -> async_graphql::Error {
    async_graphql::Error::new(message).extend_with(|_, e| e.set("code", code))
}

/// Maps a core error to a GraphQL error with `extensions.code`; database and I/O details are
/// logged, not returned.
pub(crate) fn gql(error: hnp_core::Error) -> async_graphql::Error {
    use hnp_core::Error as E;
    match &error {
        E::Database(_) | E::Io(_) | E::Vault(_) | E::Config(_) => {
            tracing::error!(error = %error, "internal error in a GraphQL request");
            coded("internal error", "INTERNAL")
        }
        E::Invalid(problems) => {
            let problems: Vec<async_graphql::Value> = problems
                .iter()
                .map(|p| {
                    async_graphql::Value::from_json(serde_json::json!({
                        "path": p.path, "message": p.message
                    }))
                    .unwrap_or_default()
                })
                .collect();
            async_graphql::Error::new(error.to_string()).extend_with(move |_, e| {
                e.set("code", "VALIDATION_FAILED");
                e.set("problems", async_graphql::Value::List(problems.clone()));
            })
        }
        E::Validation { field, message } => {
            let problem = async_graphql::Value::from_json(serde_json::json!([{
                "path": field, "message": message
            }]))
            .unwrap_or_default();
            async_graphql::Error::new(error.to_string()).extend_with(move |_, e| {
                e.set("code", "VALIDATION_FAILED");
                e.set("problems", problem.clone());
            })
        }
        E::Git(hnp_core::git::GitError::NonFastForward { .. }) => {
            coded(error.to_string(), "CONFLICT")
        }
        _ => coded(error.to_string(), error.code()),
    }
}

/// Converts `Result<T, hnp_core::Error>` for resolvers.
pub(crate) trait CoreResult<T> {
    fn gql(self) -> async_graphql::Result<T>;
}

impl<T> CoreResult<T> for hnp_core::Result<T> {
    fn gql(self) -> async_graphql::Result<T> {
        self.map_err(gql)
    }
}

impl<T> CoreResult<T> for Result<T, sea_orm::DbErr> {
    fn gql(self) -> async_graphql::Result<T> {
        self.map_err(|e| gql(hnp_core::Error::Database(e)))
    }
}

/// Parses an `ID` argument holding an integer id.
pub(crate) fn int_id(id: &async_graphql::ID, what: &str) -> async_graphql::Result<i32> {
    id.parse::<i32>().map_err(|_| {
        coded(
            format!("{what}: {:?} is not a valid id", id.as_str()),
            "VALIDATION_FAILED",
        )
    })
}

#[cfg(test)]
mod tests {
    /// The committed schema file matches the code (update it with `hnp graphql-schema > api/schema.graphql`).
    #[test]
    fn committed_schema_is_current() {
        let committed = include_str!("../../schema.graphql");
        let current = super::sdl();
        assert!(
            committed == current,
            "api/schema.graphql is stale: run `cargo run -p hnp-api -- graphql-schema > api/schema.graphql`"
        );
    }
}
