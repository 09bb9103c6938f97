//! The GraphQL API: `POST /graphql`, GraphiQL on `GET /graphql`, subscriptions on `/graphql/ws`
//! (graphql-transport-ws; the token goes in the `connection_init` payload, or the browser sends
//! the session cookie with the handshake).
//!
//! Types wrap entities (`types`); resolvers call `hnp-core` and map its errors to
//! `extensions.code`. Authentication: a bearer token (API token or login session; the SPA's
//! session cookie, see `crate::auth`) resolved once
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
pub use query::{MAX_OFFSET, Query};
pub use subscription::Subscription;
pub use types::FabricCountersLoader;

pub type ApiSchema = Schema<Query, Mutation, Subscription>;

/// Query depth and complexity limits (a `resources(first: 100)` page with all fields is about
/// 2,000).
pub const MAX_DEPTH: usize = 12;
pub const MAX_COMPLEXITY: usize = 20_000;

/// The schema with its limits for `POST /graphql`; `state` is available to resolvers. It has no
/// extension: with any, async-graphql resolves every field through the extension chain (a
/// boxed future and resolve info per field), a large share of a 100-row page's CPU time. The
/// handler refuses several logins itself ([`several_logins`]).
pub fn build(state: Arc<AppState>) -> ApiSchema {
    builder(state).finish()
}

/// The schema for the websocket transport, whose messages the handler does not see: the same,
/// with the one-login rule as an extension.
pub fn build_websocket(state: Arc<AppState>) -> ApiSchema {
    builder(state).extension(OneLogin).finish()
}

fn builder(state: Arc<AppState>) -> async_graphql::SchemaBuilder<Query, Mutation, Subscription> {
    Schema::build(Query, Mutation::default(), Subscription)
        .limit_depth(MAX_DEPTH)
        .limit_complexity(MAX_COMPLEXITY)
        .data(async_graphql::dataloader::DataLoader::new(
            types::FabricCountersLoader {
                db: state.core.db.clone(),
            },
            tokio::spawn,
        ))
        .data(state)
}

/// The refusal of a request whose document holds more than one `login` field, parsing it once
/// (execution reuses the parsed document); `None` when it may run (an unparsable document is
/// left to execution, which reports it).
pub fn several_logins(request: &mut async_graphql::Request) -> Option<async_graphql::Response> {
    let document = request.parsed_query().ok()?;
    (login_fields(document) > 1)
        .then(|| async_graphql::Response::from_errors(vec![several_logins_error()]))
}

fn several_logins_error() -> async_graphql::ServerError {
    let mut error = async_graphql::ServerError::new(
        "at most one login per request: this document has several `login` fields",
        None,
    );
    let mut extensions = async_graphql::ErrorExtensionValues::default();
    extensions.set("code", "VALIDATION_FAILED");
    error.extensions = Some(extensions);
    error
}

/// Refuses a document that holds more than one `login` field (aliases, fragments, several
/// mutation operations) before anything runs: each login costs an argon2 computation, and the
/// query limits would otherwise let thousands of them into one request.
struct OneLogin;

impl async_graphql::extensions::ExtensionFactory for OneLogin {
    fn create(&self) -> Arc<dyn async_graphql::extensions::Extension> {
        Arc::new(OneLogin)
    }
}

/// How many `login` fields the document's mutation operations select at their root (through
/// inline fragments and fragment spreads; each fragment is counted once and memoized, so a
/// document of fragments spreading fragments costs linear time; cycles count nothing).
fn login_fields(document: &async_graphql::parser::types::ExecutableDocument) -> usize {
    use async_graphql::parser::types::{
        ExecutableDocument, OperationType, Selection, SelectionSet,
    };
    use std::collections::HashMap;
    fn count<'a>(
        set: &'a SelectionSet,
        document: &'a ExecutableDocument,
        memo: &mut HashMap<&'a str, Option<usize>>,
    ) -> usize {
        let mut total = 0usize;
        for item in &set.items {
            let n = match &item.node {
                Selection::Field(field) => usize::from(field.node.name.node == "login"),
                Selection::InlineFragment(fragment) => {
                    count(&fragment.node.selection_set.node, document, memo)
                }
                Selection::FragmentSpread(spread) => {
                    let name = spread.node.fragment_name.node.as_str();
                    match memo.get(name) {
                        // Known, or in progress (a cycle: validation refuses it later).
                        Some(known) => known.unwrap_or(0),
                        None => match document.fragments.get(name) {
                            Some(fragment) => {
                                memo.insert(name, None);
                                let n = count(&fragment.node.selection_set.node, document, memo);
                                memo.insert(name, Some(n));
                                n
                            }
                            None => 0,
                        },
                    }
                }
            };
            total = total.saturating_add(n);
        }
        total
    }
    let mut memo = HashMap::new();
    document
        .operations
        .iter()
        .filter(|(_, op)| op.node.ty == OperationType::Mutation)
        .map(|(_, op)| count(&op.node.selection_set.node, document, &mut memo))
        .fold(0usize, usize::saturating_add)
}

#[async_trait::async_trait]
impl async_graphql::extensions::Extension for OneLogin {
    async fn parse_query(
        &self,
        ctx: &async_graphql::extensions::ExtensionContext<'_>,
        query: &str,
        variables: &async_graphql::Variables,
        next: async_graphql::extensions::NextParseQuery<'_>,
    ) -> async_graphql::ServerResult<async_graphql::parser::types::ExecutableDocument> {
        let document = next.run(ctx, query, variables).await?;
        if login_fields(&document) > 1 {
            return Err(several_logins_error());
        }
        Ok(document)
    }
}

/// The token of the request, from the bearer header or the session cookie (for `logout`).
#[derive(Clone)]
pub struct RequestToken(pub String);

/// Whether a session cookie set by this request is `Secure` (the request came over TLS).
#[derive(Clone, Copy)]
pub struct SecureCookie(pub bool);

/// The SDL of the schema (what `api/schema.graphql` holds).
pub fn sdl() -> String {
    Schema::build(Query, Mutation::default(), Subscription)
        .finish()
        .sdl()
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
    fn documents_with_several_logins_are_counted() {
        let count = |q: &str| super::login_fields(&async_graphql::parser::parse_query(q).unwrap());
        assert_eq!(
            count("mutation { login(username: \"a\", password: \"b\") { token } }"),
            1
        );
        assert_eq!(
            count(
                "mutation { a: login(username: \"a\", password: \"b\") { token } b: login(username: \"a\", password: \"c\") { token } }"
            ),
            2
        );
        assert_eq!(
            count(
                "mutation { ...L ... on Mutation { login(username: \"a\", password: \"c\") { token } } } fragment L on Mutation { login(username: \"a\", password: \"b\") { token } }"
            ),
            2
        );
        assert_eq!(
            count(
                "mutation A { login(username: \"a\", password: \"b\") { token } } mutation B { login(username: \"a\", password: \"b\") { token } }"
            ),
            2
        );
        assert_eq!(count("query { me { id } }"), 0);
    }

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
